"""Host names of instances, computed the same way by server and listener."""

import re

from novajoin import exception

_NOT_IN_LABEL = re.compile(r'[^a-z0-9-]')
_LABEL = re.compile(r'^(?!-)[a-z0-9-]{1,63}(?<!-)$')


class InvalidHostname(exception.Invalid):
    """A name that cannot be an IPA host name."""


def normalize_label(name):
    """A DNS label made from a project name.

    Every character a label cannot hold becomes "-"; leading and trailing
    dashes are dropped.
    """
    return _NOT_IN_LABEL.sub('-', name.lower()).strip('-')


def check_fqdn(fqdn):
    """The FQDN, lower case, once every label of it is a valid DNS label."""
    fqdn = fqdn.rstrip('.').lower()
    labels = fqdn.split('.')
    if len(fqdn) > 253 or len(labels) < 2 or not all(
            _LABEL.match(label) for label in labels):
        raise InvalidHostname('%r is not a valid host name' % fqdn)
    return fqdn


def instance_fqdn(hostname, domain, project_name=None, normalize=True):
    """FQDN of an instance: <hostname>[.<project name>].<domain>.

    project_name is given only when the project is a subdomain.
    """
    if not hostname or not isinstance(hostname, str):
        raise InvalidHostname('the instance has no hostname')
    parts = [hostname]
    if project_name is not None:
        parts.append(normalize_label(project_name) if normalize
                     else project_name.lower())
    parts.append(domain)
    return check_fqdn('.'.join(parts))


def short_name(fqdn):
    return fqdn.split('.', 1)[0]


def sub_host_fqdn(host_fqdn, network, domain):
    """The sub-host of a compact service: <short>.<network>.<domain>."""
    return check_fqdn('%s.%s.%s' % (short_name(host_fqdn), network, domain))
