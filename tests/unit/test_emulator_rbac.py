"""The emulator's permissions, privileges, roles, batch and encoding."""

import json

import pytest
from ipalib import errors

from novajoin.testing.emulator import rpc


def test_permission_add(ipa):
    result = ipa.call('permission_add', 'Modify host password',
                      ipapermright='write', type='host',
                      attrs='userpassword')
    entry = result['result']
    assert result['summary'] == 'Added permission "Modify host password"'
    assert entry['attrs'] == ['userpassword']
    assert entry['type'] == ['host']
    assert entry['ipapermbindruletype'] == ['permission']
    assert entry['ipapermlocation'] == [
        'cn=computers,cn=accounts,dc=example,dc=test']
    with pytest.raises(errors.DuplicateEntry):
        ipa.call('permission_add', 'modify host password',
                 ipapermright='write', type='host', attrs='userpassword')
    shown = ipa.call('permission_show', 'MODIFY HOST PASSWORD')['result']
    assert shown['cn'] == ['Modify host password']


def test_permission_add_refuses_colons_and_bad_types(ipa):
    with pytest.raises(errors.ValidationError) as e:
        ipa.call('permission_add', 'System: mine', ipapermright='write',
                 type='host', attrs='description')
    assert str(e.value) == ("invalid 'name': May only contain letters, "
                            "numbers, -, _, ., and space")
    with pytest.raises(errors.ValidationError):
        ipa.call('permission_add', 'mine', ipapermright='write',
                 type='spaceship', attrs='description')
    with pytest.raises(errors.RequirementError):
        ipa.call('permission_add', 'mine', type='host', attrs='description')


def test_novajoin_setup_sequence(ipa):
    ipa.call('host_add', 'undercloud.example.test', force=True)
    ipa.call('service_add', 'nova/undercloud.example.test', force=True)
    ipa.call('permission_add', 'Modify host userclass',
             ipapermright='write', type='host', attrs='userclass')
    ipa.call('privilege_add', 'Nova Host Management',
             description='Nova Host Management')
    result = ipa.call('privilege_add_permission', 'Nova Host Management',
                      permission=['System: add hosts',
                                  'modify host userclass', 'modify hosts',
                                  'System: write host certificate'])
    assert result['completed'] == 2
    # FreeIPA splits "<name>: permission not found" at the first colon
    assert result['failed'] == {'member': {'permission': [
        ['modify hosts', 'permission not found'],
        ['System', 'write host certificate: permission not found']]}}
    assert result['result']['memberof_permission'] == [
        'Modify host userclass', 'System: Add Hosts']
    again = ipa.call('privilege_add_permission', 'Nova Host Management',
                     permission='modify host userclass')
    assert again['failed']['member']['permission'] == [
        ['modify host userclass', 'This entry is already a member']]

    ipa.call('role_add', 'Nova Host Manager', description='Nova Host Manager')
    result = ipa.call('role_add_privilege', 'Nova Host Manager',
                      privilege=['Nova Host Management', 'Nope'])
    assert result['completed'] == 1
    assert result['failed'] == {'member': {'privilege': [
        ['Nope', 'privilege not found']]}}
    result = ipa.call('role_add_member', 'Nova Host Manager',
                      service='nova/undercloud.example.test')
    assert result['completed'] == 1
    assert result['result']['member_service'] == [
        'nova/undercloud.example.test@EXAMPLE.TEST']
    assert result['result']['memberof_privilege'] == ['Nova Host Management']
    assert result['failed']['member']['service'] == []
    result = ipa.call('role_add_member', 'Nova Host Manager',
                      service='nova/undercloud.example.test',
                      host='ghost.example.test')
    assert result['completed'] == 0
    assert result['failed']['member']['service'] == [
        ['nova/undercloud.example.test', 'This entry is already a member']]
    assert result['failed']['member']['host'] == [
        ['ghost.example.test', 'no such entry']]
    shown = ipa.call('service_show', 'nova/undercloud.example.test')
    assert shown['result']['memberof_role'] == ['Nova Host Manager']


