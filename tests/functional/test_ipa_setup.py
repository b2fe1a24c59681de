"""novajoin-ipa-setup against the IPA emulator and the real KDC: password
login, the whole role chain, idempotence, --precreate, failures."""

import subprocess
import sys

import pytest

from novajoin.cmd import ipa_setup as ipa_setup_cmd
from novajoin import ipa_setup

HOST = 'controller.example.test'
SERVICE = 'nova/%s@EXAMPLE.TEST' % HOST
WRITES = {'host_add', 'host_mod', 'service_add', 'permission_add',
          'privilege_add', 'privilege_add_permission', 'role_add',
          'role_add_privilege', 'role_add_member'}


@pytest.fixture
def ipa(fresh_ipa):
    """A fresh FreeIPA server, with FreeIPA's own catalogue of
    permissions, privileges and roles, and nothing of novajoin's."""
    return fresh_ipa


@pytest.fixture
def password_file(kdc, tmp_path):
    path = tmp_path / 'password'
    path.write_text(kdc.admin_password + '\n')
    return str(path)


@pytest.fixture
def setup(ipa, kdc, password_file, capsys):
    """Run novajoin-ipa-setup in this process: (status, stdout, stderr)."""
    def run(*extra):
        argv = ['--url', ipa.url, '--realm', kdc.realm,
                '--password-file', password_file, '--hostname', HOST]
        status = ipa_setup_cmd.main(argv + list(extra))
        out, err = capsys.readouterr()
        return status, out, err
    return run


def role_chain(ipa):
    state = ipa.dump()
    privilege = ipa_setup.PRIVILEGE.lower()
    return {
        'service': SERVICE in state['services'],
        'permissions': sorted(
            entry['cn'][0] for entry in state['permissions'].values()
            if privilege in entry['member']),
        'privilege in role': privilege in state['privileges'] and (
            ipa_setup.ROLE.lower() in state['privileges'][privilege][
                'member']),
        'role members': state['roles'].get(
            ipa_setup.ROLE.lower(), {}).get('member'),
    }


def writes(ipa):
    return {name: count for name, count in ipa.counters()['methods'].items()
            if name in WRITES}


def test_creates_the_role_chain_then_changes_nothing(ipa, setup):
    ipa.add_host(HOST, has_keytab=True)

    status, out, err = setup()

    assert (status, out) == (0, '')
    assert role_chain(ipa) == {
        'service': True,
        'permissions': sorted(ipa_setup.PERMISSIONS),
        'privilege in role': True,
        'role members': ['service:%s' % SERVICE],
    }
    assert err.splitlines() == [
        'created service %s' % SERVICE,
        'created permission "Modify service managedBy attribute"',
        'created privilege "Nova Host Management"',
        'added %d permissions to privilege "Nova Host Management"'
        % len(ipa_setup.PERMISSIONS),
        'created role "Nova Host Manager"',
        'added privilege "Nova Host Management" to role "Nova Host Manager"',
        'added service %s to role "Nova Host Manager"' % SERVICE,
    ]
    before = ipa.dump()
    written = writes(ipa)

    status, out, err = setup()

    assert (status, out) == (0, '')
    assert err == ('IPA already holds the service %s and its role "Nova Host '
                   'Manager": nothing changed\n' % SERVICE)
    assert ipa.dump() == before
    assert writes(ipa) == written
    assert ipa.counters()['logins'] == 2


def test_dry_run_changes_nothing(ipa, setup):
    ipa.add_host(HOST, has_keytab=True)

    status, out, err = setup('--dry-run')

    assert (status, out) == (0, '')
    assert err.splitlines()[0] == 'would create service %s' % SERVICE
    assert len(err.splitlines()) == 7
    assert writes(ipa) == {}


def test_precreate_prints_the_otp_ipa_holds(ipa, setup):
    status, out, err = setup('--precreate')

    assert status == 0
    otp = out.strip()
    assert out == otp + '\n' and otp
    with ipa.lock:
        host = ipa.directory.hosts[HOST]
        assert host['userpassword'] == [otp]
        assert host['description'] == [ipa_setup.PRECREATED_HOST_DESCRIPTION]
    assert otp not in err
    assert err.splitlines()[0] == ('created host %s with a one-time password'
                                   % HOST)
    assert role_chain(ipa)['role members'] == ['service:%s' % SERVICE]

    # The old password cannot be read back: a second run gives a new one.
    status, again, err = setup('--precreate')

    assert status == 0
    assert again.strip() != otp
    with ipa.lock:
        assert ipa.directory.hosts[HOST]['userpassword'] == [again.strip()]
    assert err.splitlines() == ['set a new one-time password on host %s (the '
                                'one it had no longer works)' % HOST]


def test_precreate_refuses_an_enrolled_host(ipa, setup):
    ipa.add_host(HOST, has_keytab=True)

    status, out, err = setup('--precreate')

    assert (status, out) == (1, '')
    assert err.startswith('novajoin-ipa-setup: host %s is already enrolled '
                          'in IPA' % HOST)
    assert len(err.splitlines()) == 1
    assert writes(ipa) == {}


