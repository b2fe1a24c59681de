"""The plumbing every notification handler shares.

A handler (one per source, as designate's notification handlers are)
declares the event types and publishers it takes and acts on one payload;
``NotificationEndpoint`` routes oslo.messaging's INFO notifications to it
and turns what happened into the message's fate:

- done, or nothing to do: HANDLED, the message is acknowledged;
- IPA, keystone, glance, nova or neutron could not be reached: REQUEUE,
  and ``Backoff`` holds further work back until they are worth trying
  again, so that requeued messages do not spin;
- a message novajoin cannot read or act on: one log line, and HANDLED, so
  that it can never come back forever.
"""

import abc
import re
import threading
import time

from oslo_log import log as logging
import oslo_messaging

from novajoin import exception
from novajoin.ipa import errors as ipa_client_errors
from novajoin.ipa.errors import ipa_errors

LOG = logging.getLogger(__name__)

HANDLED = oslo_messaging.NotificationResult.HANDLED
REQUEUE = oslo_messaging.NotificationResult.REQUEUE

# What IPA answers when its own back end (LDAP, the network behind it)
# fails for a moment: the same call can succeed later.
TRANSIENT_IPA_ERRORS = (ipa_errors.NetworkError,
                        ipa_errors.ServerNetworkError,
                        ipa_errors.DatabaseTimeout)


def retry_later(exc):
    """True when the work failed for a reason that time can fix."""
    return isinstance(exc, (ipa_client_errors.IPAError, exception.Unavailable,
                            *TRANSIENT_IPA_ERRORS))


class MalformedNotification(exception.Invalid):
    """A notification whose payload novajoin cannot read."""


class VersionMismatch(MalformedNotification):
    """A versioned payload of a major version novajoin does not know."""

    def __init__(self, name, version, expected):
        self.name = name
        self.version = version
        self.expected = expected
        super().__init__('%s %s is not version %s that novajoin reads'
                         % (name, version, expected))


def field(payload, key, kind=str, optional=False):
    """payload[key], checked to be of kind; MalformedNotification if not.

    optional: a missing key, None or "" gives None.
    """
    if not isinstance(payload, dict):
        raise MalformedNotification('payload is %s, not an object'
                                    % type(payload).__name__)
    value = payload.get(key)
    if optional and (value is None or value == ''):
        return None
    if not isinstance(value, kind) or (kind is str and not value):
        raise MalformedNotification('payload has no %s %s'
                                    % (kind.__name__, key))
    return value


def string_dict(payload, key):
    """payload[key] as a dict of strings (nova's metadata)."""
    value = field(payload, key, dict, optional=True) or {}
    if not all(isinstance(k, str) and isinstance(v, str)
               for k, v in value.items()):
        raise MalformedNotification('%s is not an object of strings' % key)
    return value


def _version(text):
    try:
        major, minor = text.split('.')
        return int(major), int(minor)
    except (AttributeError, ValueError):
        raise MalformedNotification('%r is not a version major.minor'
                                    % (text,))


def versioned_data(payload, expected, service='nova'):
    """The data of a versioned payload (the <service>_object.* envelope).

    Another major version than expected raises VersionMismatch; another
    minor version is logged at debug and read as expected.
    """
    prefix = service + '_object.'
    name = field(payload, prefix + 'name')
    version = field(payload, prefix + 'version')
    data = field(payload, prefix + 'data', dict)
    major, minor = _version(version)
    expected_major, expected_minor = _version(expected)
    if major != expected_major:
        raise VersionMismatch(name, version, expected)
    if minor != expected_minor:
        LOG.debug('%s %s read as %s: another minor version', name, version,
                  expected)
    return data


