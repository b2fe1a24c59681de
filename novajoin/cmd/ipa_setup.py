"""novajoin-ipa-setup: prepare IPA for novajoin.

Creates the service principal ``nova/<hostname>``, the permission,
privilege and role it needs (``novajoin.ipa_setup``) and makes the service
a member of the role. With ``--precreate`` it also creates the host
``<hostname>`` with a one-time password and prints that password, and only
that, on stdout: TripleO's ``undercloud_ipa_otp``.

It logs in to IPA with a password (``/ipa/session/login_password``), so the
machine it runs on needs no IPA client configuration and no krb5.conf.
Progress goes to stderr; a failure is one line on stderr and exit status 1.

The IPA options and the error handling here are shared with
novajoin-install.
"""

import argparse
import getpass
import logging
import os
import socket
import sys
import traceback
from urllib import parse

from novajoin.conf import ipa as ipa_conf
from novajoin import ipa_setup
from novajoin.ipa import client as ipa_client
from novajoin.ipa import errors as ipa_client_errors
from novajoin.ipa.errors import ipa_errors

IPA_DEFAULT_CONF = '/etc/ipa/default.conf'
IPA_CA_CERT = '/etc/ipa/ca.crt'


class ToolError(Exception):
    """What stops a tool, said in one line for the operator."""


def read_ipa_client_conf(path):
    """[global] of an IPA client's default.conf, {} when there is none."""
    try:
        return ipa_conf.read_ipa_default_conf(path)
    except ipa_conf.IPASettingsError as exc:
        raise ToolError(str(exc))


def add_ipa_arguments(parser, principal_help):
    """The options both tools take to reach and log in to IPA."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument('--server', metavar='NAME',
                       help='IPA server; its JSON-RPC URL is '
                            'https://NAME/ipa/json (default: the server of '
                            '%s)' % IPA_DEFAULT_CONF)
    where.add_argument('--url',
                       help='JSON-RPC URL of IPA instead of --server (an '
                            'http:// URL only for test beds on loopback)')
    parser.add_argument('--realm', help='Kerberos realm of IPA (default: '
                                        'the realm of %s)' % IPA_DEFAULT_CONF)
    parser.add_argument('--domain', help='DNS domain of IPA (default: the '
                                         'domain of %s)' % IPA_DEFAULT_CONF)
    parser.add_argument('--ca-cert', metavar='FILE',
                        help='CA certificate to check the IPA server\'s '
                             'certificate with (default: %s when it exists, '
                             'else the system\'s trusted CAs)' % IPA_CA_CERT)
    parser.add_argument('--principal', default='admin', help=principal_help)
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument('--password',
                        help='password of the principal (visible to other '
                             'users of this machine: prefer --password-file '
                             'or the prompt)')
    secret.add_argument('--password-file', metavar='FILE',
                        help='file holding the password of the principal '
                             '(without it and --password, the password is '
                             'asked for)')
    parser.add_argument('--debug', action='store_true',
                        help='log the IPA requests, and show a traceback '
                             'on unexpected errors')


class IPAConnection:
    """Where IPA is and how to log in, from the arguments completed by the
    IPA client configuration of the machine (if it has one)."""

    def __init__(self, args, ipa_conf):
        if args.url:
            self.url = args.url
        elif args.server:
            self.url = 'https://%s/ipa/json' % args.server
        elif ipa_conf.get('server'):
            self.url = 'https://%s/ipa/json' % ipa_conf['server']
        else:
            raise ToolError('where is IPA? Give --server or --url (this '
                            'machine has no %s)' % IPA_DEFAULT_CONF)
        self.server = parse.urlsplit(self.url).hostname
        if not self.server:
            raise ToolError('--url %s names no server' % self.url)
        self.realm = args.realm or ipa_conf.get('realm')
        if not self.realm:
            raise ToolError('give the Kerberos realm of IPA with --realm '
                            '(this machine has no %s)' % IPA_DEFAULT_CONF)
        self.domain = (args.domain or ipa_conf.get('domain') or '').rstrip(
            '.').lower() or None
        self.ca_cert = args.ca_cert or (
            IPA_CA_CERT if os.path.exists(IPA_CA_CERT) else None)
        self.principal = args.principal
        if '@' not in self.principal:
            self.principal = '%s@%s' % (self.principal, self.realm)
        self.password = read_password(args, self.principal)

    def client(self):
        """An IPA client logged in with the principal's password."""
        return ipa_client.IPAClient(self.url, principal=self.principal,
                                    password=self.password,
                                    ca_cert=self.ca_cert)

    def fqdn(self, hostname, ipa_conf):
        """``hostname`` (default: this machine's), qualified with the
        domain when it is a short name."""
        hostname = (hostname or ipa_conf.get('host') or
                    socket.getfqdn()).rstrip('.').lower()
        if '.' not in hostname:
            if not self.domain:
                raise ToolError('%s is not a fully qualified host name: give '
                                '--hostname FQDN or --domain' % hostname)
            hostname = '%s.%s' % (hostname, self.domain)
        return hostname


