"""The emulator's DNS zones and records."""

import pytest
from ipalib import errors


ZONE_DN = 'idnsname=example.test.,cn=dns,dc=example,dc=test'


def dns_name(text):
    return {'__dns_name__': text}


def test_domain_zone_exists_with_nameserver(ipa):
    zone = ipa.call('dnszone_show', 'example.test')['result']
    assert zone['idnsname'] == [dns_name('example.test.')]
    assert zone['nsrecord'] == ['ipa.example.test.']
    with pytest.raises(errors.NotFound) as e:
        ipa.call('dnszone_show', 'other.test')
    assert str(e.value) == 'other.test.: DNS zone not found'


def test_dnszone_add(ipa):
    result = ipa.call('dnszone_add', 'Other.Test')
    assert result['value'] == dns_name('other.test.')
    with pytest.raises(errors.DuplicateEntry) as e:
        ipa.call('dnszone_add', 'other.test.')
    assert str(e.value) == 'DNS zone with name "other.test." already exists'


def test_relative_name(ipa):
    result = ipa.call('dnsrecord_add', 'example.test', 'www',
                      arecord='10.0.0.1')
    assert result['value'] == dns_name('www')
    assert result['result']['idnsname'] == [dns_name('www')]
    assert result['result']['dn'] == 'idnsname=www,' + ZONE_DN
    assert 'messages' not in result


def test_absolute_name_in_zone_is_made_relative(ipa):
    result = ipa.call('dnsrecord_add', 'example.test', 'www.example.test.',
                      arecord='10.0.0.1')
    assert result['value'] == dns_name('www.example.test.')
    assert result['result']['idnsname'] == [dns_name('www')]
    record = ipa.call('dnsrecord_show', 'example.test', 'www')['result']
    assert record['arecord'] == ['10.0.0.1']


def test_relative_name_ending_in_zone_is_suspicious(ipa):
    result = ipa.call('dnsrecord_add', 'example.test', 'www.example.test',
                      arecord='10.0.0.1')
    assert result['result']['idnsname'] == [dns_name('www.example.test')]
    assert result['messages'][0]['name'] == 'DNSSuspiciousRelativeName'


def test_out_of_zone_name(ipa):
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('dnsrecord_add', 'example.test', 'www.other.test.',
                 arecord='10.0.0.1')
    assert str(e.value) == ("invalid 'idnsname': out-of-zone data: record "
                            "name must be a subdomain of the zone or a "
                            "relative name")


def test_apex(ipa):
    result = ipa.call('dnsrecord_add', 'example.test', '@',
                      arecord='10.0.0.9')
    assert result['result']['idnsname'] == [dns_name('@')]
    assert result['result']['dn'] == ZONE_DN
    record = ipa.call('dnsrecord_show', 'example.test', 'example.test.')
    assert record['result']['arecord'] == ['10.0.0.9']
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('dnsrecord_del', 'example.test', '@', del_all=True)
    assert str(e.value) == "invalid 'del_all': Zone record '@' cannot be " \
                           "deleted"


def test_part_option_and_bad_address(ipa):
    ipa.call('dnsrecord_add', 'example.test', 'www',
             a_part_ip_address='10.0.0.2')
    record = ipa.call('dnsrecord_show', 'example.test', 'www')['result']
    assert record['arecord'] == ['10.0.0.2']
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('dnsrecord_add', 'example.test', 'www', arecord='10.0.0')
    assert str(e.value) == "invalid 'ip_address': invalid IP address format"


def test_add_merges_and_repeats_are_empty_modlist(ipa):
    ipa.call('dnsrecord_add', 'example.test', 'www', arecord='10.0.0.1')
    result = ipa.call('dnsrecord_add', 'example.test', 'www',
                      arecord=['10.0.0.2'])
    assert sorted(result['result']['arecord']) == ['10.0.0.1', '10.0.0.2']
    with pytest.raises(errors.EmptyModlist):
        ipa.call('dnsrecord_add', 'example.test', 'www', arecord='10.0.0.1')


def test_add_needs_a_record_option(ipa):
    with pytest.raises(errors.OptionError) as e:
        ipa.call('dnsrecord_add', 'example.test', 'www')
    assert str(e.value).startswith('No options to add a specific record')


def test_add_to_missing_zone(ipa):
    with pytest.raises(errors.NotFound) as e:
        ipa.call('dnsrecord_add', 'other.test', 'www', arecord='10.0.0.1')
    assert str(e.value) == 'other.test.: DNS zone not found'


def test_del_value(ipa):
    ipa.call('dnsrecord_add', 'example.test', 'www',
             arecord=['10.0.0.1', '10.0.0.2'])
    with pytest.raises(errors.AttrValueNotFound) as e:
        ipa.call('dnsrecord_del', 'example.test', 'www', arecord='10.0.0.3')
    assert e.value.errno == 4026
    assert str(e.value) == "A record does not contain '10.0.0.3'"
    result = ipa.call('dnsrecord_del', 'example.test', 'www',
                      arecord='10.0.0.1')
    assert result['result']['arecord'] == ['10.0.0.2']
    assert result['value'] == [dns_name('www')]
    result = ipa.call('dnsrecord_del', 'example.test', 'www',
                      arecord='10.0.0.2')
    assert result == {'result': {'failed': []}, 'value': [dns_name('www')],
                      'summary': 'Deleted record "www"'}
    with pytest.raises(errors.NotFound) as e:
        ipa.call('dnsrecord_show', 'example.test', 'www')
    assert str(e.value) == 'www: DNS resource record not found'


def test_del_all_and_missing_record(ipa):
    ipa.call('dnsrecord_add', 'example.test', 'www', arecord='10.0.0.1')
    ipa.call('dnsrecord_del', 'example.test', 'www', del_all=True)
    with pytest.raises(errors.NotFound):
        ipa.call('dnsrecord_del', 'example.test', 'www', arecord='10.0.0.1')
    with pytest.raises(errors.OptionError):
        ipa.call('dnsrecord_del', 'example.test', 'www')
    with pytest.raises(errors.OptionError) as e:
        ipa.call('dnsrecord_del', 'example.test', 'www', all=True)
    assert str(e.value) == 'Unknown option: all'


def test_find(ipa):
    ipa.call('dnsrecord_add', 'example.test', 'web', arecord='10.0.0.1')
    ipa.call('dnsrecord_add', 'example.test', 'db', arecord='10.0.0.2')
    result = ipa.call('dnsrecord_find', 'example.test')
    assert result['count'] == 3
    assert [r['idnsname'] for r in result['result']] == [
        [dns_name('@')], [dns_name('db')], [dns_name('web')]]
    result = ipa.call('dnsrecord_find', 'example.test', arecord='10.0.0.2')
    assert [r['idnsname'] for r in result['result']] == [[dns_name('db')]]
    assert ipa.call('dnsrecord_find', 'example.test', 'we')['count'] == 1
    with pytest.raises(errors.NotFound):
        ipa.call('dnsrecord_find', 'other.test')


def test_cname_collision(ipa):
    ipa.call('dnsrecord_add', 'example.test', 'www', arecord='10.0.0.1')
    with pytest.raises(errors.ValidationError):
        ipa.call('dnsrecord_add', 'example.test', 'www',
                 cnamerecord='other')
