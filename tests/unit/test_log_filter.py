"""What novajoin logs: secrets masked, and only secrets; text a UTF-8 log
can hold."""

import io
import logging
import time

import pytest
import requests_gssapi

from novajoin.ipa import transport  # noqa: F401 (masks requests-gssapi)
from novajoin import log_filter

TOKEN = 'YIIDRAYGKwYBBQUCoIIDODCCAzSgDTALBgkqhkiG9xIBAgKiggMhBIIDHWCC=='


@pytest.mark.parametrize('text, masked', [
    # what requests-gssapi logs at debug
    ('HTTPSPNEGOAuth: Preemptive Authorization header: Negotiate ' + TOKEN,
     'HTTPSPNEGOAuth: Preemptive Authorization header: ***'),
    ('authenticate_server(): Authenticate header: b"\\xa1\\x81\\xb60"',
     'authenticate_server(): Authenticate header: ***'),
    # headers, as lines and in a dict
    ("{'Authorization': 'Negotiate %s', 'Accept': 'text/plain'}" % TOKEN,
     "{'Authorization': '***', 'Accept': 'text/plain'}"),
    ('Authorization: Basic dXNlcjpwYXNzd29yZDEyMzQ=',
     'Authorization: ***'),
    ('HTTP 401 (WWW-Authenticate: Negotiate %s)' % TOKEN,
     'HTTP 401 (WWW-Authenticate: ***)'),
    ('X-Auth-Token: gAAAAABrF1j2xyz', 'X-Auth-Token: ***'),
    ("{'X-Auth-Token': 'gAAAAABrF1j2xyz', 'Accept': 'x'}",
     "{'X-Auth-Token': '***', 'Accept': 'x'}"),
    ('Set-Cookie: ipa_session=MagBearerToken=abc%2F; path=/ipa',
     'Set-Cookie: ***'),
    ("{'Referer': 'https://ipa/ipa', 'Cookie': 'ipa_session=abc'}",
     "{'Referer': 'https://ipa/ipa', 'Cookie': '***'}"),
    ('kept session ipa_session=MagBearerToken%3Dabc',
     'kept session ipa_session=***'),
    ('Bearer ' + TOKEN, '***'),
    # novajoin's answer and IPA calls
    ('{"hostname": "web.example.test", "krb_realm": "EXAMPLE.TEST", '
     '"ipaotp": "0123456789abcdef0123456789abcdef"}',
     '{"hostname": "web.example.test", "krb_realm": "EXAMPLE.TEST", '
     '"ipaotp": "***"}'),
    ("host_add(['web'], {'userpassword': 'otp-1', 'description': 'x'})",
     "host_add(['web'], {'userpassword': '***', 'description': 'x'})"),
    ('user=admin&password=hunter2&next=1', 'user=admin&password=***&next=1'),
    ('password = it has spaces', 'password = *** has spaces'),
    ('rabbit://novajoin:s3cr3t@127.0.0.1:5672/novajoin',
     'rabbit://novajoin:***@127.0.0.1:5672/novajoin'),
])
def test_secrets_are_masked(text, masked):
    assert log_filter.mask_secrets(text) == masked


@pytest.mark.parametrize('text', [
    'Enrolled instance 178b0921-8f85-4257-88b6-2e743b5a975c as '
    'web.example.test (3 IPA calls)',
    'Basic authentication is refused',
    'IPA server https://ipa.example.test/ipa/json refused the password '
    'login of admin: HTTP 401 Unauthorized (invalid-password)',
    'Refused POST /v1: no valid token',
    'Logged in to IPA server http://127.0.0.1:8080/ipa/json as '
    'nova/controller@EXAMPLE.TEST',
])
def test_everything_else_is_left_as_it_is(text):
    assert log_filter.mask_secrets(text) == text


@pytest.mark.parametrize('text', [
    'a' * 300000, 'a.' * 150000, '://' * 100000, 'password:"' * 30000,
    'Negotiate ' * 30000, 'Authorization: ' + 'b' * 300000,
])
def test_huge_messages_take_linear_time(text):
    # a request can make a long log line; these take milliseconds, a
    # quadratic scan of them minutes
    started = time.monotonic()
    log_filter.mask_secrets(text)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize('text, escaped', [
    ('instance \ud800-1', 'instance \\ud800-1'),
    ('\udcff\U0010ffff\u00e9', '\\udcff\U0010ffff\u00e9'),
    ('plain', 'plain'),
])
def test_what_utf8_cannot_encode_is_escaped(text, escaped):
    assert log_filter.escape_surrogates(text) == escaped


def test_filter_masks_the_formatted_message():
    record = logging.LogRecord('x', logging.DEBUG, __file__, 1,
                               'answer %s for %s', ({'ipaotp': 'otp-1'},
                                                    'web'), None)
    assert log_filter.SanitizingFilter().filter(record)
    assert record.getMessage() == "answer {'ipaotp': '***'} for web"


def test_filter_makes_a_record_with_a_lone_surrogate_writable(tmp_path):
    path = tmp_path / 'novajoin.log'
    handler = logging.FileHandler(path, encoding='utf-8')
    handler.addFilter(log_filter.SanitizingFilter())
    logger = logging.getLogger('novajoin.test-log-filter-surrogates')
    logger.addHandler(handler)
    try:
        logger.warning('Dropped instance %s', '\ud800')
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert path.read_text() == 'Dropped instance \\ud800\n'


def test_filter_leaves_a_broken_message_to_the_handler():
    record = logging.LogRecord('x', logging.DEBUG, __file__, 1,
                               'two %s %s', ('one',), None)
    assert log_filter.SanitizingFilter().filter(record)
    assert record.args == ('one',)


@pytest.fixture
def handler_filters_restored():
    """The filters of every handler as they were before the test."""
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)]
    saved = {handler: list(handler.filters)
             for logger in loggers for handler in logger.handlers}
    yield
    for handler, filters in saved.items():
        handler.filters[:] = filters


def test_install_masks_what_the_configured_handlers_write(
        handler_filters_restored):
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    logger = logging.getLogger('novajoin.test-log-filter')
    logger.addHandler(handler)
    try:
        log_filter.install()
        logger.warning('sent %s', 'X-Auth-Token: gAAAAAsecret')
    finally:
        logger.removeHandler(handler)
    assert written.getvalue() == 'sent X-Auth-Token: ***\n'


def test_requests_gssapi_tokens_masked_whatever_the_logging_set_up(caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger(requests_gssapi.HTTPSPNEGOAuth.__module__).debug(
        'HTTPSPNEGOAuth: Preemptive Authorization header: Negotiate %s',
        TOKEN)
    assert caplog.messages == [
        'HTTPSPNEGOAuth: Preemptive Authorization header: ***']
    assert TOKEN not in caplog.text
