"""Policy of novajoin-server, defined in code (oslo.policy)."""

from collections import abc
import threading
import time

from oslo_policy import policy

from novajoin import conf as novajoin_conf
from novajoin import exception

JOIN_CREATE = 'join:create'

# Seconds a decision is reused for the same caller, rule and domain. nova
# calls with one service user, and every oslo.policy check looks for the
# policy file again and inspects its checks' signatures: a fifth of the CPU
# of an enrollment. A changed policy file applies within this time.
DECISION_LIFETIME = 10
# Callers whose decisions are kept at most; a server sees a handful.
MAX_DECISIONS = 1024

# Names of users and projects are unique only within a keystone domain,
# and each domain's administrator makes its own users and projects and
# grants roles on them: a caller is trusted only when its user and its
# project are of the domain join.conf names. By id: oslo.context's policy
# values carry domain ids only, and an id, unlike a name, is never changed
# nor given to another domain.
rules = [
    policy.RuleDefault(
        'service_domain',
        'user_domain_id:%(service_domain_id)s and '
        'project_domain_id:%(service_domain_id)s',
        description='The user and the project of the caller belong to the '
                    'keystone domain whose ID is [DEFAULT] '
                    'service_domain_id in join.conf ("default", '
                    'keystone\'s Default domain, unless set).'),
    policy.RuleDefault(
        'service_or_nova',
        'rule:service_domain and '
        '(role:service or (user_name:nova and project_name:service))',
        description='The service role, or the nova user of the service '
                    'project, as nova calls vendordata targets; only from '
                    'that domain.'),
    policy.DocumentedRuleDefault(
        JOIN_CREATE, 'rule:service_or_nova',
        'Create or update the IPA host of an instance and get its '
        'one-time password: the call nova\'s metadata service makes.',
        [{'path': '/v1', 'method': 'POST'}]),
]

_enforcer = None
_enforcer_lock = threading.Lock()
_decisions = {}


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
            enforcer = policy.Enforcer(novajoin_conf.CONF)
            enforcer.register_defaults(list_rules())
            _decisions.clear()
            _enforcer = enforcer
    return _enforcer


def _hashable(value):
    if isinstance(value, (list, tuple, set)):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, abc.Mapping):
        return tuple(sorted((key, _hashable(item))
                            for key, item in value.items()))
    return value


def _target():
    """What rules may name as %(...)s: the settings of join.conf."""
    return {'service_domain_id': novajoin_conf.CONF.service_domain_id}


def _allowed(rule, context):
    enforcer = get_enforcer()
    target = _target()
    key = (rule, _hashable(target), _hashable(context.to_policy_values()))
    now = time.monotonic()
    decision = _decisions.get(key)
    if decision is not None and decision[1] > now:
        return decision[0]
    allowed = enforcer.authorize(rule, target, context, do_raise=False)
    if len(_decisions) >= MAX_DECISIONS:
        _decisions.clear()
    _decisions[key] = (allowed, now + DECISION_LIFETIME)
    return allowed


def authorize(context, rule):
    """Raise NotAllowed unless the policy allows the caller the rule."""
    if not _allowed(rule, context):
        raise exception.NotAllowed('policy does not allow %s' % rule)
