import textwrap

import pytest

from novajoin import conf
from novajoin.conf import ipa
from novajoin.conf import opts


def write_ipa_default_conf(tmp_path, body):
    path = tmp_path / 'default.conf'
    path.write_text(textwrap.dedent(body))
    return str(path)


def test_defaults_follow_the_design(join_conf):
    assert join_conf.join_listen == '0.0.0.0'
    assert join_conf.join_listen_port == 9090
    assert join_conf.auth_strategy == 'keystone'
    assert join_conf.keytab == '/etc/novajoin/krb5.keytab'
    assert join_conf.connect_retries == 2
    assert join_conf.project_subdomain is False
    assert join_conf.normalize_project is True
    assert join_conf.notification_format == 'unversioned'
    assert join_conf.notifications_topic == 'novajoin_notifications'


def test_ipa_settings_come_from_the_enrolled_machine(join_conf, tmp_path):
    path = write_ipa_default_conf(tmp_path, """
        [global]
        realm = EXAMPLE.TEST
        domain = example.test
        server = ipa.example.test
        host = controller.example.test
        xmlrpc_uri = https://ipa.example.test/ipa/xml
        """)
    ca = tmp_path / 'ca.crt'
    ca.write_text('cert')
    settings = ipa.ipa_settings(join_conf, path, str(ca))
    assert settings.url == 'https://ipa.example.test/ipa/json'
    assert settings.server == 'ipa.example.test'
    assert settings.realm == 'EXAMPLE.TEST'
    assert settings.domain == 'example.test'
    assert settings.principal == 'nova/controller.example.test@EXAMPLE.TEST'
    assert settings.ca_cert == str(ca)
    assert settings.keytab == '/etc/novajoin/krb5.keytab'


def test_join_conf_wins_over_the_machine(join_conf, tmp_path):
    path = write_ipa_default_conf(tmp_path, """
        [global]
        realm = OTHER.TEST
        domain = other.test
        server = ipa.other.test
        """)
    join_conf.set_override('url', 'http://localhost:8080/ipa/json')
    join_conf.set_override('realm', 'EXAMPLE.TEST')
    join_conf.set_override('domain', 'example.test.')
    join_conf.set_override('principal', 'nova/api.example.test@EXAMPLE.TEST')
    settings = ipa.ipa_settings(join_conf, path, str(tmp_path / 'none'))
    assert settings.url == 'http://localhost:8080/ipa/json'
    assert settings.realm == 'EXAMPLE.TEST'
    assert settings.domain == 'example.test'
    assert settings.principal == 'nova/api.example.test@EXAMPLE.TEST'
    assert settings.ca_cert is None


def test_server_alone_gives_the_json_url(join_conf, tmp_path):
    path = write_ipa_default_conf(tmp_path, """
        [global]
        realm = EXAMPLE.TEST
        domain = example.test
        server = ipa.example.test
        """)
    assert (ipa.ipa_settings(join_conf, path).url
            == 'https://ipa.example.test/ipa/json')


def test_missing_settings_are_named(join_conf, tmp_path):
    join_conf.set_override('url', 'https://ipa.example.test/ipa/json')
    with pytest.raises(ipa.IPASettingsError) as err:
        ipa.ipa_settings(join_conf, str(tmp_path / 'absent.conf'))
    assert 'realm, domain not set' in str(err.value)


def test_unreadable_ipa_conf_is_a_settings_error(join_conf, tmp_path):
    path = write_ipa_default_conf(tmp_path, "not an ini file\n")
    with pytest.raises(ipa.IPASettingsError):
        ipa.ipa_settings(join_conf, path)


def test_project_sections(join_conf, tmp_path):
    config_file = tmp_path / 'join.conf'
    config_file.write_text(textwrap.dedent("""
        [demo]
        allowed_classes = web, db
        service_hosts = vip.example.test., Other.example.test
        [open]
        allowed_classes = *
        """))
    join_conf([], project='novajoin', default_config_files=[str(config_file)])
    demo = conf.project_settings(join_conf, 'demo')
    assert demo.allows_class('web') and not demo.allows_class('admin')
    assert demo.service_hosts == {'vip.example.test', 'other.example.test'}
    assert conf.project_settings(join_conf, 'open').allows_class('anything')
    unknown = conf.project_settings(join_conf, 'absent')
    assert not unknown.allows_class('web')
    assert unknown.service_hosts == frozenset()


def test_every_option_is_listed_for_the_generator():
    listed = {opt.name for _group, group_opts in opts.list_opts()
              for opt in group_opts}
    for name in ('join_listen', 'join_listen_port', 'join_workers',
                 'api_paste_config', 'auth_strategy', 'url', 'keytab',
                 'domain', 'realm', 'principal', 'ca_cert',
                 'connect_retries', 'retry_delay', 'project_subdomain',
                 'normalize_project', 'notification_format',
                 'notifications_topic', 'notifications_pool',
                 'allowed_classes', 'service_hosts', 'auth_type'):
        assert name in listed
