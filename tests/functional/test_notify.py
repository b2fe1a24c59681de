"""novajoin-notify as a process: real RabbitMQ, real KDC, the IPA emulator.

Notifications are published with oslo_messaging.Notifier as nova
(control_exchange nova, publishers compute.<host> and nova-compute:<host>)
and neutron (control_exchange neutron, publisher network.<host>) do. The
test session gets a RabbitMQ virtual host of its own and each test its own
topic and listener pool, so that runs and tests never share a queue.

Tests wait for what the listener does in IPA, or for the line it logs when
it does nothing, and never assert how fast.
"""

import os
import signal
import subprocess
import sys
import time
import uuid

import kombu
from oslo_config import cfg
import pytest

from novajoin.notify import base as notify_base  # noqa: F401 (warnings)
import oslo_messaging
from oslo_messaging import opts as messaging_opts

from novajoin import ownership
from novajoin.testing import openstack
from novajoin.testing import server as join_server
from tests.unit.test_notify import floatingip
from tests.unit.test_notify import legacy_payload
from tests.unit.test_notify import versioned_payload

RABBIT = '127.0.0.1:5672'
LISTENER_START_TIMEOUT = 60
WORK_TIMEOUT = 60
NOVAJOIN_NOTIFY = os.path.join(os.path.dirname(sys.executable),
                               'novajoin-notify')


def rabbitmqctl(*args):
    subprocess.run(['rabbitmqctl', '--quiet', *args], check=True,
                   stdout=subprocess.DEVNULL)


