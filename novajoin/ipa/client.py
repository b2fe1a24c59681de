"""The IPA operations novajoin performs, typed.

``IPAClient`` is the only way the daemons and tools talk to IPA: they never
build JSON-RPC themselves. Each operation exists twice with the same
arguments:

- ``client.host_add(fqdn, **options)`` sends it and returns its result;
- ``client.calls.host_add(fqdn, **options)`` only builds an ``IPACall``, to
  be sent with others by ``client.batch([...])``, up to ``batch_size`` calls
  a request.

Keyword arguments are FreeIPA's option names (``description=``,
``random=True``, ``updatedns=False``, ``man_by_host=``...). Attribute values
in entries are as FreeIPA returns them: lists, even for single values
(``entry['fqdn'] == ['web.example.test']``); DNS names come back as strings,
``__base64__`` values as bytes and ``__datetime__`` values as UTC datetimes.

Return shapes:

- ``*_add``, ``*_mod``, ``*_show``: the entry (a dict);
- ``*_find``: a list of entries;
- ``*_del``: None;
- ``*_add_host``, ``*_add_permission``, ``*_add_privilege``,
  ``*_add_member``: a ``MemberResult``; FreeIPA does not raise when a
  member cannot be added, it reports it in ``MemberResult.failed``;
- ``ping``: FreeIPA's summary string;
- ``call``: the whole JSON-RPC ``result`` object (``result``, ``value``,
  ``summary``, ``count``...).

Errors: what IPA refuses raises FreeIPA's own class from ``ipalib.errors``
(``NotFound``, ``DuplicateEntry``, ``EmptyModlist``...); the failures on our
side are ``novajoin.ipa.errors.IPAError`` subclasses (``IPAUnavailable``,
``IPAAuthenticationError``, ``IPAResponseError``).
"""

import dataclasses
import functools
import typing

from novajoin.ipa import errors
from novajoin.ipa import kerberos
from novajoin.ipa import transport


def _output(output):
    return output


def _entry(output):
    return output['result']


def _entries(output):
    return list(output['result'])


def _nothing(output):
    return None


def _summary(output):
    return output.get('summary')


# The reason FreeIPA gives in ``failed`` for a member that already is one.
ALREADY_MEMBER = errors.ipa_errors.AlreadyGroupMember().strerror

# Seconds an HTTP request to IPA may take before it counts as lost (and is
# sent again).
DEFAULT_TIMEOUT = 30

# Calls sent in one request by ``IPAClient.batch``. FreeIPA runs a batch's
# calls one after another before it answers: a request of a few thousand
# calls outlives the timeout and is sent again whole, however often. Fifty
# host or service writes take FreeIPA a few seconds; the largest enrollment
# of a TripleO controller takes several requests.
DEFAULT_BATCH_SIZE = 50


@dataclasses.dataclass(frozen=True)
class MemberResult:
    """What a command adding members did.

    ``failed`` lists ``(attribute, member_type, name, reason)`` for every
    member IPA did not add, e.g.
    ``('managedby', 'host', 'db.example.test', 'no such entry')`` or
    ``('member', 'permission', 'p', 'This entry is already a member')``.
    """

    entry: dict
    completed: int
    failed: list

    @property
    def refused(self):
        """The ``failed`` members that are not members now: those IPA
        refused or could not find, less those that were members
        already."""
        return [member for member in self.failed
                if member[3] != ALREADY_MEMBER]


def _members(output):
    failed = []
    for attribute, by_type in (output.get('failed') or {}).items():
        for member_type, names in (by_type or {}).items():
            for name in names:
                if isinstance(name, (list, tuple)):
                    failed.append((attribute, member_type, name[0],
                                   name[1] if len(name) > 1 else ''))
                else:
                    failed.append((attribute, member_type, name, ''))
    return MemberResult(entry=output.get('result'),
                        completed=output.get('completed', 0), failed=failed)


