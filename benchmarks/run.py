#!/usr/bin/env python3
"""novajoin's benchmark suite: every figure the median of several runs.

    tools/benchmark [--runs 3] [--seconds 5] [--results DIR]

Each run, on one test bed (a real MIT KDC, the IPA emulator in a process
of its own, a real keystone and RabbitMQ):

1. enrollments/s and p50/p99 latency at concurrency 1, 10, 50 and 100,
   with keystone tokens and with auth_strategy = noauth, with 1 and 2
   gunicorn workers (bench_server.sweep_point, driven by wrk);
2. IPA HTTP requests per new plain enrollment, per enrollment with 8
   compact services and per repeated request, and Kerberos logins per
   1,000 enrollments (bench_server.ipa_costs);
3. a boot storm: 500 new instances with 50 ms added to every IPA call, at
   concurrency 50 and then 100, against a server with 2 workers and
   keystone tokens (bench_server.storm), then the resident size of its
   processes;
4. deletes/s through RabbitMQ with 1 and 2 novajoin-notify, IPA requests
   per delete and the listeners' resident size (bench_notify.run);
5. nova's p50/p99 latency, errors and calls over its 5 s read timeout,
   without and then with 200 connections that send a request a byte a
   second (bench_slow_clients.measure).

Then, once, py-spy samples the server's workers at concurrency 50 to show
where their CPU goes. Writes results.md (the tables, the targets and the
profile), results.json (every run's figures) and PNG plots into DIR.
"""

import argparse
import collections
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import bench_notify
import bench_server
import bench_slow_clients
from bench_server import running_server
from testbed import family

CONCURRENCIES = (1, 10, 50, 100)
WORKERS = (1, 2)
AUTHS = ('keystone', 'noauth')
STORM_CONCURRENCIES = (50, 100)
STORM_INSTANCES = 500
STORM_LATENCY = 0.05
LISTENERS = (1, 2)
PROFILE_SECONDS = 10

# (label, figure, comparison, target)
TARGETS = [
    ('keystone, 2 workers, c=50', 'enrollments/s', '>=', 500),
    ('noauth, 2 workers, c=50', 'enrollments/s', '>=', 800),
    ('new plain enrollment', 'IPA requests', '<=', 1),
    ('server process (2 workers)', 'Kerberos logins per 1,000', '<=', 2),
    ('storm c=50 and c=100', 'errors', '<=', 0),
    ('storm c=50 and c=100', 'calls over 1 s', '<=', 0),
    ('storm c=50 and c=100 (slower)', 'enrollments/s', '>=', 300),
    ('2 listeners', 'deletes/s', '>=', 300),
    ('%d slow clients connected' % bench_slow_clients.SLOW_CLIENTS,
     "nova's errors and calls over 5 s", '<=', 0),
]

# Where a sampled stack spends its time, by the innermost frame that
# matches, most specific first.
PROFILE_PARTS = [
    ('logging', ('logging/', 'oslo_log/')),
    ('IPA call: HTTP (requests, urllib3, http.client)',
     ('novajoin/ipa/transport.py',)),
    ('IPA call: JSON-RPC and results', ('novajoin/ipa/',)),
    ('answer cache (dogpile, SQLite, file locks)',
     ('dogpile/', 'novajoin/otp_cache.py')),
    ('keystonemiddleware (token check)', ('keystonemiddleware/',)),
    ('policy (oslo.policy)', ('oslo_policy/', 'novajoin/policy.py')),
    ('request schema (jsonschema)', ('jsonschema/', 'novajoin/api/body.py')),
    ('enrollment plan', ('novajoin/enrollment.py', 'novajoin/ownership.py',
                         'novajoin/naming.py', 'novajoin/instances.py',
                         'novajoin/join.py')),
    ('Pecan (routing, hooks, controllers)', ('pecan/', 'novajoin/api/')),
    ('WebOb and Paste middleware', ('webob/', 'paste/', 'oslo_middleware/')),
    ('gunicorn (HTTP parsing, event loop)', ('gunicorn/', 'asyncio/')),
]