class NotificationHandler(abc.ABC):
    """Handles the notifications of one source.

    event_types: the event types it acts on; publishers: regular
    expressions, one of which the publisher_id must match from its start.
    """

    event_types = ()
    publishers = ()

    def handles(self, publisher_id, event_type):
        return event_type in self.event_types and any(
            re.match(publisher, publisher_id or '')
            for publisher in self.publishers)

    @abc.abstractmethod
    def process(self, event_type, payload):
        """Act on one notification.

        Raises MalformedNotification for a payload it cannot read; what
        IPA and the OpenStack services raise goes through.
        """


class Backoff:
    """Holds work back while a service novajoin needs cannot be reached.

    The first failure holds it for ``initial`` seconds, each failure once
    that time has passed for twice as long, up to ``maximum``; a success
    ends it. ``stopping`` is the listener's shutdown event: waiting ends
    as soon as it is set.
    """

    def __init__(self, stopping, initial=0.5, maximum=10.0):
        self.stopping = stopping
        self.initial = initial
        self.maximum = maximum
        self._lock = threading.Lock()
        self._delay = 0.0
        self._until = 0.0

    def failed(self):
        with self._lock:
            now = time.monotonic()
            if now < self._until:
                # already held back for this outage
                return
            self._delay = min(max(self._delay * 2, self.initial),
                              self.maximum)
            self._until = now + self._delay

    def succeeded(self):
        if self._delay:
            with self._lock:
                self._delay = 0.0
                self._until = 0.0

    def wait(self):
        """Wait while held back; False when the listener is stopping."""
        while True:
            with self._lock:
                left = self._until - time.monotonic()
            if left <= 0:
                return not self.stopping.is_set()
            if self.stopping.wait(left):
                return False


class NotificationEndpoint:
    """The oslo.messaging endpoint of novajoin-notify.

    Routes each INFO notification to the handler that takes its event type
    and publisher, and answers HANDLED only once the handler's work is done
    in IPA (see the module's docstring).
    """

    def __init__(self, handlers, backoff):
        self.handlers = handlers
        self.backoff = backoff
        self._mismatches_logged = set()
        self._mismatch_lock = threading.Lock()

    def handler_for(self, publisher_id, event_type):
        for handler in self.handlers:
            if handler.handles(publisher_id, event_type):
                return handler
        return None

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        message_id = (metadata or {}).get('message_id')
        handler = self.handler_for(publisher_id, event_type)
        if handler is None:
            LOG.debug('Ignored %s from %s (message %s)', event_type,
                      publisher_id, message_id)
            return HANDLED
        if not self.backoff.wait():
            return REQUEUE
        try:
            handler.process(event_type, payload)
        except Exception as exc:
            error = exc
        else:
            self.backoff.succeeded()
            return HANDLED
        # out of the except clause, so that the log line does not carry
        # the exception a second time
        return self._failed(error, event_type, publisher_id, message_id)

    def _failed(self, exc, event_type, publisher_id, message_id):
        if retry_later(exc):
            self.backoff.failed()
            LOG.warning('%s (message %s) goes back to the queue: %s',
                        event_type, message_id, exc)
            return REQUEUE
        if isinstance(exc, VersionMismatch):
            self._log_mismatch(exc, event_type, message_id)
        elif isinstance(exc, exception.Invalid):
            LOG.warning('Dropped %s from %s (message %s): %s', event_type,
                        publisher_id, message_id, exc)
        elif isinstance(exc, (exception.NovajoinError,
                              ipa_errors.PublicError)):
            LOG.error('%s (message %s) not acted on: %s', event_type,
                      message_id, exc)
        else:
            LOG.error('Dropped %s (message %s) after an unexpected %s: %s',
                      event_type, message_id, type(exc).__name__, exc)
            LOG.debug('Unexpected error', exc_info=exc)
        return HANDLED

    def _log_mismatch(self, exc, event_type, message_id):
        key = (exc.name, exc.version)
        with self._mismatch_lock:
            first = key not in self._mismatches_logged
            self._mismatches_logged.add(key)
        log = LOG.error if first else LOG.debug
        log('Dropped %s (message %s): %s', event_type, message_id, exc)
