"""Look-ups novajoin makes in keystone, glance, nova and neutron.

They go through one keystoneauth session built from [service_credentials];
what rarely changes (project names, image properties) is cached briefly.
"""

import abc
import threading

import cachetools
from glanceclient import exc as glance_exc
from glanceclient.v2 import client as glance_client
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from keystoneclient.v3 import client as keystone_client

from novajoin.conf import service_credentials
from novajoin import exception

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
