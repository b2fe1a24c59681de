"""The root of novajoin-server: its version document and /v1."""

import pecan

from novajoin.api.controllers import v1


class RootController:

    v1 = v1.JoinController()

    @pecan.expose('json')
    def index(self):
        url = pecan.request.host_url
        return {'versions': [{'id': 'v1.0', 'status': 'CURRENT',
                              'links': [{'rel': 'self',
                                         'href': url + '/v1/'}]}]}
