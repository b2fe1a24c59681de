"""Handlers of nova's instance notifications, legacy and versioned.

delete: the instance's entries leave IPA (novajoin.removal). update and
create: services added to the metadata after boot are applied to the
instance's host with the server's rules (Enroller.update_services). Both
act only for instances that asked for enrollment.
"""

import abc
import threading
import weakref

from oslo_log import log as logging

from novajoin import exception
from novajoin import instances
from novajoin import metadata as md
from novajoin.notify import base

LOG = logging.getLogger(__name__)

DELETE = 'delete'
UPDATE = 'update'


class InstanceHandler(base.NotificationHandler):
    """What both formats of nova's notifications do with an instance.

    resolver is the InstanceResolver the server uses, remover a
    novajoin.removal.Remover and enroller a novajoin.enrollment.Enroller.
    Subclasses map their event types to DELETE or UPDATE in ``actions`` and
    read payloads in ``read()``.
    """

    actions = {}

    def __init__(self, resolver, remover, enroller):
        self.resolver = resolver
        self.remover = remover
        self.enroller = enroller
        # One piece of work at a time per instance in this listener, so
        # that an update cannot add services to a host a delete is taking
        # away.
        self._locks = weakref.WeakValueDictionary()
        self._locks_lock = threading.Lock()

    @property
    def event_types(self):
        return tuple(self.actions)

    @abc.abstractmethod
    def read(self, event_type, payload):
        """(Instance, image properties or None) from a payload."""

    def process(self, event_type, payload):
        instance, image_properties = self.read(event_type, payload)
        action = self.actions[event_type]
        with self._lock(instance.instance_id):
            if action == DELETE:
                self.delete(instance, image_properties)
            else:
                self.update(instance, image_properties)

    def _lock(self, instance_id):
        with self._locks_lock:
            lock = self._locks.get(instance_id)
            if lock is None:
                lock = self._locks[instance_id] = threading.Lock()
            return lock

    def enrollment_requested(self, instance, image_properties):
        """Whether the instance asked for enrollment; None when its image
        is gone from glance and the payload does not say."""
        if image_properties is not None:
            return md.enrollment_requested(instance.metadata,
                                           image_properties)
        try:
            return self.resolver.enrollment_requested(instance)
        except exception.Invalid as exc:
            LOG.info('Instance %s: %s', instance.instance_id, exc)
            return None

    def delete(self, instance, image_properties):
        requested = self.enrollment_requested(instance, image_properties)
        if requested is False:
            LOG.debug('Deleted instance %s did not ask for enrollment',
                      instance.instance_id)
            return
        # With its image gone, only the ownership of the hosts tells
        # whether novajoin enrolled the instance; the Remover checks it.
        removal = self.remover.remove(instance)
        if removal:
            LOG.info('Removed deleted instance %s from IPA: hosts %s%s',
                     instance.instance_id, ', '.join(removal.hosts),
                     '; services %s' % ', '.join(removal.services)
                     if removal.services else '')
        else:
            LOG.info('Deleted instance %s had no host of its own in IPA '
                     '(%s)', instance.instance_id, removal.fqdn)

    def update(self, instance, image_properties):
        if not md.service_request(instance.metadata):
            return
        if not self.enrollment_requested(instance, image_properties):
            LOG.debug('Instance %s did not ask for enrollment',
                      instance.instance_id)
            return
        if self.enroller.update_services(instance):
            LOG.info('Applied the services of instance %s',
                     instance.instance_id)


def _image_id_from_url(url):
    """The image id at the end of nova's image_ref_url."""
    if not isinstance(url, str) or not url:
        return None
    return url.rstrip('/').rsplit('/', 1)[-1] or None


class UnversionedHandler(InstanceHandler):
    """nova's legacy notifications (notification_format = unversioned).

    Their payload is nova's info_from_instance(): it carries the instance's
    metadata and, in image_meta, the properties of its image when it was
    booted, which spares a glance look-up.
    """

    publishers = (r'compute\.',)
    actions = {
        'compute.instance.delete.end': DELETE,
        'compute.instance.update': UPDATE,
        'compute.instance.create.end': UPDATE,
    }

    def read(self, event_type, payload):
        instance = instances.Instance(
            instance_id=base.field(payload, 'instance_id'),
            project_id=base.field(payload, 'tenant_id'),
            hostname=base.field(payload, 'hostname'),
            metadata=base.string_dict(payload, 'metadata'),
            image_id=_image_id_from_url(payload.get('image_ref_url')))
        image_meta = base.field(payload, 'image_meta', dict, optional=True)
        return instance, image_meta


class VersionedHandler(InstanceHandler):
    """nova's versioned notifications (notification_format = versioned).

    Payload versions as nova's InstanceActionPayload (delete.end),
    InstanceUpdatePayload and InstanceCreatePayload define them. nova-api
    sends instance.delete.end itself for an instance no compute host holds
    (shelved offloaded, or never scheduled), hence its publisher too.
    """

    publishers = (r'nova-compute:', r'nova-api:')
    actions = {
        'instance.delete.end': DELETE,
        'instance.update': UPDATE,
        'instance.create.end': UPDATE,
    }
    versions = {
        'instance.delete.end': '1.7',
        'instance.update': '1.8',
        'instance.create.end': '1.10',
    }

    def read(self, event_type, payload):
        data = base.versioned_data(payload, self.versions[event_type])
        instance = instances.Instance(
            instance_id=base.field(data, 'uuid'),
            project_id=base.field(data, 'tenant_id'),
            hostname=base.field(data, 'host_name'),
            metadata=base.string_dict(data, 'metadata'),
            image_id=base.field(data, 'image_uuid', optional=True))
        return instance, None
