"""Tags of a real-time service (TMS tags), from the API reference pages BatchCreateServiceTags ("Adding a
Resource Tag", ``POST /v1/{project_id}/services/{resource_id}/tags/create``), BatchDeleteServiceTags ("Deleting
a Resource Tag", ``DELETE .../tags/delete``) and ListServiceTags (``GET /v1/{project_id}/services/tms/tags``).

Both writes answer 204 without a body. What the pages leave open is listed under "Assumptions" in README.md.
"""

import re

from emulator.errors import cannot_be_empty, parameter_error
from emulator.messages import Reply
from emulator.validation import as_list, as_object, as_str, reject_unknown

KEY_MAX = 128
VALUE_MAX = 255
# TmsTag key: "letters of any language, digits, spaces and _ . : = + - @", no space at either end, not _sys_...
_KEY_RE = re.compile(r"^[\w .:=+\-@]+$", re.UNICODE)
# TmsTag value: the same characters and "/".
_VALUE_RE = re.compile(r"^[\w .:/=+\-@]*$", re.UNICODE)


def _key(item, where):
    key = as_str(item.get("key"), where + ".key") if item.get("key") is not None else None
    if not key:
        raise cannot_be_empty(where + ".key")
    if len(key) > KEY_MAX or not _KEY_RE.match(key) or key != key.strip() or key.startswith("_sys_"):
        raise parameter_error("%s.key must be 1 to %d letters, digits, spaces or _ . : = + - @, without a space at either end "
                              "and not starting with _sys_." % (where, KEY_MAX))
    return key


def _value(item, where):
    value = as_str(item["value"], where + ".value")
    if len(value) > VALUE_MAX or not _VALUE_RE.match(value):
        raise parameter_error("%s.value must be at most %d letters, digits, spaces or _ . : / = + - @." % (where, VALUE_MAX))
    return value


def _tags(body):
    as_object(body, "The request body")
    reject_unknown(body, ("tags",), "the request body")
    tags = body.get("tags")
    if tags is None or tags == []:
        raise cannot_be_empty("tags")
    items = as_list(tags, "tags")
    for index, item in enumerate(items):
        as_object(item, "tags[%d]" % index)
        reject_unknown(item, ("key", "value"), "tags[%d]" % index)
    return items


def _real_time(service):
    # Both pages: "currently only real-time services" have tags.
    if service.infer_type != "real-time":
        raise parameter_error("Tags can be added to or deleted from real-time services only.")


def create_tags(service, body):
    """Add each tag; a key the service has already gets the new value."""
    items = _tags(body)
    _real_time(service)
    changes = []
    for index, item in enumerate(items):
        where = "tags[%d]" % index
        # The value is optional here (an assumption): a tag without one has the empty value.
        changes.append((_key(item, where), _value(item, where) if item.get("value") is not None else ""))
    for key, value in changes:
        service.tags[key] = value
    return Reply(204)


def delete_tags(service, body):
    """Remove each tag by key; with a value, only when the service's tag has that value. Unknown keys are ignored."""
    items = _tags(body)
    _real_time(service)
    removals = []
    for index, item in enumerate(items):
        where = "tags[%d]" % index
        removals.append((_key(item, where), _value(item, where) if item.get("value") is not None else None))
    for key, value in removals:
        if key in service.tags and (value is None or service.tags[key] == value):
            del service.tags[key]
    return Reply(204)


def project_tags(services):
    """GET .../services/tms/tags: every key of the project's services with its values merged (CombineTmsTags)."""
    merged = {}
    for service in services:
        for key, value in service.tags.items():
            values = merged.setdefault(key, [])
            if value not in values:
                values.append(value)
    return Reply(200, {"tags": [{"key": key, "values": merged[key]} for key in sorted(merged)]})
