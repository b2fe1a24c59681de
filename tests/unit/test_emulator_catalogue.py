"""The catalogue of FreeIPA's built-in permissions, privileges and roles."""

import re

import pytest

from novajoin import ipa_setup
from novajoin.testing.emulator import catalogue

RIGHTS = {'add', 'compare', 'delete', 'read', 'search', 'write', 'all',
          'moddn'}
BINDTYPES = {'permission', 'all', 'anonymous', 'self'}
HOSTS = 'cn=computers,cn=accounts,$SUFFIX'
SERVICES = 'cn=services,cn=accounts,$SUFFIX'
DNS_ENTRIES = 'idnsname=*,cn=dns,$SUFFIX'
READ = ('compare', 'read', 'search')


def permission(name):
    found = catalogue.find_permission(name)
    assert found is not None, name
    return found


def privilege(name):
    found = catalogue.find_privilege(name)
    assert found is not None, name
    return found


def role(name):
    found = catalogue.find_role(name)
    assert found is not None, name
    return found


def test_source_is_named():
    assert catalogue.SOURCE_REPOSITORY == 'freeipa/freeipa'
    assert re.fullmatch('[0-9a-f]{40}', catalogue.SOURCE_COMMIT)
    assert catalogue.SOURCE_FILE_COMMITS['ACI.txt'] == (
        catalogue.SOURCE_COMMIT)
    for path, commit in catalogue.SOURCE_FILE_COMMITS.items():
        assert re.fullmatch('[0-9a-f]{40}', commit), path
    assert catalogue.SOURCE_FILES == tuple(catalogue.SOURCE_FILE_COMMITS)
    for path in ('ACI.txt', 'install/share/delegation.ldif',
                 'install/updates/40-delegation.update',
                 'install/updates/45-roles.update',
                 'ipaserver/plugins/host.py', 'ipaserver/plugins/dns.py'):
        assert path in catalogue.SOURCE_FILES


def test_permissions_follow_aci_txt():
    names = [p.name for p in catalogue.PERMISSIONS]
    assert len(names) == 219
    assert names[0] == 'System: Read Automember Definitions'
    assert names[-1] == 'System: Remove Certificate Store Entry'
    assert names.index('System: Add Hosts') < names.index(
        'System: Remove Hosts') < names.index('System: Add Services')


@pytest.mark.parametrize('entry', catalogue.PERMISSIONS,
                         ids=lambda p: p.name)
def test_permission_fields_are_well_formed(entry):
    assert isinstance(entry, catalogue.Permission)
    assert entry.rights and set(entry.rights) <= RIGHTS
    assert entry.rights == tuple(sorted(entry.rights))
    assert entry.bindtype in BINDTYPES
    assert entry.attrs == tuple(sorted(a.lower() for a in entry.attrs))
    assert entry.location == '$SUFFIX' or entry.location.endswith(
        (',$SUFFIX', 'cn=config'))
    if entry.target is not None:
        assert not entry.target.startswith('ldap:')
        assert entry.target.endswith((',$SUFFIX', 'cn=config'))
    if entry.targetfilter is not None:
        assert entry.targetfilter.startswith('(')
        assert entry.targetfilter.endswith(')')
    for text in (entry.location, entry.target, entry.targetfilter):
        assert 'dc=ipa,dc=example' not in (text or '')
        assert 'IPA.EXAMPLE' not in (text or '')


def test_host_permissions():
    added = permission('System: Add Hosts')
    assert added == catalogue.Permission(
        'System: Add Hosts', ('add',), 'permission', HOSTS, None,
        '(objectclass=ipahost)', ())
    modified = permission('System: Modify Hosts')
    assert modified.rights == ('write',)
    assert modified.location == HOSTS
    assert modified.targetfilter == '(objectclass=ipahost)'
    assert {'description', 'userclass', 'nshostlocation',
            'nsosversion'} <= set(modified.attrs)
    assert 'userpassword' not in modified.attrs
    password = permission('System: Manage Host Enrollment Password')
    assert password.rights == ('write',)
    assert password.attrs == ('userpassword',)
    assert password.location == HOSTS
    removed = permission('System: Remove Hosts')
    assert removed.rights == ('delete',)
    assert removed.location == HOSTS
    assert removed.targetfilter == '(objectclass=ipahost)'
    assert permission('System: Read Hosts').bindtype == 'all'


