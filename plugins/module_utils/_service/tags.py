# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The tags of a real-time service: what the v1 API can and cannot tell about them.

BatchCreateServiceTags (``POST .../services/{id}/tags/create``) adds tags, a key the service has
getting the new value. The only tag read of the v1 API is ListServiceTags
(``GET .../services/tms/tags``): every key of the project's services with their values merged, not
one service's tags. So a wanted tag whose value no service of the project has is certainly missing
from this service and is added (a created service has none, so it gets all of them); a tag whose
value some service has may be this service's or another's, and is left alone and reported as
unconfirmed rather than written on every run. Tags are never removed: with no read of one service's
tags, nothing says which ones it has beyond those the task names.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError, ModelArtsError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import shown
from ansible_collections.hwcloud.modelarts.plugins.module_utils._write import Landing

# TmsTag (BatchCreateServiceTags): a key of 1 to 128 letters of any language, digits, spaces and _ . : = + - @,
# without a space at either end and not starting with _sys_; a value of at most 255 of those and /.
KEY_MAX = 128
VALUE_MAX = 255
KEY_SYMBOLS = frozenset(" _.:=+-@")
VALUE_SYMBOLS = KEY_SYMBOLS | frozenset("/")
RESERVED_PREFIX = "_sys_"


def _outside(text, symbols):
    return sorted(set(char for char in text if not char.isalnum() and char not in symbols))


def check_tags(params):
    """The ``tags`` option (set, with a state other than absent) against the TmsTag rules and the tag pages'
    "real-time services only", before any request."""
    tags = params["tags"]
    if params.get("infer_type") != "real-time":
        raise ModelArtsConfigError(
            "tags apply to real-time services only (BatchCreateServiceTags: currently only real-time services have "
            "tags); infer_type is %s." % params.get("infer_type"))
    seen = set()
    for index, tag in enumerate(tags):
        where = "tags[%d]" % index
        key, value = tag["key"], tag.get("value") or ""
        if not 1 <= len(key) <= KEY_MAX or key != key.strip() or key.startswith(RESERVED_PREFIX) \
                or _outside(key, KEY_SYMBOLS):
            raise ModelArtsConfigError(
                "%s.key must have 1 to %d letters, digits, spaces or _ . : = + - @, no space at either end and not "
                "start with %s; got %s." % (where, KEY_MAX, RESERVED_PREFIX, shown(key)))
        if len(value) > VALUE_MAX or _outside(value, VALUE_SYMBOLS):
            raise ModelArtsConfigError(
                "%s.value must have at most %d letters, digits, spaces or _ . : / = + - @; got %s." % (
                    where, VALUE_MAX, shown(value)))
        if key in seen:
            raise ModelArtsConfigError("%s.key %s is listed twice; a service has one value per key." % (where, shown(key)))
        seen.add(key)


def wanted_tags(params):
    """``{key: value}`` of the ``tags`` option (a tag without a value has the empty one)."""
    return dict((tag["key"], tag.get("value") or "") for tag in params.get("tags") or [])


class ServiceTags:
    """The tag part of one task's service: plans from the project's tag list (the plan's ``tags``), adds through
    the write protocol, and verifies by reading the list again. ``added`` and ``unconfirmed`` go into the result."""

    def __init__(self, task):
        self.task = task
        self.wanted = wanted_tags(task.params)
        self.added = {}
        self.unconfirmed = []

    def plan(self, created=False):
        """The wanted tags to add: all of them to a service this task creates; otherwise those whose value no
        service of the project has (one read), the others being unconfirmed."""
        if created:
            return dict(self.wanted)
        project = self.task.api.tags_to_plan_from()
        missing = dict((key, value) for key, value in self.wanted.items() if value not in project.get(key, ()))
        self.unconfirmed = sorted(key for key in self.wanted if key not in missing)
        return missing

    def apply(self, tags):
        """Add ``tags`` (``{key: value}``) to the service, then read the project's list: each must be there."""
        if not tags:
            return
        task = self.task
        service_id = task.service_id
        keys = ", ".join(sorted(tags))

        def listed():
            project = task.api.project_tags()
            return [key for key, value in sorted(tags.items()) if value not in project.get(key, ())]

        def reread():
            absent = listed()
            if not absent:
                return Landing(True, "the project's tag list shows %s" % keys)
            return Landing(None, "the project's tag list does not show %s" % ", ".join(absent))

        # Adding a tag the service has already only sets its value again, so the write may go once more.
        written = task.protocol.send("tag update of service %s" % service_id,
                                     lambda: task.api.add_tags(service_id, tags), reread, resend=True)
        absent = [] if written.landing is not None else listed()
        if absent:
            raise ModelArtsError(
                "Tags %s were added to service %s and answered, but the project's tag list (ListServiceTags) does not "
                "show them; another change may have removed them. Run the task again to add them once more." % (
                    ", ".join(absent), service_id))
        self.added.update(tags)

    def result(self, result, plan):
        """``tags_added`` (in check mode, the ``plan``'s: what would be added) and ``tags_unconfirmed``."""
        added = plan.tags if self.task.check_mode else self.added
        result.update(tags_added=dict(added), tags_unconfirmed=list(self.unconfirmed))
        return result
