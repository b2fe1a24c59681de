"""DNS zones and records (ipaserver/plugins/dns.py).

Record names are stored relative to their zone, the apex under ``@``,
as bind-dyndb-ldap keeps them.  The emulator's zones are all the DNS the
test bed has: a name outside them resolves to nothing.
"""

import netaddr
from ipalib import errors
from ipalib import messages
from ipalib.parameters import Bool
from ipalib.parameters import DNSNameParam
from ipalib.parameters import Flag
from ipalib.parameters import Int
from ipalib.parameters import Str
from ipalib.parameters import StrEnum
from ipalib.util import ipaddr_validator
from ipalib.util import normalize_zonemgr
from ipalib.util import validate_bind_forwarder
from ipalib.util import validate_idna_domain
from ipapython.dnsutil import DNSName
from ipapython.ipautil import CheckedIPAddress

from novajoin.testing.emulator.rpc import ADDATTR
from novajoin.testing.emulator.rpc import ALL
from novajoin.testing.emulator.rpc import CRITERIA
from novajoin.testing.emulator.rpc import PKEY_ONLY
from novajoin.testing.emulator.rpc import RAW
from novajoin.testing.emulator.rpc import RIGHTS
from novajoin.testing.emulator.rpc import SETATTR
from novajoin.testing.emulator.rpc import SIZE_LIMIT
from novajoin.testing.emulator.rpc import SIZELIMIT
from novajoin.testing.emulator.rpc import TIMELIMIT
from novajoin.testing.emulator.rpc import command

NO_ADD_OPTION_MSG = ('No options to add a specific record provided.\n'
                     'Command help may be consulted for all supported '
                     'record types.')
NO_DEL_OPTION_MSG = ('Neither --del-all nor options to delete a specific '
                     'record provided.\nCommand help may be consulted for '
                     'all supported record types.')


def normalize_zone(value):
    if isinstance(value, str):
        try:
            value.encode('ascii')
        except UnicodeError:
            return value
        return value.lower()
    return value


def ip_part_rule(version):
    def rule(_, value):
        return ipaddr_validator(_, value, version)
    return rule


def record_rule(rfc, *parts, split=str.split):
    """DNSRecord._rule_validatedns: a record value is its parts, split at
    white space; a wrong count of parts is a format error of the record,
    and each part is converted and validated by its own parameter, whose
    ConversionError or ValidationError (under the part's name) escapes."""
    def rule(_, value):
        values = split(value)
        if len(values) != len(parts):
            return 'format must be specified as "%s"  (see RFC %d for ' \
                   'details)' % (' '.join(p.name.upper() for p in parts), rfc)
        for part, text in zip(parts, values):
            part.validate(part.convert(part.normalize(text)))
        return None
    return rule


def uint_part(name, maxvalue):
    return Int(name, minvalue=0, maxvalue=maxvalue)


class DNSNameText(Str):
    """A DNSNameParam (record parts such as ``ptr_part_hostname``) whose
    value the handlers get as the text FreeIPA writes into the record: a
    name DNSNameParam cannot convert is refused with its ConversionError.
    """

    def _convert_scalar(self, value, index=None):
        value = super(DNSNameText, self)._convert_scalar(value)
        try:
            validate_idna_domain(value)
        except ValueError as e:
            raise errors.ConversionError(name=self.get_param_name(),
                                         error=str(e))
        return DNSName(value).ToASCII()


def no_wildcard_rule(_, value):
    """A zone name may not be a wildcard (RFC 4592 section 4)."""
    if value.is_wild():
        return 'should not be a wildcard domain name (RFC 4592 section 4)'
    return None


def ip_network_rule(_, value):
    try:
        netaddr.IPNetwork(value)
    except (netaddr.AddrFormatError, ValueError, UnboundLocalError):
        return 'invalid IP network format'
    return None


BIND_ACL_KEYWORDS = ('any', 'none', 'localhost', 'localnets')


def bind_acl_address(element):
    """The address (or network) of a BIND ACL element, negated or not."""
    address = element[1:] if element.startswith('!') else element
    return CheckedIPAddress(address, parse_netmask=True, allow_loopback=True)


