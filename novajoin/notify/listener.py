"""The oslo.messaging notification listener of novajoin-notify, wired from
join.conf."""

import functools
import threading

from oslo_log import log as logging
import oslo_messaging
from oslo_messaging import opts as messaging_opts

from novajoin import conf as novajoin_conf
from novajoin import enrollment
from novajoin import instances
from novajoin.ipa import client as ipa_client
from novajoin.ipa import transport as ipa_transport
from novajoin.notify import addresses
from novajoin.notify import base
from novajoin.notify import floating_ips
from novajoin.notify import nova
from novajoin import openstack
from novajoin import removal

LOG = logging.getLogger(__name__)

# The control_exchange of the services whose notifications novajoin reads.
EXCHANGES = ('nova', 'neutron')


def build_handlers(conf, settings, ipa, session):
    """The handlers of the configured notification_format."""
    resolver = instances.InstanceResolver.from_conf(conf, settings, session)
    enroller = enrollment.Enroller(
        ipa, resolver,
        functools.partial(novajoin_conf.project_settings, conf),
        novajoin_conf.service_limits(conf))
    remover = removal.Remover(ipa, resolver)
    floating = addresses.FloatingAddresses(ipa, resolver)
    servers = openstack.Servers(session, conf)
    handlers = [floating_ips.NeutronFloatingIPHandler(
        resolver, floating, servers, openstack.Ports(session, conf))]
    if conf.notification_format == 'versioned':
        handlers.append(nova.VersionedHandler(resolver, remover, enroller))
    else:
        handlers.append(nova.UnversionedHandler(resolver, remover, enroller))
        handlers.append(floating_ips.NovaNetworkFloatingIPHandler(
            resolver, floating, servers))
    return handlers


def worker_count(conf):
    """How many messages the listener works on at once.

    oslo.messaging's executor_thread_pool_size, up to the IPA client's
    connections: more workers would only wait for a connection, and make
    urllib3 open and discard extra ones.

    RabbitMQ's prefetch (rabbit_qos_prefetch_count) stays unlimited:
    oslo.messaging never acknowledges a message it takes for a duplicate
    (one delivered again after a lost connection, whose work is done), so
    with a limit such messages end up filling it and the listener stalls.
    """
    for group, opts in messaging_opts.list_opts():
        if group is None:
            conf.register_opts(opts)
    return min(conf.executor_thread_pool_size,
               ipa_transport.DEFAULT_POOL_SIZE)


class NotificationListener:
    """Listens on notifications_topic of nova's and neutron's exchanges.

    With a pool (notifications_pool), listeners of that pool share one
    queue, each message going to one of them. A message is acknowledged
    only once its work is done; when stop() is called, messages being
    worked on finish, and those not started yet go back to the queue.
    """

    def __init__(self, conf, handlers):
        self.workers = worker_count(conf)
        self.stopping = threading.Event()
        self.endpoint = base.NotificationEndpoint(
            handlers, base.Backoff(self.stopping))
        self.transport = oslo_messaging.get_notification_transport(conf)
        self.targets = [oslo_messaging.Target(
            topic=conf.notifications_topic, exchange=exchange)
            for exchange in EXCHANGES]
        self.pool = conf.notifications_pool or None
        self.server = oslo_messaging.get_notification_listener(
            self.transport, self.targets, [self.endpoint],
            executor='threading', allow_requeue=True, pool=self.pool)

    def start(self):
        self.server.start(override_pool_size=self.workers)
        LOG.info('Listening to %s of exchanges %s (%s, %d workers) '
                 'for %s', self.targets[0].topic, ', '.join(EXCHANGES),
                 'pool %s' % self.pool if self.pool else 'the topic\'s '
                 'own queue', self.workers,
                 ', '.join(event_type for handler in self.endpoint.handlers
                           for event_type in handler.event_types))

    def stop(self):
        self.stopping.set()
        self.server.stop()
        self.server.wait()
        self.transport.cleanup()
        LOG.info('Stopped listening')


def build_listener(conf, settings):
    """The listener of join.conf, with its IPA client and OpenStack
    session."""
    ipa = ipa_client.IPAClient.from_conf(settings)
    session = openstack.session_from_conf(conf)
    return NotificationListener(conf,
                                build_handlers(conf, settings, ipa, session))
