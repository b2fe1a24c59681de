"""novajoin-install --root on a temporary tree: the IPA emulator and the real
KDC for the IPA steps, a stand-in ipa-getkeytab that hands out a real
keytab of the KDC, and a stub of keystone and glance's metadata definitions
API for the glance step (OS_* in the environment point at it)."""

import configparser
import http.server
import json
import os
import pathlib
import pwd
import re
import threading

import pytest

from novajoin.cmd import install
from novajoin import ipa_setup

HOST = 'controller.example.test'
SERVICE = 'nova/%s@EXAMPLE.TEST' % HOST
NOVA_PASSWORD = 'nova-secret-password'
RABBIT_URL = 'rabbit://nova:rabbit-secret@rabbit.example.test:5672/'

NOVA_CONF = '''[DEFAULT]
# Options of the compute service
transport_url = %s
my_ip = 192.0.2.10

[api]
# Providers of vendordata, in order:
#vendordata_providers = StaticJSON
auth_strategy = keystone

[keystone_authtoken]
www_authenticate_uri = http://keystone.example.test:5000
auth_url = http://keystone.example.test:5000
auth_type = password
username = nova
password = %s
project_name = service
user_domain_name = Default
project_domain_name = Default

[notifications]
#notify_on_state_change = <None>

[oslo_messaging_notifications]
# Drivers to send notifications with:
#driver =
''' % (RABBIT_URL, NOVA_PASSWORD)

NEUTRON_CONF = '''[DEFAULT]
core_plugin = ml2
; kept as it is

[oslo_messaging_notifications]
topics = notifications
'''

IPA_DEFAULT_CONF = '''[global]
basedn = dc=example,dc=test
realm = EXAMPLE.TEST
domain = example.test
server = ipa.example.test
host = %s
xmlrpc_uri = https://ipa.example.test/ipa/xml
''' % HOST

GETKEYTAB = '''#!/bin/sh
# ipa-getkeytab -s SERVER -p PRINCIPAL -k KEYTAB, with the keys of a keytab
# the test made; it insists on the Kerberos ticket novajoin-install got.
echo "$@" >> "$(dirname "$0")/ipa-getkeytab.calls"
klist -s || { echo "Kerberos User Principal not found" >&2; exit 9; }
[ -n "$STANDIN_FAIL" ] && { echo "$STANDIN_FAIL" >&2; exit 1; }
cp "$STANDIN_KEYTAB" "$6"
'''


class OpenStackStub:
    """keystone v3 (discovery, password tokens) and glance's metadata
    definitions: enough for keystoneauth and python-glanceclient."""

    def __init__(self):
        self.namespaces = {}
        self.writes = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self, status, body, headers=()):
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(payload)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def read_json(self):
                length = int(self.headers.get('Content-Length') or 0)
                return json.loads(self.rfile.read(length) or b'{}')

            def do_GET(self):
                path = self.path.split('?')[0].rstrip('/')
                if path == '/v3':
                    return self.answer(200, {'version': {
                        'id': 'v3.14', 'status': 'stable',
                        'updated': '2020-04-07T00:00:00Z',
                        'links': [{'rel': 'self',
                                   'href': stub.url + '/v3/'}]}})
                if path.startswith('/image/v2/schemas/metadefs/'):
                    return self.answer(200, {
                        'name': path.rsplit('/', 1)[1],
                        'properties': {}, 'additionalProperties': True})
                name = path[len('/image/v2/metadefs/namespaces/'):]
                if name in stub.namespaces:
                    return self.answer(200, stub.namespaces[name])
                # what glance answers, through webob
                message = b'404 Not Found\n\nNo namespace %s\n' % (
                    name.encode())
                self.send_response(404)
                self.send_header('Content-Type', 'text/plain')
                self.send_header('Content-Length', str(len(message)))
                self.end_headers()
                self.wfile.write(message)

            def do_POST(self):
                path = self.path.rstrip('/')
                body = self.read_json()
                if path == '/v3/auth/tokens':
                    return self.answer(201, stub.token(),
                                       [('X-Subject-Token', 'token')])
                stub.writes.append(path)
                if path == '/image/v2/metadefs/namespaces':
                    stub.namespaces[body['namespace']] = body
                    return self.answer(201, body)
                match = re.match(r'/image/v2/metadefs/namespaces/(.+)/'
                                 r'properties$', path)
                namespace = stub.namespaces[match.group(1)]
                name = body.pop('name')
                namespace.setdefault('properties', {})[name] = body
                self.answer(201, dict(body, name=name))

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                      Handler)
        self.server.daemon_threads = True
        self.url = 'http://127.0.0.1:%d' % self.server.server_port
        threading.Thread(target=self.server.serve_forever,
                         daemon=True).start()

    def token(self):
        domain = {'id': 'default', 'name': 'Default'}
        return {'token': {
            'methods': ['password'],
            'expires_at': '2099-01-01T00:00:00.000000Z',
            'issued_at': '2020-01-01T00:00:00.000000Z',
            'user': {'id': 'admin-id', 'name': 'admin', 'domain': domain},
            'project': {'id': 'admin-project', 'name': 'admin',
                        'domain': domain},
            'roles': [{'id': 'admin-role', 'name': 'admin'}],
            'catalog': [{'type': 'image', 'name': 'glance', 'id': 'glance',
                         'endpoints': [{'id': 'image-public',
                                        'interface': 'public',
                                        'region': 'RegionOne',
                                        'region_id': 'RegionOne',
                                        'url': self.url + '/image'}]}]}}

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ipa(fresh_ipa):
    """A fresh FreeIPA server: the installer sets it up."""
    return fresh_ipa


