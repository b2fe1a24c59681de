"""FreeIPA JSON-RPC over HTTP(S), with a shared login session.

One ``JSONRPCTransport`` serves every thread of a process. It logs in once
(Kerberos SPNEGO at ``/ipa/session/login_kerberos`` or a password at
``/ipa/session/login_password``), keeps the ``ipa_session`` cookie, and sends
every call to ``/ipa/session/json`` with it. When IPA answers 401 (the
session or the ticket behind it expired) the caller logs in again once and
repeats its call; the session generation makes all the threads that were
turned away from the same session share a single new login.

The calls go through a urllib3 connection pool of their own: requests'
session machinery (cookie jars, environment settings, hooks) cost about a
quarter of the server's CPU per enrollment. The rare logins go through
requests, which requests-gssapi needs for SPNEGO.
"""

import base64
import collections
import datetime
import http.cookiejar
import http.cookies
import itertools
import json
import logging
import ssl
import threading
import time
from urllib import parse

import gssapi
import requests
import requests_gssapi
from requests_gssapi import exceptions as gssapi_exceptions
import urllib3
from urllib3 import exceptions as urllib3_exceptions

from ipapython.version import API_VERSION

from novajoin.ipa import errors
from novajoin.ipa import kerberos
from novajoin import log_filter

LOG = logging.getLogger(__name__)

# requests-gssapi logs at debug the SPNEGO token of every login and the
# server's answer: masked in every program that logs in with Kerberos (the
# daemons, novajoin-install --debug), whatever its logging set-up.
logging.getLogger(requests_gssapi.HTTPSPNEGOAuth.__module__).addFilter(
    log_filter.SANITIZING_FILTER)

SESSION_COOKIE = 'ipa_session'
JSON_PATH = '/ipa/session/json'

# Connections kept open to the IPA server; the daemons run many threads per
# process and every concurrent call needs its own connection.
DEFAULT_POOL_SIZE = 32

_GENERALIZED_TIME = '%Y%m%d%H%M%SZ'


def _decode_object(obj):
    """Turn FreeIPA's typed JSON objects back into Python values.

    DNS names become plain strings.
    """
    if '__dns_name__' in obj:
        return obj['__dns_name__']
    if '__base64__' in obj:
        return base64.b64decode(obj['__base64__'])
    if '__datetime__' in obj:
        return datetime.datetime.strptime(
            obj['__datetime__'], _GENERALIZED_TIME).replace(
                tzinfo=datetime.timezone.utc)
    return obj


def loads(text):
    """Parse a JSON-RPC answer, decoding FreeIPA's typed values."""
    return json.loads(text, object_hook=_decode_object)


def envelope(method, args=(), options=None, request_id=0):
    """The JSON-RPC request FreeIPA expects, as a dict."""
    options = {'version': API_VERSION, **(options or {})}
    return {'method': method, 'params': [list(args), options],
            'id': request_id}


class _Transient(Exception):
    """IPA did not answer usefully this time; trying again may help."""


# What the transport reads of a urllib3 response, named as requests names
# it, so that the same helpers read the login and the JSON-RPC answers.
_Answer = collections.namedtuple('_Answer',
                                 'status_code reason headers content')


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    # The session cookie is kept per login generation by the transport, not
    # in the shared cookie jar that every thread would write into.
    def set_ok(self, cookie, request):
        return False


class KerberosLogin:
    """Log in with SPNEGO using the keytab credentials of a principal."""

    path = '/ipa/session/login_kerberos'
    kind = 'Kerberos'

    def __init__(self, credentials):
        self.credentials = credentials

    @property
    def principal(self):
        return self.credentials.principal

    def login(self, http, url, headers, timeout):
        # HTTPSPNEGOAuth keeps per-exchange state: one per login.
        auth = requests_gssapi.HTTPSPNEGOAuth(
            creds=self.credentials.get(),
            target_name=self._target_name(url),
            mutual_authentication=requests_gssapi.OPTIONAL,
            opportunistic_auth=True)
        return http.post(url, headers=headers, auth=auth, timeout=timeout)

    def refusal_reason(self, response):
        """Why the login was refused, as far as the client can tell."""
        # requests-gssapi only logs a failure to make a token; try again to
        # tell the operator what Kerberos said.
        target = self._target_name(response.url)
        try:
            gssapi.SecurityContext(name=target, usage='initiate',
                                   creds=self.credentials.get()).step()
        except gssapi.exceptions.GSSError as exc:
            return 'no Kerberos service ticket for %s: %s' % (
                target, kerberos.gss_reason(exc))
        except errors.IPAError as exc:
            return str(exc)
        return _http_reason(response)

    @staticmethod
    def _target_name(url):
        return gssapi.Name('HTTP@%s' % parse.urlsplit(url).hostname,
                           gssapi.NameType.hostbased_service)


