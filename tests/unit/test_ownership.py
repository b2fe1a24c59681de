import json

from novajoin import ownership


def host(description):
    return {'fqdn': ['web.example.test'], 'description': [description]}


def test_instance_description_is_what_novajoin_1_3_wrote():
    metadata = json.loads(ownership.instance_description('i-1', 'p-1'))
    assert metadata == {'novajoin_metadata': {'nova_instance_id': 'i-1',
                                              'project_id': 'p-1'}}


def test_owner_of_an_instance_host():
    owner = ownership.host_owner(
        host(ownership.instance_description('i-1', 'p-1')))
    assert owner.is_instance('i-1') and not owner.is_instance('i-2')
    assert owner.is_project('p-1') and not owner.is_project('p-2')


def test_owner_written_by_novajoin_1_3_names_only_the_instance():
    owner = ownership.host_owner(host(
        ' { "novajoin_metadata" : {"nova_instance_id": "i-1"} } '))
    assert owner.is_instance('i-1')
    assert owner.project_id is None and not owner.legacy


def test_shared_host_names_only_the_project():
    owner = ownership.host_owner(host(ownership.shared_description('p-1')))
    assert owner.instance_id is None and owner.is_project('p-1')
    assert not owner.is_instance(None)


def test_legacy_description_is_recognised():
    owner = ownership.host_owner(host('IPA host for web.example.test'))
    assert owner.legacy and owner.instance_id is None


def test_hosts_novajoin_did_not_make_have_no_owner():
    for description in ('a web server', '{"other": 1}', '[1]',
                        '{"novajoin_metadata": "x"}',
                        '{"novajoin_metadata": {}}', ''):
        assert ownership.host_owner(host(description)) is None
    assert ownership.host_owner({'fqdn': ['web.example.test']}) is None
    assert ownership.host_owner({'description': []}) is None
