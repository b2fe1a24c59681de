"""FreeIPA's access rules in the emulator: roles, privileges, permissions,
the rights they grant per entry and attribute, and how refusals look."""

import pytest
from ipalib import errors

from novajoin.testing.emulator import access

SERVICE = 'nova/api.example.test@EXAMPLE.TEST'
HOST = 'vm1.example.test'


def grant(ipa, *permissions, principal=SERVICE):
    """Make ``principal`` (a service) hold exactly ``permissions``."""
    ipa.call('host_add', principal.split('/')[1].split('@')[0], force=True)
    ipa.call('service_add', principal, force=True)
    ipa.call('privilege_add', 'Granted')
    result = ipa.call('privilege_add_permission', 'Granted',
                      permission=list(permissions))
    assert result['completed'] == len(permissions), result['failed']
    ipa.call('role_add', 'Grantees')
    ipa.call('role_add_privilege', 'Grantees', privilege=['Granted'])
    ipa.call('role_add_member', 'Grantees', service=[principal])


def as_service(ipa, method, *args, **options):
    return ipa.call_as(SERVICE, method, *args, **options)


def test_admin_may_do_everything(ipa):
    rights = access.Rights(ipa.directory, 'admin@EXAMPLE.TEST')
    assert rights.is_admin
    rights.check_operation('revoke certificate')


def test_a_principal_without_a_role_may_only_read(ipa):
    ipa.call('host_add', HOST, force=True, description='seeded')
    with pytest.raises(errors.ACIError) as refused:
        as_service(ipa, 'host_add', 'vm2.example.test', force=True)
    assert str(refused.value) == (
        "Insufficient access: Insufficient 'add' privilege to add the entry "
        "'fqdn=vm2.example.test,cn=computers,cn=accounts,dc=example,"
        "dc=test'.")
    # System: Read Hosts is granted to every authenticated principal
    assert as_service(ipa, 'host_show', HOST)['result']['description'] == [
        'seeded']
    assert 'vm2.example.test' not in ipa.directory.hosts


def test_add_and_delete_follow_the_role(ipa):
    grant(ipa, 'System: Add Hosts', 'System: Remove Hosts')
    as_service(ipa, 'host_add', HOST, force=True, description='mine',
               userpassword='otp', userclass='web')
    as_service(ipa, 'host_del', HOST)
    assert HOST not in ipa.directory.hosts


def test_writes_are_checked_per_attribute(ipa):
    grant(ipa, 'System: Manage Host Enrollment Password')
    ipa.call('host_add', HOST, force=True, description='seeded')

    as_service(ipa, 'host_mod', HOST, userpassword='otp')
    with pytest.raises(errors.ACIError) as refused:
        as_service(ipa, 'host_mod', HOST, userpassword='again',
                   description='changed')

    assert "'description' attribute" in str(refused.value)
    entry = ipa.directory.hosts[HOST]
    assert entry['description'] == ['seeded']
    assert entry['userpassword'] == ['otp']


def test_a_refused_member_is_a_failed_member(ipa):
    grant(ipa, 'System: Add Services')
    ipa.call('host_add', HOST, force=True)
    as_service(ipa, 'service_add', 'HTTP/%s' % HOST, force=True)

    result = as_service(ipa, 'service_add_host', 'HTTP/%s' % HOST,
                        host=['api.example.test'])

    assert result['completed'] == 0
    [(name, reason)] = result['failed']['managedby']['host']
    assert name == 'api.example.test'
    assert reason.startswith("Insufficient access: Insufficient 'write' "
                             "privilege to the 'managedBy' attribute")
    assert ipa.directory.services['HTTP/%s@EXAMPLE.TEST' % HOST][
        'managedby'] == [HOST]


