"""Unit tests of the JSON-RPC transport against a small fake IPA server.

The fake speaks HTTP(S) on loopback so that the real HTTP stacks (urllib3
for the calls, requests for the logins: headers, cookies, connection pool,
TLS, failures) are exercised. Its Kerberos login takes a fixed token from a
stand-in for HTTPSPNEGOAuth; real SPNEGO with a KDC is covered by the
functional tests.
"""

import datetime
import http.server
import json
import ssl
import threading
import time
from urllib import parse

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
import pytest

from novajoin.ipa import errors
from novajoin.ipa import kerberos
from novajoin.ipa import transport

API_VERSION = transport.API_VERSION


class FakeIPAError(Exception):
    def __init__(self, code, name, message, data=None):
        super().__init__(message)
        self.error = {'code': code, 'name': name, 'message': message,
                      'data': data or {}}


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # Room for the connections of many client threads at once.
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # Clients that gave up (timeouts, dropped connections) are expected.
        pass


class FakeIPAServer:
    """Just enough of FreeIPA's HTTP side: the two logins and session/json.

    ``methods`` maps a command name to ``f(args, options)`` returning the
    result object or raising FakeIPAError. ``faults`` is a list of what to
    do with the next requests instead of answering: an HTTP status, or
    ``'drop'`` to close the connection without an answer. With
    ``tls_context`` it speaks HTTPS, with the context's certificate.
    """

    password = 'Secret123'

    def __init__(self, tls_context=None):
        self.tls_context = tls_context
        self.lock = threading.Lock()
        self.sessions = set()
        self.logins = 0
        self.login_attempts = 0
        self.login_delay = 0
        self.json_requests = 0
        self.unauthorized = 0
        self.faults = []
        self.received = []
        self.login_forms = []
        self.renew_cookie = False
        # More Set-Cookie headers for the JSON answers.
        self.other_cookies = []
        # Close each connection after its answer, as for an idle timeout:
        # the client is not told that the connection will not be kept.
        self.close_after_answer = False
        # Client ports: of each JSON request, of each connection that ended.
        self.json_connections = []
        self.ended_connections = []
        self.methods = {
            'ping': lambda args, options: {
                'summary': 'IPA server version 4.13.1. API version 2.257'},
        }
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'
            # Headers and body in one segment: no wait for a delayed ACK.
            wbufsize = -1

            def log_message(self, *args):
                pass

            def setup(self):
                if server.tls_context is not None:
                    self.request = server.tls_context.wrap_socket(
                        self.request, server_side=True)
                super().setup()

            def do_POST(self):
                body = self.rfile.read(int(self.headers['Content-Length']))
                server.handle(self, body)
                if server.close_after_answer:
                    self.close_connection = True

            def finish(self):
                super().finish()
                # Closed now rather than after this method, so that the
                # client sees the end once it is recorded.
                self.request.close()
                server.ended_connections.append(self.client_address[1])

        self.httpd = _Server(('127.0.0.1', 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={'poll_interval': 0.05},
                                       daemon=True)
        self.thread.start()

    @property
    def port(self):
        return self.httpd.server_address[1]

    @property
    def url(self):
        scheme = 'https' if self.tls_context else 'http'
        return '%s://localhost:%d/ipa/json' % (scheme, self.port)

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def expire_sessions(self):
        with self.lock:
            self.sessions.clear()

    def handle(self, request, body):
        with self.lock:
            fault = self.faults.pop(0) if self.faults else None
            if request.path == transport.JSON_PATH:
                self.json_requests += 1
                self.json_connections.append(request.client_address[1])
            else:
                self.login_attempts += 1
        if fault == 'drop':
            request.close_connection = True
            request.connection.shutdown(2)
            return
        if fault is not None:
            return self.answer(request, fault, b'fault', 'text/plain')
        if request.path == '/ipa/session/login_password':
            return self.login(request, body)
        if request.path == '/ipa/session/login_kerberos':
            return self.login_kerberos(request)
        if request.path == transport.JSON_PATH:
            return self.json(request, body)
        return self.answer(request, 404, b'not found', 'text/plain')

    def login(self, request, body):
        form = dict(parse.parse_qsl(body.decode()))
        self.login_forms.append((request.headers.get('Content-Type'), form))
        if form.get('password') != self.password:
            return self.answer(request, 401, b'', 'text/plain',
                               [('X-IPA-Rejection-Reason',
                                 'invalid-password')])
        time.sleep(self.login_delay)
        with self.lock:
            self.logins += 1
            cookie = 'MagBearerToken=session-%d' % self.logins
            self.sessions.add(cookie)
        self.answer(request, 200, b'', 'text/plain', [
            ('Set-Cookie', 'ipa_session=%s; Path=/ipa; HttpOnly; Secure'
             % cookie)])

    def login_kerberos(self, request):
        self.login_forms.append((request.headers.get('Referer'),
                                 request.headers.get('Authorization')))
        if request.headers.get('Authorization') != 'Negotiate dG9rZW4=':
            return self.answer(request, 401, b'', 'text/html',
                               [('WWW-Authenticate', 'Negotiate')])
        with self.lock:
            self.logins += 1
            cookie = 'MagBearerToken=kerberos-%d' % self.logins
            self.sessions.add(cookie)
        self.answer(request, 200, b'', 'text/html', [
            ('Set-Cookie', 'ipa_session=%s;path=/ipa;httponly;' % cookie)])

    def json(self, request, body):
        cookie = (request.headers.get('Cookie') or '').partition(
            'ipa_session=')[2]
        with self.lock:
            valid = cookie in self.sessions
            if not valid:
                self.unauthorized += 1
        if not valid:
            return self.answer(request, 401, b'', 'text/html')
        payload = json.loads(body)
        self.received.append((dict(request.headers), payload))
        args, options = payload['params']
        try:
            handler = self.methods[payload['method']]
        except KeyError:
            error = FakeIPAError(905, 'CommandError', "unknown command '%s'"
                                 % payload['method'], {'name': 'x'}).error
            result = None
        else:
            try:
                result, error = handler(args, options), None
            except FakeIPAError as exc:
                result, error = None, exc.error
        headers = [('Set-Cookie', other) for other in self.other_cookies]
        if self.renew_cookie:
            renewed = cookie + '-renewed'
            with self.lock:
                self.sessions.add(renewed)
            # Among the other cookies when there are several.
            headers.insert(1, ('Set-Cookie',
                               'ipa_session=%s; Path=/ipa' % renewed))
        answer = {'result': result, 'error': error, 'id': payload['id'],
                  'principal': 'admin@EXAMPLE.TEST', 'version': '4.13.1'}
        self.answer(request, 200, json.dumps(answer).encode(),
                    'application/json', headers)

    @staticmethod
    def answer(request, status, body, content_type, headers=()):
        request.send_response(status)
        request.send_header('Content-Type', content_type)
        request.send_header('Content-Length', str(len(body)))
        for name, value in headers:
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)


