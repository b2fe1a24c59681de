"""novajoin-notify: the notification listener."""

import signal
import threading

from oslo_log import log as logging

from novajoin.notify import listener as notify_listener
from novajoin import service

LOG = logging.getLogger(__name__)


def main(argv=None):
    def start():
        conf = service.prepare(argv)
        # without the keytab every message would go back to the queue
        # forever
        settings = service.check_keytab(service.check_ipa_settings(conf))
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
