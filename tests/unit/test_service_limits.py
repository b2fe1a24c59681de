"""What an instance may ask novajoin to manage, and how much of it.

The names a service may have and the hosts it may lie on (DESIGN
"Ownership"), the limits of [DEFAULT] max_services_per_instance and
max_service_hosts_per_instance, and the IPA client's batches split into
requests of at most batch_size calls.
"""

import json

import pytest

from novajoin.conf import limits as limits_conf
from novajoin.conf import projects as project_conf
from novajoin import enrollment
from novajoin import exception
from novajoin.ipa import errors as ipa_client_errors
from novajoin import removal
from novajoin.testing.emulator import IPAEmulator
from tests.unit import test_enrollment as fakes
from tests.unit.test_ipa_client import make_client
from tests.unit.test_removal import EmulatedIPA
from tests.unit.test_removal import hosts
from tests.unit.test_removal import resolver
from tests.unit.test_removal import services

# fakes.SETTINGS: novajoin's domain example.test, IPA at ipa.example.test
REPLICA = 'replica.example.test'
HIDDEN_REPLICA = 'hidden.example.test'


def project_settings(name):
    listed = {'demo': {'vip.example.test', 'nfs.storage.test',
                       'ldap.example.test', 'ipa.example.test', REPLICA,
                       'ipa-ca.example.test', 'example.test'}}
    return project_conf.ProjectSettings((), frozenset(listed.get(name, ())))


@pytest.fixture
def ipa():
    ipa = fakes.FakeIPA()
    ipa.config['ipa_master_server'] = ['ipa.example.test', REPLICA]
    ipa.config['ipa_master_hidden_server'] = [HIDDEN_REPLICA]
    return ipa


def enroller(ipa, limits=limits_conf.ServiceLimits()):
    return enrollment.Enroller(ipa, fakes.enroller(ipa).instances,
                               project_settings, limits)


def managing(principal, project_id='p-1'):
    return fakes.instance({'managed_service_x': principal},
                          project_id=project_id)


def assert_nothing_written(ipa):
    assert ipa.hosts == {} and ipa.services == {}
    assert not {'host_add', 'host_mod', 'service_add'} & set(ipa.methods)


# Names --------------------------------------------------------------------

@pytest.mark.parametrize('principal, reason', [
    ('HTTP/www.google.com', 'outside the domain example.test'),
    ('krbtgt/example.test', 'Kerberos\' own'),
    ('krbtgt/OTHER.example.test', 'Kerberos\' own'),
    ('KRBTGT/other.example.test', 'Kerberos\' own'),
    ('kadmin/admin.example.test', 'Kerberos\' own'),
    ('K/m.example.test', 'Kerberos\' own'),
    ('WELLKNOWN/anonymous.example.test', 'Kerberos\' own'),
    ('host/db.example.test', 'a host\'s own keys'),
    ('ldap/newhost.example.test', 'IPA servers\' own'),
    ('DNS/ns.example.test', 'IPA servers\' own'),
    ('dogtag/ca.example.test', 'IPA servers\' own'),
    ('ipa-dnskeysyncd/ns.example.test', 'IPA servers\' own'),
    ('HTTP/example.test', 'the domain itself'),
    ('HTTP/ipa.example.test', 'ipa.example.test is an IPA server'),
    ('cifs/ipa.example.test', 'ipa.example.test is an IPA server'),
    ('HTTP/%s' % REPLICA, '%s is an IPA server' % REPLICA),
    ('HTTP/%s' % HIDDEN_REPLICA, '%s is an IPA server' % HIDDEN_REPLICA),
    ('HTTP/ipa-ca.example.test', 'IPA\'s certificate authority'),
])
def test_principal_no_instance_may_manage_is_403(ipa, principal, reason):
    with pytest.raises(exception.NotAllowed) as error:
        enroller(ipa).enroll(managing(principal, project_id='p-2'))
    assert error.value.code == 403
    assert principal.lower().split('/')[1] in str(error.value).lower()
    assert reason in str(error.value)
    assert_nothing_written(ipa)


@pytest.mark.parametrize('principal', [
    'host/vip.example.test', 'krbtgt/vip.example.test',
    'HTTP/ipa.example.test', 'HTTP/%s' % REPLICA,
    'HTTP/ipa-ca.example.test', 'HTTP/example.test',
])
def test_listing_a_host_does_not_lift_the_rules_of_kerberos_and_ipa(
        ipa, principal):
    with pytest.raises(exception.NotAllowed):
        enroller(ipa).enroll(managing(principal))
    assert_nothing_written(ipa)


def test_names_are_refused_before_ipa_is_asked_anything(ipa):
    with pytest.raises(exception.NotAllowed):
        enroller(ipa).enroll(managing('krbtgt/example.test'))
    assert ipa.methods == []


@pytest.mark.parametrize('service', ['host', 'krbtgt', 'ldap', 'DNS'])
def test_compact_service_with_a_name_of_kerberos_or_ipa_is_403(ipa,
                                                               service):
    with pytest.raises(exception.NotAllowed) as error:
        enroller(ipa).enroll(fakes.instance(
            {'compact_service_%s' % service: '["ctlplane"]'}))
    assert '%s/web-1.ctlplane.example.test' % service in str(error.value)
    assert_nothing_written(ipa)