@pytest.fixture
def server():
    fake = FakeIPAServer()
    yield fake
    fake.stop()


def make_transport(server_url, password=FakeIPAServer.password,
                   connect_retries=2, retry_delay=0, timeout=5, ca_cert=None):
    return transport.JSONRPCTransport(
        server_url, transport.PasswordLogin('admin', password),
        ca_cert=ca_cert, connect_retries=connect_retries,
        retry_delay=retry_delay, timeout=timeout)


def wait_for(condition, timeout=5):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, 'timed out'
        time.sleep(0.01)


class TestEncoding:
    def test_envelope_adds_the_api_version(self):
        assert transport.envelope('host_show', ['a.example.test'],
                                  {'all': True}, 7) == {
            'method': 'host_show',
            'params': [['a.example.test'],
                       {'all': True, 'version': API_VERSION}],
            'id': 7}

    def test_envelope_lets_the_caller_choose_the_version(self):
        request = transport.envelope('ping', options={'version': '2.51'})
        assert request['params'] == [[], {'version': '2.51'}]

    def test_loads_decodes_typed_values_recursively(self):
        text = json.dumps({'result': {
            'idnsname': [{'__dns_name__': 'www'}],
            'usercertificate': [{'__base64__': 'aGVsbG8='}],
            'krblastpwdchange': [{'__datetime__': '20240102030405Z'}],
            'nested': {'deeper': [[{'__dns_name__': 'example.test.'}]]},
            'plain': ['text', 1, None, True],
        }})
        assert transport.loads(text)['result'] == {
            'idnsname': ['www'],
            'usercertificate': [b'hello'],
            'krblastpwdchange': [datetime.datetime(
                2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)],
            'nested': {'deeper': [['example.test.']]},
            'plain': ['text', 1, None, True],
        }


