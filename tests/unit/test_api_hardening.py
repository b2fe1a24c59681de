"""novajoin-server's answers to requests nova never sends, and
BufferedWSGI, which gives a request a thread only once it is whole."""

import asyncio
import io
import json
import logging
import threading

import pytest
import webob

from novajoin.api import app as api_app
from novajoin.api import buffered
from novajoin.api import middleware
from tests.unit.test_api import FakeJoinService
from tests.unit.test_api import IMAGE_ID
from tests.unit.test_api import NOVA_BODY
from tests.unit.test_api import caller
from tests.unit.test_api import policy_config  # noqa: F401
from tests.unit.test_api import post


def assert_json_error(response, status, message=''):
    assert response.status_int == status
    assert response.content_type == 'application/json'
    assert response.json['error']['code'] == status
    assert message in response.json['error']['message']


def no_error_logged(caplog):
    return not [record for record in caplog.records
                if record.levelno >= logging.WARNING]


# Requests nova never sends -------------------------------------------------

@pytest.mark.parametrize('depth', [1000, 100000])
def test_json_nested_past_the_recursion_limit_is_400(depth, caplog):
    service = FakeJoinService()
    response = post(service, raw=b'[' * depth + b']' * depth)
    assert_json_error(response, 400, 'nested deeper')
    assert not service.instances
    assert no_error_logged(caplog)


@pytest.mark.parametrize('image_id', [
    'abc/def', '../../v2/images', 'img-1', IMAGE_ID + '\n',
    IMAGE_ID + '/file', IMAGE_ID[:-1]])
def test_image_id_that_is_not_a_uuid_is_400(image_id):
    service = FakeJoinService()
    response = post(service, dict(NOVA_BODY, **{'image-id': image_id}))
    assert_json_error(response, 400, 'image-id')
    assert not service.instances


@pytest.mark.parametrize('image_id', [IMAGE_ID, IMAGE_ID.upper(), '', None])
def test_image_id_is_a_uuid_or_nothing(image_id):
    service = FakeJoinService()
    response = post(service, dict(NOVA_BODY, **{'image-id': image_id}))
    assert response.status_int == 200
    assert service.instances[0].image_id == image_id


def post_as(content_type, raw):
    service = FakeJoinService()
    request = webob.Request.blank('/v1', method='POST')
    if content_type is not None:
        request.content_type = content_type
    request.body = raw
    request.environ[middleware.CONTEXT_KEY] = caller()
    return service, request.get_response(api_app.setup_app(service))


@pytest.mark.parametrize('content_type', [
    'multipart/form-data', 'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded', 'text/plain', None])
def test_body_of_another_type_is_415(content_type, caplog):
    service, response = post_as(content_type,
                                json.dumps(NOVA_BODY).encode())
    assert_json_error(response, 415, 'application/json')
    assert not service.instances
    assert no_error_logged(caplog)


def test_empty_multipart_body_is_415():
    service, response = post_as('multipart/form-data', b'')
    assert_json_error(response, 415)


@pytest.mark.parametrize('content_type', [
    'application/json; charset=utf-8', 'Application/JSON'])
def test_json_is_json_with_a_charset_in_any_case(content_type):
    service, response = post_as(content_type,
                                json.dumps(NOVA_BODY).encode())
    assert response.status_int == 200


def test_no_body_and_no_type_is_a_missing_body():
    service, response = post_as(None, b'')
    assert_json_error(response, 400, 'missing')


def ask_accepting(accept):
    request = webob.Request.blank('/v1', method='POST')
    request.content_type = 'application/json'
    request.body = json.dumps(NOVA_BODY).encode()
    if accept is not None:
        request.headers['Accept'] = accept
    request.environ[middleware.CONTEXT_KEY] = caller()
    return request.get_response(api_app.setup_app(FakeJoinService()))


@pytest.mark.parametrize('accept', ['text/html', 'text/*',
                                    'application/xml'])
def test_caller_that_accepts_no_json_is_406_quietly(accept, caplog):
    response = ask_accepting(accept)
    assert_json_error(response, 406, 'application/json')
    assert no_error_logged(caplog)


@pytest.mark.parametrize('accept', [None, '*/*', 'application/json',
                                    'text/html, application/json;q=0.5',
                                    'application/*'])
def test_caller_that_accepts_json_is_answered(accept):
    assert ask_accepting(accept).status_int == 200


def test_body_shorter_than_its_content_length_is_400():
    """As a WSGI server that passes a short body on gives it."""
    request = webob.Request.blank('/v1', method='POST')
    request.content_type = 'application/json'
    request.environ.update({'wsgi.input': io.BytesIO(b'{"project-id"'),
                            'CONTENT_LENGTH': '100'})
    request.environ[middleware.CONTEXT_KEY] = caller()
    service = FakeJoinService()
    response = request.get_response(api_app.setup_app(service))
    assert_json_error(response, 400, 'shorter')
    assert not service.instances


# BufferedWSGI ----------------------------------------------------------------

def http_scope(path=b'/v1', query=b'', headers=()):
    return {'type': 'http', 'asgi': {'version': '3.0'},
            'http_version': '1.1', 'method': 'POST', 'scheme': 'http',
            'path': path.decode(), 'raw_path': path, 'query_string': query,
            'root_path': '', 'headers': list(headers),
            'server': ('127.0.0.1', 9090), 'client': ('127.0.0.2', 40000)}


