import pytest

from novajoin import metadata


@pytest.mark.parametrize('instance, image, expected', [
    ({'ipa_enroll': 'True'}, None, True),
    ({'ipa_enroll': 'TRUE'}, None, True),
    ({'ipa_enroll': 'false'}, {'ipa_enroll': 'true'}, True),
    ({}, {'ipa_enroll': 'True'}, True),
    ({}, {}, False),
    ({'ipa_enroll': 'yes'}, None, False),
    (None, None, False),
])
def test_enrollment_requested(instance, image, expected):
    assert metadata.enrollment_requested(instance, image) is expected


def test_os_version():
    assert metadata.os_version({'os_distro': 'rhel',
                                'os_version': '9.4'}) == 'rhel 9.4'
    assert metadata.os_version({'os_distro': 'fedora'}) == 'fedora'
    assert metadata.os_version({'os_distro': ' '}) is None
    assert metadata.os_version(None) is None


def test_services_from_every_form():
    request = metadata.service_request({
        'managed_service_vip': 'haproxy/overcloud.example.test',
        'managed_service_vip2': 'haproxy/overcloud.example.test',
        'compact_service_HTTP': '["internalapi", "storage"]',
        'compact_services': '{"HTTP": ["storage", "ctlplane"], '
                            '"libvirt-vnc": ["internalapi"]}',
        'ipa_enroll': 'True',
    })
    assert [str(p) for p in request.managed] == [
        'haproxy/overcloud.example.test']
    assert request.compact == (
        ('HTTP', ('internalapi', 'storage', 'ctlplane')),
        ('libvirt-vnc', ('internalapi',)))
    pairs = request.compact_principals('ctl-0.example.test', 'example.test')
    assert pairs[0] == ('ctl-0.internalapi.example.test',
                        metadata.ServicePrincipal(
                            'HTTP', 'ctl-0.internalapi.example.test'))
    assert str(pairs[-1][1]) == 'libvirt-vnc/ctl-0.internalapi.example.test'


def test_no_services():
    assert not metadata.service_request({'ipa_enroll': 'True'})
    assert not metadata.service_request(None)


@pytest.mark.parametrize('bad', [
    {'managed_service_x': 'no-slash'},
    {'managed_service_x': 'a/b/c'},
    {'managed_service_x': 'HTTP/bad_host.example.test'},
    {'managed_service_x': '/host.example.test'},
    {'managed_service_x': 'HTTP/host.example.test@EXAMPLE.TEST'},
    {'compact_service_HTTP': 'not json'},
    {'compact_service_HTTP': '{"a": 1}'},
    {'compact_service_HTTP': '[1]'},
    {'compact_service_HTTP': '[""]'},
    {'compact_service_bad name': '["x"]'},
    {'compact_services': '["x"]'},
    {'compact_services': '{"HTTP": "x"}'},
])
def test_bad_service_metadata(bad):
    with pytest.raises(metadata.InvalidMetadata):
        metadata.service_request(bad)


def test_bad_network_name_is_refused():
    request = metadata.service_request({'compact_service_HTTP': '["a_b"]'})
    with pytest.raises(metadata.InvalidMetadata):
        request.compact_principals('h.example.test', 'example.test')


def test_hostclass_and_location():
    md = {'ipa_hostclass': 'web', 'ipa_host_location': 'rack 1'}
    assert metadata.hostclass(md) == 'web'
    assert metadata.host_location(md) == 'rack 1'
    assert metadata.hostclass({}) is None
