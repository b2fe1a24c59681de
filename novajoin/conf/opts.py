"""Options for oslo-config-generator (entry point oslo.config.opts)."""

from novajoin.conf import api
from novajoin.conf import ipa
from novajoin.conf import limits
from novajoin.conf import notify
from novajoin.conf import policy
from novajoin.conf import projects
from novajoin.conf import service_credentials


def list_opts():
    return [
        ('DEFAULT', (api.list_opts() + ipa.list_opts() + notify.list_opts()
                     + policy.list_opts() + limits.list_opts())),
        (service_credentials.GROUP, service_credentials.list_opts()),
        ('<project name>', projects.list_opts()),
    ]
