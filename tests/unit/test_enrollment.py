import json

from novajoin.ipa.errors import ipa_errors
import pytest

from novajoin.conf import ipa as ipa_conf
from novajoin.conf import projects as project_conf
from novajoin import enrollment
from novajoin import exception
from novajoin import instances
from novajoin.ipa import client as ipa_client
from novajoin import ownership

SETTINGS = ipa_conf.IPASettings(
    url='https://ipa.example.test/ipa/json', realm='EXAMPLE.TEST',
    domain='example.test', principal='nova/api.example.test@EXAMPLE.TEST',
    keytab='/k', ca_cert=None, connect_retries=0, retry_delay=0)


class FakeIPA:
    """Hosts and services in memory, behind the client's typed calls."""

    calls = ipa_client.IPACalls

    def __init__(self):
        self.hosts = {}
        self.services = {}
        self.requests = 0

    def _run(self, call):
        name = call.args[0]
        options = dict(call.options)
        if call.method == 'host_add':
            if name in self.hosts:
                raise ipa_errors.DuplicateEntry(message='host exists')
            options.pop('force', None)
            self.hosts[name] = {'fqdn': [name], 'has_keytab': False,
                                **{k: [v] for k, v in options.items()}}
            return self.hosts[name]
        if call.method == 'host_show':
            if name not in self.hosts:
                raise ipa_errors.NotFound(reason='host not found')
            return self.hosts[name]
        if call.method == 'host_mod':
            self.hosts[name].update({k: [v] for k, v in options.items()})
            return self.hosts[name]
        if call.method == 'service_add':
            if name in self.services:
                raise ipa_errors.DuplicateEntry(message='service exists')
            self.services[name] = set()
            return {}
        if call.method == 'service_add_host':
            self.services[name].update(options['host'])
            return {}
        raise AssertionError(call.method)

    def _send(self, method, *args, **options):
        self.requests += 1
        return self._run(getattr(self.calls, method)(*args, **options))

    def host_add(self, *args, **options):
        return self._send('host_add', *args, **options)

    def host_show(self, *args, **options):
        return self._send('host_show', *args, **options)

    def batch(self, calls):
        self.requests += 1
        results = []
        for call in calls:
            try:
                results.append(self._run(call))
            except ipa_errors.PublicError as exc:
                results.append(exc)
        return results


class FakeLookup:
    def __init__(self, values):
        self.values = values
        self.looked_up = []

    def name(self, key):
        self.looked_up.append(key)
        return self.values[key]

    properties = name


def project_settings(name):
    return {
        'demo': project_conf.ProjectSettings(('web',),
                                             frozenset({'vip.example.test'})),
    }.get(name, project_conf.ProjectSettings((), frozenset()))


@pytest.fixture
def ipa():
    return FakeIPA()


def enroller(ipa, project_subdomain=False, images=None):
    resolver = instances.InstanceResolver(
        SETTINGS, FakeLookup({'p-1': 'demo', 'p-2': 'other'}),
        images or FakeLookup({'img': {'os_distro': 'rhel',
                                      'os_version': '9'}}),
        project_subdomain=project_subdomain)
    return enrollment.Enroller(ipa, resolver, project_settings)


def instance(metadata=None, instance_id='i-1', project_id='p-1',
             hostname='web-1', image_id=None):
    return instances.Instance(instance_id, project_id, hostname,
                              {'ipa_enroll': 'True', **(metadata or {})},
                              image_id)


def description(host):
    return json.loads(host['description'][0])['novajoin_metadata']


def test_new_host_costs_one_request(ipa):
    answer = enroller(ipa).enroll(instance(image_id='img'))
    assert answer['hostname'] == 'web-1.example.test'
    assert answer['krb_realm'] == 'EXAMPLE.TEST'
    host = ipa.hosts['web-1.example.test']
    assert host['userpassword'] == [answer['ipaotp']]
    assert host['nsosversion'] == ['rhel 9']
    assert description(host) == {'nova_instance_id': 'i-1',
                                 'project_id': 'p-1'}
    assert ipa.requests == 1
    assert len(answer['ipaotp']) >= 32


def test_own_host_gets_a_new_otp(ipa):
    first = enroller(ipa).enroll(instance())
    second = enroller(ipa).enroll(instance())
    assert second['ipaotp'] != first['ipaotp']
    assert ipa.hosts['web-1.example.test']['userpassword'] == [
        second['ipaotp']]


def test_enrolled_host_gets_no_otp(ipa):
    enroller(ipa).enroll(instance())
    ipa.hosts['web-1.example.test']['has_keytab'] = True
    ipa.requests = 0
    answer = enroller(ipa).enroll(instance())
    assert 'ipaotp' not in answer
    assert ipa.requests == 2


