#!/usr/bin/env python3
"""Deletes per second through RabbitMQ, with 1 and 2 novajoin-notify.

Starts a real MIT KDC and the IPA emulator (in a process of its own, see
bench_ipa_client.py), seeds IPA with the hosts of N enrolled instances,
starts the listeners (novajoin-notify processes of one pool, on a RabbitMQ
virtual host made for the run), then publishes N compute.instance.delete.end
notifications as nova does and times until IPA has deleted every host.
Prints a markdown table; the IPA columns are the emulator's counts:
JSON-RPC requests (a batch is one) and the commands they carry (those
inside a batch, or the one outside any), per delete.

Needs RabbitMQ on 127.0.0.1:5672 (guest/guest) and rabbitmqctl.

    python benchmarks/bench_notify.py [--deletes N] [--listeners 1,2]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import kombu
from oslo_config import cfg

# first, so that importing oslo.messaging does not warn about eventlet
import novajoin.notify  # noqa: F401,I100
import oslo_messaging
from oslo_messaging import opts as messaging_opts

from novajoin import ownership
from novajoin.testing.kdc import KDC
from novajoin.testing import server as join_server
from testbed import DOMAIN
from testbed import EmulatorProcess
from testbed import rss_mib

RABBIT = '127.0.0.1:5672'
START_TIMEOUT = 60
RUN_TIMEOUT = 600


def rabbitmqctl(*args):
    subprocess.run(['rabbitmqctl', '--quiet', *args], check=True,
                   stdout=subprocess.DEVNULL)


def nova_notifier(transport_url, topic):
    """A notifier as nova-compute's: exchange nova, compute.<host>."""
    conf = cfg.ConfigOpts()
    for group, opts in messaging_opts.list_opts():
        if group in (None, 'DEFAULT'):
            conf.register_opts(opts)
    conf([], project='bench', default_config_files=[])
    conf.set_override('control_exchange', 'nova')
    transport = oslo_messaging.get_notification_transport(conf,
                                                          url=transport_url)
    return transport, oslo_messaging.Notifier(
        transport, publisher_id='compute.bench-1', driver='messagingv2',
        topics=[topic])


def delete_payload(instance_id, hostname):
    """The parts of nova's compute.instance.delete.end novajoin reads,
    among a few of the others."""
    return {'instance_id': instance_id, 'tenant_id': 'bench-project',
            'user_id': 'bench', 'hostname': hostname,
            'display_name': hostname, 'state': 'deleted',
            'host': 'bench-1', 'image_ref_url': None, 'image_meta': {},
            'metadata': {'ipa_enroll': 'True'}}


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit('timed out waiting for %s' % what)
        time.sleep(0.05)


def consumers(vhost, pool):
    with kombu.Connection('amqp://guest:guest@%s/%s'
                          % (RABBIT, vhost)) as connection:
        try:
            return connection.default_channel.queue_declare(
                pool, passive=True)[2]
        except Exception:
            return 0


