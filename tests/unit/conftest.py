import pytest

from novajoin.testing.emulator import IPAEmulator


@pytest.fixture(scope='module')
def emulator():
    """An IPA emulator that is never started: its commands are called in
    process, without HTTP or Kerberos."""
    return IPAEmulator(hostname='ipa.example.test')


@pytest.fixture
def ipa(emulator):
    emulator.reset()
    return emulator
