"""novajoin-server as nova's metadata service meets it: the real server
process (gunicorn, 2 workers) on the real KDC and the IPA emulator, tokens
issued and validated by a real keystone, glance from the cloud stub.

Requests are the ones nova's DynamicVendorData sends. IPA round trips are
read from the emulator's counters: its "requests" are JSON-RPC requests (a
batch is one), logins not included, nor the config_show each worker sends
once, on its first enrollment (whichever test that falls in), to learn
IPA's host name limit.
"""

import concurrent.futures
import json
import os
import re
import uuid

import pytest
import requests

from novajoin import ipa_setup
from novajoin.testing import server as testing_server

DOMAIN = 'example.test'
OTP = re.compile(r'^[0-9a-f]{32}$')

ENROLL = {'ipa_enroll': 'True'}

# Every OTP the server handed out in this module, for the log check.
HANDED_OUT = set()


@pytest.fixture(scope='module')
def server(start_join_server):
    return start_join_server(sections={
        'demo': {'allowed_classes': ['web', 'db'],
                 'service_hosts': ['nfs.%s' % DOMAIN]},
    })


@pytest.fixture
def bed(server, ipa, openstack_cloud, keystone):
    """The server and a clean emulator and cloud for one test."""
    return Bed(server, ipa, openstack_cloud, keystone)


class Bed:

    def __init__(self, server, ipa, cloud, keystone):
        self.server = server
        self.ipa = ipa
        self.cloud = cloud
        self.keystone = keystone

    def instance(self, hostname, metadata=None, project='demo',
                 image_id=''):
        """The body nova sends for a new instance."""
        return testing_server.vendordata_body(
            str(uuid.uuid4()), self.keystone.project_id(project), hostname,
            metadata, image_id)

    def ask(self, body, user='nova', server=None):
        """nova asks for the instance's vendordata, with a fresh
        connection and the token of user (None: no token)."""
        token = self.keystone.token(user) if user else None
        response = (server or self.server).post(body, token)
        if response.status_code == 200 and 'ipaotp' in response.json():
            HANDED_OUT.add(response.json()['ipaotp'])
        return response

    def requests(self):
        counters = self.ipa.counters()
        return (counters['requests']
                - counters['methods'].get('config_show', 0))

    def methods(self):
        methods = dict(self.ipa.counters()['methods'])
        methods.pop('config_show', None)
        return methods

    def host(self, fqdn):
        return self.ipa.call('host_show', fqdn, all=True)['result']

    def stored_otp(self, fqdn):
        """The one-time password IPA holds for the host (FreeIPA shows it
        to nobody, the emulator to the tests)."""
        with self.ipa.lock:
            password = self.ipa.directory.hosts[fqdn].get('userpassword')
        return password[0] if password else None


def owner(body):
    return json.dumps({'novajoin_metadata': {
        'nova_instance_id': body['instance-id'],
        'project_id': body['project-id']}})


def assert_error(response, status):
    assert response.status_code == status, response.text
    assert response.headers['Content-Type'].startswith('application/json')
    error = response.json()['error']
    assert error['code'] == status and error['message']
    assert 'Traceback' not in response.text


# Enrollment ------------------------------------------------------------------

def test_enroll_by_instance_metadata(bed):
    body = bed.instance('web1', {'ipa_enroll': 'true',
                                 'ipa_host_location': 'rack-4'})
    response = bed.ask(body)
    assert response.status_code == 200
    answer = response.json()
    assert answer['hostname'] == 'web1.%s' % DOMAIN
    assert answer['krb_realm'] == 'EXAMPLE.TEST'
    assert OTP.match(answer['ipaotp'])
    assert bed.requests() == 1
    assert bed.methods() == {'host_add': 1}
    host = bed.host('web1.%s' % DOMAIN)
    assert json.loads(host['description'][0]) == json.loads(owner(body))
    assert host['nshostlocation'] == ['rack-4']
    assert bed.stored_otp('web1.%s' % DOMAIN) == answer['ipaotp']


