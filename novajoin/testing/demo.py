"""novajoin's demo: instances enrolled into IPA and removed again, with
nova, neutron and FreeIPA played on this machine (``tools/demo``).

It starts the test bed of this package - a real MIT KDC, the IPA
emulator, a real keystone, the glance/nova/neutron stub and a RabbitMQ
virtual host of its own - then novajoin-server and novajoin-notify as
processes reading one generated join.conf, and does what nova and neutron
do in the life of three instances, showing after each step what changed
in IPA. The exit status is 0 only when every step did what it printed.
Every process it started is stopped at the end, on failure and on Ctrl-C;
``--keep`` leaves the bed up until Ctrl-C and prints what to try by hand.

``python -m novajoin.testing.demo publish`` sends one notification as nova
or neutron does, to the bed that ``--keep`` left up.
"""

import argparse
import concurrent.futures
import contextlib
import dataclasses
import itertools
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import sysconfig
import threading
import time
import uuid

import novajoin.ipa.errors  # noqa: F401 (imports ipalib without its warning)
import novajoin.notify  # noqa: F401 (imports oslo.messaging quietly)

import kombu
from keystoneauth1 import exceptions as keystoneauth_exceptions
from oslo_config import cfg
import oslo_messaging
from oslo_messaging import opts as messaging_opts
import requests

from novajoin import ipa_setup
from novajoin import ownership
from novajoin.testing.emulator import IPAEmulator
from novajoin.testing.kdc import KDC
from novajoin.testing import openstack
from novajoin.testing import realm
from novajoin.testing import server as join_server

# The RabbitMQ that tools/install-deps starts, with its default user.
RABBIT = '127.0.0.1:5672'
RABBIT_USER = 'guest'
RABBIT_LOGIN = 'guest:guest'
# Seconds a daemon gets to do the work of one step, to start, to stop.
WORK_TIMEOUT = 30
START_TIMEOUT = 60
STOP_TIMEOUT = 30
JOIN_WORKERS = 2
# The hosts of the nova and neutron services the notifications come from.
COMPUTE_HOST = 'compute-1'
NETWORK_HOST = 'controller-1'
# The pool the demo's novajoin-notify listens with, so that the demo can
# wait for its consumer by name.
NOTIFY_POOL = 'novajoin'
SERVER = 'novajoin-server'
NOTIFY = 'novajoin-notify'
# Lines of a daemon's log shown when a step fails.
LOG_TAIL = 25
# What stops the demo: Ctrl-C, kill, a closed terminal.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class DemoError(Exception):
    """The demo cannot go on: a part did not start or a step failed."""


class Interrupted(BaseException):
    """SIGTERM or SIGHUP: stop as on Ctrl-C."""


def _interrupt(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


# Output --------------------------------------------------------------------

class Console:
    """What the demo prints: marks, colour and a spinner on a terminal,
    plain lines anywhere else (a CI log)."""

    FANCY = {'tick': '\u2713', 'cross': '\u2717', 'arrow': '\u2192',
             'dot': '\u2022',
             'frames': '\u280b\u2819\u2839\u2838\u283c\u2834\u2826\u2827'
                       '\u2807\u280f'}
    PLAIN = {'tick': 'ok', 'cross': 'FAILED', 'arrow': '->', 'dot': '*',
             'frames': '|/-\\'}

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self.colour = (self.tty and 'NO_COLOR' not in os.environ
                       and os.environ.get('TERM') != 'dumb')
        symbols = self.FANCY
        try:
            ''.join(symbols.values()).encode(self.stream.encoding or 'ascii')
        except (LookupError, UnicodeEncodeError):
            symbols = self.PLAIN
        self.tick = symbols['tick']
        self.cross = symbols['cross']
        self.arrow = symbols['arrow']
        self.dot = symbols['dot']
        self.frames = symbols['frames']

    def _paint(self, text, code):
        return '\033[%sm%s\033[0m' % (code, text) if self.colour else text

    def bold(self, text):
        return self._paint(text, '1')

    def dim(self, text):
        return self._paint(text, '2')

    def line(self, text=''):
        self.stream.write(text + '\n')
        self.stream.flush()

    def passed(self, text, seconds=None, indent=4):
        took = '' if seconds is None else '  ' + self.dim('%.1f s' % seconds)
        self.line('%s%s %s%s' % (' ' * indent, self._paint(self.tick, '32'),
                                 text, took))

    def failed(self, text, indent=4):
        self.line('%s%s %s' % (' ' * indent,
                               self._paint(self.cross, '31;1'), text))

    def table(self, rows, indent=4):
        """Rows of cells in aligned columns, the last one left ragged."""
        widths = [max(len(row[column]) for row in rows)
                  for column in range(len(rows[0]) - 1)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths)]
            self.line(' ' * indent + '  '.join(cells + [row[-1]]))

    @contextlib.contextmanager
    def working(self, what, indent=4):
        """A spinner and the seconds spent while the block runs, on a
        terminal; nothing elsewhere."""
        if not self.tty:
            yield
            return
        done = threading.Event()
        started = time.monotonic()

        def spin():
            for frame in itertools.cycle(self.frames):
                self.stream.write('\r\033[K%s%s %s %s' % (
                    ' ' * indent, frame, what,
                    self.dim('%.1f s' % (time.monotonic() - started))))
                self.stream.flush()
                if done.wait(0.1):
                    break
            self.stream.write('\r\033[K')
            self.stream.flush()

        spinner = threading.Thread(target=spin, daemon=True)
        spinner.start()
        try:
            yield
        finally:
            done.set()
            spinner.join()


