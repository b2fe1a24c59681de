"""The IPA role that lets novajoin's service principal manage instances.

novajoin authenticates to IPA as ``nova/<controller FQDN>@REALM``. That
service principal is made a member of the role ``Nova Host Manager``, whose
privilege ``Nova Host Management`` holds the permissions the daemons need:
create, modify (description, class, location, OS, one-time password) and
delete hosts; create and delete services and change which hosts manage
them; read, add, update and delete DNS records; find and revoke the
certificates of what they delete. The privilege and role have the names
novajoin 1.3.0 gave them, so that a realm it set up is completed rather
than set up twice: what its privilege already holds stays, what it lacks
is added.

``RoleSetup`` first looks at what IPA already holds and returns the changes
still needed, so that a second run changes nothing and ``--dry-run`` can
show them, then applies them one by one. Both novajoin-ipa-setup and
novajoin-install use it.
"""

import dataclasses
import typing

from novajoin import enrollment
from novajoin.ipa.errors import ipa_errors

PRIVILEGE = 'Nova Host Management'
ROLE = 'Nova Host Manager'

# FreeIPA's own permissions, granted through the privilege, with the
# calls of novajoin that need them. The names are FreeIPA's: the managed
# permissions of ipaserver/plugins (ACI.txt) and, for certificates, the
# virtual operations of install/share/delegation.ldif, which have no
# "System: " prefix.
SYSTEM_PERMISSIONS = (
    'System: Add Hosts',                # host_add
    'System: Remove Hosts',             # host_del
    # host_mod of description, userclass, nshostlocation, nsosversion
    'System: Modify Hosts',
    # host_mod of userpassword: the one-time password of a host not yet
    # enrolled
    'System: Manage Host Enrollment Password',
    'System: Add Services',             # service_add
    'System: Remove Services',          # service_del, and host_del's
    'System: Read DNS Entries',         # dnsrecord_find
    'System: Add DNS Entries',          # dnsrecord_add of a new name
    'System: Update DNS Entries',       # dnsrecord_add/_del of a value
    'System: Remove DNS Entries',       # dnsrecord_del of a last value
    # host_del and service_del of an entry with certificates find them
    # and revoke them
    'Retrieve Certificates from the CA',
    'Revoke Certificate',
)

# What no FreeIPA permission grants: writing which hosts manage a service
# (service_add_host). novajoin 1.3.0 made it under the same name.
CUSTOM_PERMISSIONS = {
    'Modify service managedBy attribute': {
        'ipapermright': ['write'], 'type': 'service', 'attrs': ['managedby'],
    },
}

PERMISSIONS = SYSTEM_PERMISSIONS + tuple(CUSTOM_PERMISSIONS)

PRIVILEGE_DESCRIPTION = ('Manage the IPA hosts, services and DNS records of '
                         'nova instances (novajoin)')
ROLE_DESCRIPTION = 'Enroll nova instances into IPA and remove them (novajoin)'
# Neither JSON nor "IPA host for ...": novajoin-server never takes it for
# an instance's host.
PRECREATED_HOST_DESCRIPTION = 'Host pre-created by novajoin-ipa-setup'


class SetupError(Exception):
    """The setup cannot go on; the message tells the operator why."""


class HostEnrolled(SetupError):
    """The host is enrolled: IPA refuses a one-time password for it."""


@dataclasses.dataclass(frozen=True)
class Change:
    """One change to IPA: what it will do, what it did, and how."""

    todo: str
    done: str
    apply: typing.Callable[[], None] = dataclasses.field(repr=False)


def _lower(values):
    return {str(value).lower() for value in values or ()}


def _show(operation, name):
    """The entry ``operation`` shows for ``name``, None if there is none."""
    try:
        return operation(name)
    except ipa_errors.NotFound:
        return None


def _check_members(result, members, target):
    """SetupError unless every member was added or already there."""
    refused = ['%s: %s' % (name, reason) if reason else name
               for _, _, name, reason in result.refused]
    if refused:
        raise SetupError('IPA did not add %s to %s: %s'
                         % (members, target, '; '.join(refused)))


def _quoted(names):
    return ', '.join('"%s"' % name for name in names)


