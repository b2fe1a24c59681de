"""The generated files checked into the repository are what their
generators write now: join.conf.sample (tox -e genconfig),
policy.yaml.sample (tox -e genpolicy) and the cloud-config that embeds the
enrollment script (tox -e gencloudconfig)."""

import difflib
import pathlib

from oslo_config import cfg
from oslo_config import generator as config_generator
from oslo_policy import generator as policy_generator

from novajoin.cmd import install

ROOT = pathlib.Path(__file__).resolve().parents[2]


def assert_same(checked_in, generated, regenerate):
    expected = (ROOT / checked_in).read_text()
    if generated != expected:
        diff = ''.join(list(difflib.unified_diff(
            expected.splitlines(keepends=True),
            generated.splitlines(keepends=True),
            fromfile=checked_in, tofile='generated'))[:60])
        raise AssertionError('%s is out of date; run %s\n%s'
                             % (checked_in, regenerate, diff))


def test_join_conf_sample(tmp_path):
    output = tmp_path / 'join.conf.sample'
    config_generator.main([
        '--config-file',
        str(ROOT / 'etc/oslo-config-generator/novajoin.conf'),
        '--output-file', str(output)])
    assert_same('etc/novajoin/join.conf.sample', output.read_text(),
                'tox -e genconfig')


def test_policy_yaml_sample(tmp_path):
    output = tmp_path / 'policy.yaml.sample'
    # not the global configuration, which other tests parse
    policy_generator.generate_sample(args=[
        '--config-file',
        str(ROOT / 'etc/oslo-policy-generator/novajoin.conf'),
        '--output-file', str(output)], conf=cfg.ConfigOpts())
    assert_same('etc/novajoin/policy.yaml.sample', output.read_text(),
                'tox -e genpolicy')


def test_cloud_config():
    script = (ROOT / 'files/setup-ipa-client.sh').read_text()
    assert_same('files/cloud-config-novajoin.json',
                install.cloud_config(script), 'tox -e gencloudconfig')