def receiving(*messages):
    """An ASGI receive that hands out messages, then waits forever."""
    queue = list(messages)
    calls = []

    async def receive():
        calls.append(1)
        if queue:
            return queue.pop(0)
        await asyncio.Event().wait()

    receive.calls = calls
    return receive


def body_message(chunk, more=False):
    return {'type': 'http.request', 'body': chunk, 'more_body': more}


class Recorder:
    """A WSGI app that records what it was given and answers 200."""

    def __init__(self, answer=b'{}'):
        self.environ = None
        self.body = None
        self.thread = None
        self.answer = answer

    def __call__(self, environ, start_response):
        self.environ = environ
        self.body = environ['wsgi.input'].read()
        self.thread = threading.current_thread().name
        start_response('200 OK', [('Content-Type', 'application/json'),
                                  ('X-Openstack-Request-Id', 'req-1')])
        return [self.answer[:1], self.answer[1:]]


def serve(app, scope, receive, threads=2, body_timeout=5, body_limit=100):
    sent = []

    async def send(message):
        sent.append(message)

    bridge = buffered.BufferedWSGI(app, threads, body_timeout, body_limit)
    asyncio.run(bridge(scope, receive, send))
    return sent


def test_body_read_whole_before_the_app_runs_in_a_thread():
    app = Recorder(b'{"hostname": "web-1"}')
    scope = http_scope(
        path=b'/v1/a%2Fb', query=b'x=1',
        headers=[(b'content-type', b'application/json'),
                 (b'content-length', b'8'), (b'x-auth-token', b't-1'),
                 (b'accept', b'application/json'),
                 (b'accept', b'text/plain')])
    sent = serve(app, scope, receiving(body_message(b'{"a":', more=True),
                                       body_message(b' 1}')))
    assert app.body == b'{"a": 1}'
    assert app.thread.startswith('novajoin-request')
    environ = app.environ
    assert (environ['REQUEST_METHOD'], environ['PATH_INFO'],
            environ['QUERY_STRING'], environ['SCRIPT_NAME']) == (
        'POST', '/v1/a/b', 'x=1', '')
    assert (environ['CONTENT_TYPE'], environ['CONTENT_LENGTH'],
            environ['HTTP_X_AUTH_TOKEN'], environ['HTTP_ACCEPT']) == (
        'application/json', '8', 't-1', 'application/json,text/plain')
    assert (environ['SERVER_NAME'], environ['SERVER_PORT'],
            environ['REMOTE_ADDR'], environ['SERVER_PROTOCOL'],
            environ['wsgi.url_scheme']) == (
        '127.0.0.1', '9090', '127.0.0.2', 'HTTP/1.1', 'http')
    assert sent == [
        {'type': 'http.response.start', 'status': 200,
         'headers': [(b'content-type', b'application/json'),
                     (b'x-openstack-request-id', b'req-1')]},
        {'type': 'http.response.body', 'body': b'{"hostname": "web-1"}'}]


def test_no_more_than_the_limit_is_read():
    app = Recorder()
    receive = receiving(*[body_message(b'x' * 40, more=True)] * 10)
    serve(app, http_scope(), receive, body_limit=100)
    assert app.body == b'x' * 100
    assert len(receive.calls) == 3


def test_body_not_sent_in_time_is_408_in_one_line(caplog):
    app = Recorder()
    with caplog.at_level(logging.INFO):
        sent = serve(app, http_scope(path=b'/v1%0Aforged'),
                     receiving(body_message(b'{', True)), body_timeout=0.1)
    assert app.environ is None
    assert sent[0]['status'] == 408
    error = json.loads(sent[1]['body'])['error']
    assert error['code'] == 408 and 'not received within' in error[
        'message']
    [record] = caplog.records
    assert record.getMessage() == (
        'Refused POST /v1%0Aforged: request body not received within 0 s')


def test_client_gone_before_its_body_is_a_quiet_close(caplog):
    app = Recorder()
    with caplog.at_level(logging.INFO):
        sent = serve(app, http_scope(), receiving(
            body_message(b'{', True), {'type': 'http.disconnect'}))
    assert sent == [] and app.environ is None
    assert not caplog.records


def test_websocket_is_refused():
    sent = serve(Recorder(), {'type': 'websocket', 'path': '/v1'},
                 receiving({'type': 'websocket.connect'}))
    assert sent == [{'type': 'websocket.close'}]


def test_slow_body_holds_no_thread():
    """With one thread, a request answered while another one's body is
    still on its way."""
    app = Recorder()
    bridge = buffered.BufferedWSGI(app, 1, 5, 100)
    sent = []

    async def send(message):
        sent.append(message)

    async def both():
        slow = asyncio.ensure_future(bridge(
            http_scope(), receiving(body_message(b'{', True)), send))
        await bridge(http_scope(), receiving(body_message(b'{}')), send)
        done = list(sent)
        slow.cancel()
        return done

    answered = asyncio.run(both())
    assert [message.get('status') for message in answered] == [200, None]