class PasswordLogin:
    """Log in with a principal's password (no Kerberos setup needed)."""

    path = '/ipa/session/login_password'
    kind = 'password'

    def __init__(self, principal, password):
        self.principal = principal
        self._password = password

    def __repr__(self):
        return '<PasswordLogin %s>' % self.principal

    def login(self, http, url, headers, timeout):
        headers = dict(headers, Accept='text/plain')
        return http.post(url, headers=headers, timeout=timeout,
                         data={'user': self.principal,
                               'password': self._password})

    def refusal_reason(self, response):
        return _http_reason(response)


def _http_reason(response):
    reason = 'HTTP %d %s' % (response.status_code, response.reason or '')
    rejection = response.headers.get('X-IPA-Rejection-Reason')
    if rejection:
        reason = '%s (%s)' % (reason.strip(), rejection)
    return reason.strip()


class JSONRPCTransport:
    """Thread-safe FreeIPA JSON-RPC client for one server and one login."""

    def __init__(self, url, login, ca_cert=None, connect_retries=2,
                 retry_delay=1.0, timeout=30, pool_size=DEFAULT_POOL_SIZE):
        parts = parse.urlsplit(url)
        if parts.scheme not in ('https', 'http') or not parts.hostname:
            raise ValueError('IPA URL must be http(s)://<server>/...: %r'
                             % url)
        self.url = url
        self.login_method = login
        self.connect_retries = connect_retries
        self.retry_delay = retry_delay
        self.timeout = timeout
        self._login_url = '%s://%s%s' % (parts.scheme, parts.netloc,
                                         login.path)
        # FreeIPA compares the Referer with its own host name, whatever the
        # scheme and port the client reached it on.
        self._headers = {'Referer': 'https://%s/ipa' % parts.hostname}
        self._json_headers = dict(self._headers, **{
            'Content-Type': 'application/json',
            'Accept': 'application/json',
            # As requests asked: IPA's Apache compresses long answers.
            'Accept-Encoding': 'gzip, deflate'})

        # The pool connects to the configured server only, never through a
        # proxy from the environment of whoever started the daemon (novajoin
        # 1.3.0 ignored them too); so does the login session.
        self._pool = _connection_pool(parts, ca_cert, pool_size)
        self._http = requests.Session()
        self._http.trust_env = False
        self._http.verify = ca_cert or _system_trust()
        self._http.cookies.set_policy(_NoCookies())

        self._login_lock = threading.Lock()
        # (cookie, generation), replaced as a whole so that readers need no
        # lock; the generation counts successful logins.
        self._session = (None, 0)
        self._request_ids = itertools.count(1)
        self._stats_lock = threading.Lock()
        self._stats = {'requests': 0, 'logins': 0}

    @property
    def stats(self):
        """Counts: HTTP requests to /ipa/session/json that the server
        answered (whatever the status, retries included), and logins that
        succeeded."""
        with self._stats_lock:
            return dict(self._stats)

    def close(self):
        self._http.close()
        self._pool.close()

    def call(self, method, args=(), options=None):
        """Run one IPA command; return the JSON-RPC ``result`` object.

        Raises the ipalib exception for an error answer, IPAUnavailable when
        IPA cannot be reached, IPAAuthenticationError when the login fails.
        """
        body = json.dumps(envelope(method, args, options,
                                   next(self._request_ids)))
        answer = self._parse(self._send(body))
        if answer.get('error'):
            raise errors.from_jsonrpc(answer['error'])
        return answer.get('result')

    def _send(self, body):
        attempts = 1 + self.connect_retries
        for attempt in range(1, attempts + 1):
            try:
                return self._send_once(body)
            except _Transient as exc:
                reason = str(exc)
            if attempt < attempts:
                LOG.warning('IPA server %s: %s; attempt %d of %d, trying '
                            'again in %s s', self.url, reason, attempt,
                            attempts, self.retry_delay)
                time.sleep(self.retry_delay)
        raise errors.IPAUnavailable(self.url, attempts, reason)

    def _send_once(self, body):
        cookie, generation = self._session
        if cookie is None:
            cookie, generation = self._renew_session(generation)
        response = self._post_json(body, cookie, generation)
        if response.status_code == 401:
            cookie, generation = self._renew_session(generation)
            response = self._post_json(body, cookie, generation)
            if response.status_code == 401:
                raise errors.IPAAuthenticationError(
                    'IPA server %s refused the session it just opened for '
                    '%s: %s' % (self.url, self.login_method.principal,
                                _http_reason(response)))
        return response

    def _post_json(self, body, cookie, generation):
        headers = dict(self._json_headers,
                       Cookie='%s=%s' % (SESSION_COOKIE, cookie))
        response = self._deliver(self._pool.urlopen, 'POST', JSON_PATH,
                                 body=body, headers=headers, retries=False)
        answer = _Answer(response.status, response.reason, response.headers,
                         response.data)
        with self._stats_lock:
            self._stats['requests'] += 1
        _check_available(answer)
        renewed = _session_cookie(response.headers)
        if renewed and renewed != cookie:
            with self._login_lock:
                if self._session[1] == generation:
                    self._session = (renewed, generation)
        return answer

    def _renew_session(self, stale_generation):
        """Log in unless another thread did since ``stale_generation``."""
        with self._login_lock:
            if self._session[1] == stale_generation:
                self._session = (self._log_in(), stale_generation + 1)
            return self._session

    def _log_in(self):
        login = self.login_method
        try:
            response = self._deliver(login.login, self._http,
                                     self._login_url, self._headers)
        except kerberos.KDCUnavailable as exc:
            raise _Transient(str(exc)) from None
        except gssapi_exceptions.MutualAuthenticationError as exc:
            raise errors.IPAAuthenticationError(
                'IPA server %s failed Kerberos mutual authentication: %s'
                % (self.url, exc)) from None
        _check_available(response)
        if response.status_code != 200:
            raise errors.IPAAuthenticationError(
                'IPA server %s refused the %s login of %s: %s'
                % (self.url, login.kind, login.principal,
                   login.refusal_reason(response)))
        cookie = response.cookies.get(SESSION_COOKIE)
        if not cookie:
            raise errors.IPAResponseError(
                'IPA server %s answered the %s login of %s without an %s '
                'cookie' % (self.url, login.kind, login.principal,
                            SESSION_COOKIE))
        with self._stats_lock:
            self._stats['logins'] += 1
        LOG.debug('Logged in to IPA server %s as %s', self.url,
                  login.principal)
        return cookie

    def _deliver(self, send, *args, **kwargs):
        """``send(*args)`` with requests or urllib3; _Transient when no
        answer came back."""
        try:
            return send(*args, timeout=self.timeout, **kwargs)
        except (requests.exceptions.SSLError,
                urllib3_exceptions.SSLError) as exc:
            # A certificate that does not verify will not verify next time.
            raise errors.IPAUnavailable(self.url, 1, 'TLS: %s' % exc)
        except (requests.ConnectionError, requests.Timeout,
                requests.exceptions.ChunkedEncodingError,
                urllib3_exceptions.NewConnectionError,
                urllib3_exceptions.ProtocolError,
                urllib3_exceptions.TimeoutError) as exc:
            raise _Transient(_exception_reason(exc)) from None

    def _parse(self, response):
        if response.status_code != 200:
            raise errors.IPAResponseError('IPA server %s answered %s'
                                          % (self.url,
                                             _http_reason(response)))
        try:
            answer = loads(response.content)
        except ValueError:
            raise errors.IPAResponseError(
                'IPA server %s answered with something that is not JSON'
                % self.url) from None
        if not isinstance(answer, dict):
            raise errors.IPAResponseError(
                'IPA server %s answered with JSON that is not a JSON-RPC '
                'response' % self.url)
        return answer


