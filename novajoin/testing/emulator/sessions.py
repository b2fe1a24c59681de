"""Kerberos checks and sessions, as Apache's mod_auth_gssapi and
mod_session do them in front of FreeIPA (install/conf/ipa.conf).
"""

import base64
import binascii
import secrets
import threading
import time

import gssapi
import gssapi.raw
from gssapi.raw.misc import GSSError

COOKIE_NAME = 'ipa_session'
# mod_session stores the mod_auth_gssapi session under this key
COOKIE_PREFIX = 'MagBearerToken='

# krb5 error codes (com_err table base -1765328384) of refused logins,
# and the X-IPA-Rejection-Reason login_password answers them with
KRB5_ERROR_BASE = -1765328384
REJECTION_REASONS = {
    (KRB5_ERROR_BASE + 23) & 0xffffffff: 'password-expired',
    (KRB5_ERROR_BASE + 22) & 0xffffffff: 'krbprincipal-expired',
    (KRB5_ERROR_BASE + 18) & 0xffffffff: 'user-locked',
}


class AuthenticationFailed(Exception):
    """A token or password that does not authenticate anybody."""

    def __init__(self, message, reason='invalid-password'):
        super().__init__(message)
        self.reason = reason


class Authenticator:
    """Checks SPNEGO tokens with a keytab and passwords with the KDC."""

    def __init__(self, keytab):
        self.keytab = keytab

    def accept(self, token_b64):
        """Accept a SPNEGO token.

        Returns (principal, seconds the ticket is still valid, output
        token for a ``WWW-Authenticate: Negotiate`` answer or None).
        """
        if not self.keytab:
            raise AuthenticationFailed('no acceptor keytab')
        try:
            token = base64.b64decode(token_b64, validate=True)
            creds = gssapi.Credentials(usage='accept',
                                       store={'keytab': self.keytab})
            context = gssapi.SecurityContext(creds=creds, usage='accept')
            output = context.step(token)
            # a failed SPNEGO step surfaces on the next attribute read
            if not context.complete:
                raise AuthenticationFailed('SPNEGO needs another round trip')
            principal = str(context.initiator_name)
            lifetime = context.lifetime
        except (binascii.Error, ValueError, GSSError) as e:
            raise AuthenticationFailed(str(e))
        if output:
            output = base64.b64encode(output).decode('ascii')
        return principal, lifetime, output or None

    def check_password(self, user, password):
        """kinit as ``user``; returns (principal, ticket lifetime)."""
        try:
            name = gssapi.Name(user, gssapi.NameType.kerberos_principal)
            acquired = gssapi.raw.acquire_cred_with_password(
                name, password.encode('utf-8'), usage='initiate')
            principal = gssapi.Credentials(base=acquired.creds).name
        except GSSError as e:
            reason = REJECTION_REASONS.get((e.min_code or 0) & 0xffffffff,
                                           'invalid-password')
            raise AuthenticationFailed(e.gen_message(), reason)
        return str(principal), acquired.lifetime


class Sessions:
    """Session cookies, each bound to a principal until it expires.

    A session ends at the earlier of the session lifetime and the end of
    the Kerberos ticket it was made from, as mod_auth_gssapi bounds its
    sessions by the credentials' lifetime.
    """

    def __init__(self, lifetime):
        self.lifetime = lifetime
        self._sessions = {}
        self._lock = threading.Lock()

    def open(self, principal, ticket_lifetime):
        token = secrets.token_urlsafe(32)
        lifetime = self.lifetime
        if ticket_lifetime is not None:
            lifetime = min(lifetime, ticket_lifetime)
        with self._lock:
            self._sessions[token] = (principal, time.monotonic() + lifetime)
        return token

    def principal(self, token):
        """The principal of a live session, else None."""
        session = self._sessions.get(token)
        if session is None:
            return None
        if time.monotonic() >= session[1]:
            with self._lock:
                self._sessions.pop(token, None)
            return None
        return session[0]

    def close(self, token):
        with self._lock:
            self._sessions.pop(token, None)

    def expire_all(self):
        with self._lock:
            self._sessions.clear()

    def set_lifetime(self, seconds):
        self.lifetime = seconds


def set_cookie_header(token):
    """Set-Cookie as mod_session writes it (SessionCookieName ipa_session
    path=/ipa;httponly;secure;) less ``secure``: the emulator speaks
    plain HTTP, where clients drop secure cookies."""
    return ('Set-Cookie', '%s=%s%s;path=/ipa;httponly;' % (
        COOKIE_NAME, COOKIE_PREFIX, token))


def cookie_tokens(cookie_header):
    """Session tokens in a Cookie header, in order."""
    tokens = []
    for part in cookie_header.split(';'):
        name, _, value = part.strip().partition('=')
        if name == COOKIE_NAME and value.startswith(COOKIE_PREFIX):
            tokens.append(value[len(COOKIE_PREFIX):])
    return tokens
