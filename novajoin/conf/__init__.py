"""Configuration of novajoin: every option, registered in one place."""

from oslo_cache import core as oslo_cache
from oslo_config import cfg

from novajoin.conf import api
from novajoin.conf import ipa
from novajoin.conf import limits
from novajoin.conf import notify
from novajoin.conf import policy
from novajoin.conf import projects
from novajoin.conf import service_credentials

CONF = cfg.CONF

DEFAULT_CONFIG_FILE = '/etc/novajoin/join.conf'


def register_opts(conf):
    api.register_opts(conf)
    ipa.register_opts(conf)
    limits.register_opts(conf)
    notify.register_opts(conf)
    policy.register_opts(conf)
    service_credentials.register_opts(conf)
    oslo_cache.configure(conf)


register_opts(CONF)

ipa_settings = ipa.ipa_settings
project_settings = projects.project_settings
service_limits = limits.service_limits
