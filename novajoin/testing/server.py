"""novajoin-server as a process of the test bed, and requests as nova
makes them.

``JoinServer`` writes a join.conf for the KDC, the IPA emulator and
(optionally) keystone, runs the ``novajoin-server`` console script on a
free loopback port and waits until /healthcheck answers.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time

import requests

import novajoin
from novajoin.testing import openstack

START_TIMEOUT = 120
STOP_TIMEOUT = 45

# What nova's DynamicVendorData sends with every request.
NOVA_HEADERS = {'Content-Type': 'application/json',
                'Accept': 'application/json',
                'User-Agent': 'openstack-nova-vendordata'}


def vendordata_body(instance_id, project_id, hostname, metadata=None,
                    image_id='', user_data=None, boot_roles='member'):
    """The body nova POSTs to a vendordata target, keys as nova names
    them (image-id is "" for an instance booted from a volume)."""
    return {'project-id': project_id, 'instance-id': instance_id,
            'image-id': image_id, 'user-data': user_data,
            'hostname': hostname, 'metadata': dict(metadata or {}),
            'boot-roles': boot_roles}


def paste_config_path():
    """join-api-paste.ini of the source tree, else the installed one."""
    for path in (os.path.join(os.path.dirname(novajoin.__file__), os.pardir,
                              'etc', 'novajoin', 'join-api-paste.ini'),
                 os.path.join(sys.prefix, 'etc', 'novajoin',
                              'join-api-paste.ini')):
        if os.path.exists(path):
            return os.path.abspath(path)
    raise FileNotFoundError('join-api-paste.ini is neither in the source '
                            'tree nor installed')


def _free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def render_conf(sections):
    """join.conf text of {section: {option: value}}."""
    lines = []
    for section, options in sections.items():
        lines.append('[%s]' % section)
        for key, value in options.items():
            if isinstance(value, bool):
                value = 'true' if value else 'false'
            elif isinstance(value, (list, tuple)):
                value = ','.join(value)
            lines.append('%s = %s' % (key, value))
        lines.append('')
    return '\n'.join(lines)


def read_logs(*paths):
    """The text of the files that exist among paths, one after another."""
    text = []
    for path in paths:
        try:
            with open(path, encoding='utf-8', errors='replace') as log:
                text.append(log.read())
        except FileNotFoundError:
            pass
    return '\n'.join(text)


def ipa_options(kdc, url, domain):
    """[DEFAULT] options that point a daemon at the KDC and the IPA
    emulator serving url for domain."""
    return {'url': url, 'keytab': kdc.service_keytab,
            'principal': kdc.service_principal, 'realm': kdc.realm,
            'domain': domain}


class JoinServer:
    """novajoin-server on the test bed.

    kdc is the KDC (its realm, service principal and keytab, env), ipa the
    emulator, in this process or another: only its url and domain are
    used. keystone, when given, fills [keystone_authtoken] and
    [service_credentials], else the server runs with auth_strategy =
    noauth. options go to [DEFAULT] over the defaults here, sections add
    or extend other sections (e.g. a [<project name>] with
    allowed_classes).
    """

    def __init__(self, kdc, ipa, keystone=None, options=None, sections=None,
                 workers=2):
        self.kdc = kdc
        self.ipa = ipa
        self.keystone = keystone
        self.workdir = tempfile.mkdtemp(prefix='novajoin-server-')
        self.port = _free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.vendordata_url = self.url + '/v1'
        self.conf_path = os.path.join(self.workdir, 'join.conf')
        self.log_path = os.path.join(self.workdir, 'novajoin-server.log')
        self.output_path = os.path.join(self.workdir, 'output.log')
        self.conf = self._conf(options or {}, sections or {}, workers)
        self._process = None

    def _conf(self, options, sections, workers):
        defaults = {
            'join_listen': '127.0.0.1',
            'join_listen_port': self.port,
            'join_workers': workers,
            'api_paste_config': paste_config_path(),
            'auth_strategy': 'keystone' if self.keystone else 'noauth',
            **ipa_options(self.kdc, self.ipa.url, self.ipa.domain),
            'state_path': os.path.join(self.workdir, 'state'),
            'retry_delay': 0.2,
            'debug': True,
            'log_file': self.log_path,
        }
        conf = {'DEFAULT': dict(defaults, **options)}
        if self.keystone is not None:
            conf['keystone_authtoken'] = openstack.keystone_authtoken(
                self.keystone)
            conf['service_credentials'] = openstack.service_credentials(
                self.keystone)
        for section, values in sections.items():
            conf.setdefault(section, {}).update(values)
        return conf

    # lifecycle -------------------------------------------------------------

    def start(self):
        with open(self.conf_path, 'w', encoding='utf-8') as conf_file:
            conf_file.write(render_conf(self.conf))
        command = [os.path.join(sysconfig.get_path('scripts'),
                                'novajoin-server'),
                   '--config-file', self.conf_path]
        with open(self.output_path, 'ab') as output:
            self._process = subprocess.Popen(
                command, env=dict(os.environ, **self.kdc.env),
                stdin=subprocess.DEVNULL, stdout=output,
                stderr=subprocess.STDOUT)
        self._wait_until_healthy()
        return self

    def _wait_until_healthy(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise openstack.TestBedError(
                    'novajoin-server exited with %d:\n%s'
                    % (self._process.returncode, self.log()[-4000:]))
            try:
                response = requests.get(self.url + '/healthcheck',
                                        timeout=10)
                if response.status_code == 200:
                    return
            except requests.RequestException:
                # not listening yet, or its workers still loading
                pass
            time.sleep(0.1)
        self.stop()
        raise openstack.TestBedError(
            'novajoin-server did not answer /healthcheck in %d s:\n%s'
            % (START_TIMEOUT, self.log()[-4000:]))

    @property
    def pid(self):
        """pid of the server's gunicorn master."""
        return self._process.pid

    def stop(self):
        """Stop the server with SIGTERM, as systemd does; its exit code."""
        if self._process is None:
            return None
        self._process.send_signal(signal.SIGTERM)
        try:
            returncode = self._process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            returncode = 'killed after %d s' % STOP_TIMEOUT
        self._process = None
        return returncode

    def cleanup(self):
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc_value, traceback):
        self.stop()
        # after a failure, its join.conf and logs are worth a look
        if exc_type is None:
            self.cleanup()
        else:
            print('novajoin-server files kept in %s' % self.workdir,
                  file=sys.stderr)

    # what it wrote ----------------------------------------------------------

    def log(self):
        """Everything the server wrote: its log file, then its output."""
        return read_logs(self.log_path, self.output_path)

    # requests ---------------------------------------------------------------

    def post(self, body, token=None, headers=None, session=None,
             timeout=30):
        """POST /v1 as nova does; body is a dict (sent as JSON) or bytes
        (sent as they are). A token is sent as X-Auth-Token."""
        all_headers = dict(NOVA_HEADERS)
        if token is not None:
            all_headers['X-Auth-Token'] = token
        all_headers.update(headers or {})
        data = body if isinstance(body, bytes) else json.dumps(body)
        return (session or requests).post(self.vendordata_url, data=data,
                                          headers=all_headers,
                                          timeout=timeout)


class SlowClients:
    """count connections to a server on loopback, each sending request a
    byte a second until stopped, until all of it but its last byte is
    sent, or for seconds at most: callers that hold a connection and never
    finish their request.  ``sent`` counts the bytes each has sent."""

    def __init__(self, port, count, request, seconds):
        self.request = request
        self.seconds = seconds
        self.sockets = [socket.create_connection(('127.0.0.1', port),
                                                 timeout=10)
                        for _ in range(count)]
        self.sent = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._trickle)

    def _trickle(self):
        deadline = time.monotonic() + self.seconds
        while (self.sent < len(self.request) - 1
               and time.monotonic() < deadline):
            for client in self.sockets:
                client.send(self.request[self.sent:self.sent + 1])
            self.sent += 1
            if self.stopped.wait(1):
                return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()
        for client in self.sockets:
            client.close()