@pytest.fixture(scope='module')
def service_keytab(kdc):
    assert kdc.service_principal == SERVICE
    return kdc.service_keytab


@pytest.fixture
def openstack(monkeypatch):
    stub = OpenStackStub()
    for name, value in (('OS_AUTH_URL', stub.url + '/v3'),
                        ('OS_USERNAME', 'admin'), ('OS_PASSWORD', 'admin'),
                        ('OS_PROJECT_NAME', 'admin'),
                        ('OS_USER_DOMAIN_NAME', 'Default'),
                        ('OS_PROJECT_DOMAIN_NAME', 'Default')):
        monkeypatch.setenv(name, value)
    yield stub
    stub.close()


@pytest.fixture
def user():
    """Who the keytab is for: nobody when the tests run as root."""
    return pwd.getpwnam('nobody') if os.geteuid() == 0 else pwd.getpwuid(
        os.geteuid())


@pytest.fixture
def root(tmp_path, ipa, kdc, service_keytab, monkeypatch):
    """A controller's tree, an enrolled IPA client with nova and neutron,
    its host in IPA, and the stand-in ipa-getkeytab on PATH."""
    tree = tmp_path / 'root'
    for path, text in (('etc/ipa/default.conf', IPA_DEFAULT_CONF),
                       ('etc/nova/nova.conf', NOVA_CONF),
                       ('etc/neutron/neutron.conf', NEUTRON_CONF)):
        (tree / path).parent.mkdir(parents=True, exist_ok=True)
        (tree / path).write_text(text)
    (tree / 'etc/nova/nova.conf').chmod(0o640)
    ipa.add_host(HOST, has_keytab=True)
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    (bin_dir / 'ipa-getkeytab').write_text(GETKEYTAB)
    (bin_dir / 'ipa-getkeytab').chmod(0o755)
    monkeypatch.setenv('PATH', '%s:%s' % (bin_dir, os.environ['PATH']))
    monkeypatch.setenv('STANDIN_KEYTAB', service_keytab)
    monkeypatch.delenv('STANDIN_FAIL', raising=False)
    return tree


@pytest.fixture
def run_install(root, ipa, kdc, user, capsys, tmp_path):
    password_file = tmp_path / 'admin-password'
    password_file.write_text(kdc.admin_password)

    def run(*extra):
        argv = ['--root', str(root), '--url', ipa.url,
                '--password-file', str(password_file), '--user',
                user.pw_name]
        status = install.main(argv + list(extra))
        out, err = capsys.readouterr()
        return status, out, err
    return run


def snapshot(tree):
    """Every file under ``tree``: content, mode, owner, mtime."""
    files = {}
    for path in sorted(pathlib.Path(tree).rglob('*')):
        stat = path.lstat()
        files[str(path.relative_to(tree))] = (
            path.read_bytes() if path.is_file() else None,
            stat.st_mode, stat.st_uid, stat.st_gid, stat.st_mtime_ns)
    return files


def getkeytab_calls(root):
    calls = root.parent / 'bin' / 'ipa-getkeytab.calls'
    return calls.read_text().splitlines() if calls.exists() else []


def ini(path):
    # oslo.config's [DEFAULT] is a section like any other
    parser = configparser.ConfigParser(interpolation=None,
                                       default_section='no default')
    parser.read(path)
    return parser


