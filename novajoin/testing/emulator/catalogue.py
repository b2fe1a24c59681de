"""What a fresh FreeIPA server holds: permissions, privileges, roles.

Read from FreeIPA's repository (freeipa/freeipa) at commit
f0a1f084b64bd0ca570999594f8e25d4e8808938: ACI.txt (every managed
permission), install/share/delegation.ldif and install/updates/*.update
(virtual operations, other permissions, privileges, roles), and the
default_privileges of ipaserver/plugins/*.py managed_permissions. The
store of FreeIPA's files holds no single commit with all of them, so the
other files were read at the commits listed in SOURCE_FILE_COMMITS.

This module is data: nothing of FreeIPA's code is in it.

Notations:

* ``location`` and ``target`` write the server's suffix ``$SUFFIX`` and
  its Kerberos realm ``$REALM`` (ACI.txt's example realm is IPA.EXAMPLE,
  its suffix dc=ipa,dc=example); ``targetfilter`` is the ACI's, with the
  suffix written ``$SUFFIX`` too.
* ``rights`` are the ACI's rights, lower-case and sorted; besides add,
  compare, delete, read, search, write and all, the two permissions that
  move users between containers grant ``moddn`` (their source and
  destination are in MODDN_TARGETS, as ACI.txt gives them no ``target``).
* ACI.txt lists the four service delegation permissions twice, identical;
  PERMISSIONS holds each once, where it first appears.
* The privileges hold the permissions of ``default_privileges`` that are
  in ACI.txt, and those the ``member:`` lines of the .ldif and .update
  files give them. A privilege's ``member:`` lines that name groups (the
  admins group is a member of Replication Administrators, for one) are
  not part of this catalogue.
"""
import typing

SOURCE_REPOSITORY = 'freeipa/freeipa'
SOURCE_COMMIT = 'f0a1f084b64bd0ca570999594f8e25d4e8808938'

# The commit each file was read at.
SOURCE_FILE_COMMITS = {
    'ACI.txt': SOURCE_COMMIT,
    'install/share/delegation.ldif':
        '29a8615cf36cd46e30c6048ee7e3993532e83005',
    'install/updates/40-delegation.update':
        'bdbb1c34a2f5ef864cd3a943dcd047cde20de681',
    'install/updates/45-roles.update':
        '468eb3c712140399ed2ec346ff4356bffd590e09',
    'install/updates/40-replication.update':
        '136b2ae84584ccaae8cf7618aeb92d30d9ce9eef',
    'install/updates/73-certmap.update':
        '05f93e155e44aeb00d7af67f02af4e1d5a96bda8',
    # Read; they create no privilege, role or permission used here.
    'install/updates/40-dns.update':
        '0837166768586f8c10dc1e8e50f2d68eef42823f',
    'install/updates/40-certprofile.update':
        '300b74fc7fb2a5ce540b2d21189794a5b2db88b1',
    'install/updates/41-caacl.update':
        'bc0c60688505968daf6851e3e179aab20e23af7d',
    'install/updates/41-lightweight-cas.update':
        '3d4db834caa0688bcefc0092b7978402b783eaf3',
    'install/updates/40-vault.update':
        '2f3450249ded2c14d2ca55f15bdcace7007a6ebb',
    'install/updates/40-otp.update':
        '3013385ca4a28a4f203fae6dbef34321720d8879',
    'install/updates/40-automember.update':
        '5783d0c832a430f0f3b1a9b5ba083cda934d3397',
    'install/updates/30-provisioning.update':
        '04ea75a7a5109907ede2a0216bd39fac46a992c0',
    'install/updates/60-trusts.update':
        '0840b588d753e468ce16f47944e8a332864e3166',
    'ipaserver/install/plugins/update_managed_permissions.py':
        '003813b788dc20a2415d1eba6f2747947bcfc1e2',
    'ipaserver/plugins/automember.py':
        '003813b788dc20a2415d1eba6f2747947bcfc1e2',
    'ipaserver/plugins/automount.py':
        '003813b788dc20a2415d1eba6f2747947bcfc1e2',
    'ipaserver/plugins/ca.py': '090bc4b7d6fa8b7ed79f04f46c85f98b271d2fe8',
    'ipaserver/plugins/caacl.py': '003813b788dc20a2415d1eba6f2747947bcfc1e2',
    'ipaserver/plugins/certmap.py':
        '05f93e155e44aeb00d7af67f02af4e1d5a96bda8',
    'ipaserver/plugins/certprofile.py':
        '08ecce06c5105fc971b7eafd6e7494b687777c39',
    'ipaserver/plugins/dns.py': '0056fab2ffe7209cf2845526a709b8399d3eac2a',
    'ipaserver/plugins/dnsserver.py':
        '2157ea0e6d0d762bdc71022ddd55045406c4b300',
    'ipaserver/plugins/group.py': '09283b71011b5e3fa7141a068da1319eb44ae444',
    'ipaserver/plugins/hbacrule.py':
        '003813b788dc20a2415d1eba6f2747947bcfc1e2',
    'ipaserver/plugins/hbacsvc.py':
        'e3cb2e3d6f261913cfd9967f0c452a14dc38b8c1',
    'ipaserver/plugins/hbacsvcgroup.py':
        '29829cc55a6be697abf881ea7867ef834bb66be7',
    'ipaserver/plugins/host.py': '02a3d319abf6e960d96cf3a637dab5f3ed96d876',
    'ipaserver/plugins/hostgroup.py':
        '003813b788dc20a2415d1eba6f2747947bcfc1e2',
    'ipaserver/plugins/krbtpolicy.py':
        '0d43b2a98ab9c041191e62584e81e85466e04d60',
    'ipaserver/plugins/location.py':
        '0273e8a5b5168c3369304ca3c3a97f77700279c5',
    'ipaserver/plugins/netgroup.py':
        '6876bab01085da8944ab37a4a48e1092b3d363e8',
    'ipaserver/plugins/permission.py':
        '04490bf390b4e3aa2222cbb5ef7d7e0ce4838866',
    'ipaserver/plugins/privilege.py':
        '2302e8f77700f16f8b64fea8fb5c7d8a4f345730',
    'ipaserver/plugins/pwpolicy.py':
        '004d11ae53474fbb15c708430758bfd32e16b973',
    'ipaserver/plugins/radiusproxy.py':
        '3f56ae4322de42530c42b043a3254947569c4a29',
    'ipaserver/plugins/realmdomains.py':
        '003813b788dc20a2415d1eba6f2747947bcfc1e2',
    'ipaserver/plugins/role.py': '6e44557b601f769d23ee74555a72e8b5cc62c0c9',
    'ipaserver/plugins/selinuxusermap.py':
        '29829cc55a6be697abf881ea7867ef834bb66be7',
    'ipaserver/plugins/server.py': '003813b788dc20a2415d1eba6f2747947bcfc1e2',
    'ipaserver/plugins/service.py':
        '012e1bb7e93b2f36e0a7be142447e01dee625a99',
    'ipaserver/plugins/servicedelegation.py':
        '003813b788dc20a2415d1eba6f2747947bcfc1e2',
    'ipaserver/plugins/stageuser.py':
        '0275c7a77c0542d38923d8bb6fed450ff3862edd',
    'ipaserver/plugins/sudocmd.py':
        '0f42c41e62a84fc13a5738f8d4bcdd8f53e7fd9e',
    'ipaserver/plugins/sudocmdgroup.py':
        '29829cc55a6be697abf881ea7867ef834bb66be7',
    'ipaserver/plugins/sudorule.py':
        '003813b788dc20a2415d1eba6f2747947bcfc1e2',
    'ipaserver/plugins/trust.py': '003813b788dc20a2415d1eba6f2747947bcfc1e2',
    'ipaserver/plugins/user.py': '0495e89e0eb69da8cdf46402c088687d2a06ca17',
    'ipaserver/plugins/vault.py': '003813b788dc20a2415d1eba6f2747947bcfc1e2',
}

SOURCE_FILES = tuple(SOURCE_FILE_COMMITS)


class Permission(typing.NamedTuple):
    name: str            # as FreeIPA spells it, e.g. 'System: Add Hosts'
    rights: tuple        # lower-case, sorted
    bindtype: str        # 'permission' | 'all' | 'anonymous' | 'self'
    location: str        # e.g. 'cn=computers,cn=accounts,$SUFFIX'
    target: typing.Optional[str]        # target DN, or None
    targetfilter: typing.Optional[str]  # e.g. '(objectclass=ipahost)'
    attrs: tuple         # targetattr names, lower-case, sorted


class Privilege(typing.NamedTuple):
    name: str
    description: str
    permissions: tuple   # permission names, sorted case-insensitively


class Role(typing.NamedTuple):
    name: str
    description: str
    privileges: tuple    # privilege names, sorted case-insensitively


