"""novajoin-install: set novajoin up on a controller that is an IPA client.

The steps, in order, each saying what it did:

1. ``join.conf``: /etc/novajoin/join.conf from the arguments and the IPA
   client configuration of the machine (/etc/ipa/default.conf);
2. ``files``: the cloud-config and the enrollment script (replaced when
   novajoin ships new ones) and the Paste file (installed when missing) in
   /etc/novajoin;
3. ``IPA role``: the service principal nova/<hostname> and its role
   (``novajoin.ipa_setup``);
4. ``keytab``: the service's keys in /etc/novajoin/krb5.keytab, retrieved
   with FreeIPA's ``ipa-getkeytab``, checked by logging in to IPA with them
   (a keytab that exists is only checked: new keys would replace the ones
   IPA holds);
5. ``nova.conf``: nova's metadata service calls novajoin (DynamicJSON
   vendordata), serves the cloud-config (StaticJSON), and sends
   notifications to novajoin's topic;
6. ``neutron.conf``: neutron sends notifications to novajoin's topic;
7. ``glance``: a metadata definition namespace for ``ipa_enroll``,
   ``ipa_hostclass`` and ``ipa_host_location``, with the OpenStack
   credentials of the environment (``OS_*``, as the OpenStack CLIs take
   them).

Every step first looks at what is there, so that a second run writes
nothing. Configuration files are edited in place: their comments and every
line novajoin does not set are kept. ``--dry-run`` prints the changes as
unified diffs (secrets masked) and writes nothing; ``--root`` works on
another root directory. A failing step stops the run with one line that
says which step, why, and which steps are left.
"""

import argparse
import contextlib
import difflib
import getpass
import grp
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile

from glanceclient import client as glance_client
from glanceclient import exc as glance_exc
import gssapi
from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1 import loading as ks_loading

from novajoin.cmd import ipa_setup as ipa_setup_cmd
from novajoin import ipa_setup
from novajoin.ipa import client as ipa_client
from novajoin.ipa import errors as ipa_client_errors
from novajoin.ipa.errors import ipa_errors

PROG = 'novajoin-install'

JOIN_DIR = '/etc/novajoin'
JOIN_CONF = JOIN_DIR + '/join.conf'
KEYTAB = JOIN_DIR + '/krb5.keytab'
CLOUD_CONFIG = 'cloud-config-novajoin.json'
ENROLLMENT_SCRIPT = 'setup-ipa-client.sh'
PASTE_CONFIG = 'join-api-paste.ini'
NOVA_CONF = '/etc/nova/nova.conf'
NEUTRON_CONF = '/etc/neutron/neutron.conf'
LOG_DIR = '/var/log/novajoin'

DEFAULT_JOIN_PORT = 9090
NOTIFICATIONS_TOPIC = 'novajoin_notifications'
# nova's default; 30 s leaves novajoin time to reach IPA under load.
VENDORDATA_READ_TIMEOUT = 30

# Where the enrollment script lands on an instance, and where it logs.
INSTANCE_SCRIPT = '/root/setup-ipa-client.sh'
INSTANCE_LOG = '/var/log/setup-ipa-client.log'

GLANCE_NAMESPACE = 'OS::Identity::IPA'
GLANCE_PROPERTIES = {
    'ipa_enroll': {
        'title': 'Enroll in IPA',
        'description': 'Enroll the instance into the IPA realm as it '
                       'boots (novajoin).',
        'type': 'boolean',
    },
    'ipa_hostclass': {
        'title': 'IPA host class',
        'description': 'Class (userclass) of the instance\'s IPA host, '
                       'which IPA automember rules can act on.',
        'type': 'string',
    },
    'ipa_host_location': {
        'title': 'IPA host location',
        'description': 'Location (nshostlocation) of the instance\'s IPA '
                       'host.',
        'type': 'string',
    },
}
GLANCE_NAMESPACE_BODY = {
    'namespace': GLANCE_NAMESPACE,
    'display_name': 'IPA enrollment',
    'description': 'Enrollment of instances into an IPA realm by novajoin: '
                   'IPA is a centralized identity management system for '
                   'users, groups, hosts, access control and sudo rules.',
    'visibility': 'public',
    'protected': True,
    'resource_type_associations': [
        {'name': 'OS::Glance::Image'},
        {'name': 'OS::Nova::Server', 'properties_target': 'metadata'},
    ],
    'properties': GLANCE_PROPERTIES,
}

