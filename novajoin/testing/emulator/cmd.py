"""novajoin-ipa-emulator: run the IPA emulator as a process.

Once it listens it prints KEY=value lines (IPA_URL, CONTROL_URL, and with
--with-kdc the Kerberos settings and keytabs) and serves until SIGTERM or
SIGINT. With --with-kdc the realm is set up for novajoin as an operator
sets it up: the controller enrolled, and novajoin-ipa-setup run as admin,
so that the service principal holds the role novajoin needs.
"""

import argparse
import logging
import os
import signal
import sys
import threading

from novajoin.testing.emulator import IPAEmulator
from novajoin.testing import realm


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='novajoin-ipa-emulator',
        description='An emulated FreeIPA server for tests and demos.')
    parser.add_argument('--hostname', default='localhost',
                        help='name of the IPA server (SPNEGO target '
                             'HTTP@hostname, Referer https://hostname/ipa)')
    parser.add_argument('--realm', default='EXAMPLE.TEST')
    parser.add_argument('--domain', default='example.test')
    parser.add_argument('--keytab',
                        help='keytab with the HTTP/hostname key')
    parser.add_argument('--krb5-config',
                        help='krb5.conf of the realm (for password logins)')
    parser.add_argument('--host', default='127.0.0.1',
                        help='address to listen on')
    parser.add_argument('--port', type=int, default=0,
                        help='IPA port (0: any free port)')
    parser.add_argument('--control-port', type=int, default=0,
                        help='control API port (0: any free port)')
    parser.add_argument('--session-lifetime', type=int, default=1200,
                        help='seconds a session cookie lives at most')
    parser.add_argument('--threads', type=int, default=16)
    parser.add_argument('--with-kdc', action='store_true',
                        help='start a KDC for the realm and use its keytab')
    parser.add_argument('--debug', action='store_true',
                        help='log every JSON-RPC call')
    args = parser.parse_args(argv)
    if not args.with_kdc and not args.keytab:
        parser.error('give --keytab or --with-kdc')
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.INFO,
        format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    kdc = None
    keytab = args.keytab
    facts = []
    if args.krb5_config:
        os.environ['KRB5_CONFIG'] = args.krb5_config
    if args.with_kdc:
        from novajoin.testing.kdc import KDC
        kdc = KDC(realm=args.realm, hostname=args.hostname,
                  controller='controller.%s' % args.domain)
        kdc.activate()
        keytab = kdc.http_keytab
        facts += [('KRB5_CONFIG', kdc.krb5_config),
                  ('SERVICE_PRINCIPAL', kdc.service_principal),
                  ('SERVICE_KEYTAB', kdc.service_keytab),
                  ('HTTP_KEYTAB', kdc.http_keytab),
                  ('ADMIN_PRINCIPAL', kdc.admin_principal),
                  ('ADMIN_PASSWORD', kdc.admin_password)]
    emulator = IPAEmulator(hostname=args.hostname, realm=args.realm,
                           domain=args.domain, keytab=keytab, host=args.host,
                           port=args.port, control_port=args.control_port,
                           session_lifetime=args.session_lifetime,
                           threads=args.threads)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    emulator.start()
    try:
        if kdc is not None:
            realm.grant_novajoin_role(kdc, emulator.url, args.domain,
                                      emulator)
            emulator.keep_as_baseline()
        for key, value in [('IPA_URL', emulator.url),
                           ('CONTROL_URL', emulator.control_url)] + facts:
            print('%s=%s' % (key, value))
        sys.stdout.flush()
        while not stopping.wait(1):
            pass
    finally:
        emulator.stop()
        if kdc is not None:
            kdc.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
