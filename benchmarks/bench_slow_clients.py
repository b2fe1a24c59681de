#!/usr/bin/env python3
"""nova's latency while clients that send slowly are connected to
novajoin-server.

``measure`` sends nova's requests for new instances (keystone tokens,
counted one by one from Python as bench_server.storm does) to a warm
server, first alone, then while SLOW_CLIENTS other connections each send
a request one byte a second and never finish it: nova's p50/p99, errors
and calls over its 5 s read timeout, with and without them.

    python benchmarks/bench_slow_clients.py [--requests 300]
"""

import argparse
import statistics
import time

import bench_server
from bench_server import running_server

from novajoin.testing import server as testing_server

SLOW_CLIENTS = 200
CONCURRENCY = 10
REQUESTS = 300
# the slow clients' head start: every one has begun its request
HEAD_START = 3
NOVA_READ_TIMEOUT = 5
# a request that never ends: the slow clients send its first bytes only
SLOW_REQUEST = (b'POST /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                b'Content-Type: application/json\r\n' + b'X' * 4000)


def nova_latencies(server, project_id, token, count):
    """count new instances asked for at CONCURRENCY: nova's figures."""
    latencies, errors, _ = bench_server.send_all(
        server, bench_server.new_bodies('new', project_id, count),
        CONCURRENCY, token)
    latencies.sort()
    return {
        'p50': statistics.median(latencies) * 1000,
        'p99': latencies[min(len(latencies) - 1,
                             int(len(latencies) * 0.99))] * 1000,
        'max': latencies[-1] * 1000,
        'errors': len(errors),
        'first_error': errors[0] if errors else None,
        'over_nova_timeout': sum(1 for seconds in latencies
                                 if seconds > NOVA_READ_TIMEOUT),
    }


def measure(server, project_id, token, count=REQUESTS):
    """nova's figures on a warm server without slow clients, then with
    SLOW_CLIENTS of them connected: one row each."""
    bench_server.warm_up(server, project_id, token)
    # and as many calls at once as are measured: every thread started
    nova_latencies(server, project_id, token, CONCURRENCY * 4)
    rows = [dict(slow_clients=0,
                 **nova_latencies(server, project_id, token, count))]
    with testing_server.SlowClients(server.port, SLOW_CLIENTS,
                                    SLOW_REQUEST, len(SLOW_REQUEST)):
        time.sleep(HEAD_START)
        rows.append(dict(slow_clients=SLOW_CLIENTS,
                         **nova_latencies(server, project_id, token,
                                          count)))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--requests', type=int, default=REQUESTS,
                        help="nova's requests per row")
    args = parser.parse_args()
    with bench_server.TestBed() as bed:
        with running_server(bed, 'keystone', 2) as server:
            rows = measure(server, bed.project_id, bed.token, args.requests)
    print("| slow clients | nova's p50 ms | p99 ms | max ms | errors "
          "| over 5 s |")
    print('|--:|--:|--:|--:|--:|--:|')
    for row in rows:
        print('| {slow_clients} | {p50:.1f} | {p99:.1f} | {max:.0f} | '
              '{errors} | {over_nova_timeout} |'.format(**row))


if __name__ == '__main__':
    main()