def test_install_then_nothing_to_do(run_install, root, ipa, openstack,
                                    user):
    status, out, err = run_install()

    assert (status, err) == (0, ''), out + err
    join = ini(root / 'etc/novajoin/join.conf')
    assert dict(join['DEFAULT']) == {
        'url': ipa.url, 'realm': 'EXAMPLE.TEST', 'domain': 'example.test',
        'principal': SERVICE, 'keytab': '/etc/novajoin/krb5.keytab',
        'notification_format': 'unversioned',
        'log_dir': '/var/log/novajoin', 'transport_url': RABBIT_URL}
    for section in ('service_credentials', 'keystone_authtoken'):
        assert join[section]['auth_url'] == 'http://keystone.example.test:5000'
        assert join[section]['username'] == 'nova'
        assert join[section]['password'] == NOVA_PASSWORD
        assert join[section]['project_name'] == 'service'
    join_stat = (root / 'etc/novajoin/join.conf').stat()
    assert (join_stat.st_mode & 0o777, join_stat.st_uid,
            join_stat.st_gid) == (0o640, 0, user.pw_gid)

    keytab = root / 'etc/novajoin/krb5.keytab'
    keytab_stat = keytab.stat()
    assert (keytab_stat.st_mode & 0o777, keytab_stat.st_uid,
            keytab_stat.st_gid) == (0o600, user.pw_uid, user.pw_gid)
    assert getkeytab_calls(root) == [
        '-s localhost -p %s -k %s.new' % (SERVICE, keytab)]
    for name in ('cloud-config-novajoin.json', 'setup-ipa-client.sh',
                 'join-api-paste.ini'):
        assert (root / 'etc/novajoin' / name).read_bytes() == (
            pathlib.Path(install.shipped_file(name)).read_bytes())

    nova = ini(root / 'etc/nova/nova.conf')
    assert dict(nova['api']) == {
        'vendordata_providers': 'StaticJSON,DynamicJSON',
        'auth_strategy': 'keystone',
        'vendordata_jsonfile_path':
            '/etc/novajoin/cloud-config-novajoin.json',
        'vendordata_dynamic_targets': 'join@http://127.0.0.1:9090/v1',
        'vendordata_dynamic_read_timeout': '30'}
    assert nova['vendordata_dynamic_auth']['password'] == NOVA_PASSWORD
    assert nova['notifications']['notify_on_state_change'] == 'vm_state'
    assert nova['notifications']['notification_format'] == 'unversioned'
    assert dict(nova['oslo_messaging_notifications']) == {
        'driver': 'messagingv2',
        'topics': 'notifications,novajoin_notifications'}
    nova_text = (root / 'etc/nova/nova.conf').read_text()
    for line in NOVA_CONF.splitlines():
        assert line in nova_text.splitlines()
    assert nova_text.startswith(NOVA_CONF.split('[api]')[0])
    assert ('#vendordata_providers = StaticJSON\n'
            'vendordata_providers = StaticJSON,DynamicJSON\n') in nova_text
    assert (root / 'etc/nova/nova.conf').stat().st_mode & 0o777 == 0o640

    neutron_text = (root / 'etc/neutron/neutron.conf').read_text()
    assert neutron_text == NEUTRON_CONF.replace(
        'topics = notifications\n',
        'topics = notifications,novajoin_notifications\ndriver = '
        'messagingv2\n')

    namespace = openstack.namespaces[install.GLANCE_NAMESPACE]
    assert sorted(namespace['properties']) == [
        'ipa_enroll', 'ipa_host_location', 'ipa_hostclass']
    assert {'name': 'OS::Nova::Server', 'properties_target': 'metadata'} in (
        namespace['resource_type_associations'])
    role = ipa.dump()['roles'][ipa_setup.ROLE.lower()]
    assert role['member'] == ['service:%s' % SERVICE]
    assert NOVA_PASSWORD not in out
    assert out.splitlines()[-1].startswith('novajoin-install: done.')

    before = snapshot(root)
    writes = list(openstack.writes)

    status, out, err = run_install()

    assert (status, err) == (0, ''), out + err
    assert snapshot(root) == before
    assert len(getkeytab_calls(root)) == 1
    assert openstack.writes == writes
    assert out.splitlines()[-1] == ('novajoin-install: nothing changed: '
                                    'novajoin was already installed')
    assert '%s authenticates %s to IPA: kept' % (keytab, SERVICE) in out

    keytab.chmod(0o644)
    status, out, err = run_install()

    assert (status, err) == (0, ''), out + err
    assert keytab.stat().st_mode & 0o777 == 0o600
    assert 'keytab: set mode 0600 and owner %s:' % user.pw_name in out
    assert len(getkeytab_calls(root)) == 1


