"""The OpenStack side of the test bed: a real keystone and a cloud stub.

``Keystone`` is keystone from PyPI, with a SQLite database and fernet keys
in a temporary directory, served on loopback by a process of its own (see
keystone_runner). Its users, each with a random password:

========  =========  =======  ==============================================
user      project    role     why
========  =========  =======  ==============================================
admin     admin      admin    keystone's bootstrap; the test bed's own calls
nova      service    admin    nova's service user, as deployments make it:
                              admin, so that it can read any project and
                              image, but without the ``service`` role, so
                              that it passes novajoin's policy only as
                              user nova of project service
novajoin  service    admin    novajoin-server's [keystone_authtoken] user
svc       infra      service  a caller that passes novajoin's policy only
                              by the ``service`` role
demo      demo       member   a tenant, whom novajoin's policy refuses
========  =========  =======  ==============================================

Tests may add domains, projects and users of their own (``add_domain``,
``add_project``, ``add_user``, ``grant``); users and projects are named
by name and domain id, the Default domain's (``default``) unless given.

``CloudStub`` stands for glance, nova and neutron on one loopback port,
registered in keystone's catalog, and answers only requests with a token
that keystone validates.
"""

import collections
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from cheroot import wsgi
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client as keystone_client
import requests

DOMAIN = 'Default'
DEFAULT_DOMAIN_ID = 'default'
REGION = 'RegionOne'
INTERFACES = ('public', 'internal', 'admin')
START_TIMEOUT = 120
STOP_TIMEOUT = 15

KEYSTONE_CONF = """\
[DEFAULT]
log_file = {log_file}

[database]
connection = sqlite:///{database}

[fernet_tokens]
key_repository = {fernet_keys}

[fernet_receipts]
key_repository = {fernet_keys}

[credential]
key_repository = {credential_keys}

[identity]
# Every token the tests ask for checks a password: keep bcrypt cheap.
password_hash_rounds = 4
"""

# user: (home project, role in it)
USERS = {
    'nova': ('service', 'admin'),
    'novajoin': ('service', 'admin'),
    'svc': ('infra', 'service'),
    'demo': ('demo', 'member'),
}
PROJECTS = ('service', 'infra', 'demo')


class TestBedError(Exception):
    """A part of the test bed did not start."""


def _tail(path, lines=40):
    try:
        with open(path, encoding='utf-8', errors='replace') as log:
            return ''.join(log.readlines()[-lines:])
    except OSError:
        return ''