def test_service_permissions():
    for name, rights in (('System: Add Services', ('add',)),
                         ('System: Remove Services', ('delete',)),
                         ('System: Modify Services', ('write',))):
        entry = permission(name)
        assert entry.rights == rights
        assert entry.bindtype == 'permission'
        assert entry.location == SERVICES
        assert entry.targetfilter == '(objectclass=ipaservice)'
    assert 'usercertificate' in permission('System: Modify Services').attrs
    # No managed permission writes managedby: novajoin makes its own.
    for entry in catalogue.PERMISSIONS:
        if entry.location == SERVICES and 'write' in entry.rights:
            assert 'managedby' not in entry.attrs


def test_dns_permissions():
    for name, rights in (('System: Add DNS Entries', ('add',)),
                         ('System: Read DNS Entries', READ),
                         ('System: Update DNS Entries', ('write',)),
                         ('System: Remove DNS Entries', ('delete',))):
        entry = permission(name)
        assert entry.rights == rights
        assert entry.bindtype == 'permission'
        assert entry.location == '$SUFFIX'
        assert entry.target == DNS_ENTRIES
        assert entry.targetfilter is None
    records = {'arecord', 'aaaarecord', 'ptrrecord', 'sshfprecord',
               'txtrecord'}
    assert records <= set(permission('System: Read DNS Entries').attrs)
    assert records <= set(permission('System: Update DNS Entries').attrs)
    assert permission('System: Add DNS Entries').attrs == ()


def test_other_permission_kinds():
    assert permission('System: Read Automember Tasks').location == (
        'cn=tasks,cn=config')
    assert permission('System: Read Group Password Policy').location == (
        'cn=$REALM,cn=kerberos,$SUFFIX')
    assert permission('System: Read User Standard Attributes').bindtype == (
        'anonymous')
    assert permission('System: Manage DNSSEC keys').rights == ('all',)
    for name in ('System: Preserve User', 'System: Undelete User'):
        assert permission(name).rights == ('moddn',)
        assert permission(name).target is None
        assert name in catalogue.MODDN_TARGETS


def test_virtual_operations():
    for name in ('Retrieve Certificates from the CA', 'Revoke Certificate',
                 'Request Certificate', 'Certificate Remove Hold',
                 'Get Certificates status from the CA',
                 'Request Certificates from a different host',
                 'Request Certificate ignoring CA ACLs'):
        assert name in catalogue.VIRTUAL_OPERATIONS
        assert name in catalogue.permission_names()
        assert catalogue.find_permission(name) is None
    for name in catalogue.VIRTUAL_OPERATIONS:
        assert not name.startswith('System:')


def test_no_system_names_for_virtual_operations():
    names = {n.lower() for n in catalogue.permission_names()}
    for name in ('System: Revoke Certificate',
                 'System: Retrieve Certificates from the CA',
                 'System: Request Certificate'):
        assert name.lower() not in names
        assert catalogue.find_permission(name) is None


def test_novajoin_permissions_exist():
    names = set(catalogue.permission_names())
    for name in ipa_setup.SYSTEM_PERMISSIONS:
        assert name in names, name
    for name in ipa_setup.CUSTOM_PERMISSIONS:
        assert name not in names, name
    assert catalogue.find_privilege(ipa_setup.PRIVILEGE) is None
    assert catalogue.find_role(ipa_setup.ROLE) is None


def test_permission_names():
    names = catalogue.permission_names()
    assert names[:len(catalogue.PERMISSIONS)] == tuple(
        p.name for p in catalogue.PERMISSIONS)
    assert set(catalogue.VIRTUAL_OPERATIONS) <= set(names)
    assert set(catalogue.OTHER_PERMISSIONS) <= set(names)
    assert 'Write IPA Configuration' in catalogue.OTHER_PERMISSIONS


@pytest.mark.parametrize('names', [
    catalogue.permission_names(),
    [p.name for p in catalogue.PRIVILEGES],
    [r.name for r in catalogue.ROLES],
], ids=['permissions', 'privileges', 'roles'])
def test_names_are_unique_case_insensitively(names):
    assert len({n.lower() for n in names}) == len(names)


def test_privileges_hold_known_permissions():
    names = set(catalogue.permission_names())
    by_name = {p.name: p for p in catalogue.PERMISSIONS}
    for entry in catalogue.PRIVILEGES:
        assert isinstance(entry, catalogue.Privilege)
        assert entry.description
        assert entry.permissions, entry.name
        assert entry.permissions == tuple(
            sorted(entry.permissions, key=str.lower))
        for name in entry.permissions:
            assert name in names, (entry.name, name)
            # Only permissions bound to their privileges can be granted.
            if name in by_name:
                assert by_name[name].bindtype == 'permission', name