def test_enroll_by_image_property(bed):
    image_id = bed.cloud.add_image({'ipa_enroll': 'True',
                                    'os_distro': 'rhel',
                                    'os_version': '9.4'})
    response = bed.ask(bed.instance('app1', image_id=image_id))
    assert response.status_code == 200
    assert response.json()['hostname'] == 'app1.%s' % DOMAIN
    assert OTP.match(response.json()['ipaotp'])
    assert bed.requests() == 1
    assert bed.host('app1.%s' % DOMAIN)['nsosversion'] == ['rhel 9.4']
    assert bed.cloud.requests['image'] == 1


def test_enroll_by_metadata_from_an_image_glance_no_longer_has(bed):
    # nova keeps the image id of an instance whose image was deleted
    response = bed.ask(bed.instance('orphan1', ENROLL,
                                    image_id=str(uuid.uuid4())))
    assert response.status_code == 200
    assert OTP.match(response.json()['ipaotp'])
    assert 'nsosversion' not in bed.host('orphan1.%s' % DOMAIN)


def test_unknown_image_that_would_decide_enrollment(bed):
    response = bed.ask(bed.instance('orphan2', image_id=str(uuid.uuid4())))
    assert_error(response, 400)
    assert bed.requests() == 0


@pytest.mark.parametrize('metadata, image_properties', [
    ({}, None),
    ({'ipa_enroll': 'False'}, None),
    ({'some_key': 'value'}, {'os_distro': 'fedora'}),
])
def test_no_enrollment_asked(bed, metadata, image_properties):
    image_id = ('' if image_properties is None
                else bed.cloud.add_image(image_properties))
    response = bed.ask(bed.instance('plain1', metadata, image_id=image_id))
    assert response.status_code == 200
    assert response.json() == {}
    assert bed.ipa.counters()['requests'] == 0
    assert bed.ipa.counters()['logins'] == 0


def test_same_otp_when_asked_again(bed):
    body = bed.instance('again1', ENROLL)
    answers = [bed.ask(body).json() for _ in range(3)]
    assert answers[0] == answers[1] == answers[2]
    assert OTP.match(answers[0]['ipaotp'])
    assert bed.requests() == 1


def _worker_of(server, request_ids):
    """pid of the worker that logged each request id."""
    pids = {}
    for line in server.log().splitlines():
        match = re.match(r'^\S+ \S+ (\d+) \w+ \S+ \[\S+ (req-[0-9a-f-]+)',
                         line)
        if match and match.group(2) in request_ids:
            pids[match.group(2)] = match.group(1)
    return pids


def test_same_otp_across_workers(bed):
    """Concurrent first requests and repeats, each on a fresh connection,
    land on both workers and all get the one OTP made by one IPA
    request."""
    body = bed.instance('shared1', ENROLL)
    answers = []
    request_ids = set()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for _ in range(10):
            for response in pool.map(lambda _: bed.ask(body), range(8)):
                assert response.status_code == 200, response.text
                answers.append(response.json())
                request_ids.add(response.headers['x-openstack-request-id'])
            workers = set(_worker_of(bed.server, request_ids).values())
            if len(workers) == 2:
                break
    assert len(workers) == 2, 'every request landed on worker %s' % workers
    assert all(answer == answers[0] for answer in answers)
    assert OTP.match(answers[0]['ipaotp'])
    assert bed.requests() == 1
    assert bed.methods() == {'host_add': 1}


def test_enrolled_host_gets_no_otp(bed):
    body = bed.instance('enrolled1', ENROLL)
    fqdn = 'enrolled1.%s' % DOMAIN
    bed.ipa.add_host(fqdn, description=owner(body))
    bed.ipa.enroll(fqdn)
    response = bed.ask(body)
    assert response.status_code == 200
    assert response.json() == {'hostname': fqdn, 'krb_realm': 'EXAMPLE.TEST'}
    assert 'host_mod' not in bed.methods()
    assert bed.host(fqdn)['has_keytab'] is True


