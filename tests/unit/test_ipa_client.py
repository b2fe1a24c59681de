"""Unit tests of the typed IPA operations and batch parsing."""

import dataclasses

import pytest

from novajoin.ipa import client as ipa_client
from novajoin.ipa import errors
from novajoin.ipa import transport

ipa_errors = errors.ipa_errors


class FakeTransport:
    """Records calls and answers them from ``outputs`` (method -> output)."""

    def __init__(self, outputs=None):
        self.outputs = {} if outputs is None else outputs
        self.sent = []

    def call(self, method, args=(), options=None):
        self.sent.append((method, list(args), dict(options or {})))
        output = self.outputs[method]
        if isinstance(output, Exception):
            raise output
        return output

    @property
    def stats(self):
        return {'requests': len(self.sent), 'logins': 1}

    def close(self):
        pass


def make_client(outputs=None):
    client = ipa_client.IPAClient('https://ipa.example.test/ipa/json',
                                  principal='admin', password='pw')
    client._transport = FakeTransport(outputs)
    return client


HOST = {'fqdn': ['web.example.test'], 'has_keytab': False}


class TestConstruction:
    def test_needs_a_principal(self):
        with pytest.raises(ValueError):
            ipa_client.IPAClient('https://ipa.example.test/ipa/json',
                                 keytab='/etc/novajoin/krb5.keytab')

    def test_needs_a_keytab_or_a_password(self):
        with pytest.raises(ValueError):
            ipa_client.IPAClient('https://ipa.example.test/ipa/json',
                                 principal='nova/x@EXAMPLE.TEST')

    def test_password_login_wins_over_keytab(self):
        client = ipa_client.IPAClient('https://ipa.example.test/ipa/json',
                                      principal='admin', password='pw',
                                      keytab='/nonexistent')
        assert isinstance(client._transport.login_method,
                          transport.PasswordLogin)

    def test_keytab_login(self):
        client = ipa_client.IPAClient('https://ipa.example.test/ipa/json',
                                      principal='nova/c.example.test@X',
                                      keytab='/etc/novajoin/krb5.keytab',
                                      connect_retries=5, retry_delay=0.5,
                                      timeout=7)
        login = client._transport.login_method
        assert isinstance(login, transport.KerberosLogin)
        assert login.credentials.keytab == '/etc/novajoin/krb5.keytab'
        assert client._transport.connect_retries == 5
        assert client._transport.retry_delay == 0.5
        assert client._transport.timeout == 7

    def test_from_conf_completes_the_principal_with_the_realm(self):
        @dataclasses.dataclass
        class Settings:
            url = 'https://ipa.example.test/ipa/json'
            principal = 'nova/controller.example.test'
            keytab = '/etc/novajoin/krb5.keytab'
            ca_cert = '/etc/ipa/ca.crt'
            realm = 'EXAMPLE.TEST'
            connect_retries = 4
            retry_delay = 2.0

        client = ipa_client.IPAClient.from_conf(Settings())
        assert client.principal == 'nova/controller.example.test@EXAMPLE.TEST'
        assert client._transport.connect_retries == 4
        assert client._transport._http.verify == '/etc/ipa/ca.crt'

    def test_password_is_not_in_repr(self):
        client = ipa_client.IPAClient('https://ipa.example.test/ipa/json',
                                      principal='admin', password='s3cr3t')
        assert 's3cr3t' not in repr(client)
        assert 's3cr3t' not in repr(client._transport.login_method)


