"""novajoin-notify: handlers of nova's and neutron's notifications."""

import warnings

# oslo.messaging imports oslo.service, whose default back end imports
# eventlet, which warns that it is deprecated. novajoin-notify runs
# oslo.messaging's threading executor and never uses eventlet.
with warnings.catch_warnings():
    warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')
    import oslo_messaging  # noqa: F401
