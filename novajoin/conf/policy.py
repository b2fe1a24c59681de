"""Options of the policy of novajoin-server."""

from oslo_config import cfg

policy_opts = [
    cfg.StrOpt('service_domain_id', default='default',
               help='ID (not name) of the keystone domain whose callers '
                    'the default policy trusts: the service role, or the '
                    'user nova of the project service, pass only when both '
                    'the user and the project belong to this domain. '
                    '"default" is the ID of keystone\'s Default domain. An '
                    'ID, because a domain\'s name can be changed, or taken '
                    'again by a new domain once the old one is deleted.'),
]


def register_opts(conf):
    conf.register_opts(policy_opts)


def list_opts():
    return policy_opts