def normalize_bind_acl(value):
    """Every element of a BIND address match list ends with ';' and its
    addresses are written the canonical way; what is not an address is
    left for the rule to refuse."""
    if not value:
        return None
    elements = []
    for element in value.split(';'):
        if not element:
            continue
        if element not in BIND_ACL_KEYWORDS:
            try:
                ip = bind_acl_address(element)
            except Exception:
                pass
            else:
                element = '%s%s%s' % (
                    '!' if element.startswith('!') else '', ip,
                    '/%d' % ip.prefixlen if '/' in element else '')
        elements.append(element)
    return ';'.join(elements) + ';'


def bind_acl_rule(_, value):
    elements = value.split(';')
    if elements[-1]:
        return 'each ACL element must be terminated with a semicolon'
    for element in elements[:-1]:
        if element in BIND_ACL_KEYWORDS:
            continue
        try:
            bind_acl_address(element)
        except (netaddr.AddrFormatError, ValueError) as e:
            return str(e)
        except UnboundLocalError:
            return 'invalid address format'
    return None


SOA_SECONDS = 2147483647  # the largest SOA timer or TTL (RFC 2181)

ZONE_NAME = DNSNameParam('idnsname?', no_wildcard_rule, only_absolute=True,
                         cli_name='name', label='Zone name',
                         normalizer=normalize_zone)
ZONE_KEY = DNSNameParam('dnszoneidnsname', only_absolute=True,
                        cli_name='dnszone', query=True,
                        normalizer=normalize_zone)
RECORD_NAME = DNSNameParam('idnsname', cli_name='name', label='Record name',
                           primary_key=True)

# (attribute, label, cli name, rule)
RECORD_TYPES = (
    ('arecord', 'A record', 'a_rec',
     record_rule(1035, Str('ip_address', ip_part_rule(4)))),
    ('aaaarecord', 'AAAA record', 'aaaa_rec',
     record_rule(3596, Str('ip_address', ip_part_rule(6)))),
    ('ptrrecord', 'PTR record', 'ptr_rec',
     record_rule(1035, DNSNameParam('hostname'))),
    ('cnamerecord', 'CNAME record', 'cname_rec',
     record_rule(1035, DNSNameParam('hostname'))),
    # a TXT record is one part, spaces and all
    ('txtrecord', 'TXT record', 'txt_rec',
     record_rule(1035, Str('data'), split=lambda value: (value,))),
    ('mxrecord', 'MX record', 'mx_rec',
     record_rule(1035, uint_part('preference', 65535),
                 DNSNameParam('exchanger'))),
    ('nsrecord', 'NS record', 'ns_rec',
     record_rule(1035, DNSNameParam('hostname'))),
    ('srvrecord', 'SRV record', 'srv_rec',
     record_rule(2782, uint_part('priority', 65535),
                 uint_part('weight', 65535), uint_part('port', 65535),
                 DNSNameParam('target'))),
    # the fingerprint may hold spaces: it is the rest of the value
    ('sshfprecord', 'SSHFP record', 'sshfp_rec',
     record_rule(4255, uint_part('algorithm', 255), uint_part('fp_type', 255),
                 Str('fingerprint'),
                 split=lambda value: value.split(None, 2))),
)
RECORD_ATTRS = tuple(t[0] for t in RECORD_TYPES)
RECORD_LABELS = {t[0]: t[1] for t in RECORD_TYPES}
RECORD_PARAMS = tuple(
    Str('%s*' % attr, *([rule] if rule else []), cli_name=cli_name,
        label=label)
    for attr, label, cli_name, rule in RECORD_TYPES)