def test_privilege_refuses_non_permission_bindtype(ipa):
    ipa.call('privilege_add', 'p')
    with pytest.raises(errors.ValidationError):
        ipa.call('privilege_add_permission', 'p',
                 permission='System: Read Hosts')


def test_member_commands_on_missing_targets(ipa):
    with pytest.raises(errors.NotFound) as e:
        ipa.call('role_add_member', 'nope', user='admin')
    assert str(e.value) == 'nope: role not found'
    with pytest.raises(errors.NotFound):
        ipa.call('role_add_privilege', 'nope', privilege='Host Enrollment')


def test_batch_with_one_failing_call(ipa):
    result = ipa.call('batch', [
        {'method': 'host_add', 'params': [['vm1.example.test'],
                                          {'force': True}]},
        {'method': 'host_show', 'params': [['vm9.example.test'], {}]},
        {'method': 'host_show', 'params': [['vm1.example.test'],
                                           {'bogus': 1}]},
        {'method': 'nope', 'params': [[], {}]},
        {'params': [[], {}]},
    ])
    assert result['count'] == 5
    first, missing, bad_option, unknown, no_method = result['results']
    assert first['error'] is None
    assert first['value'] == 'vm1.example.test'
    assert missing == {'error': 'vm9.example.test: host not found',
                       'error_code': 4001, 'error_name': 'NotFound',
                       'error_kw': {'reason':
                                    'vm9.example.test: host not found'}}
    assert bad_option['error_name'] == 'ConversionError'
    assert bad_option['error'] == "invalid 'params': Unknown option: bogus"
    assert unknown['error_code'] == 905
    assert no_method['error'] == "'method' is required"


def test_batch_keeponly(ipa):
    ipa.call('host_add', 'vm1.example.test', force=True)
    result = ipa.call('batch', [
        {'method': 'host_show', 'params': [['vm1.example.test'], {}]}],
        keeponly=['fqdn'])
    assert result['results'][0]['result'] == {'fqdn': ['vm1.example.test']}


def test_wire_encoding_depends_on_client_version(ipa):
    ipa.call('dnsrecord_add', 'example.test', 'www', arecord='10.0.0.1')
    body = json.dumps({'method': 'dnsrecord_show', 'id': 7,
                       'params': [['example.test', 'www'],
                                  {'version': '2.257'}]})
    response, methods = rpc.execute(ipa, 'admin@EXAMPLE.TEST', body)
    answer = json.loads(response)
    assert methods == ['dnsrecord_show']
    assert answer['id'] == 7
    assert answer['error'] is None
    assert answer['principal'] == 'admin@EXAMPLE.TEST'
    assert answer['version'] == '4.13.1'
    assert answer['result']['value'] == {'__dns_name__': 'www'}
    body = json.dumps({'method': 'dnsrecord_show', 'id': 8,
                       'params': [['example.test', 'www'], {}]})
    answer = json.loads(rpc.execute(ipa, 'admin@EXAMPLE.TEST', body)[0])
    assert answer['result']['value'] == 'www'
    assert answer['result']['messages'][0]['name'] == 'VersionMissing'


def test_malformed_requests(ipa):
    answer = json.loads(rpc.execute(ipa, 'a@EXAMPLE.TEST', '{nope')[0])
    assert answer['error']['code'] == 909
    assert answer['error']['name'] == 'JSONError'
    answer = json.loads(rpc.execute(
        ipa, 'a@EXAMPLE.TEST', '{"method": "ping", "params": [[]]}')[0])
    assert answer['error']['message'] == (
        'Invalid JSON-RPC request: params must contain [args, options]')
    answer = json.loads(rpc.execute(
        ipa, 'a@EXAMPLE.TEST',
        '{"method": "host_show", "params": [[], {"version": "2.257"}]}')[0])
    assert answer['error'] == {'code': 3007, 'name': 'RequirementError',
                               'message': "'fqdn' is required",
                               'data': {'name': 'fqdn'}}
