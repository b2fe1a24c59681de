"""Request bodies: size, JSON, schema — checked before any work."""

import json

import jsonschema

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


def validated_json(request, schema):
    """The request's JSON body once it passed the schema; Invalid if not."""
    length = request.content_length
    if length is not None and length > MAX_BODY_BYTES:
        raise exception.Invalid('request body larger than %d bytes'
                                % MAX_BODY_BYTES)
    # webob reads a body it takes for a form; body gives the raw bytes.
    raw = request.body
    if len(raw) > MAX_BODY_BYTES:
        raise exception.Invalid('request body larger than %d bytes'
                                % MAX_BODY_BYTES)
    if not raw:
        raise exception.Invalid('request body missing')
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise exception.Invalid('request body is not JSON')
    if _depth(payload, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise exception.Invalid('request body nested deeper than %d'
                                % MAX_JSON_DEPTH)
    try:
        jsonschema.validate(payload, schema)
    except jsonschema.ValidationError as exc:
        where = '/'.join(str(p) for p in exc.absolute_path) or 'body'
        raise exception.Invalid('%s: %s' % (where, exc.message))
    return payload
