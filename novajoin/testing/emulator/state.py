"""The directory an emulated FreeIPA server holds.

Entries are dicts of attribute name -> list of values, as ldap2 hands
them to the FreeIPA plugins.  Membership attributes hold keys of the
referenced entries (host FQDNs, service principals, lower-case names)
rather than DNs; the DNs are made on output.
"""

import copy
import re
import uuid

from ipapython.dnsutil import DNSName

from novajoin.testing.emulator import catalogue

# Object types a permission can be given with ``type``: container and
# the object class filter FreeIPA derives from them.
PERMISSION_TYPES = {
    'host': ('cn=computers,cn=accounts', '(objectclass=ipahost)'),
    'service': ('cn=services,cn=accounts', '(objectclass=ipaservice)'),
    'user': ('cn=users,cn=accounts', '(objectclass=posixaccount)'),
    'group': ('cn=groups,cn=accounts',
              '(|(objectclass=ipausergroup)(objectclass=posixgroup))'),
    'hostgroup': ('cn=hostgroups,cn=accounts', '(objectclass=ipahostgroup)'),
}

HOST_OBJECTCLASSES = ['ipaobject', 'nshost', 'ipahost', 'pkiuser',
                      'ipaservice']
PERMISSION_OBJECTCLASSES = ['top', 'groupofnames', 'ipapermission',
                            'ipapermissionv2']
SERVICE_OBJECTCLASSES = ['krbprincipal', 'krbprincipalaux',
                         'krbticketpolicyaux', 'ipaobject', 'ipaservice',
                         'pkiuser']


# cn=ipaConfig of a fresh FreeIPA server (bootstrap-template.ldif and the
# updates since), as ldap2 reads it: INTEGER attributes are strings,
# BOOLEAN ones booleans. ipadefaultemaildomain and
# ipacertificatesubjectbase follow the realm's domain and name.
DEFAULT_CONFIG = {
    'cn': ['ipaConfig'],
    'objectclass': ['nsContainer', 'top', 'ipaGuiConfig', 'ipaConfigObject'],
    'ipamaxusernamelength': ['32'],
    'ipamaxhostnamelength': ['64'],
    'ipahomesrootdir': ['/home'],
    'ipadefaultloginshell': ['/bin/sh'],
    'ipadefaultprimarygroup': ['ipausers'],
    'ipasearchtimelimit': ['2'],
    'ipasearchrecordslimit': ['100'],
    'ipausersearchfields': ['uid,givenname,sn,telephonenumber,ou,title'],
    'ipagroupsearchfields': ['cn,description'],
    'ipamigrationenabled': [False],
    'ipapwdexpadvnotify': ['4'],
    'ipaselinuxusermaporder': [
        'guest_u:s0$xguest_u:s0$user_u:s0$staff_u:s0-s0:c0.c1023'
        '$sysadm_u:s0-s0:c0.c1023$unconfined_u:s0-s0:c0.c1023'],
    'ipaselinuxusermapdefault': ['unconfined_u:s0-s0:c0.c1023'],
    'ipaconfigstring': ['AllowNThash', 'KDC:Disable Last Success'],
    'ipakrbauthzdata': ['MS-PAC', 'nfs:NONE'],
    'ipagroupobjectclasses': ['top', 'groupofnames', 'nestedgroup',
                              'ipausergroup', 'ipaobject'],
    'ipauserobjectclasses': ['top', 'person', 'organizationalperson',
                             'inetorgperson', 'inetuser', 'posixaccount',
                             'krbprincipalaux', 'krbticketpolicyaux',
                             'ipaobject', 'ipasshuser'],
}

_DN_SPECIALS = re.compile(r'[,+"\\<>;=]|^[# ]| $')


def escape_dn_value(value):
    """Escape a DN attribute value as RFC 4514 asks."""
    return _DN_SPECIALS.sub(lambda m: '\\' + m.group(0), value)


def basedn_for(domain):
    return ','.join('dc=%s' % label for label in domain.split('.'))


