"""The notification endpoint and handlers of novajoin-notify, with fake
domain services: routing, payload reading, versions, and which outcome
acknowledges a message and which puts it back in the queue."""

import copy
import logging
import threading
import time

from oslo_config import cfg
import pytest

from novajoin import exception
from novajoin import instances
from novajoin.ipa import errors as ipa_client_errors
from novajoin.ipa.errors import ipa_errors
from novajoin.ipa import transport as ipa_transport
from novajoin.notify import base
from novajoin.notify import floating_ips
from novajoin.notify import listener
from novajoin.notify import nova
from novajoin import removal

HANDLED = base.HANDLED
REQUEUE = base.REQUEUE

INSTANCE_ID = '178b0921-8f85-4257-88b6-2e743b5a975c'
PROJECT_ID = '6f70656e737461636b20342065766572'
IMAGE_ID = '155d900f-4e14-4e4c-a73d-069cbf4541e6'


def legacy_payload(metadata=None, image_meta=None, instance_id=INSTANCE_ID,
                   hostname='web-server', project_id=PROJECT_ID,
                   image_id=IMAGE_ID):
    """compute.instance.* as nova's info_from_instance() builds it."""
    return {
        'tenant_id': project_id, 'user_id': 'fake',
        'instance_id': instance_id, 'display_name': 'Web Server',
        'reservation_id': 'r-npxv0e40', 'hostname': hostname,
        'instance_type': 'm1.tiny', 'instance_type_id': 2,
        'instance_flavor_id': '1', 'architecture': 'x86_64',
        'memory_mb': 512, 'disk_gb': 1, 'vcpus': 1, 'root_gb': 1,
        'ephemeral_gb': 0, 'host': 'compute', 'node': 'fake-mini',
        'availability_zone': 'nova', 'cell_name': '',
        'created_at': '2012-10-29 13:42:11+00:00', 'terminated_at': '',
        'deleted_at': '', 'launched_at': '2012-10-29T13:42:11.000000',
        'image_ref_url': 'http://glance.example.test:9292/images/'
                         + image_id,
        'os_type': None, 'kernel_id': '', 'ramdisk_id': '',
        'state': 'deleted', 'state_description': '', 'progress': '',
        'access_ip_v4': None, 'access_ip_v6': None, 'fixed_ips': [],
        'image_meta': {'base_image_ref': image_id, 'min_disk': '1',
                       **(image_meta or {})},
        'metadata': {} if metadata is None else metadata,
    }


def versioned_payload(name='InstanceActionPayload', version='1.7',
                      metadata=None, image_uuid=IMAGE_ID,
                      instance_id=INSTANCE_ID, hostname='web-server',
                      project_id=PROJECT_ID):
    """instance.* as nova's doc/notification_samples show them."""
    return {
        'nova_object.name': name,
        'nova_object.namespace': 'nova',
        'nova_object.version': version,
        'nova_object.data': {
            'architecture': 'x86_64', 'availability_zone': None,
            'created_at': '2012-10-29T13:42:11Z',
            'deleted_at': '2012-10-29T13:42:11Z',
            'display_name': 'Web Server', 'display_description': None,
            'fault': None, 'host': 'compute', 'host_name': hostname,
            'ip_addresses': [], 'kernel_id': '',
            'launched_at': '2012-10-29T13:42:11Z',
            'image_uuid': image_uuid,
            'metadata': {} if metadata is None else metadata,
            'locked': False, 'node': 'fake-mini', 'os_type': None,
            'progress': 0, 'ramdisk_id': '', 'reservation_id': 'r-npxv0e40',
            'state': 'deleted', 'task_state': None,
            'power_state': 'pending', 'tenant_id': project_id,
            'terminated_at': '2012-10-29T13:42:11Z',
            'flavor': {'nova_object.name': 'FlavorPayload',
                       'nova_object.data': {'flavorid': 'a22d5517',
                                            'name': 'test_flavor'},
                       'nova_object.version': '1.4',
                       'nova_object.namespace': 'nova'},
            'user_id': 'fake', 'uuid': instance_id,
            'request_id': 'req-5b6c791d', 'action_initiator_user': 'fake',
            'action_initiator_project': project_id,
        },
    }