# (part option, cli name, record attribute, record cli name)
PARTS = (
    ('a_part_ip_address', 'a_ip_address', 'arecord', 'a_rec'),
    ('aaaa_part_ip_address', 'aaaa_ip_address', 'aaaarecord', 'aaaa_rec'),
    ('ptr_part_hostname', 'ptr_hostname', 'ptrrecord', 'ptr_rec'),
    ('cname_part_hostname', 'cname_hostname', 'cnamerecord', 'cname_rec'),
)
PART_PARAMS = (
    Str('a_part_ip_address?', ip_part_rule(4), cli_name='a_ip_address',
        flags=['virtual_attribute']),
    Flag('a_extra_create_reverse?', cli_name='a_create_reverse',
         flags=['no_update', 'virtual_attribute']),
    Str('aaaa_part_ip_address?', ip_part_rule(6),
        cli_name='aaaa_ip_address', flags=['virtual_attribute']),
    Flag('aaaa_extra_create_reverse?', cli_name='aaaa_create_reverse',
         flags=['no_update', 'virtual_attribute']),
    DNSNameText('ptr_part_hostname?', cli_name='ptr_hostname',
                flags=['virtual_attribute']),
    DNSNameText('cname_part_hostname?', cli_name='cname_hostname',
                flags=['virtual_attribute']),
)
TTL = Int('dnsttl?', cli_name='ttl')
# a zone's TTLs and SOA timers are bounded (dnszone's parameters)
ZONE_TTL = Int('dnsttl?', cli_name='ttl', minvalue=0, maxvalue=SOA_SECONDS)
STRUCTURED = Flag('structured')


def zone_of(call, zone_name):
    """check_zone(): the zone, else NotFound for the dnszone object; a
    zone the caller may not read is not found either."""
    d = call.directory
    zone = d.zones.get(str(zone_name).lower())
    if zone is None or not call.rights.can_read(
            d.zone_dn(zone['entry']['idnsname'][0]), zone['entry']):
        raise errors.NotFound(reason='%s: DNS zone not found' % zone_name)
    return zone


def record_entry(call, zone, key):
    """(DN, entry) of a record, the zone's own entry for the apex."""
    zone_name = zone['entry']['idnsname'][0]
    if key == '@':
        return (call.directory.zone_dn(zone_name),
                dict(zone['entry'], **zone['records']['@']))
    record = zone['records'][key]
    return (call.directory.record_dn(zone_name, record['idnsname'][0]),
            record)


def check_record_change(call, zone, key, remaining):
    """The caller may leave the record with ``remaining`` values: delete
    it when none remain, else write the attributes that change."""
    dn, entry = record_entry(call, zone, key)
    if key != '@' and not any(remaining.values()):
        call.rights.check_delete(dn, entry)
        return
    changed = [attr for attr, values in remaining.items()
               if list(values) != list(entry.get(attr, ()))]
    call.rights.check_write(dn, entry, changed)


def record_key(zone, name):
    """(key, stored name) of a record name in ``zone`` (get_dn)."""
    zone_name = zone['entry']['idnsname'][0]
    if name.is_empty() or name == zone_name:
        return '@', DNSName.empty
    relative = name.relativize(zone_name)
    return str(relative).lower(), relative


def check_out_of_zone(zone, name):
    zone_name = zone['entry']['idnsname'][0]
    if (name.is_absolute() and not name.is_subdomain(zone_name)):
        raise errors.ValidationError(
            name='idnsname',
            error='out-of-zone data: record name must be a subdomain of '
                  'the zone or a relative name')


def record_output(call, zone, key, params, dn=True, extra=()):
    record = zone['records'][key]
    out = {'idnsname': list(record['idnsname'])}
    for attr in RECORD_ATTRS + tuple(extra):
        if record.get(attr):
            out[attr] = list(record[attr])
    if params.get('all') and record.get('dnsttl'):
        out['dnsttl'] = list(record['dnsttl'])
    if dn or params.get('all'):
        zone_name = zone['entry']['idnsname'][0]
        if key == '@':
            out['dn'] = call.directory.zone_dn(zone_name)
        else:
            out['dn'] = call.directory.record_dn(zone_name,
                                                 record['idnsname'][0])
    return out


def merge_record(zone, key, stored_name, new_attrs):
    """Add values to a record, creating it; EmptyModlist if none is new."""
    record = zone['records'].get(key)
    if record is None:
        zone['records'][key] = dict(
            {'idnsname': [stored_name],
             'objectclass': ['top', 'idnsrecord']},
            **{a: list(dict.fromkeys(v)) for a, v in new_attrs.items()})
        return
    changed = False
    for attr, values in new_attrs.items():
        current = record.setdefault(attr, [])
        for value in values:
            if value not in current:
                current.append(value)
                changed = True
    if not changed:
        raise errors.EmptyModlist()


