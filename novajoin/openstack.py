"""Look-ups novajoin makes in keystone, glance, nova and neutron.

They go through one keystoneauth session built from [service_credentials];
what rarely changes (project names, image properties) is cached briefly.
"""

import abc
import re
import threading

import cachetools
from glanceclient import exc as glance_exc
from glanceclient.v2 import client as glance_client
from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from keystoneclient.v3 import client as keystone_client

from novajoin.conf import service_credentials
from novajoin import exception
from novajoin import instances

CACHE_SECONDS = 300
CACHE_SIZE = 4096


def session_from_conf(conf):
    group = service_credentials.GROUP
    auth = ks_loading.load_auth_from_conf_options(conf, group)
    return ks_loading.load_session_from_conf_options(conf, group, auth=auth)


def endpoint_filter(conf):
    return {'interface': conf.service_credentials.interface,
            'region_name': conf.service_credentials.region_name}


class _CachedLookup(abc.ABC):
    """One cached look-up by id; errors are not cached."""

    what = 'resource'

    def __init__(self):
        self._cache = cachetools.TTLCache(CACHE_SIZE, CACHE_SECONDS)
        self._lock = threading.Lock()

    @abc.abstractmethod
    def _fetch(self, resource_id):
        """The value of the resource, from its service."""

    def get(self, resource_id):
        with self._lock:
            if resource_id in self._cache:
                return self._cache[resource_id]
        try:
            value = self._fetch(resource_id)
        except (ks_exc.NotFound, glance_exc.HTTPNotFound):
            raise exception.Invalid('unknown %s %s' % (self.what, resource_id))
        except (ks_exc.ConnectFailure, ks_exc.ConnectTimeout,
                ks_exc.DiscoveryFailure, ks_exc.ServiceUnavailable,
                glance_exc.CommunicationError,
                glance_exc.HTTPServiceUnavailable) as exc:
            raise exception.Unavailable('cannot look up %s %s: %s'
                                        % (self.what, resource_id, exc))
        with self._lock:
            self._cache[resource_id] = value
        return value


# The length of keystone's project.id column.
MAX_PROJECT_ID_LENGTH = 64


class Projects(_CachedLookup):
    """Project names from keystone."""

    what = 'project'

    def __init__(self, session, conf):
        super().__init__()
        self._client = keystone_client.Client(session=session,
                                              **endpoint_filter(conf))

    def _fetch(self, project_id):
        return self._client.projects.get(project_id).name

    def name(self, project_id):
        # keystone holds no id longer than this, and answers a longer one
        # in the URL with 414, not 404: no project has such an id
        if (not isinstance(project_id, str) or '/' in project_id
                or len(project_id) > MAX_PROJECT_ID_LENGTH):
            raise exception.Invalid('unknown project %.64s'
                                    % (project_id,))
        return self.get(project_id)


class Images(_CachedLookup):
    """Image properties from glance."""

    what = 'image'

    def __init__(self, session, conf):
        super().__init__()
        self._client = glance_client.Client(session=session,
                                            **endpoint_filter(conf))

    def _fetch(self, image_id):
        return dict(self._client.images.get(image_id))

    def properties(self, image_id):
        return self.get(image_id)


def _lookup_error(what, resource_id, exc):
    """The novajoin error for a failed look-up of resource_id."""
    if isinstance(exc, ks_exc.NotFound):
        return exception.Invalid('unknown %s %s' % (what, resource_id))
    if isinstance(exc, (ks_exc.ConnectFailure, ks_exc.ConnectTimeout,
                        ks_exc.DiscoveryFailure, ks_exc.HttpServerError)):
        return exception.Unavailable('cannot look up %s %s: %s'
                                     % (what, resource_id, exc))
    return exc


# Lower-case letters, digits and dashes are all a host name label keeps.
_NOT_IN_HOSTNAME = re.compile(r'[^a-z0-9-]+')


def hostname_from_name(name):
    """The host name nova gives an instance of that display name."""
    hostname = re.sub(r'[ _.]', '-', name.lower())
    return _NOT_IN_HOSTNAME.sub('', hostname).strip('-')[:63].strip('-')


class Servers:
    """Instances from nova, not cached: their metadata changes."""

    # 2.3 adds OS-EXT-SRV-ATTR:hostname, the name the metadata service
    # gives novajoin-server.
    MICROVERSION = '2.3'

    def __init__(self, session, conf):
        self._nova = ks_adapter.Adapter(
            session, service_type='compute', **endpoint_filter(conf))

    def instance(self, server_id):
        """The instances.Instance of a nova server."""
        headers = {'OpenStack-API-Version': 'compute ' + self.MICROVERSION,
                   'X-OpenStack-Nova-API-Version': self.MICROVERSION}
        try:
            server = self._nova.get('/servers/%s' % server_id,
                                    headers=headers).json()['server']
        except ks_exc.ClientException as exc:
            raise _lookup_error('server', server_id, exc)
        image = server.get('image')
        return instances.Instance(
            instance_id=server['id'],
            project_id=server['tenant_id'],
            hostname=(server.get('OS-EXT-SRV-ATTR:hostname')
                      or hostname_from_name(server['name'])),
            metadata=server.get('metadata') or {},
            image_id=image.get('id') if isinstance(image, dict) else None)


class Ports:
    """Ports from neutron, not cached: they move between devices."""

    def __init__(self, session, conf):
        self._neutron = ks_adapter.Adapter(
            session, service_type='network', **endpoint_filter(conf))

    def get(self, port_id):
        """The port's attributes (device_id, device_owner...)."""
        try:
            return self._neutron.get('/v2.0/ports/%s' % port_id).json()[
                'port']
        except ks_exc.ClientException as exc:
            raise _lookup_error('port', port_id, exc)
