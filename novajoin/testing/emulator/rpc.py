"""JSON-RPC layer of the emulator: commands, their parameters, batch.

Parameters are ipalib's own ``Param`` classes, so values are converted
and validated with FreeIPA's rules and error messages.  Binding follows
``ipalib.frontend.Command``: version check, unknown options, positional
arguments, defaults, normalize, convert, validate.
"""

import logging
import threading

from ipalib import errors
from ipalib import messages
from ipalib.capabilities import VERSION_WITHOUT_CAPABILITIES
from ipalib.ipajson import json_decode_binary
from ipalib.ipajson import json_encode_binary
from ipalib.parameters import Dict
from ipalib.parameters import Flag
from ipalib.parameters import Int
from ipalib.parameters import Str
from ipapython.ipautil import APIVersion
from ipapython.version import API_VERSION
from ipapython.version import VERSION

from novajoin.testing.emulator import access

LOG = logging.getLogger(__name__)

VERSION_OPTION = Str('version?', exclude='webui',
                     flags=['no_option', 'no_output'])
ALL = Flag('all', cli_name='all', exclude='webui', flags=['no_output'])
RAW = Flag('raw', cli_name='raw', exclude='webui', flags=['no_output'])
NO_MEMBERS = Flag('no_members', exclude='webui', flags={'no_output'})
# find commands process no members unless asked (baseldap.LDAPSearch)
NO_MEMBERS_FIND = Flag('no_members', default=True, exclude='webui',
                       flags={'no_output', 'no_option'})
RIGHTS = Flag('rights')
CONTINUE = Flag('continue', cli_name='continue')
CRITERIA = Str('criteria?', noextrawhitespace=False)
TIMELIMIT = Int('timelimit?', minvalue=0, autofill=False,
                flags=['no_display'])
SIZELIMIT = Int('sizelimit?', minvalue=0, autofill=False,
                flags=['no_display'])
PKEY_ONLY = Flag('pkey_only?')


def _attr_option_rule(name):
    def rule(_, value):
        if '=' not in value:
            raise errors.ValidationError(
                name=name, error='Invalid format. Should be name=value')
    return rule


SETATTR = Str('setattr*', _attr_option_rule('setattr'), cli_name='setattr',
              exclude='webui')
ADDATTR = Str('addattr*', _attr_option_rule('addattr'), cli_name='addattr',
              exclude='webui')
DELATTR = Str('delattr*', _attr_option_rule('delattr'), cli_name='delattr',
              exclude='webui')

# Options whose values never reach the log.
SECRET_OPTIONS = frozenset(('userpassword', 'password', 'randompassword'))

SIZE_LIMIT = 100  # ipasearchrecordslimit of a default FreeIPA config

# Param normalizers and rules are shared by every emulator in the
# process; the realm they need is the one of the call being served.
_serving = threading.local()


def current_realm():
    return _serving.realm


class Command:
    """A command: its parameters and the function doing its work."""

    def __init__(self, name, handler, args, options):
        self.name = name
        self.handler = handler
        self.args = tuple(args)
        self.options = tuple(options) + (VERSION_OPTION,)
        self.params = {}
        for param in self.args + self.options:
            self.params[param.name] = param
        if self.args and self.args[-1].multivalue:
            self.max_args = None
        else:
            self.max_args = len(self.args)
        self.filled = tuple(p for p in self.params.values()
                            if p.required or p.autofill)
        # required parameters are validated first, as Command.params sorts
        self.validation_order = tuple(
            sorted(self.params.values(), key=lambda p: 0 if p.required
                   else 2))

    def split(self, args, options):
        """args_options_2_params: map positional args, refuse unknowns."""
        if self.max_args is not None and len(args) > self.max_args:
            if self.max_args == 0:
                raise errors.ZeroArgumentError(name=self.name)
            raise errors.MaxArgumentError(name=self.name,
                                          count=self.max_args)
        params = {}
        for name, value in options.items():
            if name not in self.params:
                raise errors.OptionError('Unknown option: %(option)s',
                                         option=name)
            params[name] = value
        arg_values = {}
        for i, arg in enumerate(self.args):
            if len(args) <= i:
                break
            if arg.multivalue:
                if len(args) == i + 1 and isinstance(args[i], (list, tuple)):
                    arg_values[arg.name] = args[i]
                else:
                    arg_values[arg.name] = args[i:]
            else:
                arg_values[arg.name] = args[i]
        overlap = set(arg_values).intersection(params)
        if overlap:
            raise errors.OverlapError(names=sorted(overlap))
        params.update(arg_values)
        return params

    def finish(self, params):
        """Defaults, normalize, convert and validate split parameters."""
        supplied = set(params)
        for param in self.filled:
            if param.name not in params:
                default = param.get_default()
                if default is not None:
                    params[param.name] = default
        for name, value in params.items():
            param = self.params[name]
            params[name] = param.convert(param.normalize(value))
        for param in self.validation_order:
            param.validate(params.get(param.name),
                           supplied=param.name in supplied)
        return params


