"""An emulated FreeIPA server for novajoin's tests (see server.py)."""

from novajoin.testing.emulator.control import ControlClient  # noqa: F401
from novajoin.testing.emulator.server import IPAEmulator  # noqa: F401
