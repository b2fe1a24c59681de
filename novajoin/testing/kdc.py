"""A real MIT KDC for a test session, on k5test."""

import os
import random
import re
import secrets
import socket

import k5test

PORTS_PER_REALM = 10  # k5test uses portbase .. portbase + 9
START_ATTEMPTS = 5


def _ports_free(portbase):
    for port in range(portbase, portbase + PORTS_PER_REALM):
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            with socket.socket(socket.AF_INET, kind) as sock:
                try:
                    sock.bind(('0.0.0.0', port))
                except OSError:
                    return False
    return True


def _free_portbase():
    for _ in range(100):
        portbase = random.randrange(20000, 60000, PORTS_PER_REALM)
        if _ports_free(portbase):
            return portbase
    raise RuntimeError('no free range of %d ports for a KDC'
                       % PORTS_PER_REALM)


class KDC:
    """An MIT KDC with the principals novajoin's tests need.

    ``service_principal`` (``nova/<controller>``) is the identity novajoin
    authenticates as, the controller being the machine novajoin runs on;
    ``http_principal`` (``HTTP/<hostname>``) the one the IPA emulator, at
    ``hostname``, accepts tokens for; ``admin@REALM`` has the password
    ``admin_password``.  ``env`` holds KRB5_CONFIG and friends for
    subprocesses; ``activate()`` puts them in this process's environment.

    An acceptor honours a ticket for ``clockskew`` seconds past its end
    (MIT's default is 300), and sessions made from it last as long; the
    test realm keeps that short so that tests can outlive a ticket.
    """

    def __init__(self, realm='EXAMPLE.TEST', hostname='localhost',
                 controller='controller.example.test', portbase=None,
                 clockskew=1):
        self.realm = realm
        self.hostname = hostname
        self.controller = controller
        self.clockskew = clockskew
        self._saved_environ = None
        self._realm = self._start(portbase)
        self.env = dict(self._realm.env)
        self.krb5_config = self.env['KRB5_CONFIG']
        self.tmpdir = self._realm.tmpdir
        self.service_principal = 'nova/%s@%s' % (controller, realm)
        self.service_keytab = self.add_principal(self.service_principal,
                                                 keytab=True)
        self.http_principal = 'HTTP/%s@%s' % (hostname, realm)
        self.http_keytab = self.add_principal(self.http_principal,
                                              keytab=True)
        self.admin_principal = 'admin@%s' % realm
        self.admin_password = secrets.token_urlsafe(12)
        self.add_principal(self.admin_principal,
                           password=self.admin_password)

    def _start(self, portbase):
        # Names are taken as given (no DNS canonicalization), and the KDC
        # is reached on loopback whatever the machine calls itself.
        krb5_conf = {
            'libdefaults': {'dns_canonicalize_hostname': 'false',
                            'rdns': 'false',
                            'clockskew': str(self.clockskew)},
            'realms': {'$realm': {'kdc': '127.0.0.1:$port0',
                                  'admin_server': '127.0.0.1:$port1',
                                  'kpasswd_server': '127.0.0.1:$port2'}},
        }
        error = None
        for _ in range(START_ATTEMPTS if portbase is None else 1):
            realm = k5test.K5Realm(
                realm=self.realm, portbase=portbase or _free_portbase(),
                krb5_conf=krb5_conf, create_user=False, create_host=False,
                get_creds=False, start_kdc=False)
            try:
                realm.start_kdc()
            except Exception as e:
                # another process took a port between probe and start
                error = e
                realm.stop()
                continue
            return realm
        raise RuntimeError('the KDC did not start: %s' % error)

    def add_principal(self, name, password=None, keytab=None, maxlife=None):
        """Create a principal (random key unless ``password``).

        ``keytab`` True or a path: extract its keys there and return the
        path.  ``maxlife`` caps its tickets' lifetime in seconds.
        """
        if '@' not in name:
            name = '%s@%s' % (name, self.realm)
        query = ['addprinc']
        if maxlife is not None:
            query.append('-maxlife "%d seconds"' % maxlife)
        if password:
            if '"' in password:
                raise ValueError('a password with " cannot be passed to '
                                 'kadmin.local')
            query.append('-pw "%s"' % password)
        else:
            query.append('-randkey')
        self._kadmin(' '.join(query + [name]), 'created')
        if not keytab:
            return None
        if keytab is True:
            keytab = os.path.join(self.tmpdir, '%s.keytab' % re.sub(
                r'[^A-Za-z0-9.-]', '_', name))
        self._kadmin('ktadd -k %s -norandkey %s' % (keytab, name),
                     'added to keytab')
        return keytab

    def _kadmin(self, query, success):
        # kadmin.local exits 0 when a query fails, and only understands
        # double quotes (k5test's shlex quoting gives single ones)
        output = self._realm.run_kadminl(query).decode('utf-8', 'replace')
        if success not in output:
            raise RuntimeError('kadmin.local %r failed: %s' % (
                query, output))

    def activate(self):
        """Point this process's Kerberos library at the KDC."""
        if self._saved_environ is None:
            self._saved_environ = {k: os.environ.get(k) for k in self.env}
        os.environ.update(self.env)

    def stop(self):
        if self._saved_environ is not None:
            for key, value in self._saved_environ.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            self._saved_environ = None
        self._realm.stop()
