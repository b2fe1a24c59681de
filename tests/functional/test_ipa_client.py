"""The IPA client against a real MIT KDC and the project's IPA emulator.

Fixtures ``kdc`` and ``ipa`` come from tests/functional/conftest.py. The
tests assert what was sent and how often (requests, logins), never how
fast.
"""

import threading
import time

import pytest

from novajoin.ipa import client as ipa_client
from novajoin.ipa import errors

ipa_errors = errors.ipa_errors

THREADS = 20
CALLS_PER_THREAD = 50


@pytest.fixture
def client(kdc, ipa):
    kdc.activate()
    with ipa_client.IPAClient(ipa.url, principal=kdc.service_principal,
                              keytab=kdc.service_keytab, connect_retries=2,
                              retry_delay=0) as ipa_client_:
        yield ipa_client_


@pytest.fixture
def domain(ipa):
    return ipa.domain


@pytest.fixture
def host(ipa, domain):
    fqdn = 'web.%s' % domain
    ipa.add_host(fqdn, description='a host made by the test')
    return fqdn


def run_in_threads(count, target):
    failures = []
    start = threading.Barrier(count)

    def worker():
        start.wait()
        try:
            target()
        except Exception as exc:  # noqa: BLE001 - reported by the caller
            failures.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


class TestSession:
    def test_thousand_calls_from_twenty_threads_need_one_login(
            self, client, ipa, host):
        def calls():
            for _ in range(CALLS_PER_THREAD):
                assert client.host_show(host)['fqdn'] == [host]

        assert run_in_threads(THREADS, calls) == []
        total = THREADS * CALLS_PER_THREAD
        assert client.stats == {'requests': total, 'logins': 1}
        counters = ipa.counters()
        assert counters['logins'] == 1
        assert counters['requests'] == total
        assert counters['unauthorized'] == 0

    def test_logs_in_again_when_the_session_expires(self, client, ipa,
                                                    host):
        client.host_show(host)
        ipa.expire_sessions()
        client.host_show(host)
        client.host_show(host)
        assert client.stats == {'requests': 4, 'logins': 2}
        counters = ipa.counters()
        assert counters['logins'] == 2
        assert counters['unauthorized'] == 1

    def test_threads_turned_away_together_share_one_login(self, client,
                                                          ipa, host):
        client.host_show(host)
        ipa.expire_sessions()

        def calls():
            for _ in range(5):
                client.host_show(host)

        assert run_in_threads(THREADS, calls) == []
        assert client.stats['logins'] == 2
        assert ipa.counters()['logins'] == 2

    def test_logs_in_again_when_the_ticket_expires(self, kdc, ipa, host,
                                                   domain):
        lifetime = 4
        principal = 'short/%s@%s' % (kdc.hostname, kdc.realm)
        keytab = kdc.add_principal(principal, keytab=True,
                                   maxlife=lifetime)
        with ipa_client.IPAClient(ipa.url, principal=principal,
                                  keytab=keytab, retry_delay=0) as client:
            client.host_show(host)
            # IPA honours a ticket for the clock skew past its end.
            time.sleep(lifetime + kdc.clockskew + 1)
            client.host_show(host)
            assert client.stats == {'requests': 3, 'logins': 2}
        assert ipa.counters()['logins'] == 2

    def test_password_login(self, kdc, ipa, host):
        with ipa_client.IPAClient(ipa.url, principal='admin@%s' % kdc.realm,
                                  password=kdc.admin_password) as client:
            assert client.host_show(host)['fqdn'] == [host]
            client.host_show(host)
            assert client.stats == {'requests': 2, 'logins': 1}
        assert ipa.counters()['logins'] == 1

    def test_wrong_password_is_refused(self, kdc, ipa):
        with ipa_client.IPAClient(ipa.url, principal='admin@%s' % kdc.realm,
                                  password='not-the-password') as client:
            with pytest.raises(errors.IPAAuthenticationError) as info:
                client.ping()
        assert 'admin@%s' % kdc.realm in str(info.value)
        assert 'not-the-password' not in str(info.value)
        assert ipa.counters()['requests'] == 0

    def test_keytab_of_another_principal_names_keytab_and_principal(
            self, kdc, ipa):
        other_keytab = kdc.add_principal(
            'other/%s@%s' % (kdc.hostname, kdc.realm), keytab=True)
        with ipa_client.IPAClient(ipa.url, principal=kdc.service_principal,
                                  keytab=other_keytab) as client:
            with pytest.raises(errors.IPAAuthenticationError) as info:
                client.ping()
        message = str(info.value)
        assert message == (
            'cannot get Kerberos credentials for %s from keytab %s: the '
            'keytab holds no key for this principal'
            % (kdc.service_principal, other_keytab))
        assert ipa.counters()['logins'] == 0

    def test_missing_keytab_names_keytab_and_principal(self, kdc, ipa,
                                                       tmp_path):
        keytab = str(tmp_path / 'missing.keytab')
        with ipa_client.IPAClient(ipa.url, principal=kdc.service_principal,
                                  keytab=keytab) as client:
            with pytest.raises(errors.IPAAuthenticationError) as info:
                client.ping()
        assert keytab in str(info.value)
        assert kdc.service_principal in str(info.value)