def test_legacy_compact_services_are_held_to_the_same_names(ipa):
    with pytest.raises(exception.NotAllowed):
        enroller(ipa).enroll(fakes.instance(
            {'compact_services': json.dumps({'ldap': ['ctlplane']})}))
    assert_nothing_written(ipa)


def test_tripleo_vips_are_created_as_hosts_of_the_project(ipa):
    """A controller manages haproxy and HTTP on VIP names that no host
    has yet: they become hosts shared by the project's instances."""
    metadata = {
        'managed_service_haproxy_ctlplane':
            'haproxy/overcloud.ctlplane.example.test',
        'managed_service_http_internalapi':
            'HTTP/overcloud.internalapi.example.test',
        'compact_service_HTTP': '["ctlplane", "internalapi"]',
    }
    enroller(ipa).enroll(fakes.instance(metadata, project_id='p-2'))
    for vip in ('overcloud.ctlplane.example.test',
                'overcloud.internalapi.example.test'):
        assert fakes.description(ipa.hosts[vip]) == {'project_id': 'p-2'}
    assert ipa.services['HTTP/overcloud.internalapi.example.test'] == {
        'web-1.example.test'}


def test_service_host_listed_for_the_project_may_lie_outside_the_domain(
        ipa):
    ipa.hosts['nfs.storage.test'] = {'fqdn': ['nfs.storage.test'],
                                     'description': ['an operator\'s NAS']}
    enroller(ipa).enroll(managing('nfs/nfs.storage.test'))
    assert ipa.services['nfs/nfs.storage.test'] == {'web-1.example.test'}


def test_ipa_names_of_a_listed_host_are_the_operators_word(ipa):
    ipa.hosts['ldap.example.test'] = {'fqdn': ['ldap.example.test'],
                                      'description': ['an OpenLDAP']}
    enroller(ipa).enroll(managing('ldap/ldap.example.test'))
    assert ipa.services['ldap/ldap.example.test'] == {'web-1.example.test'}


def test_ipa_that_names_no_servers_has_the_one_novajoin_talks_to(ipa):
    del ipa.config['ipa_master_server']
    with pytest.raises(exception.NotAllowed) as error:
        enroller(ipa).enroll(managing('HTTP/ipa.example.test'))
    assert 'ipa.example.test is an IPA server' in str(error.value)


def test_services_added_after_boot_are_held_to_the_same_names(ipa):
    one = enroller(ipa)
    one.enroll(fakes.instance())
    before = json.dumps(ipa.hosts)
    ipa.methods.clear()
    with pytest.raises(exception.NotAllowed):
        one.update_services(managing('HTTP/www.google.com'))
    assert json.dumps(ipa.hosts) == before
    assert ipa.services == {}
    assert ipa.methods == []


# Limits -------------------------------------------------------------------

def networks(count):
    return json.dumps(['net%d' % n for n in range(count)])


def test_a_thousand_networks_are_400_and_write_nothing(ipa):
    with pytest.raises(enrollment.TooManyServices) as error:
        enroller(ipa).enroll(fakes.instance(
            {'compact_service_HTTP': networks(1000)}))
    assert error.value.code == 400
    assert ('asks for 1000 services; one instance may have at most 256 '
            '(max_services_per_instance)') in str(error.value)
    assert ipa.methods == []
    assert ipa.hosts == {}


def test_services_on_more_hosts_than_allowed_are_400(ipa):
    limits = limits_conf.ServiceLimits(max_services=10, max_service_hosts=3)
    metadata = {'compact_service_HTTP': networks(2),
                'managed_service_a': 'HTTP/a.example.test',
                'managed_service_b': 'HTTP/b.example.test'}
    with pytest.raises(enrollment.TooManyServices) as error:
        enroller(ipa, limits).enroll(fakes.instance(metadata))
    assert ('services on 4 hosts besides its own; one instance may have at '
            'most 3 (max_service_hosts_per_instance)') in str(error.value)
    assert ipa.methods == []


def test_every_service_counts_compact_and_managed(ipa):
    limits = limits_conf.ServiceLimits(max_services=4, max_service_hosts=9)
    metadata = {'compact_service_HTTP': networks(2),
                'compact_service_mysql': networks(2),
                'managed_service_a': 'HTTP/a.example.test'}
    with pytest.raises(enrollment.TooManyServices) as error:
        enroller(ipa, limits).enroll(fakes.instance(metadata))
    assert 'asks for 5 services' in str(error.value)
    del metadata['managed_service_a']
    enroller(ipa, limits).enroll(fakes.instance(metadata))
    assert len(ipa.services) == 4


def test_services_added_after_boot_are_held_to_the_limits(ipa):
    one = enroller(ipa)
    one.enroll(fakes.instance())
    ipa.methods.clear()
    with pytest.raises(enrollment.TooManyServices):
        one.update_services(fakes.instance(
            {'compact_service_HTTP': networks(65)}))
    assert ipa.methods == []


