"""The cache of enrollment answers: nova gets the same OTP when it asks again.

Every answer is made under the cache's lock for its instance, so two
requests for one instance, on any worker sharing the cache, make one OTP.
With [cache] enabled, oslo.cache's backend (memcached, Redis) shares the
answers across servers (give it distributed_lock for the lock to be shared
too); without it, a SQLite file and file locks share them across the worker
processes of one server, with no service to run.
"""

import fcntl
import hashlib
import os
import sqlite3
import stat
import threading
import time

from dogpile.cache import api
from dogpile.cache import region as dogpile_region
import dogpile.cache
from oslo_cache import core as oslo_cache

LOCAL_BACKEND = 'novajoin.sqlite'
LOCK_STRIPES = 1024
# Answers older than this are pruned from the local file; the region's own
# expiration_time decides what is still served.
PRUNE_AFTER = 24 * 3600

dogpile.cache.register_backend(LOCAL_BACKEND, __name__, 'SQLiteBackend')


class _FileMutex:
    """A lock shared by the threads and processes that use one file.

    flock() locks belong to an open file, so each holder opens its own.
    """

    def __init__(self, path):
        self.path = path
        self._fd = None

    def acquire(self, wait=True):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self):
        fd, self._fd = self._fd, None
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def locked(self):
        return self._fd is not None


def _restrict(path, mode):
    try:
        status = os.lstat(path)
        # a link's target is not ours to change
        if status.st_mode & 0o077 and not stat.S_ISLNK(status.st_mode):
            os.chmod(path, mode)
    except FileNotFoundError:
        # not made yet, or SQLite removed it with its last connection
        pass


class SQLiteBackend(api.BytesBackend):
    """A dogpile backend on one SQLite file, shared by local processes."""

    def __init__(self, arguments):
        self.path = arguments['path']
        self.lock_dir = self.path + '.locks'
        state_dir = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(state_dir, mode=0o700, exist_ok=True)
        os.makedirs(self.lock_dir, mode=0o700, exist_ok=True)
        self._local = threading.local()
        # Workers start together; SQLite may refuse a concurrent switch to
        # WAL instead of waiting, so one of them sets the file up at a time.
        setup = _FileMutex(os.path.join(self.lock_dir, 'setup'))
        setup.acquire()
        try:
            # Every answer holds an OTP: the files are private before the
            # first is written. SQLite gives its -wal and -shm files the
            # mode of the database file.
            self._make_private(state_dir)
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            db = self._connection()
            db.execute('CREATE TABLE IF NOT EXISTS answers '
                       '(key TEXT PRIMARY KEY, value BLOB, stored REAL)')
            # the pruning on every write finds old answers by this index
            db.execute('CREATE INDEX IF NOT EXISTS answers_stored '
                       'ON answers (stored)')
        finally:
            setup.release()

    def _make_private(self, state_dir):
        """Take from group and others any access to the state directory,
        the database and the files SQLite keeps beside it, and the locks:
        made under a loose umask or left by an older novajoin. Other
        files of the directory are not novajoin's to change."""
        _restrict(state_dir, 0o700)
        _restrict(self.lock_dir, 0o700)
        for suffix in ('', '-wal', '-shm', '-journal'):
            _restrict(self.path + suffix, 0o600)
        for name in os.listdir(self.lock_dir):
            _restrict(os.path.join(self.lock_dir, name), 0o600)

    def _connection(self):
        db = getattr(self._local, 'db', None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30,
                                 isolation_level=None)
            db.execute('PRAGMA journal_mode=WAL')
            # A cache need not outlive a power cut: in WAL mode this keeps
            # the file consistent without an fsync on every answer, which
            # is made while its instance's lock is held.
            db.execute('PRAGMA synchronous=NORMAL')
            self._local.db = db
        return db

    def get_mutex(self, key):
        digest = hashlib.sha256(key.encode()).digest()
        stripe = int.from_bytes(digest[:4], 'big') % LOCK_STRIPES
        return _FileMutex(os.path.join(self.lock_dir, '%04d' % stripe))

    def get_serialized(self, key):
        row = self._connection().execute(
            'SELECT value FROM answers WHERE key = ?', (key,)).fetchone()
        return api.NO_VALUE if row is None else row[0]

    def get_serialized_multi(self, keys):
        return [self.get_serialized(key) for key in keys]

    def set_serialized(self, key, value):
        now = time.time()
        db = self._connection()
        # one transaction, one write to the log
        db.execute('BEGIN IMMEDIATE')
        try:
            db.execute('INSERT OR REPLACE INTO answers VALUES (?, ?, ?)',
                       (key, value, now))
            db.execute('DELETE FROM answers WHERE stored < ?',
                       (now - PRUNE_AFTER,))
        except BaseException:
            db.execute('ROLLBACK')
            raise
        db.execute('COMMIT')

    def set_serialized_multi(self, mapping):
        for key, value in mapping.items():
            self.set_serialized(key, value)

    def delete(self, key):
        self._connection().execute('DELETE FROM answers WHERE key = ?',
                                   (key,))

    def delete_multi(self, keys):
        for key in keys:
            self.delete(key)


def answer_region(conf, state_path):
    """The cache region of enrollment answers, as [cache] configures it."""
    if conf.cache.enabled:
        region = oslo_cache.create_region()
        oslo_cache.configure_cache_region(conf, region)
        return region
    region = dogpile_region.make_region(key_mangler=_mangle)
    region.configure(LOCAL_BACKEND,
                     expiration_time=conf.cache.expiration_time,
                     arguments={'path': os.path.join(state_path,
                                                     'answers.sqlite')})
    return region


def _mangle(key):
    return 'novajoin-answer-' + key
