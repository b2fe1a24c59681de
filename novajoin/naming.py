"""Host names of instances, computed the same way by server and listener."""

import re

from novajoin import exception

_NOT_IN_LABEL = re.compile(r'[^a-z0-9-]')
_LABEL = re.compile(r'^(?!-)[a-z0-9-]{1,63}(?<!-)$')

# The name FreeIPA's certificate authorities answer to in the domain (DNS
# records, the certificates of IPA's web servers): never a host's name.
IPA_CA_LABEL = 'ipa-ca'

# IPA's limit when its configuration names none (FreeIPA before 4.8):
# Linux's MAXHOSTNAMELEN, which FreeIPA's own default follows.
DEFAULT_MAX_HOST_NAME_LENGTH = 64


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


def check_host_names(names, max_length):
    """Every name as IPA's host_add takes it: labels that are DNS labels,
    and no more than max_length (IPA's ipamaxhostnamelength) characters.

    Checked for every host a request may create, before anything is
    written, so that IPA cannot refuse one of them halfway.
    """
    for name in names:
        fqdn = check_fqdn(name)
        if len(fqdn) > max_length:
            raise InvalidHostname(
                'host name %s has %d characters; IPA takes at most %d '
                '(ipamaxhostnamelength)' % (fqdn, len(fqdn), max_length))


def in_domain(fqdn, domain):
    """True when fqdn names a host inside domain, not domain itself."""
    return fqdn.endswith('.' + domain)


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
