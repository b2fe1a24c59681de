"""DNS address records of floating IPs, for the names of enrolled instances.

An address is added to the record of the instance's name in the domain's
zone when the instance's host is novajoin's for that instance; it is
removed from the records of names whose hosts novajoin made. Records of
names novajoin did not make are left alone, whoever points them at the
address.
"""

import ipaddress

from oslo_log import log as logging

from novajoin.ipa.errors import ipa_errors
from novajoin import ownership

LOG = logging.getLogger(__name__)

# Answers meaning that the record already is as the call wanted it.
_ALREADY_ADDED = (ipa_errors.EmptyModlist, ipa_errors.DuplicateEntry)
_ALREADY_GONE = (ipa_errors.NotFound, ipa_errors.AttrValueNotFound)


def record_options(address):
    """(option adding, option naming) the record of an IP address."""
    if ipaddress.ip_address(address).version == 6:
        return 'aaaa_part_ip_address', 'aaaarecord'
    return 'a_part_ip_address', 'arecord'


def _raise_error(result, gone=()):
    if isinstance(result, gone):
        return None
    if isinstance(result, Exception):
        raise result
    return result


def _is_own(instance, host):
    owner = ownership.host_owner(host) if host is not None else None
    return owner is not None and (owner.is_instance(instance.instance_id)
                                  or owner.legacy)


def _is_instance_host(host):
    """A host novajoin made for an instance (not a shared one)."""
    owner = ownership.host_owner(host) if host is not None else None
    return owner is not None and (owner.instance_id is not None
                                  or owner.legacy)


class FloatingAddresses:
    """Adds and removes floating IP address records in the domain's zone.

    ipa is the IPA client, resolver the InstanceResolver host names come
    from.
    """

    def __init__(self, ipa, resolver):
        self.ipa = ipa
        self.resolver = resolver
        self.domain = resolver.settings.domain

    def _record_name(self, fqdn):
        suffix = '.' + self.domain
        return fqdn[:-len(suffix)] if fqdn.endswith(suffix) else None

    def _fqdn(self, record_name):
        return '%s.%s' % (record_name, self.domain)

    def associate(self, instance, address):
        """Point the instance's name at address; True when it now does.

        The address leaves the records of other novajoin hosts it was on,
        for neutron moves a floating IP from port to port in one update.
        """
        fqdn = self.resolver.fqdn(instance)
        name = self._record_name(fqdn)
        add_option, record_attr = record_options(address)
        calls = self.ipa.calls
        host, records = self.ipa.batch([
            calls.host_show(fqdn),
            calls.dnsrecord_find(self.domain, **{record_attr: address,
                                                 'sizelimit': 0})])
        host = _raise_error(host, ipa_errors.NotFound)
        if not _is_own(instance, host):
            LOG.info('Floating IP %s not recorded for instance %s: IPA has '
                     'no host %s made for it', address, instance.instance_id,
                     fqdn)
            return False
        stale = self._own_names(
            [n for n in self._names(_raise_error(records)) if n != name])
        batch = [calls.dnsrecord_add(self.domain, name,
                                     **{add_option: address})]
        batch += [calls.dnsrecord_del(self.domain, n, **{record_attr: address})
                  for n in stale]
        for call, result in zip(batch, self.ipa.batch(batch)):
            _raise_error(result, _ALREADY_ADDED
                         if call.method == 'dnsrecord_add' else _ALREADY_GONE)
        LOG.info('Floating IP %s recorded for %s (instance %s)%s', address,
                 fqdn, instance.instance_id,
                 ', moved from %s' % ', '.join(stale) if stale else '')
        return True

    def disassociate(self, address):
        """Remove address from the records of novajoin's hosts; the names
        it was removed from."""
        _, record_attr = record_options(address)
        calls = self.ipa.calls
        names = self._names(self.ipa.dnsrecord_find(
            self.domain, **{record_attr: address, 'sizelimit': 0}))
        own = self._own_names(names)
        batch = [calls.dnsrecord_del(self.domain, n, **{record_attr: address})
                 for n in own]
        for result in self.ipa.batch(batch):
            _raise_error(result, _ALREADY_GONE)
        for name in names:
            if name not in own:
                LOG.info('Floating IP %s left on %s: novajoin did not make '
                         'that host', address, self._fqdn(name))
        if own:
            LOG.info('Floating IP %s removed from %s', address,
                     ', '.join(self._fqdn(n) for n in own))
        return own

    @staticmethod
    def _names(records):
        """Record names of dnsrecord_find entries, the zone apex aside."""
        names = []
        for record in records:
            name = record['idnsname'][0]
            if name not in ('@', ''):
                names.append(str(name).rstrip('.'))
        return names

    def _own_names(self, names):
        """The names whose hosts novajoin made for an instance."""
        if not names:
            return []
        hosts = self.ipa.batch([self.ipa.calls.host_show(self._fqdn(n))
                                for n in names])
        return [name for name, host in zip(names, hosts)
                if _is_instance_host(_raise_error(host, ipa_errors.NotFound))]
