"""Control API of the emulator, on a port of its own so that it answers
while the IPA port refuses connections.

``POST /<operation>`` (GET for the ones without arguments) with the
keyword arguments as a JSON object; the answer is ``{"result": ...}``,
or ``{"error": ...}`` with status 400.
"""

import json

import requests
from ipalib import errors

OPERATIONS = ('reset', 'keep_as_baseline', 'counters', 'expire_sessions',
              'set_session_lifetime', 'fault', 'enroll', 'add_host', 'dump',
              'call')


class ControlApplication:
    """WSGI application of the control port."""

    def __init__(self, emulator):
        self.emulator = emulator

    def __call__(self, environ, start_response):
        name = environ.get('PATH_INFO', '').strip('/')
        if name not in OPERATIONS:
            return self._answer(start_response, '404 Not Found',
                                {'error': 'no operation %r' % name})
        try:
            length = int(environ.get('CONTENT_LENGTH') or 0)
            body = environ['wsgi.input'].read(length) if length else b''
            kwargs = json.loads(body) if body else {}
            if not isinstance(kwargs, dict):
                raise ValueError('arguments must be a JSON object')
            if name == 'call':
                result = self.emulator.call(
                    kwargs['method'], *kwargs.get('args', ()),
                    **kwargs.get('options', {}))
            else:
                result = getattr(self.emulator, name)(**kwargs)
        except errors.PublicError as e:
            return self._answer(start_response, '400 Bad Request', {
                'error': {'code': e.errno, 'name': type(e).__name__,
                          'message': e.strerror}})
        except (KeyError, TypeError, ValueError) as e:
            return self._answer(start_response, '400 Bad Request',
                                {'error': str(e)})
        return self._answer(start_response, '200 OK', {'result': result})

    @staticmethod
    def _answer(start_response, status, document):
        body = json.dumps(document).encode('utf-8')
        start_response(status, [('Content-Type', 'application/json'),
                                ('Content-Length', str(len(body)))])
        return [body]


class ControlError(Exception):
    """The control API refused an operation."""


class ControlClient:
    """The emulator's control operations over HTTP, for an emulator that
    runs in another process (``novajoin-ipa-emulator``)."""

    def __init__(self, control_url, timeout=10):
        self.url = control_url.rstrip('/') + '/'
        self.timeout = timeout
        self._session = requests.Session()

    def _do(self, name, **kwargs):
        response = self._session.post(self.url + name, json=kwargs,
                                      timeout=self.timeout)
        document = response.json()
        if response.status_code != 200:
            raise ControlError(document.get('error'))
        return document['result']

    def reset(self, fresh=False):
        return self._do('reset', fresh=fresh)

    def keep_as_baseline(self):
        return self._do('keep_as_baseline')

    def counters(self):
        return self._do('counters')

    def expire_sessions(self):
        return self._do('expire_sessions')

    def set_session_lifetime(self, seconds):
        return self._do('set_session_lifetime', seconds=seconds)

    def fault(self, kind, duration=None, value=None):
        return self._do('fault', kind=kind, duration=duration, value=value)

    def enroll(self, fqdn):
        return self._do('enroll', fqdn=fqdn)

    def add_host(self, fqdn, **attrs):
        return self._do('add_host', fqdn=fqdn, **attrs)

    def dump(self):
        return self._do('dump')

    def call(self, method, *args, **options):
        return self._do('call', method=method, args=list(args),
                        options=options)
