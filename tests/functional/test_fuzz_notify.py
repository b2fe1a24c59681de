"""Fuzzing novajoin-notify with notifications nova and neutron never send.

A listener of each notification_format consumes, through RabbitMQ, every
event type it handles (DESIGN's Notifications table), each published as
nova or neutron publish it, from a payload that would be acted on, with
up to three fields (or the whole payload) left out or replaced by a value
of any JSON type, deeply nested, huge, or text of any code point.

Each example has an instance of its own that asked for enrollment: its
host (with a pending OTP), a compact-service sub-host and its service, a
floating IP record, nova's server and neutron's port. After the fuzzed
message comes a well-formed delete of another instance, which the listener
(one message at a time) must still process. Then: no traceback in the
listener's log or output, no message put back in the queue nor dropped
after an unexpected error, and IPA unchanged unless the listener logged
that it acted on the message. At the end, no OTP in the log. Messages the
fuzzer found stay as explicit examples of every run.

Bounded for CI: a fixed number of examples, derandomized, no example
database; the time goes in RabbitMQ, the listener and IPA, hence no
hypothesis deadline (each wait has its own timeout).
"""

import collections
import copy
import itertools

from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st
import pytest

from novajoin import ownership
from novajoin.testing import server as testing_server
from tests.functional.test_fuzz_server import ANY_VALUE
from tests.functional.test_fuzz_server import FUZZ_SETTINGS
from tests.functional.test_fuzz_server import MISSING
from tests.functional.test_notify import bus  # noqa: F401
from tests.functional.test_notify import listeners  # noqa: F401
from tests.functional.test_notify import rabbit_vhost  # noqa: F401
from tests.functional.test_notify import wait_for
from tests.unit.test_notify import floatingip
from tests.unit.test_notify import legacy_payload
from tests.unit.test_notify import versioned_payload

DOMAIN = 'example.test'
ENROLLED = {'ipa_enroll': 'True', 'compact_service_HTTP': '["ctlplane"]'}

# What the listener logs when it acted on a message: IPA may have changed.
ACTED = ('Removed deleted instance', 'Applied the services of instance',
         'Enrolled instance', 'recorded for', 'removed from')
# Outcomes no message may have.
FAILED = ('Traceback', 'goes back to the queue', 'after an unexpected',
          'Logging error')


class Target:
    """The instance of one example, as the test bed holds it."""

    def __init__(self, number, project_id):
        self.number = number
        self.instance_id = 'f1000000-0000-4000-8000-%012d' % number
        self.project_id = project_id
        self.hostname = 'target-%d' % number
        self.port_id = 'port-%d' % number
        self.address = '198.51.100.%d' % (number % 250 + 1)
        self.new_address = '203.0.113.%d' % (number % 250 + 1)
        self.otp = 'c0ffee%026d' % number

    def metadata(self, event_type):
        if event_type.endswith('delete.end'):
            return dict(ENROLLED)
        return dict(ENROLLED, managed_service_vip='HTTP/vip-%d.%s'
                    % (self.number, DOMAIN))

    def legacy(self, event_type):
        return legacy_payload(self.metadata(event_type),
                              instance_id=self.instance_id,
                              hostname=self.hostname,
                              project_id=self.project_id)

    def versioned(self, event_type):
        name, version = VERSIONED[event_type]
        return versioned_payload(name, version, self.metadata(event_type),
                                 instance_id=self.instance_id,
                                 hostname=self.hostname,
                                 project_id=self.project_id)

    def nova_network(self, event_type):
        address = (self.new_address if event_type.endswith('.associate')
                   else self.address)
        return {'project_id': self.project_id,
                'instance_id': self.instance_id, 'floating_ip': address}

    def associated(self, event_type):
        return {'floatingip': floatingip(self.port_id, self.new_address)}

    def disassociated(self, event_type):
        return {'floatingip': floatingip(None, self.address)}

    def deleted_floating_ip(self, event_type):
        return {'floatingip_id': 'fip-%d' % self.number,
                'floatingip': floatingip(self.port_id, self.address)}


VERSIONED = {
    'instance.delete.end': ('InstanceActionPayload', '1.7'),
    'instance.update': ('InstanceUpdatePayload', '1.8'),
    'instance.create.end': ('InstanceCreatePayload', '1.10'),
}

Event = collections.namedtuple('Event', 'event_type publish payload paths')

