#!/usr/bin/env python3
"""Enrollments per second of novajoin-server, and its IPA round trips.

Starts a real MIT KDC, the IPA emulator in a process of its own, keystone
(for the runs with tokens) and novajoin-server with 2 gunicorn workers
(debug off), all on loopback, then loads the server with nova's exact
vendordata requests at a fixed concurrency and prints a markdown table.

Load generator: PROCESSES processes (so that it is not held back by one
GIL), each with concurrency / PROCESSES threads; each thread holds one
keep-alive http.client connection and sends its next request as soon as
the last one is answered (a closed loop). Every request of a "new"
row is a new instance (a new host in IPA); "repeated" asks again for
instances already enrolled (answered from the OTP cache); "8 compact
services" are new instances with 8 compact_service_* keys on 2 networks
(2 sub-hosts, 16 service principals). Each row runs a warm-up first
(every worker logs in to IPA and validates the token once), then
--seconds of measured load. The load generator, the server, the emulator
and keystone share this machine's cores: the CPU columns say who used
how much per request (the server's is read from /proc for its master
and workers).

    python benchmarks/bench_server.py [--concurrency 50] [--seconds 10]
"""

import argparse
import http.client
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid

from novajoin.testing.emulator import ControlClient
from novajoin.testing.kdc import KDC
from novajoin.testing import openstack
from novajoin.testing import server as testing_server

DOMAIN = 'example.test'
PROCESSES = 2
WARMUP_SECONDS = 2
COMPACT_SERVICES = ['HTTP', 'mysql', 'rabbitmq', 'redis', 'haproxy',
                    'novnc', 'libvirt', 'qemu']
CLOCK_TICKS = os.sysconf('SC_CLK_TCK')


class EmulatorProcess:
    """novajoin-ipa-emulator in a process of its own, so that it does not
    compete with anything for a GIL."""

    def __init__(self, kdc):
        self.domain = DOMAIN
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'novajoin.testing.emulator.cmd',
             '--hostname', kdc.hostname, '--realm', kdc.realm,
             '--domain', DOMAIN, '--keytab', kdc.http_keytab,
             '--krb5-config', kdc.krb5_config, '--threads', '32'],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env=dict(os.environ, **kdc.env))
        facts = {}
        for line in self.process.stdout:
            key, _, value = line.strip().partition('=')
            facts[key] = value
            if 'IPA_URL' in facts and 'CONTROL_URL' in facts:
                break
        else:
            raise SystemExit('the IPA emulator did not start (exit status '
                             '%s)' % self.process.wait())
        self.url = facts['IPA_URL']
        self.control = ControlClient(facts['CONTROL_URL'])

    def stop(self):
        self.process.terminate()
        self.process.wait()


