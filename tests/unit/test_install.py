"""novajoin-install's in-place editing of configuration files, and the
cloud-config it ships."""

import json

import yaml

from novajoin.cmd import install


def edited(text, *settings):
    ini = install.IniFile(text)
    for setting in settings:
        setting(ini)
    return ini.text


def test_replaces_a_value_and_keeps_everything_else():
    text = ('# nova.conf\n[DEFAULT]\ndebug = true  \n\n[api]\n'
            '# a comment\nauth_strategy=keystone\n')
    assert edited(text, install.set_option('api', 'auth_strategy',
                                           'noauth2')) == (
        '# nova.conf\n[DEFAULT]\ndebug = true  \n\n[api]\n'
        '# a comment\nauth_strategy = noauth2\n')


def test_the_same_value_changes_nothing():
    text = '[api]\nauth_strategy=keystone\n'
    ini = install.IniFile(text)
    assert not ini.set('api', 'auth_strategy', 'keystone')
    assert ini.text == text
    assert ini.changed_sections == []


def test_a_new_option_goes_after_its_commented_sample():
    text = ('[api]\n#\n# Providers:\n#vendordata_providers = StaticJSON\n'
            '\n#other = 1\n\n[cache]\n')
    assert edited(text, install.set_option(
        'api', 'vendordata_providers', 'StaticJSON,DynamicJSON')) == (
        '[api]\n#\n# Providers:\n#vendordata_providers = StaticJSON\n'
        'vendordata_providers = StaticJSON,DynamicJSON\n'
        '\n#other = 1\n\n[cache]\n')


def test_a_new_option_goes_at_the_end_of_its_section():
    text = '[api]\na = 1\n\n\n[cache]\nb = 2'
    assert edited(text, install.set_option('api', 'c', '3'),
                  install.set_option('cache', 'd', '4')) == (
        '[api]\na = 1\nc = 3\n\n\n[cache]\nb = 2\nd = 4\n')


def test_a_new_section_goes_at_the_end_of_the_file():
    assert edited('[DEFAULT]\na = 1', install.set_option('api', 'b', '2')) == (
        '[DEFAULT]\na = 1\n\n[api]\nb = 2\n')
    assert edited('', install.set_option('api', 'b', '2')) == '[api]\nb = 2\n'


def test_the_last_value_is_the_one_read_and_replaced():
    text = '[api]\na = 1\n[DEFAULT]\nx = y\n[api]\na = 2\n    continued\n'
    ini = install.IniFile(text)
    assert ini.get('api', 'a') == '2'
    ini.set('api', 'a', '3')
    assert ini.text == '[api]\na = 1\n[DEFAULT]\nx = y\n[api]\na = 3\n'


def test_windows_line_endings_are_kept():
    set_a = install.set_option('api', 'a', '2')
    assert edited('[api]\r\na = 1\r\n', set_a) == '[api]\r\na = 2\r\n'


def test_options_of_other_sections_and_commented_ones_are_not_read():
    ini = install.IniFile('[DEFAULT]\ntopics = a\n[x]\n#topics = b\n')
    assert ini.get('x', 'topics') is None


def test_multi_valued_driver_is_added_unless_it_sends_notifications():
    section = '[oslo_messaging_notifications]\n'
    assert edited(section + 'driver = log\n',
                  install.enable_messaging_driver) == (
        section + 'driver = log\ndriver = messagingv2\n')
    for driver in ('messaging', 'messagingv2'):
        text = section + 'driver = %s\n' % driver
        assert edited(text, install.enable_messaging_driver) == text


def test_topics_are_added_to_what_is_there():
    section = '[oslo_messaging_notifications]\n'
    assert edited(section, install.add_notifications_topic) == (
        section + 'topics = notifications,novajoin_notifications\n')
    assert edited(section + 'topics = a, b\n',
                  install.add_notifications_topic) == (
        section + 'topics = a,b,novajoin_notifications\n')
    text = section + 'topics = notifications,novajoin_notifications\n'
    assert edited(text, install.add_notifications_topic) == text


def test_the_join_target_replaces_an_older_one_only():
    text = ('[api]\nvendordata_dynamic_targets = other@http://x/v1, '
            'join@http://old:9999/v1\n')
    assert edited(text, install.set_dynamic_target(
        'join', 'http://127.0.0.1:9090/v1')) == (
        '[api]\nvendordata_dynamic_targets = other@http://x/v1,'
        'join@http://127.0.0.1:9090/v1\n')


def test_settings_that_keep_a_better_value():
    keep = install.set_unless_one_of('notifications', 'notification_format',
                                     'unversioned', ('both',))
    assert edited('[notifications]\nnotification_format = both\n', keep) == (
        '[notifications]\nnotification_format = both\n')
    assert edited('[notifications]\nnotification_format = versioned\n',
                  keep) == (
        '[notifications]\nnotification_format = unversioned\n')
    at_least = install.set_at_least('api', 'timeout', 30)
    assert edited('[api]\ntimeout = 60\n', at_least) == (
        '[api]\ntimeout = 60\n')
    assert edited('[api]\ntimeout = 5\n', at_least) == '[api]\ntimeout = 30\n'


def test_secrets_are_masked():
    text = ('[DEFAULT]\ntransport_url = rabbit://u:p@h/\n'
            '[keystone_authtoken]\npassword=s3cret\nusername = nova\n'
            'memcache_secret_key = k\n#password = sample\n')
    assert install.mask_secrets(text) == (
        '[DEFAULT]\ntransport_url = ****\n'
        '[keystone_authtoken]\npassword = ****\nusername = nova\n'
        'memcache_secret_key = ****\n#password = sample\n')


def test_the_cloud_config_writes_the_script_and_runs_it():
    script = '#!/bin/sh\n\necho "a  b"\n    indented\n'
    vendordata = json.loads(install.cloud_config(script))
    assert list(vendordata) == ['cloud-init']
    assert vendordata['cloud-init'].startswith('#cloud-config\n')
    config = yaml.safe_load(vendordata['cloud-init'])
    assert config['write_files'] == [{
        'path': install.INSTANCE_SCRIPT, 'owner': 'root:root',
        'permissions': '0700', 'content': script}]
    assert config['runcmd'] == [[
        'sh', '-c', '%s >> %s 2>&1' % (install.INSTANCE_SCRIPT,
                                       install.INSTANCE_LOG)]]


def test_shipped_files_are_found_in_the_source_tree():
    for name in (install.CLOUD_CONFIG, install.ENROLLMENT_SCRIPT,
                 install.PASTE_CONFIG):
        with open(install.shipped_file(name), encoding='utf-8') as shipped:
            assert shipped.read()