def mask_otp(otp, dot):
    """Enough of a one-time password to tell two apart, never all of it."""
    shown = otp[:4] if len(otp) >= 16 else ''
    return shown + dot * 8


# What IPA holds ------------------------------------------------------------

KINDS = ('host', 'service', 'A record')


@dataclasses.dataclass(frozen=True)
class IPAState:
    """The entries of IPA the demo shows: {name: detail} of hosts,
    services and the A records of the domain's zone."""
    hosts: dict
    services: dict
    records: dict

    @classmethod
    def of(cls, emulator, instance_names):
        """The emulator's state now; instance_names maps instance ids to
        the names shown for the hosts made for them."""
        dump = emulator.dump()
        hosts = {}
        for fqdn, host in dump['hosts'].items():
            owner = ownership.host_owner(host)
            details = []
            if owner is None:
                details.append('not novajoin\'s')
            elif owner.instance_id is not None:
                details.append('made for %s' % instance_names.get(
                    owner.instance_id, owner.instance_id))
            else:
                details.append('shared by project %s' % owner.project_id)
            if host['has_password']:
                details.append('one-time password set')
            if host['has_keytab']:
                details.append('enrolled')
            details += host.get('nsosversion', [])
            hosts[fqdn] = ', '.join(details)
        services = {}
        for principal, service in dump['services'].items():
            name = principal.split('@', 1)[0]
            own_host = name.split('/', 1)[1]
            managers = [h for h in service.get('managedby', ())
                        if h != own_host]
            services[name] = ('managed by %s' % ', '.join(sorted(managers))
                              if managers else 'managed by its host only')
        zone = dump['dnszones'][dump['domain'] + '.']['records']
        records = {'%s.%s' % (name, dump['domain']): ', '.join(
            record['arecord'])
            for name, record in zone.items() if record.get('arecord')}
        return cls(hosts, services, records)

    def entries(self):
        """{(kind, name): detail} of everything held."""
        entries = {}
        for kind, held in zip(KINDS, (self.hosts, self.services,
                                      self.records)):
            entries.update({(kind, name): detail
                            for name, detail in held.items()})
        return entries

    def changes(self, after, arrow):
        """Rows (mark, kind, name, detail) of what differs in after."""
        before, now = self.entries(), after.entries()
        rows = []
        for key in sorted(before.keys() | now.keys(),
                          key=lambda k: (KINDS.index(k[0]), k[1])):
            kind, name = key
            if key not in before:
                rows.append(('+', kind, name, now[key]))
            elif key not in now:
                rows.append(('-', kind, name, before[key]))
            elif before[key] != now[key]:
                rows.append(('~', kind, name, '%s %s %s' % (
                    before[key], arrow, now[key])))
        return rows

    def summary(self):
        counts = (len(self.hosts), len(self.services), len(self.records))
        return ', '.join('%d %s%s' % (count, kind, '' if count == 1 else 's')
                         for count, kind in zip(counts, KINDS))


# Messaging -----------------------------------------------------------------

def rabbitmqctl(*args):
    if shutil.which('rabbitmqctl') is None:
        raise DemoError('rabbitmqctl not found: the demo runs on a RabbitMQ '
                        'of this machine (tools/demo installs it)')
    result = subprocess.run(['rabbitmqctl', '--quiet', *args],
                            stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=60)
    if result.returncode != 0:
        raise DemoError('rabbitmqctl %s failed: %s' % (
            ' '.join(args), (result.stderr or result.stdout).strip()))


class RabbitVhost:
    """A RabbitMQ virtual host of the demo's own, so that its queues and
    messages meet no one else's and go with it."""

    def __init__(self):
        self.name = 'novajoin-demo-%s' % uuid.uuid4().hex[:8]
        self.transport_url = 'rabbit://%s@%s/%s' % (
            RABBIT_LOGIN, RABBIT, self.name)

    def create(self):
        rabbitmqctl('add_vhost', self.name)
        rabbitmqctl('set_permissions', '-p', self.name, RABBIT_USER,
                    '.*', '.*', '.*')

    def delete(self):
        rabbitmqctl('delete_vhost', self.name)

    def consumers(self, queue):
        """Consumers of a queue; 0 while nobody declared it."""
        url = 'amqp://%s@%s/%s' % (RABBIT_LOGIN, RABBIT, self.name)
        with kombu.Connection(url, connect_timeout=5) as connection:
            try:
                _, _, consumers = connection.default_channel.queue_declare(
                    queue, passive=True)
            except connection.channel_errors:
                return 0
        return consumers


