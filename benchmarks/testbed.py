"""What the benchmarks share: the IPA emulator in a process of its own,
set up for novajoin by novajoin-ipa-setup, and the CPU and memory of
daemons read from /proc."""

import os
import subprocess
import sys

from novajoin.testing.emulator import ControlClient
from novajoin.testing import realm

DOMAIN = 'example.test'
CLOCK_TICKS = os.sysconf('SC_CLK_TCK')
PAGE_SIZE = os.sysconf('SC_PAGE_SIZE')


class EmulatorProcess:
    """novajoin-ipa-emulator for the KDC's realm, in a process of its own
    so that it competes with no benchmarked code for a GIL.

    threads is the emulator's HTTP thread pool: as Apache's workers on a
    FreeIPA server, enough for every call the daemons have in flight.
    """

    def __init__(self, kdc, threads=64):
        self.domain = DOMAIN
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'novajoin.testing.emulator.cmd',
             '--hostname', kdc.hostname, '--realm', kdc.realm,
             '--domain', DOMAIN, '--keytab', kdc.http_keytab,
             '--krb5-config', kdc.krb5_config, '--threads', str(threads)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env=dict(os.environ, **kdc.env))
        facts = {}
        for line in self.process.stdout:
            key, _, value = line.strip().partition('=')
            facts[key] = value
            if 'IPA_URL' in facts and 'CONTROL_URL' in facts:
                break
        else:
            raise SystemExit('the IPA emulator did not start (exit status '
                             '%s); run novajoin-ipa-emulator --with-kdc to '
                             'see why' % self.process.wait())
        self.url = facts['IPA_URL']
        self.control = ControlClient(facts['CONTROL_URL'])
        try:
            realm.grant_novajoin_role(kdc, self.url, self.domain,
                                      self.control)
        except realm.RealmSetupError:
            self.stop()
            raise
        self.control.keep_as_baseline()

    @property
    def pid(self):
        return self.process.pid

    def stop(self):
        self.process.terminate()
        self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


def cpu_seconds(pids):
    """User and system CPU seconds the processes used so far."""
    total = 0
    for pid in pids:
        try:
            with open('/proc/%d/stat' % pid) as stat:
                fields = stat.read().rsplit(')', 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def family(pid):
    """The process and its children (a gunicorn master and workers)."""
    pids = [pid]
    for task in os.listdir('/proc/%d/task' % pid):
        with open('/proc/%d/task/%s/children' % (pid, task)) as children:
            pids += [int(child) for child in children.read().split()]
    return pids


def rss_mib(pid):
    """Resident size of a process in MiB."""
    with open('/proc/%d/statm' % pid) as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE / 2 ** 20
