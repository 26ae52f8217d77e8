"""Body rules of the v2 service calls (``/v2/{project_id}/services``), from the API reference.

The field lists are the request tables of CreateInferService and UpdateInferService (the official SDK's models
mirror them; tests/unit/emulator/test_emulator_v2_contract.py checks the two agree). The rules are the pages'
"constraints" and "value range" texts. Codes as for v1 (README "Body rules and their codes"):

- 400 ``ModelArts.0101`` not an object/list/number/... where one is needed, or a field the call does not know;
- 400 ``ModelArts.3610`` a mandatory field missing, null or empty;
- 400 ``ModelArts.0104`` a value breaking a documented rule (range, choice, pattern, count, uniqueness).

A schema is built from a few node types; ``check(value, schema, path)`` answers the normalised value (a copy) or
raises the first error it finds, naming the field by its path (``group_configs[0].unit_configs[0].port``).
"""

import re

from emulator.errors import cannot_be_empty, invalid_argument, parameter_error


class Str:
    def __init__(self, choices=None, min_len=None, max_len=None, pattern=None, rule=None):
        self.choices = choices
        self.min_len = min_len
        self.max_len = max_len
        self.pattern = re.compile(pattern) if pattern else None
        self.rule = rule


class Int:
    def __init__(self, low=None, high=None):
        self.low = low
        self.high = high


class Num(Int):
    """A number (the reference's Float)."""


class Bool:
    pass


class ListOf:
    def __init__(self, item, max_items=None, min_items=None):
        self.item = item
        self.max_items = max_items
        self.min_items = min_items


class MapOf:
    """An object with free keys, every value of one type (``envs``)."""

    def __init__(self, value):
        self.value = value


class Obj:
    def __init__(self, fields, required=()):
        self.fields = fields
        self.required = tuple(required)


def _kind(value):
    return "null" if value is None else {dict: "object", list: "array", str: "string", bool: "boolean"}.get(type(value), "number")


def _empty(value):
    return value is None or value == "" or value == [] or value == {}


def check(value, schema, path):
    """``value`` checked against ``schema``; answers a normalised copy."""
    if isinstance(schema, Obj):
        if not isinstance(value, dict):
            raise invalid_argument("%s must be an object, not %s." % (path or "The request body", _kind(value)))
        unknown = sorted(set(value) - set(schema.fields))
        if unknown:
            raise invalid_argument("Unknown field %s." % _join(path, unknown[0]))
        for key in schema.required:
            if _empty(value.get(key)) and not (isinstance(schema.fields[key], ListOf) and value.get(key) == []
                                               and schema.fields[key].min_items == 0):
                raise cannot_be_empty(_join(path, key))
        result = {}
        for key, item in value.items():
            if item is None:
                continue
            result[key] = check(item, schema.fields[key], _join(path, key))
        return result
    if isinstance(schema, ListOf):
        if not isinstance(value, list):
            raise invalid_argument("%s must be an array, not %s." % (path, _kind(value)))
        if schema.max_items is not None and len(value) > schema.max_items:
            raise parameter_error("%s takes at most %d items." % (path, schema.max_items))
        if schema.min_items and len(value) < schema.min_items:
            raise parameter_error("%s needs at least %d items." % (path, schema.min_items))
        return [check(item, schema.item, "%s[%d]" % (path, index)) for index, item in enumerate(value)]
    if isinstance(schema, MapOf):
        if not isinstance(value, dict):
            raise invalid_argument("%s must be an object, not %s." % (path, _kind(value)))
        return {key: check(item, schema.value, _join(path, key)) for key, item in value.items()}
    if isinstance(schema, Bool):
        if not isinstance(value, bool):
            raise invalid_argument("%s must be a boolean, not %s." % (path, _kind(value)))
        return value
    if isinstance(schema, Int):
        integral = isinstance(value, int) or (isinstance(schema, Num) and isinstance(value, float))
        if isinstance(value, bool) or not integral:
            raise invalid_argument("%s must be %s, not %s." % (path, "a number" if isinstance(schema, Num) else "an integer", _kind(value)))
        if (schema.low is not None and value < schema.low) or (schema.high is not None and value > schema.high):
            raise parameter_error("%s must be between %s and %s, not %s." % (path, schema.low, schema.high, value))
        return value
    if not isinstance(value, str):
        raise invalid_argument("%s must be a string, not %s." % (path, _kind(value)))
    if schema.choices and value not in schema.choices:
        raise parameter_error("%s must be one of %s, not %r." % (path, ", ".join(schema.choices), value))
    if schema.min_len is not None and len(value) < schema.min_len:
        raise parameter_error("%s must have at least %d characters." % (path, schema.min_len))
    if schema.max_len is not None and len(value) > schema.max_len:
        raise parameter_error("%s must have at most %d characters." % (path, schema.max_len))
    if schema.pattern and not schema.pattern.match(value):
        raise parameter_error("%s: %s" % (path, schema.rule or "invalid value %r." % value))
    return value