class Keystone:
    """A real keystone on loopback, for one test session."""

    def __init__(self):
        self.workdir = None
        self.auth_url = None
        self._process = None
        self._passwords = {}
        self._projects = {}
        self._domains = {}
        self._users = {}
        self._homes = {}
        self._tokens = {}
        self._admin = None
        self._lock = threading.Lock()
        self._token_lock = threading.Lock()

    # lifecycle -------------------------------------------------------------

    def start(self):
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self):
        self.workdir = tempfile.mkdtemp(prefix='novajoin-keystone-')
        config_file = os.path.join(self.workdir, 'keystone.conf')
        log_file = os.path.join(self.workdir, 'keystone.log')
        with open(config_file, 'w', encoding='utf-8') as conf:
            conf.write(KEYSTONE_CONF.format(
                log_file=log_file,
                database=os.path.join(self.workdir, 'keystone.db'),
                fernet_keys=os.path.join(self.workdir, 'fernet-keys'),
                credential_keys=os.path.join(self.workdir,
                                             'credential-keys')))
        listener = socket.socket()
        listener.bind(('127.0.0.1', 0))
        listener.listen(128)
        self.auth_url = 'http://127.0.0.1:%d/v3' % listener.getsockname()[1]
        self._passwords[(DEFAULT_DOMAIN_ID, 'admin')] = (
            secrets.token_urlsafe(16))
        self._homes[(DEFAULT_DOMAIN_ID, 'admin')] = ('admin',
                                                     DEFAULT_DOMAIN_ID)
        runner = [sys.executable, '-m', 'novajoin.testing.keystone_runner']
        env = dict(os.environ,
                   OS_BOOTSTRAP_PASSWORD=self.password('admin'))
        try:
            setup = subprocess.run(
                runner + ['setup', config_file, self.auth_url], env=env,
                stdin=subprocess.DEVNULL, capture_output=True, text=True,
                timeout=START_TIMEOUT)
            if setup.returncode != 0:
                raise TestBedError('keystone setup failed (%d): %s%s' % (
                    setup.returncode, setup.stderr[-2000:], _tail(log_file)))
            self._process = subprocess.Popen(
                runner + ['serve', config_file, str(listener.fileno()),
                          '--log-file',
                          os.path.join(self.workdir, 'gunicorn.log')],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, pass_fds=(listener.fileno(),))
        finally:
            listener.close()
        self._wait_until_serving(log_file)
        self._admin = keystone_client.Client(session=self.session('admin'),
                                             interface='public')
        self._projects[(DEFAULT_DOMAIN_ID, 'admin')] = (
            self._admin.projects.find(name='admin').id)
        for project in PROJECTS:
            self.add_project(project)
        for user, (project, role) in USERS.items():
            self.add_user(user, project, role)

    def _wait_until_serving(self, log_file):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise TestBedError('keystone exited with %d: %s' % (
                    self._process.returncode, _tail(log_file)))
            try:
                if requests.get(self.auth_url, timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                # not listening yet, or still loading keystone
                pass
            time.sleep(0.2)
        raise TestBedError('keystone did not answer in %d s: %s'
                           % (START_TIMEOUT, _tail(log_file)))

    @property
    def pid(self):
        """pid of keystone's gunicorn master."""
        return self._process.pid

    def stop(self):
        if self._process is not None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    # identities ------------------------------------------------------------

    def password(self, user, domain_id=DEFAULT_DOMAIN_ID):
        return self._passwords[(domain_id, user)]

    def project_id(self, name, domain_id=DEFAULT_DOMAIN_ID):
        return self._projects[(domain_id, name)]

    def home_project(self, user, domain_id=DEFAULT_DOMAIN_ID):
        """(name, domain id) of the project the user was made in."""
        return self._homes[(domain_id, user)]

    def add_domain(self, name):
        """Create a domain (once); its id."""
        with self._lock:
            if name not in self._domains:
                self._domains[name] = self._admin.domains.create(name).id
            return self._domains[name]

    def add_project(self, name, domain_id=DEFAULT_DOMAIN_ID):
        """Create a project (once) in the domain; its id."""
        with self._lock:
            key = (domain_id, name)
            if key not in self._projects:
                self._projects[key] = self._admin.projects.create(
                    name, domain=domain_id).id
            return self._projects[key]

    def add_user(self, name, project, role, domain_id=DEFAULT_DOMAIN_ID,
                 project_domain_id=None):
        """Create a user of the domain with the role in its home project,
        of project_domain_id (by default the user's domain)."""
        project_domain_id = project_domain_id or domain_id
        password = secrets.token_urlsafe(16)
        user = self._admin.users.create(
            name, domain=domain_id, password=password,
            default_project=self.project_id(project, project_domain_id))
        with self._lock:
            self._passwords[(domain_id, name)] = password
            self._users[(domain_id, name)] = user.id
            self._homes[(domain_id, name)] = (project, project_domain_id)
        self.grant(name, role, project, domain_id, project_domain_id)
        # A user's first password login of the day writes its
        # last_active_at; two at once deadlock keystone's SQLite
        # ("database is locked", a 500), as the workers of a daemon
        # starting together would. One login now takes that write.
        self.token(name, domain_id=domain_id)

    def grant(self, user, role, project, domain_id=DEFAULT_DOMAIN_ID,
              project_domain_id=None):
        """Give the user of the domain the role on a project of
        project_domain_id (by default the user's domain)."""
        self._admin.roles.grant(
            self._admin.roles.find(name=role),
            user=self._users[(domain_id, user)],
            project=self.project_id(project, project_domain_id or domain_id))

    def session(self, user, password=None, project=None,
                domain_id=DEFAULT_DOMAIN_ID, project_domain_id=None):
        """A keystoneauth session of the user of the domain, in a project
        of project_domain_id (by default the user's own project)."""
        if project is None:
            project, project_domain_id = self.home_project(user, domain_id)
        auth = v3.Password(
            auth_url=self.auth_url, username=user,
            password=password or self.password(user, domain_id),
            user_domain_id=domain_id, project_name=project,
            project_domain_id=project_domain_id or domain_id)
        return ks_session.Session(auth=auth)

    def token(self, user, password=None, project=None,
              domain_id=DEFAULT_DOMAIN_ID, project_domain_id=None):
        """A token keystone issued to the user of the domain, scoped to a
        project as session() says; issued once and reused."""
        key = (user, password, project, domain_id, project_domain_id)
        # One at a time: threads of a test asking at once get one token.
        with self._token_lock:
            if key not in self._tokens:
                self._tokens[key] = self.session(
                    user, password, project, domain_id,
                    project_domain_id).get_token()
            return self._tokens[key]

    # catalog ---------------------------------------------------------------

    def add_endpoint(self, service_type, url):
        """Catalog entries of the service type at url, on every interface
        (replacing the ones it had)."""
        services = self._admin.services.list(type=service_type)
        service = (services[0] if services else
                   self._admin.services.create(service_type,
                                               type=service_type))
        for endpoint in self._admin.endpoints.list(service=service):
            self._admin.endpoints.delete(endpoint)
        for interface in INTERFACES:
            self._admin.endpoints.create(service, url, interface=interface,
                                         region=REGION)


def service_credentials(keystone):
    """[service_credentials] of join.conf: novajoin calls glance and
    keystone as nova, as deployments configure it."""
    return {
        'auth_type': 'password',
        'auth_url': keystone.auth_url,
        'username': 'nova',
        'password': keystone.password('nova'),
        'project_name': 'service',
        'user_domain_name': DOMAIN,
        'project_domain_name': DOMAIN,
        'region_name': REGION,
    }


def keystone_authtoken(keystone):
    """[keystone_authtoken] of join.conf: keystonemiddleware validates
    callers' tokens as user novajoin."""
    return {
        'www_authenticate_uri': keystone.auth_url,
        'auth_type': 'password',
        'auth_url': keystone.auth_url,
        'username': 'novajoin',
        'password': keystone.password('novajoin'),
        'project_name': 'service',
        'user_domain_name': DOMAIN,
        'project_domain_name': DOMAIN,
        'region_name': REGION,
    }


# The cloud stub ------------------------------------------------------------

# (kind, pattern) of the paths the stub serves.
ROUTES = (
    ('image_schema', re.compile(r'^/v2/schemas/image$')),
    ('image', re.compile(r'^/v2/images/(?P<id>[^/]+)$')),
    ('server', re.compile(r'^/v2\.1/servers/(?P<id>[^/]+)$')),
    ('port', re.compile(r'^/v2\.0/ports/(?P<id>[^/]+)$')),
)

# What glanceclient builds its image model from; the properties an image
# may have beyond these are strings, as glance's own schema says.
IMAGE_SCHEMA = {
    'name': 'image',
    'properties': {
        'id': {'type': 'string'},
        'name': {'type': ['null', 'string']},
        'status': {'type': 'string'},
        'visibility': {'type': 'string'},
        'owner': {'type': ['null', 'string']},
        'tags': {'type': 'array', 'items': {'type': 'string'}},
        'created_at': {'type': 'string'},
        'updated_at': {'type': 'string'},
        'self': {'type': 'string'},
        'file': {'type': 'string'},
        'schema': {'type': 'string'},
    },
    'additionalProperties': {'type': 'string'},
    'links': [{'rel': 'self', 'href': '{self}'},
              {'rel': 'describedby', 'href': '{schema}'}],
}

# Seconds a token keystone vouched for is taken as valid without asking.
TOKEN_CACHE_SECONDS = 30


class CloudStub:
    """glance, nova and neutron, as far as novajoin reads them.

    GET /v2/images/{id} (and glanceclient's /v2/schemas/image),
    GET /v2.1/servers/{id}, GET /v2.0/ports/{id}; registered in keystone's
    catalog as image (the bare URL), compute (URL/v2.1) and network (the
    bare URL). Every request needs an X-Auth-Token that keystone
    validates, else 401.
    """

    def __init__(self, keystone):
        self.keystone = keystone
        self.url = None
        self._server = None
        self._thread = None
        self._lock = threading.Lock()
        self._images = {}
        self._servers = {}
        self._ports = {}
        self._requests = collections.Counter()
        self._valid_tokens = {}
        self._http = requests.Session()

    def start(self):
        self._server = wsgi.Server(('127.0.0.1', 0), self._application,
                                   numthreads=16, shutdown_timeout=1,
                                   server_name='novajoin-cloud-stub')
        self._server.prepare()
        self.url = 'http://127.0.0.1:%d' % self._server.bind_addr[1]
        self._thread = threading.Thread(target=self._server.serve,
                                        daemon=True, name='cloud-stub')
        self._thread.start()
        self.keystone.add_endpoint('image', self.url)
        self.keystone.add_endpoint('compute', self.url + '/v2.1')
        self.keystone.add_endpoint('network', self.url)

    def stop(self):
        if self._server is not None:
            self._server.stop()
            self._thread.join()
            self._server = None

    # state -----------------------------------------------------------------

    def reset(self):
        """No images, servers or ports, and no requests counted."""
        with self._lock:
            self._images.clear()
            self._servers.clear()
            self._ports.clear()
            self._requests.clear()

    @property
    def requests(self):
        """Requests answered, by kind: image, image_schema, server, port,
        and unauthorized for the ones refused for their token."""
        with self._lock:
            return dict(self._requests)

    def add_image(self, properties=None, owner=None):
        """An active public image with these properties; its id."""
        image_id = str(uuid.uuid4())
        image = {'id': image_id, 'name': 'image-%s' % image_id[:8],
                 'status': 'active', 'visibility': 'public',
                 'owner': owner, 'tags': [],
                 'created_at': '2024-01-01T00:00:00Z',
                 'updated_at': '2024-01-01T00:00:00Z',
                 'self': '/v2/images/%s' % image_id,
                 'file': '/v2/images/%s/file' % image_id,
                 'schema': '/v2/schemas/image'}
        image.update({key: str(value)
                      for key, value in (properties or {}).items()})
        with self._lock:
            self._images[image_id] = image
        return image_id

    def add_server(self, server_id, name, project_id, metadata=None,
                   image_id=None):
        """A server as nova shows it to an admin; image_id None is a server
        booted from a volume (nova's "image": "")."""
        server = {'id': server_id, 'name': name, 'tenant_id': project_id,
                  'user_id': uuid.uuid4().hex, 'status': 'ACTIVE',
                  'metadata': dict(metadata or {}),
                  'image': {'id': image_id} if image_id else '',
                  'OS-EXT-SRV-ATTR:hostname': name}
        with self._lock:
            self._servers[server_id] = server
        return server

    def add_port(self, port_id, device_id, fixed_ips,
                 device_owner='compute:nova'):
        """A port; fixed_ips as neutron gives them, a list of
        {"subnet_id", "ip_address"}, or of addresses only."""
        port = {'id': port_id, 'device_id': device_id,
                'device_owner': device_owner, 'status': 'ACTIVE',
                'fixed_ips': [
                    ip if isinstance(ip, dict) else
                    {'subnet_id': str(uuid.uuid4()), 'ip_address': ip}
                    for ip in fixed_ips]}
        with self._lock:
            self._ports[port_id] = port
        return port

    # HTTP ------------------------------------------------------------------

    def _token_is_valid(self, token):
        now = time.monotonic()
        with self._lock:
            expiry = self._valid_tokens.get(token)
        if expiry is not None and expiry > now:
            return True
        response = self._http.get(
            self.keystone.auth_url + '/auth/tokens', timeout=10,
            headers={'X-Auth-Token': self.keystone.token('admin'),
                     'X-Subject-Token': token})
        if response.status_code != 200:
            return False
        with self._lock:
            self._valid_tokens[token] = now + TOKEN_CACHE_SECONDS
        return True

    def _application(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        for kind, pattern in ROUTES:
            match = pattern.match(path)
            if match:
                break
        else:
            return _answer(start_response, '404 Not Found',
                           {'error': 'no route %s' % path})
        token = environ.get('HTTP_X_AUTH_TOKEN')
        if not token or not self._token_is_valid(token):
            with self._lock:
                self._requests['unauthorized'] += 1
            return _answer(start_response, '401 Unauthorized',
                           {'error': {'code': 401, 'title': 'Unauthorized',
                                      'message': 'The request you have made '
                                                 'requires authentication.'}})
        if environ.get('REQUEST_METHOD') != 'GET':
            return _answer(start_response, '405 Method Not Allowed',
                           {'error': 'only GET'})
        with self._lock:
            self._requests[kind] += 1
            if kind == 'image_schema':
                return _answer(start_response, '200 OK', IMAGE_SCHEMA)
            resource_id = match.group('id')
            if kind == 'image':
                found = self._images.get(resource_id)
                missing = 'No image found with ID %s' % resource_id
                document = found
            elif kind == 'server':
                found = self._servers.get(resource_id)
                document = {'server': found}
                missing = {'itemNotFound': {
                    'code': 404, 'message': 'Instance %s could not be '
                                            'found.' % resource_id}}
            else:
                found = self._ports.get(resource_id)
                document = {'port': found}
                missing = {'NeutronError': {
                    'type': 'PortNotFound', 'detail': '',
                    'message': 'Port %s could not be found.' % resource_id}}
        if found is None:
            return _answer(start_response, '404 Not Found', missing)
        return _answer(start_response, '200 OK', document)


def _answer(start_response, status, document):
    if isinstance(document, str):
        body = document.encode('utf-8')
        content_type = 'text/plain; charset=utf-8'
    else:
        body = json.dumps(document).encode('utf-8')
        content_type = 'application/json'
    start_response(status, [('Content-Type', content_type),
                            ('Content-Length', str(len(body)))])
    return [body]
