"""Look-ups in keystone of what notifications and requests name."""

import pytest

from novajoin import exception
from novajoin import openstack


class NoKeystone(openstack.Projects):
    """Projects without a keystone: asking it is a failure of the test."""

    def __init__(self):
        openstack._CachedLookup.__init__(self)

    def _fetch(self, project_id):
        raise AssertionError('keystone asked for %r' % project_id)


@pytest.mark.parametrize('project_id', ['0' * 65, '0' * 4069, '../users',
                                        'a/b', 7, None])
def test_an_id_keystone_cannot_hold_is_unknown_unasked(project_id):
    with pytest.raises(exception.Invalid) as unknown:
        NoKeystone().name(project_id)
    assert str(unknown.value).startswith('unknown project ')
    assert len(str(unknown.value)) < 100
