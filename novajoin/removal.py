"""Removal of a deleted instance from IPA: only what novajoin made for it.

DESIGN "Ownership": the instance's host and its compact-service sub-hosts
go, with their DNS records, when their description names the instance (or
is the plain text of novajoin before 1.3.0). A host shared by the project's
instances (the host of a managed_service_*) loses the services that no
host staying in IPA manages any more, and goes itself once none of its
services is managed by such a host. Hosts of other instances, of other
projects or made by someone else stay as they are.

Everything is decided from one batch of look-ups, and written in one
batch; a second look-up is needed only when the host manages services on
hosts its metadata does not name (a sub-host or shared host of services
since removed from the metadata, or another instance's host). The IPA
client sends a large batch in several requests, none so long that it
outlives the client's timeout and is sent again whole. Anything already
gone counts as done, so that a notification delivered twice, or a delete
cut short between two requests, is harmless.
"""

import dataclasses

from oslo_log import log as logging

from novajoin.ipa.errors import ipa_errors
from novajoin import metadata as md
from novajoin import ownership

LOG = logging.getLogger(__name__)

# What a delete that finds its target already gone answers.
_GONE = (ipa_errors.NotFound, ipa_errors.AttrValueNotFound)


@dataclasses.dataclass(frozen=True)
class Removal:
    """What removing one instance deleted from IPA.

    hosts: hosts deleted (their own services went with them); services:
    services deleted on their own, their host staying; foreign: hosts the
    instance's names led to that novajoin did not make for it.
    """
    fqdn: str
    hosts: tuple = ()
    services: tuple = ()
    foreign: tuple = ()

    def __bool__(self):
        return bool(self.hosts or self.services)


def principal_host(principal):
    """The host of a principal service/host@REALM, lower case."""
    return principal.split('@', 1)[0].split('/', 1)[-1].lower()


def _first(values):
    if isinstance(values, (list, tuple)):
        return values[0] if values else None
    return values


@dataclasses.dataclass
class _Directory:
    """What the look-ups found: host entries (None when absent), the
    services on each looked-up shared host, the services a host manages."""
    hosts: dict = dataclasses.field(default_factory=dict)
    services_on: dict = dataclasses.field(default_factory=dict)
    managed: list = dataclasses.field(default_factory=list)