class Directory:
    """All entries of one emulated IPA server.

    Callers hold the emulator's state lock while they use it.
    """

    def __init__(self, realm, domain, server_hostname):
        self.realm = realm
        self.domain = domain.lower().rstrip('.')
        self.server_hostname = server_hostname
        self.basedn = basedn_for(self.domain)
        self.reset()

    def reset(self):
        self.hosts = {}
        self.services = {}
        self.zones = {}
        self.permissions = {}
        self.privileges = {}
        self.roles = {}
        self.users = {'admin': 'admin'}
        self.admins = set(catalogue.ADMINS)
        self.groups = {'admins': 'admins', 'ipausers': 'ipausers',
                       'editors': 'editors'}
        self.hostgroups = {'ipaservers': 'ipaservers'}
        self.add_zone(DNSName(self.domain).make_absolute())
        self.load_catalogue()
        self.config = copy.deepcopy(DEFAULT_CONFIG)
        self.config['ipadefaultemaildomain'] = [self.domain]
        self.config['ipacertificatesubjectbase'] = ['O=%s' % self.realm]

    def snapshot(self):
        """Everything held, to restore() later."""
        return copy.deepcopy(self.__dict__)

    def restore(self, snapshot):
        self.__dict__.update(copy.deepcopy(snapshot))

    def load_catalogue(self):
        """FreeIPA's own permissions, privileges and roles."""
        for permission in catalogue.PERMISSIONS:
            entry = {
                'cn': [permission.name],
                'ipapermright': list(permission.rights),
                'ipapermbindruletype': [permission.bindtype],
                'ipapermissiontype': ['SYSTEM', 'V2', 'MANAGED'],
                'objectclass': list(PERMISSION_OBJECTCLASSES),
                'ipapermlocation': [self.expand(permission.location)],
                'ipapermdefaultattr': list(permission.attrs),
                'member': [],
            }
            if permission.target:
                entry['ipapermtarget'] = [self.expand(permission.target)]
            if permission.targetfilter:
                entry['ipapermtargetfilter'] = [permission.targetfilter]
            objtype = self.object_type(entry)
            if objtype:
                entry['type'] = [objtype]
            self.permissions[permission.name.lower()] = entry
        for name in catalogue.VIRTUAL_OPERATIONS + (
                catalogue.OTHER_PERMISSIONS):
            # permissions of FreeIPA's first, pre-V2 kind: virtual
            # operations, checked by ipaserver itself, and ACIs kept
            # outside the permission (on configuration entries the
            # emulator does not hold)
            self.permissions[name.lower()] = {
                'cn': [name], 'ipapermissiontype': ['SYSTEM'],
                'objectclass': ['top', 'groupofnames', 'ipapermission'],
                'member': []}
        for privilege in catalogue.PRIVILEGES:
            key = privilege.name.lower()
            self.privileges[key] = {
                'cn': [privilege.name],
                'description': [privilege.description],
                'objectclass': ['top', 'groupofnames', 'nestedgroup'],
                'member': []}
            for name in privilege.permissions:
                self.permissions[name.lower()]['member'].append(key)
        for role in catalogue.ROLES:
            key = role.name.lower()
            self.roles[key] = {
                'cn': [role.name], 'description': [role.description],
                'objectclass': ['top', 'groupofnames', 'nestedgroup'],
                'member': []}
            for name in role.privileges:
                self.privileges[name.lower()]['member'].append(key)

    def expand(self, dn):
        """A catalogue DN with this server's suffix."""
        return dn.replace('$SUFFIX', self.basedn)

    def object_type(self, permission):
        """The object type a permission's location and filter amount to,
        as permission_show derives it."""
        location = permission['ipapermlocation'][0].lower()
        filters = permission.get('ipapermtargetfilter', ())
        for objtype, (container, objfilter) in PERMISSION_TYPES.items():
            if location == ('%s,%s' % (container, self.basedn)).lower() and (
                    any(objfilter in f.lower() for f in filters)):
                return objtype
        return None

    # DNs -----------------------------------------------------------------

    def host_dn(self, fqdn):
        return 'fqdn=%s,cn=computers,cn=accounts,%s' % (
            escape_dn_value(fqdn), self.basedn)

    def service_dn(self, principal):
        return 'krbprincipalname=%s,cn=services,cn=accounts,%s' % (
            escape_dn_value(principal), self.basedn)

    def zone_dn(self, zone_name):
        return 'idnsname=%s,cn=dns,%s' % (
            escape_dn_value(str(zone_name)), self.basedn)

    def record_dn(self, zone_name, record_name):
        return 'idnsname=%s,%s' % (escape_dn_value(str(record_name)),
                                   self.zone_dn(zone_name))

    def pbac_dn(self, container, name):
        return 'cn=%s,cn=%s,cn=pbac,%s' % (escape_dn_value(name), container,
                                           self.basedn)

    def role_dn(self, name):
        return 'cn=%s,cn=roles,cn=accounts,%s' % (escape_dn_value(name),
                                                  self.basedn)

    def member_dn(self, objtype, key):
        if objtype == 'host':
            return self.host_dn(key)
        if objtype == 'service':
            return self.service_dn(key)
        if objtype == 'role':
            return self.role_dn(self.roles[key]['cn'][0])
        if objtype == 'privilege':
            return self.pbac_dn('privileges', self.privileges[key]['cn'][0])
        if objtype == 'permission':
            return self.pbac_dn('permissions',
                                self.permissions[key]['cn'][0])
        container = {'user': 'users', 'group': 'groups',
                     'hostgroup': 'hostgroups'}.get(objtype, objtype)
        attr = 'uid' if objtype == 'user' else 'cn'
        return '%s=%s,cn=%s,cn=accounts,%s' % (
            attr, escape_dn_value(key), container, self.basedn)

    # hosts ---------------------------------------------------------------

    def new_host(self, fqdn):
        entry = {
            'fqdn': [fqdn],
            'cn': [fqdn],
            'serverhostname': [fqdn.split('.', 1)[0]],
            'objectclass': list(HOST_OBJECTCLASSES),
            'ipauniqueid': [str(uuid.uuid4())],
            'managedby': [fqdn],
        }
        self.hosts[fqdn] = entry
        return entry

    def give_host_principal(self, entry):
        """What host_add does for a host created without a password."""
        principal = 'host/%s@%s' % (entry['fqdn'][0], self.realm)
        entry['krbprincipalname'] = [principal]
        entry['krbcanonicalname'] = [principal]
        for objectclass in ('krbprincipalaux', 'krbprincipal'):
            if objectclass not in entry['objectclass']:
                entry['objectclass'].append(objectclass)

    def enroll(self, fqdn):
        """What ipa-client-install leaves behind: a keytab, no OTP."""
        entry = self.hosts[fqdn]
        entry.pop('userpassword', None)
        entry['krbprincipalkey'] = [True]
        if 'krbprincipalname' not in entry:
            self.give_host_principal(entry)

    def resolve_host(self, name):
        """Key of the host a member option names, as host.get_dn() finds it:
        by FQDN, else by its short name."""
        key = name.lower().rstrip('.')
        if key in self.hosts:
            return key
        for fqdn, entry in self.hosts.items():
            if entry['serverhostname'][0].lower() == key:
                return fqdn
        return None

    def remove_references(self, objtype, key):
        """What 389-ds referential integrity does when an entry goes."""
        if objtype == 'host':
            for entry in list(self.hosts.values()) + list(
                    self.services.values()):
                if key in entry.get('managedby', ()):
                    entry['managedby'].remove(key)
        for role in self.roles.values():
            if (objtype, key) in role['member']:
                role['member'].remove((objtype, key))

    def roles_of(self, objtype, key):
        return sorted(role['cn'][0] for role in self.roles.values()
                      if (objtype, key) in role['member'])

    # DNS -----------------------------------------------------------------

    def add_zone(self, zone_name, soa_mname=None, soa_rname=None,
                 **settings):
        key = str(zone_name).lower()
        nameserver = DNSName(self.server_hostname).make_absolute()
        zone = {
            'idnsname': [zone_name],
            'idnszoneactive': ['TRUE'],
            'idnssoamname': [soa_mname or nameserver],
            'idnssoarname': [soa_rname or DNSName(
                'hostmaster').derelativize(zone_name)],
            'idnssoaserial': [1],
            'idnssoarefresh': [3600],
            'idnssoaretry': [900],
            'idnssoaexpire': [1209600],
            'idnssoaminimum': [3600],
            'idnsallowdynupdate': ['FALSE'],
            'idnsallowquery': ['any;'],
            'idnsallowtransfer': ['none;'],
            'objectclass': ['top', 'idnsrecord', 'idnszone'],
        }
        zone.update(settings)
        self.zones[key] = {
            'entry': zone,
            'records': {'@': {'idnsname': [DNSName.empty],
                              'nsrecord': [str(nameserver)]}},
        }
        return zone

    def zone_containing(self, name):
        """The longest zone held here that contains ``name`` (absolute)."""
        best = None
        for zone in self.zones.values():
            zone_name = zone['entry']['idnsname'][0]
            if name.is_subdomain(zone_name) and (
                    best is None or zone_name.is_subdomain(
                        best['entry']['idnsname'][0])):
                best = zone
        return best

    def has_address_record(self, fqdn):
        name = DNSName(fqdn).make_absolute()
        zone = self.zone_containing(name)
        if zone is None:
            return False
        relative = name.relativize(zone['entry']['idnsname'][0])
        key = '@' if relative.is_empty() else str(relative).lower()
        record = zone['records'].get(key, {})
        return bool(record.get('arecord') or record.get('aaaarecord'))

    # RBAC ----------------------------------------------------------------

    def add_permission(self, name, rights, bindtype, objtype, attrs,
                       permission_type, location=None, filters=()):
        entry = {
            'cn': [name],
            'ipapermright': list(rights),
            'ipapermbindruletype': [bindtype],
            'ipapermissiontype': list(permission_type),
            'objectclass': list(PERMISSION_OBJECTCLASSES),
            'member': [],
        }
        if 'MANAGED' in permission_type:
            entry['ipapermdefaultattr'] = list(attrs)
        elif attrs:
            entry['ipapermincludedattr'] = list(attrs)
        if objtype:
            container, objfilter = PERMISSION_TYPES[objtype]
            entry['ipapermlocation'] = ['%s,%s' % (container, self.basedn)]
            entry['ipapermtargetfilter'] = [objfilter] + list(filters)
            entry['type'] = [objtype]
        else:
            entry['ipapermlocation'] = [location or self.basedn]
            if filters:
                entry['ipapermtargetfilter'] = list(filters)
        self.permissions[name.lower()] = entry
        return entry

    # Export --------------------------------------------------------------

    def dump(self):
        def plain(entry):
            out = {}
            for attr, values in entry.items():
                out[attr] = [v if isinstance(v, (bool, int)) else str(v)
                             for v in values]
            return out

        hosts = {}
        for fqdn, entry in self.hosts.items():
            host = plain(entry)
            host['has_password'] = 'userpassword' in entry
            host['has_keytab'] = 'krbprincipalkey' in entry
            host.pop('userpassword', None)
            host.pop('krbprincipalkey', None)
            hosts[fqdn] = host
        zones = {}
        for key, zone in self.zones.items():
            zones[key] = {
                'zone': plain(zone['entry']),
                'records': {name: plain(record)
                            for name, record in zone['records'].items()},
            }
        roles = {}
        for key, role in self.roles.items():
            role_out = plain({k: v for k, v in role.items()
                              if k != 'member'})
            role_out['member'] = ['%s:%s' % member
                                  for member in role['member']]
            roles[key] = role_out
        return {
            'realm': self.realm,
            'domain': self.domain,
            'hosts': hosts,
            'services': {key: plain(entry)
                         for key, entry in self.services.items()},
            'dnszones': zones,
            'permissions': {key: plain(entry)
                            for key, entry in self.permissions.items()},
            'privileges': {key: plain(entry)
                           for key, entry in self.privileges.items()},
            'roles': roles,
        }