def test_limits_come_from_join_conf(join_conf):
    assert join_conf.max_services_per_instance == 256
    assert join_conf.max_service_hosts_per_instance == 64
    join_conf.set_override('max_services_per_instance', 12)
    join_conf.set_override('max_service_hosts_per_instance', 3)
    assert limits_conf.service_limits(join_conf) == limits_conf.ServiceLimits(
        max_services=12, max_service_hosts=3)


# Batches split in requests ------------------------------------------------

def batch_output(count, first=0):
    return {'count': count, 'results': [
        {'result': {'fqdn': ['h%d.example.test' % n]}, 'error': None}
        for n in range(first, first + count)]}


class CountingTransport:
    """Answers each batch with one result per call, in order."""

    def __init__(self):
        self.batches = []

    def call(self, method, args=(), options=None):
        assert method == 'batch'
        first = sum(self.batches)
        self.batches.append(len(args))
        return batch_output(len(args), first)


def test_batch_is_sent_in_requests_of_batch_size_results_in_order():
    client = make_client()
    client.batch_size = 4
    client._transport = CountingTransport()
    results = client.batch([client.calls.host_show('h%d.example.test' % n)
                            for n in range(10)])
    assert client._transport.batches == [4, 4, 2]
    assert [r['fqdn'][0] for r in results] == [
        'h%d.example.test' % n for n in range(10)]


def test_batch_of_nothing_sends_nothing():
    client = make_client()
    client._transport = CountingTransport()
    assert client.batch([]) == []
    assert client._transport.batches == []


def test_default_batch_size_keeps_requests_short():
    client = make_client()
    client._transport = CountingTransport()
    client.batch([client.calls.host_show('h.example.test')] * 120)
    assert client._transport.batches == [50, 50, 20]


def test_request_that_fails_raises_and_the_ones_before_stay_done():
    client = make_client()
    client.batch_size = 2
    transport = CountingTransport()
    sent = transport.call

    def failing_third(method, args=(), options=None):
        if len(transport.batches) == 2:
            raise ipa_client_errors.IPAUnavailable('x', 3, 'timed out')
        return sent(method, args, options)

    transport.call = failing_third
    client._transport = transport
    with pytest.raises(ipa_client_errors.IPAUnavailable):
        client.batch([client.calls.host_show('h.example.test')] * 6)
    assert transport.batches == [2, 2]


class RecordingEmulatedIPA(EmulatedIPA):
    """The real client on the in-process emulator, keeping what each
    request held."""

    def __init__(self, emulator, batch_size):
        super().__init__(emulator)
        self.batch_size = batch_size
        self.sent = []
        call = self._transport.call

        def recording(method, args=(), options=None):
            self.sent.append([item['method'] for item in args]
                             if method == 'batch' else [method])
            return call(method, args, options)

        self._transport.call = recording


@pytest.fixture
def emulator():
    return IPAEmulator(realm='EXAMPLE.TEST', domain='example.test')


def emulated_enroller(ipa):
    return enrollment.Enroller(ipa, resolver(), project_settings)


def test_large_plan_is_written_in_several_requests_the_otp_first(emulator):
    ipa = RecordingEmulatedIPA(emulator, batch_size=10)
    metadata = {'compact_service_HTTP': networks(6),
                'compact_service_mysql': networks(6)}
    answer = emulated_enroller(ipa).enroll(fakes.instance(metadata,
                                                          hostname='web'))
    writes = ipa.sent[2:]
    # config_show, one look-up of the 7 hosts, then 1 + 6 + 2 * 12 writes
    assert ipa.sent[0] == ['config_show'] and len(ipa.sent[1]) == 7
    assert [len(request) for request in writes] == [10, 10, 10, 1]
    assert writes[0][0] == 'host_add'
    host = emulator.call('host_show', 'web.example.test', all=True)
    assert host['result']['has_password'] and answer['ipaotp']
    assert len(services(emulator)) == 12


def test_plain_enrollment_stays_one_request(emulator):
    ipa = RecordingEmulatedIPA(emulator, batch_size=1)
    one = emulated_enroller(ipa)
    one.max_host_name_length()
    ipa.sent.clear()
    assert 'ipaotp' in one.enroll(fakes.instance(hostname='web'))
    assert ipa.sent == [['host_add']]


def test_large_removal_deletes_in_several_requests(emulator):
    ipa = RecordingEmulatedIPA(emulator, batch_size=10)
    metadata = {'compact_service_HTTP': networks(12)}
    instance = fakes.instance(metadata, hostname='web')
    emulated_enroller(ipa).enroll(instance)
    assert len(hosts(emulator)) == 13
    ipa.sent.clear()
    result = removal.Remover(ipa, resolver()).remove(instance)
    assert len(result.hosts) == 13
    assert hosts(emulator) == set() and services(emulator) == set()
    # 13 host_show + service_find of what the host manages, then
    # host_del and dnsrecord_del of every host
    assert [len(request) for request in ipa.sent] == [10, 4, 10, 10, 6]
    assert all(len(request) <= 10 for request in ipa.sent)