def one_run(bed, args):
    result = {'sweep': [], 'storm': [], 'deletes': [], 'slow_clients': []}
    for auth in AUTHS:
        for workers in WORKERS:
            for row in bench_server.sweep(bed, auth, workers, CONCURRENCIES,
                                          args.seconds):
                result['sweep'].append(row)
                log('%(auth)s, %(workers)d workers, c=%(concurrency)d: '
                    '%(per_second).0f/s, p99 %(p99).0f ms' % row)
            # a new server logs in anew: no need for the old hosts
            bed.emulator.control.reset()
    result['costs'] = bench_server.ipa_costs(bed)
    log('IPA requests: %r' % result['costs'])
    bed.emulator.control.reset()
    with running_server(bed, 'keystone', 2) as server:
        for concurrency in STORM_CONCURRENCIES:
            row = bench_server.storm(server, bed.emulator, bed.project_id,
                                     bed.token, concurrency,
                                     STORM_INSTANCES, STORM_LATENCY)
            result['storm'].append(row)
            log('storm c=%(concurrency)d: %(per_second).0f/s, %(errors)d '
                'errors, p99 %(p99).0f ms, max %(max).0f ms' % row)
        result['server_rss'] = bench_server.server_rss(server)
    with bench_notify.VirtualHost() as vhost:
        for listeners in LISTENERS:
            row = bench_notify.run(bed.kdc, bed.emulator, vhost, listeners,
                                   args.deletes)
            result['deletes'].append(row)
            log('%(listeners)d listeners: %(per_second).0f deletes/s' % row)
    bed.emulator.control.reset()
    with running_server(bed, 'keystone', 2) as server:
        for row in bench_slow_clients.measure(server, bed.project_id,
                                              bed.token):
            result['slow_clients'].append(row)
            log("%(slow_clients)d slow clients: nova's p50 %(p50).0f ms, "
                'p99 %(p99).0f ms, %(errors)d errors' % row)
    return result


