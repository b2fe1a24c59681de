import pytest

from novajoin import naming


@pytest.mark.parametrize('project, label', [
    ('demo', 'demo'),
    ('My Project', 'my-project'),
    ('_admin_', 'admin'),
    ('ça.va', 'a-va'),
    ('--x--', 'x'),
])
def test_normalize_label(project, label):
    assert naming.normalize_label(project) == label


def test_instance_fqdn():
    assert (naming.instance_fqdn('web-1', 'example.test')
            == 'web-1.example.test')
    assert (naming.instance_fqdn('Web-1', 'example.test.', 'My Project')
            == 'web-1.my-project.example.test')


def test_instance_fqdn_without_normalisation_rejects_bad_labels():
    with pytest.raises(naming.InvalidHostname):
        naming.instance_fqdn('web-1', 'example.test', 'My Project',
                             normalize=False)


@pytest.mark.parametrize('hostname', ['', None, 'bad_name', '-x', 'a' * 64,
                                      'a..b'])
def test_invalid_hostnames(hostname):
    with pytest.raises(naming.InvalidHostname):
        naming.instance_fqdn(hostname, 'example.test')


def test_sub_host_fqdn():
    assert (naming.sub_host_fqdn('ctl-0.example.test', 'internalapi',
                                 'example.test')
            == 'ctl-0.internalapi.example.test')