# Values never shown in diffs.
_SECRET_KEY = re.compile(r'password|secret|transport_url|connection',
                         re.IGNORECASE)


class StepError(ipa_setup_cmd.ToolError):
    """A step cannot be completed; the message says why."""


# Configuration files, edited in place ------------------------------------

_SECTION = re.compile(r'\s*\[\s*([^\]]+?)\s*\]')
_ASSIGNMENT = re.compile(r'([^#;\s\[][^=:]*?)\s*[=:]\s*(.*?)\s*$')
_CONTINUATION = re.compile(r'[ \t]+\S')


class IniFile:
    """An oslo.config INI file, changed line by line.

    Only the lines of the options that are set change; comments, blank
    lines, the order of sections and every other option stay as they are.
    A new option goes after its commented-out sample line when the file
    has one (``#option = default``, as nova's and neutron's samples do),
    else at the end of its section.
    """

    def __init__(self, text):
        self.lines = text.splitlines(keepends=True)
        self.changed_sections = []

    def _changed(self, section):
        if section not in self.changed_sections:
            self.changed_sections.append(section)

    @property
    def text(self):
        return ''.join(self.lines)

    def _sections(self):
        """(name, first line, end) of each block; a section can have many."""
        blocks = []
        name, start = None, 0
        for index, line in enumerate(self.lines):
            match = _SECTION.match(line)
            if match:
                blocks.append((name, start, index))
                name, start = match.group(1), index + 1
        blocks.append((name, start, len(self.lines)))
        return [block for block in blocks if block[0] is not None]

    def _assignments(self, section, key):
        """Indexes of the lines setting ``key`` in ``section``."""
        found = []
        for name, start, end in self._sections():
            if name != section:
                continue
            for index in range(start, end):
                match = _ASSIGNMENT.match(self.lines[index])
                if match and match.group(1) == key:
                    found.append(index)
        return found

    def values(self, section, key):
        return [_ASSIGNMENT.match(self.lines[index]).group(2)
                for index in self._assignments(section, key)]

    def get(self, section, key):
        """The value oslo.config reads (the last one), None if unset."""
        values = self.values(section, key)
        return values[-1] if values else None

    def set(self, section, key, value):
        """Set one value; True when the file changed."""
        indexes = self._assignments(section, key)
        if indexes:
            index = indexes[-1]
            if _ASSIGNMENT.match(self.lines[index]).group(2) == value:
                return False
            end = index + 1
            while end < len(self.lines) and _CONTINUATION.match(
                    self.lines[end]):
                end += 1
            self.lines[index:end] = [self._line(key, value,
                                                self.lines[index])]
        else:
            self._insert(section, key, value)
        self._changed(section)
        return True

    def add(self, section, key, value):
        """Add a value of a multi-valued option unless it is there."""
        indexes = self._assignments(section, key)
        if value in self.values(section, key):
            return False
        if indexes:
            self.lines.insert(indexes[-1] + 1, self._line(key, value))
        else:
            self._insert(section, key, value)
        self._changed(section)
        return True

    @staticmethod
    def _line(key, value, replaced='\n'):
        ending = '\r\n' if replaced.endswith('\r\n') else '\n'
        return '%s = %s%s' % (key, value, ending)

    def _insert(self, section, key, value):
        blocks = [block for block in self._sections() if block[0] == section]
        if not blocks:
            if self.lines and not self.lines[-1].endswith('\n'):
                self.lines[-1] += '\n'
            if self.lines and self.lines[-1].strip():
                self.lines.append('\n')
            self.lines += ['[%s]\n' % section, self._line(key, value)]
            return
        sample = re.compile(r'[#;]\s*%s\s*[=:]' % re.escape(key))
        for _, start, end in reversed(blocks):
            for index in range(start, end):
                if sample.match(self.lines[index]):
                    self.lines.insert(index + 1, self._line(key, value))
                    return
        _, start, end = blocks[-1]
        position = end
        while position > start and not self.lines[position - 1].strip():
            position -= 1
        if position and not self.lines[position - 1].endswith('\n'):
            self.lines[position - 1] += '\n'
        self.lines.insert(position, self._line(key, value))


def merge_list(current, default, wanted):
    """A comma-separated list option with ``wanted`` added to it."""
    items = [item.strip() for item in current.split(',')] if (
        current is not None) else list(default)
    items = [item for item in items if item]
    items += [item for item in wanted if item not in items]
    return ','.join(items)