def _join(path, key):
    return "%s.%s" % (path, key) if path else key


# --- the documented objects ------------------------------------------------------------------

NAME_RULE = "1 to 64 letters, Chinese characters, digits, hyphens (-) or underscores (_)."
_NAME_PATTERN = r"^[A-Za-z0-9\u4e00-\u9fa5_-]+$"
VERSION_RULE = "a version from 1.0.0 to 99.99.99 (digits and dots, at most 8 characters)."
_VERSION_PATTERN = r"^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$"
_PERCENT = Str(pattern=r"^(100|[1-9][0-9]?)%$", rule="a percentage from 1% to 100%.")
_DESCRIPTION = Str(max_len=512, pattern=r"^[^<>]*$", rule="must not contain < or >.")
_ID = Str(max_len=64)

HEALTH = Obj({
    "check_method": Str(choices=("HTTP", "EXEC")), "cmd": Str(), "url": Str(), "protocol": Str(choices=("HTTP", "HTTPS")),
    "initial_delay_seconds": Int(1), "timeout_seconds": Int(1), "period_seconds": Int(1), "failure_threshold": Int(1),
}, required=("check_method",))
_MOUNT = {"source": Str(), "address": Str(), "mount_path": Str(), "host_cache": Bool(), "efs_sub_path": Str(), "read_only": Bool(),
          "os_warm_up": Bool(), "source_name": Str()}
MODEL_RESOURCE = Obj(dict(_MOUNT, asset_id=Str()))
UNIT = Obj({
    "id": _ID, "name": Str(max_len=64), "role": Str(), "flavor": Str(), "flavor_display_name": Str(),
    "custom_spec": Obj({"gpu": Num(0), "memory": Int(1), "cpu": Num(0), "ascend": Int(0), "arch": Str(choices=("x86", "arm"))}),
    "image": Obj({"id": Str(), "source": Str(choices=("SWR", "IMAGE")), "swr_path": Str(min_len=1), "category": Str()},
                 required=("source", "swr_path")),
    "models": ListOf(MODEL_RESOURCE),
    "codes": ListOf(Obj({"source": Str(), "address": Str(), "source_id": Str(), "mount_path": Str(), "efs_sub_path": Str(),
                         "read_only": Bool()})),
    "files": ListOf(Obj(dict(_MOUNT))),
    "dumps": ListOf(Obj({"source": Str(), "address": Str(), "mount_path": Str()})),
    "count": Int(1, 128), "cpu_affinity": Bool(), "cmd": Str(),
    "termination_grace": Obj({"pre_stop_cmd": Str(), "termination_grace_period_seconds": Int(0)}),
    "envs": MapOf(Str()),
    "readiness_health": HEALTH, "startup_health": HEALTH, "liveness_health": HEALTH,
    "port": Int(1, 65535), "recovery": Str(), "npu_reset_enable": Bool(), "group_count": Int(1),
    "affinity": Obj({"affinity_type": Str(), "required": Bool(), "selection_mode": Str(), "targets": MapOf(Str())}),
    "security_config": Obj({"user_id": Int(0), "group_id": Int(0)}),
    "pool_resource_flavor": Str(), "group_policy": Obj({"schedule_scope": Str()}),
}, required=("image",))
UPGRADE = Obj({"type": Str(choices=("ROLLING",)), "rolling_update": Obj({"max_surge": _PERCENT, "max_unavailable": _PERCENT})},
              required=("type",))