def test_dry_run_writes_nothing(run_install, root, ipa, openstack):
    before = snapshot(root)

    status, out, err = run_install('--dry-run')

    assert (status, err) == (0, ''), out + err
    assert snapshot(root) == before
    assert openstack.writes == []
    assert not any(method in ipa_setup_writes(ipa) for method in
                   ipa.counters()['methods'])
    assert getkeytab_calls(root) == []
    assert '--- /dev/null\n+++ %s/etc/novajoin/join.conf\n' % root in out
    assert '+password = ****\n' in out
    assert '+transport_url = ****\n' in out
    assert ('--- {0}/etc/nova/nova.conf\n+++ {0}/etc/nova/nova.conf\n'
            .format(root)) in out
    assert ' #vendordata_providers = StaticJSON\n' \
           '+vendordata_providers = StaticJSON,DynamicJSON\n' in out
    assert NOVA_PASSWORD not in out and 'rabbit-secret' not in out
    assert 'IPA role: would create service %s' % SERVICE in out
    assert 'keytab: would retrieve the keys of %s' % SERVICE in out
    assert 'glance: would register the metadata definition namespace' in out
    assert out.splitlines()[-1] == ('novajoin-install: dry run: nothing was '
                                    'written')


def ipa_setup_writes(ipa):
    return {'service_add', 'permission_add', 'privilege_add',
            'privilege_add_permission', 'role_add', 'role_add_privilege',
            'role_add_member'}


def test_a_failing_step_says_what_is_left(run_install, root, openstack,
                                          monkeypatch):
    monkeypatch.setenv('STANDIN_FAIL', 'ipa-getkeytab: Failed to parse '
                                       'result: Insufficient access rights')

    status, out, err = run_install()

    assert status == 1
    assert err == (
        'novajoin-install: step "keytab" failed: ipa-getkeytab failed '
        '(status 1): ipa-getkeytab: Failed to parse result: Insufficient '
        'access rights. Not done: keytab, nova.conf, neutron.conf, glance; '
        'novajoin-install can run again once that is fixed\n')
    assert (root / 'etc/novajoin/join.conf').exists()
    assert not (root / 'etc/novajoin/krb5.keytab').exists()
    assert not (root / 'etc/novajoin/krb5.keytab.new').exists()
    assert 'DynamicJSON' not in (root / 'etc/nova/nova.conf').read_text()

    monkeypatch.delenv('STANDIN_FAIL')
    status, out, err = run_install()

    assert (status, err) == (0, ''), out + err
    assert 'IPA role: IPA already holds the service' in out
    assert (root / 'etc/novajoin/krb5.keytab').exists()


def test_without_openstack_credentials_glance_is_left(run_install, root,
                                                      monkeypatch):
    monkeypatch.delenv('OS_AUTH_URL', raising=False)

    status, out, err = run_install()

    assert status == 1
    assert err.startswith('novajoin-install: step "glance" failed: no '
                          'OpenStack credentials in the environment '
                          '(OS_AUTH_URL)')
    assert err.endswith('Not done: glance; novajoin-install can run again '
                        'once that is fixed\n')
    assert 'DynamicJSON' in (root / 'etc/nova/nova.conf').read_text()


def test_a_keytab_ipa_refuses_is_left_to_the_operator(
        run_install, root, openstack, kdc):
    stale = kdc.add_principal('nova/stale.example.test', keytab=True)
    keytab = root / 'etc/novajoin/krb5.keytab'
    keytab.parent.mkdir(parents=True)
    keytab.write_bytes(pathlib.Path(stale).read_bytes())

    status, out, err = run_install()

    assert status == 1
    assert err.startswith(
        'novajoin-install: step "keytab" failed: %s does not authenticate '
        '%s to IPA (cannot get Kerberos credentials' % (keytab, SERVICE))
    assert 'remove it and run novajoin-install again' in err
    assert keytab.read_bytes() == pathlib.Path(stale).read_bytes()
    assert getkeytab_calls(root) == []

    keytab.unlink()
    status, out, err = run_install()

    assert (status, err) == (0, ''), out + err
    assert 'retrieved the keys of %s' % SERVICE in out
