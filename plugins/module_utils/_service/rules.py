# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The documented rules of a service update, checked before anything is sent.

The rules come from the public API reference pages UpdateService ("Updating Service
Configurations"), CreateService ("Deploying Services", for what a configuration must hold
whichever call sends it) and PatchService ("Updating the Service Through the Patch Operation").
Each rule raises ModelArtsConfigError with a message that names the option and the rule.
Rules that need the current service (websocket_upgrade once enabled, weights of entries the
user did not restate, fields of a batch or edge entry the user left out, a dedicated pool that
may be set on the service) take it as an argument and run after the GET, before any write.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_env_names, shown
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.compare import normalize
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.schema import (
    BATCH_ONLY_CONFIG_FIELDS,
    EDGE_ONLY_CONFIG_FIELDS,
    SERVICE,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import input_errors, type_errors

DESCRIPTION_MAX = 100
DESCRIPTION_FORBIDDEN = '<>=&"\''
REAL_TIME = "real-time"
BATCH = "batch"
EDGE = "edge"
TOTAL_WEIGHT = 100
MIN_CPU = 0.01
CUSTOM = "custom"
# ServiceConfig: "Mandatory for batch services" (mapping_rule only when mapping_type is csv).
BATCH_MANDATORY_FIELDS = ("src_path", "dest_path", "req_uri", "mapping_type")
MAPPING_TYPES = ("file", "csv")
# ServiceConfig src_type: "Data source type, which can be ManifestFile"; left out, src_path is read as a directory.
SRC_TYPES = ("ManifestFile",)
# LtsConfiguration: "The value contains 64 characters." Real LTS IDs are 36-character UUIDs, so the
# number is read as the most an ID may have.
LTS_ID_MAX = 64
# The fields of each kind of service that do not belong to the others.
FOREIGN_FIELDS = {
    REAL_TIME: BATCH_ONLY_CONFIG_FIELDS + EDGE_ONLY_CONFIG_FIELDS,
    BATCH: EDGE_ONLY_CONFIG_FIELDS,
    EDGE: BATCH_ONLY_CONFIG_FIELDS,
}
# The form of a flavor name: C(custom), or dot-separated words as the specifications API lists them
# (modelarts.vm.cpu.2u, modelarts.vm.gpu.p4, modelarts.bm.*, modelarts.pool.visual.xlarge ...). Held to the
# form, not to a list: the flavors on offer differ by region and account and change over time.
SPECIFICATION_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$")
SPECIFICATION_MAX = 128
# String fields whose value the API needs: an empty string is never a valid one.
ENTRY_TEXT_FIELDS = ("model_id", "specification", "src_path", "dest_path", "req_uri")


def fail(message):
    raise ModelArtsConfigError(message)


def _blank(value):
    return value is None or isinstance(value, str) and not value.strip() or value in ([], {})


def check_not_empty(value, where):
    """A string option that is set must say something: ``model_id: ""`` names no model."""
    if isinstance(value, str) and not value.strip():
        fail("%s must not be empty." % where)


def check_selector(params):
    """service_id or name picks the service; an empty one would pick none (or all)."""
    for option in ("service_id", "name"):
        if params.get(option) is not None and not str(params[option]).strip():
            fail("%s must not be empty; give the service's %s or leave %s out." % (
                option, "ID" if option == "service_id" else "exact name", option))


def check_input(value, schema, where):
    """What the argument spec lets through: a boolean for a number (``instance_count: true``),
    NaN or Infinity, a null in a map (``envs: {KEY: null}``), a nested value where the API takes
    a string (an ``envs`` value that is a list or a map)."""
    if value is None:
        return
    errors = input_errors(value, schema, where)
    if not errors:
        errors = type_errors(normalize(value, schema, round_decimals=False), schema, where)
    if errors:
        fail("%s." % "; ".join(errors))


def check_input_options(params, options):
    """check_input for each service option of a module (``options`` names them)."""
    for option in options:
        check_input(params.get(option), SERVICE[option], option)


def check_description(description):
    if description is None:
        return
    if len(description) > DESCRIPTION_MAX:
        fail("description may have at most %d characters, it has %d." % (DESCRIPTION_MAX, len(description)))
    bad = sorted(set(c for c in description if c in DESCRIPTION_FORBIDDEN))
    if bad:
        fail("description must not contain any of %s; it contains %s." % (DESCRIPTION_FORBIDDEN, "".join(bad)))


def check_service_kind_fields(params):
    """CreateService/UpdateService: load_balancer_policy is for real-time services, priority for real-time
    and batch services."""
    infer_type = params.get("infer_type")
    if params.get("load_balancer_policy") is not None and infer_type != REAL_TIME:
        fail("load_balancer_policy can only be set on a real-time service, not on a%s %s service." % (
            "n" if infer_type == EDGE else "", infer_type))
    if params.get("priority") is not None and infer_type == EDGE:
        fail("priority can only be set on a real-time or batch service, not on an edge service.")


def check_schedule(schedule, infer_type):
    if schedule and infer_type != REAL_TIME:
        fail("schedule can only be set on a real-time service, not on a %s service." % infer_type)
    for index, item in enumerate(schedule or []):
        if item.get("duration") is not None and item["duration"] < 1:
            fail("schedule[%d].duration must be a positive whole number, got %s." % (index, item["duration"]))


def check_entry(entry, where, infer_type):
    """Every rule about one config entry on its own (``where`` names it in messages)."""
    check_entry_values(entry, where)
    check_entry_links(entry, where, infer_type)


def check_entry_values(entry, where):
    """The rules each value obeys alone, whatever else the entry holds."""
    for field in ENTRY_TEXT_FIELDS:
        check_not_empty(entry.get(field), "%s.%s" % (where, field))
    for index, node in enumerate(entry.get("nodes") or []):
        check_not_empty(node, "%s.nodes[%d]" % (where, index))
    if entry.get("mapping_type") is not None and entry["mapping_type"] not in MAPPING_TYPES:
        fail("%s.mapping_type must be file or csv, got %r." % (where, entry["mapping_type"]))
    if entry.get("src_type") is not None and entry["src_type"] not in SRC_TYPES:
        fail("%s.src_type can only be ManifestFile (leave it out to read every file under src_path), got %r." % (
            where, entry["src_type"]))
    if entry.get("instance_count") is not None and entry["instance_count"] < 1:
        fail("%s.instance_count must be at least 1, got %s." % (where, entry["instance_count"]))
    weight = entry.get("weight")
    if weight is not None and not 0 <= weight <= TOTAL_WEIGHT:
        fail("%s.weight must be between 0 and 100, got %s." % (where, weight))
    check_specification(entry.get("specification"), where + ".specification")
    check_env_names(entry.get("envs"), where + ".envs")
    check_custom_spec(entry.get("custom_spec"), where + ".custom_spec")
    check_model_additional_properties(entry.get("additional_properties"), where + ".additional_properties")


def check_specification(specification, where):
    """A flavor name of the form the specifications API lists, or custom (a typo fails here, not at the API)."""
    if not isinstance(specification, str) or not specification.strip() or specification == CUSTOM:
        return
    if len(specification) > SPECIFICATION_MAX or not SPECIFICATION_PATTERN.fullmatch(specification):
        fail("%s must be custom or a flavor name such as modelarts.vm.cpu.2u (words of letters, digits, '-' or '_' "
             "joined by dots, as GET /v1/{project_id}/services/specifications lists them), got %s." % (
                 where, shown(specification)))


def check_entry_links(entry, where, infer_type):
    """The rules that tie a field to the kind of service, whatever the service holds now."""
    for field in FOREIGN_FIELDS.get(infer_type, ()):
        if entry.get(field) is not None:
            kind = "batch" if field in BATCH_ONLY_CONFIG_FIELDS else "edge"
            fail("%s.%s is only for %s services; this is a%s %s service." % (
                where, field, kind, "n" if infer_type == EDGE else "", infer_type))


def dedicated_pool(service):
    """True when the service runs in a dedicated resource pool set at service level (GET shows
    ``cluster_id``/``pool_name``); an entry's own cluster_id/pool_name takes precedence over it."""
    return bool((service or {}).get("cluster_id") or (service or {}).get("pool_name"))


def check_entry_complete(entry, where, infer_type, service_pool=False):
    """The rules of a whole entry, once the fields the user left out have their current values:
    mandatory fields of batch entries, and what needs a dedicated resource pool."""
    if infer_type == BATCH:
        for field in BATCH_MANDATORY_FIELDS:
            if _blank(entry.get(field)):
                fail("%s.%s is required for a batch service." % (where, field))
        if entry.get("mapping_type") == "csv" and _blank(entry.get("mapping_rule")):
            fail("%s.mapping_rule is required when %s.mapping_type is csv." % (where, where))
    # nodes of an edge entry is optional on the current CreateService page (older revisions made it mandatory).
    if entry.get("specification") == CUSTOM and not entry.get("custom_spec"):
        fail("%s.custom_spec is required when %s.specification is custom." % (where, where))
    pool = bool(entry.get("cluster_id") or entry.get("pool_name") or service_pool)
    # An edge service runs on its IEF nodes, not in a pool: the CreateService edge example sends custom without one.
    if entry.get("specification") == CUSTOM and not pool and infer_type != EDGE:
        fail("%s.specification custom is only available in a dedicated resource pool: set %s.cluster_id or "
             "%s.pool_name (the service runs in no dedicated pool)." % (where, where, where))
    if (entry.get("additional_properties") or {}).get("log_volume") and not pool:
        fail("%s.additional_properties.log_volume needs a dedicated resource pool: set cluster_id or pool_name "
             "in the entry (the service runs in no dedicated pool)." % where)


def check_custom_spec(spec, where):
    if not spec:
        return
    if spec.get("gpu_p4") is not None and spec.get("ascend_a310") is not None:
        fail("%s: set either gpu_p4 or ascend_a310, not both." % where)
    if spec.get("cpu") is not None and spec["cpu"] < MIN_CPU:
        fail("%s.cpu must be at least %s cores, got %s." % (where, MIN_CPU, spec["cpu"]))
    if spec.get("memory") is not None and spec["memory"] < 1:
        fail("%s.memory must be a positive number of MB, got %s." % (where, spec["memory"]))
    if spec.get("gpu_p4") is not None and spec["gpu_p4"] < 0:
        fail("%s.gpu_p4 must not be negative, got %s." % (where, spec["gpu_p4"]))
    if spec.get("ascend_a310") is not None and spec["ascend_a310"] < 0:
        fail("%s.ascend_a310 must not be negative, got %s." % (where, spec["ascend_a310"]))


def check_model_additional_properties(props, where):
    if not props:
        return
    for volumes, members in (("log_volume", ("host_path", "mount_path")), ("persistent_volumes", ("mount_path",))):
        for index, volume in enumerate(props.get(volumes) or []):
            for member in members:
                check_not_empty((volume or {}).get(member), "%s.%s[%d].%s" % (where, volumes, index, member))
    if props.get("max_surge") is not None and props["max_surge"] <= 0:
        fail("%s.max_surge must be greater than 0, got %s." % (where, props["max_surge"]))
    # The table says "greater than 0" yet documents 0 as the default, so 0 itself is accepted.
    if props.get("max_unavailable") is not None and props["max_unavailable"] < 0:
        fail("%s.max_unavailable must not be negative, got %s." % (where, props["max_unavailable"]))


def check_config(config, infer_type):
    """Rules across the entries the user listed."""
    if config is None:
        return
    if not config:
        fail("config must list at least one model; the API refuses an empty config for every kind of service "
             "(leave config out to keep the models the service serves).")
    if infer_type == BATCH and len(config) != 1:
        fail("config must list exactly one model for a batch service, it lists %d." % len(config))
    seen = set()
    for index, entry in enumerate(config):
        where = "config[%d]" % index
        if entry.get("model_id") in seen:
            fail("%s.model_id %s is listed twice; list each model once." % (where, entry.get("model_id")))
        seen.add(entry.get("model_id"))
        check_entry(entry, where, infer_type)
    weights = [entry.get("weight") for entry in config]
    if infer_type == REAL_TIME and None not in weights and sum(weights) != TOTAL_WEIGHT:
        fail("config weights must add up to 100 for a real-time service; they add up to %s." % sum(weights))


def broken_rule(entry, where, infer_type, service_pool=None):
    """The message of the first entry rule ``entry`` breaks, else None. With ``service_pool``
    (True or False: whether the service runs in a dedicated pool) the entry is taken as whole."""
    try:
        check_entry(entry, where, infer_type)
        if service_pool is not None:
            check_entry_complete(entry, where, infer_type, service_pool)
    except ModelArtsConfigError as error:
        return str(error)
    return None


def check_merged_config(merged, listed_by_model, infer_type, current_entries=(), service_pool=False):
    """Rules that hold once the entries the user left fields out of take their current values.
    A rule the served entry already breaks is not this change's doing (the service may run with
    its pool set at service level, say), so only rules the change newly breaks stop it."""
    served = dict((entry.get("model_id"), entry) for entry in current_entries)
    for index, entry in enumerate(merged):
        where = "config[%d]" % index
        for required in ("specification", "instance_count"):
            if entry.get(required) is None:
                fail("%s.%s is required for model %s, which the service does not serve yet." % (
                    where, required, entry.get("model_id")))
        if infer_type == REAL_TIME and entry.get("weight") is None:
            fail("%s.weight is required for model %s on a real-time service." % (where, entry.get("model_id")))
        broken = broken_rule(entry, where, infer_type, service_pool)
        current = served.get(entry.get("model_id"))
        if broken and (current is None or broken != broken_rule(current, where, infer_type, service_pool)):
            fail(broken)
    if infer_type == REAL_TIME:
        total = sum(entry.get("weight") or 0 for entry in merged)
        if total != TOTAL_WEIGHT:
            fail("config weights must add up to 100 for a real-time service; with the current weights of %s "
                 "they add up to %s." % (", ".join(listed_by_model) or "the models listed", total))


def check_one_way_switches(current, wanted):
    """websocket_upgrade and LTS log channels cannot be turned off once on."""
    current = current or {}
    wanted = wanted or {}
    if current.get("websocket_upgrade") is True and wanted.get("websocket_upgrade") is False:
        fail("additional_properties.websocket_upgrade cannot be changed back to false once it is enabled.")
    if current.get("log_report_channels") and wanted.get("log_report_channels", current["log_report_channels"]) \
            != current["log_report_channels"]:
        fail("additional_properties.log_report_channels cannot be changed once log reporting is enabled.")


def check_service_properties(props):
    """The service's additional_properties: SMN events, LTS channel IDs."""
    props = props or {}
    smn = props.get("smn_notification") or {}
    check_not_empty(smn.get("topic_urn"), "additional_properties.smn_notification.topic_urn")
    if smn.get("events") is not None and not smn["events"]:
        fail("additional_properties.smn_notification.events must list at least one event: 1 (failed), "
             "3 (running), 7 (concerning) or 11 (pending).")
    for index, channel in enumerate(props.get("log_report_channels") or []):
        configuration = (channel or {}).get("configuration") or {}
        for member in ("log_group_id", "log_stream_id"):
            value = configuration.get(member)
            if value is not None and not 0 < len(value.strip()) <= LTS_ID_MAX:
                fail("additional_properties.log_report_channels[%d].configuration.%s must have 1 to %d characters, "
                     "it has %d." % (index, member, LTS_ID_MAX, len(value.strip())))