ENROLL = {'ipa_enroll': 'True'}
SERVICES = {'ipa_enroll': 'True',
            'managed_service_vip': 'HTTP/vip.example.test'}


class FakeResolver:
    def __init__(self, images=None, image_error=None):
        self.images = images or {}
        self.image_error = image_error
        self.looked_up = []

    def enrollment_requested(self, instance):
        if instance.metadata.get('ipa_enroll', '').lower() == 'true':
            return True
        self.looked_up.append(instance.image_id)
        if self.image_error:
            raise self.image_error
        properties = self.images.get(instance.image_id, {})
        return properties.get('ipa_enroll', '').lower() == 'true'


class FakeRemover:
    def __init__(self, error=None):
        self.removed = []
        self.error = error

    def remove(self, instance):
        self.removed.append(instance)
        if self.error:
            raise self.error
        return removal.Removal('web-server.example.test',
                               hosts=('web-server.example.test',))


class FakeEnroller:
    def __init__(self):
        self.updated = []

    def update_services(self, instance):
        self.updated.append(instance)
        return True


def nova_handler(cls, resolver=None, remover=None, enroller=None):
    return cls(resolver or FakeResolver(), remover or FakeRemover(),
               enroller or FakeEnroller())


def endpoint(*handlers):
    return base.NotificationEndpoint(
        list(handlers), base.Backoff(threading.Event(), initial=0.01,
                                     maximum=0.02))


def notify(ep, event_type, payload, publisher_id='compute.compute-1'):
    return ep.info({}, publisher_id, event_type, payload,
                   {'message_id': 'm-1', 'timestamp': 'now'})


class TestUnversioned:
    def test_delete_of_an_enrolled_instance(self):
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.UnversionedHandler, remover=remover))
        assert notify(ep, 'compute.instance.delete.end',
                      legacy_payload(ENROLL)) == HANDLED
        assert remover.removed == [instances.Instance(
            INSTANCE_ID, PROJECT_ID, 'web-server', ENROLL, IMAGE_ID)]

    def test_image_properties_of_the_payload_ask_for_enrollment(self):
        resolver, remover = FakeResolver(), FakeRemover()
        ep = endpoint(nova_handler(nova.UnversionedHandler, resolver,
                                   remover))
        notify(ep, 'compute.instance.delete.end',
               legacy_payload(image_meta={'ipa_enroll': 'True'}))
        assert len(remover.removed) == 1
        assert resolver.looked_up == []

    def test_instance_that_did_not_ask_is_ignored(self):
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.UnversionedHandler, remover=remover))
        assert notify(ep, 'compute.instance.delete.end',
                      legacy_payload({'ipa_enroll': 'false'})) == HANDLED
        assert remover.removed == []

    @pytest.mark.parametrize('event_type', ['compute.instance.update',
                                            'compute.instance.create.end'])
    def test_update_applies_services(self, event_type):
        enroller = FakeEnroller()
        ep = endpoint(nova_handler(nova.UnversionedHandler,
                                   enroller=enroller))
        assert notify(ep, event_type, legacy_payload(SERVICES)) == HANDLED
        assert [i.metadata for i in enroller.updated] == [SERVICES]

    def test_update_without_services_does_nothing(self):
        resolver, enroller = FakeResolver(), FakeEnroller()
        ep = endpoint(nova_handler(nova.UnversionedHandler, resolver,
                                   enroller=enroller))
        notify(ep, 'compute.instance.update', legacy_payload(ENROLL))
        assert enroller.updated == [] and resolver.looked_up == []

    def test_update_of_an_instance_that_did_not_ask_does_nothing(self):
        enroller = FakeEnroller()
        ep = endpoint(nova_handler(nova.UnversionedHandler,
                                   enroller=enroller))
        metadata = dict(SERVICES, ipa_enroll='False')
        notify(ep, 'compute.instance.update', legacy_payload(metadata))
        assert enroller.updated == []

    def test_versioned_event_is_not_its_business(self):
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.UnversionedHandler, remover=remover))
        assert notify(ep, 'instance.delete.end', versioned_payload(
            metadata=ENROLL), 'nova-compute:compute') == HANDLED
        assert remover.removed == []