class CloudNotifier:
    """Notifications sent as nova (control_exchange nova, publisher
    compute.<host>) and neutron (neutron, network.<host>) send them."""

    SERVICES = {'nova': ('nova', 'compute.%s' % COMPUTE_HOST),
                'neutron': ('neutron', 'network.%s' % NETWORK_HOST)}

    def __init__(self, transport_url, topic):
        self.transport_url = transport_url
        self.topic = topic
        self._transports = []
        self._notifiers = {}

    def _notifier(self, service):
        if service not in self._notifiers:
            exchange, publisher_id = self.SERVICES[service]
            conf = cfg.ConfigOpts()
            for group, opts in messaging_opts.list_opts():
                if group in (None, 'DEFAULT'):
                    conf.register_opts(opts)
            conf([], project=service, default_config_files=[])
            # what nova and neutron set with set_transport_defaults()
            conf.set_override('control_exchange', exchange)
            transport = oslo_messaging.get_notification_transport(
                conf, url=self.transport_url)
            self._transports.append(transport)
            self._notifiers[service] = oslo_messaging.Notifier(
                transport, publisher_id=publisher_id, driver='messagingv2',
                topics=[self.topic])
        return self._notifiers[service]

    def send(self, service, event_type, payload):
        context = {'user_id': uuid.uuid4().hex, 'project_id': uuid.uuid4().hex,
                   'request_id': 'req-%s' % uuid.uuid4(), 'is_admin': True,
                   'roles': ['admin']}
        self._notifier(service).info(context, event_type, payload)

    def close(self):
        for transport in self._transports:
            transport.cleanup()
        self._transports.clear()
        self._notifiers.clear()


# The instances -------------------------------------------------------------

@dataclasses.dataclass(eq=False)
class Instance:
    """An instance as nova holds it, with its port in neutron."""
    name: str
    project_id: str
    image_id: str
    image_properties: dict
    metadata: dict
    fixed_ip: str
    instance_id: str = dataclasses.field(
        default_factory=lambda: str(uuid.uuid4()))
    port_id: str = dataclasses.field(
        default_factory=lambda: str(uuid.uuid4()))

    def vendordata_request(self):
        return join_server.vendordata_body(
            self.instance_id, self.project_id, self.name, self.metadata,
            image_id=self.image_id)

    def delete_notification(self, glance_url):
        """compute.instance.delete.end as nova's info_from_instance()
        builds it (fields novajoin does not read trimmed)."""
        return {
            'tenant_id': self.project_id, 'user_id': uuid.uuid4().hex,
            'instance_id': self.instance_id, 'display_name': self.name,
            'hostname': self.name, 'host': COMPUTE_HOST,
            'node': COMPUTE_HOST, 'instance_type': 'm1.small',
            'memory_mb': 2048, 'vcpus': 1, 'root_gb': 20,
            'state': 'deleted', 'state_description': '',
            'image_ref_url': '%s/images/%s' % (glance_url, self.image_id),
            'image_meta': dict(self.image_properties,
                               base_image_ref=self.image_id),
            'metadata': dict(self.metadata),
            'fixed_ips': [{'address': self.fixed_ip, 'type': 'fixed',
                           'version': 4}],
        }


def floatingip_notification(floatingip_id, address, instance=None):
    """floatingip.update.end as neutron sends it: the floating IP after
    the update, associated with the instance's port or with none."""
    return {'floatingip': {
        'id': floatingip_id, 'floating_ip_address': address,
        'floating_network_id': '5a2e6ac6-0000-4000-8000-00000000f10a',
        'port_id': instance.port_id if instance else None,
        'fixed_ip_address': instance.fixed_ip if instance else None,
        'router_id': ('5a2e6ac6-0000-4000-8000-0000000040e7'
                      if instance else None),
        'tenant_id': instance.project_id if instance else None,
        'status': 'ACTIVE' if instance else 'DOWN', 'description': '',
    }}


# The test bed --------------------------------------------------------------

def _tail(text, lines=LOG_TAIL):
    return '\n'.join(text.splitlines()[-lines:])


class NotifyDaemon:
    """novajoin-notify as a process, reading novajoin-server's join.conf,
    with a log file of its own."""

    def __init__(self, conf_path, workdir, env):
        self.conf_path = conf_path
        self.log_path = os.path.join(workdir, 'novajoin-notify.log')
        self.output_path = os.path.join(workdir, 'novajoin-notify.out')
        self.env = env
        self._process = None

    def start(self):
        command = [os.path.join(sysconfig.get_path('scripts'),
                                'novajoin-notify'),
                   '--config-file', self.conf_path,
                   '--log-file', self.log_path]
        with open(self.output_path, 'ab') as output:
            self._process = subprocess.Popen(
                command, env=self.env, stdin=subprocess.DEVNULL,
                stdout=output, stderr=subprocess.STDOUT)

    @property
    def running(self):
        return self._process is not None and self._process.poll() is None

    def stop(self):
        """Stop with SIGTERM, as systemd does; the exit code."""
        if self._process is None:
            return None
        self._process.send_signal(signal.SIGTERM)
        try:
            return self._process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            return 'killed after %d s' % STOP_TIMEOUT
        finally:
            self._process = None

    def log(self):
        return join_server.read_logs(self.log_path, self.output_path)


