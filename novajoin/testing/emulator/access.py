"""FreeIPA's access rules in the emulator: what a principal may do.

FreeIPA leaves access control to 389-ds ACIs. Each permission is one ACI
(ACI.txt) granting its rights to the members of the permission entry,
which are privileges, whose members are roles, whose members are users,
groups, hosts and services: so a principal holds the permissions of the
privileges of its roles. Permissions of bind type ``all`` hold for every
authenticated principal, ``anonymous`` ones for everybody. Members of
the group ``admins`` may do everything (the ACI "Admins can manage
entries" of install/share/default-aci.ldif). Virtual operations
(certificate operations) are permissions without an entry to act on:
holding them is the right.

A refused write raises ACIError with the message 389-ds gives, before
the entry changes; an entry that cannot be read is not found.
"""

import fnmatch
import functools
import re

from ipalib import errors
from ipapython import kerberos

WRITE_RIGHTS = ('add', 'delete', 'write')

# The virtual operations ipaserver checks (cert.py, check_operation_access)
# and the permission whose members may perform each
# (install/share/delegation.ldif).
VIRTUAL_OPERATIONS = {
    'retrieve certificate': 'Retrieve Certificates from the CA',
    'revoke certificate': 'Revoke Certificate',
}


class Rights:
    """What one principal may do in one directory."""

    def __init__(self, directory, principal):
        self.directory = directory
        self.principal = principal
        self.is_admin = False
        self.permissions = ()
        self._resolve()

    def _resolve(self):
        d = self.directory
        objtype, key = identity_of(d, self.principal)
        if objtype == 'user' and key in d.admins:
            self.is_admin = True
            return
        roles = {name for name, role in d.roles.items()
                 if (objtype, key) in role['member']} if key else set()
        privileges = {name for name, privilege in d.privileges.items()
                      if roles.intersection(privilege['member'])}
        self.permissions = tuple(
            permission for permission in d.permissions.values()
            if bindtype_of(permission) in ('all', 'anonymous')
            or privileges.intersection(permission['member']))

    # checks --------------------------------------------------------------

    def granting(self, right, dn, entry):
        """The permissions granting ``right`` on the entry."""
        return [permission for permission in self.permissions
                if applies(permission, right, dn, entry, self.directory)]

    def check_add(self, dn, entry):
        if not self.is_admin and not self.granting('add', dn, entry):
            raise errors.ACIError(
                info="Insufficient 'add' privilege to add the entry '%s'."
                % dn)

    def check_delete(self, dn, entry):
        if not self.is_admin and not self.granting('delete', dn, entry):
            raise errors.ACIError(
                info="Insufficient 'delete' privilege to delete the entry "
                     "'%s'." % dn)

    def check_write(self, dn, entry, attrs):
        """Every attribute in ``attrs`` may be written in the entry."""
        if self.is_admin:
            return
        granting = self.granting('write', dn, entry)
        for attr in sorted(attrs):
            if not any(covers(permission, attr) for permission in granting):
                raise errors.ACIError(
                    info="Insufficient 'write' privilege to the '%s' "
                         "attribute of entry '%s'." % (attr, dn))

    def can_read(self, dn, entry):
        return self.is_admin or bool(self.granting('read', dn, entry))

    def check_operation(self, operation):
        """A virtual operation, such as 'revoke certificate'."""
        if self.is_admin:
            return
        permission = VIRTUAL_OPERATIONS[operation].lower()
        if not any(held['cn'][0].lower() == permission
                   for held in self.permissions):
            raise errors.ACIError(
                info='not allowed to perform operation: %s' % operation)


def identity_of(directory, principal):
    """(object type, key) of the entry a Kerberos principal binds as."""
    try:
        parsed = kerberos.Principal(principal)
    except ValueError:
        return None, None
    if parsed.is_user:
        return 'user', parsed.username.lower()
    if parsed.is_host:
        return 'host', parsed.hostname.lower()
    return 'service', str(parsed)


