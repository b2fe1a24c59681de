"""novajoin's rights in a test realm, granted the way an operator grants
them.

The controller is enrolled (what ipa-client-install leaves in IPA: the
host with its keytab), then ``novajoin-ipa-setup`` runs as ``admin``
against the IPA emulator and makes ``nova/<controller>`` a member of the
role it creates. The daemons then hold exactly the rights the tool
grants: a permission it forgets fails their tests, and one it asks for
that FreeIPA does not have fails the setup.
"""

import os
import subprocess
import sysconfig
import tempfile

SETUP_TIMEOUT = 120


class RealmSetupError(Exception):
    """novajoin-ipa-setup failed against the test realm."""


def console_script(name):
    return os.path.join(sysconfig.get_path('scripts'), name)


def ipa_setup_command(kdc, url, domain, password_file, *extra):
    """novajoin-ipa-setup's command line for the test realm, as admin."""
    return [console_script('novajoin-ipa-setup'), '--url', url,
            '--realm', kdc.realm, '--domain', domain,
            '--principal', 'admin', '--password-file', password_file,
            '--hostname', kdc.controller, *extra]


def run_ipa_setup(kdc, url, domain, *extra):
    """Run novajoin-ipa-setup as admin; the completed process."""
    with tempfile.NamedTemporaryFile('w', prefix='novajoin-admin-') as secret:
        secret.write(kdc.admin_password)
        secret.flush()
        return subprocess.run(
            ipa_setup_command(kdc, url, domain, secret.name, *extra),
            env=dict(os.environ, **kdc.env), stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=SETUP_TIMEOUT)


def grant_novajoin_role(kdc, url, domain, control):
    """Enroll the controller in the IPA emulator serving ``url`` and give
    its ``nova/`` service the role of novajoin with novajoin-ipa-setup.
    ``control`` is the emulator or its ControlClient."""
    control.add_host(kdc.controller, has_keytab=True)
    setup = run_ipa_setup(kdc, url, domain)
    if setup.returncode != 0:
        raise RealmSetupError('novajoin-ipa-setup exited with %d: %s'
                              % (setup.returncode, setup.stderr.strip()))