SECRET = Obj({"secret_enable": Bool(), "secret_type": Str(), "secret_volumes": ListOf(Obj({
    "secret_name": Str(), "secret_key": Str(), "secret_value": Str(), "mount_path": Str()})), "group_enable": Bool(), "group_id": Int(0)})
ADVANCED = Obj({
    "deploy_timeout_minutes": Int(0, 300), "upgrade_config": UPGRADE, "service_secret": SECRET, "dynamic_routing_enable": Bool(),
    "strategy": Str(), "ems_enable": Bool(), "metric_api_scheme": Str(), "metric_api_port": Str(), "metric_api_path": Str(),
    "custom_metrics_path": Str(), "mooncake_enable": Bool(), "port": Int(1, 65535), "protocol": Str(),
})
GROUP = Obj({
    "id": _ID, "name": Str(min_len=1, max_len=64), "pool_id": Str(), "count": Int(1, 128), "system_log_dump_enable": Bool(),
    "unit_configs": ListOf(UNIT, min_items=1), "weight": Int(0, 100), "secret_type": Str(), "secret_name": Str(), "priority": Int(),
    "high_avail_switch": Bool(), "schedule_strategy": Str(), "version": Str(), "version_id": Str(), "description": _DESCRIPTION,
    "framework": Str(choices=("COMMON", "VLLM", "MINDIE")), "running_count": Int(0), "deploy_type": Str(choices=("SINGLE", "MULTI")),
    "mirror_traffic_enable": Bool(), "mirror_traffic_weight": Str(), "version_count": Int(0),
    "workload_type": Str(choices=("DEPLOYMENT", "LWS")), "update_at": Int(0), "model": MODEL_RESOURCE, "advanced_config": ADVANCED,
}, required=("name", "weight", "unit_configs"))
_INVOKE_FIELDS = {
    "port": Int(1, 65535), "protocol": Str(choices=("HTTP", "HTTPS", "WS", "WSS")), "auth_type": Str(choices=("TOKEN", "API_KEY", "NONE")),
    "internet_access_enable": Bool(), "intranet_approval_enable": Bool(), "dynamic_routing_enable": Bool(), "strategy": Str(),
    "metric_api_scheme": Str(), "metric_api_port": Str(), "metric_api_path": Str(), "ems_enable": Bool(), "request_retry_enable": Bool(),
    "request_retry_cnt_max": Int(0), "request_retry_interval_ms": Int(0),
    "fuse_configs": Obj({"error_rate_fuse_enable": Bool(), "error_rate_threshold": Num(0, 100)}),
    "elb_connection": Obj({"elb_id": Str(), "m_tls": Bool(), "ca_cert_id": Str(), "server_cert_id": Str(), "sni_cert_ids": ListOf(Str())}),
    "custom_urls": ListOf(Str()),
}
_LIMIT = Obj({
    "rate_limit": Obj({"num": Int(1, 10000), "unit": Str(choices=("SECONDS", "MINUTES"))}, required=("num", "unit")),
    "request_size_limit": Int(1, 50), "request_timeout": Int(1, 7200), "ip_white_list": ListOf(Str()), "ip_black_list": ListOf(Str()),
}, required=("rate_limit", "request_size_limit", "request_timeout"))
_RUNTIME_FIELDS = {"service_limit": _LIMIT, "service_secret": SECRET, "server_task_limit": Obj({"max_task": Int(1)}),
                   "smart_routing_enable": Bool()}
