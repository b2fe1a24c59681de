from novajoin.testing.fixtures import ipa  # noqa: F401
from novajoin.testing.fixtures import ipa_emulator  # noqa: F401
from novajoin.testing.fixtures import kdc  # noqa: F401
from novajoin.testing.fixtures import cloud  # noqa: F401
from novajoin.testing.fixtures import keystone  # noqa: F401
from novajoin.testing.fixtures import openstack_cloud  # noqa: F401
from novajoin.testing.fixtures import join_server  # noqa: F401
from novajoin.testing.fixtures import start_join_server  # noqa: F401
