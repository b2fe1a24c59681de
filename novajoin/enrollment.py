"""Enrollment of an instance in IPA: its host, one-time password, services.

The rules of ownership (DESIGN "Ownership") are decided here before
anything is written, so that a refused request writes nothing.
"""

import dataclasses
import secrets
import threading

from oslo_log import log as logging

from novajoin.conf import limits as limits_conf
from novajoin import exception
from novajoin.ipa import client as ipa_client
from novajoin.ipa.errors import ipa_errors
from novajoin import metadata as md
from novajoin import naming
from novajoin import ownership

LOG = logging.getLogger(__name__)

# Long enough to be unguessable, short enough to type at a console.
OTP_BYTES = 16

# How FreeIPA's ACIError begins; a member command reports a member the
# caller may not add with that message in its ``failed``.
ACCESS_REFUSED = 'Insufficient access'


class IPAAccessRefused(exception.NotAllowed):
    """IPA's access rules refused novajoin's principal a write it needs."""


class MemberNotAdded(exception.Unavailable):
    """IPA did not add a member novajoin needs, for a reason that can
    pass (a host deleted meanwhile): the request is worth repeating."""


class TooManyServices(exception.Invalid):
    """An instance asks for more services, or hosts for them, than
    join.conf lets one instance have."""


@dataclasses.dataclass(frozen=True)
class IPAConfig:
    """What enrollments need of IPA's global configuration: the longest
    host name IPA takes, and the names of IPA's servers."""
    max_host_name_length: int
    servers: frozenset


@dataclasses.dataclass(frozen=True)
class HostPlan:
    """What one enrollment writes to IPA, decided before writing."""
    fqdn: str
    otp: str | None
    host_exists: bool
    adopt: bool
    attributes: dict
    sub_hosts: tuple = ()
    shared_hosts: tuple = ()
    principals: tuple = ()


def new_otp():
    return secrets.token_hex(OTP_BYTES)


def is_enrolled(host):
    return bool(host.get('has_keytab'))


def first(values):
    """The first value of an IPA attribute, which IPA gives as a list."""
    if isinstance(values, (list, tuple)):
        return values[0] if values else None
    return values


