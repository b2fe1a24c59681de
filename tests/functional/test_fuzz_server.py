"""Fuzzing novajoin-server's POST /v1 with bodies nova never sends.

One server for the module, on the test bed, called with a token of nova's
user as nova calls it. Bodies: nova's fields each missing, of every JSON
type, deeply nested, huge, or text of any code point (lone surrogates,
controls, unassigned); metadata with novajoin's keys and odd values; bodies
that are not objects, not JSON, or JSON that json.dumps does not write. For
each: no 5xx, a JSON answer without a traceback, IPA's state unchanged
unless an enrollment was answered, no traceback in the server's log; at the
end no OTP in the log.

Bounded for CI: a fixed number of examples, derandomized, no example
database; the time goes in the server and IPA, which the requests' own
timeout bounds, hence no hypothesis deadline.
"""

import json

from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import pytest
import requests

EXAMPLES = 50
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
    # a slow shared machine is not a slow strategy
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

UNKNOWN_IMAGE = '0b5f1e8c-4a0e-4bd4-9d8e-3c5d2f0c9a77'


class Marker:
    """A value filled in when the body is sent: what the test bed knows
    only then, or a name no other example used."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return '<%s>' % self.name


FRESH_INSTANCE = Marker('a new instance id')
FRESH_HOSTNAME = Marker('a new host name')
PROJECT = Marker('the demo project id')
SERVICE_PROJECT = Marker('the service project id')
ENROLL_IMAGE = Marker('an image with ipa_enroll')
MISSING = Marker('no such key')

# Any code point, lone surrogates included: JSON carries them as escapes.
ODD_TEXT = st.text(st.characters(exclude_categories=()), max_size=24)
HUGE_TEXT = st.builds(lambda char, size: char * size,
                      st.characters(exclude_categories=()),
                      st.integers(1000, 300000))


def nested(depth, as_object):
    value = None
    for _ in range(depth):
        value = {'a': value} if as_object else [value]
    return value


SCALARS = (st.none() | st.booleans() | st.integers(-2 ** 80, 2 ** 80)
           | st.floats() | ODD_TEXT)
JSON = st.recursive(
    SCALARS, lambda inner: (st.lists(inner, max_size=4)
                            | st.dictionaries(ODD_TEXT, inner, max_size=4)),
    max_leaves=12)
ANY_VALUE = (JSON | HUGE_TEXT
             | st.builds(nested, st.integers(2, 200), st.booleans()))

METADATA_KEYS = st.sampled_from([
    'ipa_enroll', 'ipa_hostclass', 'ipa_host_location',
    'managed_service_vip', 'managed_service_', 'compact_service_HTTP',
    'compact_service_', 'compact_services', 'os_distro']) | ODD_TEXT
METADATA_VALUES = st.sampled_from([
    'True', 'TRUE', 'False', '', '["ctlplane"]', '["ctlplane", "storage"]',
    '[]', '[', '[1, 2]', '["a b"]', '["../etc"]', '{"HTTP": ["ctlplane"]}',
    '{"HTTP": "ctlplane"}', '{"": []}', 'HTTP/vip.example.test',
    'HTTP/example.test', 'krbtgt/EXAMPLE.TEST', 'ldap/ipa.example.test',
    'HTTP/vip.other.test', 'HTTP/', '/vip.example.test', 'web', 'rack-4',
]) | ODD_TEXT | HUGE_TEXT | JSON
METADATA_DICT = st.dictionaries(METADATA_KEYS, METADATA_VALUES, max_size=5)
METADATA = (st.builds(lambda extra: dict({'ipa_enroll': 'True'}, **extra),
                      METADATA_DICT)
            | METADATA_DICT | ANY_VALUE)

# nova's fields: what the test bed gives a valid body, and fuzz.
VALID = {
    'project-id': st.sampled_from([PROJECT, SERVICE_PROJECT]),
    'instance-id': st.just(FRESH_INSTANCE),
    'image-id': st.sampled_from(['', None, ENROLL_IMAGE]),
    'user-data': st.none() | ODD_TEXT,
    'hostname': st.just(FRESH_HOSTNAME),
    'metadata': st.builds(lambda extra: dict({'ipa_enroll': 'True'},
                                             **extra),
                          METADATA_DICT) | METADATA_DICT,
    'boot-roles': st.sampled_from(['admin,member', 'member', '']),
}
FUZZED = {
    'project-id': st.just('p-unknown') | ANY_VALUE,
    'instance-id': ANY_VALUE,
    'image-id': st.just(UNKNOWN_IMAGE) | ANY_VALUE,
    'user-data': ANY_VALUE,
    'hostname': st.from_regex(r'\A[a-z][a-z0-9-]{0,12}\Z') | ANY_VALUE,
    'metadata': ANY_VALUE,
    'boot-roles': ANY_VALUE,
}
# nova's body with up to three fields left out or fuzzed, and keys of
# another nova
NOVA_BODY = st.builds(
    lambda valid, changes, extra: {**extra, **valid, **dict(changes)},
    st.fixed_dictionaries(VALID),
    st.lists(st.sampled_from(sorted(FUZZED)).flatmap(
        lambda key: st.tuples(st.just(key), st.just(MISSING) | FUZZED[key])),
        max_size=3),
    st.dictionaries(ODD_TEXT, JSON, max_size=2))
# JSON texts that json.dumps does not write: nesting deeper than a
# parser's recursion, numbers past Python's limits, NaN, a key given twice.
RAW_LITERAL = st.sampled_from([b'1e999', b'-Infinity', b'NaN', b'-0',
                               b'1.5e-400', b'9' * 5000, b'0.' + b'1' * 5000])
RAW_BODY = (
    st.builds(lambda depth: b'[' * depth + b']' * depth,
              st.integers(1, 200000))
    | st.builds(lambda depth: b'{"a":' * depth + b'0' + b'}' * depth,
                st.integers(1, 200000))
    | st.builds(lambda key, literal: b'{"project-id": "p-1", '
                b'"instance-id": "f0000000-0000-4000-8000-ffffffffffff", '
                b'"hostname": "raw-literal", '
                b'"metadata": {"ipa_enroll": "True"}, "%s": %s}'
                % (key.encode(), literal),
                st.sampled_from(sorted(FUZZED)), RAW_LITERAL))
NOT_NOVAS_BODY = ANY_VALUE | RAW_BODY | st.binary(max_size=64)


@pytest.fixture(scope='module')
def server(start_join_server):
    return start_join_server()


class Sender:
    """Sends fuzzed bodies as nova does and checks what follows."""

    def __init__(self, server, keystone, cloud):
        self.server = server
        self.token = keystone.token('nova')
        self.values = {
            PROJECT: keystone.project_id('demo'),
            SERVICE_PROJECT: keystone.project_id('service'),
            ENROLL_IMAGE: cloud.add_image({'ipa_enroll': 'True',
                                           'os_distro': 'rhel'}),
        }
        self.sent = 0
        self.otps = []

    def fill(self, body):
        if not isinstance(body, dict):
            return body
        filled = {}
        for key, value in body.items():
            if value is MISSING:
                continue
            if value is FRESH_INSTANCE:
                value = 'f0000000-0000-4000-8000-%012d' % self.sent
            elif value is FRESH_HOSTNAME:
                value = 'fuzz-%d' % self.sent
            elif isinstance(value, Marker):
                value = self.values[value]
            filled[key] = value
        return filled

    def send(self, ipa, body):
        self.sent += 1
        body = self.fill(body)
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        before = ipa.dump()
        logged = len(self.server.log())
        response = self.server.post(data, self.token)
        assert response.status_code < 500, response.text
        assert response.headers['Content-Type'].startswith(
            'application/json')
        assert 'Traceback' not in response.text
        answer = response.json()
        if response.status_code == 200 and 'hostname' in answer:
            self.otps += [answer['ipaotp']] if 'ipaotp' in answer else []
        else:
            assert ipa.dump() == before, (response.status_code, answer)
        assert 'Traceback' not in self.server.log()[logged:]


@pytest.fixture(scope='module')
def sender(server, keystone, cloud):
    return Sender(server, keystone, cloud)


def fuzz(sender, ipa, bodies):
    @FUZZ_SETTINGS
    @given(bodies)
    def send(body):
        sender.send(ipa, body)

    send()
    # the server still answers, and kept every OTP to itself
    assert requests.get(sender.server.url + '/healthcheck',
                        timeout=10).status_code == 200
    log = sender.server.log()
    assert not [otp for otp in sender.otps if otp in log]


def test_novas_body_fuzzed(sender, ipa):
    fuzz(sender, ipa, NOVA_BODY)
    assert sender.otps


def test_bodies_that_are_not_novas(sender, ipa):
    fuzz(sender, ipa, NOT_NOVAS_BODY)