class TestTypedCalls:
    @pytest.mark.parametrize('build, method, args, options', [
        (lambda c: c.host_add('h.test', random=True), 'host_add',
         ['h.test'], {'random': True}),
        (lambda c: c.host_mod('h.test', userclass='web'), 'host_mod',
         ['h.test'], {'userclass': 'web'}),
        (lambda c: c.host_del('h.test', updatedns=False), 'host_del',
         ['h.test'], {'updatedns': False}),
        (lambda c: c.host_show('h.test'), 'host_show', ['h.test'], {}),
        (lambda c: c.host_find(), 'host_find', [], {}),
        (lambda c: c.host_find('web', in_hostgroup='g'), 'host_find',
         ['web'], {'in_hostgroup': 'g'}),
        (lambda c: c.service_add('HTTP/h.test', force=True), 'service_add',
         ['HTTP/h.test'], {'force': True}),
        (lambda c: c.service_add_host('HTTP/h.test', host='a.test'),
         'service_add_host', ['HTTP/h.test'], {'host': ['a.test']}),
        (lambda c: c.service_add_host('HTTP/h.test', ('a.test', 'b.test')),
         'service_add_host', ['HTTP/h.test'],
         {'host': ['a.test', 'b.test']}),
        (lambda c: c.service_show('HTTP/h.test'), 'service_show',
         ['HTTP/h.test'], {}),
        (lambda c: c.service_find(man_by_host='h.test'), 'service_find',
         [], {'man_by_host': 'h.test'}),
        (lambda c: c.service_del('HTTP/h.test'), 'service_del',
         ['HTTP/h.test'], {}),
        (lambda c: c.dnsrecord_add('example.test', 'h',
                                   a_part_ip_address='192.0.2.1'),
         'dnsrecord_add', ['example.test', 'h'],
         {'a_part_ip_address': '192.0.2.1'}),
        (lambda c: c.dnsrecord_del('example.test', 'h',
                                   arecord=['192.0.2.1']),
         'dnsrecord_del', ['example.test', 'h'], {'arecord': ['192.0.2.1']}),
        (lambda c: c.dnsrecord_find('example.test', arecord='192.0.2.1'),
         'dnsrecord_find', ['example.test'], {'arecord': '192.0.2.1'}),
        (lambda c: c.dnszone_show('example.test'), 'dnszone_show',
         ['example.test'], {}),
        (lambda c: c.permission_add('p', ipapermright=['add']),
         'permission_add', ['p'], {'ipapermright': ['add']}),
        (lambda c: c.permission_show('p'), 'permission_show', ['p'], {}),
        (lambda c: c.privilege_add('pr', description='d'), 'privilege_add',
         ['pr'], {'description': 'd'}),
        (lambda c: c.privilege_show('pr'), 'privilege_show', ['pr'], {}),
        (lambda c: c.privilege_add_permission('pr', ['p1', 'p2']),
         'privilege_add_permission', ['pr'], {'permission': ['p1', 'p2']}),
        (lambda c: c.role_add('r'), 'role_add', ['r'], {}),
        (lambda c: c.role_show('r'), 'role_show', ['r'], {}),
        (lambda c: c.role_add_privilege('r', 'pr'), 'role_add_privilege',
         ['r'], {'privilege': ['pr']}),
        (lambda c: c.role_add_member('r', service=['nova/x@X']),
         'role_add_member', ['r'], {'service': ['nova/x@X']}),
        (lambda c: c.config_show(), 'config_show', [], {}),
        (lambda c: c.ping(), 'ping', [], {}),
    ])
    def test_builds_the_call_and_sends_it_the_same_way(self, build, method,
                                                       args, options):
        built = build(ipa_client.IPACalls)
        assert (built.method, list(built.args), built.options) == (
            method, args, options)
        client = make_client(_AnyOutput())
        build(client)
        assert client._transport.sent == [(method, args, options)]
        assert build(client.calls) == built

    def test_show_add_mod_return_the_entry(self):
        client = make_client({name: {'result': HOST, 'value': 'h',
                                     'summary': 's'}
                              for name in ('host_show', 'host_add',
                                           'host_mod', 'config_show')})
        assert client.host_show('h') == HOST
        assert client.host_add('h') == HOST
        assert client.host_mod('h', description='d') == HOST
        assert client.config_show() == HOST

    def test_find_returns_a_list_of_entries(self):
        client = make_client({'host_find': {
            'result': [HOST, HOST], 'count': 2, 'truncated': False}})
        assert client.host_find() == [HOST, HOST]

    def test_del_returns_none(self):
        client = make_client({'host_del': {
            'result': {'failed': []}, 'value': ['h'], 'summary': 'Deleted'}})
        assert client.host_del('h') is None

    def test_member_commands_report_failures(self):
        client = make_client({'service_add_host': {
            'result': {'krbprincipalname': ['HTTP/h.test@X']},
            'completed': 1,
            'failed': {'managedby': {'host': [
                ['gone.test', 'no such entry'],
                ['old.test', 'This entry is already a member']]}}}})
        result = client.service_add_host('HTTP/h.test',
                                         ['a.test', 'gone.test', 'old.test'])
        assert result == ipa_client.MemberResult(
            entry={'krbprincipalname': ['HTTP/h.test@X']}, completed=1,
            failed=[('managedby', 'host', 'gone.test', 'no such entry'),
                    ('managedby', 'host', 'old.test',
                     'This entry is already a member')])
        assert result.refused == [
            ('managedby', 'host', 'gone.test', 'no such entry')]

    def test_ping_returns_the_summary(self):
        client = make_client({'ping': {'summary': 'IPA server version 4.13'}})
        assert client.ping() == 'IPA server version 4.13'

    def test_call_returns_the_whole_result_object(self):
        output = {'result': HOST, 'value': 'h', 'summary': None}
        client = make_client({'host_show': output})
        assert client.call('host_show', 'h', all=True) == output
        assert client._transport.sent == [('host_show', ['h'], {'all': True})]

    def test_errors_propagate(self):
        client = make_client({'host_show': ipa_errors.NotFound(reason='x')})
        with pytest.raises(ipa_errors.NotFound):
            client.host_show('h')

    def test_otp_stays_out_of_call_repr(self):
        call = ipa_client.IPACalls.host_mod('h', userpassword='Otp-123')
        assert 'Otp-123' not in repr(call)


