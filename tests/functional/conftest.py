from novajoin.testing.fixtures import ipa  # noqa: F401
from novajoin.testing.fixtures import ipa_emulator  # noqa: F401
from novajoin.testing.fixtures import kdc  # noqa: F401
