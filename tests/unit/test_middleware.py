"""The Paste filters that put the caller's context in the environment."""

from novajoin.api import middleware


def run(filter_class, environ):
    seen = {}

    def app(environ, start_response):
        seen['context'] = environ[middleware.CONTEXT_KEY]
        start_response('204 No Content', [])
        return [b'']

    statuses = []
    body = filter_class(app)(environ,
                             lambda status, headers: statuses.append(status))
    assert list(body) == [b''] and statuses == ['204 No Content']
    return seen['context']


def test_keystone_context_from_authtoken_headers():
    context = run(middleware.KeystoneContext, {
        'HTTP_X_USER_ID': 'u-1', 'HTTP_X_USER_NAME': 'nova',
        'HTTP_X_PROJECT_ID': 'p-1', 'HTTP_X_PROJECT_NAME': 'service',
        'HTTP_X_ROLES': 'service,member',
        'openstack.request_id': 'req-1'})
    assert (context.user_id, context.user_name, context.project_id,
            context.project_name) == ('u-1', 'nova', 'p-1', 'service')
    assert sorted(context.roles) == ['member', 'service']
    assert context.request_id == 'req-1'


def test_noauth_context_is_a_trusted_service():
    context = run(middleware.NoAuthContext, {'openstack.request_id': 'req-2'})
    assert context.roles == ['service'] and context.is_admin
    assert context.request_id == 'req-2'