@dataclasses.dataclass(frozen=True)
class IPACall:
    """One IPA command, built but not sent.

    ``unpack`` turns the command's output into what the typed operation
    returns. The options stay out of ``repr()``: they can hold a one-time
    password.
    """

    method: str
    args: tuple = ()
    options: dict = dataclasses.field(default_factory=dict, repr=False)
    unpack: typing.Callable = dataclasses.field(default=_output, repr=False,
                                                compare=False)

    def batch_item(self):
        """This call as an item of FreeIPA's ``batch`` command."""
        request = transport.envelope(self.method, self.args, self.options)
        return {'method': request['method'], 'params': request['params']}


def _as_call(call):
    if isinstance(call, IPACall):
        return call
    method, args, options = call
    return IPACall(method, tuple(args), dict(options or {}))


def _as_list(values):
    if isinstance(values, str):
        return [values]
    return list(values)


def _criteria(criteria):
    return () if criteria is None else (criteria,)


class IPACalls:
    """Builders of the typed IPA calls, for ``IPAClient.batch()``."""

    @staticmethod
    def host_add(fqdn, **options):
        """Create host ``fqdn``; return its entry."""
        return IPACall('host_add', (fqdn,), options, _entry)

    @staticmethod
    def host_mod(fqdn, **options):
        """Modify host ``fqdn``; return its entry (EmptyModlist if
        nothing changes)."""
        return IPACall('host_mod', (fqdn,), options, _entry)

    @staticmethod
    def host_del(fqdn, **options):
        """Delete host ``fqdn`` (``updatedns=True`` also drops its DNS
        records)."""
        return IPACall('host_del', (fqdn,), options, _nothing)

    @staticmethod
    def host_show(fqdn, **options):
        """Return the entry of host ``fqdn``."""
        return IPACall('host_show', (fqdn,), options, _entry)

    @staticmethod
    def host_find(criteria=None, **options):
        """Return the host entries matching ``criteria`` and options."""
        return IPACall('host_find', _criteria(criteria), options, _entries)

    @staticmethod
    def service_add(principal, **options):
        """Create service ``principal``; return its entry."""
        return IPACall('service_add', (principal,), options, _entry)

    @staticmethod
    def service_add_host(principal, host, **options):
        """Let host(s) ``host`` manage service ``principal``; return a
        MemberResult."""
        options = dict(options, host=_as_list(host))
        return IPACall('service_add_host', (principal,), options, _members)

    @staticmethod
    def service_show(principal, **options):
        """Return the entry of service ``principal``."""
        return IPACall('service_show', (principal,), options, _entry)

    @staticmethod
    def service_find(criteria=None, **options):
        """Return the service entries matching ``criteria`` and options
        (``man_by_host=fqdn``: services that host manages)."""
        return IPACall('service_find', _criteria(criteria), options,
                       _entries)

    @staticmethod
    def service_del(principal, **options):
        """Delete service ``principal``."""
        return IPACall('service_del', (principal,), options, _nothing)

    @staticmethod
    def dnsrecord_add(zone, name, **options):
        """Add records (``a_part_ip_address=``, ``arecord=``...) to
        ``name`` in ``zone``; return the record entry."""
        return IPACall('dnsrecord_add', (zone, name), options, _entry)

    @staticmethod
    def dnsrecord_del(zone, name, **options):
        """Delete records (``arecord=``..., or ``del_all=True``) of
        ``name`` in ``zone``."""
        return IPACall('dnsrecord_del', (zone, name), options, _nothing)

    @staticmethod
    def dnsrecord_find(zone, criteria=None, **options):
        """Return the record entries of ``zone`` matching ``criteria`` and
        options (e.g. ``arecord=address``)."""
        return IPACall('dnsrecord_find', (zone,) + _criteria(criteria),
                       options, _entries)

    @staticmethod
    def dnszone_show(zone, **options):
        """Return the entry of DNS zone ``zone``."""
        return IPACall('dnszone_show', (zone,), options, _entry)

    @staticmethod
    def permission_add(name, **options):
        """Create permission ``name``; return its entry."""
        return IPACall('permission_add', (name,), options, _entry)

    @staticmethod
    def permission_show(name, **options):
        """Return the entry of permission ``name``."""
        return IPACall('permission_show', (name,), options, _entry)

    @staticmethod
    def privilege_add(name, **options):
        """Create privilege ``name``; return its entry."""
        return IPACall('privilege_add', (name,), options, _entry)

    @staticmethod
    def privilege_show(name, **options):
        """Return the entry of privilege ``name``."""
        return IPACall('privilege_show', (name,), options, _entry)

    @staticmethod
    def privilege_add_permission(name, permission, **options):
        """Add permission(s) ``permission`` to privilege ``name``; return a
        MemberResult."""
        options = dict(options, permission=_as_list(permission))
        return IPACall('privilege_add_permission', (name,), options,
                       _members)

    @staticmethod
    def role_add(name, **options):
        """Create role ``name``; return its entry."""
        return IPACall('role_add', (name,), options, _entry)

    @staticmethod
    def role_show(name, **options):
        """Return the entry of role ``name``."""
        return IPACall('role_show', (name,), options, _entry)

    @staticmethod
    def role_add_privilege(name, privilege, **options):
        """Add privilege(s) ``privilege`` to role ``name``; return a
        MemberResult."""
        options = dict(options, privilege=_as_list(privilege))
        return IPACall('role_add_privilege', (name,), options, _members)

    @staticmethod
    def role_add_member(name, **options):
        """Add members (``user=``, ``group=``, ``host=``, ``hostgroup=``,
        ``service=``) to role ``name``; return a MemberResult."""
        return IPACall('role_add_member', (name,), options, _members)

    @staticmethod
    def config_show(**options):
        """Return IPA's global configuration entry
        (``ipamaxhostnamelength``, ``ipasearchrecordslimit``...)."""
        return IPACall('config_show', (), options, _entry)

    @staticmethod
    def ping(**options):
        """Check IPA answers; return its summary (server and API
        versions)."""
        return IPACall('ping', (), options, _summary)


