import json

from novajoin.ipa.errors import ipa_errors
import pytest

from novajoin.conf import ipa as ipa_conf
from novajoin.conf import projects as project_conf
from novajoin import enrollment
from novajoin import exception
from novajoin import instances
from novajoin.ipa import client as ipa_client
from novajoin.ipa import errors as ipa_client_errors
from novajoin import naming
from novajoin.notify import base as notify_base
from novajoin import ownership

SETTINGS = ipa_conf.IPASettings(
    url='https://ipa.example.test/ipa/json', realm='EXAMPLE.TEST',
    domain='example.test', principal='nova/api.example.test@EXAMPLE.TEST',
    keytab='/k', ca_cert=None, connect_retries=0, retry_delay=0)


class FakeIPA:
    """Hosts and services in memory, behind the client's typed calls.

    refusals maps (method, name) to the error IPA answers that call with;
    left_out maps a service to the reason service_add_host gives in
    ``failed`` for every host it is asked to add.
    """

    calls = ipa_client.IPACalls

    def __init__(self):
        self.hosts = {}
        self.services = {}
        self.config = {'ipamaxhostnamelength': ['64']}
        self.refusals = {}
        self.left_out = {}
        self.requests = 0
        self.methods = []

    def _run(self, call):
        self.methods.append(call.method)
        name = call.args[0] if call.args else None
        options = dict(call.options)
        if (call.method, name) in self.refusals:
            raise self.refusals[call.method, name]
        if call.method == 'config_show':
            return self.config
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
            if name not in self.services:
                raise ipa_errors.NotFound(reason='service not found')
            failed = []
            for host in options['host']:
                if name in self.left_out:
                    failed.append(('managedby', 'host', host,
                                   self.left_out[name]))
                elif host in self.services[name]:
                    failed.append(('managedby', 'host', host,
                                   ipa_client.ALREADY_MEMBER))
                else:
                    self.services[name].add(host)
            return ipa_client.MemberResult(
                entry={}, completed=len(options['host']) - len(failed),
                failed=failed)
        raise AssertionError(call.method)

    def _send(self, method, *args, **options):
        self.requests += 1
        return self._run(getattr(self.calls, method)(*args, **options))

    def host_add(self, *args, **options):
        return self._send('host_add', *args, **options)

    def host_show(self, *args, **options):
        return self._send('host_show', *args, **options)

    def config_show(self, **options):
        return self._send('config_show', **options)

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


def warm(enroller):
    """The enroller once it knows IPA's host name limit, as one that has
    enrolled an instance before; IPA's request counter at zero."""
    enroller.max_host_name_length()
    enroller.ipa.requests = 0
    enroller.ipa.methods.clear()
    return enroller


def instance(metadata=None, instance_id='i-1', project_id='p-1',
             hostname='web-1', image_id=None):
    return instances.Instance(instance_id, project_id, hostname,
                              {'ipa_enroll': 'True', **(metadata or {})},
                              image_id)


def description(host):
    return json.loads(host['description'][0])['novajoin_metadata']


