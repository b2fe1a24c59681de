"""novajoin-server for a WSGI server of the operator's choice.

uwsgi or mod_wsgi load ``application``; join.conf is read from
/etc/novajoin/join.conf, or from the files NOVAJOIN_CONFIG_FILES names
(comma separated).
"""

import os

from paste import deploy

from novajoin import service


def init_application():
    files = os.environ.get('NOVAJOIN_CONFIG_FILES')
    argv = []
    for path in filter(None, (files or '').split(',')):
        argv += ['--config-file', path]
    conf = service.prepare(argv)
    service.check_keytab(service.check_ipa_settings(conf))
    return deploy.loadapp('config:' + service.find_paste_config(conf),
                          name='main')
