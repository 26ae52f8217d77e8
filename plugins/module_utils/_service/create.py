# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Creating a service with POST /v1/{project_id}/services (CreateService, "Deploying Services").

A create is not idempotent on the server and the API does not promise unique names, so the POST
goes through the core's create-once (``WriteProtocol.create_once``), the services named exactly
the name being the lookup: after an outcome it cannot know (no answer, a 5xx, a foreign 2xx) one
such service means the create landed, none that it did not (the POST goes once more), several
that someone else made one too; after an answered POST a second service with the name means a
concurrent create, and the task fails naming both ids.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError, ModelArtsError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_id, name_characters_outside
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import CreatePlan
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import CHECK_MODE_MISSING
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.compare import (
    changed_fields,
    merge_config,
    normalize,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.rules import check_merged_config, dedicated_pool
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.schema import SERVICE
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.status import HEADING_FOR

# Body fields the update API cannot change: set at creation, compared afterwards.
CREATE_ONLY_FIELDS = ("workspace_id", "vpc_id", "subnet_network_id", "security_group_id", "cluster_id", "pool_name")
# "If no workspace is created, the default value is 0" (CreateService, workspace_id).
DEFAULT_WORKSPACE = "0"
SERVICE_NAME_MAX = 64
# Letters, digits, hyphens, underscores and Chinese characters (CJK ideographs: Extension A and the
# unified block), as CreateService says.
SERVICE_NAME_IDEOGRAPHS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
# CreateService forbids these in a description; the update API forbids <>=&"' (rules.py). A created
# description must pass both, or a later run restating it could not be sent.
CREATE_DESCRIPTION_FORBIDDEN = "!<>+&\"'="
# "Mandatory for batch services" (CreateService, ServiceConfig).
BATCH_REQUIRED = ("src_path", "dest_path", "req_uri", "mapping_type")
CREATED_FIELDS = ("description", "schedule", "additional_properties", "config", "load_balancer_policy", "priority",
                  "service_secrets")


def check_service_name(name):
    if name is None:
        return
    if not 1 <= len(name) <= SERVICE_NAME_MAX:
        raise ModelArtsConfigError("name must have 1 to %d characters to create a service, it has %d." % (
            SERVICE_NAME_MAX, len(name)))
    bad = name_characters_outside(name, SERVICE_NAME_IDEOGRAPHS)
    if bad:
        raise ModelArtsConfigError(
            "name may contain only letters, digits, hyphens (-), underscores (_) and Chinese characters to create a "
            "service; it contains %s." % ", ".join(repr(char) for char in bad))


def check_create_body(params):
    """The CreateService rules the update rules (checked before any request) do not already cover."""
    name = params.get("name")
    if not params.get("config"):
        raise ModelArtsConfigError(
            "config is required to create service %r: no service has this name, and a new service needs at least "
            "one model. Nothing was sent." % name)
    description = params.get("description")
    bad = sorted(set(char for char in description or "" if char in CREATE_DESCRIPTION_FORBIDDEN))
    if bad:
        raise ModelArtsConfigError("description must not contain any of %s to create a service; it contains %s." % (
            CREATE_DESCRIPTION_FORBIDDEN, "".join(bad)))
    if params.get("vpc_id"):
        missing = [field for field in ("subnet_network_id", "security_group_id") if not params.get(field)]
        if missing:
            raise ModelArtsConfigError("vpc_id needs %s as well (CreateService: mandatory if vpc_id is set)." % (
                " and ".join(missing)))
    infer_type = params["infer_type"]
    if infer_type == "batch" and len(params["config"]) > 1:
        raise ModelArtsConfigError("config of a batch service may list only one model; it lists %d." % len(params["config"]))
    if infer_type == "batch":
        for index, entry in enumerate(params["config"]):
            missing = [field for field in BATCH_REQUIRED if entry.get(field) is None]
            if entry.get("mapping_type") == "csv" and entry.get("mapping_rule") is None:
                missing.append("mapping_rule")
            if missing:
                raise ModelArtsConfigError("config[%d] of a batch service needs %s." % (index, ", ".join(missing)))


def create_body(params):
    """The POST body: what the task sets, normalised like every comparison, nothing else."""
    body = {"service_name": params["name"], "infer_type": params["infer_type"]}
    body["config"] = merge_config([], params["config"])
    for field in CREATED_FIELDS:
        if field != "config" and params.get(field) is not None:
            body[field] = normalize(params[field], SERVICE[field])
    for field in CREATE_ONLY_FIELDS:
        if params.get(field):
            body[field] = params[field]
    return body


def create_only_differences(service, params):
    """The create-only options the task sets that the service shows otherwise: (field, has, wants)."""
    differences = []
    for field in CREATE_ONLY_FIELDS:
        wanted = params.get(field)
        if not wanted:
            continue
        current = service.get(field)
        if field == "workspace_id" and not current:
            current = DEFAULT_WORKSPACE
        if current != wanted:
            differences.append((field, current, wanted))
    return differences


def check_create_only(service, params):
    differences = create_only_differences(service, params)
    if differences:
        raise ModelArtsError(
            "Service %s differs in what only its creation sets, which the update API cannot change: %s. Nothing was "
            "changed; drop these options from the task, or delete and re-create the service to change them." % (
                service.get("service_id"), "; ".join("%s is %r, the task asks %r" % difference
                                                     for difference in differences)))


class ServiceCreation:
    """The create of modelarts_service: plans the new service and POSTs it, never two."""

    def __init__(self, task):
        self.task = task
        self.params = task.params

    def plan(self):
        try:
            check_create_body(self.params)
        except ModelArtsConfigError as error:
            if not (self.task.check_mode and not self.params.get("config")):
                raise
            raise ModelArtsConfigError("%s%s" % (error, CHECK_MODE_MISSING)) from None
        body = create_body(self.params)
        # A new service serves only what the task lists, so every entry needs its required fields.
        # A pool set at service level (cluster_id, or pool_name which takes precedence) serves every entry.
        check_merged_config(body["config"], [entry["model_id"] for entry in body["config"]], self.params["infer_type"],
                            service_pool=dedicated_pool(body))
        predicted = dict(body, status="stopped" if self.params["state"] == "stopped" else "running")
        if "workspace_id" not in predicted:
            predicted["workspace_id"] = DEFAULT_WORKSPACE
        plan = CreatePlan(predicted, changed_fields=sorted(body))
        plan.body = body
        return plan

    def create(self, plan):
        task = self.task
        task.service_id = self.post(plan.body)
        target = "stopped" if self.params["state"] == "stopped" else "running"
        if target == "stopped":
            # A deploying service refuses to stop: the deployment ends first, even without wait.
            task.settle(target_status="running")
            task.write("update", lambda: task.api.update_service(task.service_id, {"status": "stopped"}),
                       lambda current: current.get("status") in HEADING_FOR["stopped"])
        if self.params["wait"]:
            service = task.settle(target_status=target)
        else:
            service = task.api.get_service(task.service_id)
        self.verify_created(service, plan.body)
        return service

    def post(self, body):
        """POST once per lookup that finds no service with the name (the core's create_once); the new id.

        After an answered POST the name is looked up again: a second service with it means a
        concurrent create (another job, or one cancelled while its POST was held), and the task
        fails naming both ids instead of reporting success.
        """
        task = self.task
        name = body["service_name"]

        def post():
            response = task.api.create_service(body)
            task.extra["request_id"] = response.request_id
            return response

        # create_service checked the answer: an object, its service_id (if any) an id fit for URLs.
        return check_id("service_id", task.protocol.create_once(
            "service %r" % name, post, lambda: task.api.services_named_now(name),
            lambda service: service.get("service_id"), lambda response: response.body.get("service_id")))

    def verify_created(self, service, body):
        """The new service must show what the task asked for."""
        differing = changed_fields(service, dict((field, body[field]) for field in CREATED_FIELDS if field in body))
        differing += [field for field, _has, _wants in create_only_differences(service, body)]
        if differing:
            raise ModelArtsError("Service %s was created but shows %s otherwise than this task asked." % (
                self.task.service_id, ", ".join(differing)))