def cpu_seconds(pids):
    """User and system CPU seconds the processes used so far."""
    total = 0
    for pid in pids:
        try:
            with open('/proc/%d/stat' % pid) as stat:
                fields = stat.read().rsplit(')', 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def family(pid):
    """The process and its children (a gunicorn master and workers)."""
    pids = [pid]
    for task in os.listdir('/proc/%d/task' % pid):
        with open('/proc/%d/task/%s/children' % (pid, task)) as children:
            pids += [int(child) for child in children.read().split()]
    return pids


def make_body(kind, prefix, number, project_id):
    metadata = {'ipa_enroll': 'True'}
    if kind == 'compact':
        metadata.update({'compact_service_%s' % service:
                         '["internalapi", "storage"]'
                         for service in COMPACT_SERVICES})
    # nova's instance UUIDs and a host name unique in the run; booted
    # from a volume, so that no image is looked up (a worker caches image
    # properties anyway)
    return testing_server.vendordata_body(
        str(uuid.uuid4()), project_id, '%s-%d' % (prefix, number), metadata)


def load_process(port, token, threads, kind, bodies, prefix, project_id,
                 start_at, end_at, results):
    """One load generator process: threads closed loops until end_at.

    Puts (latencies, failures, time of the last answer, CPU seconds of
    this process) on results.
    """
    latencies = []
    last_answers = []
    failures = []
    lock = threading.Lock()
    headers = dict(testing_server.NOVA_HEADERS)
    if token:
        headers['X-Auth-Token'] = token

    def loop(index):
        connection = http.client.HTTPConnection('127.0.0.1', port,
                                                timeout=60)
        mine = []
        number = 0
        while time.time() < start_at:
            time.sleep(0.001)
        while time.time() < end_at:
            if kind == 'repeated':
                body = bodies[(index + number * threads) % len(bodies)]
            else:
                body = make_body(kind, '%s-%d' % (prefix, index), number,
                                 project_id)
            number += 1
            began = time.perf_counter()
            try:
                connection.request('POST', '/v1', json.dumps(body), headers)
                response = connection.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    failures.append(repr(exc))
                connection.close()
                continue
            mine.append(time.perf_counter() - began)
            if response.status != 200 or b'ipaotp' not in answer:
                with lock:
                    failures.append('%d %s' % (response.status, answer[:200]))
        connection.close()
        with lock:
            latencies.extend(mine)
            last_answers.append(time.time())

    workers = [threading.Thread(target=loop, args=(index,))
               for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put((latencies, failures, max(last_answers),
                 time.process_time()))


def run_load(server, token, kind, concurrency, seconds, project_id,
             bodies=(), prefix='b'):
    """Latencies, seconds from the start to the last answer, and CPU
    seconds of the load generator, of one closed-loop run."""
    context = multiprocessing.get_context('spawn')
    results = context.Queue()
    start_at = time.time() + 3  # room for the processes to start
    per_process = [concurrency // PROCESSES
                   + (1 if i < concurrency % PROCESSES else 0)
                   for i in range(PROCESSES)]
    processes = [context.Process(
        target=load_process,
        args=(server.port, token, threads, kind, list(bodies),
              '%s%d' % (prefix, i), project_id, start_at,
              start_at + seconds, results))
        for i, threads in enumerate(per_process)]
    for process in processes:
        process.start()
    latencies, failures, last_answer, cpu = [], [], start_at, 0.0
    for _ in processes:
        mine, failed, process_last, process_cpu = results.get()
        latencies += mine
        failures += failed
        last_answer = max(last_answer, process_last)
        cpu += process_cpu
    for process in processes:
        process.join()
    if failures:
        raise SystemExit('%d requests failed, first: %s'
                         % (len(failures), failures[0]))
    return latencies, last_answer - start_at, cpu


def measure(label, server, emulator, token, kind, args, project_id,
            extra_pids=()):
    """One row: a warm-up, then the measured load."""
    bodies = ()
    if kind == 'repeated':
        # Instances enrolled once, then asked for again and again.
        bodies = [make_body('new', 'r' + uuid.uuid4().hex[:6], n, project_id)
                  for n in range(args.concurrency * 4)]
        for body in bodies:
            response = server.post(body, token)
            assert response.status_code == 200, response.text
    # host names new to IPA in every run
    run_load(server, token, kind, args.concurrency, WARMUP_SECONDS,
             project_id, bodies, prefix='w' + uuid.uuid4().hex[:6])
    pids = family(server.pid)
    before = emulator.control.counters()['requests']
    server_cpu = cpu_seconds(pids)
    other_cpu = cpu_seconds(extra_pids)
    latencies, elapsed, load_cpu = run_load(
        server, token, kind, args.concurrency, args.seconds, project_id,
        bodies, prefix='m' + uuid.uuid4().hex[:6])
    server_cpu = cpu_seconds(pids) - server_cpu
    other_cpu = cpu_seconds(extra_pids) - other_cpu
    ipa_requests = emulator.control.counters()['requests'] - before
    count = len(latencies)
    latencies.sort()
    return {
        'label': label, 'requests': count,
        'per_second': count / elapsed,
        'p50': statistics.median(latencies) * 1000,
        'p99': latencies[min(count - 1, int(count * 0.99))] * 1000,
        'ipa_per_request': ipa_requests / count,
        'server_cpu': server_cpu / count * 1000,
        'other_cpu': other_cpu / count * 1000,
        'load_cpu': load_cpu / count * 1000,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--concurrency', type=int, default=50)
    parser.add_argument('--seconds', type=float, default=10,
                        help='measured seconds per row (default: '
                             '%(default)s)')
    args = parser.parse_args()

    kdc = KDC()
    kdc.activate()
    emulator = keystone = None
    rows = []
    try:
        emulator = EmulatorProcess(kdc)
        emulator_pids = [emulator.process.pid]
        options = {'debug': False, 'join_threads': 16}
        with testing_server.JoinServer(kdc, emulator,
                                       options=options) as server:
            rows.append(measure('noauth, new instances', server, emulator,
                                None, 'new', args, uuid.uuid4().hex,
                                emulator_pids))
        keystone = openstack.Keystone()
        keystone.start()
        token = keystone.token('nova')
        project_id = keystone.project_id('demo')
        keystone_pids = family(keystone.pid)
        with testing_server.JoinServer(kdc, emulator, keystone,
                                       options=options) as server:
            for label, kind in (('keystone, new instances', 'new'),
                                ('keystone, repeated requests', 'repeated'),
                                ('keystone, new, 8 compact services',
                                 'compact')):
                rows.append(measure(label, server, emulator, token, kind,
                                    args, project_id,
                                    emulator_pids + keystone_pids))
    finally:
        if keystone is not None:
            keystone.stop()
        if emulator is not None:
            emulator.stop()
        kdc.stop()

    print('Concurrency %d, %g s per row, %d load generator processes, '
          '%d CPUs.\n' % (args.concurrency, args.seconds, PROCESSES,
                          os.cpu_count()))
    print('| run | requests | answers/s | p50 ms | p99 ms | IPA requests '
          'per answer | server CPU ms/answer | emulator+keystone CPU '
          'ms/answer | load generator CPU ms/answer |')
    print('|---|--:|--:|--:|--:|--:|--:|--:|--:|')
    for row in rows:
        print('| {label} | {requests} | {per_second:.0f} | {p50:.1f} | '
              '{p99:.1f} | {ipa_per_request:.2f} | {server_cpu:.2f} | '
              '{other_cpu:.2f} | {load_cpu:.2f} |'.format(**row))


if __name__ == '__main__':
    main()