def test_host_of_older_novajoin_is_adopted(bed):
    body = bed.instance('old1', ENROLL)
    fqdn = 'old1.%s' % DOMAIN
    bed.ipa.add_host(fqdn, description='IPA host for %s' % fqdn)
    response = bed.ask(body)
    assert response.status_code == 200
    assert bed.stored_otp(fqdn) == response.json()['ipaotp']
    assert json.loads(bed.host(fqdn)['description'][0]) == json.loads(
        owner(body))


# Services --------------------------------------------------------------------

def test_eight_compact_services_in_two_round_trips(bed):
    services = ['HTTP', 'mysql', 'rabbitmq', 'redis', 'haproxy', 'novnc',
                'libvirt', 'qemu']
    metadata = dict(ENROLL, **{'compact_service_%s' % service:
                               json.dumps(['internalapi', 'storage'])
                               for service in services})
    body = bed.instance('ctl0', metadata)
    response = bed.ask(body)
    assert response.status_code == 200
    assert OTP.match(response.json()['ipaotp'])
    assert bed.requests() <= 2
    host = 'ctl0.%s' % DOMAIN
    for network in ('internalapi', 'storage'):
        sub_host = 'ctl0.%s.%s' % (network, DOMAIN)
        assert json.loads(bed.host(sub_host)['description'][0]) == (
            json.loads(owner(body)))
        for service in services:
            principal = '%s/%s' % (service, sub_host)
            shown = bed.ipa.call('service_show', principal)['result']
            assert host in shown['managedby_host']


def test_legacy_compact_services(bed):
    metadata = dict(ENROLL, compact_services=json.dumps(
        {'HTTP': ['ctlplane'], 'rabbitmq': ['internalapi']}))
    response = bed.ask(bed.instance('ctl1', metadata))
    assert response.status_code == 200
    for principal in ('HTTP/ctl1.ctlplane.%s' % DOMAIN,
                      'rabbitmq/ctl1.internalapi.%s' % DOMAIN):
        shown = bed.ipa.call('service_show', principal)['result']
        assert 'ctl1.%s' % DOMAIN in shown['managedby_host']


def test_managed_service_on_a_new_shared_host(bed):
    metadata = dict(ENROLL,
                    managed_service_vip='HTTP/overcloud.%s' % DOMAIN)
    body = bed.instance('ctl2', metadata)
    response = bed.ask(body)
    assert response.status_code == 200
    shared = bed.host('overcloud.%s' % DOMAIN)
    assert json.loads(shared['description'][0]) == {
        'novajoin_metadata': {'project_id': body['project-id']}}
    shown = bed.ipa.call('service_show', 'HTTP/overcloud.%s' % DOMAIN)
    assert 'ctl2.%s' % DOMAIN in shown['result']['managedby_host']
    assert bed.requests() <= 2


def test_managed_service_of_a_listed_service_host(bed):
    bed.ipa.add_host('nfs.%s' % DOMAIN, description='made by an operator')
    metadata = dict(ENROLL, managed_service_nfs='nfs/nfs.%s' % DOMAIN)
    response = bed.ask(bed.instance('ctl3', metadata))
    assert response.status_code == 200
    shown = bed.ipa.call('service_show', 'nfs/nfs.%s' % DOMAIN)
    assert 'ctl3.%s' % DOMAIN in shown['result']['managedby_host']


def test_managed_service_of_another_instance_of_the_project(bed):
    other = bed.instance('db0', ENROLL)
    assert bed.ask(other).status_code == 200
    metadata = dict(ENROLL, managed_service_db='postgres/db0.%s' % DOMAIN)
    response = bed.ask(bed.instance('ctl5', metadata))
    assert response.status_code == 200
    shown = bed.ipa.call('service_show', 'postgres/db0.%s' % DOMAIN)
    assert 'ctl5.%s' % DOMAIN in shown['result']['managedby_host']


