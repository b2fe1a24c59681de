"""host, service, permission, privilege and role commands.

Each handler does what the matching plugin in ipaserver/plugins does to
the directory and returns what it returns, with ``all=False`` output
limited to the plugin's default attributes.
"""

import uuid

from ipalib import errors
from ipalib import messages
from ipalib.parameters import Bool
from ipalib.parameters import Flag
from ipalib.parameters import Principal
from ipalib.parameters import Str
from ipalib.parameters import StrEnum
from ipalib.util import hostname_validator
from ipalib.util import normalize_hostname
from ipapython import kerberos
from ipapython.dn import DN
from ipapython.ipautil import CheckedIPAddress
from ipapython.ipautil import TMP_PWD_ENTROPY_BITS
from ipapython.ipautil import ipa_generate_password

from novajoin.testing.emulator import access
from novajoin.testing.emulator import dnsrecords
from novajoin.testing.emulator.rpc import ADDATTR
from novajoin.testing.emulator.rpc import ALL
from novajoin.testing.emulator.rpc import CONTINUE
from novajoin.testing.emulator.rpc import CRITERIA
from novajoin.testing.emulator.rpc import DELATTR
from novajoin.testing.emulator.rpc import NO_MEMBERS
from novajoin.testing.emulator.rpc import NO_MEMBERS_FIND
from novajoin.testing.emulator.rpc import PKEY_ONLY
from novajoin.testing.emulator.rpc import RAW
from novajoin.testing.emulator.rpc import RIGHTS
from novajoin.testing.emulator.rpc import SETATTR
from novajoin.testing.emulator.rpc import SIZE_LIMIT
from novajoin.testing.emulator.rpc import SIZELIMIT
from novajoin.testing.emulator.rpc import TIMELIMIT
from novajoin.testing.emulator.rpc import command
from novajoin.testing.emulator.rpc import current_realm
from novajoin.testing.emulator.state import HOST_OBJECTCLASSES
from novajoin.testing.emulator.state import PERMISSION_OBJECTCLASSES
from novajoin.testing.emulator.state import PERMISSION_TYPES


def normalize_principal(value):
    try:
        return str(kerberos.Principal(value, realm=current_realm()))
    except ValueError:
        raise errors.ValidationError(name='principal',
                                     error='Malformed principal')


def validate_realm(_, principal):
    if principal.realm is not None and principal.realm != current_realm():
        raise errors.RealmMismatch()


def validate_ipaddr(_, value):
    try:
        CheckedIPAddress(value)
    except Exception as e:
        return str(e)
    return None


def search_options(*params):
    """What crud.Search makes of object parameters."""
    return tuple(p.clone(required=False, query=True, autofill=False)
                 for p in params)


def member_options(*names, normalizer=None):
    return tuple(Str('%s*' % name, cli_name='%ss' % name, query=True,
                     normalizer=normalizer) for name in names)


def parse_attr_options(values):
    parsed = {}
    for value in values or ():
        attr, _, val = value.partition('=')
        attr = attr.strip().lower()
        val = val.strip()
        parsed.setdefault(attr, []).append(val or None)
    return parsed


def apply_attr_options(params, attr_params, entry_attrs, old_entry):
    """setattr, addattr, delattr over attribute parameters."""
    setdict = parse_attr_options(params.get('setattr'))
    adddict = parse_attr_options(params.get('addattr'))
    deldict = parse_attr_options(params.get('delattr'))
    changed = set(setdict) | set(adddict) | set(deldict)
    for attr in changed:
        if attr not in attr_params:
            raise errors.ObjectclassViolation(
                info='attribute "%s" not allowed' % attr)
    for attr, values in setdict.items():
        entry_attrs[attr] = [v for v in values if v is not None]
    for attr in set(adddict) | set(deldict):
        if attr in setdict:
            values = list(entry_attrs[attr])
        elif attr in entry_attrs:
            values = list(entry_attrs[attr] or ())
        else:
            values = list((old_entry or {}).get(attr, ()))
        values.extend(v for v in adddict.get(attr, ()) if v is not None)
        for value in deldict.get(attr, ()):
            if value not in values:
                raise errors.AttrValueNotFound(attr=attr, value=value)
            values.remove(value)
        entry_attrs[attr] = values
    for attr in changed:
        param = attr_params[attr]
        values = entry_attrs[attr]
        if not param.multivalue:
            if len(values) > 1:
                raise errors.OnlyOneValueAllowed(attr=attr)
            values = values[0] if values else None
        try:
            value = param(values)
            param.validate(value)
        except errors.ValidationError as e:
            raise errors.ValidationError(name=attr, error=e.error)
        except errors.ConversionError as e:
            raise errors.ConversionError(name=attr, error=e.error)
        entry_attrs[attr] = value


