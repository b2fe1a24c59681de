"""pytest fixtures of the test bed: a KDC and an IPA emulator.

``kdc`` and ``ipa_emulator`` live for the session; ``ipa`` hands each
test the emulator after ``reset()``.
"""

import pytest

from novajoin.testing.emulator import IPAEmulator
from novajoin.testing.kdc import KDC


@pytest.fixture(scope='session')
def kdc():
    realm = KDC()
    realm.activate()
    yield realm
    realm.stop()


@pytest.fixture(scope='session')
def ipa_emulator(kdc):
    emulator = IPAEmulator(hostname=kdc.hostname, realm=kdc.realm,
                           keytab=kdc.http_keytab)
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture
def ipa(ipa_emulator):
    ipa_emulator.reset()
    return ipa_emulator
