"""novajoin's client of FreeIPA's JSON-RPC API, shared by both daemons.

See ``novajoin.ipa.client`` for the operations and what they return.
"""

from novajoin.ipa.client import IPACall  # noqa: F401
from novajoin.ipa.client import IPAClient  # noqa: F401
from novajoin.ipa.client import MemberResult  # noqa: F401
from novajoin.ipa.errors import IPAAuthenticationError  # noqa: F401
from novajoin.ipa.errors import IPAError  # noqa: F401
from novajoin.ipa.errors import IPAResponseError  # noqa: F401
from novajoin.ipa.errors import IPAUnavailable  # noqa: F401