@pytest.mark.parametrize('description', [
    None, 'made by an operator',
    json.dumps({'novajoin_metadata': {'project_id': 'another-project'}}),
])
def test_foreign_service_is_refused(bed, description):
    fqdn = 'db.%s' % DOMAIN
    bed.ipa.add_host(fqdn, description=description)
    before = bed.ipa.dump()
    metadata = dict(ENROLL, managed_service_db='postgres/%s' % fqdn)
    response = bed.ask(bed.instance('ctl4', metadata))
    assert_error(response, 403)
    assert bed.ipa.dump() == before
    assert set(bed.methods()) <= {'batch', 'host_show'}


def test_member_refused_by_ipa_access_rules(bed):
    """With the permission to write which hosts manage a service taken
    from novajoin's privilege, IPA adds no manager: 403 naming the member
    and the way to fix it; once restored, the same request converges."""
    permission = 'Modify service managedBy attribute'
    bed.ipa.call('privilege_remove_permission', ipa_setup.PRIVILEGE,
                 permission=[permission])
    body = bed.instance('ctl6', dict(ENROLL, compact_service_HTTP=json.dumps(
        ['ctlplane'])))
    response = bed.ask(body)
    assert_error(response, 403)
    message = response.json()['error']['message']
    assert 'ctl6.%s' % DOMAIN in message
    assert 'Insufficient access' in message
    assert 'novajoin-ipa-setup' in message
    bed.ipa.call('privilege_add_permission', ipa_setup.PRIVILEGE,
                 permission=[permission])
    response = bed.ask(body)
    assert response.status_code == 200
    assert bed.stored_otp('ctl6.%s' % DOMAIN) == response.json()['ipaotp']
    shown = bed.ipa.call('service_show', 'HTTP/ctl6.ctlplane.%s' % DOMAIN)
    assert 'ctl6.%s' % DOMAIN in shown['result']['managedby_host']


# IPA's host name limit -------------------------------------------------------

def test_host_name_over_ipa_limit(bed):
    hostname = 'a' * 52
    before = bed.ipa.dump()
    response = bed.ask(bed.instance(hostname, ENROLL))
    assert_error(response, 400)
    message = response.json()['error']['message']
    assert '%s.%s' % (hostname, DOMAIN) in message
    assert 'at most 64' in message
    assert bed.ipa.dump() == before
    assert bed.requests() == 0


def test_compact_service_sub_host_over_ipa_limit(bed):
    hostname = 'b' * 40
    before = bed.ipa.dump()
    response = bed.ask(bed.instance(hostname, dict(
        ENROLL, compact_service_HTTP=json.dumps(['internalapi']))))
    assert_error(response, 400)
    message = response.json()['error']['message']
    assert '%s.internalapi.%s' % (hostname, DOMAIN) in message
    assert 'at most 64' in message
    assert bed.ipa.dump() == before
    assert bed.requests() == 0


@pytest.fixture(scope='module')
def fresh_server(start_join_server):
    return start_join_server()


def test_host_name_limit_asked_once_per_worker(bed, fresh_server):
    """A worker asks IPA for the limit on its first enrollment only."""
    request_ids = set()
    asked = 0
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for _ in range(10):
            bodies = [bed.instance('once%d' % (asked + n), ENROLL)
                      for n in range(8)]
            asked += len(bodies)
            for response in pool.map(
                    lambda body: bed.ask(body, server=fresh_server), bodies):
                assert response.status_code == 200, response.text
                request_ids.add(response.headers['x-openstack-request-id'])
            workers = set(_worker_of(fresh_server, request_ids).values())
            if len(workers) == 2:
                break
    assert len(workers) == 2, 'every request landed on worker %s' % workers
    counters = bed.ipa.counters()
    assert counters['methods'] == {'config_show': 2, 'host_add': asked}
    assert counters['requests'] == asked + 2