def check_collisions(record_attrs):
    cnames = record_attrs.get('cnamerecord') or []
    if len(cnames) > 1:
        raise errors.ValidationError(
            name='cnamerecord',
            error='only one CNAME record is allowed per name '
                  '(RFC 2136, section 1.1.5)')
    if cnames and any(v for a, v in record_attrs.items()
                      if a in RECORD_ATTRS and a != 'cnamerecord'):
        raise errors.ValidationError(
            name='cnamerecord',
            error='CNAME record is not allowed to coexist with any other '
                  'record (RFC 1034, section 3.6.2)')


# reverse zones ---------------------------------------------------------

def reverse_zone(call, address):
    """get_reverse_zone(): (zone, relative name) of the PTR for an address.

    FreeIPA asks DNS for the enclosing zone; here the emulator's zones
    are the only ones there are.
    """
    ip = netaddr.IPAddress(str(address))
    revname = DNSName(ip.reverse_dns)
    zone = call.directory.zone_containing(revname)
    if zone is None:
        revzone = revname
        for _ in range(1 if ip.version == 4 else 16):
            revzone = revzone.parent()
        raise errors.NotFound(
            reason='DNS reverse zone %s for IP address %s is not managed '
                   'by this server' % (revzone, address))
    zone_name = zone['entry']['idnsname'][0]
    return zone, revname.relativize(zone_name)


def address_assigned(zone, address):
    return any(address in record.get('arecord', ()) or
               address in record.get('aaaarecord', ())
               for record in zone['records'].values())


def validate_host_address(call, host, domain, address, check_reverse):
    """add_records_for_host_validation(check_forward=True)."""
    zone_name = DNSName(domain).make_absolute()
    zone = call.directory.zones.get(str(zone_name).lower())
    if zone is None:
        raise errors.NotFound(reason='DNS zone %s not found' % zone_name)
    try:
        ip = CheckedIPAddress(address, allow_multicast=True)
    except Exception as e:
        raise errors.ValidationError(name='ip_address', error=str(e))
    if address_assigned(zone, str(ip)):
        raise errors.DuplicateEntry(
            message='IP address %s is already assigned in domain %s.' % (
                ip, zone_name))
    if check_reverse:
        check_reverse_free(call, ip)


def check_reverse_free(call, ip):
    try:
        revzone, revname = reverse_zone(call, ip)
    except errors.NotFound:
        return
    if record_key(revzone, revname)[0] in revzone['records']:
        raise errors.DuplicateEntry(
            message='Reverse record for IP address %s already exists in '
                    'reverse zone %s.' % (
                        ip, revzone['entry']['idnsname'][0]))


def add_ptr(call, address, target):
    revzone, revname = reverse_zone(call, address)
    key, stored = record_key(revzone, revname)
    try:
        merge_record(revzone, key, stored, {'ptrrecord': [target]})
    except errors.EmptyModlist:
        pass


def add_host_address(call, host, domain, address, add_reverse):
    """add_records_for_host(): A/AAAA record, then the PTR."""
    zone_name = DNSName(domain).make_absolute()
    zone = zone_of(call, zone_name)
    ip = CheckedIPAddress(address, allow_multicast=True)
    attr = 'arecord' if ip.version == 4 else 'aaaarecord'
    key, stored = record_key(zone, DNSName(host))
    try:
        merge_record(zone, key, stored, {attr: [str(ip)]})
    except errors.EmptyModlist:
        pass
    if add_reverse:
        add_ptr(call, ip, DNSName(host).derelativize(zone_name).ToASCII())


