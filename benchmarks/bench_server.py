#!/usr/bin/env python3
"""novajoin-server under nova's vendordata requests: rates, latencies, IPA
round trips and a boot storm.

Runs on a real MIT KDC, the IPA emulator in a process of its own and,
for the rows with tokens, a real keystone; novajoin-server runs as in
production (gunicorn, debug off) on a generated join.conf. The
measures, each a function the suite (run.py) calls once per run:

- ``sweep_point``: enrollments/s and latency at one concurrency, driven
  by wrk (a closed loop: every connection sends its next request as soon
  as the last is answered) so that the load generator takes little of
  the CPU the server and the emulator share; every request is a new
  instance, after a warm-up in which every worker logs in to IPA and
  validates the token once;
- ``ipa_costs``: IPA HTTP requests per new plain enrollment, per
  enrollment with 8 compact services, per repeated request, and Kerberos
  logins per 1,000 enrollments of a server just started;
- ``storm``: a fixed number of new instances asked for at once with
  latency added to every IPA call, counted request by request from
  Python (errors, percentiles, calls over nova's read timeouts).

    python benchmarks/bench_server.py [--seconds 5] [--workers 2]
"""

import argparse
import contextlib
import json
import multiprocessing
import os
import queue
import statistics
import subprocess
import threading
import time
import uuid

import requests

from novajoin.testing.kdc import KDC
from novajoin.testing import openstack
from novajoin.testing import server as testing_server
from testbed import EmulatorProcess
from testbed import cpu_seconds
from testbed import family
from testbed import rss_mib

WRK_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          'vendordata.lua')
WARMUP_SECONDS = 2
# threads per worker: as many calls in flight per worker as IPA and
# keystone take at once without queueing
JOIN_THREADS = 16
COMPACT_SERVICES = ['HTTP', 'mysql', 'rabbitmq', 'redis', 'haproxy',
                    'novnc', 'libvirt', 'qemu']
# nova's [api] vendordata_dynamic_read_timeout is 5 s; 30 s is the
# longest an operator is advised to set
NOVA_TIMEOUTS = (5, 30)
LOAD_PROCESSES = 2


@contextlib.contextmanager
def running_server(bed, auth, workers):
    """novajoin-server on the bed with workers gunicorn workers, checking
    keystone tokens (auth 'keystone') or not ('noauth')."""
    server = testing_server.JoinServer(
        bed.kdc, bed.emulator, bed.keystone if auth == 'keystone' else None,
        workers=workers,
        options={'debug': False, 'join_threads': JOIN_THREADS}).start()
    try:
        yield server
    finally:
        server.stop()
        server.cleanup()


def vendordata(kind, project_id, name):
    """nova's body for a new instance (booted from a volume, so that no
    image is looked up) with 8 compact services when kind is compact."""
    metadata = {'ipa_enroll': 'True'}
    if kind == 'compact':
        metadata.update({'compact_service_%s' % service:
                         '["internalapi", "storage"]'
                         for service in COMPACT_SERVICES})
    return testing_server.vendordata_body(str(uuid.uuid4()), project_id,
                                          name, metadata)


def new_bodies(kind, project_id, count):
    nonce = uuid.uuid4().hex[:8]
    return [vendordata(kind, project_id, 'b%s-%d' % (nonce, number))
            for number in range(count)]


# wrk ------------------------------------------------------------------------

def wrk(server, concurrency, seconds, project_id, token=None):
    """One wrk run of new instances: its summary (requests, seconds,
    p50/p90/p99/max ms, errors)."""
    command = ['wrk', '-t', str(min(LOAD_PROCESSES, concurrency)),
               '-c', str(concurrency), '-d', '%ds' % seconds,
               '--timeout', '60s', '-s', WRK_SCRIPT, server.vendordata_url,
               '--', project_id, uuid.uuid4().hex[:8], token or '']
    output = subprocess.run(command, capture_output=True, text=True,
                            check=True).stdout
    summary = json.loads(output.strip().splitlines()[-1])
    summary['errors'] = sum(summary[key] for key in (
        'connect_errors', 'read_errors', 'write_errors', 'non_2xx',
        'timeouts'))
    return summary