def mask_secrets(text):
    lines = []
    for line in text.splitlines(keepends=True):
        match = _ASSIGNMENT.match(line)
        if match and _SECRET_KEY.search(match.group(1)) and match.group(2):
            line = '%s = ****\n' % match.group(1)
        lines.append(line)
    return ''.join(lines)


# The cloud-config that carries the enrollment script ----------------------

def cloud_config(script):
    """The StaticJSON vendordata for nova: cloud-init's ``cloud-init`` key,
    a cloud-config that writes the enrollment script and runs it."""
    content = ''.join('      ' + line if line.strip() else line
                      for line in script.splitlines(keepends=True))
    config = ('#cloud-config\n'
              'write_files:\n'
              '  - path: %s\n'
              '    owner: root:root\n'
              '    permissions: \'0700\'\n'
              '    content: |\n'
              '%s'
              'runcmd:\n'
              '  - [sh, -c, "%s >> %s 2>&1"]\n'
              % (INSTANCE_SCRIPT, content, INSTANCE_SCRIPT, INSTANCE_LOG))
    return json.dumps({'cloud-init': config}, indent=4) + '\n'


def write_cloud_config(script_path, cloud_config_path):
    """Regenerate the checked-in cloud-config from the script (tox)."""
    with open(script_path, encoding='utf-8') as script:
        text = cloud_config(script.read())
    with open(cloud_config_path, 'w', encoding='utf-8') as out:
        out.write(text)
    return 0


def shipped_file(name):
    """A file novajoin ships: installed under the prefix, or in the source
    tree novajoin runs from."""
    source_tree = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    candidates = [os.path.join(sys.prefix, 'share', 'novajoin', name),
                  os.path.join(sys.prefix, 'etc', 'novajoin', name),
                  os.path.join(source_tree, 'files', name),
                  os.path.join(source_tree, 'etc', 'novajoin', name),
                  os.path.join('/usr/share/novajoin', name)]
    for path in candidates:
        if os.path.isfile(path):
            return path
    raise StepError('novajoin\'s %s is not installed (looked in %s)'
                    % (name, ', '.join(os.path.dirname(path)
                                       for path in candidates)))


# The installer -------------------------------------------------------------

