"""Which IPA hosts novajoin made, and for whom.

Every host novajoin creates carries in its description the JSON that
novajoin 1.3.0 wrote, so that hosts made by either are recognised by both.
"""

import dataclasses
import json

_LEGACY_PREFIX = 'IPA host for '


@dataclasses.dataclass(frozen=True)
class Owner:
    """What a host's description says about who it belongs to.

    instance_id is None for a host shared by a project's instances; legacy
    marks the plain-text description of novajoin before 1.3.0, which names
    no instance that can be checked.
    """
    instance_id: str | None = None
    project_id: str | None = None
    legacy: bool = False

    def is_instance(self, instance_id):
        return self.instance_id is not None and self.instance_id == instance_id

    def is_project(self, project_id):
        return self.project_id is not None and self.project_id == project_id


def instance_description(instance_id, project_id):
    return json.dumps({'novajoin_metadata': {
        'nova_instance_id': instance_id, 'project_id': project_id}})


def shared_description(project_id):
    return json.dumps({'novajoin_metadata': {'project_id': project_id}})


def host_owner(host):
    """The Owner named by an IPA host entry's description, or None.

    None means novajoin did not make the host.
    """
    description = host.get('description')
    if isinstance(description, (list, tuple)):
        description = description[0] if description else None
    if not isinstance(description, str):
        return None
    if description.startswith(_LEGACY_PREFIX):
        return Owner(legacy=True)
    try:
        metadata = json.loads(description)['novajoin_metadata']
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(metadata, dict):
        return None
    instance_id = metadata.get('nova_instance_id')
    project_id = metadata.get('project_id')
    if not isinstance(instance_id, str):
        instance_id = None
    if not isinstance(project_id, str):
        project_id = None
    if instance_id is None and project_id is None:
        return None
    return Owner(instance_id=instance_id, project_id=project_id)