class Remover:
    """Deletes from IPA what novajoin made for an instance that is gone.

    ipa is the IPA client, instances the resolver the server computes host
    names with.
    """

    def __init__(self, ipa, instances):
        self.ipa = ipa
        self.instances = instances
        self.domain = instances.settings.domain

    def remove(self, instance):
        """Remove the instance's entries; return a Removal.

        Raises what the IPA client raises when IPA cannot be reached, and
        the ipalib error of the first deletion IPA refused, once every
        refusal is logged.
        """
        fqdn = self.instances.fqdn(instance)
        sub_hosts, declared = self._metadata_hosts(instance, fqdn)
        found = self._look_up([fqdn, *sub_hosts], declared, fqdn)

        own = [name for name in (fqdn, *sub_hosts)
               if self._is_own(instance, found.hosts[name])]
        foreign = tuple(name for name in (fqdn, *sub_hosts)
                        if found.hosts[name] is not None and name not in own)
        for name in foreign:
            LOG.info('Host %s is not novajoin\'s for instance %s: left as '
                     'it is', name, instance.instance_id)
        if not own:
            return Removal(fqdn, foreign=foreign)

        shared = list(declared)
        if fqdn in own:
            discovered = list(dict.fromkeys(
                host for host in (principal_host(_first(s['krbprincipalname']))
                                  for s in found.managed)
                if host not in (fqdn, *sub_hosts, *declared)))
            if discovered:
                more = self._look_up(discovered, discovered, None)
                found.hosts.update(more.hosts)
                found.services_on.update(more.services_on)
                for name in discovered:
                    # a sub-host whose service left the metadata is still
                    # the instance's
                    if self._is_own(instance, found.hosts[name]):
                        own.append(name)
                    else:
                        shared.append(name)

        hosts, services = list(own), []
        for name in shared:
            if not self._is_shared(instance, found.hosts[name]):
                continue
            orphans = self._orphaned_services(name, found.services_on[name],
                                              leaving=set(own))
            if len(orphans) == len(found.services_on[name]):
                hosts.append(name)
            else:
                services.extend(orphans)
        self._delete(instance, hosts, services)
        return Removal(fqdn, hosts=tuple(hosts), services=tuple(services),
                       foreign=foreign)

    def _metadata_hosts(self, instance, fqdn):
        """(compact-service sub-hosts, hosts of managed services) the
        metadata names; a metadata novajoin cannot read names none."""
        try:
            services = md.service_request(instance.metadata)
            sub_hosts = tuple(dict.fromkeys(
                host for host, _ in services.compact_principals(
                    fqdn, self.domain)))
        except md.InvalidMetadata as exc:
            LOG.warning('Instance %s: services of its metadata ignored on '
                        'removal: %s', instance.instance_id, exc)
            return (), ()
        declared = tuple(dict.fromkeys(
            p.host for p in services.managed
            if p.host != fqdn and p.host not in sub_hosts))
        return sub_hosts, declared

    def _look_up(self, host_names, service_hosts, manager):
        """One batch: host_show of host_names, the services on each of
        service_hosts, and the services manager manages."""
        calls = self.ipa.calls
        names = list(dict.fromkeys([*host_names, *service_hosts]))
        batch = [calls.host_show(name) for name in names]
        batch += [calls.service_find(name, no_members=False, sizelimit=0)
                  for name in service_hosts]
        if manager is not None:
            batch.append(calls.service_find(man_by_host=manager,
                                            no_members=False, sizelimit=0))
        results = iter(self.ipa.batch(batch))
        found = _Directory()
        for name in names:
            found.hosts[name] = _entry_or_none(next(results))
        for name in service_hosts:
            # service_find matches substrings: keep the host's own services
            found.services_on[name] = [
                service for service in _raise_error(next(results))
                if principal_host(_first(service['krbprincipalname'])) == name]
        if manager is not None:
            found.managed = _raise_error(next(results))
        return found

    @staticmethod
    def _is_own(instance, host):
        if host is None:
            return False
        owner = ownership.host_owner(host)
        return owner is not None and (
            owner.is_instance(instance.instance_id) or owner.legacy)

    @staticmethod
    def _is_shared(instance, host):
        if host is None:
            return False
        owner = ownership.host_owner(host)
        return (owner is not None and owner.instance_id is None
                and not owner.legacy and owner.is_project(instance.project_id))

    @staticmethod
    def _orphaned_services(host, services, leaving):
        """The services of host that no host staying in IPA manages.

        host itself does not count: a shared host exists only for the
        services the instances manage on it.
        """
        return [_first(service['krbprincipalname']) for service in services
                if not set(service.get('managedby_host') or ())
                - leaving - {host}]

    def _record_name(self, fqdn):
        """The name of fqdn in the domain's DNS zone, None outside it."""
        suffix = '.' + self.domain
        return fqdn[:-len(suffix)] if fqdn.endswith(suffix) else None

    def _delete(self, instance, hosts, services):
        calls = self.ipa.calls
        batch = []
        for principal in services:
            batch.append(calls.service_del(principal))
        for host in hosts:
            batch.append(calls.host_del(host, updatedns=False))
            name = self._record_name(host)
            if name is not None:
                batch.append(calls.dnsrecord_del(self.domain, name,
                                                 del_all=True))
        refused = []
        for call, result in zip(batch, self.ipa.batch(batch)):
            if not isinstance(result, Exception) or isinstance(result,
                                                               _GONE):
                continue
            if call.method == 'dnsrecord_del':
                # The host is gone whatever happened to its records: a
                # second attempt would find nothing to remove them for.
                LOG.warning('Instance %s: IPA kept the DNS records of %s: '
                            '%s', instance.instance_id, call.args[1], result)
                continue
            LOG.error('IPA refused %s %s for deleted instance %s: %s',
                      call.method, call.args[0], instance.instance_id,
                      result)
            refused.append(result)
        if refused:
            raise refused[0]


def _entry_or_none(result):
    if isinstance(result, ipa_errors.NotFound):
        return None
    return _raise_error(result)


def _raise_error(result):
    if isinstance(result, Exception):
        raise result
    return result