def test_new_host_costs_one_request(ipa):
    answer = warm(enroller(ipa)).enroll(instance(image_id='img'))
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
    answer = warm(enroller(ipa)).enroll(instance())
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
    answer = warm(enroller(ipa)).enroll(instance({'compact_service_HTTP':
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
    answer = warm(enroller(ipa, images=DeletedImages())).enroll(
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


# IPA's host name limit ----------------------------------------------------

LONG_HOSTNAME = 'a' * 52    # 65 characters with .example.test
SUB_HOST_HOSTNAME = 'b' * 40    # fits; its sub-host on internalapi not


def test_host_name_limit_is_asked_for_once(ipa):
    one = enroller(ipa)
    one.enroll(instance())
    one.enroll(instance(instance_id='i-2', hostname='web-2'))
    one.enroll(instance({'compact_service_HTTP': '["ctlplane"]'},
                        instance_id='i-3', hostname='web-3'))
    assert ipa.methods.count('config_show') == 1
    assert ipa.methods[0] == 'config_show'


def test_host_name_over_the_limit_writes_nothing(ipa):
    with pytest.raises(naming.InvalidHostname) as error:
        enroller(ipa).enroll(instance(hostname=LONG_HOSTNAME))
    assert error.value.code == 400
    assert '%s.example.test' % LONG_HOSTNAME in str(error.value)
    assert 'at most 64' in str(error.value)
    assert ipa.methods == ['config_show']
    assert ipa.hosts == {}


def test_host_name_limit_comes_from_ipa(ipa):
    ipa.config = {'ipamaxhostnamelength': ['255']}
    answer = enroller(ipa).enroll(instance(hostname=LONG_HOSTNAME))
    assert answer['hostname'] == '%s.example.test' % LONG_HOSTNAME


def test_ipa_that_names_no_limit_has_linux_limit(ipa):
    ipa.config = {}
    assert enroller(ipa).max_host_name_length() == 64
    with pytest.raises(naming.InvalidHostname):
        enroller(ipa).enroll(instance(hostname=LONG_HOSTNAME))


def test_limit_asked_again_after_ipa_could_not_be_reached(ipa):
    one = enroller(ipa)
    ipa.refusals['config_show', None] = ipa_client_errors.IPAUnavailable(
        SETTINGS.url, 3, 'connection refused')
    with pytest.raises(ipa_client_errors.IPAUnavailable):
        one.enroll(instance())
    assert ipa.hosts == {}
    del ipa.refusals['config_show', None]
    assert 'ipaotp' in one.enroll(instance())


@pytest.mark.parametrize('metadata, too_long', [
    ({'compact_service_HTTP': '["ctlplane", "internalapi"]'},
     '%s.internalapi.example.test' % SUB_HOST_HOSTNAME),
    ({'managed_service_vip': 'HTTP/%s.example.test' % LONG_HOSTNAME},
     '%s.example.test' % LONG_HOSTNAME),
])
def test_service_host_over_the_limit_writes_nothing(ipa, metadata,
                                                    too_long):
    with pytest.raises(naming.InvalidHostname) as error:
        enroller(ipa).enroll(instance(metadata, hostname=SUB_HOST_HOSTNAME))
    assert too_long in str(error.value)
    assert 'at most 64' in str(error.value)
    assert ipa.methods == ['config_show']
    assert ipa.hosts == {} and ipa.services == {}


def test_services_added_after_boot_are_checked_too(ipa):
    one = enroller(ipa)
    one.enroll(instance(hostname=SUB_HOST_HOSTNAME))
    before = json.dumps(ipa.hosts)
    ipa.methods.clear()
    with pytest.raises(naming.InvalidHostname):
        one.update_services(instance(
            {'compact_service_HTTP': '["internalapi"]'},
            hostname=SUB_HOST_HOSTNAME))
    assert ipa.methods == []
    assert json.dumps(ipa.hosts) == before
    assert ipa.services == {}


# Members IPA leaves out ---------------------------------------------------

COMPACT = {'compact_service_HTTP': '["ctlplane"]'}
PRINCIPAL = 'HTTP/web-1.ctlplane.example.test'
NO_ACCESS = ("Insufficient access: Insufficient 'write' privilege to the "
             "'managedBy' attribute of entry 'krbprincipalname=%s@EXAMPLE."
             "TEST,cn=services,cn=accounts,dc=example,dc=test'." % PRINCIPAL)


def test_member_refused_by_access_rules_is_a_403(ipa, caplog):
    ipa.left_out[PRINCIPAL] = NO_ACCESS
    with pytest.raises(enrollment.IPAAccessRefused) as error:
        enroller(ipa).enroll(instance(COMPACT))
    assert error.value.code == 403
    message = str(error.value)
    assert 'host web-1.example.test' in message and NO_ACCESS in message
    assert 'novajoin-ipa-setup' in message
    logged = [r.getMessage() for r in caplog.records
              if r.levelname == 'ERROR']
    assert len(logged) == 1
    assert 'web-1.example.test' in logged[0] and NO_ACCESS in logged[0]


def test_member_gone_meanwhile_is_worth_asking_again(ipa):
    ipa.left_out[PRINCIPAL] = 'no such entry'
    with pytest.raises(enrollment.MemberNotAdded) as error:
        enroller(ipa).enroll(instance(COMPACT))
    assert error.value.code == 503
    assert isinstance(error.value, exception.Unavailable)
    assert 'no such entry' in str(error.value)


@pytest.mark.parametrize('reason', [NO_ACCESS, 'no such entry'])
def test_asked_again_the_enrollment_converges(ipa, reason):
    ipa.left_out[PRINCIPAL] = reason
    with pytest.raises(exception.NovajoinError):
        enroller(ipa).enroll(instance(COMPACT))
    del ipa.left_out[PRINCIPAL]
    answer = enroller(ipa).enroll(instance(COMPACT))
    assert ipa.hosts['web-1.example.test']['userpassword'] == [
        answer['ipaotp']]
    assert ipa.services[PRINCIPAL] == {'web-1.example.test'}


def test_a_manager_already_there_is_no_failure(ipa):
    enroller(ipa).enroll(instance(COMPACT))
    answer = enroller(ipa).enroll(instance(COMPACT))
    assert ipa.hosts['web-1.example.test']['userpassword'] == [
        answer['ipaotp']]
    assert ipa.services[PRINCIPAL] == {'web-1.example.test'}


def test_refused_host_add_in_a_batch_is_a_403(ipa):
    ipa.refusals['host_add', 'web-1.ctlplane.example.test'] = (
        ipa_errors.ACIError(info="Insufficient 'add' privilege"))
    with pytest.raises(enrollment.IPAAccessRefused) as error:
        enroller(ipa).enroll(instance(COMPACT))
    assert 'host_add web-1.ctlplane.example.test' in str(error.value)


def test_refused_host_add_of_a_plain_enrollment_is_a_403(ipa):
    ipa.refusals['host_add', 'web-1.example.test'] = ipa_errors.ACIError(
        info="Insufficient 'add' privilege")
    with pytest.raises(enrollment.IPAAccessRefused):
        enroller(ipa).enroll(instance())
    assert ipa.hosts == {}


def test_other_refusals_stay_ipa_refusals(ipa):
    ipa.refusals['service_add', PRINCIPAL] = ipa_errors.ValidationError(
        name='principal', error='nope')
    with pytest.raises(exception.IPARefused) as error:
        enroller(ipa).enroll(instance(COMPACT))
    assert error.value.code == 500


def test_listener_retries_a_member_left_out_not_an_access_refusal():
    assert notify_base.retry_later(enrollment.MemberNotAdded('x'))
    assert not notify_base.retry_later(enrollment.IPAAccessRefused('x'))