class TestOperations:
    def test_add_show_mod_find_del(self, client, domain):
        fqdn = 'db.%s' % domain
        entry = client.host_add(fqdn, description='database', force=True)
        assert entry['fqdn'] == [fqdn]
        assert client.host_show(fqdn)['description'] == ['database']
        assert client.host_mod(fqdn, description='db')['description'] == [
            'db']
        assert [found['fqdn'] for found in client.host_find(fqdn)] == [
            [fqdn]]
        assert client.host_del(fqdn) is None
        with pytest.raises(ipa_errors.NotFound):
            client.host_show(fqdn)

    def test_services_managed_by_another_host(self, client, ipa, host,
                                              domain):
        vip = 'vip.%s' % domain
        ipa.add_host(vip)
        principal = 'HTTP/%s' % vip
        entry = client.service_add(principal, force=True)
        assert entry['krbprincipalname'] == ['%s@%s' % (principal,
                                                        domain.upper())]
        result = client.service_add_host(principal, host=[host])
        assert (result.completed, result.failed) == (1, [])
        again = client.service_add_host(principal, host=host)
        assert again.completed == 0
        assert again.failed == [('managedby', 'host', host,
                                 'This entry is already a member')]
        managed = client.service_find(man_by_host=host)
        assert [found['krbprincipalname'] for found in managed] == [
            entry['krbprincipalname']]
        client.service_del(principal)
        assert client.service_find(man_by_host=host) == []

    def test_dns_records(self, client, ipa, domain):
        client.dnsrecord_add(domain, 'vm1', a_part_ip_address='192.0.2.10')
        found = client.dnsrecord_find(domain, arecord='192.0.2.10')
        assert [record['idnsname'] for record in found] == [['vm1']]
        client.dnsrecord_del(domain, 'vm1', arecord=['192.0.2.10'])
        assert client.dnsrecord_find(domain, arecord='192.0.2.10') == []


class TestBatch:
    def test_one_request_with_one_failing_call(self, client, ipa, host,
                                               domain):
        missing = 'missing.%s' % domain
        new = 'new.%s' % domain
        results = client.batch([
            client.calls.host_show(host),
            client.calls.host_show(missing),
            client.calls.host_add(new, description='batched', force=True),
        ])
        assert results[0]['fqdn'] == [host]
        assert isinstance(results[1], ipa_errors.NotFound)
        assert results[1].errno == 4001
        assert results[2]['fqdn'] == [new]
        assert client.stats == {'requests': 1, 'logins': 1}
        assert ipa.counters()['requests'] == 1
        assert client.host_show(new)['description'] == ['batched']

    def test_empty_batch_sends_nothing(self, client, ipa):
        assert client.batch([]) == []
        assert ipa.counters()['requests'] == 0
        assert ipa.counters()['logins'] == 0