RUNTIME_CREATE = Obj(dict(_RUNTIME_FIELDS, service_invoke=Obj(_INVOKE_FIELDS, required=("port", "protocol", "auth_type"))),
                     required=("service_invoke", "service_limit"))
# On update nothing in the runtime configuration is mandatory: omitted fields keep their values.
_ELB_UPDATE = Obj(dict(_INVOKE_FIELDS["elb_connection"].fields, action=Str(choices=("RETRY", "SYNC_ADDR"))))
RUNTIME_UPDATE = Obj(dict(_RUNTIME_FIELDS, service_invoke=Obj(dict(_INVOKE_FIELDS, elb_connection=_ELB_UPDATE))))
LOG_CONFIG = Obj({"status": Str(choices=("ON", "OFF")), "type": Str(choices=("STDOUT", "EVENT", "FILE")), "log_group_id": Str(),
                  "log_stream_id": Str(), "files": ListOf(Obj({"log_path": Str(), "file_pattern": Str()}))}, required=("status", "type"))
TAG = Obj({"key": Str(min_len=1, max_len=128), "value": Str(max_len=255)}, required=("key",))
SCHEDULE = Obj({"duration": Int(1), "time_unit": Str(choices=("MINUTES", "HOURS", "DAYS")), "type": Str(choices=("STOP",))},
               required=("duration", "time_unit", "type"))
_COMMON = {
    "version": Str(max_len=8, pattern=_VERSION_PATTERN, rule=VERSION_RULE), "description": _DESCRIPTION,
    "upgrade_config": UPGRADE, "lts_strategy": Str(choices=("POOL", "AUTO_CREATE", "DEFAULT")),
    "log_configs": ListOf(LOG_CONFIG, max_items=3), "workspace_id": Str(pattern=r"^(0|[a-z0-9]{32})$", rule="0 or 32 lowercase letters and digits."),
    "schedule": ListOf(SCHEDULE, max_items=1), "custom_metrics_path": Str(), "deploy_timeout_minutes": Int(0, 300), "task_type": Str(),
}
CREATE = Obj(dict(_COMMON, name=Str(min_len=1, max_len=64, pattern=_NAME_PATTERN, rule=NAME_RULE),
                  type=Str(choices=("REAL_TIME", "ASYNC_REAL_TIME")), deploy_type=Str(choices=("SINGLE", "MULTI")),
                  group_configs=ListOf(GROUP, max_items=1, min_items=0), runtime_config=RUNTIME_CREATE,
                  tags=ListOf(TAG, max_items=20), workload_type=Str(choices=("DEPLOYMENT", "LWS"))),
             # custom_metrics_path is not required here: see README "v2: the pages, the SDK and what the emulator follows".
             required=("name", "type", "deploy_type", "group_configs", "runtime_config"))
UPDATE = Obj(dict(_COMMON, id=_ID, name=Str(min_len=1, max_len=128), group_configs=ListOf(GROUP, max_items=1, min_items=1),
                  runtime_config=RUNTIME_UPDATE, tags=Str()))
TAGS_BODY = Obj({"tags": ListOf(TAG, max_items=20, min_items=1), "resource_id": _ID}, required=("tags",))
DELETE_BODY = Obj({"service_ids": ListOf(Str(min_len=1), min_items=1)}, required=("service_ids",))

SCHEDULE_UNIT_SECONDS = {"MINUTES": 60, "HOURS": 3600, "DAYS": 86400}
_SCHEDULE_MAX_SECONDS = 7 * 86400


def _version_in_range(version, path):
    parts = [int(part) for part in version.split(".")]
    if parts < [1, 0, 0]:
        raise parameter_error("%s must be %s" % (path, VERSION_RULE))


