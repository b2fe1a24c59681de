"""The IPA emulator over HTTP with a real KDC: SPNEGO, sessions,
password logins, the Referer check and the JSON-RPC envelope."""

import base64
import time
import uuid

import gssapi
import requests
import requests_gssapi


def credentials(principal, keytab):
    name = gssapi.Name(principal, gssapi.NameType.kerberos_principal)
    return gssapi.Credentials(
        name=name, usage='initiate',
        store={'client_keytab': keytab,
               'ccache': 'MEMORY:%s' % uuid.uuid4().hex})


class Client:
    """A bare FreeIPA JSON-RPC client for these tests."""

    def __init__(self, ipa, principal, keytab):
        self.ipa = ipa
        self.base = 'http://%s:%d/ipa' % (ipa.hostname, ipa.port)
        self.creds = credentials(principal, keytab)
        self.http = requests.Session()
        self.http.headers['Referer'] = 'https://%s/ipa' % ipa.hostname

    def negotiate(self):
        return requests_gssapi.HTTPSPNEGOAuth(creds=self.creds,
                                              opportunistic_auth=True)

    def login(self):
        return self.http.post(self.base + '/session/login_kerberos',
                              auth=self.negotiate())

    def post(self, path, method, *args, **options):
        options.setdefault('version', '2.257')
        return self.http.post(self.base + path, json={
            'method': method, 'params': [list(args), options], 'id': 1})

    def call(self, method, *args, **options):
        response = self.post('/session/json', method, *args, **options)
        assert response.status_code == 200, response.text
        return response.json()


def client(ipa, kdc):
    return Client(ipa, kdc.service_principal, kdc.service_keytab)


def test_login_kerberos_with_a_good_token(ipa, kdc):
    nova = client(ipa, kdc)
    response = nova.login()
    assert response.status_code == 200
    cookie = response.headers['Set-Cookie']
    assert cookie.startswith('ipa_session=MagBearerToken=')
    assert cookie.endswith(';path=/ipa;httponly;')
    assert response.headers['WWW-Authenticate'].startswith('Negotiate ')
    answer = nova.call('ping')
    assert answer['error'] is None
    assert answer['principal'] == kdc.service_principal
    assert ipa.counters()['logins'] == 1


def test_login_kerberos_without_a_token(ipa, kdc):
    response = requests.post(client(ipa, kdc).base +
                             '/session/login_kerberos')
    assert response.status_code == 401
    assert response.headers['WWW-Authenticate'] == 'Negotiate'
    assert 'Set-Cookie' not in response.headers
    assert ipa.counters()['unauthorized'] == 1


def test_login_kerberos_with_a_garbage_token(ipa, kdc):
    nova = client(ipa, kdc)
    for token in (base64.b64encode(b'garbage').decode(), '!!!'):
        response = nova.http.post(
            nova.base + '/session/login_kerberos',
            headers={'Authorization': 'Negotiate %s' % token})
        assert response.status_code == 401
    assert ipa.counters()['logins'] == 0


def test_token_for_another_service_is_refused(ipa, kdc):
    other_keytab = kdc.add_principal('HTTP/other.example.test',
                                     keytab=True)
    assert other_keytab
    nova = client(ipa, kdc)
    auth = requests_gssapi.HTTPSPNEGOAuth(
        creds=nova.creds, opportunistic_auth=True,
        target_name=gssapi.Name('HTTP@other.example.test',
                                gssapi.NameType.hostbased_service))
    response = nova.http.post(nova.base + '/session/login_kerberos',
                              auth=auth)
    assert response.status_code == 401


def test_session_json_needs_a_session(ipa, kdc):
    nova = client(ipa, kdc)
    response = nova.post('/session/json', 'ping')
    assert response.status_code == 401
    assert response.headers['WWW-Authenticate'] == 'Negotiate'
    nova.http.cookies.set('ipa_session', 'MagBearerToken=forged',
                          path='/ipa')
    assert nova.post('/session/json', 'ping').status_code == 401


def test_ipa_json_takes_negotiate_per_request_and_issues_a_cookie(ipa, kdc):
    nova = client(ipa, kdc)
    response = nova.http.post(
        nova.base + '/json', auth=nova.negotiate(),
        json={'method': 'ping', 'params': [[], {}], 'id': 1})
    assert response.status_code == 200
    assert response.json()['principal'] == kdc.service_principal
    assert 'ipa_session' in response.cookies
    assert nova.post('/session/json', 'ping').status_code == 200


def test_expire_sessions(ipa, kdc):
    nova = client(ipa, kdc)
    nova.login()
    assert nova.post('/session/json', 'ping').status_code == 200
    ipa.expire_sessions()
    assert nova.post('/session/json', 'ping').status_code == 401
    nova.login()
    assert nova.post('/session/json', 'ping').status_code == 200
    assert ipa.counters()['logins'] == 2


