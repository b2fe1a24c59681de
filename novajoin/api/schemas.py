"""JSON schemas of request bodies, checked before any work is done."""

# A glance image id, or nothing for an instance booted from a volume: the
# id goes into the URL of a glance call.
IMAGE_ID = ('^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}'
            '-[0-9a-fA-F]{12})?$')

# What nova's DynamicVendorData sends; keys a later nova adds are allowed.
VENDORDATA_REQUEST = {
    'type': 'object',
    'properties': {
        'project-id': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'instance-id': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'image-id': {'type': ['string', 'null'], 'pattern': IMAGE_ID,
                     'maxLength': 36},
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