@pytest.mark.parametrize('existing', [
    ownership.instance_description('i-other', 'p-1'),
    'a host made by hand',
    None,
])
def test_foreign_host_is_a_conflict(ipa, existing):
    ipa.hosts['web-1.example.test'] = {
        'fqdn': ['web-1.example.test'], 'has_keytab': False,
        **({'description': [existing]} if existing else {})}
    before = json.dumps(ipa.hosts)
    with pytest.raises(exception.HostConflict):
        enroller(ipa).enroll(instance())
    assert json.dumps(ipa.hosts) == before


def test_legacy_host_is_adopted(ipa):
    ipa.hosts['web-1.example.test'] = {
        'fqdn': ['web-1.example.test'], 'has_keytab': False,
        'description': ['IPA host for web-1.example.test']}
    answer = enroller(ipa).enroll(instance())
    host = ipa.hosts['web-1.example.test']
    assert description(host)['nova_instance_id'] == 'i-1'
    assert host['userpassword'] == [answer['ipaotp']]


def test_project_subdomain(ipa):
    answer = enroller(ipa, project_subdomain=True).enroll(instance())
    assert answer['hostname'] == 'web-1.demo.example.test'


def test_hostclass_allowed_and_refused(ipa):
    enroller(ipa).enroll(instance({'ipa_hostclass': 'web'}))
    assert ipa.hosts['web-1.example.test']['userclass'] == ['web']
    with pytest.raises(exception.NotAllowed):
        enroller(ipa).enroll(instance({'ipa_hostclass': 'db'},
                                      hostname='web-2'))
    assert 'web-2.example.test' not in ipa.hosts


def test_compact_services_in_two_requests(ipa):
    networks = json.dumps(['net%d' % n for n in range(8)])
    answer = enroller(ipa).enroll(instance({'compact_service_HTTP':
                                            networks}))
    assert ipa.requests == 2
    assert 'ipaotp' in answer
    for n in range(8):
        sub_host = 'web-1.net%d.example.test' % n
        assert description(ipa.hosts[sub_host])['nova_instance_id'] == 'i-1'
        assert ipa.services['HTTP/' + sub_host] == {'web-1.example.test'}


def test_managed_service_on_a_new_shared_host(ipa):
    enroller(ipa).enroll(instance(
        {'managed_service_vip': 'haproxy/vip2.example.test'}))
    assert description(ipa.hosts['vip2.example.test']) == {
        'project_id': 'p-1'}
    assert ipa.services['haproxy/vip2.example.test'] == {
        'web-1.example.test'}
    enroller(ipa).enroll(instance(
        {'managed_service_vip': 'haproxy/vip2.example.test'},
        instance_id='i-2', hostname='web-2'))
    assert ipa.services['haproxy/vip2.example.test'] == {
        'web-1.example.test', 'web-2.example.test'}


@pytest.mark.parametrize('existing', [
    ownership.shared_description('p-2'),
    ownership.instance_description('i-9', 'p-2'),
    'made by hand',
])
def test_foreign_service_host_is_refused(ipa, existing):
    ipa.hosts['db.example.test'] = {'fqdn': ['db.example.test'],
                                    'description': [existing]}
    with pytest.raises(exception.NotAllowed):
        enroller(ipa).enroll(instance(
            {'managed_service_db': 'postgres/db.example.test'}))
    assert 'web-1.example.test' not in ipa.hosts
    assert not ipa.services


def test_service_host_listed_for_the_project(ipa):
    ipa.hosts['vip.example.test'] = {'fqdn': ['vip.example.test'],
                                     'description': ['made by hand']}
    enroller(ipa).enroll(instance(
        {'managed_service_vip': 'haproxy/vip.example.test'}))
    assert ipa.services['haproxy/vip.example.test'] == {'web-1.example.test'}


class DeletedImages:
    """glance after the instance's image was deleted."""

    def properties(self, image_id):
        raise exception.Invalid('unknown image %s' % image_id)


def test_image_deleted_since_boot_names_no_os_version(ipa):
    answer = enroller(ipa, images=DeletedImages()).enroll(
        instance(image_id='gone'))
    host = ipa.hosts['web-1.example.test']
    assert host['userpassword'] == [answer['ipaotp']]
    assert 'nsosversion' not in host
    assert ipa.requests == 1


def test_enrollment_from_the_image(ipa):
    images = FakeLookup({'img': {'ipa_enroll': 'true'}})
    plain = instances.Instance('i-1', 'p-1', 'web-1', {}, 'img')
    assert enroller(ipa, images=images).instances.enrollment_requested(
        plain)
    no_image = instances.Instance('i-1', 'p-1', 'web-1', {}, None)
    assert not enroller(ipa, images=images).instances.enrollment_requested(
        no_image)