# Fields a change may leave out or replace; () is the whole payload.
LEGACY_PATHS = [(), ('instance_id',), ('tenant_id',), ('hostname',),
                ('metadata',), ('metadata', 'ipa_enroll'),
                ('metadata', 'compact_service_HTTP'),
                ('metadata', 'managed_service_vip'), ('image_meta',),
                ('image_meta', 'ipa_enroll'), ('image_ref_url',)]
DATA = 'nova_object.data'
VERSIONED_PATHS = [(), ('nova_object.name',), ('nova_object.version',),
                   (DATA,), (DATA, 'uuid'), (DATA, 'tenant_id'),
                   (DATA, 'host_name'), (DATA, 'metadata'),
                   (DATA, 'metadata', 'ipa_enroll'),
                   (DATA, 'metadata', 'compact_service_HTTP'),
                   (DATA, 'metadata', 'managed_service_vip'),
                   (DATA, 'image_uuid'), (DATA, 'task_state')]
NEUTRON_PATHS = [(), ('floatingip',), ('floatingip', 'floating_ip_address'),
                 ('floatingip', 'port_id'), ('floatingip', 'id'),
                 ('floatingip_id',)]
NOVA_NETWORK_PATHS = [(), ('floating_ip',), ('instance_id',),
                      ('project_id',)]

NEUTRON_EVENTS = [
    Event('floatingip.update.end', 'neutron', Target.associated,
          NEUTRON_PATHS),
    Event('floatingip.update.end', 'neutron', Target.disassociated,
          NEUTRON_PATHS),
    Event('floatingip.delete.end', 'neutron', Target.deleted_floating_ip,
          NEUTRON_PATHS),
]
EVENTS = {
    'unversioned': [
        Event(event_type, 'nova', Target.legacy, LEGACY_PATHS)
        for event_type in ('compute.instance.delete.end',
                           'compute.instance.update',
                           'compute.instance.create.end')
    ] + [
        Event(event_type, 'nova_network', Target.nova_network,
              NOVA_NETWORK_PATHS)
        for event_type in ('network.floating_ip.associate',
                           'network.floating_ip.disassociate')
    ] + NEUTRON_EVENTS,
    'versioned': [
        Event(event_type, 'nova_versioned', Target.versioned,
              VERSIONED_PATHS)
        for event_type in VERSIONED
    ] + NEUTRON_EVENTS,
}

PLAUSIBLE = st.sampled_from([
    '', 'True', 'false', 'not a host!', 'web', '203.0.113.300', '::1',
    '2001:db8::7', 'port-unknown', 'f2000000-0000-4000-8000-000000000000',
    '["ctlplane", "ctlplane"]', '[', 'HTTP/example.test',
    'krbtgt/EXAMPLE.TEST', '2.0', '1.99', 'x.y', 'InstanceActionPayload',
])


def changes(event):
    """Up to three fields of the event's payload left out or replaced."""
    return st.lists(st.tuples(st.sampled_from(event.paths),
                              st.just(MISSING) | PLAUSIBLE | ANY_VALUE),
                    max_size=3)


def message(notification_format):
    return st.sampled_from(EVENTS[notification_format]).flatmap(
        lambda event: st.tuples(st.just(event), changes(event)))


def changed(payload, changes):
    """payload with the changes made; a change under a field an earlier
    change replaced by something other than an object is skipped."""
    payload = copy.deepcopy(payload)
    for path, value in changes:
        if not path:
            payload = value
            continue
        parent = payload
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if not isinstance(parent, dict):
            continue
        if value is MISSING:
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = value
    return None if payload is MISSING else payload


