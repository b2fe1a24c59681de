"""novajoin-server: the vendordata service, served by gunicorn."""

import collections
import os

from gunicorn.app import base as gunicorn_base
from oslo_log import log as logging
from paste import deploy

from novajoin.api import body
from novajoin.api import buffered
from novajoin import service

LOG = logging.getLogger(__name__)


class JoinServer(gunicorn_base.BaseApplication):
    """gunicorn serving the Paste app; each worker loads its own copy, so
    IPA sessions and HTTP pools are never shared across a fork.

    The asgi worker reads requests on its event loop, and BufferedWSGI
    gives a request a thread only once it has it whole: a client that
    sends slowly holds no thread (gthread would give it one from its
    first byte on).
    """

    def __init__(self, paste_config, options, threads, body_timeout):
        self.paste_config = paste_config
        self.options = options
        self.threads = threads
        self.body_timeout = body_timeout
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # gunicorn 25.1 and later open a control socket in $HOME (one
        # path for every gunicorn of the user, so two servers take it from
        # each other); novajoin-server is run by systemd and signals.
        if 'control_socket_disable' in self.cfg.settings:
            self.cfg.set('control_socket_disable', True)

    def load(self):
        app = deploy.loadapp('config:' + self.paste_config, name='main')
        # one byte over the limit is enough for the app to refuse the body
        return buffered.BufferedWSGI(app, self.threads, self.body_timeout,
                                     body.MAX_BODY_BYTES + 1)


def pick_cpu(cpus, live_workers):
    """The CPU, among cpus, that the fewest live workers are pinned to."""
    pinned = collections.Counter(getattr(worker, 'pinned_cpu', None)
                                 for worker in live_workers)
    return min(sorted(cpus), key=lambda cpu: pinned[cpu])


def cpu_affinity_hooks(cpus):
    """gunicorn hooks that pin each worker to one of cpus: chosen by the
    master before the fork (it knows the live workers, so a replaced
    worker takes the CPU its predecessor left), applied in the worker."""
    def pre_fork(server, worker):
        worker.pinned_cpu = pick_cpu(cpus, server.WORKERS.values())

    def post_fork(server, worker):
        os.sched_setaffinity(0, {worker.pinned_cpu})
        LOG.debug('Worker %d pinned to CPU %d', worker.pid,
                  worker.pinned_cpu)

    return {'pre_fork': pre_fork, 'post_fork': post_fork}


def bind_address(host, port):
    return '[%s]:%d' % (host, port) if ':' in host else '%s:%d' % (host, port)


def gunicorn_options(conf):
    cpus = os.sched_getaffinity(0)
    hooks = (cpu_affinity_hooks(cpus)
             if conf.join_cpu_affinity and len(cpus) > 1 else {})
    return {
        'bind': bind_address(conf.join_listen, conf.join_listen_port),
        'workers': conf.join_workers or len(cpus),
        'worker_class': 'asgi',
        # BufferedWSGI serves nothing else: no startup or shutdown events
        'asgi_lifespan': 'off',
        'proc_name': 'novajoin-server',
        # a worker whose event loop has not reported for this long is
        # stuck: the master restarts it
        'timeout': 120,
        'graceful_timeout': 30,
        'keepalive': 5,
        **hooks,
    }


def main(argv=None):
    def start():
        conf = service.prepare(argv)
        service.check_keytab(service.check_ipa_settings(conf))
        paste_config = service.find_paste_config(conf)
        options = gunicorn_options(conf)
        LOG.info('novajoin-server listening on %s with %d workers',
                 options['bind'], options['workers'])
        JoinServer(paste_config, options, conf.join_threads,
                   conf.join_body_timeout).run()
        return 0

    return service.run(start)