class TestCalls:
    def test_call_sends_freeipa_json_rpc(self, server):
        client = make_transport(server.url)
        result = client.call('ping')
        assert result['summary'].startswith('IPA server version')
        headers, payload = server.received[0]
        assert headers['Referer'] == 'https://localhost/ipa'
        assert headers['Content-Type'] == 'application/json'
        assert headers['Accept'] == 'application/json'
        assert payload['method'] == 'ping'
        assert payload['params'] == [[], {'version': API_VERSION}]

    def test_request_ids_increase(self, server):
        client = make_transport(server.url)
        client.call('ping')
        client.call('ping')
        ids = [payload['id'] for _, payload in server.received]
        assert ids[1] > ids[0]

    def test_result_values_are_decoded(self, server):
        server.methods['dnsrecord_find'] = lambda args, options: {
            'result': [{'idnsname': [{'__dns_name__': 'www'}]}],
            'count': 1, 'truncated': False, 'summary': '1 record matched'}
        client = make_transport(server.url)
        result = client.call('dnsrecord_find', ['example.test'])
        assert result['result'] == [{'idnsname': ['www']}]

    def test_error_raises_the_ipalib_class_without_retry(self, server):
        def host_show(args, options):
            raise FakeIPAError(4001, 'NotFound', '%s: host not found'
                               % args[0], {'reason': 'gone'})
        server.methods['host_show'] = host_show
        client = make_transport(server.url)
        with pytest.raises(errors.ipa_errors.NotFound) as info:
            client.call('host_show', ['a.example.test'])
        assert str(info.value) == 'a.example.test: host not found'
        assert server.json_requests == 1

    def test_stats_count_json_requests_and_logins(self, server):
        client = make_transport(server.url)
        for _ in range(5):
            client.call('ping')
        assert client.stats == {'requests': 5, 'logins': 1}
        assert server.logins == 1


class TestSession:
    def test_logs_in_once_with_the_password_form(self, server):
        client = make_transport(server.url)
        client.call('ping')
        client.call('ping')
        assert server.logins == 1
        content_type, form = server.login_forms[0]
        assert content_type == 'application/x-www-form-urlencoded'
        assert form == {'user': 'admin', 'password': FakeIPAServer.password}

    def test_session_cookie_is_sent_on_http_although_secure(self, server):
        client = make_transport(server.url)
        client.call('ping')
        headers, _ = server.received[0]
        assert headers['Cookie'] == 'ipa_session=MagBearerToken=session-1'

    def test_expired_session_logs_in_again_once(self, server):
        client = make_transport(server.url)
        client.call('ping')
        server.expire_sessions()
        client.call('ping')
        assert server.logins == 2
        assert server.unauthorized == 1
        assert client.stats == {'requests': 3, 'logins': 2}

    def test_refused_twice_raises_authentication_error(self, server):
        client = make_transport(server.url)
        client.call('ping')
        server.methods['ping'] = None
        # Every session is refused, even a fresh one.
        server.sessions = _NeverContains()
        with pytest.raises(errors.IPAAuthenticationError) as info:
            client.call('ping')
        assert 'refused the session it just opened' in str(info.value)
        assert server.logins == 2

    def test_wrong_password_names_principal_not_password(self, server):
        client = make_transport(server.url, password='wrong-pass')
        with pytest.raises(errors.IPAAuthenticationError) as info:
            client.call('ping')
        message = str(info.value)
        assert 'password login of admin' in message
        assert 'invalid-password' in message
        assert 'wrong-pass' not in message
        assert server.login_attempts == 1
        assert client.stats == {'requests': 0, 'logins': 0}

    def test_renewed_cookie_is_adopted(self, server):
        server.renew_cookie = True
        client = make_transport(server.url)
        client.call('ping')
        client.call('ping')
        cookies = [headers['Cookie'] for headers, _ in server.received]
        assert cookies[1] == cookies[0] + '-renewed'
        assert server.logins == 1

    def test_renewed_cookie_is_found_among_other_cookies(self, server):
        server.renew_cookie = True
        server.other_cookies = ['ipa_lang=en; Path=/',
                                'ipa_hint=1; Path=/ipa; HttpOnly']
        client = make_transport(server.url)
        client.call('ping')
        client.call('ping')
        cookies = [headers['Cookie'] for headers, _ in server.received]
        assert cookies == ['ipa_session=MagBearerToken=session-1',
                           'ipa_session=MagBearerToken=session-1-renewed']

    def test_other_cookies_leave_the_session_alone(self, server):
        server.other_cookies = ['ipa_lang=en; Path=/']
        client = make_transport(server.url)
        client.call('ping')
        client.call('ping')
        cookies = [headers['Cookie'] for headers, _ in server.received]
        assert cookies == ['ipa_session=MagBearerToken=session-1'] * 2

    def test_concurrent_callers_share_one_login(self, server):
        client = make_transport(server.url)
        client.call('ping')
        server.expire_sessions()
        # A slow login keeps every thread waiting on the same renewal.
        server.login_delay = 0.3
        barrier = threading.Barrier(20)
        failures = []

        def worker():
            barrier.wait()
            try:
                for _ in range(10):
                    client.call('ping')
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert server.logins == 2
        assert client.stats['logins'] == 2
        assert client.stats['requests'] == 1 + 200 + server.unauthorized


