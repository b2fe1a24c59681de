import pytest
from oslo_config import cfg

from novajoin import conf
from novajoin.testing.emulator import IPAEmulator


@pytest.fixture
def join_conf():
    """novajoin's options, with no join.conf read."""
    config = cfg.ConfigOpts()
    conf.register_opts(config)
    config([], project='novajoin', default_config_files=[])
    return config


@pytest.fixture(scope='module')
def emulator():
    """An IPA emulator that is never started: its commands are called in
    process, without HTTP or Kerberos."""
    return IPAEmulator(hostname='ipa.example.test')


@pytest.fixture
def ipa(emulator):
    emulator.reset()
    return emulator