def sweep_point(server, concurrency, seconds, project_id, token=None,
                other_pids=()):
    """Enrollments/s, latency percentiles and CPU per answer of one
    server at one concurrency (IPA requests are counted by ipa_costs:
    wrk stops with requests in flight that it does not count)."""
    wrk(server, concurrency, WARMUP_SECONDS, project_id, token)
    pids = family(server.pid)
    server_cpu = cpu_seconds(pids)
    other_cpu = cpu_seconds(other_pids)
    summary = wrk(server, concurrency, seconds, project_id, token)
    count = max(summary['requests'], 1)
    return {
        'concurrency': concurrency, 'requests': summary['requests'],
        'per_second': summary['requests'] / summary['seconds'],
        'p50': summary['p50'], 'p99': summary['p99'],
        'max': summary['max'], 'errors': summary['errors'],
        'server_cpu_ms': (cpu_seconds(pids) - server_cpu) / count * 1000,
        'other_cpu_ms': (cpu_seconds(other_pids) - other_cpu) / count
        * 1000,
    }


def sweep(bed, auth, workers, concurrencies, seconds):
    """sweep_point's rows, with auth and workers, for each concurrency of
    one server."""
    token = bed.token if auth == 'keystone' else None
    with running_server(bed, auth, workers) as server:
        for concurrency in concurrencies:
            row = sweep_point(server, concurrency, seconds, bed.project_id,
                              token, other_pids=bed.other_pids)
            row.update(auth=auth, workers=workers)
            yield row


# requests counted one by one ---------------------------------------------

def _load_process(port, token, bodies, threads, start_at, results):
    """threads closed loops sending bodies until none is left; puts
    (latencies of the answers, errors) on results."""
    work = queue.SimpleQueue()
    for body in bodies:
        work.put(json.dumps(body))
    headers = dict(testing_server.NOVA_HEADERS)
    if token:
        headers['X-Auth-Token'] = token
    latencies, errors = [], []
    lock = threading.Lock()

    def loop():
        session = requests.Session()
        mine, failed = [], []
        while time.time() < start_at:
            time.sleep(0.001)
        while True:
            try:
                body = work.get_nowait()
            except queue.Empty:
                break
            began = time.perf_counter()
            try:
                response = session.post(
                    'http://127.0.0.1:%d/v1' % port, data=body,
                    headers=headers, timeout=60)
                ok = (response.status_code == 200 and
                      'ipaotp' in response.json())
                detail = '%d %s' % (response.status_code,
                                    response.text[:200])
            except (requests.RequestException, ValueError) as exc:
                ok, detail = False, repr(exc)
            mine.append(time.perf_counter() - began)
            if not ok:
                failed.append(detail)
        session.close()
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results.put((latencies, errors))


def send_all(server, bodies, concurrency, token=None):
    """Send every body at the given concurrency from LOAD_PROCESSES
    processes; (latencies in s, errors, seconds from first to last)."""
    context = multiprocessing.get_context('spawn')
    results = context.Queue()
    processes = min(LOAD_PROCESSES, concurrency)
    start_at = time.time() + 2  # room for the processes to start
    shares = [bodies[number::processes] for number in range(processes)]
    threads = [concurrency // processes
               + (1 if number < concurrency % processes else 0)
               for number in range(processes)]
    workers = [context.Process(target=_load_process,
                               args=(server.port, token, share, count,
                                     start_at, results))
               for share, count in zip(shares, threads)]
    for worker in workers:
        worker.start()
    latencies, errors = [], []
    for _ in workers:
        mine, failed = results.get()
        latencies += mine
        errors += failed
    elapsed = time.time() - start_at
    for worker in workers:
        worker.join()
    return latencies, errors, elapsed


