"""What novajoin-server does for one vendordata request from nova."""

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class JoinService:
    """Answers nova: {} or the instance's enrollment, the same when asked
    again within the answer cache's lifetime."""

    def __init__(self, enroller, answers):
        self.enroller = enroller
        self.answers = answers

    def join(self, instance):
        if not self.enroller.instances.enrollment_requested(instance):
            LOG.debug('Instance %s did not ask for enrollment',
                      instance.instance_id)
            return {}
        LOG.debug('Instance %s asked for enrollment', instance.instance_id)
        return self.answers.get_or_create(
            instance.instance_id, lambda: self.enroller.enroll(instance))
