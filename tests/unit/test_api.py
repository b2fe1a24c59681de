import io
import json
import threading
import time

import pytest
from oslo_config import cfg
import webob

from novajoin.api import app as api_app
from novajoin.api import body
from novajoin.api import middleware
from novajoin import context
from novajoin import enrollment
from novajoin import exception
from novajoin.ipa import errors as ipa_errors
from novajoin import naming
from novajoin import policy

IMAGE_ID = '0c0a6d3e-4e4b-4bd5-9b43-1a2b3c4d5e6f'
NOVA_BODY = {
    'project-id': 'p-1', 'instance-id': 'i-1', 'image-id': IMAGE_ID,
    'user-data': None, 'hostname': 'web-1',
    'metadata': {'ipa_enroll': 'True'}, 'boot-roles': 'admin,member',
}


class FakeJoinService:
    def __init__(self, answer=None, error=None):
        self.answer = answer if answer is not None else {}
        self.error = error
        self.instances = []

    def join(self, instance):
        self.instances.append(instance)
        if self.error:
            raise self.error
        return self.answer


@pytest.fixture(autouse=True)
def policy_config():
    cfg.CONF([], project='novajoin', default_config_files=[])
    yield
    policy._enforcer = None


def caller(roles=('service',), user_name='nova', project_name='service'):
    return context.RequestContext(user_id='u', project_id='p',
                                  user_name=user_name,
                                  project_name=project_name,
                                  user_domain_id='default',
                                  project_domain_id='default',
                                  roles=list(roles))


def post(service, payload=NOVA_BODY, ctx=None, raw=None, path='/v1',
         app=None):
    request = webob.Request.blank(path, method='POST')
    request.content_type = 'application/json'
    request.body = raw if raw is not None else json.dumps(payload).encode()
    request.environ[middleware.CONTEXT_KEY] = ctx or caller()
    return request.get_response(app or api_app.setup_app(service))


@pytest.mark.parametrize('path', ['/v1', '/v1/'])
def test_enrollment_answer(path):
    answer = {'hostname': 'web-1.example.test', 'krb_realm': 'EXAMPLE.TEST',
              'ipaotp': 'x'}
    service = FakeJoinService(answer)
    response = post(service, path=path)
    assert response.status_int == 200
    assert response.json == answer
    instance = service.instances[0]
    assert (instance.instance_id, instance.project_id, instance.hostname,
            instance.image_id) == ('i-1', 'p-1', 'web-1', IMAGE_ID)
    assert instance.metadata == {'ipa_enroll': 'True'}


def test_version_document():
    request = webob.Request.blank('/')
    request.environ[middleware.CONTEXT_KEY] = caller()
    response = request.get_response(api_app.setup_app(FakeJoinService()))
    assert response.json['versions'][0]['id'] == 'v1.0'


@pytest.mark.parametrize('ctx', [
    caller(roles=('service',), user_name='other', project_name='other'),
    caller(roles=(), user_name='nova', project_name='service'),
])
def test_policy_allows_nova_and_the_service_role(ctx):
    assert post(FakeJoinService(), ctx=ctx).status_int == 200


def test_first_requests_at_once_find_the_rules_registered(monkeypatch):
    registering = threading.Event()

    def slow_rules():
        registering.set()
        time.sleep(0.2)
        return policy.rules

    monkeypatch.setattr(policy, 'list_rules', slow_rules)
    service = FakeJoinService()
    app = api_app.setup_app(service)
    statuses = []
    first = threading.Thread(
        target=lambda: statuses.append(post(service, app=app).status_int))
    first.start()
    registering.wait(5)
    statuses.append(post(service, app=app).status_int)
    first.join()
    assert statuses == [200, 200]


def test_policy_refuses_a_tenant():
    service = FakeJoinService()
    response = post(service, ctx=caller(roles=('member',), user_name='demo',
                                        project_name='demo'))
    assert response.status_int == 403
    assert 'join:create' in response.json['error']['message']
    assert not service.instances


