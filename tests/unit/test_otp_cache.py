import multiprocessing
import threading
import time

import pytest
from oslo_cache import core as oslo_cache
from oslo_config import cfg

from novajoin import otp_cache


@pytest.fixture
def cache_conf():
    return _conf()


def _slow_answer(state_path, counter_path, results):
    region = otp_cache.answer_region(_conf(), state_path)

    def create():
        with open(counter_path, 'a') as counter:
            counter.write('x')
        time.sleep(0.3)
        return {'ipaotp': str(time.time())}

    results.put(region.get_or_create('instance-1', create)['ipaotp'])


def _conf():
    conf = cfg.ConfigOpts()
    oslo_cache.configure(conf)
    conf([], default_config_files=[])
    return conf


def test_processes_share_one_answer(tmp_path):
    counter = tmp_path / 'created'
    # spawn, not fork: other tests leave threads whose locks a fork copies.
    processes = multiprocessing.get_context('spawn')
    results = processes.Queue()
    workers = [processes.Process(
        target=_slow_answer, args=(str(tmp_path), str(counter), results))
        for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    answers = {results.get(timeout=5) for _ in workers}
    assert len(answers) == 1
    assert counter.read_text() == 'x'


def test_threads_share_one_answer(tmp_path, cache_conf):
    region = otp_cache.answer_region(cache_conf, str(tmp_path))
    created = []

    def create():
        created.append(1)
        time.sleep(0.2)
        return {'ipaotp': 'otp'}

    answers = []
    threads = [threading.Thread(
        target=lambda: answers.append(region.get_or_create('i', create)))
        for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(created) == 1 and len(answers) == 8


def test_failed_creation_is_not_cached(tmp_path, cache_conf):
    region = otp_cache.answer_region(cache_conf, str(tmp_path))

    def fail():
        raise RuntimeError('IPA down')

    with pytest.raises(RuntimeError):
        region.get_or_create('i', fail)
    assert region.get_or_create('i', lambda: 'ok') == 'ok'


def test_answers_expire(tmp_path, cache_conf):
    cache_conf.set_override('expiration_time', 1, group='cache')
    region = otp_cache.answer_region(cache_conf, str(tmp_path))
    assert region.get_or_create('i', lambda: 'first') == 'first'
    time.sleep(1.2)
    assert region.get_or_create('i', lambda: 'second') == 'second'


def test_the_file_is_private(tmp_path, cache_conf):
    otp_cache.answer_region(cache_conf, str(tmp_path))
    assert (tmp_path / 'answers.sqlite').stat().st_mode & 0o077 == 0