class Fuzzer:
    """Publishes the fuzzed messages and checks what the listener did."""

    def __init__(self, notification_format, ipa, cloud, bus,  # noqa: F811
                 listener, project_id):
        self.notification_format = notification_format
        self.ipa = ipa
        self.cloud = cloud
        self.bus = bus
        self.listener = listener
        self.project_id = project_id
        self.numbers = itertools.count(1)
        self.otps = []
        self._read = (0, 0)

    def seed(self, target):
        fqdn = '%s.%s' % (target.hostname, DOMAIN)
        sub_host = '%s.ctlplane.%s' % (target.hostname, DOMAIN)
        description = ownership.instance_description(target.instance_id,
                                                     target.project_id)
        self.ipa.add_host(fqdn, description=description,
                          userpassword=target.otp)
        self.otps.append(target.otp)
        self.ipa.add_host(sub_host, description=description)
        self.ipa.call('service_add', 'HTTP/%s' % sub_host, force=True)
        self.ipa.call('service_add_host', 'HTTP/%s' % sub_host,
                      host=[fqdn])
        self.ipa.call('dnsrecord_add', DOMAIN, target.hostname,
                      a_part_ip_address=target.address)
        self.cloud.add_server(target.instance_id, target.hostname,
                              target.project_id, metadata=ENROLLED)
        self.cloud.add_port(target.port_id, target.instance_id,
                            ['10.0.0.5'])

    def publish(self, event, payload):
        getattr(self.bus, event.publish)(event.event_type, payload)

    def delete_sentinel(self, number):
        """A host of another instance, and its well-formed delete; the
        host's name."""
        sentinel = Target(number, self.project_id)
        sentinel.hostname = 'sentinel-%d' % number
        sentinel.instance_id = 'f3000000-0000-4000-8000-%012d' % number
        fqdn = '%s.%s' % (sentinel.hostname, DOMAIN)
        self.ipa.add_host(fqdn, description=ownership.instance_description(
            sentinel.instance_id, sentinel.project_id))
        if self.notification_format == 'versioned':
            event = Event('instance.delete.end', 'nova_versioned',
                          Target.versioned, ())
        else:
            event = Event('compute.instance.delete.end', 'nova',
                          Target.legacy, ())
        return fqdn, lambda: self.publish(
            event, event.payload(sentinel, event.event_type))

    def send(self, event, payload_changes):
        number = next(self.numbers)
        target = Target(number, self.project_id)
        self.seed(target)
        sentinel, delete_sentinel = self.delete_sentinel(number)
        before = self.ipa.dump()
        self.new_output()
        payload = changed(event.payload(target, event.event_type),
                          payload_changes)
        self.publish(event, payload)
        delete_sentinel()
        wait_for(lambda: sentinel not in self.ipa.dump()['hosts'],
                 what='the delete after the fuzzed message')
        after = self.ipa.dump()
        output = self.new_output()
        lines = [line for line in output.splitlines()
                 if 'sentinel-%d' % number not in line
                 and 'f3000000-0000-4000-8000-%012d' % number not in line]
        assert not [line for line in lines
                    if any(failure in line for failure in FAILED)], output
        assert self.listener.running
        if not [line for line in lines
                if any(acted in line for acted in ACTED)]:
            # nothing acted on: IPA as it was, but for the other delete
            del before['hosts'][sentinel]
            assert after == before, output

    def output(self):
        """The listener's log, and what it wrote to stdout and stderr."""
        return self.listener.log(), testing_server.read_logs(
            self.listener.log_path + '.stderr')

    def new_output(self):
        """What the listener wrote since the last call."""
        log, printed = self.output()
        new = log[self._read[0]:] + printed[self._read[1]:]
        self._read = (len(log), len(printed))
        return new


def found(notification_format, event_type, payload_changes):
    """A message the fuzzer found, as a hypothesis example."""
    event = next(event for event in EVENTS[notification_format]
                 if event.event_type == event_type)
    return event, payload_changes


# Messages the fuzzer found, tried first on every run: lone surrogates in
# what the listener logs; a project id keystone answers 414 for.
FOUND = {
    'unversioned': [
        found('unversioned', 'network.floating_ip.associate',
              [(('instance_id',), '\ud800')]),
        found('unversioned', 'floatingip.update.end',
              [(('floatingip', 'port_id'), '\ud800')]),
        found('unversioned', 'compute.instance.update',
              [(('tenant_id',), '0' * 4069)]),
    ],
    'versioned': [
        found('versioned', 'instance.delete.end',
              [((DATA, 'metadata'), {}), ((DATA, 'image_uuid'), '\ud800')]),
        found('versioned', 'instance.update',
              [((DATA, 'tenant_id'), '0' * 4069)]),
    ],
}


@pytest.mark.parametrize('notification_format', ['unversioned',
                                                 'versioned'])
def test_fuzzed_notifications(notification_format, ipa, openstack_cloud,
                              bus, listeners, keystone):  # noqa: F811
    # one message at a time, so that the delete after each fuzzed message
    # is processed after it
    listener = listeners(notification_format=notification_format,
                         options={'executor_thread_pool_size': 1})
    fuzzer = Fuzzer(notification_format, ipa, openstack_cloud, bus,
                    listener, keystone.project_id('demo'))

    @FUZZ_SETTINGS
    @given(message(notification_format))
    def send(fuzzed):
        fuzzer.send(*fuzzed)

    for fuzzed in FOUND[notification_format]:
        send = example(fuzzed)(send)
    send()
    output = ''.join(fuzzer.output())
    assert fuzzer.otps
    assert not [otp for otp in fuzzer.otps if otp in output]