# Every managed permission of ACI.txt, in the file's order.
PERMISSIONS = (
    Permission(
        'System: Read Automember Definitions', ('compare', 'read', 'search'),
        'permission', 'cn=automember,cn=etc,$SUFFIX', None,
        '(objectclass=automemberdefinition)',
        ('automemberdefaultgroup', 'automemberdisabled', 'automemberfilter',
         'automembergroupingattr', 'automemberscope', 'cn',
         'createtimestamp', 'entryusn', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read Automember Rules', ('compare', 'read', 'search'),
        'permission', 'cn=automember,cn=etc,$SUFFIX', None,
        '(objectclass=automemberregexrule)',
        ('automemberexclusiveregex', 'automemberinclusiveregex',
         'automembertargetgroup', 'cn', 'createtimestamp', 'description',
         'entryusn', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read Automember Tasks', ('compare', 'read', 'search'),
        'permission', 'cn=tasks,cn=config',
        'cn=*,cn=automember rebuild membership,cn=tasks,cn=config', None,
        ('*',)),
    Permission(
        'System: Add Automount Keys', ('add',), 'permission',
        'cn=automount,$SUFFIX', None, '(objectclass=automount)', ()),
    Permission(
        'System: Modify Automount Keys', ('write',), 'permission',
        'cn=automount,$SUFFIX', None, '(objectclass=automount)',
        ('automountinformation', 'automountkey', 'description')),
    Permission(
        'System: Remove Automount Keys', ('delete',), 'permission',
        'cn=automount,$SUFFIX', None, '(objectclass=automount)', ()),
    Permission(
        'System: Add Automount Locations', ('add',), 'permission',
        'cn=automount,$SUFFIX', None, '(objectclass=nscontainer)', ()),
    Permission(
        'System: Read Automount Configuration',
        ('compare', 'read', 'search'), 'anonymous', 'cn=automount,$SUFFIX',
        None, None,
        ('automountinformation', 'automountkey', 'automountmapname', 'cn',
         'createtimestamp', 'description', 'entryusn', 'modifytimestamp',
         'objectclass')),
    Permission(
        'System: Remove Automount Locations', ('delete',), 'permission',
        'cn=automount,$SUFFIX', None, '(objectclass=nscontainer)', ()),
    Permission(
        'System: Add Automount Maps', ('add',), 'permission',
        'cn=automount,$SUFFIX', None, '(objectclass=automountmap)', ()),
    Permission(
        'System: Modify Automount Maps', ('write',), 'permission',
        'cn=automount,$SUFFIX', None, '(objectclass=automountmap)',
        ('automountmapname', 'description')),
    Permission(
        'System: Remove Automount Maps', ('delete',), 'permission',
        'cn=automount,$SUFFIX', None, '(objectclass=automountmap)', ()),
    Permission(
        'System: Add CA', ('add',), 'permission', 'cn=cas,cn=ca,$SUFFIX',
        None, '(objectclass=ipaca)', ()),
    Permission(
        'System: Delete CA', ('delete',), 'permission',
        'cn=cas,cn=ca,$SUFFIX', None, '(objectclass=ipaca)', ()),
    Permission(
        'System: Modify CA', ('write',), 'permission',
        'cn=cas,cn=ca,$SUFFIX', None, '(objectclass=ipaca)',
        ('cn', 'description')),
    Permission(
        'System: Read CAs', ('compare', 'read', 'search'), 'all',
        'cn=cas,cn=ca,$SUFFIX', None, '(objectclass=ipaca)',
        ('cn', 'createtimestamp', 'description', 'entryusn', 'ipacaid',
         'ipacaissuerdn', 'ipacasubjectdn', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Add CA ACL', ('add',), 'permission',
        'cn=caacls,cn=ca,$SUFFIX', None, '(objectclass=ipacaacl)', ()),
    Permission(
        'System: Delete CA ACL', ('delete',), 'permission',
        'cn=caacls,cn=ca,$SUFFIX', None, '(objectclass=ipacaacl)', ()),
    Permission(
        'System: Manage CA ACL Membership', ('write',), 'permission',
        'cn=caacls,cn=ca,$SUFFIX', None, '(objectclass=ipacaacl)',
        ('hostcategory', 'ipacacategory', 'ipacertprofilecategory',
         'ipamemberca', 'ipamembercertprofile', 'memberhost',
         'memberservice', 'memberuser', 'servicecategory', 'usercategory')),
    Permission(
        'System: Modify CA ACL', ('write',), 'permission',
        'cn=caacls,cn=ca,$SUFFIX', None, '(objectclass=ipacaacl)',
        ('cn', 'description', 'ipaenabledflag')),
    Permission(
        'System: Read CA ACLs', ('compare', 'read', 'search'), 'all',
        'cn=caacls,cn=ca,$SUFFIX', None, '(objectclass=ipacaacl)',
        ('cn', 'createtimestamp', 'description', 'entryusn', 'hostcategory',
         'ipacacategory', 'ipacertprofilecategory', 'ipaenabledflag',
         'ipamemberca', 'ipamembercertprofile', 'ipauniqueid', 'member',
         'memberhost', 'memberservice', 'memberuser', 'modifytimestamp',
         'objectclass', 'servicecategory', 'usercategory')),
    Permission(
        'System: Modify Certmap Configuration', ('write',), 'permission',
        'cn=certmap,$SUFFIX', None, '(objectclass=ipacertmapconfigobject)',
        ('ipacertmappromptusername',)),
    Permission(
        'System: Read Certmap Configuration', ('compare', 'read', 'search'),
        'all', 'cn=certmap,$SUFFIX', None,
        '(objectclass=ipacertmapconfigobject)',
        ('cn', 'ipacertmappromptusername')),
    Permission(
        'System: Add Certmap Rules', ('add',), 'permission',
        'cn=certmaprules,cn=certmap,$SUFFIX', None,
        '(objectclass=ipacertmaprule)', ()),
    Permission(
        'System: Delete Certmap Rules', ('delete',), 'permission',
        'cn=certmaprules,cn=certmap,$SUFFIX', None,
        '(objectclass=ipacertmaprule)', ()),
    Permission(
        'System: Modify Certmap Rules', ('write',), 'permission',
        'cn=certmaprules,cn=certmap,$SUFFIX', None,
        '(objectclass=ipacertmaprule)',
        ('associateddomain', 'cn', 'description', 'ipacertmapmaprule',
         'ipacertmapmatchrule', 'ipacertmappriority', 'ipaenabledflag',
         'objectclass')),
    Permission(
        'System: Read Certmap Rules', ('compare', 'read', 'search'), 'all',
        'cn=certmaprules,cn=certmap,$SUFFIX', None,
        '(objectclass=ipacertmaprule)',
        ('associateddomain', 'cn', 'createtimestamp', 'description',
         'entryusn', 'ipacertmapmaprule', 'ipacertmapmatchrule',
         'ipacertmappriority', 'ipaenabledflag', 'modifytimestamp',
         'objectclass')),
    Permission(
        'System: Delete Certificate Profile', ('delete',), 'permission',
        'cn=certprofiles,cn=ca,$SUFFIX', None,
        '(objectclass=ipacertprofile)', ()),
    Permission(
        'System: Import Certificate Profile', ('add',), 'permission',
        'cn=certprofiles,cn=ca,$SUFFIX', None,
        '(objectclass=ipacertprofile)', ()),
    Permission(
        'System: Modify Certificate Profile', ('write',), 'permission',
        'cn=certprofiles,cn=ca,$SUFFIX', None,
        '(objectclass=ipacertprofile)',
        ('cn', 'description', 'ipacertprofilestoreissued')),
    Permission(
        'System: Read Certificate Profiles', ('compare', 'read', 'search'),
        'all', 'cn=certprofiles,cn=ca,$SUFFIX', None,
        '(objectclass=ipacertprofile)',
        ('cn', 'createtimestamp', 'description', 'entryusn',
         'ipacertprofilestoreissued', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read Global Configuration', ('compare', 'read', 'search'),
        'all', 'cn=ipaconfig,cn=etc,$SUFFIX', None,
        '(objectclass=ipaguiconfig)',
        ('cn', 'createtimestamp', 'entryusn', 'ipacertificatesubjectbase',
         'ipaconfigstring', 'ipacustomfields', 'ipadefaultemaildomain',
         'ipadefaultloginshell', 'ipadefaultprimarygroup',
         'ipadomainresolutionorder', 'ipagroupobjectclasses',
         'ipagroupsearchfields', 'ipahomesrootdir', 'ipakrbauthzdata',
         'ipamaxhostnamelength', 'ipamaxusernamelength',
         'ipamigrationenabled', 'ipapwdexpadvnotify',
         'ipasearchrecordslimit', 'ipasearchtimelimit',
         'ipaselinuxusermapdefault', 'ipaselinuxusermaporder',
         'ipauserauthtype', 'ipauserobjectclasses', 'ipausersearchfields',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Add Group Password Policy costemplate', ('add',),
        'permission', 'cn=costemplates,cn=accounts,$SUFFIX', None,
        '(objectclass=costemplate)', ()),
    Permission(
        'System: Delete Group Password Policy costemplate', ('delete',),
        'permission', 'cn=costemplates,cn=accounts,$SUFFIX', None,
        '(objectclass=costemplate)', ()),
    Permission(
        'System: Modify Group Password Policy costemplate', ('write',),
        'permission', 'cn=costemplates,cn=accounts,$SUFFIX', None,
        '(objectclass=costemplate)', ('cospriority',)),
    Permission(
        'System: Read Group Password Policy costemplate',
        ('compare', 'read', 'search'), 'permission',
        'cn=costemplates,cn=accounts,$SUFFIX', None,
        '(objectclass=costemplate)',
        ('cn', 'cospriority', 'createtimestamp', 'entryusn',
         'krbpwdpolicyreference', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read DNS Configuration', ('read',), 'permission', '$SUFFIX',
        'cn=dns,$SUFFIX', '(objectclass=idnsConfigObject)',
        ('createtimestamp', 'entryusn', 'idnsallowsyncptr', 'idnsforwarders',
         'idnsforwardpolicy', 'idnspersistentsearch', 'idnszonerefresh',
         'ipadnsversion', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Write DNS Configuration', ('write',), 'permission',
        '$SUFFIX', 'cn=dns,$SUFFIX', '(objectclass=idnsConfigObject)',
        ('idnsallowsyncptr', 'idnsforwarders', 'idnsforwardpolicy',
         'idnspersistentsearch', 'idnszonerefresh')),
    Permission(
        'System: Modify DNS Servers Configuration', ('write',), 'permission',
        '$SUFFIX', None, '(objectclass=idnsServerConfigObject)',
        ('idnsforwarders', 'idnsforwardpolicy', 'idnssoamname',
         'idnssubstitutionvariable')),
    Permission(
        'System: Read DNS Servers Configuration',
        ('compare', 'read', 'search'), 'permission', '$SUFFIX', None,
        '(objectclass=idnsServerConfigObject)',
        ('createtimestamp', 'entryusn', 'idnsforwarders',
         'idnsforwardpolicy', 'idnsserverid', 'idnssoamname',
         'idnssubstitutionvariable', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Add DNS Entries', ('add',), 'permission', '$SUFFIX',
        'idnsname=*,cn=dns,$SUFFIX', None, ()),
    Permission(
        'System: Manage DNSSEC keys', ('all',), 'permission', '$SUFFIX',
        'cn=keys,cn=sec,cn=dns,$SUFFIX', None,
        ('ipaprivatekey', 'ipapublickey', 'ipasecretkey', 'ipasecretkeyref',
         'ipawrappingkey', 'ipawrappingmech', 'ipk11allowedmechanisms',
         'ipk11alwaysauthenticate', 'ipk11alwayssensitive',
         'ipk11checkvalue', 'ipk11copyable', 'ipk11decrypt', 'ipk11derive',
         'ipk11destroyable', 'ipk11distrusted', 'ipk11encrypt',
         'ipk11enddate', 'ipk11extractable', 'ipk11id',
         'ipk11keygenmechanism', 'ipk11keytype', 'ipk11label', 'ipk11local',
         'ipk11modifiable', 'ipk11neverextractable', 'ipk11private',
         'ipk11publickeyinfo', 'ipk11sensitive', 'ipk11sign',
         'ipk11signrecover', 'ipk11startdate', 'ipk11subject',
         'ipk11trusted', 'ipk11uniqueid', 'ipk11unwrap',
         'ipk11unwraptemplate', 'ipk11verify', 'ipk11verifyrecover',
         'ipk11wrap', 'ipk11wraptemplate', 'ipk11wrapwithtrusted',
         'objectclass')),
    Permission(
        'System: Manage DNSSEC metadata', ('all',), 'permission', '$SUFFIX',
        'cn=dns,$SUFFIX', '(objectclass=idnsSecKey)',
        ('cn', 'idnssecalgorithm', 'idnsseckeyactivate', 'idnsseckeycreated',
         'idnsseckeydelete', 'idnsseckeyinactive', 'idnsseckeypublish',
         'idnsseckeyref', 'idnsseckeyrevoke', 'idnsseckeysep',
         'idnsseckeyzone', 'objectclass')),
    Permission(
        'System: Read DNS Entries', ('compare', 'read', 'search'),
        'permission', '$SUFFIX', 'idnsname=*,cn=dns,$SUFFIX', None,
        ('a6record', 'aaaarecord', 'afsdbrecord', 'aplrecord', 'arecord',
         'certrecord', 'cn', 'cnamerecord', 'createtimestamp', 'dhcidrecord',
         'dlvrecord', 'dnamerecord', 'dnsclass', 'dnsdefaultttl', 'dnsttl',
         'dsrecord', 'entryusn', 'hinforecord', 'hiprecord',
         'idnsallowdynupdate', 'idnsallowquery', 'idnsallowsyncptr',
         'idnsallowtransfer', 'idnsforwarders', 'idnsforwardpolicy',
         'idnsname', 'idnssecinlinesigning', 'idnssoaexpire',
         'idnssoaminimum', 'idnssoamname', 'idnssoarefresh', 'idnssoaretry',
         'idnssoarname', 'idnssoaserial', 'idnstemplateattribute',
         'idnsupdatepolicy', 'idnszoneactive', 'ipseckeyrecord', 'keyrecord',
         'kxrecord', 'locrecord', 'managedby', 'mdrecord', 'minforecord',
         'modifytimestamp', 'mxrecord', 'naptrrecord', 'nsec3paramrecord',
         'nsecrecord', 'nsrecord', 'nxtrecord', 'objectclass', 'ptrrecord',
         'rprecord', 'rrsigrecord', 'sigrecord', 'spfrecord', 'srvrecord',
         'sshfprecord', 'tlsarecord', 'txtrecord', 'unknownrecord',
         'urirecord')),
    Permission(
        'System: Read DNSSEC metadata', ('compare', 'read', 'search'),
        'permission', '$SUFFIX', 'cn=dns,$SUFFIX',
        '(objectclass=idnsSecKey)',
        ('cn', 'createtimestamp', 'entryusn', 'idnssecalgorithm',
         'idnsseckeyactivate', 'idnsseckeycreated', 'idnsseckeydelete',
         'idnsseckeyinactive', 'idnsseckeypublish', 'idnsseckeyref',
         'idnsseckeyrevoke', 'idnsseckeysep', 'idnsseckeyzone',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Remove DNS Entries', ('delete',), 'permission', '$SUFFIX',
        'idnsname=*,cn=dns,$SUFFIX', None, ()),
    Permission(
        'System: Update DNS Entries', ('write',), 'permission', '$SUFFIX',
        'idnsname=*,cn=dns,$SUFFIX', None,
        ('a6record', 'aaaarecord', 'afsdbrecord', 'aplrecord', 'arecord',
         'certrecord', 'cn', 'cnamerecord', 'dhcidrecord', 'dlvrecord',
         'dnamerecord', 'dnsclass', 'dnsdefaultttl', 'dnsttl', 'dsrecord',
         'hinforecord', 'hiprecord', 'idnsallowdynupdate', 'idnsallowquery',
         'idnsallowsyncptr', 'idnsallowtransfer', 'idnsforwarders',
         'idnsforwardpolicy', 'idnsname', 'idnssecinlinesigning',
         'idnssoaexpire', 'idnssoaminimum', 'idnssoamname', 'idnssoarefresh',
         'idnssoaretry', 'idnssoarname', 'idnssoaserial',
         'idnstemplateattribute', 'idnsupdatepolicy', 'idnszoneactive',
         'ipseckeyrecord', 'keyrecord', 'kxrecord', 'locrecord', 'managedby',
         'mdrecord', 'minforecord', 'mxrecord', 'naptrrecord',
         'nsec3paramrecord', 'nsecrecord', 'nsrecord', 'nxtrecord',
         'objectclass', 'ptrrecord', 'rprecord', 'rrsigrecord', 'sigrecord',
         'spfrecord', 'srvrecord', 'sshfprecord', 'tlsarecord', 'txtrecord',
         'unknownrecord', 'urirecord')),
    Permission(
        'System: Add Groups', ('add',), 'permission',
        'cn=groups,cn=accounts,$SUFFIX', None,
        '(|(objectclass=ipausergroup)(objectclass=posixgroup))', ()),
    Permission(
        'System: Modify External Group Membership', ('write',), 'permission',
        'cn=groups,cn=accounts,$SUFFIX', None,
        '(objectclass=ipaexternalgroup)', ('ipaexternalmember',)),
    Permission(
        'System: Modify Group Membership', ('write',), 'permission',
        'cn=groups,cn=accounts,$SUFFIX', None,
        '(&(!(cn=admins))(objectclass=ipausergroup))', ('member',)),
    Permission(
        'System: Modify Groups', ('write',), 'permission',
        'cn=groups,cn=accounts,$SUFFIX', None,
        '(|(objectclass=ipausergroup)(objectclass=posixgroup))',
        ('cn', 'description', 'gidnumber', 'ipauniqueid', 'membermanager',
         'mepmanagedby', 'objectclass')),
    Permission(
        'System: Read External Group Membership',
        ('compare', 'read', 'search'), 'all',
        'cn=groups,cn=accounts,$SUFFIX', None,
        '(|(objectclass=ipausergroup)(objectclass=posixgroup))',
        ('ipaexternalmember',)),
    Permission(
        'System: Read Group Compat Tree', ('compare', 'read', 'search'),
        'anonymous', '$SUFFIX', 'cn=groups,cn=compat,$SUFFIX', None,
        ('cn', 'createtimestamp', 'entryusn', 'gidnumber', 'memberuid',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read Group Membership', ('compare', 'read', 'search'),
        'all', 'cn=groups,cn=accounts,$SUFFIX', None,
        '(|(objectclass=ipausergroup)(objectclass=posixgroup))',
        ('member', 'memberhost', 'memberof', 'memberuid', 'memberuser')),
    Permission(
        'System: Read Group Views Compat Tree',
        ('compare', 'read', 'search'), 'anonymous', '$SUFFIX',
        'cn=groups,cn=*,cn=views,cn=compat,$SUFFIX', None,
        ('cn', 'createtimestamp', 'entryusn', 'gidnumber', 'memberuid',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read Groups', ('compare', 'read', 'search'), 'anonymous',
        'cn=groups,cn=accounts,$SUFFIX', None,
        '(|(objectclass=ipausergroup)(objectclass=posixgroup))',
        ('businesscategory', 'cn', 'createtimestamp', 'description',
         'entryusn', 'gidnumber', 'ipaexternalmember',
         'ipantsecurityidentifier', 'ipauniqueid', 'membermanager',
         'mepmanagedby', 'modifytimestamp', 'o', 'objectclass', 'ou',
         'owner', 'seealso')),
    Permission(
        'System: Remove Groups', ('delete',), 'permission',
        'cn=groups,cn=accounts,$SUFFIX', None,
        '(|(objectclass=ipausergroup)(objectclass=posixgroup))', ()),
    Permission(
        'System: Add HBAC Rule', ('add',), 'permission', 'cn=hbac,$SUFFIX',
        None, '(objectclass=ipahbacrule)', ()),
    Permission(
        'System: Delete HBAC Rule', ('delete',), 'permission',
        'cn=hbac,$SUFFIX', None, '(objectclass=ipahbacrule)', ()),
    Permission(
        'System: Manage HBAC Rule Membership', ('write',), 'permission',
        'cn=hbac,$SUFFIX', None, '(objectclass=ipahbacrule)',
        ('externalhost', 'memberhost', 'memberservice', 'memberuser')),
    Permission(
        'System: Modify HBAC Rule', ('write',), 'permission',
        'cn=hbac,$SUFFIX', None, '(objectclass=ipahbacrule)',
        ('accessruletype', 'accesstime', 'cn', 'description', 'hostcategory',
         'ipaenabledflag', 'servicecategory', 'sourcehost',
         'sourcehostcategory', 'usercategory')),
    Permission(
        'System: Read HBAC Rules', ('compare', 'read', 'search'), 'all',
        'cn=hbac,$SUFFIX', None, '(objectclass=ipahbacrule)',
        ('accessruletype', 'accesstime', 'cn', 'createtimestamp',
         'description', 'entryusn', 'externalhost', 'hostcategory',
         'ipaenabledflag', 'ipauniqueid', 'member', 'memberhost',
         'memberservice', 'memberuser', 'modifytimestamp', 'objectclass',
         'servicecategory', 'sourcehost', 'sourcehostcategory',
         'usercategory')),
    Permission(
        'System: Add HBAC Services', ('add',), 'permission',
        'cn=hbacservices,cn=hbac,$SUFFIX', None,
        '(objectclass=ipahbacservice)', ()),
    Permission(
        'System: Delete HBAC Services', ('delete',), 'permission',
        'cn=hbacservices,cn=hbac,$SUFFIX', None,
        '(objectclass=ipahbacservice)', ()),
    Permission(
        'System: Read HBAC Services', ('compare', 'read', 'search'), 'all',
        'cn=hbacservices,cn=hbac,$SUFFIX', None,
        '(objectclass=ipahbacservice)',
        ('cn', 'createtimestamp', 'description', 'entryusn', 'ipauniqueid',
         'memberof', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Add HBAC Service Groups', ('add',), 'permission',
        'cn=hbacservicegroups,cn=hbac,$SUFFIX', None,
        '(objectclass=ipahbacservicegroup)', ()),
    Permission(
        'System: Delete HBAC Service Groups', ('delete',), 'permission',
        'cn=hbacservicegroups,cn=hbac,$SUFFIX', None,
        '(objectclass=ipahbacservicegroup)', ()),
    Permission(
        'System: Manage HBAC Service Group Membership', ('write',),
        'permission', 'cn=hbacservicegroups,cn=hbac,$SUFFIX', None,
        '(objectclass=ipahbacservicegroup)', ('member',)),
    Permission(
        'System: Read HBAC Service Groups', ('compare', 'read', 'search'),
        'all', 'cn=hbacservicegroups,cn=hbac,$SUFFIX', None,
        '(objectclass=ipahbacservicegroup)',
        ('businesscategory', 'cn', 'createtimestamp', 'description',
         'entryusn', 'ipauniqueid', 'member', 'memberhost', 'memberuser',
         'modifytimestamp', 'o', 'objectclass', 'ou', 'owner', 'seealso')),
    Permission(
        'System: Add Hosts', ('add',), 'permission',
        'cn=computers,cn=accounts,$SUFFIX', None, '(objectclass=ipahost)',
        ()),
    Permission(
        'System: Add krbPrincipalName to a Host', ('write',), 'permission',
        'cn=computers,cn=accounts,$SUFFIX', None,
        '(&(!(krbprincipalname=*))(objectclass=ipahost))',
        ('krbprincipalname',)),
    Permission(
        'System: Enroll a Host', ('write',), 'permission',
        'cn=computers,cn=accounts,$SUFFIX', None, '(objectclass=ipahost)',
        ('enrolledby', 'objectclass')),
    Permission(
        'System: Manage Host Certificates', ('write',), 'permission',
        'cn=computers,cn=accounts,$SUFFIX', None, '(objectclass=ipahost)',
        ('usercertificate',)),
    Permission(
        'System: Manage Host Enrollment Password', ('write',), 'permission',
        'cn=computers,cn=accounts,$SUFFIX', None, '(objectclass=ipahost)',
        ('userpassword',)),
    Permission(
        'System: Manage Host Keytab', ('write',), 'permission',
        'cn=computers,cn=accounts,$SUFFIX', None,
        '(&(!(memberOf=cn=ipaservers,cn=hostgroups,cn=accounts,'
        '$SUFFIX))(objectclass=ipahost))',
        ('krblastpwdchange', 'krbprincipalkey')),
    Permission(
        'System: Manage Host Keytab Permissions',
        ('compare', 'read', 'search', 'write'), 'permission',
        'cn=computers,cn=accounts,$SUFFIX', None, '(objectclass=ipahost)',
        ('createtimestamp', 'entryusn', 'ipaallowedtoperform;read_keys',
         'ipaallowedtoperform;write_keys', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Manage Host Principals', ('write',), 'permission',
        'cn=computers,cn=accounts,$SUFFIX', None, '(objectclass=ipahost)',
        ('krbcanonicalname', 'krbprincipalname')),
    Permission(
        'System: Manage Host SSH Public Keys', ('write',), 'permission',
        'cn=computers,cn=accounts,$SUFFIX', None, '(objectclass=ipahost)',
        ('ipasshpubkey',)),
    Permission(
        'System: Modify Hosts', ('write',), 'permission',
        'cn=computers,cn=accounts,$SUFFIX', None, '(objectclass=ipahost)',
        ('description', 'ipaassignedidview', 'krbprincipalauthind', 'l',
         'macaddress', 'nshardwareplatform', 'nshostlocation', 'nsosversion',
         'userclass')),
    Permission(
        'System: Read Host Compat Tree', ('compare', 'read', 'search'),
        'anonymous', '$SUFFIX', 'cn=computers,cn=compat,$SUFFIX', None,
        ('cn', 'createtimestamp', 'entryusn', 'macaddress',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read Host Membership', ('compare', 'read', 'search'), 'all',
        'cn=computers,cn=accounts,$SUFFIX', None, '(objectclass=ipahost)',
        ('memberof',)),
    Permission(
        'System: Read Hosts', ('compare', 'read', 'search'), 'all',
        'cn=computers,cn=accounts,$SUFFIX', None, '(objectclass=ipahost)',
        ('cn', 'createtimestamp', 'description', 'enrolledby', 'entryusn',
         'fqdn', 'ipaassignedidview', 'ipaclientversion', 'ipakrbauthzdata',
         'ipasshpubkey', 'ipauniqueid', 'krbcanonicalname',
         'krblastpwdchange', 'krbpasswordexpiration', 'krbprincipalaliases',
         'krbprincipalauthind', 'krbprincipalexpiration', 'krbprincipalname',
         'l', 'macaddress', 'managedby', 'modifytimestamp',
         'nshardwareplatform', 'nshostlocation', 'nsosversion',
         'objectclass', 'serverhostname', 'usercertificate', 'userclass')),
    Permission(
        'System: Remove Hosts', ('delete',), 'permission',
        'cn=computers,cn=accounts,$SUFFIX', None, '(objectclass=ipahost)',
        ()),
    Permission(
        'System: Add Hostgroups', ('add',), 'permission',
        'cn=hostgroups,cn=accounts,$SUFFIX', None,
        '(objectclass=ipahostgroup)', ()),
    Permission(
        'System: Modify Hostgroup Membership', ('write',), 'permission',
        'cn=hostgroups,cn=accounts,$SUFFIX', None,
        '(&(!(cn=ipaservers))(objectclass=ipahostgroup))', ('member',)),
    Permission(
        'System: Modify Hostgroups', ('write',), 'permission',
        'cn=hostgroups,cn=accounts,$SUFFIX', None,
        '(objectclass=ipahostgroup)', ('cn', 'description', 'membermanager')),
    Permission(
        'System: Read Hostgroup Membership', ('compare', 'read', 'search'),
        'all', 'cn=hostgroups,cn=accounts,$SUFFIX', None,
        '(objectclass=ipahostgroup)',
        ('member', 'memberhost', 'memberof', 'memberuser')),
    Permission(
        'System: Read Hostgroups', ('compare', 'read', 'search'), 'all',
        'cn=hostgroups,cn=accounts,$SUFFIX', None,
        '(objectclass=ipahostgroup)',
        ('businesscategory', 'cn', 'createtimestamp', 'description',
         'entryusn', 'ipauniqueid', 'membermanager', 'modifytimestamp', 'o',
         'objectclass', 'ou', 'owner', 'seealso')),
    Permission(
        'System: Remove Hostgroups', ('delete',), 'permission',
        'cn=hostgroups,cn=accounts,$SUFFIX', None,
        '(objectclass=ipahostgroup)', ()),
    Permission(
        'System: Read Group ID Overrides', ('compare', 'read', 'search'),
        'all', 'cn=views,cn=accounts,$SUFFIX', None,
        '(objectclass=ipaGroupOverride)',
        ('cn', 'createtimestamp', 'description', 'entryusn', 'gidnumber',
         'ipaanchoruuid', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read User ID Overrides', ('compare', 'read', 'search'),
        'all', 'cn=views,cn=accounts,$SUFFIX', None,
        '(objectclass=ipaUserOverride)',
        ('createtimestamp', 'description', 'entryusn', 'gecos', 'gidnumber',
         'homedirectory', 'ipaanchoruuid', 'ipaoriginaluid', 'ipasshpubkey',
         'loginshell', 'modifytimestamp', 'objectclass', 'uid', 'uidnumber',
         'usercertificate')),
    Permission(
        'System: Read ID Ranges', ('compare', 'read', 'search'), 'all',
        'cn=ranges,cn=etc,$SUFFIX', None, '(objectclass=ipaidrange)',
        ('cn', 'createtimestamp', 'entryusn', 'ipabaseid', 'ipabaserid',
         'ipaidrangesize', 'ipanttrusteddomainsid', 'iparangetype',
         'ipasecondarybaserid', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read ID Views', ('compare', 'read', 'search'), 'all',
        'cn=views,cn=accounts,$SUFFIX', None, '(objectclass=nsContainer)',
        ('cn', 'createtimestamp', 'description', 'entryusn',
         'ipadomainresolutionorder', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read Default Kerberos Ticket Policy',
        ('compare', 'read', 'search'), 'permission',
        'cn=$REALM,cn=kerberos,$SUFFIX', None,
        '(objectclass=krbticketpolicyaux)',
        ('createtimestamp', 'entryusn', 'krbdefaultencsalttypes',
         'krbmaxrenewableage', 'krbmaxticketlife',
         'krbsupportedencsalttypes', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read User Kerberos Ticket Policy',
        ('compare', 'read', 'search'), 'permission',
        'cn=users,cn=accounts,$SUFFIX', None,
        '(objectclass=krbticketpolicyaux)',
        ('krbmaxrenewableage', 'krbmaxticketlife')),
    Permission(
        'System: Add IPA Locations', ('add',), 'permission',
        'cn=locations,cn=etc,$SUFFIX', None,
        '(objectclass=ipaLocationObject)', ()),
    Permission(
        'System: Modify IPA Locations', ('write',), 'permission',
        'cn=locations,cn=etc,$SUFFIX', None,
        '(objectclass=ipaLocationObject)', ('description',)),
    Permission(
        'System: Read IPA Locations', ('compare', 'read', 'search'),
        'permission', 'cn=locations,cn=etc,$SUFFIX', None,
        '(objectclass=ipaLocationObject)',
        ('createtimestamp', 'description', 'entryusn', 'idnsname',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Remove IPA Locations', ('delete',), 'permission',
        'cn=locations,cn=etc,$SUFFIX', None,
        '(objectclass=ipaLocationObject)', ()),
    Permission(
        'System: Add Netgroups', ('add',), 'permission',
        'cn=ng,cn=alt,$SUFFIX', None, '(objectclass=ipanisnetgroup)', ()),
    Permission(
        'System: Modify Netgroup Membership', ('write',), 'permission',
        'cn=ng,cn=alt,$SUFFIX', None, '(objectclass=ipanisnetgroup)',
        ('externalhost', 'member', 'memberhost', 'memberuser')),
    Permission(
        'System: Modify Netgroups', ('write',), 'permission',
        'cn=ng,cn=alt,$SUFFIX', None, '(objectclass=ipanisnetgroup)',
        ('description',)),
    Permission(
        'System: Read Netgroup Compat Tree', ('compare', 'read', 'search'),
        'anonymous', '$SUFFIX', 'cn=ng,cn=compat,$SUFFIX', None,
        ('cn', 'createtimestamp', 'entryusn', 'membernisnetgroup',
         'modifytimestamp', 'nisnetgrouptriple', 'objectclass')),
    Permission(
        'System: Read Netgroup Membership', ('compare', 'read', 'search'),
        'all', 'cn=ng,cn=alt,$SUFFIX', None, '(objectclass=ipanisnetgroup)',
        ('createtimestamp', 'entryusn', 'externalhost', 'member',
         'memberhost', 'memberof', 'memberuser', 'modifytimestamp',
         'objectclass')),
    Permission(
        'System: Read Netgroups', ('compare', 'read', 'search'), 'all',
        'cn=ng,cn=alt,$SUFFIX', None, '(objectclass=ipanisnetgroup)',
        ('cn', 'createtimestamp', 'description', 'entryusn', 'hostcategory',
         'ipaenabledflag', 'ipauniqueid', 'modifytimestamp', 'nisdomainname',
         'objectclass', 'usercategory')),
    Permission(
        'System: Remove Netgroups', ('delete',), 'permission',
        'cn=ng,cn=alt,$SUFFIX', None, '(objectclass=ipanisnetgroup)', ()),
    Permission(
        'System: Read OTP Configuration', ('compare', 'read', 'search'),
        'all', 'cn=otp,cn=etc,$SUFFIX', None,
        '(objectclass=ipatokenotpconfig)',
        ('cn', 'ipatokenhotpauthwindow', 'ipatokenhotpsyncwindow',
         'ipatokentotpauthwindow', 'ipatokentotpsyncwindow')),
    Permission(
        'System: Modify Privilege Membership', ('write',), 'permission',
        'cn=permissions,cn=pbac,$SUFFIX', None,
        '(objectclass=ipapermission)', ('member',)),
    Permission(
        'System: Read ACIs', ('compare', 'read', 'search'), 'permission',
        '$SUFFIX', None, None, ('aci',)),
    Permission(
        'System: Read Permissions', ('compare', 'read', 'search'),
        'permission', 'cn=permissions,cn=pbac,$SUFFIX', None,
        '(objectclass=ipapermission)',
        ('businesscategory', 'cn', 'createtimestamp', 'description',
         'entryusn', 'ipapermbindruletype', 'ipapermdefaultattr',
         'ipapermexcludedattr', 'ipapermincludedattr', 'ipapermissiontype',
         'ipapermlocation', 'ipapermright', 'ipapermtarget',
         'ipapermtargetfilter', 'member', 'memberhost', 'memberof',
         'memberuser', 'modifytimestamp', 'o', 'objectclass', 'ou', 'owner',
         'seealso')),
    Permission(
        'System: Add Privileges', ('add',), 'permission',
        'cn=privileges,cn=pbac,$SUFFIX', None, '(objectclass=groupofnames)',
        ()),
    Permission(
        'System: Modify Privileges', ('write',), 'permission',
        'cn=privileges,cn=pbac,$SUFFIX', None, '(objectclass=groupofnames)',
        ('businesscategory', 'cn', 'description', 'o', 'ou', 'owner',
         'seealso')),
    Permission(
        'System: Read Privileges', ('compare', 'read', 'search'),
        'permission', 'cn=privileges,cn=pbac,$SUFFIX', None,
        '(objectclass=groupofnames)',
        ('businesscategory', 'cn', 'createtimestamp', 'description',
         'entryusn', 'member', 'memberhost', 'memberof', 'memberuser',
         'modifytimestamp', 'o', 'objectclass', 'ou', 'owner', 'seealso')),
    Permission(
        'System: Remove Privileges', ('delete',), 'permission',
        'cn=privileges,cn=pbac,$SUFFIX', None, '(objectclass=groupofnames)',
        ()),
    Permission(
        'System: Add Group Password Policy', ('add',), 'permission',
        'cn=$REALM,cn=kerberos,$SUFFIX', None, '(objectclass=krbpwdpolicy)',
        ()),
    Permission(
        'System: Delete Group Password Policy', ('delete',), 'permission',
        'cn=$REALM,cn=kerberos,$SUFFIX', None, '(objectclass=krbpwdpolicy)',
        ()),
    Permission(
        'System: Modify Group Password Policy', ('write',), 'permission',
        'cn=$REALM,cn=kerberos,$SUFFIX', None, '(objectclass=krbpwdpolicy)',
        ('krbmaxpwdlife', 'krbminpwdlife', 'krbpwdfailurecountinterval',
         'krbpwdhistorylength', 'krbpwdlockoutduration', 'krbpwdmaxfailure',
         'krbpwdmindiffchars', 'krbpwdminlength')),
    Permission(
        'System: Read Group Password Policy', ('compare', 'read', 'search'),
        'permission', 'cn=$REALM,cn=kerberos,$SUFFIX', None,
        '(objectclass=krbpwdpolicy)',
        ('cn', 'cospriority', 'createtimestamp', 'entryusn', 'krbmaxpwdlife',
         'krbminpwdlife', 'krbpwdfailurecountinterval',
         'krbpwdhistorylength', 'krbpwdlockoutduration', 'krbpwdmaxfailure',
         'krbpwdmindiffchars', 'krbpwdminlength', 'modifytimestamp',
         'objectclass')),
    Permission(
        'System: Read Radius Servers', ('compare', 'read', 'search'),
        'permission', 'cn=radiusproxy,$SUFFIX', None,
        '(objectclass=ipatokenradiusconfiguration)',
        ('cn', 'createtimestamp', 'description', 'entryusn',
         'ipatokenradiusretries', 'ipatokenradiusserver',
         'ipatokenradiustimeout', 'ipatokenusermapattribute',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Modify Realm Domains', ('write',), 'permission',
        'cn=Realm Domains,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=domainrelatedobject)', ('associateddomain',)),
    Permission(
        'System: Read Realm Domains', ('compare', 'read', 'search'), 'all',
        'cn=Realm Domains,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=domainrelatedobject)',
        ('associateddomain', 'cn', 'createtimestamp', 'entryusn',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Add Roles', ('add',), 'permission',
        'cn=roles,cn=accounts,$SUFFIX', None, '(objectclass=groupofnames)',
        ()),
    Permission(
        'System: Modify Role Membership', ('write',), 'permission',
        'cn=roles,cn=accounts,$SUFFIX', None, '(objectclass=groupofnames)',
        ('member',)),
    Permission(
        'System: Modify Roles', ('write',), 'permission',
        'cn=roles,cn=accounts,$SUFFIX', None, '(objectclass=groupofnames)',
        ('cn', 'description')),
    Permission(
        'System: Read Roles', ('compare', 'read', 'search'), 'permission',
        'cn=roles,cn=accounts,$SUFFIX', None, '(objectclass=groupofnames)',
        ('businesscategory', 'cn', 'createtimestamp', 'description',
         'entryusn', 'member', 'memberhost', 'memberof', 'memberuser',
         'modifytimestamp', 'o', 'objectclass', 'ou', 'owner', 'seealso')),
    Permission(
        'System: Remove Roles', ('delete',), 'permission',
        'cn=roles,cn=accounts,$SUFFIX', None, '(objectclass=groupofnames)',
        ()),
    Permission(
        'System: Add SELinux User Maps', ('add',), 'permission',
        'cn=usermap,cn=selinux,$SUFFIX', None,
        '(objectclass=ipaselinuxusermap)', ()),
    Permission(
        'System: Modify SELinux User Maps', ('write',), 'permission',
        'cn=usermap,cn=selinux,$SUFFIX', None,
        '(objectclass=ipaselinuxusermap)',
        ('cn', 'ipaenabledflag', 'ipaselinuxuser', 'memberhost',
         'memberuser', 'seealso')),
    Permission(
        'System: Read SELinux User Maps', ('compare', 'read', 'search'),
        'all', 'cn=usermap,cn=selinux,$SUFFIX', None,
        '(objectclass=ipaselinuxusermap)',
        ('accesstime', 'cn', 'createtimestamp', 'description', 'entryusn',
         'hostcategory', 'ipaenabledflag', 'ipaselinuxuser', 'ipauniqueid',
         'member', 'memberhost', 'memberuser', 'modifytimestamp',
         'objectclass', 'seealso', 'usercategory')),
    Permission(
        'System: Remove SELinux User Maps', ('delete',), 'permission',
        'cn=usermap,cn=selinux,$SUFFIX', None,
        '(objectclass=ipaselinuxusermap)', ()),
    Permission(
        'System: Read Locations of IPA Servers',
        ('compare', 'read', 'search'), 'permission',
        'cn=masters,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=ipaConfigObject)',
        ('cn', 'createtimestamp', 'entryusn', 'ipalocation',
         'ipaserviceweight', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read Status of Services on IPA Servers',
        ('compare', 'read', 'search'), 'permission',
        'cn=masters,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=ipaConfigObject)',
        ('cn', 'createtimestamp', 'entryusn', 'ipaconfigstring',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Add Services', ('add',), 'permission',
        'cn=services,cn=accounts,$SUFFIX', None, '(objectclass=ipaservice)',
        ()),
    Permission(
        'System: Manage Service Keytab', ('write',), 'permission',
        'cn=services,cn=accounts,$SUFFIX', None, '(objectclass=ipaservice)',
        ('krblastpwdchange', 'krbprincipalkey')),
    Permission(
        'System: Manage Service Keytab Permissions',
        ('compare', 'read', 'search', 'write'), 'permission',
        'cn=services,cn=accounts,$SUFFIX', None, '(objectclass=ipaservice)',
        ('createtimestamp', 'entryusn', 'ipaallowedtoperform;read_keys',
         'ipaallowedtoperform;write_keys', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Manage Service Principals', ('write',), 'permission',
        'cn=services,cn=accounts,$SUFFIX', None, '(objectclass=ipaservice)',
        ('krbcanonicalname', 'krbprincipalname')),
    Permission(
        'System: Modify Services', ('write',), 'permission',
        'cn=services,cn=accounts,$SUFFIX', None, '(objectclass=ipaservice)',
        ('krbprincipalauthind', 'usercertificate')),
    Permission(
        'System: Read POSIX details of SMB services',
        ('compare', 'read', 'search'), 'all',
        'cn=services,cn=accounts,$SUFFIX', None, '(objectclass=ipaservice)',
        ('cn', 'createtimestamp', 'entryusn', 'gecos', 'gidnumber',
         'homedirectory', 'ipantsecurityidentifier', 'loginshell',
         'modifytimestamp', 'objectclass', 'uid', 'uidnumber')),
    Permission(
        'System: Read Services', ('compare', 'read', 'search'), 'all',
        'cn=services,cn=accounts,$SUFFIX', None, '(objectclass=ipaservice)',
        ('createtimestamp', 'entryusn', 'ipakrbauthzdata',
         'ipakrbprincipalalias', 'ipauniqueid', 'krbcanonicalname',
         'krblastpwdchange', 'krbobjectreferences', 'krbpasswordexpiration',
         'krbprincipalaliases', 'krbprincipalauthind',
         'krbprincipalexpiration', 'krbprincipalname', 'managedby',
         'memberof', 'modifytimestamp', 'objectclass', 'usercertificate')),
    Permission(
        'System: Remove Services', ('delete',), 'permission',
        'cn=services,cn=accounts,$SUFFIX', None, '(objectclass=ipaservice)',
        ()),
    Permission(
        'System: Add Service Delegations', ('add',), 'permission',
        'cn=s4u2proxy,cn=etc,$SUFFIX', None,
        '(objectclass=groupofprincipals)', ()),
    Permission(
        'System: Modify Service Delegation Membership', ('write',),
        'permission', 'cn=s4u2proxy,cn=etc,$SUFFIX', None,
        '(objectclass=groupofprincipals)',
        ('ipaallowedtarget', 'memberprincipal')),
    Permission(
        'System: Read Service Delegations', ('compare', 'read', 'search'),
        'permission', 'cn=s4u2proxy,cn=etc,$SUFFIX', None,
        '(objectclass=groupofprincipals)',
        ('cn', 'createtimestamp', 'entryusn', 'ipaallowedtarget',
         'memberprincipal', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Remove Service Delegations', ('delete',), 'permission',
        'cn=s4u2proxy,cn=etc,$SUFFIX', None,
        '(objectclass=groupofprincipals)', ()),
    Permission(
        'System: Add Stage User', ('add',), 'permission',
        'cn=staged users,cn=accounts,cn=provisioning,$SUFFIX',
        'uid=*,cn=staged users,cn=accounts,cn=provisioning,$SUFFIX',
        '(objectclass=*)', ('*',)),
    Permission(
        'System: Modify Preserved Users', ('write',), 'permission',
        'cn=deleted users,cn=accounts,cn=provisioning,$SUFFIX',
        'uid=*,cn=deleted users,cn=accounts,cn=provisioning,$SUFFIX',
        '(objectclass=posixaccount)', ('*',)),
    Permission(
        'System: Modify Stage User', ('write',), 'permission',
        'cn=staged users,cn=accounts,cn=provisioning,$SUFFIX',
        'uid=*,cn=staged users,cn=accounts,cn=provisioning,$SUFFIX',
        '(objectclass=*)', ('*',)),
    Permission(
        'System: Modify User RDN', ('write',), 'permission',
        'cn=users,cn=accounts,$SUFFIX', 'uid=*,cn=users,cn=accounts,$SUFFIX',
        '(objectclass=posixaccount)', ('uid',)),
    Permission(
        'System: Preserve User', ('moddn',), 'permission', '$SUFFIX', None,
        '(objectclass=nsContainer)', ()),
    Permission(
        'System: Read Preserved Users', ('compare', 'read', 'search'),
        'permission', 'cn=deleted users,cn=accounts,cn=provisioning,$SUFFIX',
        'uid=*,cn=deleted users,cn=accounts,cn=provisioning,$SUFFIX',
        '(objectclass=posixaccount)', ('*',)),
    Permission(
        'System: Read Stage User password', ('compare', 'read', 'search'),
        'permission', 'cn=staged users,cn=accounts,cn=provisioning,$SUFFIX',
        'uid=*,cn=staged users,cn=accounts,cn=provisioning,$SUFFIX',
        '(objectclass=*)', ('krbprincipalkey', 'userpassword')),
    Permission(
        'System: Read Stage Users', ('compare', 'read', 'search'),
        'permission', 'cn=staged users,cn=accounts,cn=provisioning,$SUFFIX',
        'uid=*,cn=staged users,cn=accounts,cn=provisioning,$SUFFIX',
        '(objectclass=*)', ('*',)),
    Permission(
        'System: Remove Stage User', ('delete',), 'permission',
        'cn=staged users,cn=accounts,cn=provisioning,$SUFFIX',
        'uid=*,cn=staged users,cn=accounts,cn=provisioning,$SUFFIX',
        '(objectclass=*)', ('*',)),
    Permission(
        'System: Remove preserved User', ('delete',), 'permission',
        'cn=deleted users,cn=accounts,cn=provisioning,$SUFFIX',
        'uid=*,cn=deleted users,cn=accounts,cn=provisioning,$SUFFIX',
        '(objectclass=*)', ('*',)),
    Permission(
        'System: Reset Preserved User password', ('read', 'search', 'write'),
        'permission', 'cn=deleted users,cn=accounts,cn=provisioning,$SUFFIX',
        'uid=*,cn=deleted users,cn=accounts,cn=provisioning,$SUFFIX',
        '(objectclass=posixaccount)',
        ('krblastpwdchange', 'krbpasswordexpiration', 'krbprincipalkey',
         'userpassword')),
    Permission(
        'System: Undelete User', ('moddn',), 'permission', '$SUFFIX', None,
        '(objectclass=nsContainer)', ()),
    Permission(
        'System: Add Sudo Command', ('add',), 'permission',
        'cn=sudocmds,cn=sudo,$SUFFIX', None, '(objectclass=ipasudocmd)', ()),
    Permission(
        'System: Delete Sudo Command', ('delete',), 'permission',
        'cn=sudocmds,cn=sudo,$SUFFIX', None, '(objectclass=ipasudocmd)', ()),
    Permission(
        'System: Modify Sudo Command', ('write',), 'permission',
        'cn=sudocmds,cn=sudo,$SUFFIX', None, '(objectclass=ipasudocmd)',
        ('description',)),
    Permission(
        'System: Read Sudo Commands', ('compare', 'read', 'search'), 'all',
        'cn=sudocmds,cn=sudo,$SUFFIX', None, '(objectclass=ipasudocmd)',
        ('createtimestamp', 'description', 'entryusn', 'ipauniqueid',
         'memberof', 'modifytimestamp', 'objectclass', 'sudocmd')),
    Permission(
        'System: Add Sudo Command Group', ('add',), 'permission',
        'cn=sudocmdgroups,cn=sudo,$SUFFIX', None,
        '(objectclass=ipasudocmdgrp)', ()),
    Permission(
        'System: Delete Sudo Command Group', ('delete',), 'permission',
        'cn=sudocmdgroups,cn=sudo,$SUFFIX', None,
        '(objectclass=ipasudocmdgrp)', ()),
    Permission(
        'System: Manage Sudo Command Group Membership', ('write',),
        'permission', 'cn=sudocmdgroups,cn=sudo,$SUFFIX', None,
        '(objectclass=ipasudocmdgrp)', ('member',)),
    Permission(
        'System: Modify Sudo Command Group', ('write',), 'permission',
        'cn=sudocmdgroups,cn=sudo,$SUFFIX', None,
        '(objectclass=ipasudocmdgrp)', ('description',)),
    Permission(
        'System: Read Sudo Command Groups', ('compare', 'read', 'search'),
        'all', 'cn=sudocmdgroups,cn=sudo,$SUFFIX', None,
        '(objectclass=ipasudocmdgrp)',
        ('businesscategory', 'cn', 'createtimestamp', 'description',
         'entryusn', 'ipauniqueid', 'member', 'memberhost', 'memberuser',
         'modifytimestamp', 'o', 'objectclass', 'ou', 'owner', 'seealso')),
    Permission(
        'System: Add Sudo rule', ('add',), 'permission',
        'cn=sudorules,cn=sudo,$SUFFIX', None, '(objectclass=ipasudorule)',
        ()),
    Permission(
        'System: Delete Sudo rule', ('delete',), 'permission',
        'cn=sudorules,cn=sudo,$SUFFIX', None, '(objectclass=ipasudorule)',
        ()),
    Permission(
        'System: Modify Sudo rule', ('write',), 'permission',
        'cn=sudorules,cn=sudo,$SUFFIX', None, '(objectclass=ipasudorule)',
        ('cmdcategory', 'description', 'externalhost', 'externaluser',
         'hostcategory', 'hostmask', 'ipaenabledflag', 'ipasudoopt',
         'ipasudorunas', 'ipasudorunasextgroup', 'ipasudorunasextuser',
         'ipasudorunasextusergroup', 'ipasudorunasgroup',
         'ipasudorunasgroupcategory', 'ipasudorunasusercategory',
         'memberallowcmd', 'memberdenycmd', 'memberhost', 'memberuser',
         'sudonotafter', 'sudonotbefore', 'sudoorder', 'usercategory')),
    Permission(
        'System: Read Sudo Rules', ('compare', 'read', 'search'), 'all',
        'cn=sudorules,cn=sudo,$SUFFIX', None, '(objectclass=ipasudorule)',
        ('cmdcategory', 'cn', 'createtimestamp', 'description', 'entryusn',
         'externalhost', 'externaluser', 'hostcategory', 'hostmask',
         'ipaenabledflag', 'ipasudoopt', 'ipasudorunas',
         'ipasudorunasextgroup', 'ipasudorunasextuser',
         'ipasudorunasextusergroup', 'ipasudorunasgroup',
         'ipasudorunasgroupcategory', 'ipasudorunasusercategory',
         'ipauniqueid', 'member', 'memberallowcmd', 'memberdenycmd',
         'memberhost', 'memberuser', 'modifytimestamp', 'objectclass',
         'sudonotafter', 'sudonotbefore', 'sudoorder', 'usercategory')),
    Permission(
        'System: Read Sudoers compat tree', ('compare', 'read', 'search'),
        'anonymous', '$SUFFIX', 'ou=sudoers,$SUFFIX', None,
        ('cn', 'createtimestamp', 'description', 'entryusn',
         'modifytimestamp', 'objectclass', 'ou', 'sudocommand', 'sudohost',
         'sudonotafter', 'sudonotbefore', 'sudooption', 'sudoorder',
         'sudorunas', 'sudorunasgroup', 'sudorunasuser', 'sudouser')),
    Permission(
        'System: Read Trust Information', ('compare', 'read', 'search'),
        'all', 'cn=trusts,$SUFFIX', None, None,
        ('cn', 'createtimestamp', 'entryusn', 'ipantadditionalsuffixes',
         'ipantflatname', 'ipantsecurityidentifier',
         'ipantsidblacklistincoming', 'ipantsidblacklistoutgoing',
         'ipanttrustdirection', 'ipanttrusteddomainsid', 'ipanttrustpartner',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read system trust accounts', ('compare', 'read', 'search'),
        'permission', 'cn=trusts,$SUFFIX', None, None,
        ('gidnumber', 'krbprincipalname', 'uidnumber')),
    Permission(
        'System: Add User to default group', ('write',), 'permission',
        'cn=groups,cn=accounts,$SUFFIX',
        'cn=ipausers,cn=groups,cn=accounts,$SUFFIX', None, ('member',)),
    Permission(
        'System: Add Users', ('add',), 'permission',
        'cn=users,cn=accounts,$SUFFIX', None, '(objectclass=posixaccount)',
        ()),
    Permission(
        'System: Change User password', ('write',), 'permission',
        'cn=users,cn=accounts,$SUFFIX', None,
        '(&(!(memberOf=cn=admins,cn=groups,cn=accounts,'
        '$SUFFIX))(objectclass=posixaccount))',
        ('krbpasswordexpiration', 'krbprincipalkey', 'passwordhistory',
         'sambalmpassword', 'sambantpassword', 'userpassword')),
    Permission(
        'System: Manage User Certificate Mappings', ('write',), 'permission',
        'cn=users,cn=accounts,$SUFFIX', None, '(objectclass=posixaccount)',
        ('ipacertmapdata', 'objectclass')),
    Permission(
        'System: Manage User Certificates', ('write',), 'permission',
        'cn=users,cn=accounts,$SUFFIX', None, '(objectclass=posixaccount)',
        ('usercertificate',)),
    Permission(
        'System: Manage User Principals', ('write',), 'permission',
        'cn=users,cn=accounts,$SUFFIX', None, '(objectclass=posixaccount)',
        ('krbcanonicalname', 'krbprincipalname')),
    Permission(
        'System: Manage User SSH Public Keys', ('write',), 'permission',
        'cn=users,cn=accounts,$SUFFIX', None, '(objectclass=posixaccount)',
        ('ipasshpubkey',)),
    Permission(
        'System: Modify Users', ('write',), 'permission',
        'cn=users,cn=accounts,$SUFFIX', None, '(objectclass=posixaccount)',
        ('businesscategory', 'carlicense', 'cn', 'departmentnumber',
         'description', 'displayname', 'employeenumber', 'employeetype',
         'facsimiletelephonenumber', 'gecos', 'givenname', 'homedirectory',
         'homephone', 'inetuserhttpurl', 'initials', 'l', 'labeleduri',
         'loginshell', 'mail', 'manager', 'mepmanagedentry', 'mobile',
         'objectclass', 'ou', 'pager', 'postalcode', 'preferredlanguage',
         'roomnumber', 'secretary', 'seealso', 'sn', 'st', 'street',
         'telephonenumber', 'title', 'userclass')),
    Permission(
        'System: Read UPG Definition', ('compare', 'read', 'search'),
        'permission',
        'cn=UPG Definition,cn=Definitions,cn=Managed Entries,cn=etc,$SUFFIX',
        'cn=UPG Definition,cn=Definitions,cn=Managed Entries,cn=etc,$SUFFIX',
        None, ('*',)),
    Permission(
        'System: Read User Addressbook Attributes',
        ('compare', 'read', 'search'), 'all', 'cn=users,cn=accounts,$SUFFIX',
        None, '(objectclass=posixaccount)',
        ('audio', 'businesscategory', 'carlicense', 'departmentnumber',
         'destinationindicator', 'employeenumber', 'employeetype',
         'facsimiletelephonenumber', 'homephone', 'homepostaladdress',
         'inetuserhttpurl', 'inetuserstatus', 'internationalisdnnumber',
         'ipacertmapdata', 'jpegphoto', 'l', 'labeleduri', 'mail', 'mobile',
         'o', 'ou', 'pager', 'photo', 'physicaldeliveryofficename',
         'postaladdress', 'postalcode', 'postofficebox',
         'preferreddeliverymethod', 'preferredlanguage', 'registeredaddress',
         'roomnumber', 'secretary', 'seealso', 'st', 'street',
         'telephonenumber', 'teletexterminalidentifier', 'telexnumber',
         'usercertificate', 'usersmimecertificate', 'x121address',
         'x500uniqueidentifier')),
    Permission(
        'System: Read User Compat Tree', ('compare', 'read', 'search'),
        'anonymous', '$SUFFIX', 'cn=users,cn=compat,$SUFFIX', None,
        ('cn', 'createtimestamp', 'entryusn', 'gecos', 'gidnumber',
         'homedirectory', 'loginshell', 'modifytimestamp', 'objectclass',
         'uid', 'uidnumber')),
    Permission(
        'System: Read User IPA Attributes', ('compare', 'read', 'search'),
        'all', 'cn=users,cn=accounts,$SUFFIX', None,
        '(objectclass=posixaccount)',
        ('ipasshpubkey', 'ipauniqueid', 'ipauserauthtype', 'userclass')),
    Permission(
        'System: Read User Kerberos Attributes',
        ('compare', 'read', 'search'), 'all', 'cn=users,cn=accounts,$SUFFIX',
        None, '(objectclass=posixaccount)',
        ('krbcanonicalname', 'krblastpwdchange', 'krbpasswordexpiration',
         'krbprincipalaliases', 'krbprincipalexpiration', 'krbprincipalname',
         'krbprincipaltype', 'nsaccountlock')),
    Permission(
        'System: Read User Kerberos Login Attributes',
        ('compare', 'read', 'search'), 'permission',
        'cn=users,cn=accounts,$SUFFIX', None, '(objectclass=posixaccount)',
        ('krblastadminunlock', 'krblastfailedauth', 'krblastpwdchange',
         'krblastsuccessfulauth', 'krbloginfailedcount',
         'krbpwdpolicyreference', 'krbticketpolicyreference', 'krbupenabled')),
    Permission(
        'System: Read User Membership', ('compare', 'read', 'search'), 'all',
        'cn=users,cn=accounts,$SUFFIX', None, '(objectclass=posixaccount)',
        ('memberof',)),
    Permission(
        'System: Read User NT Attributes', ('compare', 'read', 'search'),
        'permission', 'cn=users,cn=accounts,$SUFFIX', None,
        '(objectclass=posixaccount)',
        ('ntuniqueid', 'ntuseracctexpires', 'ntusercodepage',
         'ntuserdeleteaccount', 'ntuserdomainid', 'ntuserlastlogoff',
         'ntuserlastlogon')),
    Permission(
        'System: Read User Standard Attributes',
        ('compare', 'read', 'search'), 'anonymous',
        'cn=users,cn=accounts,$SUFFIX', None, '(objectclass=posixaccount)',
        ('cn', 'createtimestamp', 'description', 'displayname', 'entryusn',
         'gecos', 'gidnumber', 'givenname', 'homedirectory', 'initials',
         'ipantsecurityidentifier', 'loginshell', 'manager',
         'modifytimestamp', 'objectclass', 'sn', 'title', 'uid', 'uidnumber')),
    Permission(
        'System: Read User Views Compat Tree', ('compare', 'read', 'search'),
        'anonymous', '$SUFFIX', 'cn=users,cn=*,cn=views,cn=compat,$SUFFIX',
        None,
        ('cn', 'createtimestamp', 'entryusn', 'gecos', 'gidnumber',
         'homedirectory', 'loginshell', 'modifytimestamp', 'objectclass',
         'uid', 'uidnumber')),
    Permission(
        'System: Remove Users', ('delete',), 'permission',
        'cn=users,cn=accounts,$SUFFIX', None, '(objectclass=posixaccount)',
        ()),
    Permission(
        'System: Unlock User', ('write',), 'permission',
        'cn=users,cn=accounts,$SUFFIX', None, '(objectclass=posixaccount)',
        ('krblastadminunlock', 'krbloginfailedcount', 'nsaccountlock')),
    Permission(
        'System: Add Vaults', ('add',), 'permission', '$SUFFIX',
        'cn=vaults,cn=kra,$SUFFIX', '(objectclass=ipaVault)', ()),
    Permission(
        'System: Delete Vaults', ('delete',), 'permission', '$SUFFIX',
        'cn=vaults,cn=kra,$SUFFIX', '(objectclass=ipaVault)', ()),
    Permission(
        'System: Manage Vault Membership', ('write',), 'permission',
        '$SUFFIX', 'cn=vaults,cn=kra,$SUFFIX', '(objectclass=ipaVault)',
        ('member',)),
    Permission(
        'System: Manage Vault Ownership', ('write',), 'permission',
        '$SUFFIX', 'cn=vaults,cn=kra,$SUFFIX', '(objectclass=ipaVault)',
        ('owner',)),
    Permission(
        'System: Modify Vaults', ('write',), 'permission', '$SUFFIX',
        'cn=vaults,cn=kra,$SUFFIX', '(objectclass=ipaVault)',
        ('cn', 'description', 'ipavaultpublickey', 'ipavaultsalt',
         'ipavaulttype', 'objectclass')),
    Permission(
        'System: Read Vaults', ('compare', 'read', 'search'), 'permission',
        '$SUFFIX', 'cn=vaults,cn=kra,$SUFFIX', '(objectclass=ipaVault)',
        ('cn', 'createtimestamp', 'description', 'entryusn',
         'ipavaultpublickey', 'ipavaultsalt', 'ipavaulttype', 'member',
         'memberhost', 'memberuser', 'modifytimestamp', 'objectclass',
         'owner')),
    Permission(
        'System: Add Vault Containers', ('add',), 'permission', '$SUFFIX',
        'cn=vaults,cn=kra,$SUFFIX', '(objectclass=ipaVaultContainer)', ()),
    Permission(
        'System: Delete Vault Containers', ('delete',), 'permission',
        '$SUFFIX', 'cn=vaults,cn=kra,$SUFFIX',
        '(objectclass=ipaVaultContainer)', ()),
    Permission(
        'System: Manage Vault Container Ownership', ('write',), 'permission',
        '$SUFFIX', 'cn=vaults,cn=kra,$SUFFIX',
        '(objectclass=ipaVaultContainer)', ('owner',)),
    Permission(
        'System: Modify Vault Containers', ('write',), 'permission',
        '$SUFFIX', 'cn=vaults,cn=kra,$SUFFIX',
        '(objectclass=ipaVaultContainer)',
        ('cn', 'description', 'objectclass')),
    Permission(
        'System: Read Vault Containers', ('compare', 'read', 'search'),
        'permission', '$SUFFIX', 'cn=vaults,cn=kra,$SUFFIX',
        '(objectclass=ipaVaultContainer)',
        ('cn', 'createtimestamp', 'description', 'entryusn',
         'modifytimestamp', 'objectclass', 'owner')),
    Permission(
        'System: Add CA Certificate For Renewal', ('add',), 'permission',
        'cn=ca_renewal,cn=ipa,cn=etc,$SUFFIX',
        'cn=caSigningCert cert-pki-ca,cn=ca_renewal,cn=ipa,cn=etc,$SUFFIX',
        '(objectclass=pkiuser)', ()),
    Permission(
        'System: Add Certificate Store Entry', ('add',), 'permission',
        'cn=certificates,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=ipacertificate)', ()),
    Permission(
        'System: Compat Tree ID View targets', ('compare', 'read', 'search'),
        'anonymous', '$SUFFIX', 'cn=*,cn=compat,$SUFFIX',
        '(objectclass=ipaOverrideTarget)', ('ipaanchoruuid',)),
    Permission(
        'System: Modify CA Certificate', ('write',), 'permission',
        'cn=CAcert,cn=ipa,cn=etc,$SUFFIX', None, '(objectclass=pkica)',
        ('cacertificate',)),
    Permission(
        'System: Modify CA Certificate For Renewal', ('write',),
        'permission', 'cn=ca_renewal,cn=ipa,cn=etc,$SUFFIX',
        'cn=caSigningCert cert-pki-ca,cn=ca_renewal,cn=ipa,cn=etc,$SUFFIX',
        '(objectclass=pkiuser)', ('usercertificate',)),
    Permission(
        'System: Modify Certificate Store Entry', ('write',), 'permission',
        'cn=certificates,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=ipacertificate)',
        ('cacertificate', 'ipacertissuerserial', 'ipaconfigstring',
         'ipakeyextusage', 'ipakeytrust', 'ipakeyusage')),
    Permission(
        'System: Read AD Domains', ('compare', 'read', 'search'), 'all',
        'cn=etc,$SUFFIX', 'cn=ad,cn=etc,$SUFFIX',
        '(objectclass=ipantdomainattrs)',
        ('cn', 'createtimestamp', 'entryusn', 'ipantdomainguid',
         'ipantfallbackprimarygroup', 'ipantflatname',
         'ipantsecurityidentifier', 'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read CA Certificate', ('compare', 'read', 'search'),
        'anonymous', 'cn=CAcert,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=pkica)',
        ('authorityrevocationlist', 'cacertificate',
         'certificaterevocationlist', 'cn', 'createtimestamp',
         'crosscertificatepair', 'entryusn', 'modifytimestamp',
         'objectclass')),
    Permission(
        'System: Read CA Renewal Information', ('compare', 'read', 'search'),
        'all', 'cn=ca_renewal,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=pkiuser)',
        ('cn', 'createtimestamp', 'entryusn', 'modifytimestamp',
         'objectclass', 'usercertificate')),
    Permission(
        'System: Read Certificate Store Entries',
        ('compare', 'read', 'search'), 'anonymous',
        'cn=certificates,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=ipacertificate)',
        ('cacertificate', 'cn', 'createtimestamp', 'entryusn',
         'ipacertissuerserial', 'ipacertsubject', 'ipaconfigstring',
         'ipakeyextusage', 'ipakeytrust', 'ipakeyusage', 'ipapublickey',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read DNA Configuration', ('compare', 'read', 'search'),
        'all', 'cn=dna,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=dnasharedconfig)',
        ('cn', 'createtimestamp', 'dnahostname', 'dnaportnum',
         'dnaremainingvalues', 'dnaremotebindmethod',
         'dnaremoteconnprotocol', 'dnasecureportnum', 'entryusn',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read DUA Profile', ('compare', 'read', 'search'),
        'anonymous', 'ou=profile,$SUFFIX', None,
        '(|(objectclass=organizationalUnit)(objectclass=DUAConfigProfile))',
        ('attributemap', 'authenticationmethod', 'bindtimelimit', 'cn',
         'createtimestamp', 'credentiallevel', 'defaultsearchbase',
         'defaultsearchscope', 'defaultserverlist', 'dereferencealiases',
         'entryusn', 'followreferrals', 'modifytimestamp', 'objectclass',
         'objectclassmap', 'ou', 'preferredserverlist', 'profilettl',
         'searchtimelimit', 'serviceauthenticationmethod',
         'servicecredentiallevel', 'servicesearchdescriptor')),
    Permission(
        'System: Read Domain Level', ('compare', 'read', 'search'), 'all',
        'cn=Domain Level,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=ipadomainlevelconfig)',
        ('createtimestamp', 'entryusn', 'ipadomainlevel', 'modifytimestamp',
         'objectclass')),
    Permission(
        'System: Read IPA Masters', ('compare', 'read', 'search'),
        'permission', 'cn=masters,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=nscontainer)',
        ('cn', 'createtimestamp', 'entryusn', 'ipaconfigstring',
         'modifytimestamp', 'objectclass')),
    Permission(
        'System: Read Replication Information',
        ('compare', 'read', 'search'), 'all',
        'cn=replication,cn=etc,$SUFFIX', None, '(objectclass=nsds5replica)',
        ('cn', 'createtimestamp', 'entryusn', 'modifytimestamp',
         'nsds5flags', 'nsds5replicaabortcleanruv',
         'nsds5replicaautoreferral', 'nsds5replicabackoffmax',
         'nsds5replicabackoffmin', 'nsds5replicabinddn',
         'nsds5replicachangecount', 'nsds5replicacleanruv', 'nsds5replicaid',
         'nsds5replicalegacyconsumer', 'nsds5replicaname',
         'nsds5replicaprotocoltimeout', 'nsds5replicapurgedelay',
         'nsds5replicareferral', 'nsds5replicaroot',
         'nsds5replicatombstonepurgeinterval', 'nsds5replicatype',
         'nsds5task', 'nsstate', 'objectclass')),
    Permission(
        'System: Remove Certificate Store Entry', ('delete',), 'permission',
        'cn=certificates,cn=ipa,cn=etc,$SUFFIX', None,
        '(objectclass=ipacertificate)', ()),
)

# ACI.txt gives these two a source and a destination container instead
# of a target: permission name -> (target_from, target_to).
MODDN_TARGETS = {
    'System: Preserve User': (
        'cn=users,cn=accounts,$SUFFIX',
        'cn=deleted users,cn=accounts,cn=provisioning,$SUFFIX'),
    'System: Undelete User': (
        'cn=deleted users,cn=accounts,cn=provisioning,$SUFFIX',
        'cn=users,cn=accounts,$SUFFIX'),
}

# The permissions on virtual operations (cn=virtual operations,cn=etc):
# the certificate operations. Their names have no "System: " prefix.
VIRTUAL_OPERATIONS = (
    # install/share/delegation.ldif
    'Retrieve Certificates from the CA',
    'Request Certificate',
    'Request Certificates from a different host',
    'Get Certificates status from the CA',
    'Revoke Certificate',
    'Certificate Remove Hold',
    # install/updates/40-delegation.update
    'Request Certificate ignoring CA ACLs',
)

# The other permissions a fresh server holds that are neither managed
# (they are not in ACI.txt: their ACIs are in the .ldif and .update files)
# nor virtual operations. The built-in privileges hold them.
OTHER_PERMISSIONS = (
    # install/share/delegation.ldif
    'Add Replication Agreements',
    'Modify Replication Agreements',
    'Read Replication Agreements',
    'Remove Replication Agreements',
    'Modify DNA Range',
    # install/updates/40-replication.update
    'Read DNA Range',
    # install/updates/40-delegation.update
    'Write IPA Configuration',
    'Add Automember Rebuild Membership Task',
    'Read PassSync Managers Configuration',
    'Modify PassSync Managers Configuration',
    'Read LDBM Database Configuration',
    'Add Configuration Sub-Entries',
)

# Every built-in privilege, with the file that creates it.
PRIVILEGES = (
    # install/share/delegation.ldif
    Privilege(
        'User Administrators', 'User Administrators',
        ('System: Add User to default group', 'System: Add Users',
         'System: Change User password', 'System: Manage User Certificates',
         'System: Manage User Principals',
         'System: Manage User SSH Public Keys', 'System: Modify Users',
         'System: Read Radius Servers', 'System: Read UPG Definition',
         'System: Read User Kerberos Login Attributes',
         'System: Remove Users', 'System: Unlock User')),
    Privilege(
        'Group Administrators', 'Group Administrators',
        ('System: Add Groups', 'System: Modify External Group Membership',
         'System: Modify Group Membership', 'System: Modify Groups',
         'System: Remove Groups')),
    Privilege(
        'Host Administrators', 'Host Administrators',
        ('Retrieve Certificates from the CA', 'Revoke Certificate',
         'System: Add Hosts', 'System: Add krbPrincipalName to a Host',
         'System: Enroll a Host', 'System: Manage Host Certificates',
         'System: Manage Host Enrollment Password',
         'System: Manage Host Keytab',
         'System: Manage Host Keytab Permissions',
         'System: Manage Host Principals',
         'System: Manage Host SSH Public Keys',
         'System: Manage Service Keytab',
         'System: Manage Service Keytab Permissions', 'System: Modify Hosts',
         'System: Remove Hosts')),
    Privilege(
        'Host Group Administrators', 'Host Group Administrators',
        ('System: Add Hostgroups', 'System: Modify Hostgroup Membership',
         'System: Modify Hostgroups', 'System: Remove Hostgroups')),
    Privilege(
        'Delegation Administrator', 'Role administration',
        ('System: Add Privileges', 'System: Add Roles',
         'System: Modify Privilege Membership', 'System: Modify Privileges',
         'System: Modify Role Membership', 'System: Modify Roles',
         'System: Remove Privileges', 'System: Remove Roles')),
    Privilege(
        'DNS Administrators', 'DNS Administrators',
        ('System: Add DNS Entries', 'System: Add IPA Locations',
         'System: Modify DNS Servers Configuration',
         'System: Modify IPA Locations', 'System: Modify Realm Domains',
         'System: Read DNS Configuration', 'System: Read DNS Entries',
         'System: Read DNS Servers Configuration',
         'System: Read DNSSEC metadata', 'System: Read IPA Locations',
         'System: Read Locations of IPA Servers',
         'System: Read Status of Services on IPA Servers',
         'System: Remove DNS Entries', 'System: Remove IPA Locations',
         'System: Update DNS Entries', 'System: Write DNS Configuration')),
    Privilege(
        'DNS Servers', 'DNS Servers',
        ('System: Add DNS Entries', 'System: Manage DNSSEC keys',
         'System: Manage DNSSEC metadata', 'System: Read DNS Configuration',
         'System: Read DNS Entries',
         'System: Read DNS Servers Configuration',
         'System: Remove DNS Entries', 'System: Update DNS Entries',
         'System: Write DNS Configuration')),
    Privilege(
        'Service Administrators', 'Service Administrators',
        ('System: Add Service Delegations', 'System: Add Services',
         'System: Manage Service Keytab',
         'System: Manage Service Keytab Permissions',
         'System: Manage Service Principals',
         'System: Modify Service Delegation Membership',
         'System: Modify Services', 'System: Read Service Delegations',
         'System: Remove Service Delegations', 'System: Remove Services')),
    Privilege(
        'Automount Administrators', 'Automount Administrators',
        ('System: Add Automount Keys', 'System: Add Automount Locations',
         'System: Add Automount Maps', 'System: Modify Automount Keys',
         'System: Modify Automount Maps', 'System: Remove Automount Keys',
         'System: Remove Automount Locations',
         'System: Remove Automount Maps')),
    Privilege(
        'Netgroups Administrators', 'Netgroups Administrators',
        ('System: Add Netgroups', 'System: Modify Netgroup Membership',
         'System: Modify Netgroups', 'System: Remove Netgroups')),
    Privilege(
        'Certificate Administrators', 'Certificate Administrators',
        ('Certificate Remove Hold', 'Get Certificates status from the CA',
         'Request Certificate', 'Request Certificate ignoring CA ACLs',
         'Request Certificates from a different host',
         'Retrieve Certificates from the CA', 'Revoke Certificate',
         'System: Add CA Certificate For Renewal',
         'System: Add Certificate Store Entry',
         'System: Modify CA Certificate',
         'System: Modify CA Certificate For Renewal',
         'System: Modify Certificate Store Entry',
         'System: Remove Certificate Store Entry')),
    Privilege(
        'Replication Administrators', 'Replication Administrators',
        ('Add Configuration Sub-Entries', 'Add Replication Agreements',
         'Modify DNA Range', 'Modify PassSync Managers Configuration',
         'Modify Replication Agreements', 'Read DNA Range',
         'Read LDBM Database Configuration',
         'Read PassSync Managers Configuration',
         'Read Replication Agreements', 'Remove Replication Agreements')),
    Privilege(
        'Host Enrollment', 'Host Enrollment',
        ('System: Add krbPrincipalName to a Host', 'System: Enroll a Host',
         'System: Manage Host Certificates',
         'System: Manage Host Enrollment Password',
         'System: Manage Host Keytab', 'System: Manage Host Principals')),
    Privilege(
        'Stage User Administrators', 'Stage User Administrators',
        ('System: Add Stage User', 'System: Modify Preserved Users',
         'System: Modify Stage User', 'System: Modify User RDN',
         'System: Preserve User', 'System: Read Preserved Users',
         'System: Read Radius Servers', 'System: Read Stage User password',
         'System: Read Stage Users', 'System: Remove preserved User',
         'System: Remove Stage User',
         'System: Reset Preserved User password', 'System: Undelete User')),
    Privilege(
        'Stage User Provisioning', 'Stage User Provisioning',
        ('System: Add Stage User',)),
    # install/updates/40-delegation.update
    Privilege(
        'Write IPA Configuration', 'Write IPA Configuration',
        ('Write IPA Configuration',)),
    Privilege(
        'HBAC Administrator', 'HBAC Administrator',
        ('System: Add HBAC Rule', 'System: Add HBAC Service Groups',
         'System: Add HBAC Services', 'System: Delete HBAC Rule',
         'System: Delete HBAC Service Groups',
         'System: Delete HBAC Services',
         'System: Manage HBAC Rule Membership',
         'System: Manage HBAC Service Group Membership',
         'System: Modify HBAC Rule')),
    Privilege(
        'Sudo Administrator', 'Sudo Administrator',
        ('System: Add Sudo Command', 'System: Add Sudo Command Group',
         'System: Add Sudo rule', 'System: Delete Sudo Command',
         'System: Delete Sudo Command Group', 'System: Delete Sudo rule',
         'System: Manage Sudo Command Group Membership',
         'System: Modify Sudo Command', 'System: Modify Sudo Command Group',
         'System: Modify Sudo rule')),
    Privilege(
        'Password Policy Administrator', 'Password Policy Administrator',
        ('System: Add Group Password Policy',
         'System: Add Group Password Policy costemplate',
         'System: Delete Group Password Policy',
         'System: Delete Group Password Policy costemplate',
         'System: Modify Group Password Policy',
         'System: Modify Group Password Policy costemplate',
         'System: Read Group Password Policy',
         'System: Read Group Password Policy costemplate')),
    Privilege(
        'SELinux User Map Administrators', 'SELinux User Map Administrators',
        ('System: Add SELinux User Maps', 'System: Modify SELinux User Maps',
         'System: Remove SELinux User Maps')),
    Privilege(
        'Automember Task Administrator', 'Automember Task Administrator',
        ('Add Automember Rebuild Membership Task',
         'System: Read Automember Definitions',
         'System: Read Automember Rules', 'System: Read Automember Tasks')),
    Privilege(
        'RBAC Readers', 'Read roles, privileges, permissions and ACIs',
        ('System: Read ACIs', 'System: Read Permissions',
         'System: Read Privileges', 'System: Read Roles')),
    Privilege(
        'Password Policy Readers', 'Read password policies',
        ('System: Read Group Password Policy',
         'System: Read Group Password Policy costemplate')),
    Privilege(
        'Kerberos Ticket Policy Readers',
        'Read global and per-user Kerberos ticket policy',
        ('System: Read Default Kerberos Ticket Policy',
         'System: Read User Kerberos Ticket Policy')),
    Privilege(
        'Automember Readers', 'Read Automember definitions',
        ('System: Read Automember Definitions',
         'System: Read Automember Rules')),
    Privilege(
        'IPA Masters Readers', 'Read list of IPA masters',
        ('System: Read IPA Masters',)),
    Privilege(
        'PassSync Service', 'PassSync Service',
        ('System: Change User password', 'System: Read User NT Attributes')),
    Privilege(
        'CA Administrator', 'CA Administrator',
        ('System: Add CA', 'System: Add CA ACL', 'System: Delete CA',
         'System: Delete CA ACL', 'System: Delete Certificate Profile',
         'System: Import Certificate Profile',
         'System: Manage CA ACL Membership', 'System: Modify CA',
         'System: Modify CA ACL', 'System: Modify Certificate Profile')),
    Privilege(
        'Vault Administrators', 'Vault Administrators',
        ('System: Add Vault Containers', 'System: Add Vaults',
         'System: Delete Vault Containers', 'System: Delete Vaults',
         'System: Manage Vault Container Ownership',
         'System: Manage Vault Membership', 'System: Manage Vault Ownership',
         'System: Modify Vault Containers', 'System: Modify Vaults',
         'System: Read Vault Containers', 'System: Read Vaults')),
    # install/updates/45-roles.update
    Privilege(
        'Modify Users and Reset passwords',
        'Modify Users and Reset passwords',
        ('System: Change User password', 'System: Manage User Certificates',
         'System: Manage User Principals', 'System: Modify Users')),
    Privilege(
        'Modify Group membership', 'Modify Group membership',
        ('System: Modify External Group Membership',
         'System: Modify Group Membership')),
    # install/updates/73-certmap.update
    Privilege(
        'Certificate Identity Mapping Administrators',
        'Certificate Identity Mapping Administrators',
        ('System: Add Certmap Rules', 'System: Delete Certmap Rules',
         'System: Manage User Certificate Mappings',
         'System: Modify Certmap Configuration',
         'System: Modify Certmap Rules')),
)

# Every built-in role: helpdesk from install/share/delegation.ldif, the
# others from install/updates/45-roles.update, which also gives all of
# them their privileges.
ROLES = (
    Role(
        'helpdesk', 'Helpdesk',
        ('Modify Group membership', 'Modify Users and Reset passwords')),
    Role(
        'User Administrator', 'Responsible for creating Users and Groups',
        ('Group Administrators', 'Stage User Administrators',
         'User Administrators')),
    Role(
        'IT Specialist', 'IT Specialist',
        ('Automount Administrators', 'Host Administrators',
         'Host Group Administrators', 'Service Administrators')),
    Role(
        'IT Security Specialist', 'IT Security Specialist',
        ('HBAC Administrator', 'Netgroups Administrators',
         'Sudo Administrator')),
    Role(
        'Security Architect', 'Security Architect',
        ('Delegation Administrator', 'Password Policy Administrator',
         'Replication Administrators', 'Write IPA Configuration')),
    Role(
        'Enrollment Administrator',
        'Enrollment Administrator responsible for client(host) enrollment',
        ('Host Enrollment',)),
)

# The members of the admins group of a fresh server.
ADMINS = ('admin',)


def permission_names():
    """Every permission name: PERMISSIONS, VIRTUAL_OPERATIONS and
    OTHER_PERMISSIONS."""
    return (tuple(p.name for p in PERMISSIONS) + VIRTUAL_OPERATIONS +
            OTHER_PERMISSIONS)


def _find(items, name):
    wanted = name.lower()
    for item in items:
        if item.name.lower() == wanted:
            return item
    return None


def find_permission(name):
    """The managed Permission called ``name`` (any case), or None."""
    return _find(PERMISSIONS, name)


def find_privilege(name):
    """The built-in Privilege called ``name`` (any case), or None."""
    return _find(PRIVILEGES, name)


def find_role(name):
    """The built-in Role called ``name`` (any case), or None."""
    return _find(ROLES, name)