def test_the_managedby_permission_grants_service_add_host(ipa):
    ipa.call('permission_add', 'Modify service managedBy attribute',
             ipapermright=['write'], type='service', attrs=['managedby'])
    grant(ipa, 'Modify service managedBy attribute')
    ipa.call('host_add', HOST, force=True)
    ipa.call('service_add', 'HTTP/%s' % HOST, force=True)

    result = as_service(ipa, 'service_add_host', 'HTTP/%s' % HOST,
                        host=['api.example.test'])

    assert result['completed'] == 1


def test_dns_records_need_the_dns_permissions(ipa):
    zone = 'example.test.'
    ipa.call('dnsrecord_add', zone, 'web', arecord=['192.0.2.1'])
    with pytest.raises(errors.NotFound):
        as_service(ipa, 'dnsrecord_find', zone)

    grant(ipa, 'System: Read DNS Entries', 'System: Add DNS Entries')
    assert as_service(ipa, 'dnsrecord_find', zone, arecord='192.0.2.1')[
        'count'] == 1
    as_service(ipa, 'dnsrecord_add', zone, 'fip', arecord=['192.0.2.9'])
    with pytest.raises(errors.ACIError):
        as_service(ipa, 'dnsrecord_add', zone, 'web', arecord=['192.0.2.2'])
    with pytest.raises(errors.ACIError):
        as_service(ipa, 'dnsrecord_del', zone, 'web', arecord=['192.0.2.1'])
    records = ipa.directory.zones[zone]['records']
    assert records['web']['arecord'] == ['192.0.2.1']


def test_a_certificate_needs_the_certificate_operations(ipa):
    grant(ipa, 'System: Remove Hosts')
    ipa.add_host(HOST, usercertificate='MIIB')

    with pytest.raises(errors.ACIError) as refused:
        as_service(ipa, 'host_del', HOST)

    assert str(refused.value) == ('Insufficient access: not allowed to '
                                  'perform operation: retrieve certificate')
    assert HOST in ipa.directory.hosts


def test_a_host_principal_acts_with_its_host_s_roles(ipa):
    ipa.call('host_add', HOST, force=True)
    ipa.call('privilege_add', 'Granted')
    ipa.call('privilege_add_permission', 'Granted',
             permission=['System: Add Hosts'])
    ipa.call('role_add', 'Grantees')
    ipa.call('role_add_privilege', 'Grantees', privilege=['Granted'])
    ipa.call('role_add_member', 'Grantees', host=[HOST])

    ipa.call_as('host/%s@EXAMPLE.TEST' % HOST, 'host_add',
                'vm2.example.test', force=True)

    assert 'vm2.example.test' in ipa.directory.hosts


@pytest.mark.parametrize('text, entry, matches', [
    ('(objectclass=ipahost)', {'objectclass': ['top', 'ipaHost']}, True),
    ('(objectclass=ipahost)', {'objectclass': ['ipaservice']}, False),
    ('(&(objectclass=ipahost)(!(krbprincipalname=*)))',
     {'objectclass': ['ipahost']}, True),
    ('(&(objectclass=ipahost)(!(krbprincipalname=*)))',
     {'objectclass': ['ipahost'], 'krbprincipalname': ['host/a']}, False),
    ('(|(objectclass=ipausergroup)(objectclass=posixgroup))',
     {'objectclass': ['posixgroup']}, True),
    ('(cn=Nova*)', {'cn': ['nova host management']}, True),
])
def test_target_filters(text, entry, matches):
    assert access.LDAPFilter(text).matches(entry) is matches


@pytest.mark.parametrize('text', ['objectclass=ipahost', '(objectclass)',
                                  '(&(a=b)', '(a=b))'])
def test_malformed_filters_are_refused(text):
    with pytest.raises(ValueError):
        access.LDAPFilter(text)


def test_targets_cover_the_entries_below():
    pattern = 'ldap:///idnsname=*,cn=dns,dc=example,dc=test'
    assert access.targets(
        pattern, 'idnsname=www,idnsname=example.test.,cn=dns,dc=example,'
                 'dc=test')
    assert not access.targets(pattern, 'cn=dns,dc=example,dc=test')
