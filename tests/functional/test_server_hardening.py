"""novajoin-server against callers that are slow, malformed or gone, and
its start without a keytab: the real server process (gunicorn, 2 workers)
on the test bed, asked as nova asks (see test_server.py).

Every server started here must stop with exit 0 and no traceback in its
log (start_join_server checks).
"""

import concurrent.futures
import json
import os
import re
import socket
import subprocess
import sysconfig
import time
import uuid

import pytest

from novajoin.testing import server as testing_server

ENROLL = {'ipa_enroll': 'True'}
SLOW_CLIENTS = 200
# nova's [api] vendordata_dynamic_read_timeout by default
NOVA_READ_TIMEOUT = 5
BODY_TIMEOUT = 2
# the longest the slow clients keep sending, whatever happens
SLOW_CLIENTS_SECONDS = 60
# nova's request, which the slow clients send a byte a second
SLOW_REQUEST = (b'POST /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                b'Content-Type: application/json\r\n'
                b'Content-Length: 2\r\n\r\n{}')


@pytest.fixture(scope='module')
def server(start_join_server):
    return start_join_server(options={'join_body_timeout': BODY_TIMEOUT})


def nova_body(keystone, hostname):
    return testing_server.vendordata_body(
        str(uuid.uuid4()), keystone.project_id('demo'), hostname, ENROLL)


def connect(server):
    return socket.create_connection(('127.0.0.1', server.port), timeout=10)


def test_slow_clients_leave_nova_answered(server, keystone):
    """200 connections that send a byte a second hold no thread: nova's
    requests meanwhile are answered within nova's read timeout."""
    token = keystone.token('nova')
    bodies = [nova_body(keystone, 'slow%d' % number) for number in range(8)]
    with testing_server.SlowClients(server.port, SLOW_CLIENTS, SLOW_REQUEST,
                                    SLOW_CLIENTS_SECONDS) as slow:
        # every slow client has begun its request
        while slow.sent < 3:
            time.sleep(0.1)
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(
                lambda body: server.post(body, token,
                                         timeout=NOVA_READ_TIMEOUT),
                bodies))
        assert slow.sent < len(slow.request) - 1
    assert [answer.status_code for answer in answers] == [200] * 8
    assert all(answer.json()['ipaotp'] for answer in answers)


# Requests nova never sends ---------------------------------------------------

def answer_to(client, limit=10):
    """The status and body of the answer on a raw connection, read until
    the server closes it (within limit seconds)."""
    client.settimeout(limit)
    received = b''
    while True:
        chunk = client.recv(65536)
        if not chunk:
            break
        received += chunk
    head, _, body = received.partition(b'\r\n\r\n')
    return int(head.split()[1]), body


def log_mark(server):
    """Where the server's log file and output end now."""
    return [os.path.getsize(path) if os.path.exists(path) else 0
            for path in (server.log_path, server.output_path)]


def logged_since(server, mark):
    """What the server wrote since the mark, log file then output."""
    text = []
    for path, offset in zip((server.log_path, server.output_path), mark):
        with open(path, encoding='utf-8', errors='replace') as log:
            log.seek(offset)
            text.append(log.read())
    return '\n'.join(text)


def news(server, mark):
    """The lines the server wrote since the mark, but debug ones."""
    return [line for line in logged_since(server, mark).splitlines()
            if line.strip() and ' DEBUG ' not in line]


def assert_one_quiet_line_at_most(server, mark):
    """A refused request is worth a line at most, and not an error."""
    logged = news(server, mark)
    assert len(logged) <= 1, logged
    assert not [line for line in logged
                if re.search(r' (ERROR|WARNING) |\[(ERROR|WARNING)\]',
                             line)], logged
    assert 'Traceback' not in logged_since(server, mark)


def test_body_shorter_than_its_content_length_is_408(server, keystone):
    token = keystone.token('nova')
    since = log_mark(server)
    with connect(server) as client:
        client.sendall(b'POST /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                       b'Content-Type: application/json\r\n'
                       b'X-Auth-Token: %s\r\n'
                       b'Content-Length: 100\r\n\r\n{"project-id": '
                       % token.encode())
        status, body = answer_to(client, limit=BODY_TIMEOUT + 10)
    assert status == 408
    assert json.loads(body)['error']['code'] == 408
    assert_one_quiet_line_at_most(server, since)


def test_client_gone_mid_body_is_a_quiet_close(server):
    since = log_mark(server)
    gone = 'went away before its request was whole'
    with connect(server) as client:
        client.sendall(b'POST /v1 HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                       b'Content-Type: application/json\r\n'
                       b'Content-Length: 100\r\n\r\n{"project-id": ')
        # the server waits for the rest of the body when the client goes
        time.sleep(1)
    # the server says at debug level that it saw the client go
    deadline = time.monotonic() + 10
    while (gone not in logged_since(server, since)
           and time.monotonic() < deadline):
        time.sleep(0.1)
    assert gone in logged_since(server, since)
    assert news(server, since) == []


def _image_id(keystone):
    body = nova_body(keystone, 'bad1')
    body['image-id'] = 'abc/def'
    return json.dumps(body).encode(), {}


def _nested(keystone):
    return b'[' * 1000 + b']' * 1000, {}


def _multipart(keystone):
    return (json.dumps(nova_body(keystone, 'bad2')).encode(),
            {'Content-Type': 'multipart/form-data'})


def _html(keystone):
    return (json.dumps(nova_body(keystone, 'bad3')).encode(),
            {'Accept': 'text/html'})


@pytest.mark.parametrize('request_of, status', [
    pytest.param(_nested, 400, id='json-nested-1000-deep'),
    pytest.param(_image_id, 400, id='image-id-not-a-uuid'),
    pytest.param(_multipart, 415, id='multipart'),
    pytest.param(_html, 406, id='accept-html'),
])
def test_malformed_request_is_a_json_4xx_in_one_line(server, keystone,
                                                     openstack_cloud,
                                                     request_of, status):
    body, headers = request_of(keystone)
    since = log_mark(server)
    response = server.post(body, keystone.token('nova'), headers=headers)
    assert response.status_code == status, response.text
    assert response.headers['Content-Type'].startswith('application/json')
    assert response.json()['error']['code'] == status
    assert_one_quiet_line_at_most(server, since)
    assert openstack_cloud.requests.get('image', 0) == 0


# Start-up --------------------------------------------------------------------

def test_refuses_to_start_without_a_readable_keytab(kdc, ipa_emulator,
                                                    tmp_path):
    """One line and exit 1, where it used to start and answer 500 to
    everything."""
    server = testing_server.JoinServer(
        kdc, ipa_emulator, options={'keytab': str(tmp_path / 'missing')})
    with open(server.conf_path, 'w', encoding='utf-8') as conf_file:
        conf_file.write(testing_server.render_conf(server.conf))
    try:
        result = subprocess.run(
            [os.path.join(sysconfig.get_path('scripts'), 'novajoin-server'),
             '--config-file', server.conf_path],
            env=dict(os.environ, **kdc.env), stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=60)
    finally:
        server.cleanup()
    assert result.returncode == 1
    assert result.stdout == ''
    assert re.fullmatch(r'novajoin: cannot read the keytab \S+missing '
                        r'\(set keytab in join.conf\)\n', result.stderr)
