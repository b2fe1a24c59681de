"""What novajoin's daemons log: never a secret, always text a log can hold.

Libraries log what they send when their debug is on: requests-gssapi logs
the SPNEGO token of every IPA login (``Authorization: Negotiate ...``) and
the server's answer. ``SanitizingFilter`` masks, in the message of every
record it sees, HTTP credentials (authorization headers and schemes,
cookies, IPA's session cookie), the values of passwords, secrets, tokens
and one-time passwords (novajoin's ``ipaotp``, IPA's ``userpassword``),
whether written as ``key=value``, ``key: value``, JSON or a Python repr,
and the password of a URL (a transport_url).

It also escapes lone surrogates, which JSON lets a notification or a
request carry (``"\\ud800"``): a UTF-8 log cannot hold them, and the
logging module would drop the record and print a traceback instead.
"""

import logging
import re

MASK = '***'

# A value after its name: quoted (the quotes are kept), else up to a
# separator; a header's value may hold spaces ("Negotiate <token>").
_QUOTED = r'''(?P<quote>['"])(?:(?!(?P=quote)).)*(?P=quote)'''
_VALUE = r'''(?:%s|[^\s'",;&)}\]]+)''' % _QUOTED
_HEADER_VALUE = r'''(?:%s|[^\r\n'",)}\]]+)''' % _QUOTED

_MASKS = (
    # requests-gssapi's lines about the tokens it sends and receives
    re.compile(r'\b(?P<name>(?:Authorization|Authenticate) header:\s*)'
               r'(?P<value>.+)'),
    # HTTP headers that carry a credential, as "Name: value" or in a dict
    re.compile(r'(?i)\b(?P<name>(?:Proxy-)?Authorization|WWW-Authenticate|'
               r'(?:Set-)?Cookie)'
               r'''(?P<sep>['"]?\s*:\s*)(?P<value>%s)''' % _HEADER_VALUE),
    # a token after its HTTP authorization scheme, wherever it is written
    re.compile(r'\b(?P<value>(?:Negotiate|Basic|Bearer)\s+'
               r'[A-Za-z0-9+/._~-]{16,}=*)'),
    # IPA's session cookie
    re.compile(r'(?P<name>ipa_session)(?P<sep>=)(?P<value>[^;\s\'"]+)'),
    # passwords, secrets, tokens, one-time passwords (ipaotp,
    # userpassword, X-Auth-Token, password=...)
    re.compile(r'(?i)(?P<name>password|passwd|secret|token|otp)'
               r'''(?P<sep>['"]?\s*[:=]\s*)(?P<value>%s)''' % _VALUE),
    # user:password@ in URLs
    re.compile(r'(?P<name>://[^:/@\s]*)(?P<sep>:)(?P<value>[^@/\s]+)(?=@)'),
)


def _masked(match):
    groups = match.groupdict()
    quote = groups.get('quote') or ''
    return '%s%s%s%s%s' % (groups.get('name') or '', groups.get('sep') or '',
                           quote, MASK, quote)


def mask_secrets(text):
    """text with the secrets it holds replaced by ***."""
    for pattern in _MASKS:
        text = pattern.sub(_masked, text)
    return text


def escape_surrogates(text):
    """text, with the code points UTF-8 cannot encode as \\uXXXX."""
    try:
        text.encode('utf-8')
    except UnicodeEncodeError:
        return text.encode('utf-8', 'backslashreplace').decode('utf-8')
    return text


class SanitizingFilter(logging.Filter):
    """Masks the secrets of each record's message and escapes what UTF-8
    cannot encode; drops no record."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:
            # the handler reports a message that does not format
            return True
        sanitized = escape_surrogates(mask_secrets(message))
        if sanitized != message:
            record.msg, record.args = sanitized, ()
        return True


SANITIZING_FILTER = SanitizingFilter()


def install():
    """Sanitize what every handler of the logging configuration writes;
    for the daemons, once oslo.log has set it up."""
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)]
    for logger in loggers:
        for handler in logger.handlers:
            handler.addFilter(SANITIZING_FILTER)
