"""Credentials novajoin uses to call keystone, glance, nova and neutron."""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

GROUP = 'service_credentials'

service_credentials_group = cfg.OptGroup(
    GROUP, title='Service credentials',
    help='keystoneauth options for the calls novajoin makes to keystone, '
         'glance, nova and neutron.')

client_opts = [
    cfg.StrOpt('region_name',
               help='Region of the endpoints novajoin calls.'),
    cfg.StrOpt('interface', default='internal',
               choices=['public', 'internal', 'admin'],
               help='Endpoint interface novajoin calls.'),
]


def register_opts(conf):
    conf.register_group(service_credentials_group)
    conf.register_opts(client_opts, group=service_credentials_group)
    ks_loading.register_session_conf_options(conf, GROUP)
    ks_loading.register_auth_conf_options(conf, GROUP)


def list_opts():
    return (client_opts
            + ks_loading.get_session_conf_options()
            + ks_loading.get_auth_common_conf_options()
            + ks_loading.get_auth_plugin_conf_options('password'))
