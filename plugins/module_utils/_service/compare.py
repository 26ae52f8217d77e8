# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Idempotent comparison: what a service would look like after the user's request, and what differs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.schema import SERVICE, SERVICE_CONFIG
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import ANY, BOOL, DECIMAL2, FLOAT, INT, STRING, field_schema

_TRUE_TEXT = ("true", "yes", "on", "1")
_FALSE_TEXT = ("false", "no", "off", "0")


def normalize(value, schema=ANY, round_decimals=True):
    """A canonical form of ``value`` for its schema: ``"100"`` and ``100.0`` both become ``100``
    for an integer field, ``1`` becomes ``"1"`` in a map of strings. ``None`` members are dropped,
    because a field the user left out is not a field the user wants emptied. Numbers the API keeps
    to two decimals are rounded like the API rounds them, unless ``round_decimals`` is off (to
    judge a value as the user gave it)."""
    if value is None:
        return None
    if isinstance(schema, list):
        element = schema[0] if schema else ANY
        if isinstance(value, (list, tuple)):
            return [normalize(item, element, round_decimals) for item in value]
        return value
    if isinstance(schema, dict) or schema == ANY and isinstance(value, dict):
        if not isinstance(value, dict):
            return value
        return dict((key, normalize(item, field_schema(schema, key) or ANY, round_decimals))
                    for key, item in value.items() if item is not None)
    if schema == ANY and isinstance(value, (list, tuple)):
        return [normalize(item, ANY, round_decimals) for item in value]
    if schema == DECIMAL2 and not round_decimals:
        schema = FLOAT
    return _scalar(value, schema)


def _scalar(value, schema):
    if schema == INT:
        number = _number(value)
        return int(number) if isinstance(number, float) and number.is_integer() else number
    if schema in (FLOAT, DECIMAL2):
        number = _number(value)
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            return number
        return round(float(number), 2) if schema == DECIMAL2 else float(number)
    if schema == STRING:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return str(value)
        return value
    if schema == BOOL and isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE_TEXT:
            return True
        if lowered in _FALSE_TEXT:
            return False
    return value


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                return value
    return value


def writable(value, schema):
    """Only the members of dict ``value`` that ``schema`` names: drops read-only fields."""
    return dict((key, item) for key, item in (value or {}).items() if key in schema)


def current_config(service):
    return [normalize(writable(entry, SERVICE_CONFIG), SERVICE_CONFIG) for entry in service.get("config") or []]


def merge_config(current_entries, desired_entries):
    """The config the user asks for: entries matched by model_id keep what the user left out.

    What is kept from the current entry loses its empty members first: GET shows ``custom_spec: {}``
    on an entry with a catalog flavor (ShowService's example), and ``envs: {}`` or ``additional_properties: {}``
    on any; sent back, the first is refused as a custom_spec without cpu and memory. Empty members the
    user sets are sent as set."""
    by_model = dict((entry.get("model_id"), entry) for entry in current_entries)
    merged = []
    for wanted in desired_entries:
        # _without_empty builds new dicts and lists: the entry shares nothing mutable with current_entries.
        entry = _without_empty(by_model.get(wanted.get("model_id"), {}))
        for key, item in normalize(wanted, SERVICE_CONFIG).items():
            if key == "additional_properties" and isinstance(entry.get(key), dict):
                entry[key] = dict(entry[key], **item)
            else:
                entry[key] = item
        merged.append(entry)
    return merged


def desired_state(service, wanted, before=None):
    """Each top-level field the user set, as the service should have it afterwards.

    ``before``: the service's current_state of (at least) the fields set, when the caller has it already.
    """
    if before is None:
        before = current_state(service, [field for field, value in wanted.items() if value is not None])
    after = {}
    for field, value in wanted.items():
        if value is None:
            continue
        if field == "config":
            after[field] = merge_config(before[field], value)
        elif field == "additional_properties":
            # Members the service shows empty are not sent back (see merge_config).
            after[field] = dict(_without_empty(before[field] or {}), **normalize(value, SERVICE[field]))
        else:
            after[field] = normalize(value, SERVICE[field])
    return after


# What says "none" just as a missing member does (compared by equality: 0 and False are values).
_EMPTY = (None, "", [], {})


def _without_empty(value):
    """``[]``, ``{}`` and ``""`` say "none" just as a missing member does; the API omits empty members.
    Always new dicts and lists: the result shares nothing mutable with ``value``."""
    if isinstance(value, dict):
        pruned = {}
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                item = _without_empty(item)
            if item not in _EMPTY:
                pruned[key] = item
        return pruned
    if isinstance(value, list):
        return [_without_empty(item) if isinstance(item, (dict, list)) else item for item in value]
    return value


def _comparable(field, value):
    value = _without_empty(value)
    if field == "config":
        # Entry order carries no meaning for the API: entries are matched by model.
        return sorted((value or []), key=lambda entry: str(entry.get("model_id")))
    return None if value in _EMPTY else value


def current_state(service, fields):
    current = {}
    for field in fields:
        if field == "config":
            current[field] = current_config(service)
        else:
            current[field] = normalize(service.get(field), SERVICE.get(field, ANY))
    return current


def changed_fields(service, after, before=None):
    """Names of the fields in ``after`` whose value differs from the service's (``before``: its current_state of
    those fields, when the caller has it already)."""
    if before is None:
        before = current_state(service, after)
    return [field for field in after if _comparable(field, before[field]) != _comparable(field, after[field])]


def diff(service, after, fields):
    """The --diff view: before and after of just the fields that change."""
    before = current_state(service, fields)
    return {
        "before": dict((field, before[field]) for field in fields),
        "after": dict((field, after[field]) for field in fields),
    }


def predict(service, after, fields):
    """The service as GET would return it once the change is applied (for check mode)."""
    predicted = copy.deepcopy(service)
    for field in fields:
        if field == "config":
            served = dict((entry.get("model_id"), entry) for entry in service.get("config") or [])
            predicted["config"] = [dict(served.get(entry.get("model_id"), {}), **entry) for entry in after["config"]]
        else:
            predicted[field] = copy.deepcopy(after[field])
    return predicted