@pytest.mark.parametrize('raw, message', [
    (b'', 'missing'),
    (b'{not json', 'not JSON'),
    (b'[]', 'is not of type'),
    (json.dumps({k: v for k, v in NOVA_BODY.items()
                 if k != 'hostname'}).encode(), "'hostname' is a required"),
    (json.dumps(dict(NOVA_BODY, metadata={'a': 1})).encode(),
     'metadata/a'),
    (json.dumps(dict(NOVA_BODY, hostname='')).encode(), 'hostname'),
    (b'[' * 20 + b']' * 20, 'nested'),
    (b' ' * (body.MAX_BODY_BYTES + 1), 'larger'),
    (b'\xff\xfe{\x00}\x00', 'not JSON'),
])
def test_malformed_bodies_are_400(raw, message):
    service = FakeJoinService()
    response = post(service, raw=raw)
    assert response.status_int == 400
    assert response.content_type == 'application/json'
    assert message in response.json['error']['message']
    assert not service.instances


def test_a_chunked_body_is_read_no_further_than_the_limit():
    stream = io.BytesIO(b'[' + b' ' * (10 * body.MAX_BODY_BYTES) + b']')
    request = webob.Request.blank('/v1', method='POST')
    request.content_type = 'application/json'
    request.environ.update({'wsgi.input': stream,
                            'wsgi.input_terminated': True})
    request.environ.pop('CONTENT_LENGTH', None)
    request.environ[middleware.CONTEXT_KEY] = caller()
    response = request.get_response(api_app.setup_app(FakeJoinService()))
    assert response.status_int == 400
    assert 'larger' in response.json['error']['message']
    assert stream.tell() == body.MAX_BODY_BYTES + 1


@pytest.mark.parametrize('error, status', [
    (exception.Invalid('unknown project p-1'), 400),
    (exception.NotAllowed('host class x'), 403),
    (exception.HostConflict('host exists'), 409),
    (naming.InvalidHostname('host name too long'), 400),
    (enrollment.IPAAccessRefused('IPA refused novajoin'), 403),
    (ipa_errors.IPAUnavailable('https://ipa/ipa/json', 3, 'refused'), 503),
    (exception.Unavailable('keystone down'), 503),
    (enrollment.MemberNotAdded('IPA left members out'), 503),
    (RuntimeError('secret detail'), 500),
])
def test_errors_are_json(error, status):
    response = post(FakeJoinService(error=error))
    assert response.status_int == status
    assert response.json['error']['code'] == status
    if status == 503:
        assert response.headers['Retry-After']
    if status == 500:
        assert 'secret detail' not in response.text


def test_unknown_route_is_json_404():
    request = webob.Request.blank('/v2', method='POST')
    request.environ[middleware.CONTEXT_KEY] = caller()
    response = request.get_response(api_app.setup_app(FakeJoinService()))
    assert response.status_int == 404
    assert response.json['error']['code'] == 404


@pytest.mark.parametrize('method', ['GET', 'PUT', 'DELETE'])
def test_v1_answers_post_only(method):
    request = webob.Request.blank('/v1', method=method)
    request.environ[middleware.CONTEXT_KEY] = caller()
    response = request.get_response(api_app.setup_app(FakeJoinService()))
    assert response.status_int == 405
    assert response.headers['Allow'] == 'POST'
    assert response.json['error']['code'] == 405


def counting_authorizations(monkeypatch):
    calls = []
    enforcer = policy.get_enforcer()
    real = enforcer.authorize

    def authorize(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(enforcer, 'authorize', authorize)
    return calls


def test_policy_decisions_are_reused_per_caller(monkeypatch):
    calls = counting_authorizations(monkeypatch)
    tenant = caller(roles=('member',), user_name='demo', project_name='demo')
    app = api_app.setup_app(FakeJoinService())
    statuses = [post(None, ctx=ctx, app=app).status_int
                for ctx in (caller(), caller(), tenant, tenant)]
    assert statuses == [200, 200, 403, 403]
    assert calls == ['join:create', 'join:create']


def test_policy_decisions_expire(monkeypatch):
    calls = counting_authorizations(monkeypatch)
    now = [1000.0]
    monkeypatch.setattr(policy.time, 'monotonic', lambda: now[0])
    policy.authorize(caller(), policy.JOIN_CREATE)
    now[0] += policy.DECISION_LIFETIME + 1
    policy.authorize(caller(), policy.JOIN_CREATE)
    assert len(calls) == 2


def test_controller_signatures_are_inspected_once(monkeypatch):
    inspected = []
    real = api_app.inspect.getfullargspec
    monkeypatch.setattr(api_app.inspect, 'getfullargspec',
                        lambda function: inspected.append(function)
                        or real(function))
    api_app._controller_argspec.cache_clear()
    app = api_app.setup_app(FakeJoinService())
    assert [post(None, app=app).status_int for _ in range(3)] == [200] * 3
    assert len(inspected) == len(set(inspected)) > 0