def remove_host_records(call, fqdn):
    """host_del --updatedns: drop A, AAAA, SSHFP and their PTR records."""
    name = DNSName(fqdn).make_absolute()
    zone = call.directory.zone_containing(name)
    if zone is None:
        return False
    key, _ = record_key(zone, name)
    record = zone['records'].get(key)
    if record is None:
        return False
    removed = False
    for attr in ('arecord', 'aaaarecord'):
        for address in record.get(attr, ()):
            try:
                revzone, revname = reverse_zone(call, address)
            except errors.NotFound:
                continue
            revkey, _ = record_key(revzone, revname)
            ptr = revzone['records'].get(revkey, {})
            if str(name) in ptr.get('ptrrecord', ()):
                remaining = {a: list(ptr.get(a, ())) for a in RECORD_ATTRS}
                remaining['ptrrecord'].remove(str(name))
                check_record_change(call, revzone, revkey, remaining)
                ptr['ptrrecord'].remove(str(name))
                removed = True
                if not any(ptr.get(a) for a in RECORD_ATTRS):
                    del revzone['records'][revkey]
    remaining = {a: [] if a in ('arecord', 'aaaarecord', 'sshfprecord')
                 else list(record.get(a, ())) for a in RECORD_ATTRS}
    check_record_change(call, zone, key, remaining)
    for attr in ('arecord', 'aaaarecord', 'sshfprecord'):
        if record.pop(attr, None):
            removed = True
    if key != '@' and not any(record.get(a) for a in RECORD_ATTRS):
        del zone['records'][key]
    return removed


# zones -----------------------------------------------------------------