class TestConnections:
    def test_sequential_calls_share_one_connection(self, server):
        client = make_transport(server.url)
        for _ in range(10):
            client.call('ping')
        assert len(set(server.json_connections)) == 1

    def test_concurrent_calls_open_a_connection_per_thread_at_most(
            self, server):
        client = make_transport(server.url)
        client.call('ping')

        def worker():
            for _ in range(10):
                client.call('ping')

        threads = [threading.Thread(target=worker) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert server.json_requests == 51
        assert len(set(server.json_connections)) <= 5

    def test_connection_closed_while_idle_is_not_an_outage(self, server):
        client = make_transport(server.url, connect_retries=0)
        client.call('ping')
        server.close_after_answer = True
        client.call('ping')
        wait_for(lambda: server.json_connections[-1] in
                 server.ended_connections)
        server.close_after_answer = False
        assert client.call('ping')['summary']
        assert server.json_requests == 3
        assert len(set(server.json_connections)) == 2

    def test_close_closes_the_connections(self, server):
        client = make_transport(server.url)
        client.call('ping')
        client.close()
        wait_for(lambda: server.json_connections[0] in
                 server.ended_connections)


class _NeverContains(set):
    def __contains__(self, item):
        return False


class TestRetries:
    def test_5xx_is_retried_then_unavailable(self, server):
        client = make_transport(server.url, connect_retries=2)
        client.call('ping')
        server.faults = [503, 503, 503]
        with pytest.raises(errors.IPAUnavailable) as info:
            client.call('ping')
        assert info.value.attempts == 3
        assert str(info.value).startswith(
            'IPA server %s unreachable after 3 attempts: HTTP 503'
            % server.url)
        assert server.json_requests == 1 + 3
        assert client.stats['requests'] == 1 + 3

    def test_transient_failure_then_success(self, server):
        client = make_transport(server.url, connect_retries=2)
        server.faults = [500, 'drop']
        assert client.call('ping')['summary']
        # The first login answered 500, the second was dropped.
        assert server.login_attempts == 3
        assert server.logins == 1
        assert server.json_requests == 1
        assert client.stats == {'requests': 1, 'logins': 1}

    def test_dropped_requests_are_retried_but_not_counted(self, server):
        client = make_transport(server.url, connect_retries=2)
        client.call('ping')
        server.faults = ['drop', 'drop']
        assert client.call('ping')['summary']
        assert server.json_requests == 1 + 3
        assert client.stats == {'requests': 2, 'logins': 1}

    def test_no_retries_means_one_attempt(self, server):
        client = make_transport(server.url, connect_retries=0)
        client.call('ping')
        server.faults = [502]
        with pytest.raises(errors.IPAUnavailable) as info:
            client.call('ping')
        assert info.value.attempts == 1
        assert server.json_requests == 2

    def test_refused_connections_are_retried(self, server):
        url = server.url
        server.stop()
        client = make_transport(url, connect_retries=3)
        with pytest.raises(errors.IPAUnavailable) as info:
            client.call('ping')
        assert info.value.attempts == 4
        assert 'Connection refused' in str(info.value)

    def test_timeouts_are_retried(self, server):
        client = make_transport(server.url, connect_retries=1, timeout=0.2)
        client.call('ping')
        server.methods['ping'] = lambda args, options: time.sleep(0.5)
        with pytest.raises(errors.IPAUnavailable) as info:
            client.call('ping')
        assert info.value.attempts == 2
        assert server.json_requests == 1 + 2

    def test_retries_wait_retry_delay(self, server, monkeypatch):
        delays = []
        monkeypatch.setattr(transport.time, 'sleep', delays.append)
        client = make_transport(server.url, connect_retries=2,
                                retry_delay=1.5)
        server.faults = [503, 503, 503]
        with pytest.raises(errors.IPAUnavailable):
            client.call('ping')
        assert delays == [1.5, 1.5]

    def test_http_4xx_is_not_retried(self, server):
        client = make_transport(server.url)
        client.call('ping')
        server.faults = [404]
        with pytest.raises(errors.IPAResponseError) as info:
            client.call('ping')
        assert 'HTTP 404' in str(info.value)
        assert server.json_requests == 2

    def test_login_refused_is_not_retried(self, server):
        client = make_transport(server.url, password='bad')
        with pytest.raises(errors.IPAAuthenticationError):
            client.call('ping')
        assert server.login_attempts == 1


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, key, issuer, issuer_key, extensions):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder()
               .subject_name(subject).issuer_name(issuer)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=1)))
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(issuer_key, hashes.SHA256())


