"""Floating IP address records, against the IPA emulator's commands."""

import pytest

from novajoin import instances
from novajoin.notify import addresses
from novajoin.testing.emulator import IPAEmulator
from tests.unit.test_removal import add_address
from tests.unit.test_removal import DOMAIN
from tests.unit.test_removal import EmulatedIPA
from tests.unit.test_removal import own
from tests.unit.test_removal import resolver
from tests.unit.test_removal import shared

ADDRESS = '203.0.113.7'


@pytest.fixture
def emulator():
    return IPAEmulator(realm='EXAMPLE.TEST', domain=DOMAIN)


@pytest.fixture
def ipa(emulator):
    return EmulatedIPA(emulator)


def floating(ipa, project_subdomain=False):
    return addresses.FloatingAddresses(ipa, resolver(project_subdomain))


def instance(instance_id='i-1', hostname='web'):
    return instances.Instance(instance_id, 'p-1', hostname,
                              {'ipa_enroll': 'True'})


def records(emulator):
    zone = emulator.dump()['dnszones'][DOMAIN + '.']['records']
    return {name: record.get('arecord', []) + record.get('aaaarecord', [])
            for name, record in zone.items() if name != '@'}


def test_associate_adds_the_address_in_two_requests(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    assert floating(ipa).associate(instance(), ADDRESS)
    assert records(emulator) == {'web': [ADDRESS]}
    assert ipa.requests == ['batch', 'batch']


def test_associate_twice_is_harmless(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    floating(ipa).associate(instance(), ADDRESS)
    assert floating(ipa).associate(instance(), ADDRESS)
    assert records(emulator) == {'web': [ADDRESS]}


def test_associate_in_the_project_subdomain(emulator, ipa):
    emulator.add_host('web.demo.example.test', description=own())
    floating(ipa, project_subdomain=True).associate(instance(), ADDRESS)
    assert records(emulator) == {'web.demo': [ADDRESS]}


def test_ipv6_address_gets_an_aaaa_record(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    floating(ipa).associate(instance(), '2001:db8::7')
    assert records(emulator) == {'web': ['2001:db8::7']}


@pytest.mark.parametrize('description', [None, own('i-other'),
                                         'made by hand'])
def test_associate_needs_a_host_made_for_the_instance(emulator, ipa,
                                                      description):
    if description:
        emulator.add_host('web.example.test', description=description)
    assert not floating(ipa).associate(instance(), ADDRESS)
    assert records(emulator) == {}


def test_address_moving_leaves_the_former_instance(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    emulator.add_host('db.example.test', description=own('i-2'))
    add_address(emulator, 'db', ADDRESS)
    floating(ipa).associate(instance(), ADDRESS)
    assert records(emulator) == {'web': [ADDRESS]}


def test_address_moving_leaves_records_novajoin_did_not_make(emulator,
                                                             ipa):
    emulator.add_host('web.example.test', description=own())
    add_address(emulator, 'www', ADDRESS)
    floating(ipa).associate(instance(), ADDRESS)
    assert records(emulator) == {'web': [ADDRESS], 'www': [ADDRESS]}


def test_disassociate_removes_the_address_of_novajoin_hosts(emulator, ipa):
    emulator.add_host('web.example.test', description=own())
    emulator.add_host('vip.example.test', description=shared())
    emulator.add_host('old.example.test',
                      description='IPA host for old.example.test')
    for name in ('web', 'vip', 'old', 'www'):
        add_address(emulator, name, ADDRESS)
    add_address(emulator, 'web', '198.51.100.1')
    assert floating(ipa).disassociate(ADDRESS) == ['old', 'web']
    assert records(emulator) == {'web': ['198.51.100.1'], 'vip': [ADDRESS],
                                 'www': [ADDRESS]}
    assert ipa.requests == ['dnsrecord_find', 'batch', 'batch']


def test_disassociate_of_an_unknown_address_is_one_request(emulator, ipa):
    assert floating(ipa).disassociate(ADDRESS) == []
    assert ipa.requests == ['dnsrecord_find']
