"""POST /v1: the dynamic vendordata of an instance."""

import pecan

from novajoin.api import body
from novajoin.api import schemas
from novajoin import instances
from novajoin import policy

REQUEST = body.validator(schemas.VENDORDATA_REQUEST)


class JoinController:
    """/v1 answers POST only; any other method gets a 405 that says so in
    its Allow header, which pecan's RestController leaves out."""

    @pecan.expose(generic=True, template='json')
    def index(self):
        pecan.response.headers['Allow'] = 'POST'
        pecan.abort(405)

    @index.when(method='POST', template='json')
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
