"""How novajoin-server configures gunicorn."""

import types

import pytest

from novajoin.api import wsgi
from novajoin.cmd import server
from novajoin import service


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


def test_served_by_the_asgi_worker(join_conf):
    """Requests are read on the worker's event loop and only then given
    a thread (BufferedWSGI's pool, not gunicorn's threads)."""
    options = server.gunicorn_options(join_conf)
    assert options['worker_class'] == 'asgi'
    assert options['asgi_lifespan'] == 'off'
    assert 'threads' not in options


@pytest.fixture
def ipa_conf(join_conf, tmp_path):
    for name, value in (('url', 'https://ipa.example.test/ipa/json'),
                        ('realm', 'EXAMPLE.TEST'),
                        ('domain', 'example.test'),
                        ('keytab', str(tmp_path / 'missing.keytab'))):
        join_conf.set_override(name, value)
    return join_conf


def test_refuses_to_start_without_a_readable_keytab(ipa_conf, monkeypatch,
                                                    capsys):
    monkeypatch.setattr(server.service, 'prepare', lambda argv: ipa_conf)
    monkeypatch.setattr(server, 'JoinServer', None)
    assert server.main([]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        'novajoin: cannot read the keytab %s (set keytab in join.conf)'
        % ipa_conf.keytab)


def test_starts_with_a_readable_keytab(ipa_conf, monkeypatch, tmp_path):
    keytab = tmp_path / 'krb5.keytab'
    keytab.write_bytes(b'\x05\x02')
    ipa_conf.set_override('keytab', str(keytab))
    paste = tmp_path / 'join-api-paste.ini'
    paste.write_text('')
    ipa_conf.set_override('api_paste_config', str(paste))
    started = []
    monkeypatch.setattr(server.service, 'prepare', lambda argv: ipa_conf)
    monkeypatch.setattr(server.JoinServer, 'run',
                        lambda self: started.append(self.options['bind']))
    assert server.main([]) == 0
    assert started == ['0.0.0.0:9090']


def test_wsgi_application_not_loaded_without_a_readable_keytab(
        ipa_conf, monkeypatch):
    """uwsgi or mod_wsgi is told why it has no application."""
    monkeypatch.setattr(wsgi.service, 'prepare', lambda argv: ipa_conf)
    monkeypatch.setattr(wsgi.deploy, 'loadapp', None)
    with pytest.raises(service.StartupError, match='cannot read the keytab'):
        wsgi.init_application()
