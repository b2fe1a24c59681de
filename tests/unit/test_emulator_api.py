"""The emulator's command parameters against FreeIPA's API.

Each command novajoin calls was compared with FreeIPA's API.txt
(freeipa/freeipa at 004d11ae53474fbb15c708430758bfd32e16b973) and with
the plugins that define its parameters.  Where the emulator differed, a
call FreeIPA refuses must be refused with the same ipalib error class,
and a call FreeIPA takes must still be taken.
"""

import pytest
from ipalib import errors

from novajoin.testing.emulator import rpc

REALM = 'EXAMPLE.TEST'
BASEDN = 'dc=example,dc=test'


def dns_name(text):
    return {'__dns_name__': text}


def add_host(ipa, fqdn='vm1.example.test'):
    return ipa.call('host_add', fqdn, force=True)


# Options: only FreeIPA's, with its types and defaults ---------------------

@pytest.mark.parametrize('method, args, option', [
    ('host_add', ('vm1.example.test',), 'bogus'),
    ('host_show', ('vm1.example.test',), 'structured'),
    ('host_del', ('vm1.example.test',), 'all'),
    ('service_del', ('HTTP/vm1.example.test',), 'raw'),
    ('dnsrecord_del', ('example.test', 'www'), 'all'),
    ('dnszone_show', ('example.test',), 'structured'),
    ('ping', (), 'all'),
    ('batch', (), 'all'),
    ('role_add_member', ('r',), 'member'),
])
def test_options_freeipa_lacks_are_refused(ipa, method, args, option):
    with pytest.raises(errors.OptionError):
        ipa.call(method, *args, **{option: True})


def test_every_command_takes_version_and_only_declared_options():
    for name, cmd in rpc.REGISTRY.items():
        assert 'version' in cmd.params, name
        for param in cmd.options:
            assert param.name not in [a.name for a in cmd.args], name


def test_batch_takes_keeponly(ipa):
    add_host(ipa)
    result = ipa.call('batch', [
        {'method': 'host_show', 'params': [['vm1.example.test'], {}]},
    ], keeponly=['fqdn'])
    assert result['results'][0]['result'] == {'fqdn': ['vm1.example.test']}


# The key of an existing entry is a query (crud.PKQuery): no rule ---------

@pytest.mark.parametrize('method, key, options', [
    ('host_show', 'vm_1!.example.test', {}),
    ('host_show', 'vm1', {}),
    ('host_mod', 'vm_1!.example.test', {'description': 'd'}),
    ('host_del', 'vm1', {}),
    ('service_show', 'admin', {}),
    ('service_show', 'HTTP/vm1.example.test@OTHER.TEST', {}),
    ('service_del', 'HTTP/vm1.example.test@OTHER.TEST', {}),
    ('service_add_host', 'nova', {'host': ['vm1.example.test']}),
    ('permission_show', 'no*such:permission', {}),
    ('privilege_show', ' no such privilege', {}),
    ('privilege_add_permission', 'no such privilege ',
     {'permission': ['System: Read Hosts']}),
    ('role_show', ' no such role ', {}),
    ('role_add_privilege', ' no such role', {'privilege': ['x']}),
    ('role_add_member', 'no such role ', {'host': ['vm1.example.test']}),
    ('dnszone_show', '*.example.test', {}),
])
def test_keys_of_existing_entries_are_not_validated(ipa, method, key,
                                                    options):
    """FreeIPA looks such a name up, and finds nothing."""
    add_host(ipa)
    with pytest.raises(errors.NotFound):
        ipa.call(method, key, **options)


def test_keys_of_new_entries_are_still_validated(ipa):
    with pytest.raises(errors.ValidationError):
        ipa.call('host_add', 'vm1', force=True)
    with pytest.raises(errors.ValidationError):
        ipa.call('host_add', 'vm_1!.example.test', force=True)
    add_host(ipa)
    with pytest.raises(errors.ValidationError):
        ipa.call('service_add', 'admin', force=True)
    with pytest.raises(errors.RealmMismatch):
        ipa.call('service_add', 'HTTP/vm1.example.test@OTHER.TEST',
                 force=True)
    with pytest.raises(errors.ValidationError):
        ipa.call('permission_add', 'no*such', ipapermright='read',
                 type='host')
    with pytest.raises(errors.ValidationError):
        ipa.call('privilege_add', ' p')
    with pytest.raises(errors.ValidationError):
        ipa.call('role_add', 'r ')
    with pytest.raises(errors.ValidationError):
        ipa.call('dnszone_add', '*.wild.test.')