class VirtualHost:
    """A RabbitMQ virtual host of the run's own, and a folder for the
    listeners' files."""

    def __init__(self):
        self.name = 'novajoin-bench-%s' % uuid.uuid4().hex[:8]
        self.workdir = tempfile.mkdtemp(prefix='novajoin-bench-')
        rabbitmqctl('add_vhost', self.name)
        rabbitmqctl('set_permissions', '-p', self.name, 'guest', '.*', '.*',
                    '.*')

    def close(self):
        rabbitmqctl('delete_vhost', self.name)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def run(kdc, emulator, vhost, listener_count, deletes):
    """One row: deletes through listener_count listeners.

    emulator is an EmulatorProcess, vhost a VirtualHost. Returns the
    seconds from the first notification to the last host_del, the IPA
    requests and commands of the run, and the resident size in MiB of
    each listener once it is done.
    """
    url, workdir = emulator.url, vhost.workdir
    emulator = emulator.control
    emulator.reset()
    instances = {}
    for number in range(deletes):
        instance_id = str(uuid.uuid4())
        instances[instance_id] = 'bench-%05d' % number
        emulator.add_host('%s.%s' % (instances[instance_id], DOMAIN),
                          description=ownership.instance_description(
                              instance_id, 'bench-project'),
                          has_keytab=True)
    suffix = uuid.uuid4().hex[:8]
    topic, pool = 'bench_%s' % suffix, 'bench-%s' % suffix
    transport_url = 'rabbit://guest:guest@%s/%s' % (RABBIT, vhost.name)
    listeners = []
    try:
        for number in range(listener_count):
            conf_path = os.path.join(workdir, '%s-%d.conf' % (pool, number))
            with open(conf_path, 'w', encoding='utf-8') as conf_file:
                conf_file.write(join_server.render_conf({'DEFAULT': dict(
                    join_server.ipa_options(kdc, url, DOMAIN),
                    transport_url=transport_url, notifications_topic=topic,
                    notifications_pool=pool,
                    log_file=conf_path.replace('.conf', '.log'))}))
            listeners.append(subprocess.Popen(
                [os.path.join(os.path.dirname(sys.executable),
                              'novajoin-notify'), '--config-file',
                 conf_path], env=dict(os.environ, **kdc.env),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(lambda: consumers(vhost.name, pool) >= listener_count,
                 START_TIMEOUT, 'the listeners to consume')
        # Log the listeners in before timing: a delete that is not there
        # costs one look-up, and no delete.
        transport, notifier = nova_notifier(transport_url, topic)
        for number in range(listener_count):
            notifier.info({}, 'compute.instance.delete.end',
                          delete_payload(str(uuid.uuid4()), 'warm-%d'
                                         % number))
        wait_for(lambda: emulator.counters()['logins'] >= listener_count,
                 START_TIMEOUT, 'the listeners to log in to IPA')
        wait_for(lambda: emulator.counters()['requests'] >= listener_count,
                 START_TIMEOUT, 'the warm-up look-ups')
        before = emulator.counters()
        began = time.perf_counter()
        for instance_id, hostname in instances.items():
            notifier.info({}, 'compute.instance.delete.end',
                          delete_payload(instance_id, hostname))
        wait_for(lambda: emulator.counters()['methods'].get(
            'host_del', 0) >= deletes, RUN_TIMEOUT, 'every delete')
        elapsed = time.perf_counter() - began
        after = emulator.counters()
        rss = [rss_mib(listener.pid) for listener in listeners]
        transport.cleanup()
    finally:
        for listener in listeners:
            listener.terminate()
        for listener in listeners:
            listener.wait()
    calls = sum(count - before['methods'].get(method, 0)
                for method, count in after['methods'].items()
                if method != 'batch')
    return {'listeners': listener_count, 'deletes': deletes,
            'seconds': elapsed, 'per_second': deletes / elapsed,
            'ipa_requests': (after['requests'] - before['requests'])
            / deletes, 'ipa_calls': calls / deletes, 'rss_mib': rss}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--deletes', type=int, default=1000,
                        help='deletes per row (default: %(default)s)')
    parser.add_argument('--listeners', default='1,2',
                        help='comma-separated listener counts, one row '
                             'each (default: %(default)s)')
    args = parser.parse_args()
    listener_counts = [int(count) for count in args.listeners.split(',')]

    kdc = KDC()
    kdc.activate()
    rows = []
    try:
        with EmulatorProcess(kdc) as emulator, VirtualHost() as vhost:
            for count in listener_counts:
                rows.append(run(kdc, emulator, vhost, count, args.deletes))
    finally:
        kdc.stop()

    print('| listeners | deletes | seconds | deletes/s | IPA requests/delete '
          '| IPA calls/delete | RSS MiB per listener |')
    print('|--:|--:|--:|--:|--:|--:|--:|')
    for row in rows:
        print('| {listeners} | {deletes} | {seconds:.2f} | {per_second:.0f} '
              '| {ipa_requests:.2f} | {ipa_calls:.2f} | {rss} |'.format(
                  rss=', '.join('%.0f' % mib for mib in row['rss_mib']),
                  **row))


if __name__ == '__main__':
    main()
