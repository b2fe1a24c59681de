"""novajoin-server trusts callers of one keystone domain only: a user named
nova, a project named service or the service role, made or granted in
another domain by its own administrator, gets no one-time password.

Real tokens from the test bed's keystone, validated by the server's
keystonemiddleware; the IPA emulator shows that nothing is written.
"""

import re
import uuid

import pytest

from novajoin.testing import server as testing_server

OTP = re.compile(r'^[0-9a-f]{32}$')
ENROLL = {'ipa_enroll': 'True'}

# (user, domain of the user, project, domain of the project): None is
# the Default domain, OTHER the domain made below.
OTHER = 'otherdomain'
FOREIGN_CALLERS = {
    'nova-of-another-domain': ('nova', OTHER, 'service', OTHER),
    'service-role-of-another-domain': ('svc', OTHER, 'infra', OTHER),
    'nova-in-service-of-another-domain': ('nova', None, 'service', OTHER),
    'service-role-on-a-project-of-another-domain': ('svc', None, 'infra',
                                                    OTHER),
}


@pytest.fixture(scope='module')
def other_domain(keystone):
    """The domain otherdomain, as its administrator would fill it: a user
    nova (admin) in a project service, a user svc with the service role
    in a project infra, and roles on these projects for the Default
    domain's nova and svc. Every new user's first login is taken here,
    before a server starts (see Keystone.add_user)."""
    domain_id = keystone.add_domain(OTHER)
    keystone.add_project('service', domain_id)
    keystone.add_project('infra', domain_id)
    keystone.add_user('nova', 'service', 'admin', domain_id)
    keystone.add_user('svc', 'infra', 'service', domain_id)
    keystone.grant('nova', 'admin', 'service', project_domain_id=domain_id)
    keystone.grant('svc', 'service', 'infra', project_domain_id=domain_id)
    return domain_id


def token(keystone, other_domain, user, user_domain, project,
          project_domain):
    """A token of the caller, domains given as in FOREIGN_CALLERS."""
    def domain_id(domain):
        return other_domain if domain == OTHER else 'default'

    return keystone.token(user, project=project,
                          domain_id=domain_id(user_domain),
                          project_domain_id=domain_id(project_domain))


@pytest.fixture(scope='module')
def server(start_join_server, other_domain):
    return start_join_server()


@pytest.fixture(scope='module')
def other_domain_server(start_join_server, other_domain):
    """A server that trusts otherdomain instead of Default."""
    return start_join_server(options={'service_domain_id': other_domain})


def instance(keystone, hostname):
    return testing_server.vendordata_body(
        str(uuid.uuid4()), keystone.project_id('demo'), hostname, ENROLL)


def assert_refused(response):
    assert response.status_code == 403, response.text
    assert response.headers['Content-Type'].startswith('application/json')
    error = response.json()['error']
    assert error['code'] == 403 and 'join:create' in error['message']
    assert 'ipaotp' not in response.text


def assert_enrolled(response, ipa, hostname):
    assert response.status_code == 200, response.text
    answer = response.json()
    assert OTP.match(answer['ipaotp'])
    assert answer['hostname'] == '%s.%s' % (hostname, ipa.domain)
    return answer['ipaotp']


@pytest.mark.parametrize('caller', FOREIGN_CALLERS.values(),
                         ids=list(FOREIGN_CALLERS))
def test_caller_of_another_domain_gets_nothing(server, ipa, openstack_cloud,
                                               keystone, other_domain,
                                               caller):
    before = ipa.dump()
    response = server.post(instance(keystone, 'foreign1'),
                           token(keystone, other_domain, *caller))
    assert_refused(response)
    assert ipa.dump() == before
    assert ipa.counters()['requests'] == 0
    assert openstack_cloud.requests == {}


def test_nova_of_another_domain_cannot_fetch_a_cached_otp(
        server, ipa, openstack_cloud, keystone, other_domain):
    body = instance(keystone, 'cached1')
    otp = assert_enrolled(server.post(body, keystone.token('nova')), ipa,
                          'cached1')
    before = ipa.dump()
    response = server.post(body, token(
        keystone, other_domain, *FOREIGN_CALLERS['nova-of-another-domain']))
    assert_refused(response)
    assert otp not in response.text
    assert ipa.dump() == before


@pytest.mark.parametrize('user', ['nova', 'svc'])
def test_callers_of_the_default_domain_still_enroll(server, ipa,
                                                    openstack_cloud, keystone,
                                                    other_domain, user):
    hostname = 'home-%s' % user
    assert_enrolled(server.post(instance(keystone, hostname),
                                keystone.token(user)), ipa, hostname)


def test_the_configured_domain_is_the_one_trusted(other_domain_server, ipa,
                                                  openstack_cloud, keystone,
                                                  other_domain):
    assert_enrolled(other_domain_server.post(
        instance(keystone, 'there1'),
        token(keystone, other_domain,
              *FOREIGN_CALLERS['nova-of-another-domain'])), ipa, 'there1')
    before = ipa.dump()
    assert_refused(other_domain_server.post(instance(keystone, 'here1'),
                                            keystone.token('nova')))
    assert ipa.dump() == before
