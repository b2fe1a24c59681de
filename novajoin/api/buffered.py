"""novajoin-server's WSGI application behind gunicorn's asgi worker.

gunicorn's gthread worker gives a connection a thread as soon as its
first byte arrives, and the thread then waits for the rest: a few dozen
clients that send slowly hold every thread, and nova's requests wait
behind them. The asgi worker reads requests on its event loop instead;
BufferedWSGI reads the body there too, whole and within a deadline, and
only then runs the WSGI application in a thread of its pool. A client
that sends slowly holds a socket, never a thread.
"""

import asyncio
import concurrent.futures
import io
import sys
from urllib import parse

from oslo_log import log as logging

from novajoin.api import hooks

LOG = logging.getLogger(__name__)

# The headers that WSGI names without the HTTP_ prefix (PEP 3333)
UNPREFIXED_HEADERS = {'content-type': 'CONTENT_TYPE',
                      'content-length': 'CONTENT_LENGTH'}


class ClientGone(Exception):
    """The client went away before its request was whole."""


class BufferedWSGI:
    """An ASGI application that serves a WSGI one: each request's body is
    read whole, at most body_limit bytes of it and within body_timeout
    seconds, before one of threads threads runs the WSGI application on
    it; the answer goes out once the application returned it whole."""

    def __init__(self, app, threads, body_timeout, body_limit):
        self.app = app
        self.body_timeout = body_timeout
        self.body_limit = body_limit
        self.pool = concurrent.futures.ThreadPoolExecutor(
            threads, thread_name_prefix='novajoin-request')

    async def __call__(self, scope, receive, send):
        if scope['type'] != 'http':
            # A WebSocket upgrade: closed before it is accepted, which
            # gunicorn answers with 403.
            await send({'type': 'websocket.close'})
            return
        # as received, still percent-encoded: one line in the log
        path = scope['raw_path'].decode('latin-1')
        try:
            body = await asyncio.wait_for(
                read_body(receive, self.body_limit), self.body_timeout)
        except ClientGone:
            LOG.debug('%s %s: the client went away before its request '
                      'was whole', scope['method'], path)
            return
        except asyncio.TimeoutError:
            message = ('request body not received within %d s'
                       % self.body_timeout)
            LOG.info('Refused %s %s: %s', scope['method'], path, message)
            response = hooks.error_response(408, message)
            await send_response(send, response.status_code,
                                response.headerlist, response.body)
            return
        status, headers, content = await asyncio.get_running_loop(
        ).run_in_executor(self.pool, call_wsgi, self.app,
                          wsgi_environ(scope, body))
        await send_response(send, status, headers, content)


async def read_body(receive, limit):
    """The request's body, no more than its first limit bytes; ClientGone
    when the client goes away first."""
    chunks = []
    size = 0
    more = True
    while more and size < limit:
        message = await receive()
        if message['type'] == 'http.disconnect':
            raise ClientGone()
        chunk = message.get('body', b'')
        chunks.append(chunk)
        size += len(chunk)
        more = message.get('more_body', False)
    return b''.join(chunks)[:limit]


def wsgi_environ(scope, body):
    """The WSGI environ (PEP 3333) of an ASGI HTTP request and its body."""
    server_host, server_port = scope['server']
    client_host, client_port = scope['client']
    environ = {
        'REQUEST_METHOD': scope['method'],
        'SCRIPT_NAME': scope.get('root_path', ''),
        # WSGI strings are bytes decoded as latin-1
        'PATH_INFO': parse.unquote_to_bytes(scope['raw_path']).decode(
            'latin-1'),
        'QUERY_STRING': scope['query_string'].decode('latin-1'),
        'SERVER_NAME': server_host,
        'SERVER_PORT': str(server_port),
        'SERVER_PROTOCOL': 'HTTP/%s' % scope['http_version'],
        'REMOTE_ADDR': client_host,
        'REMOTE_PORT': str(client_port),
        'wsgi.version': (1, 0),
        'wsgi.url_scheme': scope['scheme'],
        'wsgi.input': io.BytesIO(body),
        # the input ends where the body does, announced or not (chunked)
        'wsgi.input_terminated': True,
        'wsgi.errors': sys.stderr,
        'wsgi.multithread': True,
        'wsgi.multiprocess': True,
        'wsgi.run_once': False,
    }
    for name, value in scope['headers']:
        name = name.decode('latin-1')
        key = UNPREFIXED_HEADERS.get(
            name, 'HTTP_' + name.upper().replace('-', '_'))
        value = value.decode('latin-1')
        environ[key] = environ[key] + ',' + value if key in environ else value
    return environ


def call_wsgi(app, environ):
    """Run the WSGI application on environ: (status code, headers, body)
    of its answer."""
    started = []
    written = []

    def start_response(status, headers, exc_info=None):
        # Nothing is sent before the application returns, so a later call
        # (with exc_info, PEP 3333) replaces what an earlier one said.
        started[:] = [status, headers]
        return written.append

    result = app(environ, start_response)
    try:
        written.extend(result)
    finally:
        if hasattr(result, 'close'):
            result.close()
    status, headers = started
    return int(status.split(' ', 1)[0]), headers, b''.join(written)


async def send_response(send, status, headers, body):
    await send({'type': 'http.response.start', 'status': status,
                'headers': [(name.lower().encode('latin-1'),
                             value.encode('latin-1'))
                            for name, value in headers]})
    await send({'type': 'http.response.body', 'body': body})
