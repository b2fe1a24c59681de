"""Options of the REST service (novajoin-server)."""

from oslo_config import cfg

api_opts = [
    cfg.HostAddressOpt('join_listen', default='0.0.0.0',
                       help='IP address on which novajoin-server listens. '
                            'Every address by default: nova builds config '
                            'drives on the compute nodes, which call '
                            'novajoin too. Where only the metadata API on '
                            'this host calls it, 127.0.0.1 keeps it off '
                            'the network.'),
    cfg.PortOpt('join_listen_port', default=9090,
                help='TCP port on which novajoin-server listens.'),
    cfg.IntOpt('join_workers', min=1,
               help='Number of worker processes of novajoin-server. '
                    'Defaults to the number of CPUs it may run on.'),
    cfg.IntOpt('join_threads', default=16, min=1,
               help='Threads per worker process of novajoin-server; each '
                    'serves one request at a time, most of it waiting on '
                    'IPA. A request gets a thread only once it has been '
                    'received whole.'),
    cfg.IntOpt('join_body_timeout', default=10, min=1,
               help='Seconds a caller of novajoin-server has to send the '
                    'body of its request once the headers arrived; a body '
                    'still incomplete then is answered 408. nova sends '
                    'its request at once.'),
    cfg.BoolOpt('join_cpu_affinity', default=True,
                help='Pin each worker process of novajoin-server to one '
                     'CPU, spread over the CPUs the server may run on. The '
                     'threads of a worker run Python one at a time; on one '
                     'CPU they hand over to each other cheaply, while '
                     'across CPUs every hand-over wakes another CPU, which '
                     'under load costs as much CPU as the requests '
                     'themselves.'),
    cfg.StrOpt('api_paste_config', default='join-api-paste.ini',
               help='The Paste deployment file of novajoin-server, '
                    'looked up next to the configuration files when it is '
                    'not an absolute path.'),
    cfg.StrOpt('state_path', default='/var/lib/novajoin',
               help='Directory of novajoin\'s own state: the file that '
                    'shares enrollment answers between worker processes '
                    'when [cache] is not enabled.'),
    cfg.StrOpt('auth_strategy', default='keystone',
               choices=[('keystone', 'validate keystone tokens with '
                                     'keystonemiddleware'),
                        ('noauth', 'accept every request; only for '
                                   'development')],
               help='How callers of novajoin-server are authenticated.'),
]


def register_opts(conf):
    conf.register_opts(api_opts)


def list_opts():
    return api_opts
