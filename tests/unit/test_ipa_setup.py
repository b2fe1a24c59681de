"""The IPA role setup against the emulator (in this process, no HTTP), and
the IPA options of the setup tools."""

import argparse
import io

import pytest

from novajoin.cmd import ipa_setup as ipa_setup_cmd
from novajoin.ipa import client as ipa_client
from novajoin.ipa.errors import ipa_errors
from novajoin import ipa_setup
from novajoin.testing.emulator import IPAEmulator

HOST = 'controller.example.test'
SERVICE = 'nova/%s@EXAMPLE.TEST' % HOST


class InProcessClient(ipa_client.IPAClient):
    """The client's typed calls, run by the emulator as admin."""

    def __init__(self, emulator):
        self.emulator = emulator

    def send(self, call):
        return call.unpack(self.emulator.call(call.method, *call.args,
                                              **call.options))


@pytest.fixture(scope='module')
def server():
    return IPAEmulator(hostname='ipa.example.test')


@pytest.fixture
def ipa(server):
    server.reset()
    return server


@pytest.fixture
def setup(ipa):
    return ipa_setup.RoleSetup(InProcessClient(ipa), HOST, 'EXAMPLE.TEST')


def apply(changes):
    for change in changes:
        change.apply()


def test_only_what_is_missing_is_planned(ipa, setup):
    # A realm where novajoin 1.3.0 made the role with its own list.
    ipa.add_host(HOST, has_keytab=True)
    ipa.call('service_add', 'nova/%s' % HOST, force=True)
    ipa.call('permission_add', 'Modify service managedBy attribute',
             ipapermright='write', type='service', attrs='managedby')
    ipa.call('privilege_add', ipa_setup.PRIVILEGE)
    ipa.call('privilege_add_permission', ipa_setup.PRIVILEGE,
             permission=['System: Add Hosts', 'System: Remove Hosts',
                         'modify service managedBy attribute'])
    ipa.call('role_add', ipa_setup.ROLE)
    ipa.call('role_add_privilege', ipa_setup.ROLE,
             privilege=ipa_setup.PRIVILEGE)

    changes = setup.changes()

    assert [change.done for change in changes] == [
        'added %d permissions to privilege "Nova Host Management"'
        % (len(ipa_setup.PERMISSIONS) - 3),
        'added service %s to role "Nova Host Manager"' % SERVICE]
    assert '"System: Add Hosts"' not in changes[0].todo
    assert '"Revoke Certificate"' in changes[0].todo
    apply(changes)
    assert setup.changes() == []


def test_a_permission_ipa_lacks_stops_the_setup(ipa, setup):
    ipa.add_host(HOST, has_keytab=True)
    with ipa.lock:
        del ipa.directory.permissions['system: remove hosts']
    changes = setup.changes()

    with pytest.raises(ipa_setup.SetupError) as error:
        apply(changes)

    assert str(error.value) == (
        'IPA did not add permissions to privilege "Nova Host Management": '
        'System: Remove Hosts: permission not found')


def test_entries_made_meanwhile_are_as_good(ipa, setup):
    ipa.add_host(HOST, has_keytab=True)
    changes = setup.changes()
    # another controller runs the setup at the same time
    apply(ipa_setup.RoleSetup(InProcessClient(ipa), HOST,
                              'EXAMPLE.TEST').changes())

    apply(changes)

    assert setup.changes() == []


def test_a_missing_host_needs_enrollment_or_precreate(ipa, setup):
    with pytest.raises(ipa_setup.SetupError) as error:
        setup.changes()
    assert str(error.value).startswith('host %s is not in IPA' % HOST)
    assert 'novajoin-ipa-setup --precreate' in str(error.value)


def test_precreate_makes_the_host_with_its_otp(ipa, setup):
    changes = setup.changes(precreate=True)
    assert changes[0].todo == ('create host %s with a one-time password'
                               % HOST)
    assert changes[1].todo == 'create service %s' % SERVICE
    assert setup.otp is None

    apply(changes)

    with ipa.lock:
        assert ipa.directory.hosts[HOST]['userpassword'] == [setup.otp]


def test_precreate_renews_the_otp_of_a_host_not_enrolled(ipa, setup):
    ipa.add_host(HOST, userpassword='old')

    changes = setup.changes(precreate=True)
    apply(changes)

    assert changes[0].done.startswith('set a new one-time password on host')
    with ipa.lock:
        assert ipa.directory.hosts[HOST]['userpassword'] == [setup.otp]
    assert setup.otp != 'old'


