"""Kerberos credentials of novajoin's service principal.

The credentials are acquired from the keytab into a credential cache private
to this process and this object (``MEMORY:novajoin-<unique>``): never the
process default ccache nor ``KRB5CCNAME``, which belong to whoever runs the
daemon and which other threads or libraries could replace under our feet.
"""

import logging
import os
import threading
import uuid

import gssapi

from novajoin.ipa import errors

LOG = logging.getLogger(__name__)

# Re-acquire credentials that have less than this many seconds left, so that
# a login never starts with a ticket that expires during the exchange.
REFRESH_MARGIN = 60

# MIT krb5 minor status codes, as unsigned 32-bit integers.
KRB5_KDC_UNREACH = 2529639068
KRB5_REALM_CANT_RESOLVE = 2529639132
# What MIT krb5 reports when the client keytab has no key for the principal.
KRB5_CC_NOTFOUND = 2529639107


class KDCUnavailable(errors.IPAError):
    """No KDC of the realm answered; worth trying again later."""


class KeytabCredentials:
    """Initiator credentials of ``principal`` from ``keytab``.

    Thread-safe; ``get()`` returns valid credentials, acquiring new ones when
    the current ones are expired or close to expiry.
    """

    def __init__(self, principal, keytab, refresh_margin=REFRESH_MARGIN):
        self.principal = principal
        self.keytab = keytab
        self.refresh_margin = refresh_margin
        self._name = gssapi.Name(principal,
                                 gssapi.NameType.kerberos_principal)
        self._credentials = None
        self._lock = threading.Lock()

    def get(self):
        """Valid credentials; raises IPAAuthenticationError, KDCUnavailable."""
        with self._lock:
            if self._remaining_lifetime() <= self.refresh_margin:
                self._credentials = self._acquire()
            return self._credentials

    def _remaining_lifetime(self):
        if self._credentials is None:
            return 0
        try:
            return self._credentials.lifetime
        except gssapi.exceptions.ExpiredCredentialsError:
            return 0

    def _acquire(self):
        self._check_keytab_readable()
        # A fresh ccache each time: MIT krb5 does not refresh expired
        # credentials that are still in the ccache it is given.
        store = {'client_keytab': self.keytab,
                 'ccache': 'MEMORY:novajoin-%s' % uuid.uuid4().hex}
        try:
            credentials = gssapi.Credentials(name=self._name,
                                             usage='initiate', store=store)
            lifetime = credentials.lifetime
        except gssapi.exceptions.GSSError as exc:
            if exc.min_code == KRB5_CC_NOTFOUND:
                raise self._error('the keytab holds no key for this '
                                  'principal') from None
            reason = gss_reason(exc)
            if exc.min_code in (KRB5_KDC_UNREACH, KRB5_REALM_CANT_RESOLVE):
                raise KDCUnavailable('no KDC answered for %s: %s'
                                     % (self.principal, reason)) from None
            raise self._error(reason) from None
        LOG.debug('Acquired Kerberos credentials for %s from %s, valid for '
                  '%d s', self.principal, self.keytab, lifetime)
        return credentials

    def _check_keytab_readable(self):
        if not os.path.isfile(self.keytab):
            raise self._error('the keytab does not exist')
        if not os.access(self.keytab, os.R_OK):
            raise self._error('the keytab is not readable by this process')

    def _error(self, reason):
        return errors.IPAAuthenticationError(
            'cannot get Kerberos credentials for %s from keytab %s: %s'
            % (self.principal, self.keytab, reason))


def gss_reason(exc):
    """The most specific one-line message of a GSSError."""
    if exc.min_code:
        statuses = exc.get_all_statuses(exc.min_code, False)
    else:
        statuses = exc.get_all_statuses(exc.maj_code, True)
    return '; '.join(status.strip() for status in statuses if status.strip())
