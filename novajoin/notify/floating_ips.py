"""Handlers of floating IP notifications: neutron's and nova-network's.

Associating a floating IP records its address for the name of the
instance it now leads to, when that instance asked for enrollment and its
host is novajoin's; disassociating or deleting it removes the address from
the records of novajoin's hosts.
"""

import ipaddress

from oslo_log import log as logging

from novajoin import exception
from novajoin.notify import base

LOG = logging.getLogger(__name__)

# neutron's device_owner of the ports of nova instances: compute:<zone>
COMPUTE_OWNER_PREFIX = 'compute:'


def _address(value):
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise base.MalformedNotification('%r is not an IP address'
                                         % (value,))


class FloatingIPHandler(base.NotificationHandler):
    """What both sources of floating IP notifications do.

    resolver is the InstanceResolver, addresses a FloatingAddresses,
    servers the nova look-up of instances (openstack.Servers).
    """

    def __init__(self, resolver, addresses, servers):
        self.resolver = resolver
        self.addresses = addresses
        self.servers = servers

    def associate(self, server_id, address):
        try:
            instance = self.servers.instance(server_id)
        except exception.Invalid as exc:
            LOG.info('Floating IP %s not recorded: %s', address, exc)
            return
        if not self.resolver.enrollment_requested(instance):
            LOG.debug('Floating IP %s not recorded: instance %s did not ask '
                      'for enrollment', address, instance.instance_id)
            return
        self.addresses.associate(instance, address)

    def disassociate(self, address):
        self.addresses.disassociate(address)


class NeutronFloatingIPHandler(FloatingIPHandler):
    """neutron's floatingip.update.end and floatingip.delete.end.

    Both carry the floating IP as neutron's API shows it after the change;
    a port_id names the port it is now associated with.
    """

    publishers = (r'network\.',)
    event_types = ('floatingip.update.end', 'floatingip.delete.end')

    def __init__(self, resolver, addresses, servers, ports):
        super().__init__(resolver, addresses, servers)
        self.ports = ports

    def process(self, event_type, payload):
        floatingip = base.field(payload, 'floatingip', dict)
        address = _address(base.field(floatingip, 'floating_ip_address'))
        port_id = base.field(floatingip, 'port_id', optional=True)
        if event_type == 'floatingip.delete.end' or port_id is None:
            self.disassociate(address)
            return
        try:
            port = self.ports.get(port_id)
        except exception.Invalid as exc:
            LOG.info('Floating IP %s not recorded: %s', address, exc)
            return
        device_id = port.get('device_id')
        if not device_id or not str(port.get('device_owner') or '').startswith(
                COMPUTE_OWNER_PREFIX):
            LOG.debug('Floating IP %s not recorded: port %s is not an '
                      'instance\'s', address, port_id)
            return
        self.associate(device_id, address)


class NovaNetworkFloatingIPHandler(FloatingIPHandler):
    """nova-network's network.floating_ip.associate and .disassociate."""

    publishers = (r'network\.',)
    event_types = ('network.floating_ip.associate',
                   'network.floating_ip.disassociate')

    def process(self, event_type, payload):
        address = _address(base.field(payload, 'floating_ip'))
        if event_type == 'network.floating_ip.disassociate':
            self.disassociate(address)
            return
        self.associate(base.field(payload, 'instance_id'), address)
