"""novajoin-notify: the notification listener."""

import os
import signal
import threading

from oslo_log import log as logging

from novajoin.notify import listener as notify_listener
from novajoin import service

LOG = logging.getLogger(__name__)


def main(argv=None):
    def start():
        conf = service.prepare(argv)
        settings = service.check_ipa_settings(conf)
        # Without it every message would go back to the queue forever;
        # better to refuse to start and say why.
        if not os.access(settings.keytab, os.R_OK):
            raise service.StartupError('cannot read the keytab %s (set '
                                       'keytab in join.conf)'
                                       % settings.keytab)
        listener = notify_listener.build_listener(conf, settings)
        stop = threading.Event()

        def request_stop(signum, frame):
            LOG.info('Signal %d: stopping, messages in flight finish or go '
                     'back to the queue', signum)
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        listener.start()
        # a timeout keeps the main thread where signal handlers can run
        while not stop.wait(1):
            pass
        listener.stop()
        return 0

    return service.run(start)
