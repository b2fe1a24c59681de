"""Request context of novajoin: who is calling, from keystone's headers."""

from oslo_context import context


class RequestContext(context.RequestContext):
    """oslo.context's context, with the names policy rules may check."""

    def to_policy_values(self):
        values = super().to_policy_values()
        values['user_name'] = self.user_name
        values['project_name'] = self.project_name
        return values