def test_precreate_refuses_an_enrolled_host(ipa, setup):
    ipa.add_host(HOST, has_keytab=True)
    with pytest.raises(ipa_setup.HostEnrolled):
        setup.changes(precreate=True)


def test_a_host_enrolled_between_plan_and_change(ipa, setup):
    ipa.add_host(HOST, userpassword='old')
    changes = setup.changes(precreate=True)
    ipa.enroll(HOST)

    with pytest.raises(ipa_setup.HostEnrolled):
        changes[0].apply()
    assert setup.otp is None


# The IPA options of the tools ---------------------------------------------

def arguments(*argv):
    parser = argparse.ArgumentParser()
    ipa_setup_cmd.add_ipa_arguments(parser, 'principal')
    parser.add_argument('--hostname')
    return parser.parse_args(list(argv))


CLIENT_CONF = {'server': 'ipa1.example.test', 'realm': 'EXAMPLE.TEST',
               'domain': 'example.test', 'host': 'api.example.test'}


def test_the_machine_s_ipa_client_configuration_is_the_default():
    connection = ipa_setup_cmd.IPAConnection(
        arguments('--password', 'p'), CLIENT_CONF)
    assert connection.url == 'https://ipa1.example.test/ipa/json'
    assert connection.server == 'ipa1.example.test'
    assert connection.principal == 'admin@EXAMPLE.TEST'
    assert connection.fqdn(None, CLIENT_CONF) == 'api.example.test'
    assert connection.fqdn('Undercloud', CLIENT_CONF) == (
        'undercloud.example.test')


def test_arguments_win_over_the_machine_s_configuration():
    connection = ipa_setup_cmd.IPAConnection(
        arguments('--url', 'http://localhost:8080/ipa/json', '--realm',
                  'OTHER.TEST', '--domain', 'Other.Test.', '--principal',
                  'setup@OTHER.TEST', '--password', 'p'), CLIENT_CONF)
    assert connection.url == 'http://localhost:8080/ipa/json'
    assert connection.server == 'localhost'
    assert (connection.realm, connection.domain) == ('OTHER.TEST',
                                                     'other.test')
    assert connection.principal == 'setup@OTHER.TEST'


@pytest.mark.parametrize('argv, message', [
    (['--password', 'p'], 'where is IPA?'),
    (['--server', 'ipa', '--password', 'p'], 'give the Kerberos realm'),
])
def test_what_a_machine_without_ipa_client_must_be_told(argv, message):
    with pytest.raises(ipa_setup_cmd.ToolError) as error:
        ipa_setup_cmd.IPAConnection(arguments(*argv), {})
    assert str(error.value).startswith(message)


def test_a_short_hostname_needs_a_domain():
    connection = ipa_setup_cmd.IPAConnection(
        arguments('--server', 'ipa', '--realm', 'R', '--password', 'p'), {})
    with pytest.raises(ipa_setup_cmd.ToolError):
        connection.fqdn('undercloud', {})


def test_the_password_file_loses_its_line_end_only(tmp_path):
    secret = tmp_path / 'password'
    secret.write_text(' pass word \n')
    args = arguments('--password-file', str(secret))
    assert ipa_setup_cmd.read_password(args, 'admin') == ' pass word '


def test_no_password_and_no_terminal(monkeypatch):
    monkeypatch.setattr('sys.stdin', io.StringIO())
    with pytest.raises(ipa_setup_cmd.ToolError) as error:
        ipa_setup_cmd.read_password(arguments(), 'admin@EXAMPLE.TEST')
    assert str(error.value) == (
        'no password for admin@EXAMPLE.TEST: give --password-file, or run '
        'on a terminal to be asked for it')


def test_run_tool_turns_failures_into_one_line(capsys):
    def refused():
        raise ipa_errors.ACIError(info='Insufficient access')

    def broken():
        raise KeyError('x')

    assert ipa_setup_cmd.run_tool('tool', refused, False) == 1
    assert ipa_setup_cmd.run_tool('tool', broken, False) == 1
    assert capsys.readouterr().err == (
        'tool: IPA refused: Insufficient access: Insufficient access\n'
        'tool: unexpected error: KeyError: \'x\'\n')
