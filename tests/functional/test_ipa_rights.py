"""What novajoin's service principal may do in IPA: exactly what the role
novajoin-ipa-setup made grants, by FreeIPA's access rules.

The realm of these tests is set up by running novajoin-ipa-setup (see
novajoin/testing/realm.py). Each permission of the role is taken away in
turn, and the call that needs it is then refused as FreeIPA refuses it.
"""

import base64

import pytest

from novajoin import ipa_setup
from novajoin.ipa import client as ipa_client
from novajoin.ipa.errors import ipa_errors

# Any bytes do: IPA finds the certificates of an entry by the attribute.
CERTIFICATE = base64.b64encode(b'0\x82\x01\x00 a certificate').decode()


@pytest.fixture
def nova(kdc, ipa):
    """An IPA client logged in as novajoin's service principal."""
    kdc.activate()
    with ipa_client.IPAClient(ipa.url, principal=kdc.service_principal,
                              keytab=kdc.service_keytab,
                              retry_delay=0) as client:
        yield client


@pytest.fixture
def names(ipa):
    domain = ipa.domain
    return {'host': 'web.%s' % domain, 'new': 'new.%s' % domain,
            'added': 'added.%s' % domain,
            'service': 'HTTP/web.%s@%s' % (domain, ipa.realm),
            'zone': domain + '.', 'certified': 'cert.%s' % domain}


@pytest.fixture
def seeded(ipa, names):
    """A host, its service, an A record and a host with a certificate."""
    ipa.add_host(names['host'], description='made by the test')
    ipa.add_host(names['certified'], description='made by the test',
                 usercertificate=CERTIFICATE)
    ipa.call('service_add', names['service'], force=True)
    ipa.call('dnsrecord_add', names['zone'], 'web', arecord=['192.0.2.1',
                                                             '192.0.2.2'])
    return names


def managed_by(result):
    if result.failed:
        raise ipa_errors.ACIError(info=result.failed[0][3])
    return result


# The call each permission of the role is needed for.
CALLS = {
    'System: Add Hosts':
        lambda c, n: c.host_add(n['added'], force=True),
    'System: Remove Hosts':
        lambda c, n: c.host_del(n['new']),
    'System: Modify Hosts':
        lambda c, n: c.host_mod(n['host'], userclass='web',
                                nshostlocation='rack 1',
                                nsosversion='rhel 9',
                                description='changed'),
    'System: Manage Host Enrollment Password':
        lambda c, n: c.host_mod(n['new'], userpassword='one-time'),
    'System: Add Services':
        lambda c, n: c.service_add('ldap/%s' % n['host'], force=True),
    'System: Remove Services':
        lambda c, n: c.service_del(n['service']),
    'Modify service managedBy attribute':
        lambda c, n: managed_by(c.service_add_host(n['service'],
                                                   [n['new']])),
    'System: Read DNS Entries':
        lambda c, n: c.dnsrecord_find(n['zone'], arecord='192.0.2.1'),
    'System: Add DNS Entries':
        lambda c, n: c.dnsrecord_add(n['zone'], 'fip', arecord='192.0.2.9'),
    'System: Update DNS Entries':
        lambda c, n: c.dnsrecord_del(n['zone'], 'web', arecord='192.0.2.2'),
    'System: Remove DNS Entries':
        lambda c, n: c.dnsrecord_del(n['zone'], 'web',
                                     arecord=['192.0.2.1', '192.0.2.2']),
    'Retrieve Certificates from the CA':
        lambda c, n: c.host_del(n['certified']),
    'Revoke Certificate':
        lambda c, n: c.host_del(n['certified']),
}


def test_every_permission_of_the_role_has_its_call():
    assert set(CALLS) == set(ipa_setup.PERMISSIONS)


def take_away(ipa, permission):
    result = ipa.call('privilege_remove_permission', ipa_setup.PRIVILEGE,
                      permission=[permission])
    assert result['completed'] == 1, result


@pytest.mark.parametrize('permission', sorted(CALLS))
def test_the_role_grants_the_call(ipa, nova, seeded, permission):
    ipa.add_host(seeded['new'], description='made by the test',
                 userpassword='first')

    CALLS[permission](nova, seeded)


@pytest.mark.parametrize('permission', sorted(CALLS))
def test_without_the_permission_the_call_is_refused(ipa, nova, seeded,
                                                    permission):
    ipa.add_host(seeded['new'], description='made by the test',
                 userpassword='first')
    take_away(ipa, permission)
    before = ipa.dump()

    expected = (ipa_errors.NotFound if permission == 'System: Read DNS '
                'Entries' else ipa_errors.ACIError)
    with pytest.raises(expected):
        CALLS[permission](nova, seeded)

    after = ipa.dump()
    for kind in ('hosts', 'services', 'dnszones'):
        assert after[kind] == before[kind], 'a refused call changed IPA'


def test_the_principal_is_no_administrator(ipa, nova, kdc):
    with pytest.raises(ipa_errors.ACIError):
        nova.role_add('Mine', description='a role of its own')
    with pytest.raises(ipa_errors.ACIError):
        nova.permission_add('Mine', ipapermright=['write'], type='user',
                            attrs=['userpassword'])
    result = nova.role_add_member(ipa_setup.ROLE, user=['admin'])
    assert result.completed == 0
    assert 'Insufficient access' in result.failed[0][3]
    assert ipa.dump()['roles'][ipa_setup.ROLE.lower()]['member'] == [
        'service:%s' % kdc.service_principal]


def test_reads_need_no_permission_of_the_role(ipa, nova, seeded):
    for permission in ipa_setup.PERMISSIONS:
        take_away(ipa, permission)

    assert nova.host_show(seeded['host'])['fqdn'] == [seeded['host']]
    assert nova.service_show(seeded['service'])['krbprincipalname'] == [
        seeded['service']]
