"""The emulator's service commands."""

import pytest
from ipalib import errors


@pytest.fixture
def ipa(emulator):
    emulator.reset()
    emulator.call('host_add', 'vm1.example.test', force=True)
    emulator.call('host_add', 'vm2.example.test', force=True)
    return emulator


def test_service_add_normalizes_principal(ipa):
    result = ipa.call('service_add', 'nova/vm1.example.test', force=True)
    principal = 'nova/vm1.example.test@EXAMPLE.TEST'
    assert result['value'] == principal
    assert result['summary'] == 'Added service "%s"' % principal
    entry = result['result']
    assert entry['krbprincipalname'] == [principal]
    assert entry['krbcanonicalname'] == [principal]
    assert entry['managedby_host'] == ['vm1.example.test']
    assert entry['dn'] == ('krbprincipalname=%s,cn=services,cn=accounts,'
                           'dc=example,dc=test' % principal)
    assert 'has_keytab' not in entry


def test_service_add_needs_the_host_even_when_forced(ipa):
    with pytest.raises(errors.NotFound) as e:
        ipa.call('service_add', 'nova/vm9.example.test', force=True)
    assert e.value.errno == 4001
    assert str(e.value) == ("The host 'vm9.example.test' does not exist to "
                            "add a service to.")


def test_service_add_skip_host_check(ipa):
    entry = ipa.call('service_add', 'nova/vm9.example.test', force=True,
                     skip_host_check=True)['result']
    assert 'managedby_host' not in entry


def test_service_add_needs_dns_unless_forced(ipa):
    with pytest.raises(errors.DNSNotARecordError):
        ipa.call('service_add', 'nova/vm1.example.test')


def test_service_add_refuses_host_principal_and_foreign_realm(ipa):
    with pytest.raises(errors.HostService):
        ipa.call('service_add', 'host/vm1.example.test')
    with pytest.raises(errors.RealmMismatch):
        ipa.call('service_add', 'nova/vm1.example.test@OTHER.TEST',
                 force=True)
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('service_add', 'nova', force=True)
    assert str(e.value) == ("invalid 'canonical_principal': Service "
                            "principal is required")


def test_service_add_duplicate(ipa):
    ipa.call('service_add', 'nova/vm1.example.test', force=True)
    with pytest.raises(errors.DuplicateEntry) as e:
        ipa.call('service_add', 'nova/vm1.example.test@EXAMPLE.TEST',
                 force=True)
    assert str(e.value) == ('service with name '
                            '"nova/vm1.example.test@EXAMPLE.TEST" already '
                            'exists')


def test_service_add_host(ipa):
    ipa.call('service_add', 'HTTP/vm1.example.test', force=True)
    result = ipa.call('service_add_host', 'HTTP/vm1.example.test',
                      host=['vm2.example.test', 'vm9.example.test',
                            'vm1.example.test'])
    assert result['completed'] == 1
    assert result['failed'] == {'managedby': {'host': [
        ['vm9.example.test', 'no such entry'],
        ['vm1.example.test', 'This entry is already a member']]}}
    assert result['result']['managedby_host'] == [
        'vm1.example.test', 'vm2.example.test']


def test_service_add_host_to_missing_service(ipa):
    with pytest.raises(errors.NotFound) as e:
        ipa.call('service_add_host', 'HTTP/vm9.example.test',
                 host=['vm1.example.test'])
    assert str(e.value) == ('HTTP/vm9.example.test@EXAMPLE.TEST: service '
                            'not found')


def test_service_show_and_del(ipa):
    ipa.call('service_add', 'nova/vm1.example.test', force=True)
    entry = ipa.call('service_show', 'nova/vm1.example.test')['result']
    assert entry['has_keytab'] is False
    result = ipa.call('service_del', 'nova/vm1.example.test')
    assert result['value'] == ['nova/vm1.example.test@EXAMPLE.TEST']
    assert result['result'] == {'failed': []}
    with pytest.raises(errors.NotFound):
        ipa.call('service_show', 'nova/vm1.example.test')


def test_service_find_managed_by(ipa):
    ipa.call('service_add', 'HTTP/vm1.example.test', force=True)
    ipa.call('service_add', 'HTTP/vm2.example.test', force=True)
    ipa.call('service_add_host', 'HTTP/vm2.example.test',
             host=['vm1.example.test'])
    result = ipa.call('service_find', man_by_host='vm1.example.test')
    assert result['count'] == 2
    assert result['summary'] == '2 services matched'
    assert 'managedby_host' not in result['result'][0]
    result = ipa.call('service_find', man_by_host='vm2.example.test',
                      no_members=False)
    assert [e['krbcanonicalname'] for e in result['result']] == [
        ['HTTP/vm2.example.test@EXAMPLE.TEST']]
    assert result['result'][0]['managedby_host'] == [
        'vm2.example.test', 'vm1.example.test']
    assert ipa.call('service_find', 'vm2')['count'] == 1
