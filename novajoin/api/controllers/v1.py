"""POST /v1: the dynamic vendordata of an instance."""

import pecan
from pecan import rest

from novajoin.api import body
from novajoin.api import schemas
from novajoin import instances
from novajoin import policy

REQUEST = body.validator(schemas.VENDORDATA_REQUEST)


class JoinController(rest.RestController):

    @pecan.expose('json')
    def post(self):
        request = pecan.request
        policy.authorize(request.context, policy.JOIN_CREATE)
        payload = body.validated(request.payload, REQUEST)
        instance = instances.Instance(
            instance_id=payload['instance-id'],
            project_id=payload['project-id'],
            hostname=payload['hostname'],
            metadata=payload.get('metadata') or {},
            image_id=payload.get('image-id'))
        return request.join_service.join(instance)