REGISTRY = {}


def command(name, args=(), options=()):
    """Register the decorated function as the command ``name``."""
    def register(handler):
        REGISTRY[name] = Command(name, handler, args, options)
        return handler
    return register


def find_command(name):
    if not isinstance(name, str):
        raise errors.CommandError(name=name)
    cmd = REGISTRY.get(name)
    if cmd is None and name.endswith('/1'):
        cmd = REGISTRY.get(name[:-2])
    if cmd is None:
        raise errors.CommandError(name=name)
    return cmd


class Call:
    """What a command sees of the request it serves."""

    def __init__(self, emulator, principal, version, session=None):
        self.emulator = emulator
        self.directory = emulator.directory
        self.principal = principal
        self.version = version
        self.session = session
        self.methods = []
        self._rights = None

    @property
    def rights(self):
        """What the principal may do (FreeIPA's ACIs), worked out once
        per request."""
        if self._rights is None:
            self._rights = access.Rights(self.directory, self.principal)
        return self._rights

    def add_message(self, result, message):
        messages.add_message(self.version, result, message)

    def run(self, name, args, options):
        """Command.__call__: check the version, bind, run."""
        cmd = find_command(name)
        self.methods.append(cmd.name)
        _serving.realm = self.directory.realm
        version_missing = 'version' not in options
        if not version_missing:
            verify_client_version(str(options['version']),
                                  self.emulator.xmlrpc_uri)
        params = cmd.finish(cmd.split(args, options))
        if version_missing:
            params['version'] = API_VERSION
        result = cmd.handler(self, params)
        if version_missing:
            messages.add_message(
                API_VERSION, result,
                messages.VersionMissing(server_version=API_VERSION))
        return result


def verify_client_version(client_version, server_uri):
    """Only a different major version (or garbage) is refused."""
    server = APIVersion(API_VERSION)
    try:
        client = APIVersion(client_version)
    except ValueError:
        raise errors.VersionError(cver=client_version, sver=API_VERSION,
                                  server=server_uri)
    if client.major != server.major:
        raise errors.VersionError(cver=client_version, sver=API_VERSION,
                                  server=server_uri)


def unmarshal(body):
    """jsonserver.unmarshal: (method, args, options, id)."""
    try:
        request = json_decode_binary(body)
    except ValueError as e:
        raise errors.JSONError(error=e)
    if not isinstance(request, dict):
        raise errors.JSONError(error='Request must be a dict')
    if 'method' not in request:
        raise errors.JSONError(error='Request is missing "method"')
    if 'params' not in request:
        raise errors.JSONError(error='Request is missing "params"')
    params = request['params']
    request_id = request.get('id')
    if not isinstance(params, (list, tuple)):
        raise errors.JSONError(error='params must be a list')
    if len(params) != 2:
        raise errors.JSONError(error='params must contain [args, options]')
    args, options = params
    if not isinstance(args, (list, tuple)):
        raise errors.JSONError(error='params[0] (aka args) must be a list')
    if not isinstance(options, dict):
        raise errors.JSONError(error='params[1] (aka options) must be a dict')
    return request['method'], tuple(args), dict(options), request_id