def bindtype_of(permission):
    """A permission without a bind type (of the first kind, as virtual
    operations are) is granted through privileges."""
    return permission.get('ipapermbindruletype', ['permission'])[0]


def effective_attrs(permission):
    attrs = set(permission.get('ipapermdefaultattr', ()))
    attrs.update(permission.get('ipapermincludedattr', ()))
    attrs.difference_update(permission.get('ipapermexcludedattr', ()))
    return {attr.lower() for attr in attrs}


def covers(permission, attr):
    attrs = effective_attrs(permission)
    return '*' in attrs or attr.lower() in attrs


def applies(permission, right, dn, entry, directory):
    """The permission's ACI grants ``right`` on the entry at ``dn``."""
    rights = permission.get('ipapermright', ())
    if right not in rights and not (
            'all' in rights and right in WRITE_RIGHTS + ('read',)):
        return False
    location = permission.get('ipapermlocation')
    if location and not in_subtree(dn, location[0]):
        return False
    target = permission.get('ipapermtarget')
    if target and not targets(target[0], dn):
        return False
    return all(parse_filter(text).matches(entry)
               for text in permission.get('ipapermtargetfilter', ()))


@functools.lru_cache(maxsize=1024)
def parse_filter(text):
    return LDAPFilter(text)


def in_subtree(dn, base):
    dn, base = dn.lower(), base.lower()
    return dn == base or dn.endswith(',' + base)


def targets(pattern, dn):
    """An ACI target (a DN pattern with wildcards) covers the entry or one
    of the entries above it, as 389-ds target scoping does."""
    pattern = pattern.lower()
    if pattern.startswith('ldap:///'):
        pattern = pattern[len('ldap:///'):]
    parts = dn.lower().split(',')
    return any(fnmatch.fnmatchcase(','.join(parts[i:]), pattern)
               for i in range(len(parts)))


class LDAPFilter:
    """An RFC 4515 filter, as ACI target filters use them: and, or, not,
    equality with wildcards, presence. Values compare case-insensitively,
    which is what the attributes such filters name (objectclass, names)
    do."""

    _TOKEN = re.compile(r'\(|\)|[^()]+')

    def __init__(self, text):
        self.text = text
        tokens = self._TOKEN.findall(text.strip())
        self.tree, rest = self._parse(tokens)
        if rest:
            raise ValueError('bad LDAP filter %r' % text)

    def _parse(self, tokens):
        if not tokens or tokens[0] != '(':
            raise ValueError('bad LDAP filter %r' % self.text)
        tokens = tokens[1:]
        head = tokens[0] if tokens else ''
        if head in ('&', '|', '!'):
            operands = []
            tokens = tokens[1:]
            while tokens and tokens[0] == '(':
                operand, tokens = self._parse(tokens)
                operands.append(operand)
            node = (head, operands)
        elif head.startswith(('&', '|', '!')) and len(head) == 1:
            raise ValueError('bad LDAP filter %r' % self.text)
        else:
            attr, sep, value = head.partition('=')
            if not sep:
                raise ValueError('bad LDAP filter %r' % self.text)
            node = ('=', (attr.strip().lower(), value.strip().lower()))
            tokens = tokens[1:]
        if not tokens or tokens[0] != ')':
            raise ValueError('bad LDAP filter %r' % self.text)
        return node, tokens[1:]

    def matches(self, entry):
        return self._match(self.tree, entry)

    def _match(self, node, entry):
        kind, operand = node
        if kind == '&':
            return all(self._match(n, entry) for n in operand)
        if kind == '|':
            return any(self._match(n, entry) for n in operand)
        if kind == '!':
            return not self._match(operand[0], entry)
        attr, value = operand
        values = [str(v).lower() for v in entry.get(attr, ())]
        if value == '*':
            return bool(values)
        return any(fnmatch.fnmatchcase(v, value) for v in values)
