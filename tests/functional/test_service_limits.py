"""What an instance may ask novajoin to manage, and how much of it, on the
test bed: novajoin-server and novajoin-notify as processes, the real KDC,
RabbitMQ and keystone, and the IPA emulator.

Refusals leave IPA as it was; a large plan that is allowed is written and
deleted in requests of at most the IPA client's batch size (50 calls).
"""

import json

import pytest

from novajoin.ipa import client as ipa_client
from tests.functional import test_notify as notify_bed
from tests.functional.test_notify import hosts
from tests.functional.test_notify import services
from tests.functional.test_server import assert_error
from tests.functional.test_server import Bed
from tests.functional.test_server import DOMAIN
from tests.functional.test_server import ENROLL
from tests.unit.test_notify import legacy_payload

# An IPA server inside novajoin's domain; the test bed's own answers as
# localhost, a name no service principal can have.
IPA_SERVER = 'ipa.%s' % DOMAIN

# novajoin-notify processes on RabbitMQ, as test_notify starts them
rabbit_vhost = notify_bed.rabbit_vhost
bus = notify_bed.bus
listeners = notify_bed.listeners


@pytest.fixture(scope='module')
def server(start_join_server):
    # an operator who listed the IPA server by mistake
    return start_join_server(sections={
        'demo': {'service_hosts': [IPA_SERVER]},
    })


@pytest.fixture
def ipa_server(ipa):
    """IPA whose server (as config_show names IPA's servers) is
    ipa.example.test, with the host entry every IPA server has."""
    with ipa.lock:
        bed_server = ipa.directory.server_hostname
        ipa.directory.server_hostname = IPA_SERVER
    ipa.add_host(IPA_SERVER)
    yield IPA_SERVER
    with ipa.lock:
        ipa.directory.server_hostname = bed_server


@pytest.fixture
def bed(server, ipa, ipa_server, openstack_cloud, keystone):
    return Bed(server, ipa, openstack_cloud, keystone)


def networks(count):
    return json.dumps(['net%d' % n for n in range(count)])


def ipa_requests(ipa):
    """JSON-RPC requests IPA answered (a batch is one), the config_show
    each server worker sends once apart."""
    counters = ipa.counters()
    return counters['requests'] - counters['methods'].get('config_show', 0)


# Names ---------------------------------------------------------------------

@pytest.mark.parametrize('principal, reason', [
    ('HTTP/www.google.com', 'outside the domain %s' % DOMAIN),
    ('krbtgt/%s' % DOMAIN, 'krbtgt principals are Kerberos\' own'),
    ('ldap/newhost.%s' % DOMAIN, 'ldap principals are IPA servers\' own'),
    ('HTTP/%s' % IPA_SERVER, '%s is an IPA server' % IPA_SERVER),
])
def test_principal_no_instance_may_manage_is_403(bed, principal, reason):
    before = bed.ipa.dump()
    response = bed.ask(bed.instance(
        'ctl1', dict(ENROLL, managed_service_x=principal)))
    assert_error(response, 403)
    assert reason in response.json()['error']['message']
    assert bed.ipa.dump() == before
    # refused before IPA is even asked about the hosts
    assert not {'batch', 'host_add', 'host_mod'} & set(bed.methods())


def test_compact_service_named_as_ipa_servers_services_is_403(bed):
    before = bed.ipa.dump()
    response = bed.ask(bed.instance(
        'ctl2', dict(ENROLL, compact_service_ldap='["ctlplane"]')))
    assert_error(response, 403)
    assert bed.ipa.dump() == before


def test_tripleo_vip_is_still_created_for_the_project(bed):
    metadata = dict(ENROLL, compact_service_HTTP='["internalapi"]',
                    managed_service_vip='haproxy/overcloud.internalapi.%s'
                    % DOMAIN)
    body = bed.instance('ctl3', metadata)
    response = bed.ask(body)
    assert response.status_code == 200, response.text
    vip = bed.host('overcloud.internalapi.%s' % DOMAIN)
    assert json.loads(vip['description'][0]) == {
        'novajoin_metadata': {'project_id': body['project-id']}}


# Limits --------------------------------------------------------------------

def test_a_thousand_networks_are_400_and_write_nothing(bed):
    before = bed.ipa.dump()
    response = bed.ask(bed.instance(
        'ctl4', dict(ENROLL, compact_service_HTTP=networks(1000))))
    assert_error(response, 400)
    assert ('asks for 1000 services; one instance may have at most 256'
            in response.json()['error']['message'])
    assert bed.ipa.dump() == before
    assert bed.requests() == 0


def test_large_plan_is_written_and_deleted_in_several_requests(
        bed, bus, listeners):
    """30 networks: 31 hosts and 30 services, 91 writes and 62 deletes."""
    assert ipa_client.DEFAULT_BATCH_SIZE == 50
    metadata = dict(ENROLL, compact_service_HTTP=networks(30))
    body = bed.instance('ctl5', metadata)
    response = bed.ask(body)
    assert response.status_code == 200, response.text
    # the look-up of 31 hosts, then 1 + 30 + 2 * 30 writes in 50 and 41
    assert bed.requests() == 3
    assert bed.methods()['batch'] == 3
    assert bed.stored_otp('ctl5.%s' % DOMAIN) == response.json()['ipaotp']
    assert len(services(bed.ipa)) == 30

    listener = listeners()
    written = ipa_requests(bed.ipa)
    bus.nova('compute.instance.delete.end', legacy_payload(
        metadata, instance_id=body['instance-id'], hostname='ctl5',
        project_id=body['project-id']))
    listener.wait_for_line('Removed deleted instance %s'
                           % body['instance-id'])
    assert hosts(bed.ipa) == {IPA_SERVER}
    assert services(bed.ipa) == set()
    # 31 host_show and what the host manages in 50; 31 host_del and
    # 31 dnsrecord_del in 50 and 12
    assert ipa_requests(bed.ipa) - written == 3


def test_listener_holds_services_added_after_boot_to_the_same_rules(
        bed, bus, listeners):
    body = bed.instance('ctl6', ENROLL)
    assert bed.ask(body).status_code == 200
    listener = listeners()
    before = bed.ipa.dump()
    for metadata, refusal in [
            (dict(ENROLL, compact_service_HTTP=networks(1000)),
             'asks for 1000 services'),
            (dict(ENROLL, managed_service_x='HTTP/www.google.com'),
             'outside the domain %s' % DOMAIN)]:
        bus.nova('compute.instance.update', legacy_payload(
            metadata, instance_id=body['instance-id'], hostname='ctl6',
            project_id=body['project-id']))
        listener.wait_for_line(refusal)
    assert bed.ipa.dump() == before