class Enroller:
    """Creates or updates the IPA entries of one instance.

    ipa is the IPA client; instances resolves names and image properties;
    project_settings gives the [<project name>] section of join.conf;
    limits (a novajoin.conf.limits.ServiceLimits) caps what one instance's
    services may cost.
    """

    def __init__(self, ipa, instances, project_settings,
                 limits=limits_conf.ServiceLimits()):
        self.ipa = ipa
        self.instances = instances
        self.settings = instances.settings
        self.project_settings = project_settings
        self.limits = limits
        self._ipa_config = None
        self._ipa_config_lock = threading.Lock()

    def ipa_config(self):
        """IPA's configuration, asked for when first needed and kept: only
        an IPA administrator changes the host name limit or adds a
        server, and so rarely that a restart of novajoin is the price of
        a change (a new server's host is refused as a service host all
        the same: novajoin did not make it)."""
        if self._ipa_config is None:
            # one request asks, those arriving meanwhile wait for it
            with self._ipa_config_lock:
                if self._ipa_config is None:
                    self._ipa_config = self._read_ipa_config()
        return self._ipa_config

    def _read_ipa_config(self):
        config = self.ipa.config_show()
        length = first(config.get('ipamaxhostnamelength'))
        # FreeIPA 4.5 and later name every server (hidden ones apart from
        # the others); the server novajoin talks to is one in any case.
        servers = {self.settings.server.lower()}
        for attribute in ('ipa_master_server', 'ipa_master_hidden_server'):
            servers.update(name.rstrip('.').lower()
                           for name in config.get(attribute) or ())
        return IPAConfig(
            max_host_name_length=(naming.DEFAULT_MAX_HOST_NAME_LENGTH
                                  if length is None else int(length)),
            servers=frozenset(servers))

    def max_host_name_length(self):
        """IPA's ipamaxhostnamelength."""
        return self.ipa_config().max_host_name_length

    def check_host_names(self, names):
        """InvalidHostname unless IPA would take every name as a host's."""
        naming.check_host_names(names, self.max_host_name_length())

    # Enrollment.

    def answer(self, fqdn, otp):
        answer = {'hostname': fqdn, 'krb_realm': self.settings.realm}
        if otp is not None:
            answer['ipaotp'] = otp
        return answer

    def enroll(self, instance):
        """Enroll the instance; the answer novajoin-server gives nova."""
        services = md.service_request(instance.metadata)
        hostclass = md.hostclass(instance.metadata)
        project_name = None
        if (self.instances.project_subdomain or hostclass
                or services.managed):
            project_name = self.instances.project_name(instance.project_id)
        project = (self.project_settings(project_name)
                   if project_name is not None else None)
        if hostclass and not project.allows_class(hostclass):
            raise exception.NotAllowed(
                'host class %s is not allowed for project %s'
                % (hostclass, project_name))
        fqdn = self.instances.fqdn(instance, project_name)
        attributes = self._host_attributes(instance, hostclass)
        if services:
            plan = self._plan_with_services(instance, fqdn, attributes,
                                            services, project)
            return self.answer(fqdn, self._write(instance, plan))
        return self.answer(fqdn, self._enroll_host(instance, fqdn,
                                                   attributes))

    def update_services(self, instance):
        """Apply the services of the instance's metadata to its host.

        For managed_service_* / compact_service_* added after boot, with
        the rules and refusals of enroll(). Acts only on a host that exists
        and whose description names the instance; its one-time password
        and attributes stay as they are. Returns True when IPA was written.
        """
        services = md.service_request(instance.metadata)
        if not services:
            return False
        project_name = None
        if self.instances.project_subdomain or services.managed:
            project_name = self.instances.project_name(instance.project_id)
        project = (self.project_settings(project_name)
                   if project_name is not None else None)
        fqdn = self.instances.fqdn(instance, project_name)
        plan = self._plan_with_services(instance, fqdn, {}, services,
                                        project)
        if not plan.host_exists or plan.adopt:
            LOG.info('Services of instance %s not updated: IPA has no host '
                     '%s made for it', instance.instance_id, fqdn)
            return False
        self._write(instance, dataclasses.replace(plan, otp=None))
        return True

    def _host_attributes(self, instance, hostclass):
        attributes = {}
        if hostclass:
            attributes['userclass'] = hostclass
        location = md.host_location(instance.metadata)
        if location:
            attributes['nshostlocation'] = location
        if instance.image_id:
            try:
                properties = self.instances.image_properties(
                    instance.image_id)
            except exception.Invalid:
                # The image was deleted since the instance booted: it names
                # no OS version, which the enrollment can do without.
                LOG.info('Image %s of instance %s is unknown to glance; '
                         'enrolling without its OS version',
                         instance.image_id, instance.instance_id)
                properties = None
            os_version = md.os_version(properties)
            if os_version:
                attributes['nsosversion'] = os_version
        return attributes

    def _check_own_host(self, instance, host):
        """True when the host is to be adopted; HostConflict when foreign."""
        owner = ownership.host_owner(host)
        if owner is not None and owner.is_instance(instance.instance_id):
            return False
        if owner is not None and owner.legacy:
            return True
        raise exception.HostConflict(
            'host %s exists and novajoin did not make it for instance %s'
            % (first(host.get('fqdn')), instance.instance_id))

    def _enroll_host(self, instance, fqdn, attributes):
        """A host without services: one IPA request when it is new."""
        self.check_host_names([fqdn])
        otp = new_otp()
        description = ownership.instance_description(instance.instance_id,
                                                     instance.project_id)
        try:
            self.ipa.host_add(fqdn, description=description, userpassword=otp,
                              force=True, **attributes)
            LOG.info('Created host %s for instance %s', fqdn,
                     instance.instance_id)
            return otp
        except ipa_errors.DuplicateEntry:
            pass
        except ipa_errors.ACIError as error:
            raise self._not_written(
                instance, [_Failure(self.ipa.calls.host_add(fqdn), error)])
        host = self.ipa.host_show(fqdn)
        adopt = self._check_own_host(instance, host)
        plan = HostPlan(fqdn=fqdn, otp=None if is_enrolled(host) else otp,
                        host_exists=True, adopt=adopt, attributes=attributes)
        return self._write(instance, plan)

    def _plan_with_services(self, instance, fqdn, attributes, services,
                            project):
        compact = services.compact_principals(fqdn, self.settings.domain)
        sub_hosts = tuple(dict.fromkeys(host for host, _ in compact))
        own_names = {fqdn, *sub_hosts}
        managed_hosts = tuple(dict.fromkeys(
            p.host for p in services.managed if p.host not in own_names))
        principals = tuple(dict.fromkeys(
            (*(p for _, p in compact), *services.managed)))
        self._check_limits(instance, principals, sub_hosts + managed_hosts)
        for principal in principals:
            self._check_principal(instance, principal, own_names, project)
        names = (fqdn, *sub_hosts, *managed_hosts)
        self.check_host_names(names)
        found = self.ipa.batch([self.ipa.calls.host_show(name)
                                for name in names])
        hosts = {}
        for name, result in zip(names, found):
            if isinstance(result, ipa_errors.NotFound):
                continue
            if isinstance(result, Exception):
                raise result
            hosts[name] = result

        adopt = False
        otp = new_otp()
        if fqdn in hosts:
            adopt = self._check_own_host(instance, hosts[fqdn])
            if is_enrolled(hosts[fqdn]):
                otp = None
        for sub_host in sub_hosts:
            if sub_host in hosts:
                self._check_own_host(instance, hosts[sub_host])
        for host in managed_hosts:
            if host in hosts:
                self._check_service_host(instance, host, hosts[host], project)
        return HostPlan(
            fqdn=fqdn, otp=otp, host_exists=fqdn in hosts, adopt=adopt,
            attributes=attributes,
            sub_hosts=tuple(h for h in sub_hosts if h not in hosts),
            shared_hosts=tuple(h for h in managed_hosts if h not in hosts),
            principals=tuple(str(p) for p in principals))

    def _check_limits(self, instance, principals, service_hosts):
        """TooManyServices when the instance asks for more than join.conf
        lets one instance have: every one costs IPA entries and calls, at
        enrollment and at delete."""
        limits = self.limits
        if len(principals) > limits.max_services:
            raise TooManyServices(
                'instance %s asks for %d services; one instance may have at '
                'most %d (max_services_per_instance)'
                % (instance.instance_id, len(principals),
                   limits.max_services))
        if len(service_hosts) > limits.max_service_hosts:
            raise TooManyServices(
                'instance %s asks for services on %d hosts besides its own; '
                'one instance may have at most %d '
                '(max_service_hosts_per_instance)'
                % (instance.instance_id, len(service_hosts),
                   limits.max_service_hosts))

    def _check_principal(self, instance, principal, own_names, project):
        """NotAllowed when the principal is not one an instance may be
        made to manage (DESIGN "Ownership"), whoever holds its host."""
        reason = self._principal_refusal(principal, own_names, project)
        if reason is not None:
            raise exception.NotAllowed(
                'instance %s may not manage %s: %s'
                % (instance.instance_id, principal, reason))

    def _principal_refusal(self, principal, own_names, project):
        """Why the principal is refused, None when it is not."""
        host = principal.host
        service = principal.service
        domain = self.settings.domain
        if principal.kerberos_own:
            return ('%s principals are Kerberos\' own or a host\'s own keys'
                    % service)
        if host in own_names:
            if principal.ipa_own:
                return '%s principals are IPA servers\' own' % service
            return None
        if host in self.ipa_config().servers:
            return '%s is an IPA server' % host
        if host == '%s.%s' % (naming.IPA_CA_LABEL, domain):
            return '%s is the name of IPA\'s certificate authority' % host
        if host == domain:
            return '%s is the domain itself, not a host in it' % host
        if host in project.service_hosts:
            return None
        if not naming.in_domain(host, domain):
            return ('%s lies outside the domain %s and is not among the '
                    'service_hosts of the instance\'s project'
                    % (host, domain))
        if principal.ipa_own:
            return ('%s principals are IPA servers\' own; only a host among '
                    'the service_hosts of the instance\'s project may have '
                    'them managed' % service)
        return None

    def _check_service_host(self, instance, name, host, project):
        owner = ownership.host_owner(host)
        if owner is not None and owner.is_project(instance.project_id):
            return
        if name in project.service_hosts:
            return
        raise exception.NotAllowed(
            'instance %s may not manage services of host %s'
            % (instance.instance_id, name))

    def _write(self, instance, plan):
        """Write the plan in one batch; the OTP the host now has.

        The host's own call, with its OTP, goes first, so that it is in
        the first request however the client splits the batch. When a
        later request fails, what the earlier ones wrote stays: asked
        again, the enrollment finds its own entries and carries on.
        """
        description = ownership.instance_description(instance.instance_id,
                                                     instance.project_id)
        calls = self.ipa.calls
        batch = []
        host_changes = dict(plan.attributes)
        if plan.otp is not None:
            host_changes['userpassword'] = plan.otp
        if plan.adopt:
            host_changes['description'] = description
        if not plan.host_exists:
            batch.append(calls.host_add(plan.fqdn, description=description,
                                        force=True, **host_changes))
        elif plan.otp is not None or plan.adopt:
            batch.append(calls.host_mod(plan.fqdn, **host_changes))
        for sub_host in plan.sub_hosts:
            batch.append(calls.host_add(sub_host, description=description,
                                        force=True))
        shared = ownership.shared_description(instance.project_id)
        for host in plan.shared_hosts:
            batch.append(calls.host_add(host, description=shared, force=True))
        for principal in plan.principals:
            batch.append(calls.service_add(principal, force=True))
            batch.append(calls.service_add_host(principal, host=[plan.fqdn]))
        if not batch:
            return None
        failures = _failures(batch, self.ipa.batch(batch))
        if failures:
            raise self._not_written(instance, failures)
        LOG.info('Enrolled instance %s as %s (%d IPA calls)',
                 instance.instance_id, plan.fqdn, len(batch))
        return plan.otp

    def _not_written(self, instance, failures):
        """The error for writes IPA did not do, logged in one line.

        Written parts stay: asked again, the enrollment finds its own
        entries and carries on from them.
        """
        what = '; '.join(str(failure) for failure in failures)
        LOG.error('IPA did not write what instance %s needs: %s',
                  instance.instance_id, what)
        if any(failure.access_refused for failure in failures):
            return IPAAccessRefused(
                'IPA refused novajoin: %s; the IPA role of novajoin may lack '
                'a permission, which novajoin-ipa-setup restores' % what)
        if all(failure.member is not None for failure in failures):
            return MemberNotAdded('IPA left members out: %s' % what)
        return exception.IPARefused('IPA refused %s' % what)


