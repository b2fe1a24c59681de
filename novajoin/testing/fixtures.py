"""pytest fixtures of the test bed: a KDC, an IPA emulator, keystone and
the cloud stub (glance, nova, neutron).

``kdc``, ``ipa_emulator``, ``keystone`` and ``cloud`` live for the session;
``ipa`` hands each test the emulator after ``reset()``, ``openstack_cloud``
the cloud stub after ``reset()``.
"""

import pytest

from novajoin.testing.emulator import IPAEmulator
from novajoin.testing.kdc import KDC
from novajoin.testing import openstack


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


@pytest.fixture(scope='session')
def keystone():
    server = openstack.Keystone()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope='session')
def cloud(keystone):
    stub = openstack.CloudStub(keystone)
    stub.start()
    yield stub
    stub.stop()


@pytest.fixture
def openstack_cloud(cloud):
    cloud.reset()
    return cloud