def profile(bed, results_dir, seconds):
    """py-spy on each worker of a 2-worker keystone server at c=50:
    the share of CPU samples (the GIL held) per part of the stack, and
    the raw stacks (collapsed, for flame graph tools)."""
    with running_server(bed, 'keystone', 2) as server:
        bench_server.wrk(server, 50, bench_server.WARMUP_SECONDS,
                         bed.project_id, bed.token)
        spies = []
        for number, pid in enumerate(family(server.pid)[1:]):
            path = os.path.join(results_dir, 'profile-worker-%d.txt'
                                % number)
            spies.append((path, subprocess.Popen(
                [os.path.join(os.path.dirname(sys.executable), 'py-spy'),
                 'record', '--pid', str(pid), '--gil',
                 '--nonblocking', '--rate', '250', '--duration',
                 str(seconds), '--format', 'raw', '--output', path],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
        bench_server.wrk(server, 50, seconds, bed.project_id, bed.token)
        parts = collections.Counter()
        for path, spy in spies:
            spy.wait()
            parts.update(stack_parts(path))
    total = sum(parts.values()) or 1
    return [(part, count / total * 100) for part, count in
            parts.most_common()]


def stack_parts(path):
    """Samples per PROFILE_PARTS part of a py-spy raw file."""
    parts = collections.Counter()
    with open(path, encoding='utf-8') as stacks:
        for line in stacks:
            stack, _, count = line.rstrip().rpartition(' ')
            parts[stack_part(stack.split(';'))] += int(count)
    return parts


def stack_part(frames):
    for frame in reversed(frames):
        for part, paths in PROFILE_PARTS:
            if any(path in frame for path in paths):
                return part
    return 'other (Python runtime, threads, sockets)'


# figures -------------------------------------------------------------------

def median_of(runs, select, key):
    values = [row[key] for row in select(runs)]
    return statistics.median(values) if values else None


def summarize(runs):
    """Medians over the runs of every figure, keyed as the tables show
    them."""
    summary = {'sweep': [], 'storm': [], 'deletes': [], 'slow_clients': []}
    for auth in AUTHS:
        for workers in WORKERS:
            for concurrency in CONCURRENCIES:
                rows = [row for run in runs for row in run['sweep']
                        if (row['auth'], row['workers'],
                            row['concurrency']) == (auth, workers,
                                                    concurrency)]
                summary['sweep'].append(dict(
                    auth=auth, workers=workers, concurrency=concurrency,
                    errors=sum(row['errors'] for row in rows),
                    **{key: statistics.median(row[key] for row in rows)
                       for key in ('per_second', 'p50', 'p99',
                                   'server_cpu_ms', 'other_cpu_ms')}))
    summary['costs'] = {key: statistics.median(run['costs'][key]
                                               for run in runs)
                        for key in runs[0]['costs']}
    for concurrency in STORM_CONCURRENCIES:
        rows = [row for run in runs for row in run['storm']
                if row['concurrency'] == concurrency]
        summary['storm'].append(dict(
            concurrency=concurrency, runs=len(rows),
            requests=sum(row['requests'] for row in rows),
            **{key: sum(row[key] for row in rows)
               for key in ('errors', 'over_1s', 'over_5s', 'over_30s')},
            max=max(row['max'] for row in rows),
            **{key: statistics.median(row[key] for row in rows)
               for key in ('per_second', 'p50', 'p99')}))
    summary['server_rss'] = {
        'master': statistics.median(run['server_rss']['master']
                                    for run in runs),
        'worker': statistics.median(mib for run in runs
                                    for mib in run['server_rss']['workers'])}
    for listeners in LISTENERS:
        rows = [row for run in runs for row in run['deletes']
                if row['listeners'] == listeners]
        summary['deletes'].append(dict(
            listeners=listeners,
            rss_mib=statistics.median(mib for row in rows
                                      for mib in row['rss_mib']),
            **{key: statistics.median(row[key] for row in rows)
               for key in ('per_second', 'ipa_requests', 'ipa_calls')}))
    for slow_clients in (0, bench_slow_clients.SLOW_CLIENTS):
        rows = [row for run in runs for row in run['slow_clients']
                if row['slow_clients'] == slow_clients]
        summary['slow_clients'].append(dict(
            slow_clients=slow_clients,
            max=max(row['max'] for row in rows),
            **{key: sum(row[key] for row in rows)
               for key in ('errors', 'over_nova_timeout')},
            **{key: statistics.median(row[key] for row in rows)
               for key in ('p50', 'p99')}))
    return summary


def target_checks(summary):
    def sweep(auth):
        return next(row['per_second'] for row in summary['sweep']
                    if (row['auth'], row['workers'], row['concurrency'])
                    == (auth, 2, 50))
    storm = summary['storm']
    measured = [
        sweep('keystone'), sweep('noauth'), summary['costs']['plain'],
        summary['costs']['logins_per_1000'],
        sum(row['errors'] for row in storm),
        sum(row['over_1s'] for row in storm),
        min(row['per_second'] for row in storm),
        next(row['per_second'] for row in summary['deletes']
             if row['listeners'] == 2),
        sum(row['errors'] + row['over_nova_timeout']
            for row in summary['slow_clients'] if row['slow_clients']),
    ]
    checks = []
    for (label, figure, comparison, target), value in zip(TARGETS,
                                                          measured):
        met = value >= target if comparison == '>=' else value <= target
        checks.append((label, figure, comparison, target, value, met))
    return checks


def number(value):
    return ('%.2f' % value if isinstance(value, float) and value < 10
            else '{:,.0f}'.format(value))


def markdown(summary, checks, parts, args, started):
    lines = [
        '# novajoin benchmarks',
        '',
        '%s; %d runs, each figure the median of the runs (errors and '
        'calls over a limit: the sum of the runs); %d s measured per '
        'concurrency; %d CPUs (%s), Python %s. The load generator, the '
        'emulator, keystone and the daemons share the CPUs.' % (
            started, args.runs, args.seconds, os.cpu_count(),
            platform.machine(), platform.python_version()),
        '',
        '## Targets',
        '',
        '| what | figure | target | measured | |',
        '|---|---|--:|--:|---|',
    ]
    for label, figure, comparison, target, value, met in checks:
        lines.append('| %s | %s | %s %s | %s | %s |' % (
            label, figure, comparison, number(target), number(value),
            'met' if met else '**missed**'))
    lines += [
        '',
        '## 1. Enrollments per second (new instances, no IPA latency)',
        '',
        '| auth | workers | concurrency | enrollments/s | p50 ms | p99 ms '
        '| errors | server CPU ms/answer | emulator+keystone CPU '
        'ms/answer |',
        '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    ]
    for row in summary['sweep']:
        lines.append(
            '| {auth} | {workers} | {concurrency} | {per_second:.0f} | '
            '{p50:.1f} | {p99:.1f} | {errors} | {server_cpu_ms:.2f} | '
            '{other_cpu_ms:.2f} |'.format(**row))
    costs = summary['costs']
    lines += [
        '',
        '![enrollments per second](enrollments.png)',
        '![latency](latency.png)',
        '',
        '## 2. IPA round trips (2 workers, keystone)',
        '',
        '| request | IPA HTTP requests |',
        '|---|--:|',
        '| new plain enrollment | %.2f |' % costs['plain'],
        '| new enrollment, 8 compact services on 2 networks | %.2f |'
        % costs['compact'],
        '| repeated request for an enrolled instance | %.2f |'
        % costs['repeated'],
        '| Kerberos logins per 1,000 enrollments (server just started) '
        '| %d |' % costs['logins_per_1000'],
        '| config_show (host name limit) per 1,000 enrollments (server '
        'just started), not counted above | %d |'
        % costs['limits_per_1000'],
        '',
        '## 3. Boot storm: %d new instances, %d ms added to every IPA '
        'call (2 workers, keystone)' % (STORM_INSTANCES,
                                        STORM_LATENCY * 1000),
        '',
        '| concurrency | enrollments/s | p50 ms | p99 ms | max ms | errors '
        '| over 1 s | over 5 s | over 30 s |',
        '|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ]
    for row in summary['storm']:
        lines.append(
            '| {concurrency} | {per_second:.0f} | {p50:.0f} | {p99:.0f} | '
            '{max:.0f} | {errors} | {over_1s} | {over_5s} | {over_30s} |'
            .format(**row))
    rss = summary['server_rss']
    lines += [
        '',
        '![storm latencies](storm.png)',
        '',
        'Resident size after the storm: gunicorn master %.0f MiB, each '
        'worker %.0f MiB.' % (rss['master'], rss['worker']),
        '',
        '## 4. Deletes through RabbitMQ (%d per run)' % args.deletes,
        '',
        '| listeners | deletes/s | IPA requests/delete | IPA commands/delete '
        '| RSS MiB per listener after the run |',
        '|--:|--:|--:|--:|--:|',
    ]
    for row in summary['deletes']:
        lines.append('| {listeners} | {per_second:.0f} | {ipa_requests:.2f} '
                     '| {ipa_calls:.2f} | {rss_mib:.0f} |'.format(**row))
    lines += [
        '',
        '![deletes per second](deletes.png)',
        '',
        "## 5. nova's latency with slow clients connected (2 workers, "
        'keystone)',
        '',
        '%d new instances at concurrency %d, without and then with %d '
        'other connections that send a request a byte a second and never '
        'finish it.' % (bench_slow_clients.REQUESTS,
                        bench_slow_clients.CONCURRENCY,
                        bench_slow_clients.SLOW_CLIENTS),
        '',
        "| slow clients | nova's p50 ms | p99 ms | max ms | errors "
        "| over nova's 5 s |",
        '|--:|--:|--:|--:|--:|--:|',
    ]
    for row in summary['slow_clients']:
        lines.append('| {slow_clients} | {p50:.1f} | {p99:.1f} | {max:.0f} '
                     '| {errors} | {over_nova_timeout} |'.format(**row))
    lines.append('')
    if parts:
        lines += [
            '## Where the server\'s CPU goes',
            '',
            'py-spy, %d s at concurrency 50 (2 workers, keystone), samples '
            'of the thread holding the GIL, by the innermost part of the '
            'stack; the stacks are in profile-worker-*.txt.' % (
                args.profile_seconds),
            '',
            '| part | share of samples |',
            '|---|--:|',
        ]
        lines += ['| %s | %.1f %% |' % (part, share)
                  for part, share in parts]
        lines.append('')
    return '\n'.join(lines)


def plot(summary, runs, results_dir):
    import matplotlib
    matplotlib.use('Agg')
    from matplotlib import pyplot

    def save(figure, name):
        figure.tight_layout()
        figure.savefig(os.path.join(results_dir, name), dpi=110)
        pyplot.close(figure)

    figure, axes = pyplot.subplots(figsize=(7, 4.5))
    latency, latency_axes = pyplot.subplots(figsize=(7, 4.5))
    for auth in AUTHS:
        for workers in WORKERS:
            rows = [row for row in summary['sweep']
                    if (row['auth'], row['workers']) == (auth, workers)]
            label = '%s, %d worker%s' % (auth, workers,
                                         's' if workers > 1 else '')
            style = '-' if auth == 'keystone' else '--'
            axes.plot(CONCURRENCIES, [row['per_second'] for row in rows],
                      style, marker='o', label=label)
            line, = latency_axes.plot(CONCURRENCIES,
                                      [row['p99'] for row in rows], style,
                                      marker='o', label=label + ', p99')
            latency_axes.plot(CONCURRENCIES, [row['p50'] for row in rows],
                              style, marker='.', alpha=0.5,
                              color=line.get_color(),
                              label=label + ', p50')
    axes.axhline(500, color='grey', linewidth=0.8, linestyle=':')
    axes.axhline(800, color='grey', linewidth=0.8, linestyle=':')
    axes.set(xscale='log', xlabel='concurrency',
             ylabel='enrollments/s (median)',
             title='novajoin-server: new enrollments per second')
    axes.set_xticks(CONCURRENCIES, [str(c) for c in CONCURRENCIES])
    axes.legend()
    save(figure, 'enrollments.png')
    latency_axes.set(xscale='log', yscale='log', xlabel='concurrency',
                     ylabel='latency ms (median of runs)',
                     title='novajoin-server: p50 and p99 latency')
    latency_axes.set_xticks(CONCURRENCIES, [str(c) for c in CONCURRENCIES])
    latency_axes.legend(fontsize='small')
    save(latency, 'latency.png')

    figure, axes = pyplot.subplots(figsize=(7, 4.5))
    for concurrency in STORM_CONCURRENCIES:
        latencies = sorted(seconds * 1000 for run in runs
                           for row in run['storm']
                           if row['concurrency'] == concurrency
                           for seconds in row['latencies'])
        shares = [100 * (index + 1) / len(latencies)
                  for index in range(len(latencies))]
        axes.plot(latencies, shares, label='concurrency %d' % concurrency)
    axes.axvline(1000, color='grey', linewidth=0.8, linestyle=':')
    axes.set(xlabel='latency ms', ylabel='% of requests answered',
             title='Boot storm: %d instances, %d ms per IPA call (all runs)'
             % (STORM_INSTANCES, STORM_LATENCY * 1000))
    axes.legend()
    save(figure, 'storm.png')

    figure, axes = pyplot.subplots(figsize=(5, 4))
    rows = summary['deletes']
    axes.bar([str(row['listeners']) for row in rows],
             [row['per_second'] for row in rows])
    axes.axhline(300, color='grey', linewidth=0.8, linestyle=':')
    axes.set(xlabel='novajoin-notify listeners', ylabel='deletes/s (median)',
             title='Deletes through RabbitMQ')
    save(figure, 'deletes.png')


def log(message):
    print('[%s] %s' % (time.strftime('%H:%M:%S'), message), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--seconds', type=int, default=5,
                        help='measured seconds per concurrency (default: '
                             '%(default)s)')
    parser.add_argument('--deletes', type=int, default=1000,
                        help='deletes per listener row (default: '
                             '%(default)s)')
    parser.add_argument('--profile-seconds', type=int,
                        default=PROFILE_SECONDS,
                        help='seconds of py-spy sampling, 0 for none')
    parser.add_argument('--results', default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'results'))
    args = parser.parse_args()
    os.makedirs(args.results, exist_ok=True)
    started = datetime.datetime.now().strftime('%Y-%m-%d %H:%M')
    runs = []
    parts = []
    with bench_server.TestBed() as bed:
        for number in range(args.runs):
            log('run %d of %d' % (number + 1, args.runs))
            runs.append(one_run(bed, args))
        if args.profile_seconds:
            log('profiling the server')
            parts = profile(bed, args.results, args.profile_seconds)
    summary = summarize(runs)
    checks = target_checks(summary)
    with open(os.path.join(args.results, 'results.json'), 'w',
              encoding='utf-8') as raw:
        json.dump({'runs': runs, 'summary': summary}, raw, indent=1)
    text = markdown(summary, checks, parts, args, started)
    with open(os.path.join(args.results, 'results.md'), 'w',
              encoding='utf-8') as results:
        results.write(text)
    plot(summary, runs, args.results)
    print(text)
    log('results in %s' % args.results)
    return 0


if __name__ == '__main__':
    sys.exit(main())