class Certificates:
    """A test CA's certificate file, and server TLS contexts with the
    certificates it signed for localhost and for another host name."""

    def __init__(self, directory):
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = _name('Novajoin Test CA')
        ca = _certificate(ca_name, ca_key, ca_name, ca_key, [
            (x509.BasicConstraints(ca=True, path_length=None), True),
            (x509.KeyUsage(
                digital_signature=False, content_commitment=False,
                key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False), True),
            (x509.SubjectKeyIdentifier.from_public_key(
                ca_key.public_key()), False)])
        self.ca_file = str(directory / 'ca.crt')
        with open(self.ca_file, 'wb') as out:
            out.write(ca.public_bytes(serialization.Encoding.PEM))
        self.localhost = self._server_context(
            directory, 'localhost', ca_name, ca_key)
        self.other_host = self._server_context(
            directory, 'other.example.test', ca_name, ca_key)

    @staticmethod
    def _server_context(directory, host, ca_name, ca_key):
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = _certificate(_name(host), key, ca_name, ca_key, [
            (x509.SubjectAlternativeName([x509.DNSName(host)]), False),
            (x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), False)])
        chain = directory / ('%s.pem' % host)
        chain.write_bytes(
            key.private_bytes(serialization.Encoding.PEM,
                              serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()) +
            certificate.public_bytes(serialization.Encoding.PEM))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(chain)
        return context


@pytest.fixture(scope='module')
def certificates(tmp_path_factory):
    return Certificates(tmp_path_factory.mktemp('tls'))


@pytest.fixture
def tls_server(certificates):
    fake = FakeIPAServer(tls_context=certificates.localhost)
    yield fake
    fake.stop()


class TestTLS:
    def test_calls_are_verified_with_the_ca_file(self, certificates,
                                                 tls_server):
        client = make_transport(tls_server.url,
                                ca_cert=certificates.ca_file)
        assert client.call('ping')['summary']
        assert client.call('ping')['summary']
        assert tls_server.logins == 1
        assert len(set(tls_server.json_connections)) == 1

    def test_unknown_ca_is_refused_at_once(self, tls_server):
        client = make_transport(tls_server.url, connect_retries=2)
        with pytest.raises(errors.IPAUnavailable) as info:
            client.call('ping')
        assert info.value.attempts == 1
        assert 'TLS: ' in str(info.value)
        assert tls_server.login_attempts == 0

    def test_certificate_for_another_host_is_refused_at_once(
            self, certificates, tls_server):
        client = make_transport(tls_server.url, connect_retries=2,
                                ca_cert=certificates.ca_file)
        client.call('ping')
        # The next call needs a new connection, which gets a certificate
        # from the trusted CA, but for another name.
        tls_server.close_after_answer = True
        client.call('ping')
        wait_for(lambda: tls_server.json_connections[-1] in
                 tls_server.ended_connections)
        tls_server.tls_context = certificates.other_host
        with pytest.raises(errors.IPAUnavailable) as info:
            client.call('ping')
        assert info.value.attempts == 1
        assert 'TLS: ' in str(info.value)
        assert 'CERTIFICATE_VERIFY_FAILED' in str(info.value)
        assert tls_server.json_requests == 2

    def test_without_ca_file_login_and_calls_trust_the_system_store(
            self, certificates, tls_server, monkeypatch):
        # OpenSSL reads the system store from SSL_CERT_FILE when it is set.
        monkeypatch.setenv('SSL_CERT_FILE', certificates.ca_file)
        client = make_transport(tls_server.url)
        assert client.call('ping')['summary']
        assert tls_server.logins == 1


