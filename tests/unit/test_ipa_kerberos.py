"""Unit tests of keytab credential handling, with gssapi faked."""

import os

import gssapi
import pytest

from novajoin.ipa import errors
from novajoin.ipa import kerberos

PRINCIPAL = 'nova/controller.example.test@EXAMPLE.TEST'


class FakeCredentials:
    """Stands for gssapi.Credentials; ``lifetimes`` is shared and consumed."""

    acquired = []
    failure = None

    def __init__(self, name, usage, store):
        if FakeCredentials.failure is not None:
            raise FakeCredentials.failure
        self.name, self.usage, self.store = name, usage, store
        self.remaining = 3600
        FakeCredentials.acquired.append(self)

    @property
    def lifetime(self):
        if self.remaining <= 0:
            raise gssapi.exceptions.ExpiredCredentialsError(720896, 0)
        return self.remaining


@pytest.fixture
def keytab(tmp_path, monkeypatch):
    FakeCredentials.acquired = []
    FakeCredentials.failure = None
    monkeypatch.setattr(kerberos.gssapi, 'Credentials', FakeCredentials)
    path = tmp_path / 'krb5.keytab'
    path.write_bytes(b'\x05\x02')
    return str(path)


def test_acquires_into_a_private_memory_ccache(keytab):
    credentials = kerberos.KeytabCredentials(PRINCIPAL, keytab)
    acquired = credentials.get()
    assert acquired.usage == 'initiate'
    assert str(acquired.name) == PRINCIPAL
    assert acquired.store['client_keytab'] == keytab
    assert acquired.store['ccache'].startswith('MEMORY:novajoin-')
    assert os.environ.get('KRB5CCNAME') != acquired.store['ccache']


def test_keeps_credentials_while_valid(keytab):
    credentials = kerberos.KeytabCredentials(PRINCIPAL, keytab)
    assert credentials.get() is credentials.get()
    assert len(FakeCredentials.acquired) == 1


def test_reacquires_close_to_expiry_into_a_new_ccache(keytab):
    credentials = kerberos.KeytabCredentials(PRINCIPAL, keytab,
                                             refresh_margin=60)
    first = credentials.get()
    first.remaining = 59
    second = credentials.get()
    assert second is not first
    assert second.store['ccache'] != first.store['ccache']


def test_reacquires_expired_credentials(keytab):
    credentials = kerberos.KeytabCredentials(PRINCIPAL, keytab)
    first = credentials.get()
    first.remaining = 0
    assert credentials.get() is not first


def test_missing_keytab_names_keytab_and_principal(tmp_path):
    missing = str(tmp_path / 'nowhere.keytab')
    with pytest.raises(errors.IPAAuthenticationError) as info:
        kerberos.KeytabCredentials(PRINCIPAL, missing).get()
    assert str(info.value) == (
        'cannot get Kerberos credentials for %s from keytab %s: the keytab '
        'does not exist' % (PRINCIPAL, missing))


@pytest.mark.skipif(os.geteuid() == 0, reason='root reads any file')
def test_unreadable_keytab(keytab):
    os.chmod(keytab, 0)
    with pytest.raises(errors.IPAAuthenticationError) as info:
        kerberos.KeytabCredentials(PRINCIPAL, keytab).get()
    assert 'not readable' in str(info.value)


def test_keytab_without_the_principal(keytab):
    FakeCredentials.failure = gssapi.exceptions.MissingCredentialsError(
        458752, kerberos.KRB5_CC_NOTFOUND)
    with pytest.raises(errors.IPAAuthenticationError) as info:
        kerberos.KeytabCredentials(PRINCIPAL, keytab).get()
    message = str(info.value)
    assert message == (
        'cannot get Kerberos credentials for %s from keytab %s: the keytab '
        'holds no key for this principal' % (PRINCIPAL, keytab))
    assert '\n' not in message
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


def test_unreachable_kdc_is_not_an_authentication_error(keytab):
    FakeCredentials.failure = gssapi.exceptions.MissingCredentialsError(
        458752, kerberos.KRB5_KDC_UNREACH)
    with pytest.raises(kerberos.KDCUnavailable) as info:
        kerberos.KeytabCredentials(PRINCIPAL, keytab).get()
    assert not isinstance(info.value, errors.IPAAuthenticationError)
    assert PRINCIPAL in str(info.value)
