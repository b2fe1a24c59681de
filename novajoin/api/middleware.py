"""Paste filters that make the request context of novajoin-server."""

from oslo_middleware import base
import webob.dec

from novajoin import context

CONTEXT_KEY = 'novajoin.context'


class KeystoneContext(base.ConfigurableMiddleware):
    """The caller as keystonemiddleware's authtoken vouched for it."""

    @webob.dec.wsgify
    def __call__(self, request):
        request.environ[CONTEXT_KEY] = context.RequestContext.from_environ(
            request.environ)
        return request.get_response(self.application)


class NoAuthContext(base.ConfigurableMiddleware):
    """Every caller is a trusted service: auth_strategy = noauth only."""

    @webob.dec.wsgify
    def __call__(self, request):
        request.environ[CONTEXT_KEY] = context.RequestContext(
            user_id='noauth', project_id='noauth', user_name='noauth',
            project_name='noauth', roles=['service'], is_admin=True,
            request_id=request.environ.get('openstack.request_id'))
        return request.get_response(self.application)