class TestErrorCodes:
    """Every error the emulator answers arrives as its ipalib class."""

    def check(self, error_class, code, action):
        with pytest.raises(error_class) as info:
            action()
        assert type(info.value) is error_class
        assert info.value.errno == code
        assert str(info.value)
        return info.value

    def test_dns_not_a_record(self, client, domain):
        self.check(ipa_errors.DNSNotARecordError, 4019,
                   lambda: client.host_add('nodns.%s' % domain))

    def test_duplicate_entry(self, client, host):
        self.check(ipa_errors.DuplicateEntry, 4002,
                   lambda: client.host_add(host, force=True))

    def test_validation_error(self, client):
        self.check(ipa_errors.ValidationError, 3009,
                   lambda: client.host_add('not a host name!', force=True))

    def test_empty_modlist(self, client, host):
        self.check(ipa_errors.EmptyModlist, 4202,
                   lambda: client.host_mod(
                       host, description='a host made by the test'))

    def test_not_found(self, client, domain):
        self.check(ipa_errors.NotFound, 4001,
                   lambda: client.host_show('nowhere.%s' % domain))

    def test_attr_value_not_found(self, client, domain):
        client.dnsrecord_add(domain, 'vm2', a_part_ip_address='192.0.2.20')
        self.check(ipa_errors.AttrValueNotFound, 4026,
                   lambda: client.dnsrecord_del(domain, 'vm2',
                                                arecord=['192.0.2.99']))

    def test_command_error(self, client):
        self.check(ipa_errors.CommandError, 905,
                   lambda: client.call('host_frobnicate', 'x'))

    def test_option_error(self, client, host):
        self.check(ipa_errors.OptionError, 3005,
                   lambda: client.call('host_show', host, frobnicate=True))

    def test_referer_error(self, kdc, ipa):
        # Reached by address, the client names the address in its Referer,
        # which FreeIPA refuses: it wants its own host name there.
        url = ipa.url.replace('//%s:' % kdc.hostname, '//127.0.0.1:')
        with ipa_client.IPAClient(url, principal='admin@%s' % kdc.realm,
                                  password=kdc.admin_password) as client:
            self.check(ipa_errors.RefererError, 911, client.ping)

    def test_errors_are_not_retried(self, client, ipa, domain):
        with pytest.raises(ipa_errors.NotFound):
            client.host_show('nowhere.%s' % domain)
        assert ipa.counters()['requests'] == 1


class TestUnavailable:
    def test_refused_connections(self, client, ipa, host):
        client.host_show(host)
        ipa.fault('refuse')
        with pytest.raises(errors.IPAUnavailable) as info:
            client.host_show(host)
        assert info.value.attempts == 3
        assert str(info.value).startswith(
            'IPA server %s unreachable after 3 attempts: ' % ipa.url)
        # Refused connections never reached IPA: nothing more to count.
        assert client.stats == {'requests': 1, 'logins': 1}
        ipa.fault('clear')
        assert client.host_show(host)['fqdn'] == [host]

    def test_refused_before_the_first_login(self, kdc, ipa):
        ipa.fault('refuse')
        with ipa_client.IPAClient(ipa.url, principal=kdc.service_principal,
                                  keytab=kdc.service_keytab,
                                  connect_retries=4,
                                  retry_delay=0) as client:
            with pytest.raises(errors.IPAUnavailable) as info:
                client.ping()
        assert info.value.attempts == 5
        assert client.stats == {'requests': 0, 'logins': 0}

    def test_http_503(self, client, ipa, host):
        client.host_show(host)
        ipa.fault('http503')
        with pytest.raises(errors.IPAUnavailable) as info:
            client.host_show(host)
        assert info.value.attempts == 3
        assert 'HTTP 503' in str(info.value)
        counters = ipa.counters()
        assert counters['faulted'] == 3
        assert counters['requests'] == 1
        assert client.stats == {'requests': 1 + 3, 'logins': 1}

    def test_unavailable_is_not_an_ipa_refusal(self, client, ipa):
        ipa.fault('http503')
        with pytest.raises(errors.IPAUnavailable) as info:
            client.ping()
        assert not isinstance(info.value, ipa_errors.PublicError)

    def test_timeouts(self, kdc, ipa, host):
        ipa.fault('latency', value=2)
        with ipa_client.IPAClient(ipa.url, principal=kdc.service_principal,
                                  keytab=kdc.service_keytab, timeout=0.5,
                                  connect_retries=1,
                                  retry_delay=0) as client:
            with pytest.raises(errors.IPAUnavailable) as info:
                client.host_show(host)
        assert info.value.attempts == 2