class RoleSetup:
    """The role chain for the service principal of one controller.

    ``client`` is an ``IPAClient`` logged in as an IPA administrator (or any
    principal allowed to manage permissions, privileges, roles, hosts and
    services); ``hostname`` the controller's FQDN.
    """

    def __init__(self, client, hostname, realm):
        self.client = client
        self.hostname = hostname
        self.service = 'nova/%s@%s' % (hostname, realm)
        self.otp = None

    def changes(self, precreate=False):
        """The changes IPA still needs, in the order they must be made.

        With ``precreate`` the host gets a new one-time password, kept in
        ``self.otp`` once applied. Raises HostEnrolled when ``precreate``
        names an enrolled host, SetupError when the host is missing without
        ``precreate``.
        """
        changes = []
        if precreate:
            changes.append(self._host_otp_change())
        changes += self._service_changes(host_planned=precreate)
        changes += self._permission_changes()
        changes += self._privilege_changes()
        changes += self._role_changes()
        return changes

    # hosts and services ------------------------------------------------

    def _host_otp_change(self):
        host = _show(self.client.host_show, self.hostname)
        otp = enrollment.new_otp()
        if host is None:
            def create():
                self.client.host_add(
                    self.hostname, description=PRECREATED_HOST_DESCRIPTION,
                    userpassword=otp, force=True)
                self.otp = otp
            return Change('create host %s with a one-time password'
                          % self.hostname,
                          'created host %s with a one-time password'
                          % self.hostname, create)
        if enrollment.is_enrolled(host):
            raise HostEnrolled(
                'host %s is already enrolled in IPA, and IPA sets no '
                'one-time password on an enrolled host; unenroll it first '
                '(ipa host-disable %s) or pre-create another name'
                % (self.hostname, self.hostname))

        def renew():
            try:
                self.client.host_mod(self.hostname, userpassword=otp)
            except ipa_errors.ValidationError as exc:
                raise HostEnrolled('host %s: %s' % (self.hostname, exc))
            self.otp = otp
        return Change('set a new one-time password on host %s (the one it '
                      'had stops working)' % self.hostname,
                      'set a new one-time password on host %s (the one it '
                      'had no longer works)' % self.hostname, renew)

    def _service_changes(self, host_planned):
        if _show(self.client.service_show, self.service) is not None:
            return []
        if not host_planned and _show(self.client.host_show,
                                      self.hostname) is None:
            raise SetupError(
                'host %s is not in IPA, and the service %s needs it: enroll '
                'the controller with ipa-client-install, or pre-create it '
                'with novajoin-ipa-setup --precreate'
                % (self.hostname, self.service))
        return [Change('create service %s' % self.service,
                       'created service %s' % self.service,
                       self._creator(self.client.service_add, self.service,
                                     force=True))]

    # permissions, privilege, role --------------------------------------

    def _creator(self, operation, name, **options):
        """Create ``name``; one that appeared meanwhile (another controller
        running the setup at the same time) is as good."""
        def create():
            try:
                operation(name, **options)
            except ipa_errors.DuplicateEntry:
                pass
        return create

    def _permission_changes(self):
        changes = []
        for name, options in CUSTOM_PERMISSIONS.items():
            if _show(self.client.permission_show, name) is None:
                changes.append(Change(
                    'create permission "%s"' % name,
                    'created permission "%s"' % name,
                    self._creator(self.client.permission_add, name,
                                  **options)))
        return changes

    def _privilege_changes(self):
        changes = []
        privilege = _show(self.client.privilege_show, PRIVILEGE)
        if privilege is None:
            changes.append(Change(
                'create privilege "%s"' % PRIVILEGE,
                'created privilege "%s"' % PRIVILEGE,
                self._creator(self.client.privilege_add, PRIVILEGE,
                              description=PRIVILEGE_DESCRIPTION)))
            granted = set()
        else:
            granted = _lower(privilege.get('memberof_permission'))
        missing = [name for name in PERMISSIONS
                   if name.lower() not in granted]
        if missing:
            def add_permissions():
                result = self.client.privilege_add_permission(PRIVILEGE,
                                                              missing)
                _check_members(result, 'permissions',
                               'privilege "%s"' % PRIVILEGE)
            changes.append(Change(
                'add %d permissions to privilege "%s": %s'
                % (len(missing), PRIVILEGE, _quoted(missing)),
                'added %d permissions to privilege "%s"'
                % (len(missing), PRIVILEGE), add_permissions))
        return changes

    def _role_changes(self):
        changes = []
        role = _show(self.client.role_show, ROLE)
        if role is None:
            changes.append(Change(
                'create role "%s"' % ROLE, 'created role "%s"' % ROLE,
                self._creator(self.client.role_add, ROLE,
                              description=ROLE_DESCRIPTION)))
            role = {}
        if PRIVILEGE.lower() not in _lower(role.get('memberof_privilege')):
            def add_privilege():
                result = self.client.role_add_privilege(ROLE, PRIVILEGE)
                _check_members(result, 'privilege "%s"' % PRIVILEGE,
                               'role "%s"' % ROLE)
            changes.append(Change(
                'add privilege "%s" to role "%s"' % (PRIVILEGE, ROLE),
                'added privilege "%s" to role "%s"' % (PRIVILEGE, ROLE),
                add_privilege))
        if self.service.lower() not in _lower(role.get('member_service')):
            def add_member():
                result = self.client.role_add_member(ROLE,
                                                     service=[self.service])
                _check_members(result, 'service %s' % self.service,
                               'role "%s"' % ROLE)
            changes.append(Change(
                'add service %s to role "%s"' % (self.service, ROLE),
                'added service %s to role "%s"' % (self.service, ROLE),
                add_member))
        return changes
