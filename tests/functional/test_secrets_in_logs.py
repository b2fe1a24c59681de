"""No secret in anything novajoin's daemons write, with debug = True.

novajoin-server and novajoin-notify run on the test bed (real KDC, keystone,
RabbitMQ with a user of its own, the IPA emulator) through the life of
instances: enrolled by the server, with sub-hosts; services added by an
update; deleted through the listener. Both log in to IPA with Kerberos.
Then neither daemon's log nor output holds an OTP, a SPNEGO token, IPA's
session cookie, a password of join.conf, nova's token or a key of the
keytab; and the answer cache's files are private.
"""

import base64
import concurrent.futures
import os
import re
import secrets
import stat
import subprocess
import uuid

import pytest

from novajoin.testing import server as testing_server
from tests.functional.test_notify import Bus
from tests.functional.test_notify import hosts
from tests.functional.test_notify import listeners  # noqa: F401
from tests.functional.test_notify import RABBIT
from tests.functional.test_notify import rabbit_vhost  # noqa: F401
from tests.functional.test_notify import rabbitmqctl
from tests.functional.test_notify import wait_for
from tests.unit.test_notify import legacy_payload

ENROLL = {'ipa_enroll': 'True'}


@pytest.fixture(scope='module')
def server(start_join_server):
    return start_join_server()


@pytest.fixture(scope='module')
def rabbit_user(rabbit_vhost):  # noqa: F811
    """A RabbitMQ user with a random password, so that a password in a log
    is found (guest's is in every log line that names the user)."""
    name = 'novajoin-%s' % uuid.uuid4().hex[:12]
    password = secrets.token_urlsafe(16)
    rabbitmqctl('add_user', name, password)
    rabbitmqctl('set_permissions', '-p', rabbit_vhost, name, '.*', '.*',
                '.*')
    yield name, password
    rabbitmqctl('delete_user', name)


@pytest.fixture
def bus(rabbit_vhost, rabbit_user):  # noqa: F811
    """The test's topic, with nova and the listener connecting as
    rabbit_user."""
    bus = Bus(rabbit_vhost)
    bus.url = 'rabbit://%s:%s@%s/%s' % (*rabbit_user, RABBIT, rabbit_vhost)
    yield bus
    bus.close()


def keytab_keys(kdc, keytab):
    """The keys of keytab, as hex (both cases) and base64."""
    listing = subprocess.run(['klist', '-kK', keytab], env=kdc.env,
                             capture_output=True, text=True, check=True)
    keys = re.findall(r'\(0x([0-9a-f]+)\)', listing.stdout)
    assert keys
    return [form for key in keys for form in (
        key, key.upper(), base64.b64encode(bytes.fromhex(key)).decode())]


def assert_no_secret(text, secret_values):
    assert ' DEBUG ' in text
    leaked = [value for value in secret_values if value in text]
    assert not leaked
    assert 'Negotiate ' not in text
    assert not re.search(r'ipa_session=(?!\*\*\*)', text)


def test_answer_cache_files_are_private(server, ipa, keystone,
                                        openstack_cloud):
    body = testing_server.vendordata_body(
        str(uuid.uuid4()), keystone.project_id('demo'), 'private1', ENROLL)
    response = server.post(body, keystone.token('nova'))
    assert 'ipaotp' in response.json()
    state = os.path.join(server.workdir, 'state')
    found = {}
    for parent, directories, files in os.walk(state):
        for name in directories:
            found[os.path.join(parent, name)] = 0o700
        for name in files:
            found[os.path.join(parent, name)] = 0o600
    assert os.path.join(state, 'answers.sqlite-wal') in found
    modes = {path: stat.S_IMODE(os.stat(path).st_mode) for path in found}
    assert modes == found
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o700


def test_no_secret_in_the_logs_through_instances_lives(
        server, ipa, kdc, keystone, openstack_cloud, bus, rabbit_user,
        listeners):  # noqa: F811
    project = keystone.project_id('demo')
    bodies = [testing_server.vendordata_body(
        str(uuid.uuid4()), project, 'life%d' % number,
        dict(ENROLL, compact_service_HTTP='["ctlplane"]'))
        for number in range(6)]
    # concurrent, so that both workers log in
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(
            lambda body: server.post(body, keystone.token('nova')), bodies))
    assert [answer.status_code for answer in answers] == [200] * 6
    otps = [answer.json()['ipaotp'] for answer in answers]
    assert server.post(bodies[0], keystone.token('nova')).json()[
        'ipaotp'] == otps[0]

    listener = listeners()
    for body in bodies:
        payload = dict(
            instance_id=body['instance-id'], hostname=body['hostname'],
            project_id=project)
        metadata = dict(body['metadata'],
                        managed_service_vip='HTTP/vip.example.test')
        bus.nova('compute.instance.update', legacy_payload(metadata,
                                                           **payload))
        bus.nova('compute.instance.delete.end', legacy_payload(metadata,
                                                               **payload))
    wait_for(lambda: not hosts(ipa), what='every host to go')

    secret_values = otps + [
        keystone.password('nova'), keystone.password('novajoin'),
        keystone.token('nova'), rabbit_user[1]] + keytab_keys(
            kdc, kdc.service_keytab)
    server_log = server.log()
    assert 'Logged in to IPA server' in server_log
    assert_no_secret(server_log, secret_values)
    listener_log = listener.log() + testing_server.read_logs(
        listener.log_path + '.stderr')
    assert 'Logged in to IPA server' in listener_log
    assert 'Applied the services of instance' in listener_log
    assert_no_secret(listener_log, secret_values)