def test_keys_of_existing_entries_are_still_normalized_and_converted(ipa):
    add_host(ipa)
    assert ipa.call('host_show', 'VM1.Example.Test.')['value'] == (
        'vm1.example.test')
    ipa.call('service_add', 'HTTP/vm1.example.test', force=True)
    result = ipa.call('service_show', 'HTTP/vm1.example.test')
    assert result['value'] == 'HTTP/vm1.example.test@EXAMPLE.TEST'
    with pytest.raises(errors.ConversionError):
        ipa.call('service_show', 'HTTP/vm1.example.test@A@B')
    with pytest.raises(errors.ConversionError):
        ipa.call('dnszone_show', 'bad..zone.')
    assert ipa.call('dnszone_show', 'example.test')['value'] == (
        dns_name('example.test.'))


# Services: authentication indicators are an enumeration ------------------

def test_service_auth_indicators_are_enumerated(ipa):
    add_host(ipa)
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('service_add', 'HTTP/vm1.example.test', force=True,
                 krbprincipalauthind=['otp', 'fido'])
    assert e.value.name == 'auth_ind'
    result = ipa.call('service_add', 'HTTP/vm1.example.test', force=True,
                      krbprincipalauthind=['otp', 'passkey'])
    assert result['result']['krbprincipalauthind'] == ['otp', 'passkey']
    # a search option is a query: FreeIPA enforces no rule on it
    found = ipa.call('service_find', krbprincipalauthind='fido')
    assert found['count'] == 0


# DNS records: values are validated part by part (DNSRecord) --------------

@pytest.mark.parametrize('option, value, error', [
    ('arecord', '10.0.0.1 10.0.0.2', errors.ValidationError),
    ('aaaarecord', '10.0.0.1', errors.ValidationError),
    ('cnamerecord', 'bad..name.', errors.ConversionError),
    ('cnamerecord', 'two names', errors.ValidationError),
    ('mxrecord', 'mail.example.test.', errors.ValidationError),
    ('mxrecord', 'ten mail.example.test.', errors.ConversionError),
    ('mxrecord', '65536 mail.example.test.', errors.ValidationError),
    ('mxrecord', '10 bad..name.', errors.ConversionError),
    ('nsrecord', 'ns1 ns2', errors.ValidationError),
    ('srvrecord', '0 100 389', errors.ValidationError),
    ('srvrecord', '0 100 70000 ipa.example.test.', errors.ValidationError),
    ('sshfprecord', '1 1', errors.ValidationError),
    ('sshfprecord', '256 1 0123', errors.ValidationError),
])
def test_bad_record_values_are_refused(ipa, option, value, error):
    with pytest.raises(error):
        ipa.call('dnsrecord_add', 'example.test', 'www', **{option: value})
    with pytest.raises(error):
        ipa.call('dnsrecord_del', 'example.test', 'www', **{option: value})


def test_record_format_error_names_the_parts(ipa):
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('dnsrecord_add', 'example.test', 'www',
                 mxrecord='mail.example.test.')
    assert e.value.name == 'mx_rec'
    assert e.value.error == ('format must be specified as "PREFERENCE '
                             'EXCHANGER"  (see RFC 1035 for details)')
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('dnsrecord_add', 'example.test', 'www',
                 mxrecord='65536 mail.example.test.')
    assert e.value.name == 'preference'
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('dnsrecord_add', 'example.test', 'www', arecord='10.0.0')
    assert e.value.name == 'ip_address'


@pytest.mark.parametrize('name, option, value', [
    ('www', 'arecord', '10.0.0.1'),
    ('www6', 'aaaarecord', '2001:db8::1'),
    ('alias', 'cnamerecord', 'www'),
    ('@', 'mxrecord', '10 mail.example.test.'),
    ('sub', 'nsrecord', 'ns.sub.example.test.'),
    ('_ldap._tcp', 'srvrecord', '0 100 389 ipa.example.test.'),
    ('www', 'sshfprecord', '1 1 0123 4567 89AB'),
    ('www', 'txtrecord', 'v=spf1  -all'),
])
def test_good_record_values_are_taken(ipa, name, option, value):
    result = ipa.call('dnsrecord_add', 'example.test', name,
                      **{option: value})
    assert value in result['result'][option]


def test_ptr_records_in_a_reverse_zone(ipa):
    ipa.call('dnszone_add', name_from_ip='10.1.2.0/24')
    ipa.call('dnsrecord_add', '2.1.10.in-addr.arpa.', '7',
             ptrrecord='vm1.example.test.')
    with pytest.raises(errors.ConversionError):
        ipa.call('dnsrecord_add', '2.1.10.in-addr.arpa.', '8',
                 ptrrecord='vm..example.test.')
    with pytest.raises(errors.ConversionError):
        ipa.call('dnsrecord_add', '2.1.10.in-addr.arpa.', '8',
                 ptr_part_hostname='vm..example.test.')
    ipa.call('dnsrecord_add', '2.1.10.in-addr.arpa.', '8',
             ptr_part_hostname='vm2.example.test.')
    record = ipa.call('dnsrecord_show', '2.1.10.in-addr.arpa.', '8')
    assert record['result']['ptrrecord'] == ['vm2.example.test.']


