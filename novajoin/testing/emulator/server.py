"""The emulated FreeIPA web server and its Python API.

Routes and answers follow FreeIPA's Apache configuration
(install/conf/ipa.conf) and ipaserver/rpcserver.py: everything under
/ipa needs Kerberos (SPNEGO, or the session cookie mod_auth_gssapi
issues after it) except /ipa/session/login_password; the JSON-RPC
endpoints then check the Referer before running the call.
"""

import json
import logging
import socket
import threading
import time
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from cheroot import wsgi
from ipalib import errors
from ipalib.capabilities import VERSION_WITHOUT_CAPABILITIES
from ipalib.ipajson import json_encode_binary
from ipapython import kerberos
from ipapython.version import API_VERSION

from novajoin.testing.emulator import commands
from novajoin.testing.emulator import config  # noqa: F401 (commands)
from novajoin.testing.emulator import dnsrecords  # noqa: F401 (commands)
from novajoin.testing.emulator import rpc
from novajoin.testing.emulator.control import ControlApplication
from novajoin.testing.emulator.sessions import AuthenticationFailed
from novajoin.testing.emulator.sessions import Authenticator
from novajoin.testing.emulator.sessions import Sessions
from novajoin.testing.emulator.sessions import cookie_tokens
from novajoin.testing.emulator.sessions import set_cookie_header
from novajoin.testing.emulator.state import Directory

LOG = logging.getLogger(__name__)

FAULT_KINDS = ('refuse', 'http503', 'latency')

JSON_PATHS = {'/ipa/json': 'json', '/ipa/session/json': 'session/json'}
LOGIN_KERBEROS = '/ipa/session/login_kerberos'
LOGIN_PASSWORD = '/ipa/session/login_password'

HTML = 'text/html; charset=utf-8'
UNAUTHORIZED_PAGE = b'''<!DOCTYPE html>
<html>
<head><title>IPA: Identity Policy Audit</title></head>
<body><h1>Unable to verify your Kerberos credentials</h1></body>
</html>
'''
UNAVAILABLE_PAGE = b'''<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head><title>503 Service Unavailable</title></head><body>
<h1>Service Unavailable</h1>
<p>The server is temporarily unable to service your request due to
maintenance downtime or capacity problems. Please try again later.</p>
</body></html>
'''


def html_page(title, heading, message):
    """rpcserver's _unauthorized_template and friends."""
    return ('<html>\n<head>\n<title>%s</title>\n</head>\n<body>\n<h1>%s</h1>'
            '\n<p>\n<strong>%s</strong>\n</p>\n</body>\n</html>' % (
                title, heading, escape(message))).encode('utf-8')


def respond(start_response, status, headers, body):
    headers.append(('Content-Length', str(len(body))))
    start_response(status, headers)
    return [body]


def read_body(environ):
    try:
        length = int(environ.get('CONTENT_LENGTH'))
    except (TypeError, ValueError):
        return None
    return environ['wsgi.input'].read(length).decode('utf-8')


