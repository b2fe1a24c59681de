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


def test_host_names_within_the_limit():
    fits = 'a' * 51 + '.example.test'
    assert len(fits) == 64
    naming.check_host_names(['web-1.example.test', fits], 64)
    naming.check_host_names(['a' * 52 + '.example.test'], 255)


def test_host_name_over_the_limit_names_itself_and_the_limit():
    long_name = 'a' * 52 + '.example.test'
    with pytest.raises(naming.InvalidHostname) as error:
        naming.check_host_names(['web-1.example.test', long_name], 64)
    assert long_name in str(error.value)
    assert 'at most 64' in str(error.value)
    assert error.value.code == 400


@pytest.mark.parametrize('name', ['web_1.example.test', 'web-.example.test',
                                  '-web.example.test', 'web..example.test',
                                  'web', 'a' * 64 + '.example.test'])
def test_host_name_with_an_invalid_label(name):
    with pytest.raises(naming.InvalidHostname):
        naming.check_host_names([name], 255)
