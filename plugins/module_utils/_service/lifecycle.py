# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One entry point for the whole life of a service: create, update (PUT), start, stop, delete.

``run_service(run)`` is modelarts_service's run (its main() is the core's ``run_module``).
``execute_service(module, api)`` runs the same flow for anything module-like (``.params``,
``.check_mode``, ``._diff``, ``.warn()``), such as one item of a fleet, and returns
``(result, error)`` instead of exiting.

Guarantees (also in the module's notes): a create is never sent twice unless a read shows the
first did not land; several services with the name fail the task and change nothing; after every
write the service is read again and what the task asked for must be there.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import execute
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import ResourceStateMachine
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import (
    ServiceAdapter,
    ServiceTask,
    check_service_identity,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.create import ServiceCreation, check_service_name
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.delete import ServiceDeletion
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.rules import (
    CUSTOM,
    check_config,
    check_description,
    check_input_options,
    check_schedule,
    check_service_kind_fields,
    check_service_properties,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.update import ServicePut
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import check_wait_options

STATES = ("present", "running", "stopped", "absent")


def check_service_options(params):
    """Every rule that can be checked from the options alone, before any request."""
    check_service_selection(params)
    check_service_settings(params)


def check_service_selection(params):
    """The rules that read the options naming the service (service_id and name). check_service_settings reads
    none of them, so it decides alike for items of a fleet whose other options are equal."""
    check_service_identity(params)
    if params.get("name") and params.get("state") != "absent":
        # The name may be one to create.
        check_service_name(params["name"])


def check_service_settings(params):
    """The rules of check_service_options that read anything but service_id and name."""
    check_wait_options(params)
    state = params.get("state") or "present"
    if state not in STATES:
        raise ModelArtsConfigError("state must be one of %s, got %s." % (", ".join(STATES), state))
    if state == "absent":
        return
    check_input_options(params, ("description", "schedule", "additional_properties", "config", "load_balancer_policy",
                                 "priority", "service_secrets"))
    check_service_kind_fields(params)
    check_description(params.get("description"))
    check_schedule(params.get("schedule"), params["infer_type"])
    check_service_properties(params.get("additional_properties"))
    check_config(params.get("config"), params["infer_type"])
    if params.get("tags"):
        # Imported by the tasks that name tags only: a module run compiles every module it imports
        # (twice, from the AnsiballZ zip), and most tasks name none.
        from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.tags import check_tags
        check_tags(params)


def plans_tags(params):
    """Whether the task's service gets a tag plan: tags named, and a state that keeps the service."""
    return bool(params.get("tags")) and params.get("state") != "absent"


def check_specifications(api, params):
    """check_specification: every config[].specification the task sets is one the specifications API lists
    for the service's kind (custom is always allowed: its resources come from custom_spec). One read, before
    the service is read or written."""
    if not params.get("check_specification") or params.get("state") == "absent":
        return
    asked = [(index, entry["specification"]) for index, entry in enumerate(params.get("config") or [])
             if entry.get("specification") not in (None, CUSTOM)]
    if not asked:
        return
    offered = set(item["specification"] for item in api.specifications(infer_type=params["infer_type"]))
    for index, specification in asked:
        if specification not in offered:
            raise ModelArtsConfigError(
                "config[%d].specification %s is not among the specifications the API lists for %s services (%s); "
                "nothing was changed (check_specification is on)." % (
                    index, specification, params["infer_type"], ", ".join(sorted(offered)) or "none"))


def service_flow(module, api, protocol=None, extra=None):
    """The state machine of modelarts_service: create when missing, PUT when it differs, delete with state=absent."""
    task = ServiceTask(module, api, protocol, extra)
    tagger = None
    if plans_tags(module.params):
        from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.tags import ServiceTags
        tagger = ServiceTags(task)
    return ResourceStateMachine(module, ServiceAdapter(task, ServicePut(task), ServiceCreation(task),
                                                       ServiceDeletion(task), tagger))


def run_service(run, api=None, checked=False):
    """modelarts_service's run (the core's module shape): the result, or a ModelArtsError.

    ``api`` is a ServiceApi to use instead of one over the run's client (a fleet shares one); ``checked`` says
    the options already passed check_service_options (a fleet checks every item before any runs).
    """
    if not checked:
        check_service_options(run.params)
    api = api or ServiceApi(run.client)
    check_specifications(api, run.params)
    return service_flow(run.module, api, run.protocol, run.extra).run()


def execute_service(module, api=None):
    """Run modelarts_service's flow for anything module-like (one item of a fleet); ``(result, None)``
    or ``(failure result, error)``, the failure saying ``changed: true`` after a write."""
    return execute(module, lambda run: run_service(run, api))
