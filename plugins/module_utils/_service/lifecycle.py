# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One entry point for the whole life of a service: create, update (PUT), start, stop, delete.

``run_service(module)`` is modelarts_service's main. ``execute_service(module, client)`` runs the
same flow for anything module-like (``.params``, ``.check_mode``, ``._diff``, ``.warn()``), such as
one item of a fleet, and returns ``(result, error)`` instead of exiting.

Guarantees (also in the module's notes): a create is never sent twice unless a read shows the
first did not land; several services with the name fail the task and change nothing; after every
write the service is read again and what the task asked for must be there.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._connection import build_client, require_requests
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError, ModelArtsError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import check_service_identity
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.create import (
    ServiceCreation,
    check_create_only,
    check_service_name,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.delete import ServiceDeletion
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.rules import (
    check_config,
    check_description,
    check_input_options,
    check_schedule,
    check_selector,
    check_service_properties,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.update import ServiceUpdate

STATES = ("present", "running", "stopped", "absent")


class ServiceLifecycle(ServiceCreation, ServiceDeletion, ServiceUpdate):
    """Create when missing, PUT when it differs, delete with state=absent."""

    creates = True

    def plan(self, service):
        check_create_only(service, self.params)
        return super(ServiceLifecycle, self).plan(service)


def check_service_options(params):
    """Every rule that can be checked from the options alone, before any request."""
    check_selector(params)
    check_service_identity(params)
    if params["wait_timeout"] < 0:
        raise ModelArtsConfigError("wait_timeout must be 0 or more seconds, got %s." % params["wait_timeout"])
    state = params.get("state") or "present"
    if state not in STATES:
        raise ModelArtsConfigError("state must be one of %s, got %s." % (", ".join(STATES), state))
    if state == "absent":
        return
    if params.get("name"):
        # The name may be one to create.
        check_service_name(params["name"])
    check_input_options(params, ("description", "schedule", "additional_properties", "config"))
    check_description(params.get("description"))
    check_schedule(params.get("schedule"), params["infer_type"])
    check_service_properties(params.get("additional_properties"))
    check_config(params.get("config"), params["infer_type"])


def execute_service(module, client=None):
    """Run the flow the params ask for; ``(result, None)`` or ``(failure result, error)``.

    A failure after a write says ``changed: true``.
    """
    flow = None
    try:
        check_service_options(module.params)
        flow = ServiceLifecycle(module, client or ServiceApi(build_client(module.params, register_secret=module.no_log_values.add)))
        return flow.run(), None
    except ModelArtsError as error:
        result = dict(flow.extra if flow else {}, changed=bool(flow and flow.wrote))
        result.update(error.to_result())
        result["msg"] = str(error)
        return result, error


def run_service(module):
    """modelarts_service's main."""
    require_requests(module)
    result, error = execute_service(module)
    if error is not None:
        # The failure result already carries msg and the error's details (fail_with_error's shape).
        module.fail_json(**result)
    module.exit_json(**result)
