"""novajoin-server: the vendordata service, served by gunicorn."""

import collections
import os

from gunicorn.app import base as gunicorn_base
from oslo_log import log as logging
from paste import deploy

from novajoin import service

LOG = logging.getLogger(__name__)


class JoinServer(gunicorn_base.BaseApplication):
    """gunicorn serving the Paste app; each worker loads its own copy, so
    IPA sessions and HTTP pools are never shared across a fork."""

    def __init__(self, paste_config, options):
        self.paste_config = paste_config
        self.options = options
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
        return deploy.loadapp('config:' + self.paste_config, name='main')


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
        'worker_class': 'gthread',
        'threads': conf.join_threads,
        'proc_name': 'novajoin-server',
        # nova waits 5 s by default; a request still running after the
        # IPA client's retries is not worth more.
        'timeout': 120,
        'graceful_timeout': 30,
        'keepalive': 5,
        **hooks,
    }


def main(argv=None):
    def start():
        conf = service.prepare(argv)
        service.check_ipa_settings(conf)
        paste_config = service.find_paste_config(conf)
        options = gunicorn_options(conf)
        LOG.info('novajoin-server listening on %s with %d workers',
                 options['bind'], options['workers'])
        JoinServer(paste_config, options).run()
        return 0

    return service.run(start)