class Installer:
    """Runs the steps against a root directory (``/`` on a controller)."""

    def __init__(self, args, out=None):
        self.args = args
        self.out = out or sys.stdout
        self.root = os.path.abspath(args.root)
        self.dry_run = args.dry_run
        self.changed = False
        self.step = None
        try:
            self.user = pwd.getpwnam(args.user)
        except KeyError:
            raise ipa_setup_cmd.ToolError(
                'user %s does not exist on this machine: create it (the '
                'sysusers file novajoin ships does) or give --user'
                % args.user)
        self.ipa_conf = ipa_setup_cmd.read_ipa_client_conf(
            self.path(ipa_setup_cmd.IPA_DEFAULT_CONF))
        self.nova_conf = self.read(NOVA_CONF)
        self.ipa = ipa_setup_cmd.IPAConnection(args, self.ipa_conf)
        if not self.ipa.domain:
            raise ipa_setup_cmd.ToolError(
                'give the DNS domain of IPA with --domain (this machine has '
                'no %s)' % ipa_setup_cmd.IPA_DEFAULT_CONF)
        self.hostname = self.ipa.fqdn(args.hostname, self.ipa_conf)
        self.service = 'nova/%s@%s' % (self.hostname, self.ipa.realm)
        self.keystone = self._keystone_credentials()

    # paths and files -------------------------------------------------------

    def path(self, path):
        """Where ``path`` of the target system is under the root."""
        return os.path.join(self.root, path.lstrip('/'))

    def read(self, path):
        """The text of ``path``, None when it does not exist."""
        try:
            with open(self.path(path), encoding='utf-8') as conf:
                return conf.read()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise StepError('cannot read %s: %s' % (self.path(path), exc))

    def say(self, message):
        print('%s: %s' % (self.step, message), file=self.out)

    def write(self, path, text, mode=None, owner=None, what=None,
              source=None):
        """Make ``path`` (of the target system) hold ``text``, and say so.

        A file that exists keeps its mode and owner unless ``mode`` or
        ``owner`` (uid, gid) say otherwise; a new one is 0644 root:root
        unless they do. ``what`` tells what changed inside the file;
        ``source`` names the file a new one is a copy of, whose text a dry
        run does not print. Returns True when something changed (or would,
        in a dry run).
        """
        real = self.path(path)
        old = self.read(path)
        try:
            stat = os.stat(real)
        except FileNotFoundError:
            stat = None
        mode = mode if mode is not None else (
            stat.st_mode & 0o7777 if stat else 0o644)
        owner = owner if owner is not None else (
            (stat.st_uid, stat.st_gid) if stat else (0, 0))
        metadata = 'mode %04o, owner %s' % (mode, self._owner_name(owner))
        if old is None:
            verbs, report = ('create', 'created'), '%s (%s%s)' % (
                real, metadata, ', a copy of %s' % source if source else '')
        elif old != text:
            verbs, report = ('update', 'updated'), real + (
                ': %s' % what if what else '')
        elif (stat.st_mode & 0o7777, stat.st_uid, stat.st_gid) != (
                mode,) + tuple(owner):
            verbs, report = ('set', 'set'), '%s on %s' % (metadata, real)
        else:
            return False
        if self.dry_run:
            if old != text and not (old is None and source):
                self.out.writelines(difflib.unified_diff(
                    mask_secrets(old or '').splitlines(keepends=True),
                    mask_secrets(text).splitlines(keepends=True),
                    fromfile=real if old is not None else '/dev/null',
                    tofile=real))
            self.say('would %s %s' % (verbs[0], report))
            return True
        self._make_dir(os.path.dirname(path))
        self._replace(real, text.encode('utf-8'), mode, owner)
        self.say('%s %s' % (verbs[1], report))
        return True

    @staticmethod
    def _owner_name(owner):
        try:
            user = pwd.getpwuid(owner[0]).pw_name
        except KeyError:
            user = str(owner[0])
        try:
            group = grp.getgrgid(owner[1]).gr_name
        except KeyError:
            group = str(owner[1])
        return '%s:%s' % (user, group)

    def _make_dir(self, path):
        real = self.path(path)
        if not os.path.isdir(real):
            os.makedirs(real, mode=0o755)
            self.say('created %s' % real)

    @staticmethod
    def _replace(real, content, mode, owner):
        """Write a file whole or not at all, with its mode and owner set
        before anyone can read it."""
        directory, name = os.path.split(real)
        handle, temporary = tempfile.mkstemp(dir=directory,
                                             prefix='.%s.' % name)
        try:
            with os.fdopen(handle, 'wb') as out:
                os.fchown(out.fileno(), *owner)
                os.fchmod(out.fileno(), mode)
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, real)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise

    def write_ini(self, path, settings, mode=None, owner=None,
                  header=''):
        """Apply ``settings`` (callables editing an IniFile) to ``path``."""
        text = self.read(path)
        ini = IniFile(header if text is None else text)
        for setting in settings:
            setting(ini)
        what = 'options of %s' % ', '.join('[%s]' % section for section in
                                           ini.changed_sections)
        if self.write(path, ini.text, mode=mode, owner=owner, what=what):
            return True
        self.say('%s already set up' % self.path(path))
        return False

    # inputs ------------------------------------------------------------------

    def _keystone_credentials(self):
        """The keystone user nova and novajoin call each other with: the
        arguments, else nova's own [keystone_authtoken]."""
        nova = IniFile(self.nova_conf or '')
        section = 'keystone_authtoken'
        credentials = {
            'auth_url': self.args.keystone_auth_url or nova.get(
                section, 'auth_url') or nova.get(section,
                                                 'www_authenticate_uri'),
            'username': self.args.nova_user or nova.get(
                section, 'username') or 'nova',
            'password': self.args.nova_password or nova.get(section,
                                                            'password'),
            'project_name': self.args.project or nova.get(
                section, 'project_name') or 'service',
            'user_domain_name': nova.get(section,
                                         'user_domain_name') or 'Default',
            'project_domain_name': nova.get(
                section, 'project_domain_name') or 'Default',
        }
        if not credentials['auth_url']:
            raise ipa_setup_cmd.ToolError(
                'give --keystone-auth-url (%s has no [keystone_authtoken] '
                'auth_url)' % self.path(NOVA_CONF))
        if not credentials['password']:
            if not sys.stdin.isatty():
                raise ipa_setup_cmd.ToolError(
                    'give --nova-password, the keystone password of user %s'
                    % credentials['username'])
            credentials['password'] = getpass.getpass(
                'Keystone password of user %s: ' % credentials['username'])
        return credentials

    def _messaging_transport(self):
        """The transport nova sends notifications on."""
        nova = IniFile(self.nova_conf or '')
        return (nova.get('oslo_messaging_notifications', 'transport_url') or
                nova.get('DEFAULT', 'transport_url'))

    # steps -------------------------------------------------------------------

    def steps(self):
        return [('join.conf', self.install_join_conf),
                ('files', self.install_files),
                ('IPA role', self.set_up_ipa_role),
                ('keytab', self.install_keytab),
                ('nova.conf', self.configure_nova),
                ('neutron.conf', self.configure_neutron),
                ('glance', self.register_glance_metadata)]

    def run(self):
        steps = self.steps()
        for number, (name, step) in enumerate(steps):
            self.step = name
            try:
                self.changed |= bool(step())
            except (StepError, ipa_setup.SetupError,
                    ipa_client_errors.IPAError, OSError,
                    ks_exceptions.ClientException) as exc:
                raise StepFailed(name, exc, [n for n, _ in steps[number:]])
            except ipa_errors.PublicError as exc:
                raise StepFailed(name, 'IPA refused: %s' % exc,
                                 [n for n, _ in steps[number:]])
        self.step = PROG
        if self.dry_run:
            self.say('dry run: nothing was written')
        elif self.changed:
            self.say('done. Restart nova\'s metadata API and neutron-server, '
                     'and (re)start novajoin-server and novajoin-notify')
        else:
            self.say('nothing changed: novajoin was already installed')
        return 0

    def install_join_conf(self):
        join = IniFile(self.read(JOIN_CONF) or '')
        settings = [
            set_option('DEFAULT', 'url', self.ipa.url),
            set_option('DEFAULT', 'realm', self.ipa.realm),
            set_option('DEFAULT', 'domain', self.ipa.domain),
            set_option('DEFAULT', 'principal', self.service),
            set_option('DEFAULT', 'keytab', KEYTAB),
            set_option('DEFAULT', 'notification_format',
                       self.args.notification_format),
            set_option('DEFAULT', 'log_dir',
                       join.get('DEFAULT', 'log_dir') or LOG_DIR),
        ]
        transport_url = self._messaging_transport()
        if transport_url:
            settings.append(set_option('DEFAULT', 'transport_url',
                                       transport_url))
        settings += set_password_auth('service_credentials', self.keystone)
        settings += set_password_auth('keystone_authtoken', self.keystone)
        settings.append(set_option('keystone_authtoken',
                                   'www_authenticate_uri',
                                   self.keystone['auth_url']))
        return self.write_ini(
            JOIN_CONF, settings, mode=0o640, owner=(0, self.user.pw_gid),
            header='# novajoin configuration, written by novajoin-install.\n'
                   '# join.conf.sample describes every option.\n\n')

    def install_files(self):
        changed = False
        # The cloud-config and the script are novajoin's: a new release
        # replaces them. The Paste pipeline is the operator's to change:
        # installed when missing, never overwritten.
        for name, mode, replace in ((CLOUD_CONFIG, 0o644, True),
                                    (ENROLLMENT_SCRIPT, 0o755, True),
                                    (PASTE_CONFIG, 0o644, False)):
            source = shipped_file(name)
            with open(source, encoding='utf-8') as shipped:
                text = shipped.read()
            target = '%s/%s' % (JOIN_DIR, name)
            current = self.read(target)
            if replace or current is None:
                changed |= self.write(target, text, mode=mode, owner=(0, 0),
                                      source=source)
            elif current != text:
                self.say('kept %s, which differs from the one novajoin '
                         'ships (%s)' % (self.path(target), source))
        if not changed:
            self.say('%s already holds novajoin\'s files'
                     % self.path(JOIN_DIR))
        return changed

    def set_up_ipa_role(self):
        with self.ipa.client() as client:
            setup = ipa_setup.RoleSetup(client, self.hostname,
                                        self.ipa.realm)
            changes = setup.changes()
            for change in changes:
                if self.dry_run:
                    self.say('would %s' % change.todo)
                else:
                    change.apply()
                    self.say(change.done)
        if not changes:
            self.say('IPA already holds the service %s and its role "%s"'
                     % (self.service, ipa_setup.ROLE))
        return bool(changes)

    def install_keytab(self):
        keytab = self.path(KEYTAB)
        owner = (self.user.pw_uid, self.user.pw_gid)
        if not os.path.exists(keytab):
            if self.dry_run:
                self.say('would retrieve the keys of %s into %s with '
                         'ipa-getkeytab' % (self.service, keytab))
                return True
            self._retrieve_keytab(keytab, owner)
            return True
        # New keys would replace the ones IPA holds: only the operator
        # knows whether the keytab is stale or IPA or Kerberos is amiss.
        reason = self._keytab_refusal(keytab)
        if reason is not None:
            raise StepError(
                '%s does not authenticate %s to IPA (%s); if its keys are '
                'stale, remove it and run novajoin-install again to retrieve '
                'new ones' % (keytab, self.service, reason))
        self.say('%s authenticates %s to IPA: kept' % (keytab, self.service))
        stat = os.stat(keytab)
        if (stat.st_mode & 0o7777, stat.st_uid, stat.st_gid) == (
                0o600,) + owner:
            return False
        if not self.dry_run:
            os.chown(keytab, *owner)
            os.chmod(keytab, 0o600)
        self.say('%sset mode 0600 and owner %s on %s'
                 % ('would ' if self.dry_run else '',
                    self._owner_name(owner), keytab))
        return True

    def _keytab_refusal(self, keytab):
        """Why IPA refuses the keys of ``keytab``, None when it takes
        them."""
        client = ipa_client.IPAClient(self.ipa.url, principal=self.service,
                                      keytab=keytab, ca_cert=self.ipa.ca_cert)
        try:
            with client:
                client.ping()
        except ipa_client_errors.IPAAuthenticationError as exc:
            return str(exc)
        return None

    def _retrieve_keytab(self, keytab, owner):
        """ipa-getkeytab into a new file, which replaces the keytab only
        once IPA takes its keys."""
        self._make_dir(JOIN_DIR)
        new = '%s.new' % keytab
        with contextlib.suppress(FileNotFoundError):
            os.unlink(new)
        with self._ipa_admin_ccache() as ccache:
            command = ['ipa-getkeytab', '-s', self.ipa.server, '-p',
                       self.service, '-k', new]
            environ = dict(os.environ, KRB5CCNAME=ccache)
            try:
                result = subprocess.run(command, env=environ,
                                        capture_output=True, text=True,
                                        timeout=120)
            except FileNotFoundError:
                raise StepError('ipa-getkeytab is not installed: install '
                                'the IPA client (ipa-client or '
                                'freeipa-client)')
            except subprocess.TimeoutExpired:
                raise StepError('ipa-getkeytab did not finish in 120 s')
        if result.returncode != 0:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(new)
            error = (result.stderr or result.stdout).strip().splitlines()
            raise StepError('ipa-getkeytab failed (status %d): %s'
                            % (result.returncode,
                               error[-1] if error else 'no message'))
        os.chown(new, *owner)
        os.chmod(new, 0o600)
        reason = self._keytab_refusal(new)
        if reason is not None:
            os.unlink(new)
            raise StepError('IPA refuses the keys ipa-getkeytab retrieved: '
                            '%s' % reason)
        os.replace(new, keytab)
        self.say('retrieved the keys of %s into %s'
                 % (self.service, keytab))

    @contextlib.contextmanager
    def _ipa_admin_ccache(self):
        """A credential cache private to this run, holding a ticket of the
        IPA principal, for ipa-getkeytab."""
        directory = tempfile.mkdtemp(prefix='novajoin-install-')
        ccache = 'FILE:%s' % os.path.join(directory, 'ccache')
        try:
            name = gssapi.Name(self.ipa.principal,
                               gssapi.NameType.kerberos_principal)
            try:
                acquired = gssapi.raw.acquire_cred_with_password(
                    name, self.ipa.password.encode('utf-8'),
                    usage='initiate')
                gssapi.raw.store_cred_into({'ccache': ccache},
                                           acquired.creds, usage='initiate',
                                           overwrite=True)
            except gssapi.exceptions.GSSError as exc:
                raise StepError('cannot get a Kerberos ticket for %s: %s'
                                % (self.ipa.principal, exc.gen_message()))
            yield ccache
        finally:
            shutil.rmtree(directory, ignore_errors=True)

    def configure_nova(self):
        if self.nova_conf is None:
            raise StepError('%s does not exist: run novajoin-install where '
                            'nova\'s metadata API runs'
                            % self.path(NOVA_CONF))
        join = IniFile(self.read(JOIN_CONF) or '')
        port = join.get('DEFAULT', 'join_listen_port') or DEFAULT_JOIN_PORT
        settings = [
            extend_list('api', 'vendordata_providers', ['StaticJSON'],
                        ['StaticJSON', 'DynamicJSON']),
            set_option('api', 'vendordata_jsonfile_path',
                       '%s/%s' % (JOIN_DIR, CLOUD_CONFIG)),
            set_dynamic_target('join', 'http://127.0.0.1:%s/v1' % port),
            set_at_least('api', 'vendordata_dynamic_read_timeout',
                         VENDORDATA_READ_TIMEOUT),
        ]
        settings += set_password_auth('vendordata_dynamic_auth',
                                      self.keystone)
        # vm_and_task_state says more than vm_state; "both" formats
        # include the one novajoin listens to.
        settings += [
            set_unless_one_of('notifications', 'notify_on_state_change',
                              'vm_state', ('vm_and_task_state',)),
            set_unless_one_of('notifications', 'notification_format',
                              self.args.notification_format, ('both',)),
            enable_messaging_driver,
        ]
        if self.args.notification_format == 'versioned':
            settings.append(extend_list(
                'notifications', 'versioned_notifications_topics',
                ['versioned_notifications'], [NOTIFICATIONS_TOPIC]))
        else:
            settings.append(add_notifications_topic)
        return self.write_ini(NOVA_CONF, settings)

    def configure_neutron(self):
        if self.read(NEUTRON_CONF) is None:
            self.say('%s does not exist: set [oslo_messaging_notifications] '
                     'driver = messagingv2 and add %s to its topics on the '
                     'machines that run neutron-server'
                     % (self.path(NEUTRON_CONF), NOTIFICATIONS_TOPIC))
            return False
        return self.write_ini(NEUTRON_CONF, [enable_messaging_driver,
                                             add_notifications_topic])

    def register_glance_metadata(self):
        glance = glance_client.Client(
            '2', session=openstack_session(),
            region_name=os.environ.get('OS_REGION_NAME'),
            interface=os.environ.get('OS_INTERFACE', 'public'))
        try:
            try:
                namespace = glance.metadefs_namespace.get(GLANCE_NAMESPACE)
            except glance_exc.HTTPNotFound:
                namespace = None
            if namespace is None:
                if not self.dry_run:
                    glance.metadefs_namespace.create(**GLANCE_NAMESPACE_BODY)
                self.say('%s the metadata definition namespace %s (%s)'
                         % ('would register' if self.dry_run else
                            'registered', GLANCE_NAMESPACE,
                            ', '.join(GLANCE_PROPERTIES)))
                return True
            present = dict(namespace).get('properties') or {}
            missing = [name for name in GLANCE_PROPERTIES
                       if name not in present]
            for name in missing:
                if not self.dry_run:
                    glance.metadefs_property.create(
                        GLANCE_NAMESPACE, name=name, **GLANCE_PROPERTIES[name])
            if missing:
                self.say('%s %s to the metadata definition namespace %s'
                         % ('would add' if self.dry_run else 'added',
                            ', '.join(missing), GLANCE_NAMESPACE))
                return True
        except glance_exc.BaseException as exc:
            raise StepError('glance refused: %s' % exc)
        self.say('glance already has the metadata definition namespace %s'
                 % GLANCE_NAMESPACE)
        return False


