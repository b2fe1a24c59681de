"""The emulator's host commands, parameter binding and versions."""

import pytest
from ipalib import errors

from novajoin.testing.emulator import rpc


def test_host_add_random_gives_otp_and_no_principal(ipa):
    result = ipa.call('host_add', 'vm1.example.test', force=True,
                      random=True, description='d')
    entry = result['result']
    assert result['value'] == 'vm1.example.test'
    assert result['summary'] == 'Added host "vm1.example.test"'
    assert entry['has_password'] is True
    assert entry['has_keytab'] is False
    assert len(entry['randompassword']) >= 20
    assert 'krbprincipalname' not in entry
    assert entry['managedby_host'] == ['vm1.example.test']
    assert entry['dn'] == ('fqdn=vm1.example.test,cn=computers,cn=accounts,'
                           'dc=example,dc=test')
    assert 'userpassword' not in entry


def test_host_add_without_password_gets_host_principal(ipa):
    entry = ipa.call('host_add', 'vm1.example.test', force=True)['result']
    assert entry['krbprincipalname'] == ['host/vm1.example.test@EXAMPLE.TEST']
    assert entry['has_password'] is False


def test_host_add_normalizes_name(ipa):
    result = ipa.call('host_add', 'VM1.Example.Test.', force=True)
    assert result['value'] == 'vm1.example.test'


def test_host_add_needs_dns_record_unless_forced(ipa):
    with pytest.raises(errors.DNSNotARecordError) as e:
        ipa.call('host_add', 'vm1.example.test')
    assert e.value.errno == 4019
    assert str(e.value) == ("Host 'vm1.example.test' does not have "
                            "corresponding DNS A/AAAA record")
    ipa.call('dnsrecord_add', 'example.test', 'vm1', arecord='192.0.2.1')
    ipa.call('host_add', 'vm1.example.test')


def test_host_add_outside_held_zones_is_unresolvable(ipa):
    with pytest.raises(errors.DNSNotARecordError):
        ipa.call('host_add', 'vm1.elsewhere.test')


def test_host_add_ip_address_adds_a_record(ipa):
    result = ipa.call('host_add', 'vm1.example.test', ip_address='10.1.2.7')
    assert 'messages' in result  # no reverse zone for the PTR record
    record = ipa.call('dnsrecord_show', 'example.test', 'vm1')['result']
    assert record['arecord'] == ['10.1.2.7']
    with pytest.raises(errors.DuplicateEntry) as e:
        ipa.call('host_add', 'vm2.example.test', ip_address='10.1.2.7')
    assert str(e.value) == ('IP address 10.1.2.7 is already assigned in '
                            'domain example.test..')


def test_host_add_ip_address_adds_ptr_in_reverse_zone(ipa):
    ipa.call('dnszone_add', name_from_ip='10.1.2.0/24')
    result = ipa.call('host_add', 'vm1.example.test', ip_address='10.1.2.7')
    assert 'messages' not in result
    ptr = ipa.call('dnsrecord_show', '2.1.10.in-addr.arpa.', '7')['result']
    assert ptr['ptrrecord'] == ['vm1.example.test.']


def test_host_add_duplicate(ipa):
    ipa.call('host_add', 'vm1.example.test', force=True)
    with pytest.raises(errors.DuplicateEntry) as e:
        ipa.call('host_add', 'vm1.example.test', force=True)
    assert e.value.errno == 4002
    assert str(e.value) == 'host with name "vm1.example.test" already exists'


def test_host_add_refuses_untrimmed_values(ipa):
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('host_add', 'vm1.example.test', force=True,
                 nsosversion='fedora ')
    assert str(e.value) == ("invalid 'os': Leading and trailing spaces are "
                            "not allowed")


def test_host_add_keeps_metadata(ipa):
    ipa.call('host_add', 'vm1.example.test', force=True,
             userclass=['web', 'db'], nshostlocation='rack 1',
             nsosversion='fedora 40')
    entry = ipa.call('host_show', 'vm1.example.test')['result']
    assert entry['userclass'] == ['web', 'db']
    assert entry['nshostlocation'] == ['rack 1']
    assert entry['nsosversion'] == ['fedora 40']


