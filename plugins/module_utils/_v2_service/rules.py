# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The documented rules of CreateInferService and UpdateInferService, checked before any request.

Every failure names the option and the rule; nothing here sends anything.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_env_names, check_id, name_characters_outside
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import input_errors, type_errors
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import check_wait_options
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.schema import ASYNC_PROTOCOLS, BODY_SCHEMA, option_name

STATES = ("present", "running", "stopped", "absent")
# CreateInferService, name: 1 to 64 letters (CJK ideographs U+4E00 to U+9FA5 too), digits, hyphens and
# underscores.
NAME_MAX = 64
NAME_IDEOGRAPHS = ((0x4E00, 0x9FA5),)
# version: 1.0.0 to 99.99.99, at most 8 characters.
VERSION_PATTERN = re.compile(r"^[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}$")
DESCRIPTION_MAX = 512
DESCRIPTION_FORBIDDEN = "<>"
# workspace_id: 0 (the default workspace) or 32 lowercase letters and digits.
WORKSPACE_PATTERN = re.compile(r"^(0|[a-z0-9]{32})$")
PERCENT_PATTERN = re.compile(r"^([1-9][0-9]?|100)%$")
SERVICE_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
# Tags travel in an update as "k1|v1,k2|v2" (ServiceUpdateRequest.tags is a string).
TAG_SEPARATORS = ",|"
TAGS_MAX = 20
# schedule: from 1 minute to 7 days.
SCHEDULE_MINUTES = {"MINUTES": 1, "HOURS": 60, "DAYS": 1440}
SCHEDULE_MAX_MINUTES = 7 * 1440


def fail(message):
    raise ModelArtsConfigError(message)


def check_name(name):
    if not 1 <= len(name) <= NAME_MAX or name_characters_outside(name, NAME_IDEOGRAPHS):
        fail("name must be 1 to 64 letters, digits, hyphens (-) or underscores (_), got %r." % name[:80])


def check_version(version):
    if not VERSION_PATTERN.fullmatch(version) or version == "0.0.0":
        fail("version must be three numbers X.Y.Z from 1.0.0 to 99.99.99 (at most 8 characters), got %r." % version[:80])


def check_service_id(service_id):
    check_id("service_id", service_id)


def _range(option, value, low, high):
    if value is not None and not low <= value <= high:
        fail("%s must be from %d to %d, got %r." % (option, low, high, value))


def _check_health(where, probe):
    if not probe:
        return
    for key in ("initial_delay_seconds", "timeout_seconds", "period_seconds", "failure_threshold"):
        if probe.get(key) is not None and probe[key] < 1:
            fail("%s.%s must be at least 1, got %r." % (where, key, probe[key]))
    method = probe.get("check_method")
    if method == "HTTP" and not probe.get("url"):
        fail("%s.url is required when check_method is HTTP." % where)
    if method == "EXEC" and not probe.get("cmd"):
        fail("%s.cmd is required when check_method is EXEC." % where)


def _check_unit(where, unit):
    check_env_names(unit.get("envs"), "%s.envs" % where)
    if unit.get("flavor") and unit.get("custom_spec"):
        fail("%s takes flavor or custom_spec, not both." % where)
    _range("%s.port" % where, unit.get("port"), 1, 65535)
    for probe in ("readiness_health", "startup_health", "liveness_health"):
        _check_health("%s.%s" % (where, probe), unit.get(probe))
    spec = unit.get("custom_spec") or {}
    for key in ("cpu", "memory", "gpu", "ascend"):
        if spec.get(key) is not None and spec[key] < 0:
            fail("%s.custom_spec.%s must not be negative, got %r." % (where, key, spec[key]))


def _check_deployments(body):
    groups = body.get("group_configs")
    if groups is None:
        return
    if len(groups) > 1:
        fail("deployments takes at most one deployment (the service's create and update take one; got %d)." % len(groups))
    for index, group in enumerate(groups):
        where = "deployments[%d]" % index
        _range("%s.count" % where, group.get("count"), 1, 128)
        _range("%s.weight" % where, group.get("weight"), 0, 100)
        units = group.get("unit_configs") or []
        if not units:
            fail("%s.unit_configs must hold at least one unit." % where)
        if body.get("deploy_type") == "SINGLE" and len(units) != 1:
            fail("%s.unit_configs must hold exactly one unit when deploy_type is SINGLE (got %d)." % (where, len(units)))
        for position, unit in enumerate(units):
            _check_unit("%s.unit_configs[%d]" % (where, position), unit)


