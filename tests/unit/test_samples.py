"""The generated files checked into the repository are what their
generators write now: join.conf.sample (tox -e genconfig),
policy.yaml.sample (tox -e genpolicy) and the cloud-config that embeds the
enrollment script (tox -e gencloudconfig)."""

import difflib
import pathlib
import re

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


_GROUP = re.compile(r'^\[([^\]]+)\]$', re.MULTILINE)
_NAMESPACE = re.compile(r'^#\n# From (\S+)\n#\n', re.MULTILINE)


def novajoin_blocks(sample):
    """The blocks of a generated sample that novajoin's own options make.

    The libraries' blocks follow whatever release of oslo.* or
    keystonemiddleware is installed; novajoin's own must match exactly.
    """
    blocks = []
    groups = _GROUP.split(sample)[1:]
    for group, body in zip(groups[::2], groups[1::2]):
        parts = _NAMESPACE.split(body)[1:]
        for namespace, text in zip(parts[::2], parts[1::2]):
            if namespace == 'novajoin':
                blocks.append('[%s]\n%s' % (group, text))
    return '\n'.join(blocks)


def test_join_conf_sample(tmp_path):
    output = tmp_path / 'join.conf.sample'
    config_generator.main([
        '--config-file',
        str(ROOT / 'etc/oslo-config-generator/novajoin.conf'),
        '--output-file', str(output)])
    checked_in = (ROOT / 'etc/novajoin/join.conf.sample').read_text()
    generated = output.read_text()
    assert novajoin_blocks(generated), 'no novajoin options generated'
    if novajoin_blocks(generated) != novajoin_blocks(checked_in):
        assert_same('etc/novajoin/join.conf.sample', generated,
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