def test_host_mod_random_on_enrolled_host_is_refused(ipa):
    ipa.call('host_add', 'vm1.example.test', force=True, random=True)
    ipa.enroll('vm1.example.test')
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('host_mod', 'vm1.example.test', random=True)
    assert e.value.errno == 3009
    assert str(e.value) == ("invalid 'password': Password cannot be set on "
                            "enrolled host.")
    entry = ipa.call('host_show', 'vm1.example.test')['result']
    assert entry['has_keytab'] is True
    assert entry['has_password'] is False


def test_host_mod_random_renews_otp_of_unenrolled_host(ipa):
    first = ipa.call('host_add', 'vm1.example.test', force=True,
                     random=True)['result']['randompassword']
    result = ipa.call('host_mod', 'vm1.example.test', random=True)
    assert result['result']['randompassword'] != first
    assert result['summary'] == 'Modified host "vm1.example.test"'
    assert 'dn' not in result['result']


def test_host_mod_without_change_is_empty_modlist(ipa):
    ipa.call('host_add', 'vm1.example.test', force=True, description='a')
    with pytest.raises(errors.EmptyModlist) as e:
        ipa.call('host_mod', 'vm1.example.test')
    assert e.value.errno == 4202
    with pytest.raises(errors.EmptyModlist):
        ipa.call('host_mod', 'vm1.example.test', description='a')
    ipa.call('host_mod', 'vm1.example.test', description='b')


def test_host_mod_setattr(ipa):
    ipa.call('host_add', 'vm1.example.test', force=True)
    ipa.call('host_mod', 'vm1.example.test', setattr='description=x',
             addattr=['userclass=a', 'userclass=b'])
    entry = ipa.call('host_show', 'vm1.example.test')['result']
    assert entry['description'] == ['x']
    assert entry['userclass'] == ['a', 'b']


def test_host_mod_of_missing_host(ipa):
    with pytest.raises(errors.NotFound) as e:
        ipa.call('host_mod', 'vm1.example.test', description='x')
    assert str(e.value) == 'vm1.example.test: host not found'


def test_host_del_missing_and_continue(ipa):
    with pytest.raises(errors.NotFound) as e:
        ipa.call('host_del', 'vm1.example.test')
    assert e.value.errno == 4001
    ipa.call('host_add', 'vm2.example.test', force=True)
    result = ipa.call('host_del', ['vm1.example.test', 'vm2.example.test'],
                      **{'continue': True})
    assert result['value'] == ['vm2.example.test']
    assert result['result'] == {'failed': ['vm1.example.test']}


def test_host_del_removes_services_and_references(ipa):
    for name in ('vm1', 'vm2', 'sub'):
        ipa.call('host_add', '%s.example.test' % name, force=True)
    ipa.call('service_add', 'nova/vm1.example.test', force=True)
    ipa.call('service_add', 'HTTP/sub.example.test', force=True)
    ipa.call('service_add_host', 'HTTP/sub.example.test',
             host=['vm1.example.test'])
    ipa.add_host('vm3.example.test',
                 managedby=['vm3.example.test', 'vm1.example.test'])
    ipa.call('host_del', 'vm1.example.test')
    with pytest.raises(errors.NotFound):
        ipa.call('service_show', 'nova/vm1.example.test')
    service = ipa.call('service_show', 'HTTP/sub.example.test')['result']
    assert service['managedby_host'] == ['sub.example.test']
    host = ipa.call('host_show', 'vm3.example.test')['result']
    assert host['managedby_host'] == ['vm3.example.test']


def test_host_del_updatedns(ipa):
    ipa.call('dnsrecord_add', 'example.test', 'vm1', arecord='192.0.2.1')
    ipa.call('host_add', 'vm1.example.test')
    result = ipa.call('host_del', 'vm1.example.test', updatedns=True)
    assert 'messages' not in result
    with pytest.raises(errors.NotFound):
        ipa.call('dnsrecord_show', 'example.test', 'vm1')
    ipa.call('host_add', 'vm2.example.test', force=True)
    result = ipa.call('host_del', 'vm2.example.test', updatedns=True)
    assert result['messages'][0]['name'] == 'FailedToRemoveHostDNSRecords'


