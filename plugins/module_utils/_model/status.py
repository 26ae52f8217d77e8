# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The model statuses of ShowModel/ListModels (``model_status``) and what each means to a task."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

PUBLISHING = "publishing"
PUBLISHED = "published"
FAILED = "failed"
BUILDING = "building"
BUILDING_FAILED = "building_failed"

# An import under way: wait.
IN_PROGRESS = (PUBLISHING, BUILDING)
# An import that ended without a deployable model.
FAILURES = (FAILED, BUILDING_FAILED)
# Where the failure reason may be: ShowModel documents no failure field of its own, and a
# service's detail carries its reason in error_msg.
FAILURE_TEXT_KEYS = ("error_msg", "failed_msg", "failure_reason", "status_message")


def status_of(model):
    return str((model or {}).get("model_status") or "").lower()


def failure_text(model):
    """The model's own words for why its import failed, or a sentence saying it gave none."""
    for key in FAILURE_TEXT_KEYS:
        text = (model or {}).get(key)
        if isinstance(text, str) and text.strip():
            return text.strip()
    return "the model gives no reason (model_status %s)" % status_of(model)