class Bed:
    """The parts the demo runs, started in order and stopped in reverse.

    Use as a context manager: leaving it stops whatever was started, and
    records in ``daemon_exits`` how novajoin's daemons ended.
    """

    def __init__(self, console):
        self.console = console
        self.kdc = self.ipa = self.keystone = self.cloud = None
        self.vhost = self.server = self.notify = self.notifier = None
        self.daemon_exits = {}
        self._stack = contextlib.ExitStack()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        # A second Ctrl-C must not leave processes behind half-stopped;
        # every stop has a timeout of its own.
        handlers = {signum: signal.signal(signum, signal.SIG_IGN)
                    for signum in STOP_SIGNALS}
        try:
            with self.console.working('stopping what the demo started',
                                      indent=2):
                self._stack.close()
        finally:
            for signum, handler in handlers.items():
                signal.signal(signum, handler)

    def _part(self, name, start, detail):
        """Start one part, showing a spinner, then its line."""
        started = time.monotonic()
        with self.console.working('starting %s' % name, indent=2):
            start()
        self.console.passed('%-16s %s' % (name, detail()),
                            time.monotonic() - started, indent=2)

    def start(self):
        console = self.console
        console.line(console.bold('Test bed'))
        # keystone takes longest and needs no other part: it starts while
        # the others do.
        keystone_started = self._start_keystone()
        self._part('MIT KDC', self._start_kdc, lambda: (
            'realm %s; principals %s, %s' % (
                self.kdc.realm, self.kdc.service_principal.split('@')[0],
                self.kdc.http_principal.split('@')[0])))
        self._part('IPA emulator', self._start_ipa, lambda: (
            '%s, domain %s; %s in role "%s" by novajoin-ipa-setup'
            % (self.ipa.url, self.ipa.domain,
               self.kdc.service_principal.split('@')[0], ipa_setup.ROLE)))
        self._part('RabbitMQ', self._start_vhost, lambda: (
            'virtual host %s at %s' % (self.vhost.name, RABBIT)))
        self._part('keystone', keystone_started.result, lambda: (
            '%s; users nova (service), demo (tenant)'
            % self.keystone.auth_url))
        self._part('cloud stub', self._start_cloud, lambda: (
            'glance, nova and neutron at %s' % self.cloud.url))
        self._part('novajoin-server', self._start_daemons, lambda: (
            '%s, %d workers' % (self.server.vendordata_url, JOIN_WORKERS)))
        self._part('novajoin-notify', self._wait_for_notify, lambda: (
            'topic %s of exchanges nova and neutron, pool %s'
            % (self.topic, NOTIFY_POOL)))
        console.line()

    def _start_keystone(self):
        """Start keystone in a thread; the future of its start."""
        self.keystone = openstack.Keystone()
        executor = concurrent.futures.ThreadPoolExecutor(1)
        starting = executor.submit(self.keystone.start)
        executor.shutdown(wait=False)
        self._stack.callback(self._stop_keystone, starting)
        return starting

    def _stop_keystone(self, starting):
        # stopped once its start is over, or it would start after the stop
        concurrent.futures.wait([starting])
        self.keystone.stop()

    def _start_kdc(self):
        self.kdc = KDC()
        self._stack.callback(self.kdc.stop)
        self.kdc.activate()

    def _start_ipa(self):
        self.ipa = IPAEmulator(hostname=self.kdc.hostname,
                               realm=self.kdc.realm,
                               keytab=self.kdc.http_keytab)
        self.ipa.start()
        self._stack.callback(self.ipa.stop)
        realm.grant_novajoin_role(self.kdc, self.ipa.url, self.ipa.domain,
                                  self.ipa)

    def _start_cloud(self):
        self.cloud = openstack.CloudStub(self.keystone)
        self._stack.callback(self.cloud.stop)
        self.cloud.start()

    def _start_vhost(self):
        vhost = RabbitVhost()
        vhost.create()
        self.vhost = vhost
        self._stack.callback(vhost.delete)

    @property
    def topic(self):
        return self.server.conf['DEFAULT']['notifications_topic']

    def _start_daemons(self):
        """novajoin-notify starts while novajoin-server does, both reading
        the join.conf written here."""
        self.server = join_server.JoinServer(
            self.kdc, self.ipa, self.keystone, workers=JOIN_WORKERS,
            options={'transport_url': self.vhost.transport_url,
                     'notifications_topic': 'novajoin_notifications',
                     'notifications_pool': NOTIFY_POOL})
        self._stack.callback(self.server.cleanup)
        self.notify = NotifyDaemon(self.server.conf_path,
                                   self.server.workdir,
                                   dict(os.environ, **self.kdc.env))
        self._stack.callback(self._stop_daemons)
        with open(self.server.conf_path, 'w', encoding='utf-8') as conf:
            conf.write(join_server.render_conf(self.server.conf))
        self.notify.start()
        self.server.start()

    def _wait_for_notify(self):
        self.notifier = CloudNotifier(self.vhost.transport_url, self.topic)
        self._stack.callback(self.notifier.close)
        deadline = time.monotonic() + START_TIMEOUT
        while self.vhost.consumers(NOTIFY_POOL) < 1:
            if not self.notify.running:
                raise DemoError('novajoin-notify exited:\n%s'
                                % _tail(self.notify.log()))
            if time.monotonic() > deadline:
                raise DemoError('novajoin-notify did not listen in %d s:\n%s'
                                % (START_TIMEOUT, _tail(self.notify.log())))
            time.sleep(0.1)

    def _stop_daemons(self):
        """Stop both daemons at once, as systemd does; record how each
        ended (exit code, and whether its log holds a traceback)."""
        daemons = {SERVER: self.server, NOTIFY: self.notify}
        with concurrent.futures.ThreadPoolExecutor(len(daemons)) as pool:
            exits = {name: pool.submit(daemon.stop)
                     for name, daemon in daemons.items()}
        for name, stopped in exits.items():
            returncode = stopped.result()
            if returncode is not None:
                self.daemon_exits[name] = (
                    returncode, 'Traceback' in daemons[name].log())

    def logs(self):
        """{daemon: log text} of novajoin's daemons."""
        return {SERVER: self.server.log(), NOTIFY: self.notify.log()}

    def keep(self):
        """The join.conf, the URLs and what to try by hand."""
        console = self.console
        with open(self.server.conf_path, encoding='utf-8') as conf_file:
            conf_text = conf_file.read()
        console.line(console.bold('The test bed stays up until Ctrl-C.'))
        console.line()
        console.line(console.bold('join.conf') + ' (%s), read by both daemons'
                     % self.server.conf_path)
        for line in conf_text.rstrip().splitlines():
            console.line('  ' + line)
        console.line()
        console.line(console.bold('URLs'))
        console.table([
            ('novajoin-server', self.server.vendordata_url),
            ('IPA JSON-RPC', self.ipa.url),
            ('IPA state', self.ipa.control_url + 'dump'),
            ('keystone', self.keystone.auth_url),
            ('glance/nova/neutron', self.cloud.url),
            ('RabbitMQ', self.vhost.transport_url),
            ('Kerberos', 'realm %s, KRB5_CONFIG=%s' % (
                self.kdc.realm, self.kdc.krb5_config)),
        ], indent=2)
        console.line()
        console.line(console.bold('Logs'))
        console.line('  ' + self.server.log_path)
        console.line('  ' + self.notify.log_path)
        console.line()
        console.line(console.bold('Try it'))
        for line in self._commands():
            console.line(('  ' + line) if line else '')

    def _commands(self):
        project_id = self.keystone.project_id('demo')
        instance_id = str(uuid.uuid4())
        token_request = {'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': 'nova', 'domain': {'name': 'Default'},
                'password': self.keystone.password('nova')}}},
            'scope': {'project': {'name': 'service',
                                  'domain': {'name': 'Default'}}}}}
        body = join_server.vendordata_body(instance_id, project_id, 'app-1',
                                           {'ipa_enroll': 'True'})
        delete = {'instance_id': instance_id, 'tenant_id': project_id,
                  'hostname': 'app-1', 'metadata': {'ipa_enroll': 'True'}}
        headers = ' '.join(
            '-H %s' % shlex.quote('%s: %s' % item)
            for item in join_server.NOVA_HEADERS.items())
        return [
            '# a token of user nova, as nova\'s [vendordata_dynamic_auth] '
            'gets it',
            'TOKEN=$(curl -si -H "Content-Type: application/json" -d %s '
            '%s/auth/tokens | awk \'tolower($1) == "x-subject-token:" '
            '{print $2}\' | tr -d "\\r")' % (
                shlex.quote(json.dumps(token_request)),
                self.keystone.auth_url),
            '',
            '# nova asks for the vendordata of a new instance app-1 of '
            'project demo',
            'curl -s %s -H "X-Auth-Token: $TOKEN" -d %s %s; echo' % (
                headers, shlex.quote(json.dumps(body)),
                self.server.vendordata_url),
            '',
            '# what IPA holds now',
            'curl -s %sdump | python3 -m json.tool' % self.ipa.control_url,
            '',
            '# nova deletes app-1',
            '%s -m novajoin.testing.demo publish --transport-url %s '
            'nova compute.instance.delete.end %s' % (
                sys.executable, self.vhost.transport_url,
                shlex.quote(json.dumps(delete))),
        ]


