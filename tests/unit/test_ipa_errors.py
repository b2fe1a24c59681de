"""Unit tests of the mapping of IPA's JSON-RPC errors to ipalib classes."""

import subprocess
import sys

import pytest

from novajoin.ipa import errors

ipa_errors = errors.ipa_errors


@pytest.mark.parametrize('code, error_class, message, data', [
    (4019, ipa_errors.DNSNotARecordError,
     'Host does not have corresponding DNS A/AAAA record', {}),
    (4002, ipa_errors.DuplicateEntry,
     'host with name "web.example.test" already exists', {}),
    (3009, ipa_errors.ValidationError,
     "invalid 'hostname': invalid domain-name",
     {'name': 'hostname', 'error': 'invalid'}),
    (4202, ipa_errors.EmptyModlist, 'no modifications to be performed', {}),
    (4001, ipa_errors.NotFound, 'web.example.test: host not found',
     {'reason': 'web.example.test: host not found'}),
    (4026, ipa_errors.AttrValueNotFound,
     'arecord does not contain \'192.0.2.9\'',
     {'attr': 'arecord', 'value': '192.0.2.9'}),
    (905, ipa_errors.CommandError, "unknown command 'host_frob'",
     {'name': 'host_frob'}),
    (3005, ipa_errors.OptionError, 'Unknown option: frob', {}),
    (911, ipa_errors.RefererError, 'Missing or invalid HTTP Referer, x',
     {'referer': 'x'}),
    (903, ipa_errors.InternalError, 'an internal error has occurred', {}),
])
def test_codes_map_to_ipalib_classes_with_freeipas_message(
        code, error_class, message, data):
    exc = errors.from_jsonrpc({'code': code, 'name': error_class.__name__,
                               'message': message, 'data': data})
    assert type(exc) is error_class
    assert exc.errno == code
    assert str(exc) == message
    assert exc.strerror == message
    assert exc.kw == data


def test_message_is_freeipas_even_when_data_would_format_another():
    exc = errors.from_jsonrpc({'code': 4001, 'name': 'NotFound',
                               'message': 'the server said this',
                               'data': {'reason': 'something else'}})
    assert str(exc) == 'the server said this'
    assert exc.reason == 'something else'


def test_unknown_code_keeps_code_name_and_message():
    exc = errors.from_jsonrpc({'code': 4998, 'name': 'NewFangledError',
                               'message': 'new failure', 'data': {'x': 1}})
    assert isinstance(exc, errors.UnknownIPAError)
    assert isinstance(exc, ipa_errors.PublicError)
    assert (exc.errno, exc.error_name, str(exc)) == (
        4998, 'NewFangledError', 'new failure')
    assert exc.kw == {'x': 1}


def test_data_colliding_with_exception_attributes_is_kept_in_kw():
    data = {'format': 'x', 'errno': 1, 'msg': 'm', 'name': 'hostname',
            'error': 'bad'}
    exc = errors.from_jsonrpc({'code': 3009, 'name': 'ValidationError',
                               'message': 'invalid', 'data': data})
    assert type(exc) is ipa_errors.ValidationError
    assert exc.errno == 3009
    assert str(exc) == 'invalid'
    assert exc.kw == {'name': 'hostname', 'error': 'bad'}


def test_error_without_data():
    exc = errors.from_jsonrpc({'code': 4202, 'name': 'EmptyModlist',
                               'message': 'no modifications to be performed'})
    assert type(exc) is ipa_errors.EmptyModlist


def test_batch_item_error():
    exc = errors.from_batch_result({
        'error': 'x.example.test: host not found', 'error_code': 4001,
        'error_name': 'NotFound',
        'error_kw': {'reason': 'x.example.test: host not found'}})
    assert type(exc) is ipa_errors.NotFound
    assert str(exc) == 'x.example.test: host not found'


def test_unavailable_message():
    exc = errors.IPAUnavailable('https://ipa.example.test/ipa/json', 3,
                                'Connection refused')
    assert str(exc) == ('IPA server https://ipa.example.test/ipa/json '
                        'unreachable after 3 attempts: Connection refused')
    assert (exc.url, exc.attempts, exc.reason) == (
        'https://ipa.example.test/ipa/json', 3, 'Connection refused')
    assert isinstance(exc, errors.IPAError)
    assert not isinstance(exc, ipa_errors.PublicError)


def test_importing_does_not_warn_about_cryptography():
    result = subprocess.run(
        [sys.executable, '-W', 'error', '-c', 'import novajoin.ipa.errors'],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert 'CryptographyDeprecationWarning' not in result.stderr
