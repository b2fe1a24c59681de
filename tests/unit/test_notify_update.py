"""Enroller.update_services: services added after boot, as the listener's
update handler applies them, against the IPA emulator's commands."""

import json

import pytest

from novajoin.conf import projects as project_conf
from novajoin import enrollment
from novajoin import exception
from novajoin import instances
from novajoin import naming
from novajoin.testing.emulator import IPAEmulator
from tests.unit.test_removal import EmulatedIPA
from tests.unit.test_removal import hosts
from tests.unit.test_removal import own
from tests.unit.test_removal import resolver
from tests.unit.test_removal import services
from tests.unit.test_removal import shared


def project_settings(name):
    if name == 'demo':
        return project_conf.ProjectSettings(
            (), frozenset({'ldap.example.test'}))
    return project_conf.ProjectSettings((), frozenset())


@pytest.fixture
def emulator():
    return IPAEmulator(realm='EXAMPLE.TEST', domain='example.test')


@pytest.fixture
def ipa(emulator):
    return EmulatedIPA(emulator)


def enroller(ipa):
    return enrollment.Enroller(ipa, resolver(), project_settings)


def instance(metadata):
    return instances.Instance('i-1', 'p-1', 'web',
                              {'ipa_enroll': 'True', **metadata})


def managers(emulator, principal):
    entry = emulator.call('service_show', principal)['result']
    return set(entry.get('managedby_host', ()))


def enrolled_host(emulator, description=None):
    emulator.add_host('web.example.test', description=description or own(),
                      has_keytab=True)


def test_managed_service_added_after_boot(emulator, ipa):
    enrolled_host(emulator)
    assert enroller(ipa).update_services(instance(
        {'managed_service_vip': 'HTTP/vip.example.test'}))
    assert 'vip.example.test' in hosts(emulator)
    vip = emulator.call('host_show', 'vip.example.test')['result']
    assert vip['description'] == [shared()]
    assert managers(emulator, 'HTTP/vip.example.test') == {
        'vip.example.test', 'web.example.test'}


def test_compact_services_added_after_boot(emulator, ipa):
    enrolled_host(emulator)
    enroller(ipa).update_services(instance(
        {'compact_service_HTTP': '["ctlplane"]'}))
    sub_host = emulator.call('host_show', 'web.ctlplane.example.test')
    assert sub_host['result']['description'] == [own()]
    assert managers(emulator, 'HTTP/web.ctlplane.example.test') == {
        'web.ctlplane.example.test', 'web.example.test'}


def test_update_never_touches_the_otp_or_attributes(emulator, ipa):
    emulator.add_host('web.example.test', description=own(),
                      userpassword='the-otp', nsosversion='rhel 9')
    enroller(ipa).update_services(instance(
        {'compact_service_HTTP': '["ctlplane"]',
         'ipa_hostclass': 'web'}))
    host = emulator.dump()['hosts']['web.example.test']
    assert host['has_password'] and not host['has_keytab']
    assert emulator.directory.hosts['web.example.test']['userpassword'] == [
        'the-otp']
    assert host['nsosversion'] == ['rhel 9']
    assert 'userclass' not in host


def test_applying_the_same_services_again_is_harmless(emulator, ipa):
    enrolled_host(emulator)
    metadata = {'managed_service_vip': 'HTTP/vip.example.test'}
    enroller(ipa).update_services(instance(metadata))
    before = emulator.dump()
    enroller(ipa).update_services(instance(metadata))
    assert emulator.dump()['services'] == before['services']
    assert emulator.dump()['hosts'] == before['hosts']


def test_no_services_costs_no_request(ipa):
    assert not enroller(ipa).update_services(instance({}))
    assert ipa.requests == []


@pytest.mark.parametrize('description', [
    None, 'IPA host for web.example.test'])
def test_host_not_made_for_the_instance_yet_is_not_written(
        emulator, ipa, description):
    if description:
        enrolled_host(emulator, description)
    assert not enroller(ipa).update_services(instance(
        {'compact_service_HTTP': '["ctlplane"]'}))
    assert hosts(emulator) == ({'web.example.test'} if description
                               else set())
    assert services(emulator) == set()


def test_host_of_another_instance_is_refused(emulator, ipa):
    enrolled_host(emulator, own('i-other'))
    with pytest.raises(exception.HostConflict):
        enroller(ipa).update_services(instance(
            {'compact_service_HTTP': '["ctlplane"]'}))
    assert services(emulator) == set()


@pytest.mark.parametrize('description', [shared('p-2'), own('i-9', 'p-2'),
                                         'made by hand'])
def test_service_of_a_host_the_project_may_not_manage_is_refused(
        emulator, ipa, description):
    enrolled_host(emulator)
    emulator.add_host('db.example.test', description=description)
    with pytest.raises(exception.NotAllowed):
        enroller(ipa).update_services(instance(
            {'managed_service_db': 'mysql/db.example.test',
             'compact_service_HTTP': '["ctlplane"]'}))
    assert hosts(emulator) == {'web.example.test', 'db.example.test'}
    assert services(emulator) == set()


def test_service_host_listed_for_the_project_is_allowed(emulator, ipa):
    enrolled_host(emulator)
    emulator.add_host('ldap.example.test', description='made by hand')
    enroller(ipa).update_services(instance(
        {'managed_service_ldap': 'ldap/ldap.example.test'}))
    assert managers(emulator, 'ldap/ldap.example.test') == {
        'ldap.example.test', 'web.example.test'}


def test_sub_host_names_are_held_to_ipa_limit(emulator, ipa):
    enrolled_host(emulator)
    metadata = {'compact_service_HTTP': json.dumps(['n' * 60])}
    with pytest.raises(naming.InvalidHostname):
        enroller(ipa).update_services(instance(metadata))
    assert hosts(emulator) == {'web.example.test'}
    with emulator.lock:
        emulator.directory.config['ipamaxhostnamelength'] = ['255']
    assert enroller(ipa).update_services(instance(metadata))
    assert 'web.%s.example.test' % ('n' * 60) in hosts(emulator)