class StepFailed(Exception):
    def __init__(self, step, reason, left):
        self.step = step
        super().__init__(
            'step "%s" failed: %s. Not done: %s; novajoin-install can run '
            'again once that is fixed' % (step, reason, ', '.join(left)))


# Settings: callables that edit an IniFile ---------------------------------

def set_option(section, key, value):
    return lambda ini: ini.set(section, key, value)


def set_password_auth(section, credentials):
    """keystoneauth's password plugin and its credentials."""
    return [set_option(section, 'auth_type', 'password')] + [
        set_option(section, key, value) for key, value in credentials.items()]


def extend_list(section, key, default, items):
    """Add ``items`` to a list option (``default`` when it is unset)."""
    return lambda ini: ini.set(section, key, merge_list(
        ini.get(section, key), default, items))


def set_dynamic_target(name, url):
    """Make ``name@url`` the one vendordata target called ``name``."""
    def setting(ini):
        current = ini.get('api', 'vendordata_dynamic_targets') or ''
        targets = [target.strip() for target in current.split(',')
                   if target.strip() and
                   not target.strip().startswith(name + '@')]
        ini.set('api', 'vendordata_dynamic_targets',
                ','.join(targets + ['%s@%s' % (name, url)]))
    return setting


def set_at_least(section, key, minimum):
    def setting(ini):
        current = ini.get(section, key)
        if current is None or not current.isdigit() or int(
                current) < minimum:
            ini.set(section, key, str(minimum))
    return setting


