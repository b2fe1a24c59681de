"""Start-up shared by novajoin's daemons: configuration and logging."""

import os
import sys

from oslo_config import cfg
from oslo_log import log as logging

from novajoin import conf as novajoin_conf
from novajoin import log_filter

LOG = logging.getLogger(__name__)


class StartupError(Exception):
    """The daemon cannot start; the message says what to fix."""


def prepare(argv=None, conf=novajoin_conf.CONF):
    """Parse the command line and join.conf, and set up logging.

    /etc/novajoin/join.conf is read when it exists; --config-file
    overrides it.
    """
    logging.register_options(conf)
    default_files = [f for f in (novajoin_conf.DEFAULT_CONFIG_FILE,)
                     if os.path.exists(f)]
    conf(sys.argv[1:] if argv is None else argv, project='novajoin',
         default_config_files=default_files)
    logging.setup(conf, 'novajoin')
    log_filter.install()
    return conf


def find_paste_config(conf):
    """Absolute path of the Paste deployment file."""
    path = conf.api_paste_config
    if not os.path.isabs(path):
        path = conf.find_file(path) or path
    if not os.path.exists(path):
        raise StartupError('Paste deployment file %s not found (set '
                           'api_paste_config in join.conf)'
                           % conf.api_paste_config)
    return os.path.abspath(path)


def check_ipa_settings(conf):
    try:
        return novajoin_conf.ipa_settings(conf)
    except novajoin_conf.ipa.IPASettingsError as exc:
        raise StartupError(str(exc))


def check_keytab(settings):
    """The IPA settings, once their keytab is known to be readable:
    without it every call to IPA fails, better not to start and say
    why (StartupError)."""
    if not os.access(settings.keytab, os.R_OK):
        raise StartupError('cannot read the keytab %s (set keytab in '
                           'join.conf)' % settings.keytab)
    return settings


def run(main):
    """Run a daemon's main; a StartupError is one line and exit 1."""
    try:
        return main()
    except StartupError as exc:
        LOG.error('%s', exc)
        print('novajoin: %s' % exc, file=sys.stderr)
        return 1
    except cfg.Error as exc:
        print('novajoin: %s' % exc, file=sys.stderr)
        return 1
