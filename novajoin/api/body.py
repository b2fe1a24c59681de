"""Request bodies: size, JSON, schema — checked before any work."""

import json

import jsonschema
from webob import exc as webob_exc
from webob import request as webob_request

from novajoin import exception

MAX_BODY_BYTES = 256 * 1024
MAX_JSON_DEPTH = 8


def _depth(value, limit):
    """Nesting depth of a JSON value, counting no further than limit + 1."""
    if limit < 0:
        return 1
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return 1 + max((_depth(v, limit - 1) for v in value), default=0)
    return 0


def read_json(request):
    """The request's body as JSON, None when it has none; Invalid when it
    is larger than MAX_BODY_BYTES, shorter than its Content-Length, not
    JSON in UTF-8 or nested deeper than MAX_JSON_DEPTH; 415 when it is
    not declared application/json.

    No more than MAX_BODY_BYTES + 1 bytes are read, whatever the client
    announced (a chunked body announces nothing).
    """
    length = request.content_length
    if length is not None and length > MAX_BODY_BYTES:
        raise exception.Invalid('request body larger than %d bytes'
                                % MAX_BODY_BYTES)
    try:
        raw = request.body_file.read(MAX_BODY_BYTES + 1)
    except webob_request.DisconnectionError:
        raise exception.Invalid('request body shorter than its '
                                'Content-Length')
    if len(raw) > MAX_BODY_BYTES:
        raise exception.Invalid('request body larger than %d bytes'
                                % MAX_BODY_BYTES)
    # What was read is the body from now on, for whoever reads it again.
    request.body = raw
    # Pecan would parse a form itself, and fail on a multipart one
    # without a boundary.
    media_type = request.content_type.lower()
    if (raw or media_type) and media_type != 'application/json':
        raise webob_exc.HTTPUnsupportedMediaType(
            explanation='request body must be application/json')
    if not raw:
        return None
    try:
        # JSON between systems is UTF-8 (RFC 8259), and webob decodes it so
        payload = json.loads(raw.decode('utf-8'))
    except (ValueError, UnicodeDecodeError):
        raise exception.Invalid('request body is not JSON')
    except RecursionError:
        # nested deeper than Python's recursion limit
        raise exception.Invalid('request body nested deeper than %d'
                                % MAX_JSON_DEPTH)
    if _depth(payload, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise exception.Invalid('request body nested deeper than %d'
                                % MAX_JSON_DEPTH)
    return payload


def validator(schema):
    """A validator of the schema, which is checked here once:
    jsonschema.validate checks the schema itself on every call, which costs
    far more than checking a request."""
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validated(payload, validator):
    """The payload once it passed the validator; Invalid if not."""
    if payload is None:
        raise exception.Invalid('request body missing')
    # Most bodies are valid: the errors are gathered, to report the most
    # relevant, only for those that are not.
    if validator.is_valid(payload):
        return payload
    error = jsonschema.exceptions.best_match(validator.iter_errors(payload))
    where = '/'.join(str(p) for p in error.absolute_path) or 'body'
    raise exception.Invalid('%s: %s' % (where, error.message))
