"""pytest fixtures of the test bed: a KDC, an IPA emulator, keystone and
the cloud stub (glance, nova, neutron).

``kdc``, ``ipa_emulator``, ``keystone`` and ``cloud`` live for the session;
``ipa`` hands each test the emulator after ``reset()`` (a realm set up for
novajoin), ``fresh_ipa`` as a fresh server, ``openstack_cloud`` the cloud
stub after ``reset()``.
"""

import pytest

from novajoin.testing.emulator import IPAEmulator
from novajoin.testing.kdc import KDC
from novajoin.testing import openstack
from novajoin.testing import realm
from novajoin.testing import server


@pytest.fixture(scope='session')
def kdc():
    realm = KDC()
    realm.activate()
    yield realm
    realm.stop()


@pytest.fixture(scope='session')
def ipa_emulator(kdc):
    """The emulator of a realm set up for novajoin by novajoin-ipa-setup
    (see realm.py): what reset() returns to."""
    emulator = IPAEmulator(hostname=kdc.hostname, realm=kdc.realm,
                           keytab=kdc.http_keytab)
    emulator.start()
    try:
        realm.grant_novajoin_role(kdc, emulator.url, emulator.domain,
                                  emulator)
        emulator.keep_as_baseline()
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def ipa(ipa_emulator):
    ipa_emulator.reset()
    return ipa_emulator


@pytest.fixture
def fresh_ipa(ipa_emulator):
    """The emulator as a fresh FreeIPA server: nothing set up for
    novajoin."""
    ipa_emulator.reset(fresh=True)
    yield ipa_emulator
    ipa_emulator.reset()


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


@pytest.fixture(scope='module')
def start_join_server(kdc, ipa_emulator, keystone, cloud):
    """start_join_server(options=None, sections=None, workers=2) starts a
    novajoin-server process on the test bed (see server.JoinServer) and
    returns it. At the end of the module each one is stopped with SIGTERM
    and must exit with 0, without a traceback in its log."""
    running = []

    def start(**kwargs):
        join_server = server.JoinServer(kdc, ipa_emulator, keystone,
                                        **kwargs)
        running.append(join_server)
        return join_server.start()

    yield start
    failures = []
    for join_server in running:
        returncode = join_server.stop()
        log = join_server.log()
        if returncode != 0 or 'Traceback' in log:
            # from a little before the first traceback, if any
            start = max(0, log.find('Traceback') - 3000)
            failures.append('exit %s, log in %s:\n%s' % (
                returncode, join_server.workdir, log[start:start + 8000]))
        else:
            join_server.cleanup()
    assert not failures, '\n\n'.join(failures)


@pytest.fixture(scope='module')
def join_server(start_join_server):
    """novajoin-server with the test bed's defaults, for a module."""
    return start_join_server()