def reverse_zone_name(network):
    try:
        net = netaddr.IPNetwork(network)
    except (netaddr.AddrFormatError, ValueError):
        raise errors.ValidationError(name='name_from_ip',
                                     error='invalid IP network format')
    items = net.ip.reverse_dns.split('.')
    if net.version == 4:
        return '.'.join(items[4 - net.prefixlen // 8:])
    return '.'.join(items[32 - net.prefixlen // 4:])


def zone_output(call, zone, params):
    out = {attr: list(values) for attr, values in zone['entry'].items()
           if attr != 'objectclass' or params.get('all')}
    apex = zone['records']['@']
    for attr in RECORD_ATTRS:
        if apex.get(attr):
            out[attr] = list(apex[attr])
    out['dn'] = call.directory.zone_dn(zone['entry']['idnsname'][0])
    return out


@command('dnszone_add', args=(ZONE_NAME,), options=(
    Str('name_from_ip?', ip_network_rule),
    Str('idnsforwarders*', validate_bind_forwarder, cli_name='forwarder'),
    StrEnum('idnsforwardpolicy?', cli_name='forward_policy',
            values=('only', 'first', 'none')),
    DNSNameParam('idnssoamname?', cli_name='name_server'),
    # an e-mail address is accepted and made a DNS name
    DNSNameParam('idnssoarname?', cli_name='admin_email',
                 normalizer=normalize_zonemgr),
    Int('idnssoarefresh?', cli_name='refresh', minvalue=0,
        maxvalue=SOA_SECONDS),
    Int('idnssoaretry?', cli_name='retry', minvalue=0, maxvalue=SOA_SECONDS),
    Int('idnssoaexpire?', cli_name='expire', minvalue=0,
        maxvalue=SOA_SECONDS),
    Int('idnssoaminimum?', cli_name='minimum', minvalue=0,
        maxvalue=SOA_SECONDS),
    ZONE_TTL, Int('dnsdefaultttl?', cli_name='default_ttl', minvalue=0,
                  maxvalue=SOA_SECONDS),
    Bool('idnsallowdynupdate?', cli_name='dynamic_update', default=False,
         autofill=True),
    Str('idnsallowquery?', bind_acl_rule, cli_name='allow_query',
        normalizer=normalize_bind_acl),
    Str('idnsallowtransfer?', bind_acl_rule, cli_name='allow_transfer',
        normalizer=normalize_bind_acl),
    Flag('skip_overlap_check'), Flag('force'),
    Flag('skip_nameserver_check'), SETATTR, ADDATTR, ALL, RAW))
def dnszone_add(call, params):
    d = call.directory
    name = params.get('idnsname')
    if name is None and params.get('name_from_ip'):
        name = DNSName(reverse_zone_name(params['name_from_ip'])
                       ).make_absolute()
    if name is None:
        raise errors.RequirementError(name='idnsname')
    if str(name).lower() in d.zones:
        raise errors.DuplicateEntry(
            message='DNS zone with name "%s" already exists' % name)
    call.rights.check_add(d.zone_dn(name), {
        'idnsname': [name], 'objectclass': ['top', 'idnsrecord',
                                            'idnszone']})
    settings = {}
    for attr in ('idnssoarefresh', 'idnssoaretry', 'idnssoaexpire',
                 'idnssoaminimum', 'dnsttl', 'dnsdefaultttl',
                 'idnsallowquery', 'idnsallowtransfer', 'idnsforwardpolicy'):
        if params.get(attr) is not None:
            settings[attr] = [params[attr]]
    if params.get('idnsforwarders'):
        settings['idnsforwarders'] = list(params['idnsforwarders'])
    if params.get('idnsallowdynupdate'):
        settings['idnsallowdynupdate'] = ['TRUE']
    d.add_zone(name, params.get('idnssoamname'), params.get('idnssoarname'),
               **settings)
    zone = d.zones[str(name).lower()]
    return {'result': zone_output(call, zone, params), 'value': name,
            'summary': None}


# show takes any name a zone may have been stored under: its key is a
# query, on which no rule is enforced (crud.PKQuery)
@command('dnszone_show',
         args=(ZONE_NAME.clone(required=True, query=True),),
         options=(RIGHTS, ALL, RAW))
def dnszone_show(call, params):
    zone = zone_of(call, params['idnsname'])
    return {'result': zone_output(call, zone, params),
            'value': params['idnsname'], 'summary': None}


# records ---------------------------------------------------------------

def has_record_options(params):
    if any(k in params for k in ('setattr', 'addattr', 'dnsttl')):
        return True
    return any(params.get(name) for name in
               RECORD_ATTRS + tuple(p[0] for p in PARTS))


@command('dnsrecord_add', args=(ZONE_KEY, RECORD_NAME),
         options=(TTL,) + RECORD_PARAMS + PART_PARAMS + (
             SETATTR, ADDATTR,
             Flag('force', flags=['no_option', 'no_output']), STRUCTURED,
             ALL, RAW))
def dnsrecord_add(call, params):
    zone = zone_of(call, params['dnszoneidnsname'])
    zone_name = zone['entry']['idnsname'][0]
    name = params['idnsname']
    if not has_record_options(params):
        raise errors.OptionError(NO_ADD_OPTION_MSG)
    new_attrs = {a: list(params[a]) for a in RECORD_ATTRS if params.get(a)}
    for part, part_cli, attr, attr_cli in PARTS:
        if params.get(part) is None:
            continue
        if attr in new_attrs:
            raise errors.ValidationError(
                name=part_cli,
                error='Raw value of a DNS record was already set by "%s" '
                      'option' % attr_cli)
        new_attrs[attr] = [params[part]]
    check_out_of_zone(zone, name)
    key, stored = record_key(zone, name)
    reverse = []
    for rtype in ('a', 'aaaa'):
        if params.get('%s_extra_create_reverse' % rtype):
            attr = '%srecord' % rtype
            if not new_attrs.get(attr):
                raise errors.RequirementError(name=attr)
            for address in new_attrs[attr]:
                check_reverse_free(call, CheckedIPAddress(
                    address, allow_multicast=True))
                reverse.append(address)
    merged = dict(zone['records'].get(key, {}))
    for attr, values in new_attrs.items():
        merged[attr] = list(set(merged.get(attr, [])) | set(values))
    check_collisions(merged)
    if key in zone['records']:
        dn, entry = record_entry(call, zone, key)
        call.rights.check_write(dn, entry, list(new_attrs) + (
            ['dnsttl'] if params.get('dnsttl') is not None else []))
    else:
        call.rights.check_add(
            call.directory.record_dn(zone_name, stored),
            {'idnsname': [stored], 'objectclass': ['top', 'idnsrecord'],
             **new_attrs})
    merge_record(zone, key, stored, new_attrs)
    if params.get('dnsttl') is not None:
        zone['records'][key]['dnsttl'] = [params['dnsttl']]
    result = {'value': name, 'summary': None}
    for address in reverse:
        try:
            add_ptr(call, address, stored.derelativize(zone_name).ToASCII())
        except Exception as e:
            raise errors.NonFatalError(
                reason='Cannot create reverse record for "%s": %s' % (
                    address, e))
    out = record_output(call, zone, key, params)
    out['objectclass'] = list(zone['entry']['objectclass'] if key == '@'
                              else zone['records'][key]['objectclass'])
    result['result'] = out
    if not name.is_absolute() and name.is_subdomain(
            zone_name.relativize(DNSName.root)):
        call.add_message(result, messages.DNSSuspiciousRelativeName(
            record=name, zone=zone_name, fqdn=name + zone_name))
    return result


@command('dnsrecord_del', args=(ZONE_KEY, RECORD_NAME),
         options=(TTL,) + RECORD_PARAMS + (
             Flag('del_all', default=False), STRUCTURED,
             Flag('raw', exclude=('cli', 'webui'))))
def dnsrecord_del(call, params):
    zone = zone_of(call, params['dnszoneidnsname'])
    name = params['idnsname']
    key, _ = record_key(zone, name)
    not_found = errors.NotFound(
        reason='%s: DNS resource record not found' % name)
    deleted = {'result': {'failed': []}, 'value': [name],
               'summary': 'Deleted record "%s"' % name}
    if params.get('del_all'):
        if key == '@':
            raise errors.ValidationError(
                name='del_all', error="Zone record '@' cannot be deleted")
        if key not in zone['records']:
            raise not_found
        call.rights.check_delete(*record_entry(call, zone, key))
        del zone['records'][key]
        return deleted
    if not has_record_options(params):
        raise errors.OptionError(NO_DEL_OPTION_MSG)
    record = zone['records'].get(key)
    if record is None:
        raise not_found
    remaining = {a: list(record.get(a, ())) for a in RECORD_ATTRS}
    for attr in RECORD_ATTRS:
        for value in params.get(attr) or ():
            if value not in remaining[attr]:
                raise errors.AttrValueNotFound(attr=RECORD_LABELS[attr],
                                               value=value)
            remaining[attr].remove(value)
    check_record_change(call, zone, key, remaining)
    for attr, values in remaining.items():
        if values:
            record[attr] = values
        else:
            record.pop(attr, None)
    if key != '@' and not any(remaining.values()):
        del zone['records'][key]
        return deleted
    return {'result': record_output(call, zone, key, params, dn=False),
            'value': [name], 'summary': None}


@command('dnsrecord_show', args=(ZONE_KEY, RECORD_NAME),
         options=(RIGHTS, STRUCTURED, ALL, RAW))
def dnsrecord_show(call, params):
    zone = zone_of(call, params['dnszoneidnsname'])
    name = params['idnsname']
    key, _ = record_key(zone, name)
    if key not in zone['records']:
        raise errors.NotFound(
            reason='%s: DNS resource record not found' % name)
    return {'result': record_output(call, zone, key, params),
            'value': name, 'summary': None}


@command('dnsrecord_find', args=(ZONE_KEY, CRITERIA), options=(
    RECORD_NAME.clone(required=False, query=True, primary_key=False),
    TTL.clone(query=True)) + tuple(
        p.clone(query=True) for p in RECORD_PARAMS) + (
    TIMELIMIT, SIZELIMIT, STRUCTURED, PKEY_ONLY, ALL, RAW))
def dnsrecord_find(call, params):
    zone = zone_of(call, params['dnszoneidnsname'])
    term = (params.get('criteria') or '').lower()
    found = []
    for key, record in zone['records'].items():
        if term and not any(
                term in str(v).lower() for attr in ('idnsname',) +
                RECORD_ATTRS for v in record.get(attr, ())):
            continue
        if params.get('idnsname') is not None and (
                str(params['idnsname']).lower() != key):
            continue
        if not all(set(params[attr]).issubset(record.get(attr, ()))
                   for attr in RECORD_ATTRS if params.get(attr)):
            continue
        found.append(key)
    found.sort(key=lambda k: zone['records'][k]['idnsname'][0])
    size = params.get('sizelimit')
    if size is None:
        size = SIZE_LIMIT
    truncated = bool(size) and len(found) > size
    if truncated:
        found = found[:size]
    entries = []
    for key in found:
        if params.get('pkey_only'):
            out = record_output(call, zone, key, params)
            out = {'idnsname': out['idnsname'], 'dn': out['dn']}
        else:
            out = record_output(call, zone, key, params)
        entries.append(out)
    result = {'result': entries, 'count': len(entries),
              'truncated': truncated, 'summary': None}
    if truncated:
        call.add_message(result, messages.SearchResultTruncated(
            reason=errors.SizeLimitExceeded()))
    return result