def read_password(args, principal):
    if args.password_file:
        try:
            with open(args.password_file, encoding='utf-8') as secret:
                password = secret.read().rstrip('\r\n')
        except OSError as exc:
            raise ToolError('cannot read the password file: %s' % exc)
    elif args.password is not None:
        password = args.password
    elif sys.stdin.isatty():
        try:
            password = getpass.getpass('Password for %s: ' % principal)
        except EOFError:
            password = ''
    else:
        raise ToolError('no password for %s: give --password-file, or run '
                        'on a terminal to be asked for it' % principal)
    if not password:
        raise ToolError('the password for %s is empty' % principal)
    return password


def set_up_logging(debug):
    logging.basicConfig(stream=sys.stderr, format='%(message)s',
                        level=logging.DEBUG if debug else logging.WARNING)


def run_tool(name, main, debug):
    """Run a tool's ``main``; any failure is one line and exit status 1."""
    try:
        return main()
    except KeyboardInterrupt:
        print('%s: interrupted' % name, file=sys.stderr)
    except (ToolError, ipa_setup.SetupError,
            ipa_client_errors.IPAError) as exc:
        print('%s: %s' % (name, exc), file=sys.stderr)
    except ipa_errors.PublicError as exc:
        print('%s: IPA refused: %s' % (name, exc), file=sys.stderr)
    except Exception as exc:
        if debug:
            traceback.print_exc()
        print('%s: unexpected error: %s: %s'
              % (name, type(exc).__name__, exc), file=sys.stderr)
    return 1


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='novajoin-ipa-setup',
        description='Create in IPA the service principal nova/HOSTNAME, '
                    'and the permissions, privilege and role novajoin '
                    'needs. Progress goes to stderr.')
    add_ipa_arguments(parser, 'IPA principal allowed to create '
                              'permissions, privileges, roles, hosts and '
                              'services (default: admin)')
    parser.add_argument('--hostname',
                        help='FQDN of the controller novajoin runs on '
                             '(default: this machine\'s)')
    parser.add_argument('--precreate', action='store_true',
                        help='also create the host HOSTNAME with a one-time '
                             'password and print it on stdout, for an '
                             'enrollment to come (TripleO\'s '
                             'undercloud_ipa_otp)')
    parser.add_argument('--dry-run', action='store_true',
                        help='say what would change, change nothing')
    return parser.parse_args(argv)


def set_up_ipa(args, ipa_conf):
    connection = IPAConnection(args, ipa_conf)
    hostname = connection.fqdn(args.hostname, ipa_conf)
    with connection.client() as client:
        setup = ipa_setup.RoleSetup(client, hostname, connection.realm)
        changes = setup.changes(precreate=args.precreate)
        if not changes:
            print('IPA already holds the service %s and its role "%s": '
                  'nothing changed' % (setup.service, ipa_setup.ROLE),
                  file=sys.stderr)
            return 0
        for change in changes:
            if args.dry_run:
                print('would %s' % change.todo, file=sys.stderr)
            else:
                change.apply()
                print(change.done, file=sys.stderr)
    if setup.otp is not None:
        print(setup.otp)
    return 0


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    set_up_logging(args.debug)
    return run_tool('novajoin-ipa-setup',
                    lambda: set_up_ipa(args,
                                       read_ipa_client_conf(IPA_DEFAULT_CONF)),
                    args.debug)


if __name__ == '__main__':
    sys.exit(main())
