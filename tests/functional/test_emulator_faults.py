"""The IPA emulator's faults, counters, control API and console script."""

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from novajoin.testing.emulator import ControlClient
from novajoin.testing.emulator.control import ControlError

from tests.functional.test_emulator_http import Client


def connect(port):
    with socket.create_connection(('127.0.0.1', port), timeout=2):
        pass


@pytest.fixture
def nova(ipa, kdc):
    client = Client(ipa, kdc.service_principal, kdc.service_keytab)
    assert client.login().status_code == 200
    return client


def test_refuse_closes_the_port_until_cleared(ipa, nova):
    port = ipa.port
    ipa.fault('refuse')
    with pytest.raises(ConnectionRefusedError):
        connect(port)
    with pytest.raises(requests.ConnectionError):
        nova.post('/session/json', 'ping')
    control = ControlClient(ipa.control_url)
    assert control.counters()['requests'] == 0
    control.fault('clear')
    assert ipa.port == port
    assert nova.call('ping')['error'] is None


def test_refuse_for_a_while(ipa, nova):
    ipa.fault('refuse', duration=0.5)
    with pytest.raises(ConnectionRefusedError):
        connect(ipa.port)
    time.sleep(1)
    assert nova.call('ping')['error'] is None


def test_http503(ipa, nova):
    ipa.fault('http503', duration=1)
    response = nova.post('/session/json', 'ping')
    assert response.status_code == 503
    assert nova.login().status_code == 503
    assert ipa.counters()['faulted'] == 2
    assert ipa.counters()['requests'] == 0
    time.sleep(1.1)
    assert nova.post('/session/json', 'ping').status_code == 200


def test_latency(ipa, nova):
    ipa.fault('latency', value=0.3)
    started = time.monotonic()
    nova.call('ping')
    assert time.monotonic() - started >= 0.3
    ipa.fault('clear')
    started = time.monotonic()
    nova.call('ping')
    assert time.monotonic() - started < 0.3


def test_fault_needs_known_kind(ipa):
    with pytest.raises(ValueError):
        ipa.fault('earthquake')
    with pytest.raises(ControlError):
        ControlClient(ipa.control_url).fault('latency')


def test_counters(ipa, nova):
    nova.call('host_add', 'vm1.example.test', force=True)
    nova.call('host_show', 'vm1.example.test')
    nova.call('host_show', 'vm2.example.test')
    counters = ipa.counters()
    assert counters == {'requests': 3, 'logins': 1, 'unauthorized': 0,
                        'faulted': 0,
                        'methods': {'host_add': 1, 'host_show': 2}}


def test_reset(ipa, nova):
    baseline = ipa.dump()
    nova.call('host_add', 'vm1.example.test', force=True)
    ipa.fault('latency', value=5)
    ipa.reset()
    assert ipa.dump() == baseline
    assert 'vm1.example.test' not in baseline['hosts']
    assert ipa.counters()['requests'] == 0
    assert nova.post('/session/json', 'ping').status_code == 401
    nova.login()
    started = time.monotonic()
    nova.call('ping')
    assert time.monotonic() - started < 1


def test_control_api(ipa, nova, kdc):
    control = ControlClient(ipa.control_url)
    control.add_host('vm1.example.test', userpassword='otp',
                     description='seeded')
    entry = nova.call('host_show', 'vm1.example.test')['result']['result']
    assert entry['has_password'] is True
    control.enroll('vm1.example.test')
    assert control.dump()['hosts']['vm1.example.test']['has_keytab'] is True
    assert control.call('host_show', 'vm1.example.test')['result'][
        'has_keytab'] is True
    with pytest.raises(ControlError):
        control.enroll('vm9.example.test')
    control.expire_sessions()
    assert nova.post('/session/json', 'ping').status_code == 401
    control.set_session_lifetime(1200)
    control.reset()
    assert 'vm1.example.test' not in control.dump()['hosts']
    control.reset(fresh=True)
    assert control.dump()['hosts'] == {}
    control.reset()
    assert list(control.dump()['hosts']) == [kdc.controller]


def test_console_script(kdc):
    env = dict(os.environ, PYTHONUNBUFFERED='1')
    process = subprocess.Popen(
        [sys.executable, '-m', 'novajoin.testing.emulator.cmd',
         '--keytab', kdc.http_keytab, '--krb5-config', kdc.krb5_config],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        text=True)
    try:
        urls = dict(process.stdout.readline().strip().split('=', 1)
                    for _ in range(2))
        assert urls['IPA_URL'].endswith('/ipa/json')
        control = ControlClient(urls['CONTROL_URL'])
        assert control.counters()['requests'] == 0
        response = requests.post(urls['IPA_URL'])
        assert response.status_code == 401
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
