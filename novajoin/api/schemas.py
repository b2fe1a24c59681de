"""JSON schemas of request bodies, checked before any work is done."""

# What nova's DynamicVendorData sends; keys a later nova adds are allowed.
VENDORDATA_REQUEST = {
    'type': 'object',
    'properties': {
        'project-id': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'instance-id': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'image-id': {'type': ['string', 'null'], 'maxLength': 255},
        'user-data': {'type': ['string', 'null']},
        'hostname': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'metadata': {
            'type': ['object', 'null'],
            'additionalProperties': {'type': 'string', 'maxLength': 65535},
        },
        'boot-roles': {'type': ['string', 'null']},
    },
    'required': ['project-id', 'instance-id', 'hostname'],
}