# The walk-through ----------------------------------------------------------

class StepFailed(DemoError):
    """A step did not do what it said; daemon names the one at work."""

    def __init__(self, problem, daemon):
        super().__init__(problem)
        self.daemon = daemon


class Walkthrough:
    """The life of web-1, db-1 and plain-1 as nova and neutron drive it,
    each step checked against what it printed."""

    STEPS = 9

    def __init__(self, bed, console):
        self.bed = bed
        self.console = console
        self.number = 0
        self.started = self.daemon = None
        keystone, cloud = bed.keystone, bed.cloud
        self.domain = bed.ipa.domain
        self.project_id = keystone.project_id('demo')
        debian = {'os_distro': 'debian', 'os_version': '12'}
        rhel = {'os_distro': 'rhel', 'os_version': '9.4',
                'ipa_enroll': 'True'}
        debian_id = cloud.add_image(debian)
        rhel_id = cloud.add_image(rhel)
        self.web = Instance('web-1', self.project_id, debian_id, debian,
                            {'ipa_enroll': 'True'}, '10.0.0.11')
        self.db = Instance('db-1', self.project_id, rhel_id, rhel,
                           {'compact_service_HTTP':
                            '["internalapi", "storage"]'}, '10.0.0.12')
        self.plain = Instance('plain-1', self.project_id, debian_id, debian,
                              {}, '10.0.0.13')
        self.instances = (self.web, self.db, self.plain)
        self.names = {i.instance_id: i.name for i in self.instances}
        # nova's service user, as [vendordata_dynamic_auth] configures it
        self.nova = keystone.session('nova')
        self.tenant = keystone.session('demo')

    def fqdn(self, name):
        return '%s.%s' % (name, self.domain)

    def state(self):
        return IPAState.of(self.bed.ipa, self.names)

    def run(self):
        # the realm's own entries: the controller and its nova/ service
        self.realm_entries = set(self.state().entries())
        for step in (self.boot_web, self.web_asks_again, self.boot_db,
                     self.boot_plain, self.tenant_refused,
                     self.no_token_refused, self.associate_floating_ips,
                     self.disassociate_floating_ip, self.delete_instances):
            step()

    # output and checks -----------------------------------------------------

    def title(self, text, daemon):
        """Start a step that daemon carries out."""
        self.daemon = daemon
        self.number += 1
        self.console.line(self.console.bold('%d/%d %s' % (
            self.number, self.STEPS, text)))
        self.started = time.monotonic()

    def expect(self, condition, problem):
        if not condition:
            self.console.failed(problem)
            raise StepFailed(problem, self.daemon)

    def conclude(self, before, check, claim, wait=False):
        """Show what changed in IPA since before and pass the step when
        check(state) finds nothing wrong (None); with wait, the step's
        daemon gets WORK_TIMEOUT seconds to get there."""
        state = self.state()
        problem = check(state)
        if problem and wait:
            deadline = time.monotonic() + WORK_TIMEOUT
            with self.console.working('%s is at work' % self.daemon):
                while problem and time.monotonic() < deadline:
                    time.sleep(0.05)
                    state = self.state()
                    problem = check(state)
        rows = before.changes(state, self.console.arrow)
        if rows:
            self.console.table([('IPA' if number == 0 else '',) + row
                                for number, row in enumerate(rows)])
        else:
            self.console.line(self.console.dim('    IPA unchanged (%s)'
                                               % state.summary()))
        if problem:
            self.expect(False, problem + (' after %d s' % WORK_TIMEOUT
                                          if wait else ''))
        self.console.passed(claim, time.monotonic() - self.started)
        self.console.line()

    def vendordata(self, instance, session, who):
        """POST /v1 as nova's DynamicVendorData does, with a token of the
        session's user (none without a session); shows the answer."""
        body = json.dumps(instance.vendordata_request())
        try:
            if session is None:
                response = requests.post(self.bed.server.vendordata_url,
                                         data=body, timeout=30,
                                         headers=join_server.NOVA_HEADERS)
            else:
                response = session.request(
                    self.bed.server.vendordata_url, 'POST', data=body,
                    headers=join_server.NOVA_HEADERS, timeout=30,
                    raise_exc=False)
        except (requests.RequestException,
                keystoneauth_exceptions.ClientException) as exc:
            self.expect(False, 'novajoin-server did not answer: %s' % exc)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        shown = dict(answer) if isinstance(answer, dict) else answer
        if isinstance(shown, dict) and isinstance(shown.get('ipaotp'), str):
            shown['ipaotp'] = mask_otp(shown['ipaotp'], self.console.dot)
        if answer is not None:
            shown = json.dumps(shown, ensure_ascii=False)
        else:
            shown = response.text[:200]
        self.console.line('    POST /v1 %s for %s %s %d %s' % (
            who, instance.name, self.console.arrow, response.status_code,
            shown))
        return response.status_code, answer

    def otp_in_ipa(self, fqdn):
        ipa = self.bed.ipa
        with ipa.lock:
            host = ipa.directory.hosts.get(fqdn)
            return host.get('userpassword', [None])[0] if host else None

    def enrolled(self, instance, answer):
        """What is wrong with the answer to an enrollment, or None."""
        fqdn = self.fqdn(instance.name)
        expected = {'hostname': fqdn, 'krb_realm': self.bed.kdc.realm}
        if not isinstance(answer, dict) or not isinstance(
                answer.get('ipaotp'), str) or {
                k: answer.get(k) for k in expected} != expected:
            return 'expected %s and a one-time password' % json.dumps(
                expected)
        if self.otp_in_ipa(fqdn) != answer['ipaotp']:
            return 'IPA does not hold the one-time password of the answer'
        return None

    # the steps -------------------------------------------------------------

    def boot_web(self):
        web = self.web
        self.title('Boot web-1 with ipa_enroll=True: nova asks '
                   'novajoin-server for its vendordata', SERVER)
        self.bed.cloud.add_server(web.instance_id, web.name, web.project_id,
                                  web.metadata, web.image_id)
        self.bed.cloud.add_port(web.port_id, web.instance_id, [web.fixed_ip])
        before = self.state()
        status, answer = self.vendordata(web, self.nova, 'as nova')
        self.expect(status == 200, 'expected 200, got %d' % status)
        problem = self.enrolled(web, answer)
        self.expect(problem is None, problem)
        self.web_otp = answer['ipaotp']
        fqdn = self.fqdn(web.name)
        self.conclude(before, lambda state: None if fqdn in state.hosts
                      else 'IPA has no host %s' % fqdn,
                      'host %s in IPA with the one-time password nova hands '
                      'the instance' % fqdn)

    def web_asks_again(self):
        self.title('web-1 asks again (cloud-init retries, or another '
                   'metadata server asks): the same password', SERVER)
        before = self.state()
        status, answer = self.vendordata(self.web, self.nova, 'as nova')
        self.expect(status == 200, 'expected 200, got %d' % status)
        self.expect(isinstance(answer, dict)
                    and answer.get('ipaotp') == self.web_otp,
                    'expected the one-time password of the first answer')
        self.conclude(before, lambda state: None if state == before
                      else 'IPA changed',
                      'the same one-time password, IPA untouched')

    def boot_db(self):
        db = self.db
        self.title('Boot db-1 from an image with ipa_enroll=True, and '
                   'compact_service_HTTP=%s' % db.metadata[
                       'compact_service_HTTP'], SERVER)
        self.bed.cloud.add_server(db.instance_id, db.name, db.project_id,
                                  db.metadata, db.image_id)
        self.bed.cloud.add_port(db.port_id, db.instance_id, [db.fixed_ip])
        before = self.state()
        status, answer = self.vendordata(db, self.nova, 'as nova')
        self.expect(status == 200, 'expected 200, got %d' % status)
        problem = self.enrolled(db, answer)
        self.expect(problem is None, problem)
        fqdn = self.fqdn(db.name)
        sub_hosts = [self.fqdn('db-1.%s' % network)
                     for network in ('internalapi', 'storage')]

        def check(state):
            missing = [h for h in [fqdn] + sub_hosts if h not in state.hosts]
            missing += ['HTTP/%s' % h for h in sub_hosts
                        if state.services.get('HTTP/%s' % h)
                        != 'managed by %s' % fqdn]
            return 'missing in IPA: %s' % ', '.join(missing) if missing \
                else None

        self.conclude(before, check, 'host, sub-hosts and HTTP services '
                      'managed by %s' % fqdn)

    def boot_plain(self):
        plain = self.plain
        self.title('Boot plain-1 without enrollment: nova asks all the '
                   'same', SERVER)
        self.bed.cloud.add_server(plain.instance_id, plain.name,
                                  plain.project_id, plain.metadata,
                                  plain.image_id)
        self.bed.cloud.add_port(plain.port_id, plain.instance_id,
                                [plain.fixed_ip])
        before = self.state()
        status, answer = self.vendordata(plain, self.nova, 'as nova')
        self.expect((status, answer) == (200, {}),
                    'expected 200 {}, got %d %s' % (status, answer))
        self.conclude(before, lambda state: None if state == before
                      else 'IPA changed', 'nothing for plain-1 in IPA')

    def refused(self, session, who, status, claim):
        before = self.state()
        got, _ = self.vendordata(self.web, session, who)
        self.expect(got == status, 'expected %d, got %d' % (status, got))
        self.conclude(before, lambda state: None if state == before
                      else 'IPA changed', claim)

    def tenant_refused(self):
        self.title('A tenant calls novajoin-server with its own token',
                   SERVER)
        self.refused(self.tenant, 'as user demo (project demo)', 403,
                     '403: only nova may ask, IPA untouched')

    def no_token_refused(self):
        self.title('A request without a token', SERVER)
        self.refused(None, 'without a token', 401,
                     '401: keystone\'s token check comes first, IPA '
                     'untouched')

    def associate_floating_ips(self):
        self.title('neutron associates floating IPs with web-1 and db-1',
                   NOTIFY)
        self.floating_ips = {self.web: (str(uuid.uuid4()), '203.0.113.10'),
                             self.db: (str(uuid.uuid4()), '203.0.113.20')}
        before = self.state()
        for instance, (floatingip_id, address) in self.floating_ips.items():
            self.console.line('    neutron sends floatingip.update.end: '
                              '%s on the port of %s' % (address,
                                                        instance.name))
            self.bed.notifier.send('neutron', 'floatingip.update.end',
                                   floatingip_notification(
                                       floatingip_id, address, instance))
        expected = {self.fqdn(i.name): address
                    for i, (_, address) in self.floating_ips.items()}

        def check(state):
            return None if state.records == expected else \
                'expected the A records %s' % ', '.join(
                    '%s %s' % record for record in expected.items())

        self.conclude(before, check, 'an A record for each, in zone %s'
                      % self.domain, wait=True)

    def disassociate_floating_ip(self):
        self.title('neutron disassociates the floating IP of web-1', NOTIFY)
        floatingip_id, address = self.floating_ips[self.web]
        before = self.state()
        self.console.line('    neutron sends floatingip.update.end: %s on '
                          'no port' % address)
        self.bed.notifier.send('neutron', 'floatingip.update.end',
                               floatingip_notification(floatingip_id,
                                                       address))
        web, db = self.fqdn(self.web.name), self.fqdn(self.db.name)

        def check(state):
            if web in state.records:
                return 'the A record of web-1 is still there'
            if db not in state.records:
                return 'the A record of db-1 went too'
            return None

        self.conclude(before, check, 'the A record of web-1 is gone, '
                      'db-1\'s stays', wait=True)

    def delete_instances(self):
        self.title('nova deletes web-1, db-1 and plain-1', NOTIFY)
        before = self.state()
        glance_url = self.bed.cloud.url + '/v2'
        for instance in self.instances:
            self.console.line('    nova sends compute.instance.delete.end '
                              'for %s' % instance.name)
            self.bed.notifier.send('nova', 'compute.instance.delete.end',
                                   instance.delete_notification(glance_url))
        ignored = ('Deleted instance %s did not ask for enrollment'
                   % self.plain.instance_id)

        def check(state):
            left = set(state.entries()) - self.realm_entries
            if left:
                return 'still in IPA: %s' % ', '.join(
                    name for _, name in sorted(left))
            if ignored not in self.bed.notify.log():
                return 'novajoin-notify did not log that it left plain-1 ' \
                       'alone'
            return None

        self.conclude(before, check, 'hosts, sub-hosts, services and A '
                      'records gone; plain-1 had nothing to remove',
                      wait=True)


