"""keystone for the test bed, run in processes of its own.

keystone parses the command line of the process it runs in and keeps its
configuration in oslo.config's global object, which novajoin uses too, so
it never runs inside a test process:

``setup CONFIG URL`` creates the database and the fernet and credential
keys and bootstraps the admin user (password in OS_BOOTSTRAP_PASSWORD)
with URL as the identity endpoint; ``serve CONFIG FD`` serves keystone's
public WSGI application with gunicorn on the listening socket FD, which
the parent opened so that the URL was known before keystone started.
"""

import argparse
import grp
import os
import pwd
import sys

from gunicorn.app import base as gunicorn_base


def setup(config_file, url):
    from keystone.cmd import cli

    owner = ['--keystone-user', pwd.getpwuid(os.getuid()).pw_name,
             '--keystone-group', grp.getgrgid(os.getgid()).gr_name]
    steps = [
        ['db_sync'],
        ['fernet_setup'] + owner,
        ['credential_setup'] + owner,
        ['bootstrap', '--bootstrap-region-id', 'RegionOne',
         '--bootstrap-public-url', url, '--bootstrap-internal-url', url,
         '--bootstrap-admin-url', url],
    ]
    for step in steps:
        # keystone-manage parses its options once per process; running its
        # steps in one process (a second of imports each saved) needs the
        # parsed options forgotten in between.
        cli.CONF.reset()
        cli.CONF.clear()
        cli.main(argv=['keystone-manage', '--config-file', config_file]
                 + step)


class KeystoneServer(gunicorn_base.BaseApplication):

    def __init__(self, config_file, fd, log_file):
        self.config_file = config_file
        self.fd = fd
        self.log_file = log_file
        super().__init__()

    def load_config(self):
        for key, value in {'bind': 'fd://%d' % self.fd, 'workers': 1,
                           'worker_class': 'gthread', 'threads': 8,
                           'proc_name': 'keystone-test-bed',
                           'errorlog': self.log_file, 'timeout': 60}.items():
            self.cfg.set(key, value)
        # gunicorn's control socket is one path in $HOME for all its
        # servers; novajoin-server's would clash with this one.
        if 'control_socket_disable' in self.cfg.settings:
            self.cfg.set('control_socket_disable', True)

    def load(self):
        os.environ['OS_KEYSTONE_CONFIG_FILES'] = self.config_file
        from keystone.server import wsgi
        return wsgi.initialize_public_application()


def main(argv=None):
    parser = argparse.ArgumentParser(prog='keystone_runner')
    commands = parser.add_subparsers(dest='command', required=True)
    setup_parser = commands.add_parser('setup')
    setup_parser.add_argument('config_file')
    setup_parser.add_argument('url')
    serve_parser = commands.add_parser('serve')
    serve_parser.add_argument('config_file')
    serve_parser.add_argument('fd', type=int)
    serve_parser.add_argument('--log-file', default='-')
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    # keystone would take this process's arguments for its own.
    del sys.argv[1:]
    if args.command == 'setup':
        setup(args.config_file, args.url)
    else:
        KeystoneServer(args.config_file, args.fd, args.log_file).run()
    return 0


if __name__ == '__main__':
    sys.exit(main())