def test_a_missing_host_without_precreate_is_one_line(ipa, setup):
    status, out, err = setup()

    assert (status, out) == (1, '')
    assert err.startswith('novajoin-ipa-setup: host %s is not in IPA' % HOST)
    assert len(err.splitlines()) == 1


def test_a_wrong_password_is_one_line_and_exit_1(ipa, kdc, tmp_path):
    wrong = 'not-%s' % kdc.admin_password
    result = subprocess.run(
        [sys.executable, '-m', 'novajoin.cmd.ipa_setup', '--url', ipa.url,
         '--realm', kdc.realm, '--password', wrong, '--hostname', HOST,
         '--precreate'],
        capture_output=True, text=True, timeout=60)

    assert result.returncode == 1
    assert result.stdout == ''
    assert result.stderr.startswith(
        'novajoin-ipa-setup: IPA server %s refused the password login of '
        'admin@EXAMPLE.TEST' % ipa.url)
    assert len(result.stderr.splitlines()) == 1
    assert wrong not in result.stderr
    assert ipa.dump()['hosts'] == {}


def test_precreate_twice_keeps_one_role_chain(ipa, setup):
    assert setup('--precreate')[0] == 0
    first = role_chain(ipa)

    status, out, err = setup('--precreate')

    assert status == 0 and out.strip()
    assert role_chain(ipa) == first
    assert first['permissions'] == sorted(ipa_setup.PERMISSIONS)


@pytest.mark.parametrize('invented', [
    'System: Revoke Certificate',
    'System: Retrieve Certificates from the CA',
    'Modify hosts',
])
def test_a_permission_freeipa_lacks_fails_the_setup(ipa, setup, monkeypatch,
                                                    invented):
    ipa.add_host(HOST, has_keytab=True)
    monkeypatch.setattr(ipa_setup, 'PERMISSIONS',
                        ipa_setup.PERMISSIONS + (invented,))

    status, out, err = setup()

    assert (status, out) == (1, '')
    assert err.splitlines()[-1] == (
        'novajoin-ipa-setup: IPA did not add permissions to privilege "Nova '
        'Host Management": %s: permission not found' % invented)


# What novajoin 1.3.0's setup left in IPA (its configure_ipa.py): three
# permissions of its own besides the managedBy one, and a privilege whose
# names FreeIPA only partly knew (the others were silently not added).
PERMISSIONS_OF_1_3_0 = {
    'Modify host password': {'type': 'host', 'attrs': ['userpassword']},
    'Write host certificate': {'type': 'host', 'attrs': ['usercertificate']},
    'Modify host userclass': {'type': 'host', 'attrs': ['userclass']},
    'Modify service managedBy attribute': {'type': 'service',
                                           'attrs': ['managedby']},
}
PRIVILEGE_OF_1_3_0 = [
    'System: Add Hosts', 'System: Remove Hosts', 'Modify host password',
    'Modify host userclass', 'Modify service managedBy attribute',
    'System: Add krbPrincipalName to a Host', 'System: Add Services',
    'System: Remove Services', 'System: Manage Host Keytab',
    'System: Modify Services', 'System: Manage Service Keytab',
    'System: Read DNS Entries', 'System: Remove DNS Entries',
    'System: Add DNS Entries', 'System: Update DNS Entries',
    'Retrieve Certificates from the CA', 'Revoke Certificate',
]


def set_up_as_1_3_0(ipa):
    ipa.add_host(HOST, has_keytab=True)
    ipa.call('service_add', SERVICE, force=True)
    for name, options in PERMISSIONS_OF_1_3_0.items():
        ipa.call('permission_add', name, ipapermright=['write'], **options)
    ipa.call('privilege_add', ipa_setup.PRIVILEGE,
             description=ipa_setup.PRIVILEGE)
    result = ipa.call('privilege_add_permission', ipa_setup.PRIVILEGE,
                      permission=PRIVILEGE_OF_1_3_0)
    assert result['completed'] == len(PRIVILEGE_OF_1_3_0)
    ipa.call('role_add', ipa_setup.ROLE, description=ipa_setup.ROLE)
    ipa.call('role_add_privilege', ipa_setup.ROLE,
             privilege=[ipa_setup.PRIVILEGE])
    ipa.call('role_add_member', ipa_setup.ROLE, service=[SERVICE])


def test_a_realm_of_novajoin_1_3_0_is_completed_not_duplicated(ipa, setup):
    set_up_as_1_3_0(ipa)
    before = ipa.dump()

    status, out, err = setup()

    assert (status, out) == (0, '')
    missing = sorted(set(ipa_setup.PERMISSIONS) - set(PRIVILEGE_OF_1_3_0))
    assert err.splitlines() == [
        'added %d permissions to privilege "Nova Host Management"'
        % len(missing)]
    after = ipa.dump()
    assert sorted(after['privileges']) == sorted(before['privileges'])
    assert sorted(after['roles']) == sorted(before['roles'])
    assert sorted(after['permissions']) == sorted(before['permissions'])
    assert role_chain(ipa)['permissions'] == sorted(
        set(PRIVILEGE_OF_1_3_0) | set(ipa_setup.PERMISSIONS))
    assert after['privileges']['nova host management']['description'] == [
        ipa_setup.PRIVILEGE]

    assert setup()[2].endswith('nothing changed\n')