class TestVersioned:
    def test_delete_reads_the_envelope(self):
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.VersionedHandler, remover=remover))
        assert notify(ep, 'instance.delete.end',
                      versioned_payload(metadata=ENROLL),
                      'nova-compute:compute') == HANDLED
        assert remover.removed == [instances.Instance(
            INSTANCE_ID, PROJECT_ID, 'web-server', ENROLL, IMAGE_ID)]

    def test_delete_sent_by_nova_api_is_handled(self):
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.VersionedHandler, remover=remover))
        notify(ep, 'instance.delete.end', versioned_payload(metadata=ENROLL),
               'nova-api:controller')
        assert len(remover.removed) == 1

    def test_image_properties_come_from_glance(self):
        resolver = FakeResolver({IMAGE_ID: {'ipa_enroll': 'true'}})
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.VersionedHandler, resolver, remover))
        notify(ep, 'instance.delete.end', versioned_payload(),
               'nova-compute:compute')
        assert resolver.looked_up == [IMAGE_ID]
        assert len(remover.removed) == 1

    def test_image_gone_from_glance_leaves_it_to_ownership(self):
        resolver = FakeResolver(image_error=exception.Invalid('unknown'))
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.VersionedHandler, resolver, remover))
        notify(ep, 'instance.delete.end', versioned_payload(),
               'nova-compute:compute')
        assert len(remover.removed) == 1

    def test_glance_unreachable_puts_the_message_back(self):
        resolver = FakeResolver(image_error=exception.Unavailable('down'))
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.VersionedHandler, resolver, remover))
        assert notify(ep, 'instance.delete.end', versioned_payload(),
                      'nova-compute:compute') == REQUEUE
        assert remover.removed == []

    def test_boot_from_volume_has_no_image(self):
        resolver, remover = FakeResolver(), FakeRemover()
        ep = endpoint(nova_handler(nova.VersionedHandler, resolver, remover))
        notify(ep, 'instance.delete.end', versioned_payload(
            metadata=ENROLL, image_uuid=''), 'nova-compute:compute')
        assert remover.removed[0].image_id is None

    @pytest.mark.parametrize('event_type,name,version', [
        ('instance.update', 'InstanceUpdatePayload', '1.8'),
        ('instance.create.end', 'InstanceCreatePayload', '1.10'),
    ])
    def test_update_applies_services(self, event_type, name, version):
        enroller = FakeEnroller()
        ep = endpoint(nova_handler(nova.VersionedHandler, enroller=enroller))
        notify(ep, event_type, versioned_payload(name, version, SERVICES),
               'nova-compute:compute')
        assert len(enroller.updated) == 1

    def test_minor_version_mismatch_is_processed(self, caplog):
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.VersionedHandler, remover=remover))
        with caplog.at_level(logging.DEBUG, 'novajoin'):
            assert notify(ep, 'instance.delete.end', versioned_payload(
                version='1.9', metadata=ENROLL),
                'nova-compute:compute') == HANDLED
        assert len(remover.removed) == 1
        assert [r.levelno for r in caplog.records
                if 'another minor version' in r.getMessage()] == [
            logging.DEBUG]

    def test_major_version_mismatch_is_an_error_logged_once(self, caplog):
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.VersionedHandler, remover=remover))
        payload = versioned_payload(version='2.0', metadata=ENROLL)
        with caplog.at_level(logging.DEBUG, 'novajoin'):
            for _ in range(3):
                assert notify(ep, 'instance.delete.end', payload,
                              'nova-compute:compute') == HANDLED
        assert remover.removed == []
        mismatches = [r for r in caplog.records
                      if 'is not version 1.7' in r.getMessage()]
        assert [r.levelno for r in mismatches] == [
            logging.ERROR, logging.DEBUG, logging.DEBUG]

    def test_legacy_event_is_not_its_business(self):
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.VersionedHandler, remover=remover))
        notify(ep, 'compute.instance.delete.end', legacy_payload(ENROLL))
        assert remover.removed == []


def _without(payload, *keys):
    payload = copy.deepcopy(payload)
    target = payload.get('nova_object.data', payload)
    for key in keys:
        target.pop(key)
    return payload


