"""What an instance's metadata and image ask of novajoin."""

import dataclasses
import json
import re

from novajoin import exception
from novajoin import naming

ENROLL_KEY = 'ipa_enroll'
HOSTCLASS_KEY = 'ipa_hostclass'
LOCATION_KEY = 'ipa_host_location'
MANAGED_SERVICE_PREFIX = 'managed_service_'
COMPACT_SERVICE_PREFIX = 'compact_service_'
LEGACY_COMPACT_SERVICES_KEY = 'compact_services'

_SERVICE_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]*$')

# Service names of Kerberos itself and of a host's own identity: whoever
# manages one holds the keys of the realm (krbtgt, kadmin/*, K/M, kiprop,
# WELLKNOWN/ANONYMOUS) or of a host (host/). Refused on every host.
# Names are compared without case: Kerberos tells KRBTGT from krbtgt, but
# refusing either costs nobody anything.
KERBEROS_SERVICES = frozenset({
    'krbtgt', 'kadmin', 'k', 'kiprop', 'changepw', 'wellknown', 'host'})

# Service names FreeIPA gives the services of its own servers (directory,
# DNS, DNSSEC, Dogtag): with their keys a host passes for an IPA server to
# whoever finds it by name. Refused except on hosts an operator listed in
# [<project name>] service_hosts. HTTP and cifs are names of IPA servers'
# services too; IPA servers are refused as service hosts altogether.
IPA_SERVICES = frozenset({
    'ldap', 'dns', 'dogtag', 'dogtagldap', 'ipa-dnskeysyncd',
    'ipa-ods-exporter'})


class InvalidMetadata(exception.Invalid):
    """Instance metadata novajoin cannot act on."""


def enrollment_requested(metadata, image_properties=None):
    """True when the instance, else its image, asks for enrollment."""
    for source in (metadata, image_properties):
        if source and str(source.get(ENROLL_KEY, '')).lower() == 'true':
            return True
    return False


def os_version(image_properties):
    """nsosversion of a host from its image: "<os_distro> <os_version>"."""
    if not image_properties:
        return None
    version = ' '.join(str(image_properties.get(key) or '')
                       for key in ('os_distro', 'os_version')).strip()
    return version or None


@dataclasses.dataclass(frozen=True)
class ServicePrincipal:
    """A service principal service/host, without realm."""
    service: str
    host: str

    def __str__(self):
        return '%s/%s' % (self.service, self.host)

    @property
    def kerberos_own(self):
        """A principal of Kerberos itself or a host's own."""
        return self.service.lower() in KERBEROS_SERVICES

    @property
    def ipa_own(self):
        """A principal named as IPA names its servers' services."""
        return self.service.lower() in IPA_SERVICES


def parse_principal(value):
    if not isinstance(value, str) or value.count('/') != 1:
        raise InvalidMetadata('%r is not a service principal service/host'
                              % (value,))
    service, host = value.split('/')
    if not _SERVICE_NAME.match(service):
        raise InvalidMetadata('%r is not a service name' % service)
    try:
        return ServicePrincipal(service, naming.check_fqdn(host))
    except naming.InvalidHostname as exc:
        raise InvalidMetadata('service %s: %s' % (value, exc))


def _json_value(key, value):
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise InvalidMetadata('%s is not valid JSON' % key)


def _networks(key, value):
    networks = _json_value(key, value)
    if not isinstance(networks, list) or not all(
            isinstance(network, str) and network for network in networks):
        raise InvalidMetadata('%s must be a JSON list of network names' % key)
    return networks


@dataclasses.dataclass(frozen=True)
class ServiceRequest:
    """The services an instance's metadata asks for.

    managed: principals of other hosts the instance's host must manage;
    compact: service name -> networks, each network giving a sub-host
    <short>.<network>.<domain> and a principal <service>/<sub-host>.
    """
    managed: tuple = ()
    compact: tuple = ()

    def __bool__(self):
        return bool(self.managed or self.compact)

    def compact_principals(self, host_fqdn, domain):
        """(sub-host FQDN, principal) of every compact service."""
        pairs = []
        for service, networks in self.compact:
            for network in networks:
                try:
                    sub_host = naming.sub_host_fqdn(host_fqdn, network, domain)
                except naming.InvalidHostname as exc:
                    raise InvalidMetadata('network %r of service %s: %s'
                                          % (network, service, exc))
                pairs.append((sub_host, ServicePrincipal(service, sub_host)))
        return pairs


def service_request(metadata):
    """The services asked for by managed_service_* and compact_service_*."""
    managed = []
    compact = {}
    for key in sorted(metadata or {}):
        value = metadata[key]
        if key.startswith(MANAGED_SERVICE_PREFIX):
            principal = parse_principal(value)
            if principal not in managed:
                managed.append(principal)
        elif key.startswith(COMPACT_SERVICE_PREFIX):
            service = key[len(COMPACT_SERVICE_PREFIX):]
            _add_compact(compact, key, service, _networks(key, value))
        elif key == LEGACY_COMPACT_SERVICES_KEY:
            services = _json_value(key, value)
            if not isinstance(services, dict):
                raise InvalidMetadata('%s must be a JSON object of service '
                                      'names and network lists' % key)
            for service, networks in sorted(services.items()):
                _add_compact(compact, key, service, _networks(key, networks))
    return ServiceRequest(
        managed=tuple(managed),
        compact=tuple((service, tuple(networks))
                      for service, networks in sorted(compact.items())))


def _add_compact(compact, key, service, networks):
    if not _SERVICE_NAME.match(service):
        raise InvalidMetadata('%s: %r is not a service name' % (key, service))
    known = compact.setdefault(service, [])
    known.extend(network for network in networks if network not in known)


def hostclass(metadata):
    return (metadata or {}).get(HOSTCLASS_KEY) or None


def host_location(metadata):
    return (metadata or {}).get(LOCATION_KEY) or None