# Ownership -------------------------------------------------------------------

@pytest.mark.parametrize('description', [
    None, 'a host of the lab',
    json.dumps({'novajoin_metadata': {'nova_instance_id': 'another',
                                      'project_id': 'another'}}),
])
def test_foreign_host_is_a_conflict(bed, description):
    fqdn = 'taken1.%s' % DOMAIN
    bed.ipa.add_host(fqdn, description=description)
    before = bed.ipa.dump()
    response = bed.ask(bed.instance('taken1', ENROLL))
    assert_error(response, 409)
    assert bed.ipa.dump() == before
    assert set(bed.methods()) == {'host_add', 'host_show'}


# Host classes and project subdomains -----------------------------------------

def test_allowed_hostclass(bed):
    response = bed.ask(bed.instance('web2', dict(ENROLL,
                                                 ipa_hostclass='web')))
    assert response.status_code == 200
    assert bed.host('web2.%s' % DOMAIN)['userclass'] == ['web']
    assert bed.requests() == 1


@pytest.mark.parametrize('project', ['demo', 'infra'])
def test_refused_hostclass(bed, project):
    response = bed.ask(bed.instance('web3', dict(ENROLL,
                                                 ipa_hostclass='admin'),
                                    project=project))
    assert_error(response, 403)
    assert bed.requests() == 0


def test_hostclass_of_an_unknown_project(bed):
    body = bed.instance('web4', dict(ENROLL, ipa_hostclass='web'))
    body['project-id'] = uuid.uuid4().hex
    assert_error(bed.ask(body), 400)
    assert bed.requests() == 0


@pytest.fixture(scope='module')
def subdomain_server(start_join_server):
    return start_join_server(options={'project_subdomain': True})


def test_project_subdomain_normalised(bed, subdomain_server):
    project = '-Blue Team_2.0!'
    bed.keystone.add_project(project)
    response = bed.ask(bed.instance('web5', ENROLL, project=project),
                       server=subdomain_server)
    assert response.status_code == 200
    fqdn = 'web5.blue-team-2-0.%s' % DOMAIN
    assert response.json()['hostname'] == fqdn
    assert bed.stored_otp(fqdn) == response.json()['ipaotp']
    assert bed.requests() == 1


# Callers ---------------------------------------------------------------------

def test_caller_with_the_service_role(bed):
    response = bed.ask(bed.instance('svc1', ENROLL), user='svc')
    assert response.status_code == 200
    assert OTP.match(response.json()['ipaotp'])


def test_demo_caller_is_refused(bed):
    assert_error(bed.ask(bed.instance('demo1', ENROLL), user='demo'), 403)
    assert bed.requests() == 0


def test_caller_without_a_token_is_refused(bed):
    response = bed.ask(bed.instance('anon1', ENROLL), user=None)
    assert_error(response, 401)
    assert response.headers['WWW-Authenticate'].startswith('Keystone uri=')
    forged = bed.server.post(bed.instance('anon1', ENROLL), 'forged')
    assert_error(forged, 401)
    assert bed.requests() == 0


def test_health_check_needs_no_token_versions_any(bed):
    assert requests.get(bed.server.url + '/healthcheck').status_code == 200
    versions = requests.get(bed.server.url + '/',
                            headers={'X-Auth-Token': bed.keystone.token(
                                'demo')})
    assert versions.status_code == 200
    assert versions.json()['versions'][0]['id'] == 'v1.0'


# Failures --------------------------------------------------------------------

@pytest.mark.parametrize('fault', ['refuse', 'http503'])
def test_ipa_down_then_back(bed, fault):
    body = bed.instance('down1', ENROLL)
    bed.ipa.fault(fault)
    response = bed.ask(body)
    assert_error(response, 503)
    assert int(response.headers['Retry-After']) > 0
    assert 'down1.%s' % DOMAIN not in bed.ipa.dump()['hosts']
    bed.ipa.fault('clear')
    response = bed.ask(body)
    assert response.status_code == 200
    assert bed.stored_otp('down1.%s' % DOMAIN) == response.json()['ipaotp']


