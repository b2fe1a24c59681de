"""How much novajoin creates in IPA for one instance.

Every service an instance's metadata asks for costs IPA entries and calls
(a sub-host, a service, its manager) and lengthens the instance's delete;
the limits keep one instance's metadata from costing more than an
enrollment can carry.
"""

import dataclasses

from oslo_config import cfg

# A TripleO controller, the largest user known, asks for some 100
# services on a dozen hosts (its networks and its VIPs).
DEFAULT_MAX_SERVICES = 256
DEFAULT_MAX_SERVICE_HOSTS = 64

limit_opts = [
    cfg.IntOpt('max_services_per_instance', default=DEFAULT_MAX_SERVICES,
               min=1,
               help='Most service principals novajoin creates or manages '
                    'for one instance: its compact_service_* principals '
                    '(one per service and network) and its '
                    'managed_service_* principals. An instance asking for '
                    'more is refused (400) and nothing is written.'),
    cfg.IntOpt('max_service_hosts_per_instance',
               default=DEFAULT_MAX_SERVICE_HOSTS, min=1,
               help='Most hosts besides its own that one instance\'s '
                    'services may lie on: the sub-hosts of its '
                    'compact_service_* networks and the hosts of its '
                    'managed_service_* principals. An instance asking for '
                    'more is refused (400) and nothing is written.'),
]


def register_opts(conf):
    conf.register_opts(limit_opts)


def list_opts():
    return limit_opts


@dataclasses.dataclass(frozen=True)
class ServiceLimits:
    max_services: int = DEFAULT_MAX_SERVICES
    max_service_hosts: int = DEFAULT_MAX_SERVICE_HOSTS


def service_limits(conf):
    """The limits join.conf sets."""
    return ServiceLimits(max_services=conf.max_services_per_instance,
                         max_service_hosts=conf.max_service_hosts_per_instance)