# Entry points --------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='tools/demo',
        description='Walk instances through their life with novajoin, '
                    'nova, neutron and IPA played on this machine.')
    parser.add_argument('--keep', action='store_true',
                        help='leave the test bed running at the end, print '
                             'join.conf, the URLs and commands to try by '
                             'hand, and wait for Ctrl-C')
    return parser.parse_args(argv)


def run_demo(args, console):
    """The demo; its exit status."""
    started = time.monotonic()
    console.line(console.bold(
        'novajoin demo: nova, neutron, keystone and FreeIPA played on this '
        'machine'))
    console.line()
    succeeded = keeping = False
    bed = Bed(console)
    try:
        with bed:
            bed.start()
            walkthrough = Walkthrough(bed, console)
            try:
                walkthrough.run()
                succeeded = True
            except StepFailed as failure:
                console.line(console.dim('    the end of the log of %s, '
                                         'without debug lines:'
                                         % failure.daemon))
                log = bed.logs()[failure.daemon].splitlines()
                for line in [line for line in log
                             if ' DEBUG ' not in line][-LOG_TAIL:]:
                    console.line(console.dim('      ' + line))
            if args.keep:
                bed.keep()
                keeping = True
                while True:
                    time.sleep(3600)
    except (KeyboardInterrupt, Interrupted):
        console.line()
        if not keeping:
            console.failed('interrupted; everything the demo started is '
                           'stopped', indent=0)
            return 130
    except DemoError as exc:
        console.failed(str(exc), indent=2)
        return 1
    for name, (returncode, traceback) in sorted(bed.daemon_exits.items()):
        if returncode != 0 or traceback:
            console.failed('%s ended with %s%s' % (
                name, returncode, ', a traceback in its log'
                if traceback else ''), indent=0)
            succeeded = False
    took = time.monotonic() - started
    if succeeded:
        console.passed('every step did what it said; the daemons stopped '
                       'cleanly and the test bed is gone', took, indent=0)
        return 0
    console.failed('the demo failed; the test bed is gone%s' % (
        '' if args.keep else ' (--keep keeps it up to look into)'), indent=0)
    return 1


def publish_main(argv):
    parser = argparse.ArgumentParser(
        prog='python -m novajoin.testing.demo publish',
        description='Send one notification as nova (exchange nova, '
                    'publisher compute.%s) or neutron (exchange neutron, '
                    'publisher network.%s) sends it.' % (COMPUTE_HOST,
                                                         NETWORK_HOST))
    parser.add_argument('--transport-url', required=True)
    parser.add_argument('--topic', default='novajoin_notifications')
    parser.add_argument('service', choices=sorted(CloudNotifier.SERVICES))
    parser.add_argument('event_type')
    parser.add_argument('payload', type=json.loads,
                        help='the payload, a JSON object')
    args = parser.parse_args(argv)
    notifier = CloudNotifier(args.transport_url, args.topic)
    try:
        notifier.send(args.service, args.event_type, args.payload)
    finally:
        notifier.close()
    print('sent %s to topic %s of exchange %s' % (
        args.event_type, args.topic, CloudNotifier.SERVICES[args.service][0]))
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ['publish']:
        return publish_main(argv[1:])
    args = parse_args(argv)
    for signum in STOP_SIGNALS[1:]:
        signal.signal(signum, _interrupt)
    return run_demo(args, Console())


if __name__ == '__main__':
    sys.exit(main())
