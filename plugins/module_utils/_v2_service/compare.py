# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""An existing new-version service compared with what the task sets, and the update bodies built from it.

Only fields the task sets are compared, after normalising what the server shows in another shape:
the configuration of the current version is under ``version`` (the deployments as
``instance_groups``); the server adds ids, statuses and defaults (extra members of objects are not
differences); tags are a set; numbers compare by value; fields ShowInferService does not show
(``custom_metrics_path``, ``workload_type``, ``custom_urls``, log ``files``) cannot be compared and
are left alone.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.schema import BODY_SCHEMA, option_name, only_schema
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.status import current_version, deployments_of

# Where ShowInferService shows each body field: at the top, or in the current version.
IN_VERSION = ("description", "runtime_config", "upgrade_config", "log_configs", "lts_strategy", "deploy_timeout_minutes")
# Members no answer shows: never a difference.
UNSHOWN = {
    (): ("custom_metrics_path", "workload_type"),
    ("runtime_config", "service_invoke"): ("custom_urls",),
    ("log_configs", "*"): ("files",),
}
# ShowInferService shows a log configuration that was turned ON but failed as status FAILED (with its
# failure_reason): the task's ON is what was asked for, and sending it again as a new version on every run
# would not mend it, so FAILED counts as ON here and the flow warns with the reason.
SHOWN_FOR = {("log_configs", "*", "status"): {"FAILED": "ON"}}
# Compared apart: the version (its own rules) and the name (the identity).
NOT_COMPARED = ("name", "version")


def shown(service, key):
    """What the service shows for body field ``key`` (a deployment list for group_configs), or None."""
    if key == "group_configs":
        return deployments_of(service)
    if key in IN_VERSION:
        version = service.get("version")
        if isinstance(version, dict):
            return version.get(key)
        return None
    return service.get(key)


def covers(current, wanted, path=()):
    """True when ``current`` holds everything ``wanted`` says (extra members of objects are allowed)."""
    if isinstance(wanted, dict):
        if not isinstance(current, dict):
            return False
        unshown = UNSHOWN.get(path, ())
        return all((key in unshown and key not in current) or (key in current and covers(current[key], item, path + (key,)))
                   for key, item in wanted.items())
    if isinstance(wanted, list):
        return (isinstance(current, list) and len(current) == len(wanted)
                and all(covers(have, want, path + ("*",)) for have, want in zip(current, wanted)))
    if isinstance(wanted, bool) or isinstance(current, bool):
        return wanted is current
    current = SHOWN_FOR.get(path, {}).get(current, current)
    if isinstance(wanted, (int, float)) and isinstance(current, (int, float)):
        return float(wanted) == float(current)
    return wanted == current


def same_tags(current, wanted):
    """Every tag the task sets is there with its value (tags the task does not name are not compared)."""
    have = dict((tag.get("key"), tag.get("value") or "") for tag in current or [] if isinstance(tag, dict))
    return all(tag["key"] in have and have[tag["key"]] == (tag.get("value") or "") for tag in wanted)


def differences(service, body):
    """``[(api field, option, shown value, wanted value)]`` for each field the task sets that the service shows otherwise."""
    found = []
    for key, wanted in sorted(body.items()):
        if key in NOT_COMPARED or key in UNSHOWN[()]:
            continue
        current = shown(service, key)
        if key == "tags":
            equal = same_tags(current, wanted)
        elif key == "description":
            equal = (current or "") == wanted
        else:
            equal = covers(current, wanted, (key,))
        if not equal:
            found.append((key, option_name(key), current, wanted))
    return found


def merged(current, wanted):
    """``wanted`` over ``current``: objects member by member, anything else replaced."""
    if isinstance(current, dict) and isinstance(wanted, dict):
        result = copy.deepcopy(current)
        for key, item in wanted.items():
            result[key] = merged(current.get(key), item)
        return result
    if isinstance(current, list) and isinstance(wanted, list) and len(current) == len(wanted) \
            and all(isinstance(item, dict) for item in current + wanted):
        return [merged(have, want) for have, want in zip(current, wanted)]
    return copy.deepcopy(wanted)


def update_value(service, key, wanted):
    """The value an update sends for body field ``key``: what the service has, with what the task sets over it.

    UpdateInferService replaces a field it is sent; merging keeps the members the task does not
    set, and the deployment keeps its id (and its units theirs), so it is updated, not replaced.
    Members only answers carry are dropped (only_schema), so the body stays the request's.
    """
    current = only_schema(shown(service, key), BODY_SCHEMA[key])
    if key == "group_configs":
        current = current or []
        return merged(current, wanted) if len(current) == len(wanted) else copy.deepcopy(wanted)
    if current is None:
        return copy.deepcopy(wanted)
    return merged(current, wanted)


def tags_text(service, wanted):
    """ServiceUpdateRequest's tags (a string, ``k1|v1,k2|v2``): the service's tags with the task's over them."""
    tags = [(tag.get("key"), tag.get("value") or "") for tag in service.get("tags") or [] if isinstance(tag, dict)]
    values = dict(tags)
    order = [key for key, _value in tags]
    for tag in wanted:
        if tag["key"] not in values:
            order.append(tag["key"])
        values[tag["key"]] = tag.get("value") or ""
    return ",".join("%s|%s" % (key, values[key]) for key in order)


def next_version(version, taken=()):
    """The version after ``version`` (X.Y.Z, each part at most 99): the last part up by one, carrying over."""
    parts = [int(part) for part in version.split(".")]
    while True:
        parts[2] += 1
        for index in (2, 1):
            if parts[index] > 99:
                parts[index] = 0
                parts[index - 1] += 1
        if parts[0] > 99:
            return None
        candidate = "%d.%d.%d" % tuple(parts)
        if candidate not in taken:
            return candidate


def failed_logs(service):
    """``[(type, failure_reason)]`` of the log configurations the service shows as FAILED."""
    version = service.get("version") if isinstance(service.get("version"), dict) else {}
    return [(entry.get("type"), entry.get("failure_reason") or "no reason given") for entry in version.get("log_configs") or []
            if isinstance(entry, dict) and entry.get("status") == "FAILED"]


def version_of(service):
    return current_version(service)
