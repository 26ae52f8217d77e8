# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Waiting for a service to settle after a change, within the run's Deadline."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsWaitError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import FIRST_POLL, MAX_POLL, POLL_FACTOR
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.status import FAILED, REACHED, TRANSITIONAL


def wait_until_settled(client, service_id, deadline, fail_on_failed=True, target_status=None):
    """Poll GET until the service leaves every transitional state (and, with ``target_status``,
    reaches it: right after a status change the API may still show the old status); return it.

    Polls soon at first (small changes settle in seconds) and then less often.
    ``fail_on_failed`` is off when the wait only lets someone else's change finish first.
    """
    delay = FIRST_POLL
    while True:
        service = client.get_service(service_id)
        status = service.get("status")
        if status == FAILED and fail_on_failed:
            raise ModelArtsWaitError(
                "Service %s failed: %s" % (service_id, service.get("error_msg") or "no error_msg given"),
                service=service, waited=round(deadline.waited, 3))
        if status not in TRANSITIONAL and (target_status is None or status in REACHED[target_status]):
            return service
        if deadline.remaining() <= 0:
            progress = service.get("progress")
            raise ModelArtsWaitError(
                "Timed out after %d s waiting for service %s to settle: it is still %s%s." % (
                    deadline.seconds, service_id, status, " (progress %s%%)" % progress if progress is not None else ""),
                service=service, waited=round(deadline.waited, 3))
        deadline.pause(delay)
        delay = min(MAX_POLL, delay * POLL_FACTOR)
