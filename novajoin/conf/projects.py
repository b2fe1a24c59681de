"""Per-project sections of join.conf: [<project name>].

They are registered when a project is first looked at, since their names
are only known then.
"""

import dataclasses
import threading

from oslo_config import cfg

project_opts = [
    cfg.ListOpt('allowed_classes', default=[],
                help='IPA host classes (ipa_hostclass) that instances of '
                     'this project may ask for; "*" allows any.'),
    cfg.ListOpt('service_hosts', default=[],
                help='Hosts, made by other means than novajoin, whose '
                     'services instances of this project may be made to '
                     'manage (managed_service_*).'),
]

_register_lock = threading.Lock()


@dataclasses.dataclass(frozen=True)
class ProjectSettings:
    allowed_classes: tuple
    service_hosts: frozenset

    def allows_class(self, hostclass):
        return '*' in self.allowed_classes or hostclass in self.allowed_classes


def project_settings(conf, project_name):
    """The [<project name>] section of join.conf (empty when absent)."""
    with _register_lock:
        if project_name not in conf:
            conf.register_opts(project_opts, group=project_name)
    group = conf[project_name]
    return ProjectSettings(
        allowed_classes=tuple(group.allowed_classes),
        service_hosts=frozenset(h.rstrip('.').lower()
                                for h in group.service_hosts))


def list_opts():
    return project_opts
