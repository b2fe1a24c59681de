"""The server's global configuration (ipaserver/plugins/config.py).

``config_show`` answers from ``Directory.config``, the cn=ipaConfig entry;
tests change it there (under the emulator's lock) to play an IPA whose
administrator changed a limit.
"""

from novajoin.testing.emulator.commands import entry_output
from novajoin.testing.emulator.rpc import ALL
from novajoin.testing.emulator.rpc import RAW
from novajoin.testing.emulator.rpc import RIGHTS
from novajoin.testing.emulator.rpc import command

CONFIG_DEFAULT_ATTRS = (
    'ipamaxusernamelength', 'ipahomesrootdir', 'ipadefaultloginshell',
    'ipadefaultprimarygroup', 'ipadefaultemaildomain', 'ipasearchtimelimit',
    'ipasearchrecordslimit', 'ipausersearchfields', 'ipagroupsearchfields',
    'ipamigrationenabled', 'ipacertificatesubjectbase',
    'ipapwdexpadvnotify', 'ipaselinuxusermaporder',
    'ipaselinuxusermapdefault', 'ipaconfigstring', 'ipakrbauthzdata',
    'ipauserauthtype', 'ipadomainresolutionorder', 'ipamaxhostnamelength')

# The server roles config_show adds (show_servroles_attributes) for the
# one server the emulator is: an IPA master with a CA and DNS.
SERVER_ROLE_ATTRS = ('ca_server_server', 'ca_renewal_master_server',
                     'ipa_master_server', 'pkinit_server_server',
                     'dns_server_server')


@command('config_show', options=(RIGHTS, ALL, RAW))
def config_show(call, params):
    d = call.directory
    dn = 'cn=ipaConfig,cn=etc,%s' % d.basedn
    out = entry_output(call, d.config, CONFIG_DEFAULT_ATTRS, (), params, {},
                       dn)
    if not params.get('raw'):
        for attr in SERVER_ROLE_ATTRS:
            out[attr] = [d.server_hostname]
    out['dn'] = dn
    return {'result': out, 'value': None, 'summary': None}
