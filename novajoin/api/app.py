"""The novajoin-server WSGI application, built from configuration."""

import collections
import functools
import inspect

from oslo_config import cfg
from oslo_log import log as logging
import pecan
from pecan import util as pecan_util

from novajoin.api import hooks
from novajoin import conf as novajoin_conf
from novajoin import enrollment
from novajoin import instances
from novajoin.ipa import client as ipa_client
from novajoin import join
from novajoin import openstack
from novajoin import otp_cache

LOG = logging.getLogger(__name__)

_ArgSpec = collections.namedtuple('ArgSpec', 'args varargs keywords defaults')


@functools.lru_cache(maxsize=256)
def _controller_argspec(function):
    """pecan.compat.getargspec, once per controller.

    Pecan inspects the controller's signature on every request, and its
    getargspec makes a new namedtuple class each time: an eighth of the
    server's CPU per enrollment. Controllers do not change signature, and
    Pecan copies what it changes.
    """
    args, varargs, keywords, defaults = inspect.getfullargspec(function)[:4]
    return _ArgSpec(args, varargs, keywords, defaults)


pecan_util._getargspec = _controller_argspec


def build_join_service(conf):
    """The domain service behind POST /v1, wired from join.conf."""
    settings = novajoin_conf.ipa_settings(conf)
    session = openstack.session_from_conf(conf)
    resolver = instances.InstanceResolver.from_conf(conf, settings, session)
    enroller = enrollment.Enroller(
        ipa=ipa_client.IPAClient.from_conf(settings),
        instances=resolver,
        project_settings=functools.partial(novajoin_conf.project_settings,
                                           conf),
        limits=novajoin_conf.service_limits(conf))
    return join.JoinService(enroller,
                            otp_cache.answer_region(conf, conf.state_path))


def setup_app(join_service):
    return pecan.make_app(
        'novajoin.api.controllers.root.RootController',
        hooks=[hooks.AcceptJSONHook(), hooks.JSONBodyHook(),
               hooks.ContextHook(),
               hooks.ServiceHook(join_service),
               hooks.JSONErrorHook()],
        force_canonical=False,
        guess_content_type_from_ext=False,
        debug=False)


def app_factory(global_config, **local_conf):
    """Paste app factory of the Pecan app."""
    return setup_app(build_join_service(cfg.CONF))


def pipeline_factory(loader, global_conf, **local_conf):
    """The Paste pipeline named by auth_strategy."""
    strategy = cfg.CONF.auth_strategy
    if strategy == 'noauth':
        LOG.warning('auth_strategy = noauth: novajoin-server accepts EVERY '
                    'caller without authentication and hands out IPA '
                    'one-time passwords to anyone who asks. Use it only for '
                    'development.')
    names = local_conf[strategy].split()
    app = loader.get_app(names[-1])
    for name in reversed(names[:-1]):
        app = loader.get_filter(name)(app)
    return app