def test_every_bound_permission_is_granted_by_a_privilege():
    granted = {n for p in catalogue.PRIVILEGES for n in p.permissions}
    for entry in catalogue.PERMISSIONS:
        # Its privilege, ADTrust Agents, is not one a fresh server holds.
        if entry.name == 'System: Read system trust accounts':
            assert entry.name not in granted
        elif entry.bindtype == 'permission':
            assert entry.name in granted, entry.name
    for name in catalogue.VIRTUAL_OPERATIONS + catalogue.OTHER_PERMISSIONS:
        assert name in granted, name


def test_roles_hold_known_privileges():
    names = {p.name for p in catalogue.PRIVILEGES}
    for entry in catalogue.ROLES:
        assert isinstance(entry, catalogue.Role)
        assert entry.description
        assert entry.privileges == tuple(
            sorted(entry.privileges, key=str.lower))
        for name in entry.privileges:
            assert name in names, (entry.name, name)


def test_host_administrators():
    assert privilege('Host Administrators').permissions == (
        'Retrieve Certificates from the CA',
        'Revoke Certificate',
        'System: Add Hosts',
        'System: Add krbPrincipalName to a Host',
        'System: Enroll a Host',
        'System: Manage Host Certificates',
        'System: Manage Host Enrollment Password',
        'System: Manage Host Keytab',
        'System: Manage Host Keytab Permissions',
        'System: Manage Host Principals',
        'System: Manage Host SSH Public Keys',
        'System: Manage Service Keytab',
        'System: Manage Service Keytab Permissions',
        'System: Modify Hosts',
        'System: Remove Hosts',
    )


def test_host_enrollment():
    assert privilege('Host Enrollment').permissions == (
        'System: Add krbPrincipalName to a Host',
        'System: Enroll a Host',
        'System: Manage Host Certificates',
        'System: Manage Host Enrollment Password',
        'System: Manage Host Keytab',
        'System: Manage Host Principals',
    )
    assert 'System: Add Hosts' not in privilege('host enrollment').permissions


def test_service_administrators():
    assert privilege('Service Administrators').permissions == (
        'System: Add Service Delegations',
        'System: Add Services',
        'System: Manage Service Keytab',
        'System: Manage Service Keytab Permissions',
        'System: Manage Service Principals',
        'System: Modify Service Delegation Membership',
        'System: Modify Services',
        'System: Read Service Delegations',
        'System: Remove Service Delegations',
        'System: Remove Services',
    )


def test_dns_privileges():
    entries = ('System: Add DNS Entries', 'System: Read DNS Entries',
               'System: Remove DNS Entries', 'System: Update DNS Entries')
    administrators = privilege('DNS Administrators').permissions
    servers = privilege('DNS Servers').permissions
    for name in entries + ('System: Read DNS Configuration',
                           'System: Write DNS Configuration',
                           'System: Read DNS Servers Configuration'):
        assert name in administrators
        assert name in servers
    assert 'System: Modify Realm Domains' in administrators
    assert 'System: Manage DNSSEC keys' in servers
    assert 'System: Manage DNSSEC keys' not in administrators


def test_certificate_administrators():
    held = privilege('Certificate Administrators').permissions
    assert set(catalogue.VIRTUAL_OPERATIONS) <= set(held)
    assert 'System: Modify CA Certificate' in held


def test_other_privileges():
    assert privilege('Write IPA Configuration').permissions == (
        'Write IPA Configuration',)
    assert privilege('Delegation Administrator').description == (
        'Role administration')
    assert 'System: Modify Privilege Membership' in privilege(
        'Delegation Administrator').permissions


def test_roles():
    assert role('IT Specialist').privileges == (
        'Automount Administrators', 'Host Administrators',
        'Host Group Administrators', 'Service Administrators')
    assert role('IT Security Specialist').privileges == (
        'HBAC Administrator', 'Netgroups Administrators',
        'Sudo Administrator')
    assert role('Security Architect').privileges == (
        'Delegation Administrator', 'Password Policy Administrator',
        'Replication Administrators', 'Write IPA Configuration')
    assert role('Enrollment Administrator').privileges == (
        'Host Enrollment',)
    assert role('helpdesk').privileges == (
        'Modify Group membership', 'Modify Users and Reset passwords')
    assert role('User Administrator').privileges == (
        'Group Administrators', 'Stage User Administrators',
        'User Administrators')
    assert catalogue.find_role('Nova Host Manager') is None


def test_admins():
    assert catalogue.ADMINS == ('admin',)


def test_lookups_ignore_case():
    assert catalogue.find_permission('system: add hosts').name == (
        'System: Add Hosts')
    assert catalogue.find_privilege('HOST ADMINISTRATORS').name == (
        'Host Administrators')
    assert catalogue.find_role('it specialist').name == 'IT Specialist'
    assert catalogue.find_permission('no such permission') is None