def _with(payload, **values):
    payload = copy.deepcopy(payload)
    payload.get('nova_object.data', payload).update(values)
    return payload


class TestMalformed:
    @pytest.mark.parametrize('event_type,publisher,payload', [
        ('compute.instance.delete.end', 'compute.c1', None),
        ('compute.instance.delete.end', 'compute.c1', 'a string'),
        ('compute.instance.delete.end', 'compute.c1', []),
        ('compute.instance.delete.end', 'compute.c1',
         _without(legacy_payload(ENROLL), 'instance_id')),
        ('compute.instance.delete.end', 'compute.c1',
         _without(legacy_payload(ENROLL), 'hostname')),
        ('compute.instance.delete.end', 'compute.c1',
         _with(legacy_payload(ENROLL), hostname=42)),
        ('compute.instance.delete.end', 'compute.c1',
         _with(legacy_payload(ENROLL), metadata=['ipa_enroll'])),
        ('compute.instance.delete.end', 'compute.c1',
         _with(legacy_payload(ENROLL), metadata={'ipa_enroll': True})),
        ('compute.instance.delete.end', 'compute.c1',
         _with(legacy_payload(ENROLL), image_meta='x')),
        ('instance.delete.end', 'nova-compute:c1', legacy_payload(ENROLL)),
        ('instance.delete.end', 'nova-compute:c1',
         _without(versioned_payload(metadata=ENROLL), 'uuid')),
        ('instance.delete.end', 'nova-compute:c1',
         _with(versioned_payload(metadata=ENROLL), tenant_id=None)),
        ('instance.delete.end', 'nova-compute:c1',
         {'nova_object.name': 'InstanceActionPayload',
          'nova_object.version': 'one', 'nova_object.data': {}}),
        ('instance.delete.end', 'nova-compute:c1',
         {'nova_object.name': 'InstanceActionPayload',
          'nova_object.version': '1.7', 'nova_object.data': 'x'}),
    ])
    def test_is_dropped_with_one_warning(self, caplog, event_type,
                                         publisher, payload):
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.UnversionedHandler, remover=remover),
                      nova_handler(nova.VersionedHandler, remover=remover))
        with caplog.at_level(logging.INFO, 'novajoin'):
            assert notify(ep, event_type, payload, publisher) == HANDLED
        assert remover.removed == []
        assert [(r.levelno, '\n' in r.getMessage())
                for r in caplog.records] == [(logging.WARNING, False)]
        assert 'Dropped %s' % event_type in caplog.records[0].getMessage()

    def test_invalid_host_name_is_dropped(self, caplog):
        remover = FakeRemover(error=exception.Invalid('bad host name'))
        ep = endpoint(nova_handler(nova.UnversionedHandler, remover=remover))
        with caplog.at_level(logging.INFO, 'novajoin'):
            assert notify(ep, 'compute.instance.delete.end',
                          legacy_payload(ENROLL)) == HANDLED
        assert [r.levelno for r in caplog.records] == [logging.WARNING]

    def test_unknown_event_type_is_one_debug_line(self, caplog):
        ep = endpoint(nova_handler(nova.UnversionedHandler))
        with caplog.at_level(logging.DEBUG, 'novajoin'):
            assert notify(ep, 'compute.instance.power_off.end',
                          legacy_payload(ENROLL)) == HANDLED
        assert [r.levelno for r in caplog.records] == [logging.DEBUG]