def wait_for(predicate, timeout=WORK_TIMEOUT, what='the condition',
             interval=0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('timed out after %s s waiting for %s'
                                 % (timeout, what))
        time.sleep(interval)


@pytest.fixture(scope='session')
def rabbit_vhost():
    name = 'novajoin-test-%s' % uuid.uuid4().hex[:12]
    rabbitmqctl('add_vhost', name)
    rabbitmqctl('set_permissions', '-p', name, 'guest', '.*', '.*', '.*')
    yield name
    rabbitmqctl('delete_vhost', name)


class Bus:
    """The test's topic and pool in the session's virtual host, and the
    notifiers of nova and neutron."""

    def __init__(self, vhost):
        self.vhost = vhost
        self.url = 'rabbit://guest:guest@%s/%s' % (RABBIT, vhost)
        suffix = uuid.uuid4().hex[:12]
        self.topic = 'novajoin_notifications_%s' % suffix
        self.pool = 'novajoin-%s' % suffix
        self._transports = []
        self._notifiers = {}

    def _notifier(self, exchange, publisher_id):
        key = (exchange, publisher_id)
        if key not in self._notifiers:
            conf = cfg.ConfigOpts()
            for group, opts in messaging_opts.list_opts():
                if group in (None, 'DEFAULT'):
                    conf.register_opts(opts)
            conf([], project='test', default_config_files=[])
            # what nova and neutron set with set_transport_defaults()
            conf.set_override('control_exchange', exchange)
            transport = oslo_messaging.get_notification_transport(
                conf, url=self.url)
            self._transports.append(transport)
            self._notifiers[key] = oslo_messaging.Notifier(
                transport, publisher_id=publisher_id, driver='messagingv2',
                topics=[self.topic])
        return self._notifiers[key]

    def nova(self, event_type, payload, host='compute-1'):
        """A legacy notification, as nova's compute service sends it."""
        self._notifier('nova', 'compute.%s' % host).info(
            nova_context(), event_type, payload)

    def nova_versioned(self, event_type, payload, host='compute-1'):
        self._notifier('nova', 'nova-compute:%s' % host).info(
            nova_context(), event_type, payload)

    def nova_network(self, event_type, payload, host='network-1'):
        self._notifier('nova', 'network.%s' % host).info(
            nova_context(), event_type, payload)

    def neutron(self, event_type, payload, host='controller-1'):
        self._notifier('neutron', 'network.%s' % host).info(
            {'user_id': 'admin', 'project_id': 'p-admin'}, event_type,
            payload)

    def queue(self):
        """(messages, consumers) of the pool's queue; None before a
        listener declared it."""
        with kombu.Connection('amqp://guest:guest@%s/%s'
                              % (RABBIT, self.vhost)) as connection:
            try:
                _, messages, consumers = connection.default_channel.\
                    queue_declare(self.pool, passive=True)
            except Exception:
                return None
        return messages, consumers

    def close(self):
        for transport in self._transports:
            transport.cleanup()


def nova_context():
    return {'user_id': 'fake', 'project_id': 'p-admin',
            'request_id': 'req-%s' % uuid.uuid4(), 'is_admin': True,
            'roles': ['admin'], 'read_deleted': 'no'}


@pytest.fixture
def bus(rabbit_vhost):
    bus = Bus(rabbit_vhost)
    yield bus
    bus.close()


class Listener:
    """A novajoin-notify process."""

    def __init__(self, name, conf_path, log_path, env):
        self.name = name
        self.conf_path = conf_path
        self.log_path = log_path
        self.env = env
        self.process = None

    def start(self):
        self._stderr = open(self.log_path + '.stderr', 'ab')
        self.process = subprocess.Popen(
            [NOVAJOIN_NOTIFY, '--config-file', self.conf_path],
            env=self.env, stdout=self._stderr, stderr=self._stderr)
        return self

    def signal(self, signum):
        self.process.send_signal(signum)

    def wait(self, timeout=30):
        try:
            return self.process.wait(timeout)
        finally:
            self._stderr.close()

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        if self.running:
            self.signal(signal.SIGTERM)
            try:
                self.wait()
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.wait()

    def log(self):
        try:
            with open(self.log_path, encoding='utf-8') as log_file:
                return log_file.read()
        except FileNotFoundError:
            return ''

    def lines(self, text, level=None):
        return [line for line in self.log().splitlines()
                if text in line and (level is None or ' %s ' % level in line)]

    def wait_for_line(self, text, count=1, timeout=WORK_TIMEOUT):
        return wait_for(lambda: len(self.lines(text)) >= count, timeout,
                        '%d log line(s) with %r in %s' % (count, text,
                                                          self.log_path))


# Reconnect quickly when a test closes the broker's connections.
RABBIT_OPTIONS = {'kombu_reconnect_delay': 0.5, 'rabbit_retry_interval': 1}


@pytest.fixture
def listeners(kdc, ipa, keystone, openstack_cloud, bus, tmp_path):
    """start(**options) starts a novajoin-notify of the test's pool and
    waits until it consumes."""
    started = []

    def start(notification_format='unversioned', project_subdomain=False,
              options=None, wait=True):
        name = 'listener-%d' % (len(started) + 1)
        log_file = str(tmp_path / ('%s.log' % name))
        conf_path = tmp_path / ('%s.conf' % name)
        conf_path.write_text(join_server.render_conf({
            'DEFAULT': dict(
                join_server.ipa_options(kdc, ipa.url, ipa.domain),
                connect_retries=1, retry_delay=0.2, transport_url=bus.url,
                notifications_topic=bus.topic, notifications_pool=bus.pool,
                notification_format=notification_format,
                project_subdomain=project_subdomain, log_file=log_file,
                debug=True, **(options or {})),
            'oslo_messaging_rabbit': RABBIT_OPTIONS,
            'service_credentials': openstack.service_credentials(keystone),
        }))
        env = dict(os.environ, **kdc.env)
        listener = Listener(name, str(conf_path), log_file, env).start()
        started.append(listener)
        if wait:
            consumers = sum(1 for other in started if other.running)
            wait_for(lambda: (bus.queue() or (0, 0))[1] >= consumers,
                     LISTENER_START_TIMEOUT, '%s to consume' % name)
        return listener

    yield start
    for listener in started:
        listener.stop()


def instance_id():
    return str(uuid.uuid4())


def own(instance, project_id='p-1'):
    return ownership.instance_description(instance, project_id)


# What the realm holds before any test: the enrolled controller novajoin
# runs on, and its service (see novajoin/testing/realm.py).
REALM_HOSTS = {'controller.example.test'}
REALM_SERVICES = {'nova/controller.example.test'}


def hosts(ipa):
    return set(ipa.dump()['hosts']) - REALM_HOSTS


def services(ipa):
    return {principal.split('@')[0] for principal in ipa.dump()['services']
            } - REALM_SERVICES


def records(ipa):
    zone = ipa.dump()['dnszones'][ipa.domain + '.']['records']
    return {name: record.get('arecord', [])
            for name, record in zone.items() if name != '@'}


def add_address(ipa, name, address):
    ipa.call('dnsrecord_add', ipa.domain, name, a_part_ip_address=address)


def add_service(ipa, principal, *managers):
    ipa.call('service_add', principal, force=True)
    if managers:
        ipa.call('service_add_host', principal, host=list(managers))


def gone(ipa, *names):
    return lambda: not hosts(ipa) & set(names)


ENROLL = {'ipa_enroll': 'True'}


class TestDelete:
    def test_legacy_delete_removes_host_sub_hosts_and_records(
            self, ipa, bus, listeners):
        server = instance_id()
        ipa.add_host('web.example.test', description=own(server),
                     has_keytab=True)
        ipa.add_host('web.ctlplane.example.test', description=own(server))
        add_service(ipa, 'HTTP/web.ctlplane.example.test', 'web.example.test')
        add_address(ipa, 'web', '203.0.113.7')
        add_address(ipa, 'web.ctlplane', '192.0.2.7')
        listeners()
        bus.nova('compute.instance.delete.end', legacy_payload(
            dict(ENROLL, compact_service_HTTP='["ctlplane"]'),
            instance_id=server, hostname='web', project_id='p-1'))
        wait_for(gone(ipa, 'web.example.test', 'web.ctlplane.example.test'),
                 what='the hosts to go')
        assert services(ipa) == set()
        assert records(ipa) == {}
        assert ipa.counters()['requests'] == 2

    def test_versioned_delete(self, ipa, bus, listeners):
        server = instance_id()
        ipa.add_host('web.example.test', description=own(server))
        listeners(notification_format='versioned')
        bus.nova_versioned('instance.delete.end', versioned_payload(
            metadata=ENROLL, instance_id=server, hostname='web',
            project_id='p-1'))
        wait_for(gone(ipa, 'web.example.test'), what='the host to go')

    def test_image_property_in_the_legacy_payload(self, ipa, bus, listeners):
        server = instance_id()
        ipa.add_host('web.example.test', description=own(server))
        listeners()
        bus.nova('compute.instance.delete.end', legacy_payload(
            {}, image_meta={'ipa_enroll': 'True'}, instance_id=server,
            hostname='web'))
        wait_for(gone(ipa, 'web.example.test'), what='the host to go')

    def test_image_property_from_glance(self, ipa, bus, listeners,
                                        openstack_cloud):
        server = instance_id()
        image = openstack_cloud.add_image({'ipa_enroll': 'True',
                                           'os_distro': 'rhel'})
        ipa.add_host('web.example.test', description=own(server))
        listeners(notification_format='versioned')
        bus.nova_versioned('instance.delete.end', versioned_payload(
            metadata={}, image_uuid=image, instance_id=server,
            hostname='web'))
        wait_for(gone(ipa, 'web.example.test'), what='the host to go')
        assert openstack_cloud.requests['image'] == 1

    def test_project_subdomain_takes_the_project_name_from_keystone(
            self, ipa, bus, listeners, keystone):
        server, project = instance_id(), keystone.project_id('demo')
        ipa.add_host('web.demo.example.test', description=own(server,
                                                              project))
        add_address(ipa, 'web.demo', '203.0.113.7')
        listeners(project_subdomain=True)
        bus.nova('compute.instance.delete.end', legacy_payload(
            ENROLL, instance_id=server, hostname='web', project_id=project))
        wait_for(gone(ipa, 'web.demo.example.test'), what='the host to go')
        assert records(ipa) == {}

    def test_instance_that_did_not_ask_is_ignored(self, ipa, bus, listeners):
        server = instance_id()
        ipa.add_host('web.example.test', description=own(server))
        listener = listeners()
        bus.nova('compute.instance.delete.end', legacy_payload(
            {'ipa_enroll': 'False'}, instance_id=server, hostname='web'))
        listener.wait_for_line('Deleted instance %s did not ask for '
                               'enrollment' % server)
        assert hosts(ipa) == {'web.example.test'}
        assert ipa.counters()['requests'] == 0

    def test_same_name_in_another_project_survives(self, ipa, bus,
                                                   listeners):
        theirs = instance_id()
        ipa.add_host('web.example.test', description=own(theirs, 'p-2'),
                     has_keytab=True)
        add_address(ipa, 'web', '203.0.113.7')
        listener = listeners()
        bus.nova('compute.instance.delete.end', legacy_payload(
            ENROLL, instance_id=instance_id(), hostname='web',
            project_id='p-1'))
        listener.wait_for_line('Host web.example.test is not novajoin\'s')
        assert hosts(ipa) == {'web.example.test'}
        assert records(ipa) == {'web': ['203.0.113.7']}

    def test_shared_service_host_goes_with_its_last_manager(
            self, ipa, bus, listeners):
        first, second = instance_id(), instance_id()
        ipa.add_host('ctl-1.example.test', description=own(first))
        ipa.add_host('ctl-2.example.test', description=own(second))
        ipa.add_host('vip.example.test',
                     description=ownership.shared_description('p-1'))
        add_service(ipa, 'HTTP/vip.example.test', 'ctl-1.example.test',
                    'ctl-2.example.test')
        metadata = dict(ENROLL, managed_service_vip='HTTP/vip.example.test')
        listener = listeners()
        bus.nova('compute.instance.delete.end', legacy_payload(
            metadata, instance_id=first, hostname='ctl-1', project_id='p-1'))
        listener.wait_for_line('Removed deleted instance %s' % first)
        assert hosts(ipa) == {'ctl-2.example.test', 'vip.example.test'}
        assert services(ipa) == {'HTTP/vip.example.test'}
        bus.nova('compute.instance.delete.end', legacy_payload(
            metadata, instance_id=second, hostname='ctl-2',
            project_id='p-1'))
        wait_for(lambda: not hosts(ipa), what='every host to go')
        assert services(ipa) == set()

    def test_already_gone_is_success(self, ipa, bus, listeners):
        listener = listeners()
        server = instance_id()
        bus.nova('compute.instance.delete.end', legacy_payload(
            ENROLL, instance_id=server, hostname='web'))
        listener.wait_for_line('Deleted instance %s had no host' % server)
        assert not listener.lines('', 'WARNING')
        assert not listener.lines('', 'ERROR')


class TestUpdate:
    def test_compact_service_added_after_boot(self, ipa, bus, listeners):
        server = instance_id()
        ipa.add_host('web.example.test', description=own(server),
                     has_keytab=True)
        listeners()
        bus.nova('compute.instance.update', legacy_payload(
            dict(ENROLL, compact_service_HTTP='["ctlplane"]'),
            instance_id=server, hostname='web'))
        wait_for(lambda: 'HTTP/web.ctlplane.example.test' in services(ipa),
                 what='the service')
        service = ipa.call('service_show', 'HTTP/web.ctlplane.example.test')
        assert set(service['result']['managedby_host']) == {
            'web.ctlplane.example.test', 'web.example.test'}
        assert ipa.dump()['hosts']['web.example.test']['has_keytab']

    def test_managed_service_added_after_boot(self, ipa, bus, listeners,
                                              keystone):
        server, project = instance_id(), keystone.project_id('demo')
        ipa.add_host('web.example.test', description=own(server, project),
                     has_keytab=True)
        listeners()
        bus.nova('compute.instance.update', legacy_payload(
            dict(ENROLL, managed_service_vip='HTTP/vip.example.test'),
            instance_id=server, hostname='web', project_id=project))
        wait_for(lambda: 'HTTP/vip.example.test' in services(ipa),
                 what='the service')
        vip = ipa.call('host_show', 'vip.example.test')['result']
        assert vip['description'] == [
            ownership.shared_description(project)]
        service = ipa.call('service_show', 'HTTP/vip.example.test')
        assert set(service['result']['managedby_host']) == {
            'vip.example.test', 'web.example.test'}

    def test_versioned_update_of_a_foreign_host_is_refused(
            self, ipa, bus, listeners):
        ipa.add_host('web.example.test', description=own(instance_id()))
        listener = listeners(notification_format='versioned')
        bus.nova_versioned('instance.update', versioned_payload(
            'InstanceUpdatePayload', '1.8',
            dict(ENROLL, compact_service_HTTP='["ctlplane"]'),
            instance_id=instance_id(), hostname='web'))
        listener.wait_for_line('instance.update (message', 1)
        assert hosts(ipa) == {'web.example.test'}
        assert services(ipa) == set()


class TestMessages:
    def test_version_mismatch(self, ipa, bus, listeners):
        servers = [instance_id() for _ in range(3)]
        for number, server in enumerate(servers):
            ipa.add_host('web-%d.example.test' % number,
                         description=own(server))
        listener = listeners(notification_format='versioned')
        for number, version in ((0, '2.0'), (1, '2.0')):
            bus.nova_versioned('instance.delete.end', versioned_payload(
                version=version, metadata=ENROLL,
                instance_id=servers[number], hostname='web-%d' % number))
        listener.wait_for_line('InstanceActionPayload 2.0 is not version',
                               count=2)
        bus.nova_versioned('instance.delete.end', versioned_payload(
            version='1.99', metadata=ENROLL, instance_id=servers[2],
            hostname='web-2'))
        wait_for(gone(ipa, 'web-2.example.test'), what='web-2 to go')
        assert hosts(ipa) == {'web-0.example.test', 'web-1.example.test'}
        assert len(listener.lines('is not version 1.7', 'ERROR')) == 1
        assert listener.lines('InstanceActionPayload 1.99 read as 1.7',
                              'DEBUG')

    def test_malformed_messages_are_one_line_each_and_dropped(
            self, ipa, bus, listeners):
        server = instance_id()
        ipa.add_host('web.example.test', description=own(server))
        listener = listeners()
        malformed = [
            ('compute.instance.delete.end', None),
            ('compute.instance.delete.end', 'not an object'),
            ('compute.instance.delete.end', {'instance_id': server}),
            ('compute.instance.delete.end', legacy_payload(
                {'ipa_enroll': True}, instance_id=server, hostname='web')),
            ('compute.instance.update', legacy_payload(
                ['ipa_enroll'], instance_id=server, hostname='web')),
            ('compute.instance.delete.end', legacy_payload(
                ENROLL, instance_id=server, hostname='not a host name!')),
        ]
        for event_type, payload in malformed:
            bus.nova(event_type, payload)
        bus.neutron('floatingip.update.end', {'floatingip': 'x'})
        bus.nova_network('network.floating_ip.associate',
                         {'instance_id': server, 'floating_ip': 'nowhere'})
        listener.wait_for_line('(message', count=len(malformed) + 2)
        time.sleep(1)
        bus.nova('compute.instance.delete.end', legacy_payload(
            ENROLL, instance_id=server, hostname='web'))
        wait_for(gone(ipa, 'web.example.test'), what='the host to go')
        assert listener.running
        problems = listener.lines('(message')
        assert len(problems) == len(malformed) + 2
        assert not listener.lines('Traceback')
        assert not listener.lines('goes back to the queue')
        assert bus.queue()[0] == 0

    def test_sigterm_stops_cleanly_and_leaves_the_rest_queued(
            self, ipa, bus, listeners):
        servers = [instance_id() for _ in range(20)]
        for number, server in enumerate(servers):
            ipa.add_host('web-%d.example.test' % number,
                         description=own(server))
        ipa.fault('latency', value=0.5)
        # two deletes at a time, so that most are still queued on SIGTERM
        listener = listeners(options={'executor_thread_pool_size': 2})
        for number, server in enumerate(servers):
            bus.nova('compute.instance.delete.end', legacy_payload(
                ENROLL, instance_id=server, hostname='web-%d' % number))
        wait_for(lambda: len(hosts(ipa)) < 20, what='a first delete')
        listener.signal(signal.SIGTERM)
        assert listener.wait(30) == 0
        assert listener.lines('Stopped listening')
        left = hosts(ipa)
        assert left
        ipa.fault('clear')
        listeners()
        wait_for(lambda: not hosts(ipa), what='the other hosts to go')


ADDRESS = '203.0.113.7'


class TestFloatingIPs:
    def enrolled_server(self, ipa, cloud, keystone, metadata=ENROLL):
        server, project = instance_id(), keystone.project_id('demo')
        ipa.add_host('web.example.test', description=own(server, project),
                     has_keytab=True)
        cloud.add_server(server, 'web', project, metadata=metadata)
        cloud.add_port('port-1', server, ['10.0.0.5'])
        return server

    def test_neutron_associate_then_disassociate(
            self, ipa, bus, listeners, openstack_cloud, keystone):
        self.enrolled_server(ipa, openstack_cloud, keystone)
        listeners()
        bus.neutron('floatingip.update.end',
                    {'floatingip': floatingip('port-1', ADDRESS)})
        wait_for(lambda: records(ipa) == {'web': [ADDRESS]},
                 what='the address record')
        bus.neutron('floatingip.update.end',
                    {'floatingip': floatingip(None, ADDRESS)})
        wait_for(lambda: records(ipa) == {}, what='the record to go')

    def test_neutron_delete_removes_the_address(
            self, ipa, bus, listeners, openstack_cloud, keystone):
        self.enrolled_server(ipa, openstack_cloud, keystone)
        add_address(ipa, 'web', ADDRESS)
        add_address(ipa, 'www', ADDRESS)
        listeners(notification_format='versioned')
        bus.neutron('floatingip.delete.end',
                    {'floatingip_id': 'fip-1',
                     'floatingip': floatingip('port-1', ADDRESS)})
        wait_for(lambda: 'web' not in records(ipa), what='the record to go')
        assert records(ipa) == {'www': [ADDRESS]}

    def test_instance_that_did_not_ask_gets_no_record(
            self, ipa, bus, listeners, openstack_cloud, keystone):
        self.enrolled_server(ipa, openstack_cloud, keystone, metadata={})
        listener = listeners()
        bus.neutron('floatingip.update.end',
                    {'floatingip': floatingip('port-1', ADDRESS)})
        listener.wait_for_line('not recorded: instance')
        assert records(ipa) == {}
        assert ipa.counters()['requests'] == 0

    def test_nova_network_associate_then_disassociate(
            self, ipa, bus, listeners, openstack_cloud, keystone):
        server = self.enrolled_server(ipa, openstack_cloud, keystone)
        listeners()
        payload = {'project_id': keystone.project_id('demo'),
                   'instance_id': server, 'floating_ip': ADDRESS}
        bus.nova_network('network.floating_ip.associate', payload)
        wait_for(lambda: records(ipa) == {'web': [ADDRESS]},
                 what='the address record')
        bus.nova_network('network.floating_ip.disassociate', payload)
        wait_for(lambda: records(ipa) == {}, what='the record to go')


def test_unreadable_keytab_refuses_to_start(tmp_path, rabbit_vhost):
    conf = tmp_path / 'join.conf'
    conf.write_text('[DEFAULT]\nurl = http://localhost:1/ipa/json\n'
                    'realm = EXAMPLE.TEST\ndomain = example.test\n'
                    'principal = nova/localhost\nkeytab = %s\n'
                    'transport_url = rabbit://guest:guest@%s/%s\n'
                    % (tmp_path / 'missing.keytab', RABBIT, rabbit_vhost))
    result = subprocess.run([NOVAJOIN_NOTIFY, '--config-file', str(conf)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'novajoin: cannot read the keytab %s (set keytab in join.conf)'
        % (tmp_path / 'missing.keytab')]