class _AnyOutput(dict):
    def __missing__(self, method):
        return {'result': [] if method.endswith('_find') else {},
                'summary': ''}


class TestBatch:
    def test_empty_batch_sends_nothing(self):
        client = make_client()
        assert client.batch([]) == []
        assert client._transport.sent == []

    def test_sends_one_batch_command(self):
        client = make_client({'batch': {'count': 2, 'results': [
            {'result': HOST, 'value': 'h', 'summary': None, 'error': None},
            {'result': None, 'value': 'x', 'summary': 'Deleted',
             'error': None}]}})
        client.batch([client.calls.host_show('h', all=True),
                      ('host_del', ['x'], {'updatedns': True})])
        [(method, args, options)] = client._transport.sent
        assert method == 'batch'
        assert options == {}
        version = transport.API_VERSION
        assert args == [
            {'method': 'host_show',
             'params': [['h'], {'all': True, 'version': version}]},
            {'method': 'host_del',
             'params': [['x'], {'updatedns': True, 'version': version}]}]

    def test_results_in_order_with_errors_as_exceptions(self):
        client = make_client({'batch': {'count': 3, 'results': [
            {'result': HOST, 'value': 'h', 'summary': None, 'error': None},
            {'error': 'missing.test: host not found', 'error_code': 4001,
             'error_name': 'NotFound',
             'error_kw': {'reason': 'missing.test: host not found'}},
            {'result': {'failed': []}, 'value': ['x'], 'summary': 'Deleted',
             'error': None}]}})
        results = client.batch([
            client.calls.host_show('h'),
            client.calls.host_show('missing.test'),
            ('host_del', ('x',), None)])
        assert results[0] == HOST
        assert isinstance(results[1], ipa_errors.NotFound)
        assert str(results[1]) == 'missing.test: host not found'
        assert results[1].errno == 4001
        # A tuple call gets the whole result object, without "error".
        assert results[2] == {'result': {'failed': []}, 'value': ['x'],
                              'summary': 'Deleted'}

    def test_unknown_error_code_in_batch(self):
        client = make_client({'batch': {'count': 1, 'results': [
            {'error': 'brand new failure', 'error_code': 4999,
             'error_name': 'BrandNewError', 'error_kw': {}}]}})
        [result] = client.batch([client.calls.ping()])
        assert isinstance(result, errors.UnknownIPAError)
        assert isinstance(result, ipa_errors.PublicError)
        assert (result.errno, result.error_name, str(result)) == (
            4999, 'BrandNewError', 'brand new failure')

    def test_result_count_mismatch_is_a_response_error(self):
        client = make_client({'batch': {'count': 1, 'results': [
            {'result': HOST, 'error': None}]}})
        with pytest.raises(errors.IPAResponseError):
            client.batch([client.calls.host_show('a'),
                          client.calls.host_show('b')])

    def test_batch_level_error_is_raised(self):
        client = make_client({'batch': ipa_errors.RefererError(
            referer='missing')})
        with pytest.raises(ipa_errors.RefererError):
            client.batch([client.calls.ping()])
