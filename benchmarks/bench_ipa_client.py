#!/usr/bin/env python3
"""Calls per second of one IPAClient against the IPA emulator.

Starts a real MIT KDC and the project's IPA emulator (novajoin.testing;
the emulator in a process of its own, so that it does not compete with
the client for this process's GIL), then has one client, logged in with
the service keytab, run host_show from 1 thread and from 20 threads.
Prints a markdown table; the request counts include the first call (which
logs in) and any retried request, the login columns show that every
thread shares the client's one session.

    python benchmarks/bench_ipa_client.py [--calls N] [--threads 1,20]
"""

import argparse
import threading
import time

from novajoin.ipa import client as ipa_client
from novajoin.testing.kdc import KDC
from testbed import DOMAIN
from testbed import EmulatorProcess


def run(client, fqdn, calls, threads):
    """(wall, CPU) seconds ``threads`` threads take for ``calls`` calls.

    CPU time is this process's, that is the client's alone.
    """
    per_thread = [calls // threads + (1 if i < calls % threads else 0)
                  for i in range(threads)]
    start = threading.Barrier(threads + 1)
    failures = []

    def worker(count):
        start.wait()
        try:
            for _ in range(count):
                client.host_show(fqdn)
        except Exception as exc:  # noqa: BLE001 - reported after the run
            failures.append(exc)

    workers = [threading.Thread(target=worker, args=(count,))
               for count in per_thread]
    for thread in workers:
        thread.start()
    start.wait()
    began, began_cpu = time.perf_counter(), time.process_time()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - began
    cpu = time.process_time() - began_cpu
    if failures:
        raise SystemExit('%d threads failed, first: %r'
                         % (len(failures), failures[0]))
    return elapsed, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--calls', type=int, default=2000,
                        help='calls per row (default: %(default)s)')
    parser.add_argument('--threads', default='1,20',
                        help='comma-separated thread counts, one row each '
                             '(default: %(default)s)')
    args = parser.parse_args()
    thread_counts = [int(count) for count in args.threads.split(',')]

    kdc = KDC()
    kdc.activate()
    process = None
    rows = []
    try:
        process = EmulatorProcess(kdc)
        url, emulator = process.url, process.control
        for threads in thread_counts:
            emulator.reset()
            fqdn = 'bench.%s' % DOMAIN
            emulator.add_host(fqdn, description='benchmark host')
            # No pause between retries: a retried request shows in the
            # request counts instead of as a second of idle time.
            with ipa_client.IPAClient(url, principal=kdc.service_principal,
                                      keytab=kdc.service_keytab,
                                      retry_delay=0) as client:
                # The first call logs in; time the steady state only.
                client.host_show(fqdn)
                elapsed, cpu = run(client, fqdn, args.calls, threads)
                stats = client.stats
            counters = emulator.counters()
            rows.append((threads, args.calls, elapsed, args.calls / elapsed,
                         cpu / args.calls * 1e6,
                         stats['requests'], stats['logins'],
                         counters['requests'], counters['logins']))
    finally:
        if process is not None:
            process.stop()
        kdc.stop()

    print('| threads | calls | seconds | calls/s | client CPU µs/call '
          '| client requests | client logins | IPA requests | IPA logins |')
    print('|--:|--:|--:|--:|--:|--:|--:|--:|--:|')
    for row in rows:
        print('| %d | %d | %.2f | %.0f | %.0f | %d | %d | %d | %d |' % row)


if __name__ == '__main__':
    main()