def as_list(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def entry_changes(entry, entry_attrs):
    """The attributes whose values differ from the entry's."""
    changes = {}
    for attr, value in entry_attrs.items():
        new = as_list(value) or []
        old = entry.get(attr, [])
        if sorted(map(str, new)) != sorted(map(str, old)):
            changes[attr] = new
    return changes


def apply_changes(entry, changes):
    for attr, values in changes.items():
        if values:
            entry[attr] = values
        else:
            entry.pop(attr, None)


def matches_term(values, term):
    """Substring match of a lower-case term, as (attr=*term*) filters."""
    for value in values:
        if term in str(value).lower():
            return True
    return False


def matches_exact(entry, attr, wanted):
    have = {str(v).lower() for v in entry.get(attr, ())}
    return all(str(w).lower() in have for w in as_list(wanted))


def limit(entries, params):
    """Apply sizelimit as ldap2.find_entries does; (entries, truncated)."""
    size = params.get('sizelimit')
    if size is None:
        size = SIZE_LIMIT
    if size and len(entries) > size:
        return entries[:size], True
    return entries, False


def find_result(call, entries, truncated, noun):
    result = {'result': entries, 'count': len(entries),
              'truncated': truncated,
              'summary': '%d %s matched' % (
                  len(entries), noun if len(entries) == 1 else noun + 's')}
    if truncated:
        call.add_message(result, messages.SearchResultTruncated(
            reason=errors.SizeLimitExceeded()))
    return result


def multi_delete(params, keys, delete_one, noun):
    """LDAPDelete.execute: delete each key, keep going with ``continue``."""
    deleted = []
    failed = []
    for key in keys:
        try:
            delete_one(key)
        except errors.ExecutionError:
            if not params.get('continue'):
                raise
            failed.append(key)
        else:
            deleted.append(key)
    return {'result': {'failed': failed}, 'value': deleted,
            'summary': 'Deleted %s "%s"' % (
                noun, ','.join(str(k) for k in deleted))}


# Ticket flags of hosts and services (service.py) ---------------------------

TICKET_FLAGS = (
    ('ipakrbrequirespreauth', 0x00000080),
    ('ipakrbokasdelegate', 0x00100000),
    ('ipakrboktoauthasdelegate', 0x00200000),
)
DEFAULT_TICKET_FLAGS = 0x00000080

TICKET_FLAG_PARAMS = (
    Bool('ipakrbrequirespreauth?', cli_name='requires_pre_auth',
         flags=['virtual_attribute', 'no_search']),
    Bool('ipakrbokasdelegate?', cli_name='ok_as_delegate',
         flags=['virtual_attribute', 'no_search']),
    Bool('ipakrboktoauthasdelegate?', cli_name='ok_to_auth_as_delegate',
         flags=['virtual_attribute', 'no_search']),
)


def update_ticket_flags(entry, params):
    add = remove = 0
    for name, bit in TICKET_FLAGS:
        if name not in params:
            continue
        if params[name]:
            add |= bit
        else:
            remove |= bit
    if not add and not remove:
        return None
    flags = entry.get('krbticketflags', [DEFAULT_TICKET_FLAGS])[0]
    return [(flags | add) & ~remove]


def set_kerberos_attrs(result, entry, params):
    if params.get('raw'):
        return
    flags = entry.get('krbticketflags', [DEFAULT_TICKET_FLAGS])[0]
    for name, bit in TICKET_FLAGS:
        if name in params or params.get('all'):
            result[name] = bool(flags & bit)


# Output of entries (baseldap entry_to_dict, convert_attribute_members) -----

UNREADABLE = frozenset(('userpassword', 'krbprincipalkey'))


def entry_output(call, entry, default_attrs, extra_attrs, params,
                 member_attrs, dn):
    """The readable attributes of ``entry`` a command returns.

    ``member_attrs`` maps a membership attribute to a list of
    (object type, member keys); they are shown as ``<attr>_<type>``.
    """
    d = call.directory
    if params.get('all'):
        wanted = set(entry) | set(default_attrs) | set(member_attrs)
    else:
        wanted = set(default_attrs) | set(extra_attrs)
    if params.get('no_members'):
        wanted -= set(member_attrs)
    out = {}
    for attr in wanted - UNREADABLE - set(member_attrs):
        if attr in entry and attr != 'krbticketflags':
            out[attr] = list(entry[attr])
    raw = params.get('raw')
    for attr, groups in member_attrs.items():
        if attr not in wanted:
            continue
        for objtype, keys in groups:
            if not keys:
                continue
            if raw:
                out.setdefault(attr, []).extend(
                    d.member_dn(objtype, k) for k in keys)
            else:
                out['%s_%s' % (attr, objtype)] = list(keys)
    if params.get('all'):
        out['dn'] = dn
    return out


# Hosts (ipaserver/plugins/host.py) -----------------------------------------

HOST_DEFAULT_ATTRS = (
    'fqdn', 'description', 'l', 'nshostlocation', 'krbcanonicalname',
    'krbprincipalname', 'nshardwareplatform', 'nsosversion',
    'usercertificate', 'memberof', 'managedby', 'memberofindirect',
    'macaddress', 'userclass', 'ipaallowedtoperform', 'ipaassignedidview',
    'krbprincipalauthind', 'memberprincipal')
HOST_SEARCH_ATTRS = ('fqdn', 'description', 'l', 'nshostlocation',
                     'krbcanonicalname', 'krbprincipalname',
                     'nshardwareplatform', 'nsosversion')

FQDN = Str('fqdn', hostname_validator, cli_name='hostname',
           label='Host name', primary_key=True,
           normalizer=normalize_hostname)
# The key of the commands on an existing entry (show, mod, del, member
# commands) is a query: normalized and converted, but no rule of the
# parameter is enforced, so that any stored entry can be named
# (crud.PKQuery); a name no entry can have is then NotFound.
FQDN_KEY = FQDN.clone(query=True)
# Authentication indicators of hosts and services.
AUTH_INDICATORS = ('radius', 'otp', 'pkinit', 'hardened', 'idp', 'passkey')
HOST_ATTR_PARAMS = (
    Str('description?', cli_name='desc'),
    Str('l?', cli_name='locality'),
    Str('nshostlocation?', cli_name='location'),
    Str('nshardwareplatform?', cli_name='platform'),
    Str('nsosversion?', cli_name='os'),
    Str('userpassword?', cli_name='password', noextrawhitespace=False,
        flags=('no_search',)),
    Str('macaddress*', normalizer=lambda value: value.upper(),
        pattern=r'^([a-fA-F0-9]{2}[:|\-]?){5}[a-fA-F0-9]{2}$',
        pattern_errmsg=('Must be of the form HH:HH:HH:HH:HH:HH, where '
                        'each H is a hexadecimal character.')),
    Str('userclass*', cli_name='class'),
    StrEnum('krbprincipalauthind*', cli_name='auth_ind',
            values=AUTH_INDICATORS),
)
HOST_ATTRS = {p.name: p for p in HOST_ATTR_PARAMS}
RANDOM = Flag('random?', flags=('no_search', 'virtual_attribute'),
              default=False)
HOST_SEARCH_PARAMS = search_options(
    FQDN, *(p for p in HOST_ATTR_PARAMS if 'no_search' not in p.flags))


def host_entry(call, fqdn):
    """resolve_fqdn(): the host, else NotFound as host_show raises it."""
    entry = call.directory.hosts.get(fqdn)
    if entry is None:
        raise errors.NotFound(reason='%s: host not found' % fqdn)
    return entry


def host_output(call, entry, params, extra_attrs=(), passwords=True):
    d = call.directory
    fqdn = entry['fqdn'][0]
    members = {'managedby': [('host', entry.get('managedby', []))],
               'memberof': [('role', d.roles_of('host', fqdn))]}
    out = entry_output(call, entry, HOST_DEFAULT_ATTRS, extra_attrs, params,
                       members, d.host_dn(fqdn))
    if passwords:
        out['has_password'] = 'userpassword' in entry
        out['has_keytab'] = ('krbprincipalkey' in entry
                             and not out['has_password'])
    set_kerberos_attrs(out, entry, params)
    if params.get('all') and not params.get('no_members'):
        managing = sorted(k for k, h in d.hosts.items()
                          if fqdn in h.get('managedby', ()))
        if managing:
            out['managing_host'] = managing
    return out


def host_attrs_from(params):
    return {name: params[name] for name in HOST_ATTRS if name in params}


HOST_OUTPUT_OPTIONS = (ALL, RAW, NO_MEMBERS)


@command('host_add', args=(FQDN,), options=HOST_ATTR_PARAMS + (
    RANDOM,) + TICKET_FLAG_PARAMS + (
    SETATTR, ADDATTR, Flag('force'), Flag('no_reverse'),
    Str('ip_address?', validate_ipaddr)) + HOST_OUTPUT_OPTIONS)
def host_add(call, params):
    d = call.directory
    fqdn = params['fqdn']
    entry_attrs = host_attrs_from(params)
    apply_attr_options(params, HOST_ATTRS, entry_attrs, None)
    shown = set(entry_attrs) | {'fqdn', 'objectclass', 'ipauniqueid'}
    max_length = int(d.config['ipamaxhostnamelength'][0])
    if len(fqdn) > max_length:
        raise errors.ValidationError(
            name='hostname',
            error='can be at most %d characters' % max_length)
    host, _, domain = fqdn.partition('.')
    if params.get('ip_address'):
        dnsrecords.validate_host_address(call, host, domain,
                                         params['ip_address'],
                                         not params['no_reverse'])
    if not params['force'] and 'ip_address' not in params:
        if not d.has_address_record(fqdn):
            raise errors.DNSNotARecordError(hostname=fqdn)
    if fqdn in d.hosts:
        raise errors.DuplicateEntry(
            message='host with name "%s" already exists' % fqdn)
    call.rights.check_add(d.host_dn(fqdn), {
        'fqdn': [fqdn], 'objectclass': HOST_OBJECTCLASSES,
        **{a: as_list(v) for a, v in entry_attrs.items()}})
    entry = d.new_host(fqdn)
    apply_changes(entry, {a: as_list(v) for a, v in entry_attrs.items()})
    if not entry_attrs.get('userpassword') and not params['random']:
        d.give_host_principal(entry)
    if params['random']:
        entry['userpassword'] = [ipa_generate_password(
            entropy_bits=TMP_PWD_ENTROPY_BITS, special=None)]
    entry['objectclass'] += ['ieee802device', 'ipasshhost']
    flags = update_ticket_flags(entry, params)
    if flags:
        entry['krbticketflags'] = flags
        entry['objectclass'].append('krbticketpolicyaux')
    result = {'value': fqdn, 'summary': 'Added host "%s"' % fqdn}
    if params.get('ip_address'):
        try:
            dnsrecords.add_host_address(call, host, domain,
                                        params['ip_address'],
                                        not params['no_reverse'])
        except Exception as e:
            call.add_message(result,
                             messages.FailedToAddHostDNSRecords(reason=e))
    out = host_output(call, entry, params, shown)
    out['dn'] = d.host_dn(fqdn)
    if params['random']:
        out['randompassword'] = entry['userpassword'][0]
    result['result'] = out
    return result


@command('host_mod', args=(FQDN_KEY,), options=HOST_ATTR_PARAMS + (
    RANDOM,) + TICKET_FLAG_PARAMS + (
    SETATTR, ADDATTR, DELATTR, RIGHTS, Flag('updatedns?', default=False)) +
    HOST_OUTPUT_OPTIONS)
def host_mod(call, params):
    fqdn = params['fqdn']
    entry = host_entry(call, fqdn)
    entry_attrs = host_attrs_from(params)
    apply_attr_options(params, HOST_ATTRS, entry_attrs, entry)
    shown = set(entry_attrs)
    if params.get('userpassword') or params.get('random'):
        if 'userpassword' not in entry and 'krbprincipalkey' in entry:
            raise errors.ValidationError(
                name='password',
                error='Password cannot be set on enrolled host.')
    if params.get('random'):
        entry_attrs['userpassword'] = ipa_generate_password(
            entropy_bits=TMP_PWD_ENTROPY_BITS)
    flags = update_ticket_flags(entry, params)
    if flags:
        entry_attrs['krbticketflags'] = flags
    changes = entry_changes(entry, entry_attrs)
    if not changes:
        raise errors.EmptyModlist()
    call.rights.check_write(call.directory.host_dn(fqdn), entry, changes)
    apply_changes(entry, changes)
    out = host_output(call, entry, params, shown)
    if params.get('random'):
        out['randompassword'] = entry['userpassword'][0]
    return {'result': out, 'value': fqdn,
            'summary': 'Modified host "%s"' % fqdn}


@command('host_del', args=(FQDN_KEY.clone(multivalue=True),), options=(
    CONTINUE, Flag('updatedns?', default=False)))
def host_del(call, params):
    d = call.directory
    notes = []

    def delete_host(fqdn):
        host_entry(call, fqdn)
        if fqdn == d.server_hostname.lower():
            raise errors.ValidationError(
                name='hostname',
                error='An IPA master host cannot be deleted or disabled')
        for key in list(d.services):
            if kerberos.Principal(key).hostname.lower() == fqdn:
                delete_service(call, key)
        if params.get('updatedns'):
            if not dnsrecords.remove_host_records(call, fqdn):
                notes.append(messages.FailedToRemoveHostDNSRecords(
                    host=fqdn,
                    reason='No A, AAAA, SSHFP or PTR records found.'))
        entry = d.hosts[fqdn]
        revoke_certificates(call, entry)
        call.rights.check_delete(d.host_dn(fqdn), entry)
        del d.hosts[fqdn]
        d.remove_references('host', fqdn)

    result = multi_delete(params, params['fqdn'], delete_host, 'host')
    for note in notes:
        call.add_message(result, note)
    return result


@command('host_show', args=(FQDN_KEY,), options=(
    RIGHTS, Str('out?')) + HOST_OUTPUT_OPTIONS)
def host_show(call, params):
    fqdn = params['fqdn']
    entry = host_entry(call, fqdn)
    out = host_output(call, entry, params)
    out['dn'] = call.directory.host_dn(fqdn)
    return {'result': out, 'value': fqdn, 'summary': None}


@command('host_find', args=(CRITERIA,), options=HOST_SEARCH_PARAMS + (
    TIMELIMIT, SIZELIMIT, ALL, RAW, NO_MEMBERS_FIND, PKEY_ONLY) +
    member_options('in_hostgroup', 'not_in_hostgroup', 'in_netgroup',
                   'not_in_netgroup', 'in_role', 'not_in_role',
                   'in_hbacrule', 'not_in_hbacrule', 'in_sudorule',
                   'not_in_sudorule', 'enroll_by_user',
                   'not_enroll_by_user') +
    member_options('man_by_host', 'not_man_by_host', 'man_host',
                   'not_man_host', normalizer=normalize_hostname))
def host_find(call, params):
    d = call.directory
    term = (params.get('criteria') or '').lower()
    # managedby holds DNs; fqdns need no escaping in them
    dn_suffix = ',cn=computers,cn=accounts,%s' % d.basedn
    managing = None
    if params.get('man_host') is not None:
        sets = [set(host_entry(call, k).get('managedby', ()))
                for k in params['man_host']]
        managing = set.intersection(*sets) if sets else set()
    not_managing = set()
    for key in params.get('not_man_host') or ():
        not_managing.update(host_entry(call, key).get('managedby', ()))
    found = []
    for fqdn, entry in d.hosts.items():
        if term and not any(matches_term(entry.get(a, ()), term)
                            for a in HOST_SEARCH_ATTRS) and not (
                matches_term(['fqdn=%s%s' % (k, dn_suffix)
                              for k in entry['managedby']], term)):
            continue
        if not all(matches_exact(entry, p.name, params[p.name])
                   for p in HOST_SEARCH_PARAMS
                   if params.get(p.name) is not None):
            continue
        managers = set(entry.get('managedby', ()))
        if not managers.issuperset(params.get('man_by_host') or ()):
            continue
        if managers.intersection(params.get('not_man_by_host') or ()):
            continue
        roles = {r.lower() for r in d.roles_of('host', fqdn)}
        if not roles.issuperset(r.lower() for r in
                                params.get('in_role') or ()):
            continue
        if roles.intersection(r.lower() for r in
                              params.get('not_in_role') or ()):
            continue
        if any(params.get(o) for o in (
                'in_hostgroup', 'in_netgroup', 'in_hbacrule', 'in_sudorule',
                'enroll_by_user')):
            continue
        if managing is not None and fqdn not in managing:
            continue
        if fqdn in not_managing:
            continue
        found.append(fqdn)
    found.sort()
    found, truncated = limit(found, params)
    entries = []
    for fqdn in found:
        if params.get('pkey_only'):
            out = {'fqdn': [fqdn]}
        else:
            out = host_output(call, d.hosts[fqdn], params, passwords=False)
        out['dn'] = d.host_dn(fqdn)
        entries.append(out)
    return find_result(call, entries, truncated, 'host')


# Services (ipaserver/plugins/service.py) -----------------------------------

SERVICE_DEFAULT_ATTRS = ('krbprincipalname', 'krbcanonicalname',
                         'usercertificate', 'managedby', 'ipakrbauthzdata',
                         'memberof', 'ipaallowedtoperform',
                         'krbprincipalauthind')

CANONICAL_PRINCIPAL = Principal(
    'krbcanonicalname', validate_realm, cli_name='canonical_principal',
    label='Principal name', primary_key=True,
    normalizer=normalize_principal, require_service=True)
# neither the realm nor a service name is required of an existing key
CANONICAL_PRINCIPAL_KEY = CANONICAL_PRINCIPAL.clone(query=True)
SERVICE_ATTR_PARAMS = (
    StrEnum('ipakrbauthzdata*', cli_name='pac_type',
            values=('MS-PAC', 'PAD', 'NONE')),
    StrEnum('krbprincipalauthind*', cli_name='auth_ind',
            values=AUTH_INDICATORS),
)
SERVICE_ATTRS = {p.name: p for p in SERVICE_ATTR_PARAMS}
SERVICE_SEARCH_PARAMS = search_options(
    CANONICAL_PRINCIPAL,
    Principal('krbprincipalname*', validate_realm, cli_name='principal',
              normalizer=normalize_principal, require_service=True),
    *SERVICE_ATTR_PARAMS)


def service_entry(call, principal):
    entry = call.directory.services.get(str(principal))
    if entry is None:
        raise errors.NotFound(reason='%s: service not found' % principal)
    return entry


def service_output(call, entry, params, extra_attrs=(), keytab=True):
    d = call.directory
    key = entry['krbcanonicalname'][0]
    members = {'managedby': [('host', entry.get('managedby', []))],
               'memberof': [('role', d.roles_of('service', key))]}
    out = entry_output(call, entry, SERVICE_DEFAULT_ATTRS, extra_attrs,
                       params, members, d.service_dn(key))
    if keytab:
        out['has_keytab'] = 'krbprincipalkey' in entry
    set_kerberos_attrs(out, entry, params)
    return out


def validate_ipakrbauthzdata(values):
    if values and 'NONE' in values and len(set(values)) > 1:
        raise errors.ValidationError(
            name='ipakrbauthzdata',
            error='NONE value cannot be combined with other PAC types')


def show_host_for_service(call, hostname):
    """host_show(hostname) as service_add calls it."""
    value = FQDN.convert(FQDN.normalize(hostname))
    FQDN.validate(value)
    return call.directory.hosts.get(value)


def revoke_certificates(call, entry):
    """What host_del and service_del do before the entry goes: revoke
    the certificates issued to it (revoke_certs in ipaserver's
    service.py), which finds them and revokes them with the caller's
    rights."""
    if entry.get('usercertificate'):
        call.rights.check_operation('retrieve certificate')
        call.rights.check_operation('revoke certificate')


def delete_service(call, key):
    d = call.directory
    principal = kerberos.Principal(key)
    if (principal.hostname.lower() == d.server_hostname.lower() and
            principal.service_name.lower() in ('http', 'ldap', 'dns',
                                               'dogtagldap')):
        raise errors.ValidationError(
            name='principal',
            error='This principal is required by the IPA master')
    entry = d.services[key]
    revoke_certificates(call, entry)
    call.rights.check_delete(d.service_dn(key), entry)
    del d.services[key]
    d.remove_references('service', key)


@command('service_add', args=(CANONICAL_PRINCIPAL,),
         options=SERVICE_ATTR_PARAMS + TICKET_FLAG_PARAMS + (
             SETATTR, ADDATTR, Flag('force'), Flag('skip_host_check'),
             ALL, RAW, NO_MEMBERS))
def service_add(call, params):
    d = call.directory
    principal = params['krbcanonicalname']
    key = str(principal)
    entry_attrs = {n: params[n] for n in SERVICE_ATTRS if n in params}
    apply_attr_options(params, SERVICE_ATTRS, entry_attrs, None)
    shown = set(entry_attrs) | {'krbcanonicalname', 'objectclass',
                                'ipauniqueid'}
    hostname = principal.hostname
    if principal.is_host and not params['force']:
        raise errors.HostService()
    host = None
    if not params['skip_host_check']:
        host = show_host_for_service(call, hostname)
        if host is None:
            raise errors.NotFound(
                reason="The host '%s' does not exist to add a service to."
                % hostname)
    validate_ipakrbauthzdata(as_list(entry_attrs.get('ipakrbauthzdata')))
    if not params['force']:
        if not d.has_address_record(hostname):
            raise errors.DNSNotARecordError(hostname=hostname)
    if key in d.services:
        raise errors.DuplicateEntry(
            message='service with name "%s" already exists' % key)
    entry = {
        'krbprincipalname': [key],
        'krbcanonicalname': [key],
        'ipakrbprincipalalias': [key],
        'objectclass': [
            'krbprincipal', 'krbprincipalaux', 'krbticketpolicyaux',
            'ipaobject', 'ipaservice', 'pkiuser', 'ipakrbprincipal', 'top'],
        'ipauniqueid': [str(uuid.uuid4())],
        'krbpwdpolicyreference': [
            'cn=Default Service Password Policy,cn=services,cn=accounts,%s'
            % d.basedn],
        'managedby': [host['fqdn'][0]] if host else [],
    }
    apply_changes(entry, {a: as_list(v) for a, v in entry_attrs.items()})
    flags = update_ticket_flags(entry, params)
    if flags:
        entry['krbticketflags'] = flags
    call.rights.check_add(d.service_dn(key), entry)
    d.services[key] = entry
    out = service_output(call, entry, params, shown, keytab=False)
    out['dn'] = d.service_dn(key)
    return {'result': out, 'value': key,
            'summary': 'Added service "%s"' % key}


@command('service_del',
         args=(CANONICAL_PRINCIPAL_KEY.clone(multivalue=True),),
         options=(CONTINUE,))
def service_del(call, params):
    def delete_one(principal):
        service_entry(call, principal)
        delete_service(call, str(principal))
    return multi_delete(params, params['krbcanonicalname'], delete_one,
                        'service')


@command('service_show', args=(CANONICAL_PRINCIPAL_KEY,), options=(
    RIGHTS, Str('out?'), ALL, RAW, NO_MEMBERS))
def service_show(call, params):
    principal = params['krbcanonicalname']
    entry = service_entry(call, principal)
    out = service_output(call, entry, params)
    out['dn'] = call.directory.service_dn(str(principal))
    return {'result': out, 'value': str(principal), 'summary': None}


@command('service_find', args=(CRITERIA,), options=SERVICE_SEARCH_PARAMS + (
    TIMELIMIT, SIZELIMIT, ALL, RAW, NO_MEMBERS_FIND, PKEY_ONLY) +
    member_options('man_by_host', 'not_man_by_host',
                   normalizer=normalize_hostname))
def service_find(call, params):
    d = call.directory
    term = (params.get('criteria') or '').lower()
    found = []
    for key, entry in d.services.items():
        if term and not (
                matches_term(entry['krbprincipalname'], term) or
                matches_term(entry.get('ipakrbauthzdata', ()), term) or
                matches_term([d.host_dn(k) for k in entry['managedby']],
                             term)):
            continue
        if not all(matches_exact(entry, p.name, params[p.name])
                   for p in SERVICE_SEARCH_PARAMS
                   if params.get(p.name) is not None):
            continue
        managers = set(entry.get('managedby', ()))
        if not managers.issuperset(params.get('man_by_host') or ()):
            continue
        if managers.intersection(params.get('not_man_by_host') or ()):
            continue
        found.append(key)
    found.sort()
    found, truncated = limit(found, params)
    entries = []
    for key in found:
        entry = d.services[key]
        if params.get('pkey_only'):
            out = {'krbcanonicalname': [key],
                   'krbprincipalname': list(entry['krbprincipalname'])}
        else:
            out = service_output(call, entry, params)
        out['dn'] = d.service_dn(key)
        entries.append(out)
    return find_result(call, entries, truncated, 'service')


def lookup(table):
    """Resolver of names kept lower-case in ``table``."""
    return lambda name: name.lower() if name.lower() in table else None


def add_members(members, resolvers, requests, member=lambda t, k: k,
                check_write=lambda: None):
    """LDAPAddMember: add the entries named in ``requests`` to ``members``.

    ``resolvers`` maps each object type the command takes to a function
    giving the key of a named entry, or None when there is none;
    ``members`` is None when the target entry itself is missing.
    ``check_write`` raises ACIError when the caller may not write the
    membership attribute: like any error of one member, it lands in
    ``failed``. Returns (completed, failed) in FreeIPA's shape.
    """
    failed = {}
    completed = 0
    for objtype, resolve in resolvers.items():
        failed[objtype] = []
        for name in requests.get(objtype) or ():
            if not name:
                continue
            key = resolve(name)
            if key is None or members is None:
                failed[objtype].append((name, 'no such entry'))
            elif member(objtype, key) in members:
                failed[objtype].append(
                    (name, errors.AlreadyGroupMember().strerror))
            else:
                try:
                    check_write()
                except errors.PublicError as e:
                    failed[objtype].append((name, str(e)))
                    continue
                members.append(member(objtype, key))
                completed += 1
    return completed, failed


@command('service_add_host', args=(CANONICAL_PRINCIPAL_KEY,),
         options=(Str('host*', cli_name='hosts', alwaysask=True),
                  ALL, RAW, NO_MEMBERS))
def service_add_host(call, params):
    d = call.directory
    principal = params['krbcanonicalname']
    entry = d.services.get(str(principal))
    managedby = entry['managedby'] if entry is not None else None
    completed, failed = add_members(
        managedby, {'host': d.resolve_host}, {'host': params.get('host')},
        check_write=lambda: call.rights.check_write(
            d.service_dn(str(principal)), entry, ['managedBy']))
    entry = service_entry(call, principal)
    out = service_output(call, entry, params, {'managedby'}, keytab=False)
    out['dn'] = d.service_dn(str(principal))
    return {'result': out, 'failed': {'managedby': failed},
            'completed': completed}


# Permissions, privileges, roles (permission.py, privilege.py, role.py) -----

PERMISSION_DEFAULT_ATTRS = (
    'cn', 'member', 'memberof', 'memberindirect', 'ipapermissiontype',
    'objectclass', 'ipapermdefaultattr', 'ipapermincludedattr',
    'ipapermexcludedattr', 'ipapermbindruletype', 'ipapermlocation',
    'ipapermright', 'ipapermtargetfilter', 'ipapermtarget')
GROUP_DEFAULT_ATTRS = ('cn', 'description', 'member', 'memberof')


def validate_filter(_, value):
    if not value.startswith('(') or not value.endswith(')'):
        return 'must be enclosed in parentheses'
    return None


def validate_type(_, value):
    if value.lower() not in PERMISSION_TYPES:
        return '"%s" is not an object type' % value
    return None


class DNText(Str):
    """A DNParam (DNOrURL when ``url``: an "ldap:///" prefix is dropped)
    whose value the handlers get as the text of the DN: what DN() cannot
    parse is refused with DNParam's ConversionError."""

    kwargs = Str.kwargs + (('url', bool, False),)

    def _convert_scalar(self, value, index=None):
        value = super(DNText, self)._convert_scalar(value)
        if self.url and value.startswith('ldap:///'):
            value = value[len('ldap:///'):]
        try:
            return str(DN(value))
        except Exception as e:
            raise errors.ConversionError(name=self.get_param_name(),
                                         error=str(e))


PERMISSION_NAME = Str(
    'cn', cli_name='name', label='Permission name', primary_key=True,
    pattern='^[-_ a-zA-Z0-9.:/]+$',
    pattern_errmsg='May only contain letters, numbers, -, _, ., :, /, '
                   'and space')
RIGHTS_PARAM = StrEnum('ipapermright*', cli_name='right',
                       values=('read', 'search', 'compare', 'write', 'add',
                               'delete', 'all'))
PERMISSION_PARAMS = (
    RIGHTS_PARAM,
    Str('attrs*'),
    StrEnum('ipapermbindruletype', cli_name='bindtype', autofill=True,
            values=('permission', 'all', 'anonymous', 'self'),
            default='permission'),
    DNText('ipapermlocation?', cli_name='subtree', url=True),
    Str('extratargetfilter*', validate_filter, cli_name='filter'),
    Str('ipapermtargetfilter*', validate_filter, cli_name='rawfilter'),
    DNText('ipapermtarget?', cli_name='target'),
    Str('memberof*'),
    Str('targetgroup?'),
    Str('type?', validate_type),
)
DEPRECATED_PERMISSION_OPTIONS = {'permissions': 'ipapermright',
                                 'filter': 'extratargetfilter',
                                 'subtree': 'ipapermlocation'}
NAME = Str('cn', cli_name='name', primary_key=True)
# keys of existing entries are queries: no rule, no pattern (crud.PKQuery)
NAME_KEY = NAME.clone(query=True)
PERMISSION_KEY = PERMISSION_NAME.clone(query=True)


def permission_entry(call, name):
    entry = call.directory.permissions.get(name.lower())
    if entry is None:
        raise errors.NotFound(reason='%s: permission not found' % name)
    return entry


def privilege_entry(call, name):
    entry = call.directory.privileges.get(name.lower())
    if entry is None:
        raise errors.NotFound(reason='%s: privilege not found' % name)
    return entry


def role_entry(call, name):
    entry = call.directory.roles.get(name.lower())
    if entry is None:
        raise errors.NotFound(reason='%s: role not found' % name)
    return entry


def permission_output(call, entry, params, extra_attrs=()):
    d = call.directory
    name = entry['cn'][0]
    members = {'member': [('privilege',
                           [d.privileges[k]['cn'][0] for k in entry['member']
                            if k in d.privileges])]}
    out = entry_output(call, entry, PERMISSION_DEFAULT_ATTRS, extra_attrs,
                       params, members, d.pbac_dn('permissions', name))
    out['dn'] = d.pbac_dn('permissions', name)
    if not params.get('raw'):
        attrs = set(entry.get('ipapermdefaultattr', ()))
        attrs.update(entry.get('ipapermincludedattr', ()))
        if 'read' in entry.get('ipapermright', ()) and 'objectclass' in attrs:
            attrs.update(('entryusn', 'createtimestamp', 'modifytimestamp'))
        attrs.difference_update(entry.get('ipapermexcludedattr', ()))
        if attrs:
            out['attrs'] = sorted(attrs)
        if 'type' in entry:
            out['type'] = list(entry['type'])
        if not params.get('all') and not entry.get('ipapermdefaultattr'):
            out.pop('ipapermincludedattr', None)
        if not params.get('all'):
            out.pop('ipapermtargetfilter', None)
    out.pop('member', None)
    return out


def group_output(call, entry, params, members, dn):
    out = entry_output(call, entry, GROUP_DEFAULT_ATTRS, (), params,
                       members, dn)
    out['dn'] = dn
    return out


def privilege_output(call, privilege, params):
    d = call.directory
    key = privilege['cn'][0].lower()
    roles = [d.roles[k]['cn'][0] for k in privilege['member']
             if k in d.roles]
    permissions = sorted(p['cn'][0] for p in d.permissions.values()
                         if key in p['member'])
    return group_output(call, privilege, params,
                        {'member': [('role', roles)],
                         'memberof': [('permission', permissions)]},
                        d.pbac_dn('privileges', privilege['cn'][0]))


def role_output(call, role, params):
    d = call.directory
    key = role['cn'][0].lower()
    members = [(objtype, [k for t, k in role['member'] if t == objtype])
               for objtype in ROLE_MEMBER_TYPES]
    privileges = sorted(p['cn'][0] for p in d.privileges.values()
                        if key in p['member'])
    return group_output(call, role, params,
                        {'member': members,
                         'memberof': [('privilege', privileges)]},
                        d.role_dn(role['cn'][0]))


# permission_add refuses the colon that SYSTEM permission names use
NEW_PERMISSION_NAME = PERMISSION_NAME.clone(
    pattern='^[-_ a-zA-Z0-9.]+$',
    pattern_errmsg='May only contain letters, numbers, -, _, ., and space')


@command('permission_add', args=(NEW_PERMISSION_NAME,),
         options=PERMISSION_PARAMS + tuple(
             Str('%s*' % old, flags={'no_option', 'virtual_attribute'})
             for old in DEPRECATED_PERMISSION_OPTIONS) + (
             SETATTR, ADDATTR, ALL, RAW, NO_MEMBERS))
def permission_add(call, params):
    d = call.directory
    name = params['cn']
    for old, new in DEPRECATED_PERMISSION_OPTIONS.items():
        if old in params:
            raise errors.ValidationError(
                name=old, error='option was renamed; use %s' % new)
    if 'extratargetfilter' in params and 'ipapermtargetfilter' in params:
        raise errors.ValidationError(
            name='ipapermtargetfilter',
            error='cannot specify full target filter and extra target '
                  'filter simultaneously')
    filters = list(params.get('extratargetfilter') or
                   params.get('ipapermtargetfilter') or ())
    objtype = params.get('type')
    if objtype and params.get('ipapermlocation'):
        raise errors.ValidationError(
            name='ipapermlocation',
            error='subtree and type are mutually exclusive')
    for group in params.get('memberof') or ():
        if group.lower() not in d.groups:
            raise errors.NotFound(reason='%s: group not found' % group)
        filters.append('(memberOf=%s)' % d.member_dn('group', group.lower()))
    attrs = list(params.get('attrs') or ())
    if not (objtype or filters or attrs or params.get('ipapermtarget')):
        raise errors.ValidationError(
            name='target',
            error='there must be at least one target entry specifier '
                  '(e.g. target, targetfilter, attrs)')
    if not params.get('ipapermright'):
        raise errors.RequirementError(name='ipapermright')
    if name.lower() in d.permissions:
        raise errors.DuplicateEntry(
            message='permission with name "%s" already exists' % name)
    call.rights.check_add(d.pbac_dn('permissions', name), {
        'cn': [name], 'objectclass': PERMISSION_OBJECTCLASSES})
    entry = d.add_permission(
        name, params['ipapermright'], params['ipapermbindruletype'],
        objtype.lower() if objtype else None, attrs, ['SYSTEM', 'V2'],
        location=params.get('ipapermlocation'), filters=filters)
    if params.get('ipapermtarget'):
        entry['ipapermtarget'] = [params['ipapermtarget']]
    out = permission_output(call, entry, params)
    return {'result': out, 'value': name,
            'summary': 'Added permission "%s"' % name}


@command('permission_show', args=(PERMISSION_KEY,),
         options=(RIGHTS, ALL, RAW, NO_MEMBERS))
def permission_show(call, params):
    entry = permission_entry(call, params['cn'])
    return {'result': permission_output(call, entry, params),
            'value': params['cn'], 'summary': None}


@command('permission_find', args=(CRITERIA,),
         options=search_options(PERMISSION_NAME, *PERMISSION_PARAMS) + (
             TIMELIMIT, SIZELIMIT, ALL, RAW, NO_MEMBERS_FIND, PKEY_ONLY))
def permission_find(call, params):
    d = call.directory
    term = params.get('criteria')
    found = []
    for entry in d.permissions.values():
        if term and not matches_term(entry['cn'], term.lower()):
            continue
        if params.get('cn') and entry['cn'][0].lower() != (
                params['cn'].lower()):
            continue
        if params.get('type') and [params['type'].lower()] != entry.get(
                'type'):
            continue
        if params.get('ipapermright') and not set(
                params['ipapermright']).issubset(
                    entry.get('ipapermright', ())):
            continue
        found.append(entry)
    found.sort(key=lambda e: e['cn'][0].lower())
    found, truncated = limit(found, params)
    entries = []
    for entry in found:
        if params.get('pkey_only'):
            entries.append({'cn': list(entry['cn']), 'dn': d.pbac_dn(
                'permissions', entry['cn'][0])})
        else:
            entries.append(permission_output(call, entry, params))
    return find_result(call, entries, truncated, 'permission')


def add_permission_member(call, permission_name, privilege_name):
    """permission_add_member(permission, privilege=...) -> completed, msg."""
    d = call.directory
    permission = d.permissions.get(permission_name.lower())
    member_list = permission['member'] if permission else None
    completed, failed = add_members(
        member_list, {'privilege': lookup(d.privileges)},
        {'privilege': [privilege_name]},
        check_write=lambda: call.rights.check_write(
            d.pbac_dn('permissions', permission['cn'][0]), permission,
            ['member']))
    permission_entry(call, permission_name)
    return completed, failed['privilege']


def reverse_members_result(call, params, entry, output, reverse_attr,
                           member_command):
    """What privilege_add_permission and its kin answer: the member
    command run for each name the option ``reverse_attr`` gives."""
    completed, failed = add_reverse_members(
        call, params.get(reverse_attr),
        lambda name: member_command(call, name, params['cn']), reverse_attr)
    return {'result': output(call, entry, params), 'failed': failed,
            'completed': completed}


def add_reverse_members(call, names, add_one, reverse_attr):
    """LDAPAddReverseMember (and LDAPRemoveReverseMember): run the member
    command for each name."""
    completed = 0
    failed = []
    for name in names or ():
        try:
            done, member_failed = add_one(name)
            if done == 1:
                completed += 1
            else:
                failed.append((name, member_failed[0][1]))
        except errors.NotFound as e:
            # split at the first colon, as FreeIPA does, even when the
            # name itself holds one ("System: ...")
            attr, msg = str(e).split(':', 1)
            failed.append((attr, msg.strip()))
        except errors.PublicError as e:
            failed.append((name, str(e)))
    return completed, {'member': {reverse_attr: failed}}


def add_group_entry(call, params, table, kind, output, dn):
    """privilege_add and role_add: a group of names, possibly described."""
    name = params['cn']
    if name.lower() in table:
        raise errors.DuplicateEntry(
            message='%s with name "%s" already exists' % (kind, name))
    entry = {'cn': [name], 'objectclass': ['top', 'groupofnames',
                                           'nestedgroup'], 'member': []}
    if params.get('description') is not None:
        entry['description'] = [params['description']]
    call.rights.check_add(dn(name), entry)
    table[name.lower()] = entry
    return {'result': output(call, entry, params), 'value': name,
            'summary': 'Added %s "%s"' % (kind, name)}


@command('privilege_add', args=(NAME,), options=(
    Str('description?', cli_name='desc'), SETATTR, ADDATTR, ALL, RAW,
    NO_MEMBERS))
def privilege_add(call, params):
    d = call.directory
    return add_group_entry(call, params, d.privileges, 'privilege',
                           privilege_output,
                           lambda name: d.pbac_dn('privileges', name))


@command('privilege_show', args=(NAME_KEY,),
         options=(RIGHTS, ALL, RAW, NO_MEMBERS))
def privilege_show(call, params):
    entry = privilege_entry(call, params['cn'])
    return {'result': privilege_output(call, entry, params),
            'value': params['cn'], 'summary': None}


@command('privilege_add_permission', args=(NAME_KEY,), options=(
    Str('permission*', cli_name='permissions', alwaysask=True),
    ALL, RAW, NO_MEMBERS))
def privilege_add_permission(call, params):
    d = call.directory
    privilege = privilege_entry(call, params['cn'])
    for name in params.get('permission') or ():
        entry = d.permissions.get(name.lower())
        if entry and access.bindtype_of(entry) != 'permission':
            raise errors.ValidationError(
                name='permission',
                error='cannot add permission "%s" with bindtype "%s" to a '
                      'privilege' % (entry['cn'][0],
                                     access.bindtype_of(entry)))
    return reverse_members_result(call, params, privilege, privilege_output,
                                  'permission', add_permission_member)


def remove_permission_member(call, permission_name, privilege_name):
    """permission_remove_member(permission, privilege=...)."""
    d = call.directory
    permission = permission_entry(call, permission_name)
    key = privilege_name.lower()
    if key not in permission['member']:
        return 0, [(privilege_name, errors.NotGroupMember().strerror)]
    call.rights.check_write(d.pbac_dn('permissions', permission['cn'][0]),
                            permission, ['member'])
    permission['member'].remove(key)
    return 1, []


@command('privilege_remove_permission', args=(NAME_KEY,), options=(
    Str('permission*', cli_name='permissions', alwaysask=True),
    ALL, RAW, NO_MEMBERS))
def privilege_remove_permission(call, params):
    privilege = privilege_entry(call, params['cn'])
    return reverse_members_result(call, params, privilege, privilege_output,
                                  'permission', remove_permission_member)


def add_privilege_member(call, privilege_name, role_name):
    """privilege_add_member(privilege, role=...) -> completed, failed."""
    d = call.directory
    privilege = d.privileges.get(privilege_name.lower())
    member_list = privilege['member'] if privilege else None
    completed, failed = add_members(
        member_list, {'role': lookup(d.roles)}, {'role': [role_name]},
        check_write=lambda: call.rights.check_write(
            d.pbac_dn('privileges', privilege['cn'][0]), privilege,
            ['member']))
    privilege_entry(call, privilege_name)
    return completed, failed['role']


@command('role_add', args=(NAME,), options=(
    Str('description?', cli_name='desc'), SETATTR, ADDATTR, ALL, RAW,
    NO_MEMBERS))
def role_add(call, params):
    d = call.directory
    return add_group_entry(call, params, d.roles, 'role', role_output,
                           d.role_dn)


@command('role_show', args=(NAME_KEY,),
         options=(RIGHTS, ALL, RAW, NO_MEMBERS))
def role_show(call, params):
    entry = role_entry(call, params['cn'])
    return {'result': role_output(call, entry, params),
            'value': params['cn'], 'summary': None}


@command('role_add_privilege', args=(NAME_KEY,), options=(
    Str('privilege*', cli_name='privileges', alwaysask=True),
    ALL, RAW, NO_MEMBERS))
def role_add_privilege(call, params):
    role = role_entry(call, params['cn'])
    return reverse_members_result(call, params, role, role_output,
                                  'privilege', add_privilege_member)


ROLE_MEMBER_TYPES = ('user', 'group', 'host', 'hostgroup', 'service',
                     'idoverrideuser', 'sysaccount')


def resolve_service(call, name):
    try:
        key = normalize_principal(name)
    except errors.ValidationError:
        return None
    return key if key in call.directory.services else None


@command('role_add_member', args=(NAME_KEY,), options=tuple(
    Str('%s*' % t, cli_name='%ss' % t, alwaysask=True)
    for t in ROLE_MEMBER_TYPES) + (ALL, RAW, NO_MEMBERS))
def role_add_member(call, params):
    d = call.directory
    role = d.roles.get(params['cn'].lower())
    resolvers = {
        'user': lookup(d.users),
        'group': lookup(d.groups),
        'host': d.resolve_host,
        'hostgroup': lookup(d.hostgroups),
        'service': lambda name: resolve_service(call, name),
        'idoverrideuser': lambda name: None,
        'sysaccount': lambda name: None,
    }
    completed, failed = add_members(
        role['member'] if role is not None else None, resolvers, params,
        member=lambda objtype, key: (objtype, key),
        check_write=lambda: call.rights.check_write(
            d.role_dn(role['cn'][0]), role, ['member']))
    role = role_entry(call, params['cn'])
    return {'result': role_output(call, role, params),
            'failed': {'member': failed}, 'completed': completed}


def add_host(directory, fqdn, description=None, userpassword=None,
             has_keytab=False, userclass=None, nshostlocation=None,
             nsosversion=None, l=None, managedby=None,  # noqa: E741
             usercertificate=None):
    """Seed a host straight into the directory (control API)."""
    fqdn = normalize_hostname(fqdn)
    if fqdn in directory.hosts:
        raise errors.DuplicateEntry(
            message='host with name "%s" already exists' % fqdn)
    entry = directory.new_host(fqdn)
    for attr, value in (('description', description), ('l', l),
                        ('nshostlocation', nshostlocation),
                        ('nsosversion', nsosversion),
                        ('userpassword', userpassword),
                        ('userclass', userclass),
                        ('usercertificate', usercertificate)):
        if value is not None:
            entry[attr] = as_list(value)
    if managedby is not None:
        entry['managedby'] = [normalize_hostname(h)
                              for h in as_list(managedby)]
    if userpassword is None:
        directory.give_host_principal(entry)
    if has_keytab:
        directory.enroll(fqdn)
    return entry
