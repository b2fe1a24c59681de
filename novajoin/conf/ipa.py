"""Options that say how novajoin reaches IPA, and their defaults.

Whatever join.conf leaves unset comes from the IPA client configuration of
the machine (/etc/ipa/default.conf) when the machine is enrolled, as
ipa-client-install wrote it.
"""

import configparser
import dataclasses
import os
import socket
from urllib import parse

from oslo_config import cfg

IPA_DEFAULT_CONF = '/etc/ipa/default.conf'
IPA_CA_CERT = '/etc/ipa/ca.crt'

ipa_opts = [
    cfg.URIOpt('url', schemes=['https', 'http'],
               help='JSON-RPC URL of the IPA server, e.g. '
                    'https://ipa.example.test/ipa/json. Defaults to the '
                    'server of /etc/ipa/default.conf. http:// is only for '
                    'test beds on loopback.'),
    cfg.StrOpt('keytab', default='/etc/novajoin/krb5.keytab',
               help='Keytab holding the key of the principal novajoin '
                    'authenticates to IPA with.'),
    cfg.StrOpt('principal',
               help='Kerberos principal novajoin authenticates to IPA '
                    'with. Defaults to nova/<FQDN of this host>@<realm>.'),
    cfg.StrOpt('realm',
               help='Kerberos realm of IPA. Defaults to the realm of '
                    '/etc/ipa/default.conf.'),
    cfg.StrOpt('domain',
               help='DNS domain of the instances\' host names. Defaults to '
                    'the domain of /etc/ipa/default.conf.'),
    cfg.StrOpt('ca_cert',
               help='CA certificate that the IPA server\'s TLS certificate '
                    'is checked against. Defaults to /etc/ipa/ca.crt when '
                    'it exists, else the system\'s trusted CAs.'),
    cfg.IntOpt('connect_retries', default=2, min=0,
               help='How many times a request that could not reach IPA '
                    '(connection failure, timeout, HTTP 5xx) is tried '
                    'again before novajoin gives up on it.'),
    cfg.FloatOpt('retry_delay', default=1.0, min=0,
                 help='Seconds between two attempts to reach IPA.'),
    cfg.BoolOpt('project_subdomain', default=False,
                help='Name instances <hostname>.<project name>.<domain> '
                     'instead of <hostname>.<domain>.'),
    cfg.BoolOpt('normalize_project', default=True,
                help='With project_subdomain, turn every character of the '
                     'project name that a DNS label cannot hold into "-", '
                     'dropping leading and trailing dashes.'),
]


def register_opts(conf):
    conf.register_opts(ipa_opts)


def list_opts():
    return ipa_opts


class IPASettingsError(Exception):
    """The IPA settings are incomplete: an operator has to set them."""


@dataclasses.dataclass(frozen=True)
class IPASettings:
    url: str
    realm: str
    domain: str
    principal: str
    keytab: str
    ca_cert: str | None
    connect_retries: int
    retry_delay: float

    @property
    def server(self):
        return parse.urlsplit(self.url).hostname


def read_ipa_default_conf(path):
    """[global] of an IPA client's default.conf, {} when there is none."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(path, encoding='utf-8') as conf_file:
            parser.read_file(conf_file)
    except FileNotFoundError:
        return {}
    except (OSError, configparser.Error) as exc:
        raise IPASettingsError('cannot read %s: %s' % (path, exc))
    return dict(parser['global']) if parser.has_section('global') else {}


def _url_from_ipa_conf(ipa_conf):
    uri = ipa_conf.get('jsonrpc_uri') or ipa_conf.get('xmlrpc_uri')
    if uri:
        parts = parse.urlsplit(uri)
        return parse.urlunsplit(parts._replace(path='/ipa/json'))
    if ipa_conf.get('server'):
        return 'https://%s/ipa/json' % ipa_conf['server']
    return None


def ipa_settings(conf, ipa_default_conf=IPA_DEFAULT_CONF,
                 ca_cert_path=IPA_CA_CERT):
    """The IPA settings of join.conf, completed from /etc/ipa/default.conf.

    Raises IPASettingsError naming what is missing.
    """
    ipa_conf = read_ipa_default_conf(ipa_default_conf)
    url = conf.url or _url_from_ipa_conf(ipa_conf)
    realm = conf.realm or ipa_conf.get('realm')
    domain = conf.domain or ipa_conf.get('domain')
    missing = [name for name, value in
               (('url', url), ('realm', realm), ('domain', domain))
               if not value]
    if missing:
        raise IPASettingsError(
            '%s not set in join.conf and %s does not give %s: set %s in '
            '[DEFAULT] or enroll this machine as an IPA client'
            % (', '.join(missing), ipa_default_conf,
               'it' if len(missing) == 1 else 'them', ', '.join(missing)))
    principal = conf.principal or 'nova/%s@%s' % (
        ipa_conf.get('host') or socket.getfqdn(), realm)
    if conf.ca_cert:
        ca_cert = conf.ca_cert
    elif os.path.exists(ca_cert_path):
        ca_cert = ca_cert_path
    else:
        ca_cert = None
    return IPASettings(url=url, realm=realm, domain=domain.rstrip('.'),
                       principal=principal, keytab=conf.keytab,
                       ca_cert=ca_cert,
                       connect_retries=conf.connect_retries,
                       retry_delay=conf.retry_delay)