def set_unless_one_of(section, key, value, acceptable):
    """Set ``key`` to ``value`` unless it holds one of ``acceptable``."""
    def setting(ini):
        if ini.get(section, key) not in acceptable:
            ini.set(section, key, value)
    return setting


def enable_messaging_driver(ini):
    section = 'oslo_messaging_notifications'
    if not {'messaging', 'messagingv2'} & set(ini.values(section, 'driver')):
        ini.add(section, 'driver', 'messagingv2')


add_notifications_topic = extend_list(
    'oslo_messaging_notifications', 'topics', ['notifications'],
    [NOTIFICATIONS_TOPIC])


def openstack_session():
    """A keystone session from the OS_* environment variables."""
    parser = argparse.ArgumentParser(add_help=False)
    ks_loading.register_auth_argparse_arguments(parser, [],
                                                default='password')
    ks_loading.register_session_argparse_arguments(parser)
    options = parser.parse_args([])
    try:
        auth = ks_loading.load_auth_from_argparse_arguments(options)
    except ks_exceptions.MissingRequiredOptions as exc:
        raise StepError('no OpenStack credentials in the environment (%s): '
                        'source the openrc of an admin user'
                        % ', '.join('OS_%s' % o.dest.upper()
                                    for o in exc.options))
    return ks_loading.load_session_from_argparse_arguments(options,
                                                           auth=auth)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog=PROG,
        description='Set novajoin up on this controller, an IPA client: '
                    'join.conf, the IPA service principal and its keytab, '
                    'nova.conf, neutron.conf and the glance metadata '
                    'definitions. Needs OpenStack admin credentials in the '
                    'environment (OS_*).')
    ipa_setup_cmd.add_ipa_arguments(
        parser, 'IPA principal that creates the permissions, privilege, '
                'role and service, and retrieves the keytab (default: '
                'admin)')
    parser.add_argument('--hostname',
                        help='FQDN of this controller (default: the host of '
                             '%s)' % ipa_setup_cmd.IPA_DEFAULT_CONF)
    parser.add_argument('--user', default='novajoin',
                        help='user novajoin-server and novajoin-notify run '
                             'as, who must read the keytab and join.conf '
                             '(default: novajoin)')
    parser.add_argument('--keystone-auth-url', metavar='URL',
                        help='keystone URL (default: auth_url of '
                             '[keystone_authtoken] in nova.conf)')
    parser.add_argument('--nova-user', metavar='NAME',
                        help='keystone user nova calls novajoin as and '
                             'novajoin calls OpenStack as (default: username '
                             'of [keystone_authtoken] in nova.conf, else '
                             'nova)')
    parser.add_argument('--nova-password', metavar='PASSWORD',
                        help='keystone password of that user (default: '
                             'password of [keystone_authtoken] in '
                             'nova.conf, else asked for)')
    parser.add_argument('--project', metavar='NAME',
                        help='keystone project of that user (default: '
                             'project_name of [keystone_authtoken] in '
                             'nova.conf, else service)')
    parser.add_argument('--notification-format', default='unversioned',
                        choices=['unversioned', 'versioned'],
                        help='nova notification format novajoin-notify '
                             'listens to (default: unversioned)')
    parser.add_argument('--root', metavar='DIR', default='/',
                        help='install under DIR instead of / (for tests and '
                             'packagers); the files written name the paths '
                             'of the installed system')
    parser.add_argument('--dry-run', action='store_true',
                        help='print the changes as unified diffs and write '
                             'nothing')
    return parser.parse_args(argv)


def install(args):
    try:
        return Installer(args).run()
    except StepFailed as exc:
        print('%s: %s' % (PROG, exc), file=sys.stderr)
        return 1


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    ipa_setup_cmd.set_up_logging(args.debug)
    return ipa_setup_cmd.run_tool(PROG, lambda: install(args), args.debug)


if __name__ == '__main__':
    sys.exit(main())
