"""Errors of novajoin's domain logic, each with the HTTP status it means.

The server answers them as JSON errors; the listener logs them in one line.
"""


class NovajoinError(Exception):
    code = 500


class Invalid(NovajoinError):
    """The request or the instance's metadata cannot be acted on."""
    code = 400


class NotAllowed(NovajoinError):
    """The caller or the instance may not have what it asks for."""
    code = 403


class HostConflict(NovajoinError):
    """The host name belongs to a host novajoin did not make for this
    instance."""
    code = 409


class Unavailable(NovajoinError):
    """A service novajoin needs (IPA, keystone, glance) cannot be reached."""
    code = 503


class IPARefused(NovajoinError):
    """IPA refused a call novajoin needed; nothing the caller can fix."""
    code = 500
