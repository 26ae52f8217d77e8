# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""modelarts_service_patch: JSON-patch updates of config[0] through PATCH /v1/{project_id}/services/{service_id}.

Before any request every operation is checked on its own (``check_operations``): op, the JSON
pointer (RFC 6901), the documented ServiceConfig field it names and the documented type of the
value, with numeric strings turned into numbers for number fields (the normalisation the
comparison uses). After the GET the operations are applied, in order, to a copy of the current
config[0] (``apply_operations``); the entry rules run on the result, and the result is compared
with the current configuration the way modelarts_service compares it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.compare import (
    changed_fields,
    current_config,
    normalize,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError, ModelArtsError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.schema import SERVICE_CONFIG
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_header_value
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import ResourceStateMachine
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import (
    Plan,
    ServiceAdapter,
    ServiceTask,
    check_change_options,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._json_pointer import is_array_index, parse_pointer, to_pointer
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import ANY, TYPE_NAMES, field_schema, input_errors, type_errors
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.rules import (
    REAL_TIME,
    TOTAL_WEIGHT,
    broken_rule,
    check_entry_values,
    dedicated_pool,
)

SUPPORTED_OPS = ("replace",)
# PatchServiceV2, PatchServiceV2RequestBody: "The prefix is fixed at /config/0/".
PREFIX = ("config", "0")
PREFIX_TEXT = "/config/0/"


def fail(index, path, rule):
    raise ModelArtsConfigError("patch[%d] (path %s): %s" % (index, path, rule))


def _describe(schema):
    if isinstance(schema, list):
        return "a list"
    if isinstance(schema, dict):
        return "a map" if "*" in schema else "an object"
    return TYPE_NAMES.get(schema, schema)


def member_schema(index, path, tokens):
    """The documented schema of the value at ``tokens`` (below config[0]); fails for undocumented paths."""
    field = tokens[0]
    schema = SERVICE_CONFIG.get(field)
    if schema is None:
        fail(index, path, "%r is not a documented ServiceConfig field; the documented fields are %s." % (
            field, ", ".join(sorted(SERVICE_CONFIG))))
    where = field
    for token in tokens[1:]:
        if schema == ANY:
            # mapping_rule is a free-form object: anything below it is the user's business.
            return ANY
        if isinstance(schema, list):
            if token == "-":
                fail(index, path, "%s: replace cannot target '-' (the position after the last list item), "
                                  "only an existing item." % where)
            if not is_array_index(token):
                fail(index, path, "%s is a list, so %r must be a list index (0, 1, ...)." % (where, token))
            schema = schema[0]
            where = "%s[%s]" % (where, token)
        elif isinstance(schema, dict):
            sub = field_schema(schema, token)
            if sub is None:
                fail(index, path, "%s has no documented member %r; the documented members are %s." % (
                    where, token, ", ".join(sorted(schema))))
            schema = sub
            where = "%s.%s" % (where, token)
        else:
            fail(index, path, "%s is %s; a path cannot go below it." % (where, _describe(schema)))
    return schema


def _partial_entry(tokens, value):
    """A config entry holding only ``value`` at ``tokens``: lets the entry rules judge the value alone."""
    for token in reversed(tokens[1:]):
        value = [value] if is_array_index(token) else {token: value}
    return {tokens[0]: value}


def check_value_rules(index, path, tokens, value):
    """The entry rules this value obeys alone (instance_count at least 1, cpu at least 0.01, ...).
    The rules that tie fields together wait for the patched entry, where the other field is known."""
    try:
        check_entry_values(_partial_entry(tokens, value), "config[0]")
    except ModelArtsConfigError as error:
        fail(index, path, str(error))


def check_operation(index, operation):
    """One operation checked on its own; returns it with a normalised value and its tokens below config[0]."""
    path = operation.get("path")
    op = operation.get("op") or "replace"
    if op not in SUPPORTED_OPS:
        fail(index, path, "op %r is not supported; the API accepts only %s." % (op, ", ".join(SUPPORTED_OPS)))
    if not isinstance(path, str) or not path:
        fail(index, path, "path is required, a JSON pointer such as /config/0/instance_count.")
    try:
        tokens = parse_pointer(path)
    except ValueError as error:
        fail(index, path, "not a JSON pointer (RFC 6901): %s." % error)
    if tokens[:2] != list(PREFIX) or len(tokens) < 3:
        fail(index, path, "the path must start with %s and name a field of the first model's configuration "
                          "(ServiceConfig), for example /config/0/instance_count; the API patches nothing else."
             % PREFIX_TEXT)
    tokens = tokens[2:]
    schema = member_schema(index, path, tokens)
    value = operation.get("value")
    if value is None:
        fail(index, path, "value is required and must not be null: replace sets a value, the API has no remove.")
    errors = input_errors(value, schema, "value") or type_errors(normalize(value, schema), schema, "value")
    if errors:
        fail(index, path, "%s." % "; ".join(errors))
    check_value_rules(index, path, tokens, normalize(value, schema, round_decimals=False))
    return dict(op=op, path=path, value=normalize(value, schema)), tokens


def check_operations(patch):
    """Every operation checked before any request. Returns (operations to send, tokens of each)."""
    if not patch:
        raise ModelArtsConfigError("patch must list at least one operation, for example "
                                   "{path: /config/0/instance_count, value: 2}; an empty patch changes nothing.")
    operations = []
    tokens = []
    for index, operation in enumerate(patch):
        checked, parsed = check_operation(index, operation)
        operations.append(checked)
        tokens.append(parsed)
    return operations, tokens


# --- applying operations locally --------------------------------------------------------------

def _where(tokens, depth):
    return "config[0]" + "".join("[%s]" % t if is_array_index(t) else ".%s" % t for t in tokens[:depth])


def _missing(index, path, tokens, depth, reason):
    parent = to_pointer(["config", "0"] + tokens[:max(depth, 1)])
    fail(index, path, "%s; replace (RFC 6902) needs an existing target, so nothing was sent. Replace %s "
                      "with its whole value instead." % (reason, parent))


def _typed_object(schema):
    """A documented object (custom_spec, additional_properties, a volume): the API holds it as a typed
    object in which every documented member exists, unset as null. A map (envs) or free-form object
    (mapping_rule) has only the keys it has."""
    return isinstance(schema, dict) and "*" not in schema


def apply_operations(entry, operations, tokens):
    """A deep copy of ``entry`` with the operations applied in order; ``entry`` is left untouched.

    The first member below config[0] is always set (every documented ServiceConfig field exists in the
    API's typed model; the PatchServiceV2 page's own example replaces pool_name that way). Deeper, the parents must
    exist, list items must exist, map keys must exist; only a documented member of a typed object may
    be missing, for the same reason as the first member.
    """
    patched = copy.deepcopy(entry)
    for index, (operation, path_tokens) in enumerate(zip(operations, tokens)):
        path = operation["path"]
        container = patched
        schema = SERVICE_CONFIG
        last = len(path_tokens) - 1
        for depth, token in enumerate(path_tokens):
            where = _where(path_tokens, depth)
            if isinstance(container, dict):
                exists = token in container and container[token] is not None
                if depth == last and (exists or _typed_object(schema)):
                    container[token] = copy.deepcopy(operation["value"])
                    break
                if not exists:
                    _missing(index, path, path_tokens, depth, "the service's %s has no %s %r" % (
                        where, "member" if _typed_object(schema) else "key", token))
                container = container[token]
            elif isinstance(container, list):
                if not is_array_index(token) or int(token) >= len(container):
                    _missing(index, path, path_tokens, depth, "the service's %s has no item %s (it has %d)" % (
                        where, token, len(container)))
                if depth == last:
                    container[int(token)] = copy.deepcopy(operation["value"])
                    break
                container = container[int(token)]
            else:
                _missing(index, path, path_tokens, depth, "the service's %s is %r, which has no members" % (
                    where, container))
            schema = schema[0] if isinstance(schema, list) else (field_schema(schema, token) or ANY)
    return patched


def check_patched_config(current, patched, infer_type, weight_patched, service_pool=False):
    """The entry rules on the whole patched config[0] (``service_pool``: the service runs in a dedicated
    pool); a rule the current entry already breaks is the server's business, not this patch's. With a
    patched weight, the weights still add up to 100."""
    broken = broken_rule(patched[0], "config[0]", infer_type, service_pool)
    if broken and broken != broken_rule(current[0], "config[0]", infer_type, service_pool):
        raise ModelArtsConfigError("The patched config[0] breaks a documented rule, so nothing was sent: %s" % broken)
    if weight_patched and infer_type == REAL_TIME:
        weights = [entry.get("weight") for entry in patched]
        if None not in weights and sum(weights) != TOTAL_WEIGHT:
            raise ModelArtsConfigError(
                "config weights must add up to 100 for a real-time service; with the patched "
                "config[0].weight they add up to %s, so nothing was sent." % sum(weights))


# --- the change -------------------------------------------------------------------------------

def _update_time(value):
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value


def _resource_ids(value):
    if value is None:
        return None
    if isinstance(value, list):
        return value
    return [item.strip() for item in str(value).split(",") if item.strip()]


class ServicePatch:
    """The PATCH planner and writer of modelarts_service_patch: the user's operations, sent once, when
    applying them locally changes the configuration."""

    def __init__(self, task, operations, tokens):
        self.task = task
        self.operations = operations
        self.tokens = tokens
        task.extra["operations"] = operations

    def plan(self, service):
        current = current_config(service)
        if not self.operations:
            return Plan(service, {})
        if not current:
            raise ModelArtsError(
                "Service %s has no config[0] (it serves no model), so there is nothing to patch under %s; "
                "use hwcloud.modelarts.modelarts_service to set its config." % (service.get("service_id"), PREFIX_TEXT))
        patched = [normalize(apply_operations(current[0], self.operations, self.tokens), SERVICE_CONFIG)]
        patched += current[1:]
        weight_patched = any(tokens[0] == "weight" for tokens in self.tokens)
        check_patched_config(current, patched, service.get("infer_type"), weight_patched, dedicated_pool(service))
        return Plan(service, {"config": patched})

    def apply(self, service, plan):
        task = self.task

        def shows(current):
            return not changed_fields(current, plan.after)

        response = task.write(
            "patch", lambda: task.api.patch_service(task.service_id, self.operations, task.params.get("user_id")), shows)
        if response is not None:
            body = response.body if isinstance(response.body, dict) else {}
            task.extra["request_id"] = response.request_id
            if body.get("update_time") is not None:
                task.extra["update_time"] = _update_time(body["update_time"])
            if body.get("resource_ids") is not None:
                task.extra["resource_ids"] = _resource_ids(body["resource_ids"])
        return task.finish(service, plan)


def check_patch_options(params):
    """Every rule modelarts_service_patch can check from the options alone, before any request;
    returns the checked operations and their tokens."""
    check_change_options(params)
    operations, tokens = check_operations(params["patch"])
    check_header_value("user_id", params.get("user_id"))
    return operations, tokens


def patch_flow(module, api, operations, tokens, protocol=None, extra=None):
    """The state machine of a PATCH to an existing service."""
    task = ServiceTask(module, api, protocol, extra)
    return ResourceStateMachine(module, ServiceAdapter(task, ServicePatch(task, operations, tokens)))


def run_service_patch(run):
    """modelarts_service_patch's run: the result, or a ModelArtsError (the core's module shape)."""
    operations, tokens = check_patch_options(run.params)
    return patch_flow(run.module, ServiceApi(run.client), operations, tokens, run.protocol, run.extra).run()
