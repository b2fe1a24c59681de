"""Instances as novajoin sees them, resolved the same way by both daemons:
FQDN, project name, whether they asked for enrollment."""

import dataclasses

from novajoin import metadata as md
from novajoin import naming
from novajoin import openstack


@dataclasses.dataclass(frozen=True)
class Instance:
    """An instance as nova describes it to novajoin."""
    instance_id: str
    project_id: str
    hostname: str
    metadata: dict
    image_id: str | None = None


class InstanceResolver:
    """What novajoin derives from an instance, with keystone and glance.

    projects and images look up project names and image properties (both
    cached by their owners).
    """

    def __init__(self, settings, projects, images, project_subdomain=False,
                 normalize_project=True):
        self.settings = settings
        self.projects = projects
        self.images = images
        self.project_subdomain = project_subdomain
        self.normalize_project = normalize_project

    @classmethod
    def from_conf(cls, conf, settings, session):
        """The resolver join.conf describes, looking up through session."""
        return cls(settings,
                   projects=openstack.Projects(session, conf),
                   images=openstack.Images(session, conf),
                   project_subdomain=conf.project_subdomain,
                   normalize_project=conf.normalize_project)

    def project_name(self, project_id):
        return self.projects.name(project_id)

    def image_properties(self, image_id):
        return self.images.properties(image_id)

    def fqdn(self, instance, project_name=None):
        """The instance's FQDN; project_name saves a look-up when known."""
        if self.project_subdomain and project_name is None:
            project_name = self.project_name(instance.project_id)
        return naming.instance_fqdn(
            instance.hostname, self.settings.domain,
            project_name if self.project_subdomain else None,
            self.normalize_project)

    def enrollment_requested(self, instance):
        """The instance's metadata, else its image, asks for enrollment."""
        if md.enrollment_requested(instance.metadata):
            return True
        if not instance.image_id:
            return False
        return md.enrollment_requested(
            None, self.image_properties(instance.image_id))
