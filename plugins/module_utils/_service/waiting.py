# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Waiting for a service to settle after a change, within the run's Deadline."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsWaitError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.compare import changed_fields
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import poll_until
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.status import FAILED, REACHED, TRANSITIONAL


def wait_until_settled(client, service_id, deadline, fail_on_failed=True, target_status=None, taken=None):
    """Poll GET (the core's poll_until) until the service leaves every transitional state (and, with
    ``target_status``, reaches it: right after a status change the API may still show the old status); return it.

    With ``taken`` (see ``change_taken``) the polls first wait until the service shows that a write
    was taken: right after a config write the API may still show the old settled state.
    ``fail_on_failed`` is off when the wait only lets someone else's change finish first.
    """
    # Until the service shows the write was taken, its status says nothing about this change.
    awaiting_write = [taken]

    def settled(service):
        if awaiting_write[0] is not None:
            if not awaiting_write[0](service):
                return False
            awaiting_write[0] = None
        status = service.get("status")
        if status == FAILED and fail_on_failed:
            raise ModelArtsWaitError(
                "Service %s failed: %s" % (service_id, service.get("error_msg") or "no error_msg given"),
                resource=service, resource_key="service", waited=round(deadline.waited, 3))
        return status not in TRANSITIONAL and (target_status is None or status in REACHED[target_status])

    def still(service):
        if awaiting_write[0] is not None:
            return "service %s to show that the change was taken: it is still %s with the update_time it had before " \
                   "the write" % (service_id, service.get("status"))
        progress = service.get("progress")
        return "service %s to settle: it is still %s%s" % (
            service_id, service.get("status"), " (progress %s%%)" % progress if progress is not None else "")

    return poll_until(lambda: client.get_service(service_id), settled, deadline, still, resource_key="service")


def _epoch_ms(value):
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def change_taken(client, service_id, before, asked, update_time=None, deploys=True):
    """A predicate for ``wait_until_settled(taken=...)``: does the service show a config write was taken?

    ``before`` is the service read before the write, ``asked`` the fields the write set, ``update_time``
    what the write answered (PATCH and some PUT revisions), ``deploys`` False when the service was
    stopped (a config update of a stopped service is stored, nothing is rolled out).

    A transitional status (or failed, when it was not failed before) says the deployment started. Otherwise the update record tells:
    the one of the returned ``update_time``, or one newer than the service's before the write, with
    result RUNNING (not visible yet: keep polling), SUCCESS (already rolled out) or FAIL.
    """
    before_time = _epoch_ms(before.get("update_time"))
    written_time = _epoch_ms(update_time)

    def record_of_the_write():
        for record in client.update_records(service_id):
            record_time = _epoch_ms(record.get("update_time"))
            if record_time is None:
                continue
            if record_time == written_time or written_time is None and before_time is not None and record_time > before_time:
                return record
        return None

    def taken(service):
        status = service.get("status")
        if status in TRANSITIONAL or status == FAILED and before.get("status") != FAILED:
            return True
        now_time = _epoch_ms(service.get("update_time"))
        moved = now_time is not None and now_time != before_time
        if not deploys:
            return moved or not changed_fields(service, asked)
        if written_time is None and before_time is None:
            # Nothing to match an update record with: the config read back is all there is.
            return not changed_fields(service, asked)
        if not moved and written_time is None and now_time is not None:
            return False
        record = record_of_the_write()
        if record is None or record.get("result") == "RUNNING":
            return False
        if record.get("result") == "FAIL":
            raise ModelArtsWaitError(
                "Service %s shows %s, but the update record of this change says it failed." % (service_id, status),
                resource=service, resource_key="service")
        return True

    return taken
