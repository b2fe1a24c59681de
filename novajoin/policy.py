"""Policy of novajoin-server, defined in code (oslo.policy)."""

import threading

from oslo_config import cfg
from oslo_policy import policy

from novajoin import exception

JOIN_CREATE = 'join:create'

rules = [
    policy.RuleDefault(
        'service_or_nova',
        'role:service or (user_name:nova and project_name:service)',
        description='The service role, or the nova user of the service '
                    'project, as nova calls vendordata targets.'),
    policy.DocumentedRuleDefault(
        JOIN_CREATE, 'rule:service_or_nova',
        'Create or update the IPA host of an instance and get its '
        'one-time password: the call nova\'s metadata service makes.',
        [{'path': '/v1', 'method': 'POST'}]),
]

_enforcer = None
_enforcer_lock = threading.Lock()


def list_rules():
    return rules


def get_enforcer():
    """The enforcer, for oslopolicy-sample-generator and the server.

    Made by the first request of a worker while others may be arriving:
    it is shared only once its rules are registered.
    """
    global _enforcer
    with _enforcer_lock:
        if _enforcer is None:
            enforcer = policy.Enforcer(cfg.CONF)
            enforcer.register_defaults(list_rules())
            _enforcer = enforcer
    return _enforcer


def authorize(context, rule, target=None):
    """Raise NotAllowed unless the policy allows the caller the rule."""
    try:
        get_enforcer().authorize(rule, target or {}, context,
                                 do_raise=True)
    except policy.PolicyNotAuthorized:
        raise exception.NotAllowed('policy does not allow %s' % rule)