def _connection_pool(parts, ca_cert, size):
    """Keep-alive connections to the server of the split IPA URL."""
    if parts.scheme == 'http':
        return urllib3.HTTPConnectionPool(parts.hostname, parts.port,
                                          maxsize=size, block=False)
    if ca_cert:
        # Read at each new connection, as requests does: a missing file
        # fails the calls, not the construction.
        trust = {'cert_reqs': 'CERT_REQUIRED', 'ca_certs': ca_cert}
    else:
        # The system's CAs, where ipa-client-install puts the IPA CA
        # (certifi's bundle, requests' default, lacks it); loaded once, as
        # loading them takes some 20 ms.
        trust = {'ssl_context': ssl.create_default_context()}
    return urllib3.HTTPSConnectionPool(parts.hostname, parts.port,
                                       maxsize=size, block=False, **trust)


def _system_trust():
    """The system's CAs for requests' verify, as the pool trusts them
    without a CA file (requests would use certifi's bundle)."""
    paths = ssl.get_default_verify_paths()
    return paths.cafile or paths.capath or True


def _session_cookie(headers):
    """The last ``ipa_session`` value set by the Set-Cookie headers."""
    value = None
    for header in headers.getlist('Set-Cookie'):
        cookies = http.cookies.SimpleCookie(header)
        if SESSION_COOKIE in cookies:
            value = cookies[SESSION_COOKIE].value
    return value


def _check_available(response):
    """_Transient when the server says it cannot serve now (HTTP 5xx)."""
    if response.status_code >= 500:
        raise _Transient(_http_reason(response))


def _exception_reason(exc):
    """A short reason for a requests or urllib3 exception (they nest)."""
    while exc.args and isinstance(exc.args[0], Exception):
        exc = exc.args[0]
    reason = getattr(exc, 'reason', None)
    if isinstance(reason, Exception):
        exc = reason
    return str(exc) or type(exc).__name__
