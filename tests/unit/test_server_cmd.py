"""How novajoin-server configures gunicorn."""

import types

from novajoin.cmd import server


def worker(cpu=None):
    live = types.SimpleNamespace()
    if cpu is not None:
        live.pinned_cpu = cpu
    return live


def test_workers_spread_over_the_cpus():
    assert server.pick_cpu({2, 3}, []) == 2
    assert server.pick_cpu({2, 3}, [worker(2)]) == 3
    assert server.pick_cpu({2, 3}, [worker(2), worker(3)]) == 2


def test_a_replaced_worker_takes_the_cpu_left_free():
    assert server.pick_cpu({0, 1, 2}, [worker(0), worker(2)]) == 1


def test_hooks_pin_the_worker_where_the_master_chose(monkeypatch):
    pinned = []
    monkeypatch.setattr(server.os, 'sched_setaffinity',
                        lambda pid, cpus: pinned.append((pid, cpus)))
    hooks = server.cpu_affinity_hooks({0, 1})
    arbiter = types.SimpleNamespace(WORKERS={101: worker(0)})
    new = types.SimpleNamespace(pid=102)
    hooks['pre_fork'](arbiter, new)
    hooks['post_fork'](arbiter, new)
    assert pinned == [(0, {1})]


def test_affinity_hooks_only_when_asked_and_useful(join_conf, monkeypatch):
    monkeypatch.setattr(server.os, 'sched_getaffinity', lambda pid: {0, 1})
    assert {'pre_fork', 'post_fork'} <= set(server.gunicorn_options(join_conf))
    join_conf.set_override('join_cpu_affinity', False)
    assert 'post_fork' not in server.gunicorn_options(join_conf)
    join_conf.clear_override('join_cpu_affinity')
    monkeypatch.setattr(server.os, 'sched_getaffinity', lambda pid: {0})
    assert 'post_fork' not in server.gunicorn_options(join_conf)


def test_one_worker_per_cpu_the_server_may_run_on(join_conf, monkeypatch):
    monkeypatch.setattr(server.os, 'sched_getaffinity', lambda pid: {4, 7})
    assert server.gunicorn_options(join_conf)['workers'] == 2
    join_conf.set_override('join_workers', 3)
    assert server.gunicorn_options(join_conf)['workers'] == 3
