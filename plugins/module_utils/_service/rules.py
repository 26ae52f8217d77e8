# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The documented rules of a service update, checked before anything is sent.

Each rule raises ModelArtsConfigError with a message that names the option and the rule.
Rules that need the current service (websocket_upgrade once enabled, weights of entries the
user did not restate) take it as an argument and run after the GET, before any write.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.schema import BATCH_ONLY_CONFIG_FIELDS, EDGE_ONLY_CONFIG_FIELDS

DESCRIPTION_MAX = 100
DESCRIPTION_FORBIDDEN = '<>=&"\''
REAL_TIME = "real-time"
TOTAL_WEIGHT = 100
MIN_CPU = 0.01


def fail(message):
    raise ModelArtsConfigError(message)


def check_description(description):
    if description is None:
        return
    if len(description) > DESCRIPTION_MAX:
        fail("description may have at most %d characters, it has %d." % (DESCRIPTION_MAX, len(description)))
    bad = sorted(set(c for c in description if c in DESCRIPTION_FORBIDDEN))
    if bad:
        fail("description must not contain any of %s; it contains %s." % (DESCRIPTION_FORBIDDEN, "".join(bad)))


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
    if entry.get("instance_count") is not None and entry["instance_count"] < 1:
        fail("%s.instance_count must be at least 1, got %s." % (where, entry["instance_count"]))
    weight = entry.get("weight")
    if weight is not None and not 0 <= weight <= TOTAL_WEIGHT:
        fail("%s.weight must be between 0 and 100, got %s." % (where, weight))
    check_custom_spec(entry.get("custom_spec"), where + ".custom_spec")
    check_model_additional_properties(entry.get("additional_properties"), where + ".additional_properties")


def check_entry_links(entry, where, infer_type):
    """The rules that tie a field to another field of the entry or to the kind of service."""
    if entry.get("specification") == "custom" and not entry.get("custom_spec"):
        fail("%s.custom_spec is required when %s.specification is custom." % (where, where))
    if (entry.get("additional_properties") or {}).get("log_volume") and not (entry.get("cluster_id") or entry.get("pool_name")):
        fail("%s.additional_properties.log_volume needs a dedicated resource pool: set cluster_id or pool_name "
             "in the same entry." % where)
    if infer_type == REAL_TIME:
        for field in BATCH_ONLY_CONFIG_FIELDS + EDGE_ONLY_CONFIG_FIELDS:
            if entry.get(field) is not None:
                kind = "batch" if field in BATCH_ONLY_CONFIG_FIELDS else "edge"
                fail("%s.%s is only for %s services; this is a real-time service." % (where, field, kind))


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
    if props.get("max_surge") is not None and props["max_surge"] <= 0:
        fail("%s.max_surge must be greater than 0, got %s." % (where, props["max_surge"]))
    # The table says "greater than 0" yet documents 0 as the default, so 0 itself is accepted.
    if props.get("max_unavailable") is not None and props["max_unavailable"] < 0:
        fail("%s.max_unavailable must not be negative, got %s." % (where, props["max_unavailable"]))


def check_config(config, infer_type):
    """Rules across the entries the user listed."""
    if config is None:
        return
    if infer_type == REAL_TIME and not config:
        fail("config must list at least one model for a real-time service.")
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


def broken_rule(entry, where, infer_type):
    """The message of the first entry rule ``entry`` breaks, else None."""
    try:
        check_entry(entry, where, infer_type)
    except ModelArtsConfigError as error:
        return str(error)
    return None


def check_merged_config(merged, listed_by_model, infer_type, current_entries=()):
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
        broken = broken_rule(entry, where, infer_type)
        current = served.get(entry.get("model_id"))
        if broken and (current is None or broken != broken_rule(current, where, infer_type)):
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