class IPAApplication:
    """WSGI application of the IPA port."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.referer_prefix = 'https://%s/ipa' % emulator.hostname

    def __call__(self, environ, start_response):
        emulator = self.emulator
        path = environ.get('PATH_INFO', '')
        if emulator.fault_active('http503'):
            emulator.count('faulted')
            return respond(start_response, '503 Service Unavailable',
                           [('Content-Type', 'text/html; charset=iso-8859-1'),
                            ('Connection', 'close')], UNAVAILABLE_PAGE)
        if path == LOGIN_PASSWORD:
            return self.login_password(environ, start_response)
        if path in JSON_PATHS or path == LOGIN_KERBEROS:
            principal, session, headers = self.authenticate(environ)
            if principal is None:
                emulator.count('unauthorized')
                headers += [('WWW-Authenticate', 'Negotiate'),
                            ('Content-Type', HTML)]
                return respond(start_response, '401 Unauthorized', headers,
                               UNAUTHORIZED_PAGE)
            if path == LOGIN_KERBEROS:
                return respond(start_response, '200 Success', headers, b'')
            return self.jsonrpc(environ, start_response, path, principal,
                                session, headers)
        url = environ.get('SCRIPT_NAME', '') + path
        return respond(start_response, '404 Not Found',
                       [('Content-Type', HTML)],
                       html_page('404 Not Found', 'Not Found',
                                 'The requested URL %s was not found on '
                                 'this server.' % url))

    def authenticate(self, environ):
        """mod_auth_gssapi: a live session cookie, else a SPNEGO token.

        Returns (principal or None, session token, response headers).
        """
        emulator = self.emulator
        for token in cookie_tokens(environ.get('HTTP_COOKIE', '')):
            principal = emulator.sessions.principal(token)
            if principal is not None:
                return principal, token, []
        authorization = environ.get('HTTP_AUTHORIZATION', '')
        scheme, _, token_b64 = authorization.partition(' ')
        if scheme.lower() != 'negotiate' or not token_b64.strip():
            return None, None, []
        try:
            principal, lifetime, output = emulator.authenticator.accept(
                token_b64.strip())
        except AuthenticationFailed as e:
            LOG.debug('SPNEGO refused: %s', e)
            return None, None, []
        session = emulator.sessions.open(principal, lifetime)
        emulator.count('logins')
        headers = [set_cookie_header(session)]
        if output:
            headers.append(('WWW-Authenticate', 'Negotiate %s' % output))
        return principal, session, headers

    def login_password(self, environ, start_response):
        """rpcserver.login_password."""
        emulator = self.emulator

        def bad_request(message):
            return respond(start_response, '400 Bad Request',
                           [('Content-Type', HTML)],
                           html_page('400 Bad Request', 'Bad Request',
                                     message))

        content_type = environ.get('CONTENT_TYPE', '').lower()
        if not content_type.startswith('application/x-www-form-urlencoded'):
            return bad_request(
                'Content-Type must be application/x-www-form-urlencoded')
        if environ.get('REQUEST_METHOD', '').upper() != 'POST':
            return bad_request('HTTP request method must be POST')
        query = parse_qs(read_body(environ) or '')
        fields = {}
        for field in ('user', 'password'):
            values = query.get(field)
            if values is None:
                return bad_request('no %s specified' % field)
            if len(values) != 1:
                return bad_request('more than one %s parameter' % field)
            fields[field] = values[0]
        try:
            kerberos.Principal(fields['user'])
        except ValueError:
            emulator.count('unauthorized')
            return respond(start_response, '401 Unauthorized',
                           [('Content-Type', HTML),
                            ('X-IPA-Rejection-Reason', 'denied')],
                           html_page('401 Unauthorized',
                                     'Invalid Authentication', ''))
        try:
            principal, lifetime = emulator.authenticator.check_password(
                fields['user'], fields['password'])
        except AuthenticationFailed as e:
            emulator.count('unauthorized')
            error = errors.InvalidSessionPassword(principal=fields['user'],
                                                  message=str(e))
            return respond(start_response, '401 Unauthorized',
                           [('Content-Type', HTML),
                            ('X-IPA-Rejection-Reason', e.reason)],
                           html_page('401 Unauthorized',
                                     'Invalid Authentication', str(error)))
        session = emulator.sessions.open(principal, lifetime)
        emulator.count('logins')
        return respond(start_response, '200 Success',
                       [set_cookie_header(session)], b'')

    def jsonrpc(self, environ, start_response, path, principal, session,
                headers):
        """WSGIExecutioner.wsgi_execute after authentication."""
        emulator = self.emulator
        body = read_body(environ)
        emulator.count('requests')
        referer = environ.get('HTTP_REFERER')
        if referer is None or not referer.startswith(self.referer_prefix):
            response = rpc.marshal(
                None, errors.RefererError(referer=referer or 'missing'),
                None, principal, VERSION_WITHOUT_CAPABILITIES)
            methods = []
        else:
            latency = emulator.latency()
            if latency:
                time.sleep(latency)
            if (environ.get('CONTENT_TYPE', '').startswith(
                    'application/json') and
                    environ.get('REQUEST_METHOD') == 'POST'):
                response, methods = rpc.execute(emulator, principal, body,
                                                session)
            else:
                response = rpc.marshal(
                    None, errors.CommandError(name=JSON_PATHS[path]), None,
                    principal, VERSION_WITHOUT_CAPABILITIES)
                methods = []
        emulator.count_methods(methods)
        headers.append(('Content-Type', 'application/json; charset=utf-8'))
        return respond(start_response, '200 Success', headers, response)


class Listener:
    """A cheroot server on one port, that can be closed and reopened."""

    def __init__(self, app, host, port, threads):
        self.app = app
        self.host = host
        self.port = port
        self.threads = threads
        self._server = None
        self._thread = None

    @property
    def is_open(self):
        return self._server is not None

    def open(self):
        if not self.port:
            # cheroot sets SO_REUSEADDR only on an explicit port, and
            # without it the connections of the first listener would
            # keep a reopened one (fault 'refuse') from binding
            with socket.socket() as probe:
                probe.bind((self.host, 0))
                self.port = probe.getsockname()[1]
        # Apache's default ListenBacklog: bursts of connections from many
        # workers must queue, not be reset
        server = wsgi.Server((self.host, self.port), self.app,
                             numthreads=self.threads, shutdown_timeout=1,
                             request_queue_size=511,
                             server_name='novajoin-ipa-emulator')
        server.prepare()
        self.port = server.bind_addr[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve, daemon=True,
                                        name='emulator-%d' % self.port)
        self._thread.start()

    def close(self):
        if self._server is None:
            return
        self._server.stop()
        self._thread.join()
        self._server = None
        self._thread = None


class IPAEmulator:
    """An in-process FreeIPA server for tests.

    ``hostname`` is the IPA server's name: clients reach it as
    ``HTTP@hostname`` and must send ``Referer: https://hostname/ipa``.
    ``keytab`` holds the ``HTTP/hostname`` key SPNEGO tokens are checked
    with.
    """

    def __init__(self, hostname='localhost', realm='EXAMPLE.TEST',
                 domain='example.test', keytab=None, host='127.0.0.1',
                 port=0, control_port=0, session_lifetime=1200, threads=16):
        self.hostname = hostname
        self.realm = realm
        self.domain = domain
        self.xmlrpc_uri = 'https://%s/ipa/xml' % hostname
        self.lock = threading.Lock()
        self.directory = Directory(realm, domain, hostname)
        self._baseline = None
        self.session_lifetime = session_lifetime
        self.sessions = Sessions(session_lifetime)
        self.authenticator = Authenticator(keytab)
        self._counter_lock = threading.Lock()
        self._counters = self._new_counters()
        self._fault_lock = threading.Lock()
        self._faults = {}
        self._reopen_timer = None
        self._started = False
        self._ipa = Listener(IPAApplication(self), host, port, threads)
        self._control = Listener(ControlApplication(self), host,
                                 control_port, 4)

    # lifecycle -------------------------------------------------------------

    def start(self):
        self._ipa.open()
        self._control.open()
        self._started = True
        LOG.info('IPA emulator serving %s, control at %s', self.url,
                 self.control_url)

    def stop(self):
        self._started = False
        self._cancel_reopen()
        self._ipa.close()
        self._control.close()

    @property
    def port(self):
        return self._ipa.port

    @property
    def control_port(self):
        return self._control.port

    @property
    def url(self):
        return 'http://%s:%d/ipa/json' % (self.hostname, self._ipa.port)

    @property
    def control_url(self):
        return 'http://%s:%d/' % (self._control.host, self._control.port)

    # counters ---------------------------------------------------------------

    @staticmethod
    def _new_counters():
        return {'requests': 0, 'logins': 0, 'methods': {},
                'unauthorized': 0, 'faulted': 0}

    def count(self, name):
        with self._counter_lock:
            self._counters[name] += 1

    def count_methods(self, names):
        if not names:
            return
        with self._counter_lock:
            methods = self._counters['methods']
            for name in names:
                methods[name] = methods.get(name, 0) + 1

    def counters(self):
        """JSON-RPC requests (a batch is one), logins (new sessions made
        by SPNEGO or password), calls per method (the calls inside a
        batch included), 401 answers, and requests a fault turned away."""
        with self._counter_lock:
            counters = dict(self._counters)
            counters['methods'] = dict(counters['methods'])
        return counters

    # faults -----------------------------------------------------------------

    def fault(self, kind, duration=None, value=None):
        """Inject a fault until cleared or for ``duration`` seconds.

        refuse: the IPA port is closed (connections are refused) and
        reopened on the same port; http503: every IPA request is answered
        503; latency: ``value`` seconds are added to each JSON-RPC call;
        clear: ends all faults.
        """
        if kind == 'clear':
            with self._fault_lock:
                self._faults.clear()
            self._reopen()
            return
        if kind not in FAULT_KINDS:
            raise ValueError('unknown fault %r' % kind)
        if kind == 'latency' and value is None:
            raise ValueError('latency needs a value in seconds')
        expires = None if duration is None else time.monotonic() + duration
        with self._fault_lock:
            self._faults[kind] = (value, expires)
        if kind == 'refuse':
            self._cancel_reopen()
            self._ipa.close()
            if duration is not None:
                self._reopen_timer = threading.Timer(duration, self._reopen)
                self._reopen_timer.daemon = True
                self._reopen_timer.start()

    def _live_fault(self, kind):
        """(value, expiry) of a fault that is on, else None."""
        fault = self._faults.get(kind)
        if fault is not None and fault[1] is not None and (
                time.monotonic() >= fault[1]):
            with self._fault_lock:
                self._faults.pop(kind, None)
            return None
        return fault

    def fault_active(self, kind):
        return self._live_fault(kind) is not None

    def latency(self):
        fault = self._live_fault('latency')
        return fault[0] if fault else 0

    def _cancel_reopen(self):
        if self._reopen_timer is not None:
            self._reopen_timer.cancel()
            self._reopen_timer = None

    def _reopen(self):
        with self._fault_lock:
            self._faults.pop('refuse', None)
        if self._started and not self._ipa.is_open:
            self._ipa.open()

    # state ------------------------------------------------------------------

    def reset(self, fresh=False):
        """Back to the baseline kept by keep_as_baseline(), else (or with
        ``fresh``) to a fresh server: the domain's zone, no hosts,
        FreeIPA's own permissions, privileges and roles. No faults, no
        sessions (and their first lifetime), counters at zero."""
        self.fault('clear')
        with self.lock:
            if self._baseline is None or fresh:
                self.directory.reset()
            else:
                self.directory.restore(self._baseline)
        self.sessions.expire_all()
        self.sessions.set_lifetime(self.session_lifetime)
        with self._counter_lock:
            self._counters = self._new_counters()

    def keep_as_baseline(self):
        """Make what the directory holds now the state reset() returns
        to: a realm set up as an operator sets it up, for every test."""
        with self.lock:
            self._baseline = self.directory.snapshot()

    def expire_sessions(self):
        self.sessions.expire_all()

    def set_session_lifetime(self, seconds):
        self.sessions.set_lifetime(seconds)

    def enroll(self, fqdn):
        """What ipa-client-install does: a keytab, the OTP gone."""
        fqdn = fqdn.lower().rstrip('.')
        with self.lock:
            if fqdn not in self.directory.hosts:
                raise errors.NotFound(reason='%s: host not found' % fqdn)
            self.directory.enroll(fqdn)

    def add_host(self, fqdn, **attrs):
        """Seed a host: description, userpassword (an OTP), has_keytab,
        userclass, nshostlocation, nsosversion, l, managedby,
        usercertificate (base64 DER)."""
        with self.lock:
            commands.add_host(self.directory, fqdn, **attrs)

    def dump(self):
        with self.lock:
            return self.directory.dump()

    def call(self, method, *args, **options):
        """Run a command as admin, bypassing HTTP; returns its result as
        a client reads it from the wire.  Raises ipalib errors."""
        return self.call_as('admin@%s' % self.realm, method, *args,
                            **options)

    def call_as(self, principal, method, *args, **options):
        """Run a command as ``principal``, with its rights, bypassing
        HTTP and Kerberos."""
        options.setdefault('version', API_VERSION)
        call = rpc.Call(self, principal, options['version'])
        with self.lock:
            result = call.run(method, args, options)
        return json.loads(json_encode_binary(result, options['version']))