class TestOutcome:
    @pytest.mark.parametrize('error', [
        ipa_client_errors.IPAUnavailable('https://ipa', 3, 'refused'),
        ipa_client_errors.IPAAuthenticationError('KDC said no'),
        exception.Unavailable('glance is down'),
        ipa_errors.NetworkError(uri='ldapi://', error='down'),
        ipa_errors.DatabaseTimeout(),
    ])
    def test_what_time_can_fix_goes_back_to_the_queue(self, error):
        remover = FakeRemover(error=error)
        ep = endpoint(nova_handler(nova.UnversionedHandler, remover=remover))
        assert notify(ep, 'compute.instance.delete.end',
                      legacy_payload(ENROLL)) == REQUEUE

    @pytest.mark.parametrize('error', [
        exception.HostConflict('not ours'),
        exception.NotAllowed('not allowed'),
        exception.IPARefused('no'),
        ipa_errors.ACIError(info='no right'),
        KeyError('a bug'),
    ])
    def test_what_time_cannot_fix_is_dropped(self, caplog, error):
        remover = FakeRemover(error=error)
        ep = endpoint(nova_handler(nova.UnversionedHandler, remover=remover))
        with caplog.at_level(logging.INFO, 'novajoin'):
            assert notify(ep, 'compute.instance.delete.end',
                          legacy_payload(ENROLL)) == HANDLED
        assert [r.levelno for r in caplog.records] == [logging.ERROR]

    def test_stopping_listener_puts_messages_back_untouched(self):
        remover = FakeRemover()
        ep = endpoint(nova_handler(nova.UnversionedHandler, remover=remover))
        ep.backoff.stopping.set()
        assert notify(ep, 'compute.instance.delete.end',
                      legacy_payload(ENROLL)) == REQUEUE
        assert remover.removed == []


class TestBackoff:
    def test_holds_back_after_a_failure_until_the_delay_passes(self):
        backoff = base.Backoff(threading.Event(), initial=0.05,
                               maximum=0.2)
        backoff.failed()
        start = time.monotonic()
        assert backoff.wait()
        assert time.monotonic() - start >= 0.04

    def test_doubles_up_to_the_maximum_and_a_success_ends_it(self):
        backoff = base.Backoff(threading.Event(), initial=0.01,
                               maximum=0.03)
        delays = []
        for _ in range(4):
            backoff.wait()
            backoff.failed()
            delays.append(backoff._delay)
        assert delays == [0.01, 0.02, 0.03, 0.03]
        backoff.succeeded()
        assert backoff._delay == 0

    def test_failures_while_held_back_count_once(self):
        backoff = base.Backoff(threading.Event(), initial=10, maximum=60)
        backoff.failed()
        backoff.failed()
        assert backoff._delay == 10

    def test_stopping_ends_the_wait(self):
        stopping = threading.Event()
        backoff = base.Backoff(stopping, initial=30, maximum=60)
        backoff.failed()
        threading.Timer(0.05, stopping.set).start()
        start = time.monotonic()
        assert not backoff.wait()
        assert time.monotonic() - start < 5


class FakeServers:
    def __init__(self, servers=None):
        self.servers = servers or {}

    def instance(self, server_id):
        if server_id not in self.servers:
            raise exception.Invalid('unknown server %s' % server_id)
        return self.servers[server_id]


class FakePorts:
    def __init__(self, ports):
        self.ports = ports

    def get(self, port_id):
        if port_id not in self.ports:
            raise exception.Invalid('unknown port %s' % port_id)
        return self.ports[port_id]


class FakeAddresses:
    def __init__(self):
        self.associated = []
        self.disassociated = []

    def associate(self, instance, address):
        self.associated.append((instance.instance_id, address))

    def disassociate(self, address):
        self.disassociated.append(address)


SERVER = instances.Instance(INSTANCE_ID, PROJECT_ID, 'web-server', ENROLL)
PORTS = {'port-1': {'id': 'port-1', 'device_id': INSTANCE_ID,
                    'device_owner': 'compute:nova'},
         'router': {'id': 'router', 'device_id': 'r-1',
                    'device_owner': 'network:router_interface'}}


def floatingip(port_id='port-1', address='203.0.113.7'):
    """neutron's floating IP as its API shows it."""
    return {'id': 'fip-1', 'tenant_id': PROJECT_ID,
            'project_id': PROJECT_ID, 'floating_network_id': 'ext-net',
            'router_id': 'r-1' if port_id else None,
            'fixed_ip_address': '10.0.0.5' if port_id else None,
            'floating_ip_address': address, 'port_id': port_id,
            'status': 'DOWN', 'description': '', 'tags': [],
            'revision_number': 2}


def neutron(addresses, servers=None, resolver=None):
    handler = floating_ips.NeutronFloatingIPHandler(
        resolver or FakeResolver(), addresses,
        FakeServers({INSTANCE_ID: SERVER} if servers is None else servers),
        FakePorts(PORTS))
    return endpoint(handler)