def marshal(result, error, request_id, principal, version):
    """jsonserver.marshal: the JSON-RPC answer as bytes."""
    if error is not None:
        error = {'code': error.errno, 'message': error.strerror,
                 'data': error.kw, 'name': type(error).__name__}
    response = {'result': result, 'error': error, 'id': request_id,
                'principal': principal, 'version': VERSION}
    return json_encode_binary(response, version).encode('utf-8')


def describe_call(name, args, options):
    """One-line description of a call with secrets masked; the calls of
    a batch are described one by one."""
    if name == 'batch':
        return 'batch(%s)' % ', '.join(_describe_batch_member(m)
                                       for m in args)
    parts = [repr(a) for a in args]
    for key, value in options.items():
        if key in SECRET_OPTIONS:
            value = '********'
        parts.append('%s=%r' % (key, value))
    return '%s(%s)' % (name, ', '.join(parts))


def _describe_batch_member(request):
    try:
        args, options = request['params']
        return describe_call(request['method'], args, dict(options))
    except (KeyError, TypeError, ValueError):
        # as batch._repr_iter, a malformed request is not shown at all
        return '********'


def execute(emulator, principal, body, session=None):
    """Serve one JSON-RPC request body; returns (response bytes, methods)."""
    request_id = None
    name = None
    args = ()
    options = {}
    call = None
    result = None
    error = None
    try:
        name, args, options, request_id = unmarshal(body)
        call = Call(emulator, principal,
                    options.get('version', VERSION_WITHOUT_CAPABILITIES),
                    session)
        with emulator.lock:
            result = call.run(name, args, options)
    except errors.PublicError as e:
        error = e
    except Exception:
        LOG.exception('internal error serving %s', name)
        error = errors.InternalError()
    if LOG.isEnabledFor(logging.DEBUG):
        LOG.debug('%s: %s: %s', principal, describe_call(name, args, options),
                  type(error).__name__ if error else 'SUCCESS')
    version = options.get('version', VERSION_WITHOUT_CAPABILITIES)
    methods = call.methods if call is not None else []
    return marshal(result, error, request_id, principal, version), methods


# batch (ipaserver/plugins/batch.py) -----------------------------------------

def _validate_batch_request(request):
    if 'method' not in request:
        raise errors.RequirementError(name='method')
    if 'params' not in request:
        raise errors.RequirementError(name='params')
    cmd = find_command(request['method'])
    try:
        args, options = request['params']
        options = dict((str(k), v) for k, v in options.items())
    except (AttributeError, ValueError, TypeError):
        raise errors.ConversionError(
            name='params', error='must contain a tuple (list, dict)')
    try:
        cmd.split(tuple(args), dict(options))
    except Exception as e:
        raise errors.ConversionError(name='params', error=str(e))
    return cmd, tuple(args), options


@command('batch', args=(Dict('methods*'),), options=(Str('keeponly*'),))
def batch(call, params):
    results = []
    keeponly = params.get('keeponly')
    for request in params.get('methods') or ():
        try:
            cmd, args, options = _validate_batch_request(request)
            options.setdefault('version', params['version'])
            result = call.run(cmd.name, args, options)
            result['error'] = None
            entry = result.get('result')
            if keeponly is not None and isinstance(entry, dict):
                result['result'] = {k: v for k, v in entry.items()
                                    if k in keeponly}
        except Exception as e:
            if not isinstance(e, errors.PublicError):
                LOG.exception('internal error in batch')
                e = errors.InternalError()
            result = {'error': e.strerror, 'error_code': e.errno,
                      'error_name': type(e).__name__, 'error_kw': e.kw}
        results.append(result)
    return {'count': len(results), 'results': results}


@command('ping')
def ping(call, params):
    return {'summary': 'IPA server version %s. API version %s' % (
        VERSION, API_VERSION)}


@command('session_logout')
def session_logout(call, params):
    if call.session is not None:
        call.emulator.sessions.close(call.session)
    return {'result': None}