def _check_schedule(schedule):
    for index, rule in enumerate(schedule):
        seconds = rule["duration"] * SCHEDULE_UNIT_SECONDS[rule["time_unit"]]
        if seconds > _SCHEDULE_MAX_SECONDS:
            raise parameter_error("schedule[%d] must stop the service within 1 minute to 7 days." % index)


def _check_log_configs(log_configs):
    types = [entry["type"] for entry in log_configs]
    for kind in set(types):
        if types.count(kind) > 1:
            raise parameter_error("log_configs takes one entry per type; %s is there %d times." % (kind, types.count(kind)))


def _check_tags(tags, path="tags"):
    keys = [tag["key"] for tag in tags]
    for key in set(keys):
        if keys.count(key) > 1:
            raise parameter_error("%s has the key %s twice." % (path, key))


def _check_groups(groups, deploy_type):
    for index, group in enumerate(groups):
        path = "group_configs[%d]" % index
        units = group.get("unit_configs") or []
        if deploy_type == "SINGLE" and len(units) != 1:
            raise parameter_error("%s.unit_configs takes exactly one unit when deploy_type is SINGLE." % path)
        for number, unit in enumerate(units):
            if unit.get("flavor") and unit.get("custom_spec"):
                raise parameter_error("%s.unit_configs[%d] takes flavor or custom_spec, not both." % (path, number))


def _check_runtime(runtime, service_type, path="runtime_config"):
    protocol = (runtime.get("service_invoke") or {}).get("protocol")
    if service_type == "ASYNC_REAL_TIME" and protocol in ("WS", "WSS"):
        raise parameter_error("%s.service_invoke.protocol of an ASYNC_REAL_TIME service must be HTTP or HTTPS." % path)


def validate_create(body):
    """The normalised create body, defaults applied (version 1.0.0, workspace 0)."""
    if body is None:
        raise cannot_be_empty("body")
    fields = check(body, CREATE, "")
    fields.setdefault("version", "1.0.0")
    _version_in_range(fields["version"], "version")
    fields.setdefault("workspace_id", "0")
    _check_groups(fields["group_configs"], fields["deploy_type"])
    _check_runtime(fields["runtime_config"], fields["type"])
    _check_schedule(fields.get("schedule", []))
    _check_log_configs(fields.get("log_configs", []))
    _check_tags(fields.get("tags", []))
    return fields


def validate_update(body, service):
    """The normalised update body (only what the body names); rules that need the service are checked here too."""
    if body is None:
        raise cannot_be_empty("body")
    fields = check(body, UPDATE, "")
    if "id" in fields and fields["id"] != service.id:
        raise parameter_error("id %s is not the service of the URL (%s)." % (fields["id"], service.id))
    if "name" in fields and fields["name"] != service.name:
        raise parameter_error("name cannot be changed (%s)." % service.name)
    if "workspace_id" in fields and fields["workspace_id"] != service.workspace_id:
        raise parameter_error("workspace_id cannot be changed (%s)." % service.workspace_id)
    if "version" in fields:
        _version_in_range(fields["version"], "version")
    if "tags" in fields:
        fields["tags"] = parse_update_tags(fields["tags"])
    if "group_configs" in fields:
        _check_groups(fields["group_configs"], service.deploy_type)
    if "runtime_config" in fields:
        _check_runtime(fields["runtime_config"], service.type)
    _check_schedule(fields.get("schedule", []))
    _check_log_configs(fields.get("log_configs", []))
    return fields


def parse_update_tags(text):
    """The update's ``tags`` (a string in the update table): ``k1|v1,k2|v2`` as the list filter writes tags.

    The other pages and the tag calls carry tags as [{key, value}]; see the README on which form is taken where.
    """
    tags = []
    for number, part in enumerate(item for item in text.split(",") if item.strip()):
        key, _bar, value = part.partition("|")
        tags.append(check({"key": key.strip(), "value": value.strip()}, TAG, "tags[%d]" % number))
    if len(tags) > 20:
        raise parameter_error("tags takes at most 20 items.")
    _check_tags(tags)
    return tags
