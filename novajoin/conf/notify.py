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
    cfg.StrOpt('notifications_pool', default='novajoin',
               help='Listener pool: listeners with the same pool share one '
                    'stream of notifications, each message going to one of '
                    'them.'),
]


def register_opts(conf):
    conf.register_opts(notify_opts)


def list_opts():
    return notify_opts
