"""Exceptions of the IPA client layer.

Two families, so that callers can tell a refusal by IPA from a failure to
talk to it:

- what IPA answers with a JSON-RPC error is raised as FreeIPA's own class
  from ``ipalib.errors`` (a ``PublicError`` subclass chosen by the error
  code), carrying FreeIPA's message as ``str(exc)``;
- what goes wrong on our side of the wire is an ``IPAError``:
  ``IPAUnavailable`` (IPA could not be reached, worth retrying later),
  ``IPAAuthenticationError`` (no credentials or IPA refused them) and
  ``IPAResponseError`` (IPA answered something that is not JSON-RPC).
"""

import warnings

from cryptography.utils import CryptographyDeprecationWarning

# ipalib.constants probes TripleDES support at import time, which newer
# cryptography releases warn about; the warning says nothing about novajoin.
with warnings.catch_warnings():
    warnings.filterwarnings('ignore', category=CryptographyDeprecationWarning)
    from ipalib import errors as ipa_errors


class IPAError(Exception):
    """Base class of the failures on the client's side of IPA."""


class IPAAuthenticationError(IPAError):
    """No usable credentials, or IPA refused to log us in."""


class IPAUnavailable(IPAError):
    """IPA could not be reached after every attempt.

    Raised for connection failures, timeouts and HTTP 5xx answers once the
    configured retries are spent; the caller may try again later.
    """

    def __init__(self, url, attempts, reason):
        self.url = url
        self.attempts = attempts
        self.reason = reason
        super().__init__('IPA server %s unreachable after %d attempt%s: %s'
                         % (url, attempts, '' if attempts == 1 else 's',
                            reason))


class IPAResponseError(IPAError):
    """IPA answered, but not with a JSON-RPC response we can read."""


class UnknownIPAError(ipa_errors.UnknownError):
    """A JSON-RPC error whose code the installed ipalib does not define.

    Keeps FreeIPA's code in ``errno`` and its class name in ``error_name``.
    """

    def __init__(self, code, error_name, message, **kw):
        super().__init__(message=message, **kw)
        self.errno = code
        self.error_name = error_name


# The attributes PublicError sets itself; a key of FreeIPA's error data with
# one of these names cannot become an attribute of the exception.
_RESERVED_KW = frozenset(('format', 'message', 'msg', 'strerror', 'kw',
                          'forwarded', 'errno', 'rval', 'args'))

_ERRORS_BY_CODE = {error.errno: error for error in ipa_errors.public_errors}


def public_error(code, name, message, data=None):
    """The ipalib exception for a JSON-RPC error, not raised.

    ``str()`` of the result is ``message`` exactly, whatever the ipalib
    class would have formatted from ``data``.
    """
    message = str(message)
    kw = {key: value for key, value in (data or {}).items()
          if key not in _RESERVED_KW}
    error_class = _ERRORS_BY_CODE.get(code)
    if error_class is None:
        exc = _build(UnknownIPAError, kw, code=code, error_name=name,
                     message=message)
    else:
        exc = _build(error_class, kw, message=message)
    # Some ipalib classes (InternalError) ignore the message they are given.
    exc.args = (message,)
    exc.msg = exc.strerror = message
    return exc


def _build(error_class, kw, **fixed):
    try:
        return error_class(**fixed, **kw)
    except (AssertionError, TypeError, ValueError):
        # A data key collides with an attribute of that ipalib class: keep
        # the data in ``kw`` without making attributes of it.
        exc = error_class(**fixed)
        exc.kw = dict(kw)
        return exc


def from_jsonrpc(error):
    """The ipalib exception for the ``error`` member of a JSON-RPC answer."""
    return public_error(error.get('code'), error.get('name'),
                        error.get('message', ''), error.get('data'))


def from_batch_result(result):
    """The ipalib exception for a failed item of a ``batch`` answer.

    FreeIPA's batch reports a failure as ``error`` (the message),
    ``error_code``, ``error_name`` and ``error_kw``.
    """
    return public_error(result.get('error_code'), result.get('error_name'),
                        result.get('error', ''), result.get('error_kw'))