def test_host_find(ipa):
    for name in ('web1', 'web2', 'db1'):
        ipa.call('host_add', '%s.example.test' % name, force=True,
                 description='%s host' % name)
    result = ipa.call('host_find', 'web')
    assert result['count'] == 2
    assert result['summary'] == '2 hosts matched'
    assert [e['fqdn'] for e in result['result']] == [
        ['web1.example.test'], ['web2.example.test']]
    assert 'managedby_host' not in result['result'][0]
    assert 'has_keytab' not in result['result'][0]
    result = ipa.call('host_find', fqdn='db1.example.test',
                      no_members=False)
    assert result['summary'] == '1 host matched'
    assert result['result'][0]['managedby_host'] == ['db1.example.test']
    result = ipa.call('host_find', sizelimit=1)
    assert result['truncated'] is True
    assert result['count'] == 1
    assert result['messages'][0]['name'] == 'SearchResultTruncated'


def test_host_find_managed_by(ipa):
    ipa.call('host_add', 'vm1.example.test', force=True)
    ipa.add_host('sub.example.test',
                 managedby=['sub.example.test', 'vm1.example.test'])
    result = ipa.call('host_find', man_by_host='vm1.example.test')
    assert sorted(e['fqdn'][0] for e in result['result']) == [
        'sub.example.test', 'vm1.example.test']


def test_unknown_command(ipa):
    with pytest.raises(errors.CommandError) as e:
        ipa.call('host_frobnicate')
    assert e.value.errno == 905
    assert str(e.value) == "unknown command 'host_frobnicate'"


def test_unknown_option(ipa):
    with pytest.raises(errors.OptionError) as e:
        ipa.call('host_add', 'vm1.example.test', locality='x')
    assert e.value.errno == 3005
    assert str(e.value) == 'Unknown option: locality'


def test_missing_argument(ipa):
    with pytest.raises(errors.RequirementError) as e:
        ipa.call('host_show')
    assert e.value.errno == 3007
    assert str(e.value) == "'fqdn' is required"


def test_too_many_arguments(ipa):
    with pytest.raises(errors.MaxArgumentError):
        ipa.call('host_show', 'a.example.test', 'b.example.test')


def test_wrong_types(ipa):
    with pytest.raises(errors.ConversionError) as e:
        ipa.call('host_add', 'vm1.example.test', force='maybe')
    assert e.value.errno == 3008
    assert str(e.value) == "invalid 'force': must be True or False"
    with pytest.raises(errors.ConversionError):
        ipa.call('host_add', 'vm1.example.test', description=['a', 'b'])
    with pytest.raises(errors.ConversionError):
        ipa.call('host_find', sizelimit='many')


def test_hostname_must_be_fully_qualified(ipa):
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('host_add', 'vm1', force=True)
    assert str(e.value) == ("invalid 'hostname': invalid domain-name: not "
                            "fully qualified")


def test_version_checks(ipa):
    result = ipa.call('ping', version='2.200')
    assert 'messages' not in result
    # FreeIPA refuses another major version only (frontend.py)
    ipa.call('ping', version='2.999')
    with pytest.raises(errors.VersionError) as e:
        ipa.call('ping', version='3.0')
    assert e.value.errno == 901
    with pytest.raises(errors.VersionError):
        ipa.call('ping', version='bogus')


def test_missing_version_is_reported(ipa):
    # call() sends the version; the wire without one is a Call's business
    call = rpc.Call(ipa, 'admin@EXAMPLE.TEST', '2.51')
    with ipa.lock:
        result = call.run('ping', (), {})
    assert result['messages'][0]['name'] == 'VersionMissing'


def test_seeded_hosts(ipa):
    ipa.add_host('vm1.example.test', description='seeded',
                 userpassword='otp')
    entry = ipa.call('host_show', 'vm1.example.test')['result']
    assert entry['has_password'] is True
    ipa.enroll('vm1.example.test')
    entry = ipa.call('host_show', 'vm1.example.test')['result']
    assert entry['has_password'] is False
    assert entry['has_keytab'] is True
    assert ipa.dump()['hosts']['vm1.example.test']['has_keytab'] is True