@dataclasses.dataclass(frozen=True)
class _Failure:
    """A write IPA did not do: a call that failed (reason: its ipalib
    error), or a member a member command did not add (reason: FreeIPA's
    text for it)."""
    call: ipa_client.IPACall
    reason: object
    member: str | None = None

    @property
    def access_refused(self):
        return (isinstance(self.reason, ipa_errors.ACIError)
                or str(self.reason).startswith(ACCESS_REFUSED))

    def __str__(self):
        done = '%s %s' % (self.call.method, self.call.args[0])
        if self.member is None:
            return '%s: %s' % (done, self.reason)
        return '%s: %s not added: %s' % (done, self.member, self.reason)


def _failures(calls, results):
    """What IPA did not do of a batch: its failed calls, and the members
    its member commands reported in ``failed``, less what leaves IPA as
    the call wanted it."""
    failures = []
    for call, result in zip(calls, results):
        if isinstance(result, Exception):
            if not _harmless(call, result):
                failures.append(_Failure(call, result))
        elif isinstance(result, ipa_client.MemberResult):
            failures += [_Failure(call, reason, '%s %s' % (kind, name))
                         for _, kind, name, reason in result.refused]
    return failures


def _harmless(call, error):
    """Failures that leave IPA as the call wanted it."""
    return (call.method == 'service_add'
            and isinstance(error, ipa_errors.DuplicateEntry))