DROP = object()


def _body(**changes):
    """nova's body with changes; a key changed to DROP is left out."""
    body = testing_server.vendordata_body(
        str(uuid.uuid4()), 'p-1', 'bad1', {'ipa_enroll': 'True'})
    body.update(changes)
    return {k: v for k, v in body.items() if v is not DROP}


@pytest.mark.parametrize('body', [
    pytest.param(b'', id='empty'),
    pytest.param(b'{"project-id": ', id='truncated'),
    pytest.param(b'\xff\xfe', id='not-utf8'),
    pytest.param(b'[]', id='array'),
    pytest.param(b'"a string"', id='string'),
    pytest.param(_body(hostname=DROP), id='no-hostname'),
    pytest.param(_body(**{'instance-id': DROP}), id='no-instance-id'),
    pytest.param(_body(**{'project-id': DROP}), id='no-project-id'),
    pytest.param(_body(hostname=''), id='empty-hostname'),
    pytest.param(_body(hostname=12), id='number-hostname'),
    pytest.param(_body(hostname='bad_host!'), id='invalid-hostname'),
    pytest.param(_body(metadata=['ipa_enroll']), id='metadata-array'),
    pytest.param(_body(metadata={'ipa_enroll': True}), id='metadata-bool'),
    pytest.param(_body(metadata={'ipa_enroll': 'True',
                                 'compact_service_HTTP': '[oops'}),
                 id='compact-service-not-json'),
    pytest.param(_body(metadata={'ipa_enroll': 'True',
                                 'compact_services': '["HTTP"]'}),
                 id='compact-services-not-object'),
    pytest.param(_body(metadata={'ipa_enroll': 'True',
                                 'managed_service_x': 'not a principal'}),
                 id='managed-service-not-principal'),
    pytest.param(_body(metadata={'ipa_enroll': 'True', 'x': 'y' * 300000}),
                 id='oversized'),
    pytest.param(b'[' * 100 + b']' * 100, id='nested'),
])
def test_malformed_body(bed, body):
    if isinstance(body, dict):
        body = json.dumps(body).encode()
    assert_error(bed.ask(body), 400)
    assert bed.requests() == 0


# Logs ------------------------------------------------------------------------

def test_no_otp_in_the_log_at_debug(bed):
    """Enrollments of every kind, a repeat and a failure; then no OTP the
    server handed out in this module is in anything it wrote."""
    image_id = bed.cloud.add_image({'ipa_enroll': 'True'})
    bodies = [bed.instance('log1', ENROLL),
              bed.instance('log2', image_id=image_id),
              bed.instance('log3', dict(ENROLL, compact_service_HTTP=(
                  '["internalapi"]')))]
    for body in bodies + bodies[:1]:
        assert bed.ask(body).status_code == 200
    bed.ipa.fault('http503')
    assert_error(bed.ask(bed.instance('log4', ENROLL)), 503)
    bed.ipa.fault('clear')
    log = bed.server.log()
    assert ' DEBUG ' in log
    assert len(HANDED_OUT) >= 3
    leaked = [otp for otp in HANDED_OUT if otp in log]
    assert not leaked


def _children(pid):
    children = []
    for task in os.listdir('/proc/%d/task' % pid):
        with open('/proc/%d/task/%s/children' % (pid, task)) as listed:
            children += [int(child) for child in listed.read().split()]
    return children


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2,
                    reason='one CPU: nothing to spread the workers over')
def test_each_worker_pinned_to_a_cpu_of_its_own(server):
    workers = _children(server.pid)
    assert len(workers) == 2
    pinned = [os.sched_getaffinity(pid) for pid in workers]
    assert all(len(cpus) == 1 for cpus in pinned)
    assert pinned[0] != pinned[1]