class TestNeutronFloatingIPs:
    def test_associate_records_the_address(self):
        addresses = FakeAddresses()
        assert notify(neutron(addresses), 'floatingip.update.end',
                      {'floatingip': floatingip()}, 'network.ctl') == HANDLED
        assert addresses.associated == [(INSTANCE_ID, '203.0.113.7')]

    def test_disassociate_removes_the_address(self):
        addresses = FakeAddresses()
        notify(neutron(addresses), 'floatingip.update.end',
               {'floatingip': floatingip(port_id=None)}, 'network.ctl')
        assert addresses.disassociated == ['203.0.113.7']

    def test_delete_removes_the_address(self):
        addresses = FakeAddresses()
        notify(neutron(addresses), 'floatingip.delete.end',
               {'floatingip_id': 'fip-1', 'floatingip': floatingip()},
               'network.ctl')
        assert addresses.disassociated == ['203.0.113.7']

    def test_port_of_no_instance_is_ignored(self):
        addresses = FakeAddresses()
        notify(neutron(addresses), 'floatingip.update.end',
               {'floatingip': floatingip('router')}, 'network.ctl')
        assert addresses.associated == []

    @pytest.mark.parametrize('port_id,servers', [
        ('gone', None), ('port-1', {})])
    def test_port_or_server_gone_is_ignored(self, port_id, servers):
        addresses = FakeAddresses()
        assert notify(neutron(addresses, servers), 'floatingip.update.end',
                      {'floatingip': floatingip(port_id)},
                      'network.ctl') == HANDLED
        assert addresses.associated == []

    def test_instance_that_did_not_ask_is_ignored(self):
        addresses = FakeAddresses()
        server = instances.Instance(INSTANCE_ID, PROJECT_ID, 'web', {})
        notify(neutron(addresses, {INSTANCE_ID: server}),
               'floatingip.update.end', {'floatingip': floatingip()},
               'network.ctl')
        assert addresses.associated == []

    @pytest.mark.parametrize('payload', [
        {}, {'floatingip': 'x'},
        {'floatingip': floatingip(address='not an address')},
        {'floatingip_id': 'fip-1'},
    ])
    def test_malformed_is_dropped(self, payload):
        addresses = FakeAddresses()
        assert notify(neutron(addresses), 'floatingip.delete.end', payload,
                      'network.ctl') == HANDLED
        assert addresses.disassociated == []


class TestNovaNetworkFloatingIPs:
    def endpoint(self, addresses):
        return endpoint(floating_ips.NovaNetworkFloatingIPHandler(
            FakeResolver(), addresses, FakeServers({INSTANCE_ID: SERVER})))

    def test_associate(self):
        addresses = FakeAddresses()
        notify(self.endpoint(addresses), 'network.floating_ip.associate',
               {'project_id': PROJECT_ID, 'instance_id': INSTANCE_ID,
                'floating_ip': '203.0.113.7'}, 'network.net-1')
        assert addresses.associated == [(INSTANCE_ID, '203.0.113.7')]

    def test_disassociate(self):
        addresses = FakeAddresses()
        notify(self.endpoint(addresses), 'network.floating_ip.disassociate',
               {'project_id': PROJECT_ID, 'instance_id': INSTANCE_ID,
                'floating_ip': '203.0.113.7'}, 'network.net-1')
        assert addresses.disassociated == ['203.0.113.7']


class TestWorkers:
    def conf(self, tmp_path, text=''):
        path = tmp_path / 'join.conf'
        path.write_text(text)
        conf = cfg.ConfigOpts()
        conf([], project='novajoin', default_config_files=[str(path)])
        return conf

    def test_as_many_as_the_ipa_client_has_connections(self, tmp_path):
        conf = self.conf(tmp_path)
        assert listener.worker_count(conf) == ipa_transport.DEFAULT_POOL_SIZE

    def test_fewer_when_configured(self, tmp_path):
        conf = self.conf(tmp_path, '[DEFAULT]\nexecutor_thread_pool_size=4\n')
        assert listener.worker_count(conf) == 4
