"""Pecan hooks: what every request carries, and how errors are answered."""

from oslo_log import log as logging
from pecan import hooks
import webob
from webob import exc as webob_exc

from novajoin.api import body
from novajoin.api import middleware
from novajoin import exception
from novajoin.ipa import errors as ipa_errors

LOG = logging.getLogger(__name__)

# Seconds nova, or whoever retries, should wait when IPA cannot be reached.
RETRY_AFTER = 5


class ContextHook(hooks.PecanHook):
    """The request context made by the Paste pipeline, on the request."""

    def before(self, state):
        state.request.context = state.request.environ[middleware.CONTEXT_KEY]


class AcceptJSONHook(hooks.PecanHook):
    """406 for a caller that accepts no JSON, the only type novajoin-server
    answers in: said here before Pecan, which logs it as an error."""

    def on_route(self, state):
        if not state.request.accept.acceptable_offers(['application/json']):
            raise webob_exc.HTTPNotAcceptable(
                explanation='novajoin-server answers application/json '
                            'only')


class JSONBodyHook(hooks.PecanHook):
    """The JSON body of a request, checked before Pecan routes it.

    Pecan parses a JSON body itself while routing, to offer its keys as
    arguments: unbounded, and with a logged traceback for a body that is
    not UTF-8. Checked here first, the body it parses is one that is known
    to be small and well-formed; controllers take it from request.payload
    (None without a body).
    """

    METHODS_WITH_BODY = ('POST', 'PUT', 'PATCH')

    def on_route(self, state):
        request = state.request
        request.payload = (body.read_json(request)
                           if request.method in self.METHODS_WITH_BODY
                           else None)


class ServiceHook(hooks.PecanHook):
    """The domain services the controllers call, on the request."""

    def __init__(self, join_service):
        super().__init__()
        self.join_service = join_service

    def before(self, state):
        state.request.join_service = self.join_service


def error_response(code, message, headers=None):
    response = webob.Response(status=code, content_type='application/json',
                              charset=None)
    response.headers.update(headers or {})
    response.json_body = {'error': {'code': code,
                                    'title': response.status.split(' ', 1)[1],
                                    'message': message}}
    return response


class JSONErrorHook(hooks.PecanHook):
    """Every error as JSON with a message, never a traceback."""

    priority = 10

    def on_error(self, state, error):
        if isinstance(error, exception.NovajoinError):
            if error.code >= 500:
                LOG.error('%s: %s', type(error).__name__, error)
            else:
                LOG.info('Refused %s %s: %s', state.request.method,
                         state.request.path, error)
            headers = ({'Retry-After': str(RETRY_AFTER)}
                       if isinstance(error, exception.Unavailable) else None)
            return error_response(error.code, str(error), headers)
        if isinstance(error, ipa_errors.IPAUnavailable):
            LOG.error('%s', error)
            return error_response(503, str(error),
                                  {'Retry-After': str(RETRY_AFTER)})
        if isinstance(error, ipa_errors.ipa_errors.PublicError):
            LOG.error('IPA refused %s %s: %s', state.request.method,
                      state.request.path, error)
            return error_response(500, 'IPA refused the request: %s' % error)
        if isinstance(error, webob_exc.HTTPException):
            return error_response(error.code, error.explanation)
        LOG.exception('Unexpected error on %s %s', state.request.method,
                      state.request.path)
        return error_response(500, 'internal error; see the novajoin-server '
                                   'log')