def _sends(build):
    """An IPAClient method that sends the call ``build`` makes."""
    @functools.wraps(build)
    def operation(self, *args, **options):
        return self.send(build(*args, **options))
    return operation


class IPAClient:
    """Thread-safe client of one IPA server, logged in as one principal.

    Authenticates with ``keytab`` (Kerberos, the daemons) or ``password``
    (the setup tools, no Kerberos configuration needed). ``connect_retries``
    and ``retry_delay`` govern how a request that cannot reach IPA
    (connection failure, timeout, HTTP 5xx) is tried again before
    ``IPAUnavailable`` is raised; ``timeout`` is per HTTP request, in
    seconds; ``batch_size`` is the most calls ``batch()`` sends in one
    request.
    """

    calls = IPACalls
    batch_size = DEFAULT_BATCH_SIZE

    def __init__(self, url, principal=None, keytab=None, password=None,
                 ca_cert=None, connect_retries=2, retry_delay=1.0,
                 timeout=DEFAULT_TIMEOUT, batch_size=DEFAULT_BATCH_SIZE):
        if not principal:
            raise ValueError('IPAClient needs the principal to log in as')
        if password is not None:
            login = transport.PasswordLogin(principal, password)
        elif keytab:
            login = transport.KerberosLogin(
                kerberos.KeytabCredentials(principal, keytab))
        else:
            raise ValueError('IPAClient needs a keytab or a password for %s'
                             % principal)
        self.url = url
        self.principal = principal
        self.batch_size = batch_size
        self._transport = transport.JSONRPCTransport(
            url, login, ca_cert=ca_cert, connect_retries=connect_retries,
            retry_delay=retry_delay, timeout=timeout)

    @classmethod
    def from_conf(cls, settings):
        """A Kerberos client from IPA settings.

        ``settings`` has ``url``, ``principal``, ``keytab``, ``ca_cert``,
        ``realm``, ``connect_retries`` and ``retry_delay`` (see
        ``novajoin.conf.ipa_settings``); a principal without a realm gets
        ``realm``.
        """
        principal = settings.principal
        if principal and '@' not in principal and settings.realm:
            principal = '%s@%s' % (principal, settings.realm)
        return cls(settings.url, principal=principal, keytab=settings.keytab,
                   ca_cert=settings.ca_cert,
                   connect_retries=settings.connect_retries,
                   retry_delay=settings.retry_delay)

    def __repr__(self):
        return '<IPAClient %s as %s>' % (self.url, self.principal)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    @property
    def stats(self):
        """``{"requests": n, "logins": n}``: HTTP requests to
        /ipa/session/json that IPA answered (whatever the status, retries
        included) and logins that succeeded."""
        return self._transport.stats

    def close(self):
        """Close the connections to IPA."""
        self._transport.close()

    def call(self, method, *args, **options):
        """Run any IPA command; return its whole JSON-RPC result object."""
        return self._transport.call(method, args, options)

    def send(self, call):
        """Send one ``IPACall``; return what its typed operation returns."""
        return call.unpack(self._transport.call(call.method, call.args,
                                                call.options))

    def batch(self, calls):
        """Send several calls with FreeIPA's ``batch``, in as few requests
        as ``batch_size`` allows.

        ``calls`` are ``IPACall`` objects (from ``client.calls``) or
        ``(method, args, options)`` tuples. They go in order, the first
        ``batch_size`` of them in the first request. Returns a list in the
        same order: for a call that succeeded, what its typed operation
        returns (the whole result object for a tuple); for a call that
        failed, its ipalib exception, not raised. An empty list sends
        nothing. When a request fails (IPA unreachable), the requests
        before it stay done.
        """
        calls = [_as_call(call) for call in calls]
        results = []
        for start in range(0, len(calls), self.batch_size):
            results += self._batch_request(
                calls[start:start + self.batch_size])
        return results

    def _batch_request(self, calls):
        output = self._transport.call(
            'batch', [call.batch_item() for call in calls], {})
        results = output.get('results') if isinstance(output, dict) else None
        if not isinstance(results, list) or len(results) != len(calls):
            raise errors.IPAResponseError(
                'IPA server %s answered a batch of %d calls with %s results'
                % (self.url, len(calls),
                   len(results) if isinstance(results, list) else 'no'))
        return [_batch_result(call, result)
                for call, result in zip(calls, results)]

    host_add = _sends(IPACalls.host_add)
    host_mod = _sends(IPACalls.host_mod)
    host_del = _sends(IPACalls.host_del)
    host_show = _sends(IPACalls.host_show)
    host_find = _sends(IPACalls.host_find)
    service_add = _sends(IPACalls.service_add)
    service_add_host = _sends(IPACalls.service_add_host)
    service_show = _sends(IPACalls.service_show)
    service_find = _sends(IPACalls.service_find)
    service_del = _sends(IPACalls.service_del)
    dnsrecord_add = _sends(IPACalls.dnsrecord_add)
    dnsrecord_del = _sends(IPACalls.dnsrecord_del)
    dnsrecord_find = _sends(IPACalls.dnsrecord_find)
    dnszone_show = _sends(IPACalls.dnszone_show)
    permission_add = _sends(IPACalls.permission_add)
    permission_show = _sends(IPACalls.permission_show)
    privilege_add = _sends(IPACalls.privilege_add)
    privilege_show = _sends(IPACalls.privilege_show)
    privilege_add_permission = _sends(IPACalls.privilege_add_permission)
    role_add = _sends(IPACalls.role_add)
    role_show = _sends(IPACalls.role_show)
    role_add_privilege = _sends(IPACalls.role_add_privilege)
    role_add_member = _sends(IPACalls.role_add_member)
    config_show = _sends(IPACalls.config_show)
    ping = _sends(IPACalls.ping)


def _batch_result(call, result):
    if result.get('error') or result.get('error_code') is not None:
        return errors.from_batch_result(result)
    result = dict(result)
    result.pop('error', None)
    return call.unpack(result)
