"""Removal of deleted instances, against the IPA emulator's commands.

``EmulatedIPA`` is the real IPAClient on a transport that runs each call
in an in-process emulator, so that results, batches and errors are
FreeIPA's, and requests can be counted.
"""

import json

import pytest

from novajoin.conf import ipa as ipa_conf
from novajoin import instances
from novajoin.ipa import client as ipa_client
from novajoin.ipa.errors import ipa_errors
from novajoin.ipa import transport
from novajoin import ownership
from novajoin import removal
from novajoin.testing.emulator import IPAEmulator

DOMAIN = 'example.test'
SETTINGS = ipa_conf.IPASettings(
    url='https://ipa.example.test/ipa/json', realm='EXAMPLE.TEST',
    domain=DOMAIN, principal='nova/api.example.test@EXAMPLE.TEST',
    keytab='/k', ca_cert=None, connect_retries=0, retry_delay=0)


class EmulatorTransport:
    """JSONRPCTransport's call(), answered by an in-process emulator."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.requests = []
        self.fail_with = None

    def call(self, method, args=(), options=None):
        self.requests.append(method)
        if self.fail_with is not None:
            raise self.fail_with
        result = self.emulator.call(method, *args, **(options or {}))
        # the wire's encoding, decoded as the transport decodes it
        return transport.loads(json.dumps(result))


class EmulatedIPA(ipa_client.IPAClient):
    def __init__(self, emulator):
        self.url = 'emulated'
        self.principal = 'nova/api.example.test@EXAMPLE.TEST'
        self._transport = EmulatorTransport(emulator)

    @property
    def requests(self):
        return self._transport.requests


class Names:
    def __init__(self, values):
        self.values = values

    def name(self, key):
        return self.values[key]

    def properties(self, key):
        return self.values[key]


def resolver(project_subdomain=False):
    return instances.InstanceResolver(
        SETTINGS, Names({'p-1': 'demo', 'p-2': 'other'}), Names({}),
        project_subdomain=project_subdomain)


@pytest.fixture
def emulator():
    return IPAEmulator(realm='EXAMPLE.TEST', domain=DOMAIN)


@pytest.fixture
def ipa(emulator):
    return EmulatedIPA(emulator)


def remover(ipa, project_subdomain=False):
    return removal.Remover(ipa, resolver(project_subdomain))


def instance(metadata=None, instance_id='i-1', project_id='p-1',
             hostname='web'):
    return instances.Instance(instance_id, project_id, hostname,
                              {'ipa_enroll': 'True', **(metadata or {})})


def own(instance_id='i-1', project_id='p-1'):
    return ownership.instance_description(instance_id, project_id)


def shared(project_id='p-1'):
    return ownership.shared_description(project_id)


def add_service(emulator, principal, *managers):
    emulator.call('service_add', principal, force=True)
    if managers:
        emulator.call('service_add_host', principal, host=list(managers))


def add_address(emulator, name, address):
    emulator.call('dnsrecord_add', DOMAIN, name, a_part_ip_address=address)


def hosts(emulator):
    return set(emulator.dump()['hosts'])


def services(emulator):
    return {principal.split('@')[0]
            for principal in emulator.dump()['services']}


def records(emulator):
    return set(emulator.dump()['dnszones'][DOMAIN + '.']['records']) - {'@'}


COMPACT = {'compact_service_HTTP': '["ctlplane", "internalapi"]'}


def test_host_and_its_records_go_in_two_requests(emulator, ipa):
    emulator.add_host('web.example.test', description=own(),
                      has_keytab=True)
    add_address(emulator, 'web', '192.0.2.10')
    add_service(emulator, 'HTTP/web.example.test')
    result = remover(ipa).remove(instance())
    assert result.hosts == ('web.example.test',)
    assert hosts(emulator) == set()
    assert services(emulator) == set()
    assert records(emulator) == set()
    assert ipa.requests == ['batch', 'batch']


def test_host_without_records_is_removed(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    assert remover(ipa).remove(instance()).hosts == ('web.example.test',)
    assert hosts(emulator) == set()


def test_host_already_gone_is_success(emulator, ipa):
    result = remover(ipa).remove(instance())
    assert not result
    assert result.fqdn == 'web.example.test'
    assert ipa.requests == ['batch']


def test_removing_twice_is_harmless(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    remover(ipa).remove(instance())
    assert not remover(ipa).remove(instance())


@pytest.mark.parametrize('description', [
    own('i-other'),
    own('i-other', 'p-2'),
    shared(),
    'a host made by hand',
    None,
])
def test_host_novajoin_did_not_make_for_the_instance_stays(
        emulator, ipa, description):
    emulator.add_host('web.example.test', description=description)
    add_address(emulator, 'web', '192.0.2.10')
    result = remover(ipa).remove(instance())
    assert not result
    assert result.foreign == ('web.example.test',)
    assert hosts(emulator) == {'web.example.test'}
    assert records(emulator) == {'web'}
    assert ipa.requests == ['batch']


def test_host_of_older_novajoin_is_removed(emulator, ipa):
    emulator.add_host('web.example.test',
                      description='IPA host for web.example.test')
    assert remover(ipa).remove(instance()).hosts == ('web.example.test',)


def test_project_subdomain_names_the_host(emulator, ipa):
    emulator.add_host('web.demo.example.test', description=own())
    add_address(emulator, 'web.demo', '192.0.2.10')
    result = remover(ipa, project_subdomain=True).remove(instance())
    assert result.hosts == ('web.demo.example.test',)
    assert records(emulator) == set()


def test_compact_service_sub_hosts_go_with_the_host(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    for network in ('ctlplane', 'internalapi'):
        sub_host = 'web.%s.example.test' % network
        emulator.add_host(sub_host, description=own())
        add_service(emulator, 'HTTP/%s' % sub_host, 'web.example.test')
        add_address(emulator, 'web.%s' % network, '192.0.2.11')
    result = remover(ipa).remove(instance(COMPACT))
    assert set(result.hosts) == {'web.example.test',
                                 'web.ctlplane.example.test',
                                 'web.internalapi.example.test'}
    assert hosts(emulator) == set()
    assert services(emulator) == set()
    assert records(emulator) == set()
    assert ipa.requests == ['batch', 'batch']


def test_sub_host_of_another_instance_stays(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    emulator.add_host('web.ctlplane.example.test',
                      description=own('i-other'))
    emulator.add_host('web.internalapi.example.test', description=own())
    result = remover(ipa).remove(instance(COMPACT))
    assert result.foreign == ('web.ctlplane.example.test',)
    assert hosts(emulator) == {'web.ctlplane.example.test'}


def test_sub_hosts_go_even_when_the_host_is_gone(emulator, ipa):
    emulator.add_host('web.ctlplane.example.test', description=own())
    result = remover(ipa).remove(instance(COMPACT))
    assert result.hosts == ('web.ctlplane.example.test',)
    assert hosts(emulator) == set()


MANAGED = {'managed_service_vip': 'HTTP/vip.example.test'}


def test_shared_host_goes_with_its_last_manager(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    emulator.add_host('vip.example.test', description=shared())
    add_service(emulator, 'HTTP/vip.example.test', 'web.example.test')
    add_address(emulator, 'vip', '192.0.2.20')
    result = remover(ipa).remove(instance(MANAGED))
    assert set(result.hosts) == {'web.example.test', 'vip.example.test'}
    assert hosts(emulator) == set()
    assert services(emulator) == set()
    assert records(emulator) == set()
    assert ipa.requests == ['batch', 'batch']


def test_service_another_host_still_manages_stays(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    emulator.add_host('db.example.test', description=own('i-2'))
    emulator.add_host('vip.example.test', description=shared())
    add_service(emulator, 'HTTP/vip.example.test', 'web.example.test',
                'db.example.test')
    result = remover(ipa).remove(instance(MANAGED))
    assert result.hosts == ('web.example.test',)
    assert hosts(emulator) == {'db.example.test', 'vip.example.test'}
    service = emulator.call('service_show', 'HTTP/vip.example.test')
    assert service['result']['managedby_host'] == ['vip.example.test',
                                                   'db.example.test']


def test_only_the_orphaned_service_of_a_shared_host_goes(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    emulator.add_host('db.example.test', description=own('i-2'))
    emulator.add_host('vip.example.test', description=shared())
    add_service(emulator, 'HTTP/vip.example.test', 'web.example.test')
    add_service(emulator, 'mysql/vip.example.test', 'db.example.test')
    result = remover(ipa).remove(instance(MANAGED))
    assert result.services == ('HTTP/vip.example.test@EXAMPLE.TEST',)
    assert hosts(emulator) == {'db.example.test', 'vip.example.test'}
    assert services(emulator) == {'mysql/vip.example.test'}


@pytest.mark.parametrize('description', [
    shared('p-2'),
    own('i-2'),
    'an operator\'s VIP',
])
def test_service_host_novajoin_did_not_share_with_the_project_stays(
        emulator, ipa, description):
    emulator.add_host('web.example.test', description=own())
    emulator.add_host('vip.example.test', description=description)
    add_service(emulator, 'HTTP/vip.example.test', 'web.example.test')
    assert remover(ipa).remove(instance(MANAGED)).hosts == (
        'web.example.test',)
    assert hosts(emulator) == {'vip.example.test'}
    assert services(emulator) == {'HTTP/vip.example.test'}


def test_shared_host_the_metadata_no_longer_names_is_found(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    emulator.add_host('vip.example.test', description=shared())
    add_service(emulator, 'HTTP/vip.example.test', 'web.example.test')
    result = remover(ipa).remove(instance())
    assert set(result.hosts) == {'web.example.test', 'vip.example.test'}
    assert ipa.requests == ['batch', 'batch', 'batch']


def test_sub_host_the_metadata_no_longer_names_is_found(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    emulator.add_host('web.ctlplane.example.test', description=own())
    emulator.add_host('db.example.test', description=own('i-2'))
    add_service(emulator, 'HTTP/web.ctlplane.example.test',
                'web.example.test')
    add_service(emulator, 'mysql/db.example.test', 'web.example.test')
    result = remover(ipa).remove(instance())
    assert set(result.hosts) == {'web.example.test',
                                 'web.ctlplane.example.test'}
    assert hosts(emulator) == {'db.example.test'}
    assert services(emulator) == {'mysql/db.example.test'}


def test_service_substring_matches_do_not_count(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    emulator.add_host('vip.example.test', description=shared())
    emulator.add_host('a.vip.example.test', description=own('i-3'))
    add_service(emulator, 'HTTP/vip.example.test', 'web.example.test')
    add_service(emulator, 'HTTP/a.vip.example.test')
    result = remover(ipa).remove(instance(MANAGED))
    assert 'vip.example.test' in result.hosts
    assert hosts(emulator) == {'a.vip.example.test'}


def test_unreadable_service_metadata_still_removes_the_host(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    result = remover(ipa).remove(instance(
        {'compact_service_HTTP': 'not json'}))
    assert result.hosts == ('web.example.test',)


def test_ipa_refusing_a_deletion_is_raised_after_the_rest(emulator, ipa,
                                                          monkeypatch):
    emulator.add_host('web.example.test', description=own())
    emulator.add_host('web.ctlplane.example.test', description=own())
    real_batch = ipa.batch

    def refusing_batch(calls):
        results = real_batch(calls)
        return [ipa_errors.ACIError(info='no delete right')
                if c.method == 'host_del' and c.args[0].startswith(
                    'web.ctlplane') else r
                for c, r in zip(calls, results)]

    monkeypatch.setattr(ipa, 'batch', refusing_batch)
    with pytest.raises(ipa_errors.ACIError):
        remover(ipa).remove(instance(COMPACT))
    assert 'web.example.test' not in hosts(emulator)


def test_dns_refusal_does_not_fail_the_removal(emulator, ipa, monkeypatch):
    emulator.add_host('web.example.test', description=own())
    real_batch = ipa.batch

    def refusing_batch(calls):
        return [ipa_errors.ACIError(info='no DNS right')
                if c.method == 'dnsrecord_del' else r
                for c, r in zip(calls, real_batch(calls))]

    monkeypatch.setattr(ipa, 'batch', refusing_batch)
    assert remover(ipa).remove(instance()).hosts == ('web.example.test',)


def test_unreachable_ipa_raises_and_changes_nothing(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    ipa._transport.fail_with = ipa_client.errors.IPAUnavailable(
        'emulated', 3, 'connection refused')
    with pytest.raises(ipa_client.errors.IPAUnavailable):
        remover(ipa).remove(instance())
    assert hosts(emulator) == {'web.example.test'}