def _check_runtime(body):
    runtime = body.get("runtime_config")
    if not runtime:
        return
    invoke = runtime.get("service_invoke") or {}
    _range("runtime_config.service_invoke.port", invoke.get("port"), 1, 65535)
    if body.get("type") == "ASYNC_REAL_TIME" and invoke.get("protocol") not in ASYNC_PROTOCOLS:
        fail("runtime_config.service_invoke.protocol must be HTTP or HTTPS when type is ASYNC_REAL_TIME, got %r." % invoke.get("protocol"))
    limit = runtime.get("service_limit") or {}
    _range("runtime_config.service_limit.rate_limit.num", (limit.get("rate_limit") or {}).get("num"), 1, 10000)
    _range("runtime_config.service_limit.request_size_limit", limit.get("request_size_limit"), 1, 50)
    _range("runtime_config.service_limit.request_timeout", limit.get("request_timeout"), 1, 7200)


def _check_upgrade(body):
    rolling = (body.get("upgrade_config") or {}).get("rolling_update") or {}
    for key in ("max_surge", "max_unavailable"):
        value = rolling.get(key)
        if value is not None and not PERCENT_PATTERN.fullmatch(value):
            fail("upgrade_config.rolling_update.%s must be a percentage from 1%% to 100%%, got %r." % (key, value[:40]))


def _check_logs(body):
    logs = body.get("log_configs")
    if logs is None:
        return
    if len(logs) > 3:
        fail("log_configs takes at most 3 entries, one per type (got %d)." % len(logs))
    types = [entry["type"] for entry in logs]
    if len(set(types)) != len(types):
        fail("log_configs takes one entry per type; %s repeats." % sorted(t for t in set(types) if types.count(t) > 1)[0])


def _check_tags(body):
    tags = body.get("tags")
    if tags is None:
        return
    if len(tags) > TAGS_MAX:
        fail("tags takes at most %d tags (got %d)." % (TAGS_MAX, len(tags)))
    keys = [tag["key"] for tag in tags]
    if len(set(keys)) != len(keys):
        fail("tags takes each key once; %r repeats." % sorted(k for k in set(keys) if keys.count(k) > 1)[0])
    for tag in tags:
        for part in ("key", "value"):
            text = tag.get(part) or ""
            if any(c in text for c in TAG_SEPARATORS):
                fail("tags[].%s must not contain ',' or '|' (an update sends tags as k1|v1,k2|v2), got %r." % (part, text[:40]))
        if not tag["key"]:
            fail("tags[].key must not be empty.")


def _check_schedule(body):
    schedule = body.get("schedule")
    if schedule is None:
        return
    if len(schedule) > 1:
        fail("schedule takes at most one entry (got %d)." % len(schedule))
    for entry in schedule:
        minutes = entry["duration"] * SCHEDULE_MINUTES[entry["time_unit"]]
        if not 1 <= minutes <= SCHEDULE_MAX_MINUTES:
            fail("schedule[].duration must be from 1 minute to 7 days, got %d %s." % (entry["duration"], entry["time_unit"]))


def check_body(body):
    """The documented rules of the fields the body sets, whatever the service will do with them."""
    errors = input_errors(body, BODY_SCHEMA, "options") + type_errors(body, BODY_SCHEMA, "options")
    if errors:
        fail("; ".join(errors) + ".")
    if body.get("name") is not None:
        check_name(body["name"])
    if body.get("version") is not None:
        check_version(body["version"])
    description = body.get("description")
    if description is not None:
        if len(description) > DESCRIPTION_MAX:
            fail("description must be at most %d characters (got %d)." % (DESCRIPTION_MAX, len(description)))
        if any(c in description for c in DESCRIPTION_FORBIDDEN):
            fail("description must not contain < or >.")
    if body.get("workspace_id") is not None and not WORKSPACE_PATTERN.fullmatch(body["workspace_id"]):
        fail("workspace_id must be 0 or 32 lowercase letters and digits, got %r." % body["workspace_id"][:80])
    _range("deploy_timeout_minutes", body.get("deploy_timeout_minutes"), 0, 300)
    _check_deployments(body)
    _check_runtime(body)
    _check_upgrade(body)
    _check_logs(body)
    _check_tags(body)
    _check_schedule(body)


# What a create needs beyond what any task sets.
CREATE_REQUIRED = ("name", "type", "deploy_type", "group_configs", "runtime_config")


def check_create(body):
    missing = [option_name(key) for key in CREATE_REQUIRED if body.get(key) is None]
    if missing:
        fail("%s %s required to create a service." % (", ".join(missing), "is" if len(missing) == 1 else "are"))


def check_service_options(params, body):
    """Every rule the options can be checked against before any request."""
    if params.get("service_id"):
        check_service_id(params["service_id"])
    elif not params.get("name"):
        fail("name or service_id is required.")
    check_wait_options(params)
    if params.get("state") != "absent":
        check_body(body)
