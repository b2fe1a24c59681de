"""No delete is lost: IPA down, the listener killed, the broker dropping
every connection, several listeners in one pool.

Each test deletes a burst of BURST instances whose hosts novajoin made,
and waits until IPA has none left.
"""

import collections
import re
import signal

from tests.functional.test_notify import bus  # noqa: F401
from tests.functional.test_notify import ENROLL
from tests.functional.test_notify import hosts
from tests.functional.test_notify import instance_id
from tests.functional.test_notify import legacy_payload
from tests.functional.test_notify import listeners  # noqa: F401
from tests.functional.test_notify import own
from tests.functional.test_notify import rabbit_vhost  # noqa: F401
from tests.functional.test_notify import rabbitmqctl
from tests.functional.test_notify import wait_for

BURST = 200
OUTAGE = 20
BURST_TIMEOUT = 180
# Few workers and some latency in IPA, so that a burst lasts long enough
# to be interrupted in its middle.
SLOW_LISTENER = {'executor_thread_pool_size': 4}
IPA_LATENCY = 0.05


def seed(ipa, count=BURST):
    """count enrolled instances: {instance id: host name}."""
    servers = {}
    for number in range(count):
        server = instance_id()
        servers[server] = 'web-%03d' % number
        ipa.add_host('%s.example.test' % servers[server],
                     description=own(server), has_keytab=True)
    return servers


def delete_all(bus, servers):  # noqa: F811
    for server, hostname in servers.items():
        bus.nova('compute.instance.delete.end', legacy_payload(
            ENROLL, instance_id=server, hostname=hostname,
            project_id='p-1'))


def all_gone(ipa):
    wait_for(lambda: not hosts(ipa), BURST_TIMEOUT,
             'every host of the burst to go', interval=0.5)


def removed(listener):
    return re.findall(r'Removed deleted instance (\S+) ', listener.log())


def found_gone(listener):
    return re.findall(r'Deleted instance (\S+) had no host', listener.log())


def test_ipa_refusing_connections_loses_no_delete(ipa, bus, listeners):  # noqa: F811 E501
    servers = seed(ipa)
    listener = listeners()
    ipa.fault('refuse', duration=OUTAGE)
    delete_all(bus, servers)
    listener.wait_for_line('goes back to the queue')
    assert len(hosts(ipa)) == BURST
    all_gone(ipa)
    assert listener.running
    assert sorted(set(removed(listener))) == sorted(servers)
    assert not listener.lines('Dropped')


def test_listener_killed_mid_burst_loses_no_delete(ipa, bus, listeners):  # noqa: F811 E501
    servers = seed(ipa)
    ipa.fault('latency', value=IPA_LATENCY)
    first = listeners(options=SLOW_LISTENER)
    delete_all(bus, servers)
    wait_for(lambda: len(hosts(ipa)) <= BURST - 20, what='a first part')
    first.signal(signal.SIGKILL)
    first.wait()
    assert hosts(ipa), 'the burst ended before the kill'
    ipa.fault('clear')
    second = listeners()
    all_gone(ipa)
    # a delete done in IPA but not acknowledged before the kill comes
    # again, and finds nothing left to remove
    assert set(removed(first)) | set(removed(second)) | set(
        found_gone(second)) == set(servers)


def test_broker_closing_every_connection_loses_no_delete(
        ipa, bus, listeners):  # noqa: F811
    servers = seed(ipa)
    ipa.fault('latency', value=IPA_LATENCY)
    listener = listeners(options=SLOW_LISTENER)
    delete_all(bus, servers)
    wait_for(lambda: len(hosts(ipa)) <= BURST - 20, what='a first part')
    rabbitmqctl('close_all_connections', '--vhost', bus.vhost,
                'novajoin test: the broker drops every connection')
    assert hosts(ipa), 'the burst ended before the connections closed'
    all_gone(ipa)
    assert listener.running
    assert set(removed(listener)) == set(servers)


def test_listeners_of_one_pool_handle_each_message_once(
        ipa, bus, listeners):  # noqa: F811
    servers = seed(ipa)
    pool = [listeners(), listeners()]
    delete_all(bus, servers)
    all_gone(ipa)
    methods = ipa.counters()['methods']
    assert methods['host_show'] == BURST
    assert methods['host_del'] == BURST
    handled = collections.Counter(
        server for listener in pool for server in removed(listener))
    assert set(handled) == set(servers)
    assert set(handled.values()) == {1}
    assert all(removed(listener) for listener in pool)
