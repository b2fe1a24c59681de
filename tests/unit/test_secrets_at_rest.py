"""The answer cache keeps its OTPs where only novajoin can read them: every
file novajoin keeps under the state directory is 0600 and every directory
0700 by the time the first answer is written, whatever the umask and
whatever an older novajoin left there."""

import os
import sqlite3
import stat

import pytest
from oslo_cache import core as oslo_cache
from oslo_config import cfg

from novajoin import otp_cache

OTP = 'c0ffee00c0ffee00c0ffee00c0ffee00'


@pytest.fixture
def cache_conf():
    conf = cfg.ConfigOpts()
    oslo_cache.configure(conf)
    conf([], default_config_files=[])
    return conf


@pytest.fixture
def umask():
    """set(mask) sets the process umask until the end of the test."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


def modes(directory):
    """{path relative to directory: permission bits} of everything under
    it, and of itself as '.'."""
    found = {'.': stat.S_IMODE(os.stat(directory).st_mode)}
    for parent, directories, files in os.walk(directory):
        for name in directories + files:
            path = os.path.join(parent, name)
            found[os.path.relpath(path, directory)] = stat.S_IMODE(
                os.lstat(path).st_mode)
    return found


def cache_an_answer(conf, state):
    region = otp_cache.answer_region(conf, str(state))
    region.get_or_create('instance-1', lambda: {'ipaotp': OTP})
    return region


def assert_private(state):
    for path, mode in modes(str(state)).items():
        directory = path == '.' or os.path.isdir(state / path)
        assert mode == (0o700 if directory else 0o600), (path, oct(mode))


@pytest.mark.parametrize('mask', [0o022, 0o002, 0o000])
def test_files_private_once_the_first_answer_is_cached(tmp_path, cache_conf,
                                                       umask, mask):
    state = tmp_path / 'state'
    umask(mask)
    cache_an_answer(cache_conf, state)
    # the write-ahead log holds the answer until a checkpoint
    assert OTP.encode() in (state / 'answers.sqlite-wal').read_bytes()
    assert {'answers.sqlite', 'answers.sqlite-wal', 'answers.sqlite-shm',
            'answers.sqlite.locks'} <= set(modes(str(state)))
    assert_private(state)


def test_files_an_older_novajoin_left_open_are_made_private(
        tmp_path, cache_conf, umask):
    state = tmp_path / 'state'
    (state / 'answers.sqlite.locks').mkdir(parents=True)
    (state / 'answers.sqlite.locks' / '0001').touch()
    # an older novajoin, still running: its -wal and -shm files exist
    older = sqlite3.connect(str(state / 'answers.sqlite'))
    older.execute('PRAGMA journal_mode=WAL')
    older.execute('CREATE TABLE answers '
                  '(key TEXT PRIMARY KEY, value BLOB, stored REAL)')
    older.execute("INSERT INTO answers VALUES ('old', x'00', 0)")
    older.commit()
    for path in modes(str(state)):
        os.chmod(state / path, 0o755 if os.path.isdir(state / path)
                 else 0o644)
    try:
        cache_an_answer(cache_conf, state)
    finally:
        older.close()
    assert_private(state)


def test_what_is_not_novajoins_is_left_alone(tmp_path, cache_conf):
    state = tmp_path / 'state'
    state.mkdir(mode=0o700)
    (state / 'not-novajoins').write_text('x')
    (state / 'not-novajoins').chmod(0o644)
    elsewhere = tmp_path / 'elsewhere'
    elsewhere.write_text('x')
    elsewhere.chmod(0o644)
    (state / 'answers.sqlite-journal').symlink_to(elsewhere)
    cache_an_answer(cache_conf, state)
    assert stat.S_IMODE((state / 'not-novajoins').stat().st_mode) == 0o644
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o644