def ipa_costs(bed, workers=2):
    """IPA requests per new plain, compact and repeated answer, and
    Kerberos logins and config_show calls (the host name limit) per 1,000
    enrollments, of a server just started."""
    control = bed.emulator.control
    control.reset()
    with running_server(bed, 'keystone', workers) as server:
        costs = {}
        plain = new_bodies('new', bed.project_id, 1000)
        before = control.counters()
        _, errors, _ = send_all(server, plain, 10, bed.token)
        after = control.counters()
        if errors:
            raise SystemExit('enrollments failed: %s' % errors[0])
        costs['logins_per_1000'] = after['logins'] - before['logins']
        # each worker asks IPA its host name limit once, as it logs in once
        limits = (after['methods'].get('config_show', 0) -
                  before['methods'].get('config_show', 0))
        costs['limits_per_1000'] = limits
        costs['plain'] = (after['requests'] - before['requests'] -
                          limits) / 1000
        for label, bodies in (('compact', new_bodies('compact',
                                                     bed.project_id, 200)),
                              ('repeated', plain[:200])):
            before = control.counters()['requests']
            _, errors, _ = send_all(server, bodies, 10, bed.token)
            if errors:
                raise SystemExit('%s requests failed: %s'
                                 % (label, errors[0]))
            costs[label] = (control.counters()['requests'] - before) / 200
        return costs


def warm_up(server, project_id, token=None):
    """A few enrollments at low concurrency, as a server that has been up
    for a while has made: every worker has logged in to IPA and has the
    token in its cache (a cold worker that gets a burst validates the
    token once per request in flight, all at once)."""
    _, errors, _ = send_all(server, new_bodies('new', project_id, 40), 4,
                            token)
    if errors:
        raise SystemExit('warm-up enrollments failed: %s' % errors[0])


def storm(server, emulator, project_id, token, concurrency, count,
          latency):
    """count new instances asked for at once, latency seconds added to
    every IPA call, on a warm server."""
    warm_up(server, project_id, token)
    emulator.control.fault('latency', value=latency)
    try:
        latencies, errors, elapsed = send_all(
            server, new_bodies('new', project_id, count), concurrency, token)
    finally:
        emulator.control.fault('clear')
    latencies.sort()
    return {
        'concurrency': concurrency, 'requests': count,
        'errors': len(errors), 'first_error': errors[0] if errors else None,
        'per_second': count / elapsed,
        'p50': statistics.median(latencies) * 1000,
        'p99': latencies[min(len(latencies) - 1,
                             int(len(latencies) * 0.99))] * 1000,
        'max': latencies[-1] * 1000,
        'over_1s': sum(1 for seconds in latencies if seconds > 1),
        **{'over_%ds' % limit: sum(1 for seconds in latencies
                                   if seconds > limit)
           for limit in NOVA_TIMEOUTS},
        'latencies': latencies,
    }


def server_rss(server):
    """Resident MiB of the gunicorn master and of each worker."""
    master, *workers = family(server.pid)
    return {'master': rss_mib(master),
            'workers': [rss_mib(pid) for pid in workers]}


class TestBed:
    """The KDC, the emulator and keystone the server rows share."""

    def __init__(self):
        self.kdc = KDC()
        self.kdc.activate()
        self.emulator = self.keystone = None
        try:
            self.emulator = EmulatorProcess(self.kdc)
            self.keystone = openstack.Keystone()
            self.keystone.start()
        except BaseException:
            self.close()
            raise
        self.token = self.keystone.token('nova')
        self.project_id = self.keystone.project_id('demo')

    @property
    def other_pids(self):
        """The emulator and keystone: they share the machine's CPUs."""
        return [self.emulator.pid] + family(self.keystone.pid)

    def close(self):
        if self.keystone is not None:
            self.keystone.stop()
        if self.emulator is not None:
            self.emulator.stop()
        self.kdc.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--seconds', type=int, default=5,
                        help='measured seconds per concurrency')
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument('--concurrency', default='1,10,50,100')
    args = parser.parse_args()
    concurrencies = [int(value) for value in args.concurrency.split(',')]
    with TestBed() as bed:
        print('| auth | concurrency | answers/s | p50 ms | p99 ms | errors '
              '| server CPU ms/answer |')
        print('|---|--:|--:|--:|--:|--:|--:|')
        for auth in ('keystone', 'noauth'):
            for row in sweep(bed, auth, args.workers, concurrencies,
                             args.seconds):
                print('| {auth} | {concurrency} | {per_second:.0f} | '
                      '{p50:.1f} | {p99:.1f} | {errors} | '
                      '{server_cpu_ms:.2f} |'.format(**row), flush=True)


if __name__ == '__main__':
    main()
