"""An emulated FreeIPA server for novajoin's tests (see server.py)."""

# ipalib first through the IPA client layer, which silences the warning
# ipalib's import gives with recent cryptography releases.
from novajoin.ipa import errors  # noqa: F401,I100
from novajoin.testing.emulator.control import ControlClient  # noqa: F401
from novajoin.testing.emulator.server import IPAEmulator  # noqa: F401
