"""Options of the notification listener (novajoin-notify)."""

from oslo_config import cfg

notify_opts = [
    cfg.StrOpt('notification_format', default='unversioned',
               choices=[('unversioned', 'nova legacy notifications, '
                                        'compute.instance.*'),
                        ('versioned', 'nova versioned notifications, '
                                      'instance.*')],
               help='Format of the nova notifications novajoin-notify '
                    'listens to; it must match notification_format in '
                    'nova.conf.'),
    cfg.StrOpt('notifications_topic', default='novajoin_notifications',
               help='Topic on which nova and neutron send the '
                    'notifications novajoin-notify handles.'),
    cfg.StrOpt('notifications_pool',
               help='Listener pool. Unset, every novajoin-notify consumes '
                    'the topic\'s own queue, each message going to one of '
                    'them; that queue exists from the first notification '
                    'on, so nothing sent while no listener runs is lost. '
                    'Set it only when something else consumes the same '
                    'topic and novajoin must see every message too: the '
                    'pool gets a queue of its own, which misses what was '
                    'sent before it first started, and the topic\'s queue '
                    'then fills up unless its other consumer reads it.'),
]


def register_opts(conf):
    conf.register_opts(notify_opts)


def list_opts():
    return notify_opts
