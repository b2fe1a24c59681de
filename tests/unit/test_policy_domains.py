"""The default policy trusts callers of one keystone domain only.

Callers are made as the server makes them: from the headers that
keystonemiddleware's authtoken sets for a validated token.
"""

import pytest
from oslo_config import cfg

from novajoin.api import middleware
from novajoin import context
from novajoin import exception
from novajoin import policy
from novajoin.conf import opts

OTHER = '5e1bd4f6c1a14d0fbc8a1f1a3d3c7e92'


@pytest.fixture(autouse=True)
def policy_config():
    cfg.CONF([], project='novajoin', default_config_files=[])
    yield
    cfg.CONF.clear_override('service_domain_id')
    policy._enforcer = None


def caller(user='nova', project='service', roles=('admin',),
           user_domain='default', project_domain='default', domain=None):
    """The caller of a token keystonemiddleware validated; project None
    with domain set is a domain-scoped token."""
    headers = {'HTTP_X_USER_ID': 'u-%s-%s' % (user, user_domain),
               'HTTP_X_USER_NAME': user,
               'HTTP_X_USER_DOMAIN_ID': user_domain,
               'HTTP_X_ROLES': ','.join(roles)}
    if project is not None:
        headers.update({'HTTP_X_PROJECT_ID': 'p-%s-%s' % (project,
                                                          project_domain),
                        'HTTP_X_PROJECT_NAME': project,
                        'HTTP_X_PROJECT_DOMAIN_ID': project_domain})
    if domain is not None:
        headers['HTTP_X_DOMAIN_ID'] = domain
    return context.RequestContext.from_environ(headers)


def allowed(ctx):
    try:
        policy.authorize(ctx, policy.JOIN_CREATE)
    except exception.NotAllowed:
        return False
    return True


def test_the_domain_is_an_option_defaulting_to_keystones_default(join_conf):
    assert join_conf.service_domain_id == 'default'
    defaults = dict(opts.list_opts())['DEFAULT']
    assert 'service_domain_id' in [opt.name for opt in defaults]


@pytest.mark.parametrize('ctx', [
    # TripleO's nova: no service role, user and project of Default
    caller(),
    caller(user='svc', project='infra', roles=('service',)),
], ids=['nova-of-service', 'service-role'])
def test_callers_of_the_domain_are_allowed(ctx):
    assert allowed(ctx)


@pytest.mark.parametrize('ctx', [
    caller(user_domain=OTHER, project_domain=OTHER),
    caller(project_domain=OTHER),
    caller(user_domain=OTHER),
    caller(user='svc', project='infra', roles=('service',),
           project_domain=OTHER),
    caller(user='svc', project='infra', roles=('service',),
           user_domain=OTHER, project_domain=OTHER),
    caller(user='svc', project='infra', roles=('service',),
           user_domain=OTHER),
    caller(user='svc', project=None, roles=('service',), user_domain=OTHER,
           domain=OTHER),
    caller(user='svc', project=None, roles=('service',), domain='default'),
], ids=['nova-and-service-of-another-domain',
        'nova-in-service-of-another-domain',
        'nova-of-another-domain-in-service',
        'service-role-on-a-project-of-another-domain',
        'service-role-of-another-domain',
        'service-role-of-a-user-of-another-domain',
        'service-role-on-another-domain',
        'service-role-on-the-domain-itself'])
def test_callers_from_elsewhere_are_refused(ctx):
    assert not allowed(ctx)


def test_a_caller_without_domains_is_refused():
    ctx = context.RequestContext(user_id='u', project_id='p',
                                 user_name='nova', project_name='service',
                                 roles=['service'])
    assert not allowed(ctx)


def test_the_configured_domain_is_the_one_trusted():
    cfg.CONF.set_override('service_domain_id', OTHER)
    assert allowed(caller(user_domain=OTHER, project_domain=OTHER))
    assert allowed(caller(user='svc', project='infra', roles=('service',),
                          user_domain=OTHER, project_domain=OTHER))
    assert not allowed(caller())
    assert not allowed(caller(project_domain=OTHER))


def test_a_decision_is_not_reused_for_another_domain():
    def nova_of(domain):
        return context.RequestContext(
            user_id='u', project_id='p', user_name='nova',
            project_name='service', user_domain_id=domain,
            project_domain_id=domain, roles=['admin'])

    assert allowed(nova_of('default'))
    assert not allowed(nova_of(OTHER))
    assert allowed(nova_of('default'))


def test_a_changed_domain_applies_at_once():
    assert allowed(caller())
    cfg.CONF.set_override('service_domain_id', OTHER)
    assert not allowed(caller())


def test_noauth_caller_passes_the_default_policy():
    """auth_strategy = noauth: every caller is a service of the domain."""
    seen = {}

    def app(environ, start_response):
        seen['context'] = environ[middleware.CONTEXT_KEY]
        return []

    middleware.NoAuthContext(app)({}, None)
    policy.authorize(seen['context'], policy.JOIN_CREATE)
