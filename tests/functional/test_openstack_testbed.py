"""The OpenStack test bed: real keystone tokens, a cloud stub that checks
them and is found through keystone's catalog."""

import uuid

from glanceclient.v2 import client as glance_client
from keystoneclient.v3 import client as keystone_client
from novaclient import client as nova_client
import requests

from novajoin.testing import openstack


def test_tokens_carry_the_roles_of_each_user(keystone):
    for user, project, role in (('nova', 'service', 'admin'),
                                ('svc', 'infra', 'service'),
                                ('demo', 'demo', 'member')):
        response = requests.get(
            keystone.auth_url + '/auth/tokens',
            headers={'X-Auth-Token': keystone.token('admin'),
                     'X-Subject-Token': keystone.token(user)})
        assert response.status_code == 200
        token = response.json()['token']
        assert token['user']['name'] == user
        assert token['project']['id'] == keystone.project_id(project)
        roles = {r['name'] for r in token['roles']}
        assert role in roles
        # only svc may pass novajoin's policy by role
        assert ('service' in roles) == (user == 'svc')


def test_clients_find_the_stub_in_the_catalog(keystone, openstack_cloud):
    image_id = openstack_cloud.add_image({'ipa_enroll': 'True'})
    server_id = str(uuid.uuid4())
    openstack_cloud.add_server(server_id, 'vm1', keystone.project_id('demo'),
                               metadata={'ipa_enroll': 'True'},
                               image_id=image_id)
    session = keystone.session('nova')
    options = openstack.service_credentials(keystone)
    glance = glance_client.Client(session=session,
                                  region_name=options['region_name'])
    assert glance.images.get(image_id)['ipa_enroll'] == 'True'
    server = nova_client.Client('2.1', session=session).servers.get(
        server_id)
    assert server.tenant_id == keystone.project_id('demo')
    assert server.image == {'id': image_id}
    projects = keystone_client.Client(session=session, interface='internal')
    assert projects.projects.get(keystone.project_id('demo')).name == 'demo'
    assert openstack_cloud.requests == {'image': 1, 'image_schema': 1,
                                        'server': 1}


def test_the_stub_refuses_requests_without_a_valid_token(openstack_cloud):
    image_id = openstack_cloud.add_image()
    url = openstack_cloud.url + '/v2/images/' + image_id
    assert requests.get(url).status_code == 401
    assert requests.get(url, headers={'X-Auth-Token': 'forged'}
                        ).status_code == 401
    assert openstack_cloud.requests == {'unauthorized': 2}


def test_ports_name_their_device(openstack_cloud, keystone):
    openstack_cloud.add_port('port-1', 'server-1', ['192.0.2.10'])
    response = requests.get(
        openstack_cloud.url + '/v2.0/ports/port-1',
        headers={'X-Auth-Token': keystone.token('nova')})
    port = response.json()['port']
    assert port['device_id'] == 'server-1'
    assert port['fixed_ips'][0]['ip_address'] == '192.0.2.10'
    missing = requests.get(
        openstack_cloud.url + '/v2.0/ports/port-2',
        headers={'X-Auth-Token': keystone.token('nova')})
    assert missing.status_code == 404
