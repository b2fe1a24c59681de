"""Paste filters that make the request context of novajoin-server.

Plain WSGI callables: they only put the context in the environment, and a
WebOb request and response around each would cost more than that.
"""

from oslo_config import cfg
from oslo_middleware import base

from novajoin import context

CONTEXT_KEY = 'novajoin.context'


class KeystoneContext(base.ConfigurableMiddleware):
    """The caller as keystonemiddleware's authtoken vouched for it."""

    def __call__(self, environ, start_response):
        environ[CONTEXT_KEY] = context.RequestContext.from_environ(environ)
        return self.application(environ, start_response)


class NoAuthContext(base.ConfigurableMiddleware):
    """Every caller is a trusted service: auth_strategy = noauth only."""

    def __call__(self, environ, start_response):
        environ[CONTEXT_KEY] = context.RequestContext(
            user_id='noauth', project_id='noauth', user_name='noauth',
            project_name='noauth', roles=['service'], is_admin=True,
            user_domain_id=cfg.CONF.service_domain_id,
            project_domain_id=cfg.CONF.service_domain_id,
            request_id=environ.get('openstack.request_id'))
        return self.application(environ, start_response)
