"""The emulator's global configuration: config_show, and the host name
limit host_add takes from it."""

import pytest
from ipalib import errors


def test_config_show_of_a_fresh_server(ipa):
    result = ipa.call('config_show')
    assert result['value'] is None
    assert result['summary'] is None
    entry = result['result']
    assert entry['dn'] == 'cn=ipaConfig,cn=etc,dc=example,dc=test'
    assert entry['ipamaxhostnamelength'] == ['64']
    assert entry['ipamaxusernamelength'] == ['32']
    assert entry['ipasearchrecordslimit'] == ['100']
    assert entry['ipasearchtimelimit'] == ['2']
    assert entry['ipadefaultemaildomain'] == ['example.test']
    assert entry['ipacertificatesubjectbase'] == ['O=EXAMPLE.TEST']
    assert entry['ipamigrationenabled'] == [False]
    assert entry['ipa_master_server'] == ['ipa.example.test']
    # not among config's default attributes
    assert 'ipauserobjectclasses' not in entry
    assert 'objectclass' not in entry


def test_config_show_all_and_raw(ipa):
    entry = ipa.call('config_show', all=True, raw=True)['result']
    assert 'ipaGuiConfig' in entry['objectclass']
    assert 'posixaccount' in entry['ipauserobjectclasses']
    assert 'ipa_master_server' not in entry


def test_config_show_takes_no_argument(ipa):
    with pytest.raises(errors.ZeroArgumentError):
        ipa.call('config_show', 'ipaConfig')


def test_host_add_honours_the_configured_limit(ipa):
    long_name = 'a' * 52 + '.example.test'
    with pytest.raises(errors.ValidationError) as error:
        ipa.call('host_add', long_name, force=True)
    assert str(error.value) == ("invalid 'hostname': can be at most 64 "
                                "characters")
    with ipa.lock:
        ipa.directory.config['ipamaxhostnamelength'] = ['255']
    assert ipa.call('config_show')['result']['ipamaxhostnamelength'] == [
        '255']
    assert ipa.call('host_add', long_name, force=True)['value'] == long_name


def test_reset_restores_the_limit(ipa):
    with ipa.lock:
        ipa.directory.config['ipamaxhostnamelength'] = ['255']
    ipa.reset()
    assert ipa.call('config_show')['result']['ipamaxhostnamelength'] == [
        '64']
