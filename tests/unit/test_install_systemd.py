"""The systemd units, sysusers and tmpfiles snippets and logrotate file
that packagers install: they run novajoin's console scripts as the
novajoin user, sandboxed, and systemd's own tools accept them."""

import configparser
import os
import pathlib
import shutil
import stat
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / 'systemd'
UNITS = {'novajoin-server.service': 'novajoin-server',
         'novajoin-notify.service': 'novajoin-notify'}


def read_ini(path, **options):
    parser = configparser.ConfigParser(interpolation=None, **options)
    parser.optionxform = str
    parser.read(path)
    return parser


def console_scripts():
    setup = read_ini(ROOT / 'setup.cfg')
    return {line.split('=')[0].strip()
            for line in setup['entry_points']['console_scripts'].splitlines()
            if line.strip()}


@pytest.mark.parametrize('unit, command', sorted(UNITS.items()))
def test_units_run_the_daemons_as_novajoin_sandboxed(unit, command):
    service = read_ini(SYSTEMD / unit)['Service']
    assert service['ExecStart'] == '/usr/bin/%s' % command
    assert command in console_scripts()
    assert (service['User'], service['Group']) == ('novajoin', 'novajoin')
    assert service['Restart'] == 'on-failure'
    assert service['ReadWritePaths'].split() == ['/var/log/novajoin',
                                                 '/var/lib/novajoin']
    assert service['ProtectSystem'] == 'strict'
    for option in ('NoNewPrivileges', 'PrivateTmp', 'ProtectHome',
                   'PrivateDevices'):
        assert service[option] == 'yes'
    assert service['CapabilityBoundingSet'] == ''


@pytest.mark.parametrize('unit', sorted(UNITS))
def test_systemd_accepts_the_units(unit, tmp_path):
    if not shutil.which('systemd-analyze'):
        pytest.skip('systemd-analyze is not installed')
    # verify insists that ExecStart exists
    text = (SYSTEMD / unit).read_text().replace(
        '/usr/bin/%s' % UNITS[unit], sys.executable)
    (tmp_path / unit).write_text(text)
    result = subprocess.run(
        ['systemd-analyze', 'verify', str(tmp_path / unit)],
        capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, '')


def test_sysusers_and_tmpfiles_make_the_user_and_directories(tmp_path):
    if not (shutil.which('systemd-sysusers') and
            shutil.which('systemd-tmpfiles')):
        pytest.skip('systemd-sysusers or systemd-tmpfiles is not installed')
    if os.geteuid() != 0:
        pytest.skip('systemd-tmpfiles sets owners only as root')
    (tmp_path / 'etc').mkdir()
    for tool, snippet in (('systemd-sysusers', 'novajoin.sysusers.conf'),
                          ('systemd-tmpfiles', 'novajoin.tmpfiles.conf')):
        command = [tool, '--root', str(tmp_path), str(SYSTEMD / snippet)]
        if tool == 'systemd-tmpfiles':
            command.insert(1, '--create')
        subprocess.run(command, check=True, capture_output=True)
    user = [line.split(':') for line in
            (tmp_path / 'etc/passwd').read_text().splitlines()
            if line.startswith('novajoin:')]
    assert len(user) == 1
    assert user[0][5:] == ['/var/lib/novajoin', '/usr/sbin/nologin']
    for directory, mode in (('var/lib/novajoin', 0o700),
                            ('var/log/novajoin', 0o750)):
        status = (tmp_path / directory).stat()
        assert stat.S_IMODE(status.st_mode) == mode
        assert status.st_uid == int(user[0][2])


def test_logs_rotate_14_times_at_10m():
    text = (SYSTEMD / 'novajoin.logrotate').read_text()
    body = text[text.index('/var/log/novajoin/*.log {'):]
    directives = [line.strip() for line in body.splitlines()[1:-1]]
    assert 'rotate 14' in directives
    assert 'size 10M' in directives
    assert 'su novajoin novajoin' in directives