def test_session_lifetime(ipa, kdc):
    ipa.set_session_lifetime(1)
    nova = client(ipa, kdc)
    nova.login()
    assert nova.post('/session/json', 'ping').status_code == 200
    time.sleep(1.2)
    assert nova.post('/session/json', 'ping').status_code == 401
    ipa.reset()
    nova.login()
    time.sleep(1.2)
    assert nova.post('/session/json', 'ping').status_code == 200


def test_session_ends_with_the_ticket(ipa, kdc):
    keytab = kdc.add_principal('shortlived/%s' % kdc.hostname, keytab=True,
                               maxlife=2)
    short = Client(ipa, 'shortlived/%s@%s' % (kdc.hostname, kdc.realm),
                   keytab)
    assert short.login().status_code == 200
    assert short.post('/session/json', 'ping').status_code == 200
    # the acceptor honours the ticket for the realm's clock skew past its end
    time.sleep(2 + kdc.clockskew + 0.5)
    assert short.post('/session/json', 'ping').status_code == 401


def test_login_password(ipa, kdc):
    session = requests.Session()
    url = client(ipa, kdc).base + '/session/login_password'
    response = session.post(url, data={'user': 'admin',
                                       'password': kdc.admin_password})
    assert response.status_code == 200
    assert 'ipa_session' in session.cookies
    answer = session.post(
        url.replace('login_password', 'json'),
        headers={'Referer': 'https://%s/ipa' % ipa.hostname},
        json={'method': 'ping', 'params': [[], {}]}).json()
    assert answer['principal'] == kdc.admin_principal


def test_login_password_refused(ipa, kdc):
    url = client(ipa, kdc).base + '/session/login_password'
    response = requests.post(url, data={'user': 'admin', 'password': 'no'})
    assert response.status_code == 401
    assert response.headers['X-IPA-Rejection-Reason'] == 'invalid-password'
    assert 'Set-Cookie' not in response.headers
    response = requests.post(url, data={'user': 'nobody', 'password': 'no'})
    assert response.status_code == 401
    response = requests.post(url, data={'user': 'a@B@C', 'password': 'x'})
    assert response.status_code == 401
    assert response.headers['X-IPA-Rejection-Reason'] == 'denied'
    response = requests.post(url, data={'password': 'x'})
    assert response.status_code == 400
    assert 'no user specified' in response.text
    response = requests.post(url, json={'user': 'admin'})
    assert response.status_code == 400


def test_referer_is_checked(ipa, kdc):
    nova = client(ipa, kdc)
    nova.login()
    del nova.http.headers['Referer']
    response = nova.post('/session/json', 'ping')
    assert response.status_code == 200
    error = response.json()['error']
    assert error['code'] == 911
    assert error['name'] == 'RefererError'
    assert error['message'] == 'Missing or invalid HTTP Referer, missing'
    nova.http.headers['Referer'] = 'https://evil.example.test/ipa'
    error = nova.post('/session/json', 'ping').json()['error']
    assert error['message'] == ('Missing or invalid HTTP Referer, '
                                'https://evil.example.test/ipa')
    assert ipa.counters()['methods'] == {}


def test_json_rpc_errors_over_http(ipa, kdc):
    nova = client(ipa, kdc)
    nova.login()
    answer = nova.call('host_add', 'vm1.example.test')
    assert answer['result'] is None
    assert answer['error']['code'] == 4019
    assert answer['error']['name'] == 'DNSNotARecordError'
    answer = nova.call('nonsense')
    assert answer['error']['code'] == 905
    answer = nova.call('ping', version='9.0')
    assert answer['error']['name'] == 'VersionError'
    response = nova.http.post(nova.base + '/session/json', data='{"a"',
                              headers={'Content-Type': 'application/json'})
    assert response.json()['error']['code'] == 909
    response = nova.http.post(nova.base + '/session/json', data='x=1')
    assert response.json()['error']['message'] == (
        "unknown command 'session/json'")


def test_batch_counts_as_one_request(ipa, kdc):
    nova = client(ipa, kdc)
    nova.login()
    answer = nova.call('batch', [
        {'method': 'host_add', 'params': [['vm1.example.test'],
                                          {'force': True, 'random': True}]},
        {'method': 'host_show', 'params': [['vm9.example.test'], {}]}])
    results = answer['result']['results']
    assert answer['result']['count'] == 2
    assert results[0]['error'] is None
    assert results[0]['result']['has_password'] is True
    assert results[1]['error_code'] == 4001
    counters = ipa.counters()
    assert counters['requests'] == 1
    assert counters['methods'] == {'batch': 1, 'host_add': 1,
                                   'host_show': 1}


def test_session_logout(ipa, kdc):
    nova = client(ipa, kdc)
    nova.login()
    assert nova.call('session_logout')['error'] is None
    assert nova.post('/session/json', 'ping').status_code == 401


def test_unknown_path(ipa, kdc):
    response = requests.get(client(ipa, kdc).base + '/nothing')
    assert response.status_code == 404