class FakeKeytabCredentials:
    principal = 'nova/controller.example.test@EXAMPLE.TEST'

    def __init__(self):
        self.gets = 0

    def get(self):
        self.gets += 1
        return 'credentials-%d' % self.gets


class RecordingSPNEGOAuth:
    """Stands for HTTPSPNEGOAuth: records its settings, sends a token."""

    made = []

    def __init__(self, **settings):
        self.settings = settings
        RecordingSPNEGOAuth.made.append(self)

    def __call__(self, request):
        request.headers['Authorization'] = 'Negotiate dG9rZW4='
        return request


class TestKerberosLogin:
    @pytest.fixture(autouse=True)
    def spnego(self, monkeypatch):
        RecordingSPNEGOAuth.made = []
        monkeypatch.setattr(transport.requests_gssapi, 'HTTPSPNEGOAuth',
                            RecordingSPNEGOAuth)

    def test_logs_in_at_login_kerberos_with_spnego(self, server):
        credentials = FakeKeytabCredentials()
        client = transport.JSONRPCTransport(
            server.url, transport.KerberosLogin(credentials))
        client.call('ping')
        client.call('ping')
        assert server.logins == 1
        assert server.login_forms == [('https://localhost/ipa',
                                       'Negotiate dG9rZW4=')]
        [auth] = RecordingSPNEGOAuth.made
        settings = auth.settings
        assert settings['creds'] == 'credentials-1'
        assert str(settings['target_name']) == 'HTTP@localhost'
        assert settings['mutual_authentication'] == (
            transport.requests_gssapi.OPTIONAL)
        headers, _ = server.received[0]
        assert headers['Cookie'] == 'ipa_session=MagBearerToken=kerberos-1'

    def test_each_login_asks_for_valid_credentials(self, server):
        credentials = FakeKeytabCredentials()
        client = transport.JSONRPCTransport(
            server.url, transport.KerberosLogin(credentials))
        client.call('ping')
        server.expire_sessions()
        client.call('ping')
        assert credentials.gets == 2
        assert [auth.settings['creds'] for auth in
                RecordingSPNEGOAuth.made] == ['credentials-1',
                                              'credentials-2']

    def test_unreachable_kdc_is_retried_as_unavailable(self, server):
        class NoKDC(FakeKeytabCredentials):
            def get(self):
                self.gets += 1
                raise kerberos.KDCUnavailable('no KDC answered for nova')

        credentials = NoKDC()
        client = transport.JSONRPCTransport(
            server.url, transport.KerberosLogin(credentials),
            connect_retries=1, retry_delay=0)
        with pytest.raises(errors.IPAUnavailable) as info:
            client.call('ping')
        assert info.value.attempts == 2
        assert credentials.gets == 2
        assert 'no KDC answered' in str(info.value)


def test_rejects_urls_that_are_not_http():
    with pytest.raises(ValueError):
        make_transport('ftp://ipa.example.test/ipa/json')


def test_referer_names_the_server_whatever_the_port_and_scheme(server):
    client = transport.JSONRPCTransport(
        'http://127.0.0.1:%d/ipa/json' % server.port,
        transport.PasswordLogin('admin', FakeIPAServer.password))
    client.call('ping')
    headers, _ = server.received[0]
    assert headers['Referer'] == 'https://127.0.0.1/ipa'