def test_cname_part_is_a_dns_name(ipa):
    with pytest.raises(errors.ConversionError) as e:
        ipa.call('dnsrecord_add', 'example.test', 'alias',
                 cname_part_hostname='www..example.test.')
    assert e.value.name == 'cname_hostname'
    ipa.call('dnsrecord_add', 'example.test', 'alias',
             cname_part_hostname='www.example.test.')
    record = ipa.call('dnsrecord_show', 'example.test', 'alias')['result']
    assert record['cnamerecord'] == ['www.example.test.']


def test_record_search_options_are_queries(ipa):
    ipa.call('dnsrecord_add', 'example.test', 'www', arecord='10.0.0.1')
    found = ipa.call('dnsrecord_find', 'example.test',
                     mxrecord='not an mx record')
    assert found['count'] == 0


# DNS zones: dnszone's own parameters --------------------------------------

@pytest.mark.parametrize('options, error', [
    ({'idnsforwardpolicy': 'sometimes'}, errors.ValidationError),
    ({'idnsforwarders': ['192.0.2.53', 'dns.example.test']},
     errors.ValidationError),
    ({'idnsforwarders': '192.0.2.53 port 70000'}, errors.ValidationError),
    ({'idnssoarefresh': 2147483648}, errors.ValidationError),
    ({'idnssoaretry': -1}, errors.ValidationError),
    ({'idnssoaexpire': 2147483648}, errors.ValidationError),
    ({'idnssoaminimum': 2147483648}, errors.ValidationError),
    ({'dnsttl': -1}, errors.ValidationError),
    ({'dnsdefaultttl': 2147483648}, errors.ValidationError),
    ({'idnsallowquery': 'anyone;'}, errors.ValidationError),
    ({'idnsallowtransfer': '192.0.2.1;bogus'}, errors.ValidationError),
    ({'idnsallowdynupdate': 'sometimes'}, errors.ConversionError),
    ({'idnssoamname': 'ns..example.test.'}, errors.ConversionError),
])
def test_bad_zone_settings_are_refused(ipa, options, error):
    with pytest.raises(error):
        ipa.call('dnszone_add', 'other.test', **options)
    with pytest.raises(errors.NotFound):
        ipa.call('dnszone_show', 'other.test')


def test_bad_reverse_network_is_refused(ipa):
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('dnszone_add', name_from_ip='10.1.2.0/33')
    assert e.value.name == 'name_from_ip'


def test_good_zone_settings_are_taken(ipa):
    result = ipa.call(
        'dnszone_add', 'other.test', idnsforwardpolicy='only',
        idnsforwarders=['192.0.2.53', '192.0.2.54 port 5353'],
        idnssoarefresh=2147483647, dnsttl=0, dnsdefaultttl=86400,
        idnsallowquery='any', idnsallowtransfer='10.1.0.0/16;!10.1.2.3',
        idnsallowdynupdate=True, idnssoarname='dns.admin@example.test')
    zone = result['result']
    assert zone['idnsforwardpolicy'] == ['only']
    assert zone['idnsallowquery'] == ['any;']
    assert zone['idnsallowtransfer'] == ['10.1.0.0/16;!10.1.2.3;']
    # the mailbox's local part is escaped into the first label
    rname = zone['idnssoarname'][0]['__dns_name__']
    assert rname.startswith('dns\\.admin.example.test')


# Permissions: bind rule types, DN-valued subtree and target ---------------

def test_permission_subtree_and_target_are_dns(ipa):
    with pytest.raises(errors.ConversionError) as e:
        ipa.call('permission_add', 'mine', ipapermright='read',
                 attrs=['cn'], ipapermlocation='not a dn')
    assert e.value.name == 'subtree'
    with pytest.raises(errors.ConversionError) as e:
        ipa.call('permission_add', 'mine', ipapermright='read',
                 attrs=['cn'], ipapermtarget='garbage')
    assert e.value.name == 'target'
    subtree = 'cn=computers,cn=accounts,' + BASEDN
    entry = ipa.call('permission_add', 'mine', ipapermright='read',
                     attrs=['cn'], ipapermlocation='ldap:///' + subtree,
                     ipapermtarget='fqdn=*,' + subtree)['result']
    assert entry['ipapermlocation'] == [subtree]
    assert entry['ipapermtarget'] == ['fqdn=*,' + subtree]


def test_permission_bind_rule_types(ipa):
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('permission_add', 'mine', ipapermright='read',
                 type='host', ipapermbindruletype='nobody')
    assert e.value.name == 'bindtype'
    entry = ipa.call('permission_add', 'mine', ipapermright='read',
                     type='host', ipapermbindruletype='self')['result']
    assert entry['ipapermbindruletype'] == ['self']
