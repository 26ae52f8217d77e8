# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Deleting a service with DELETE /v1/{project_id}/services/{service_id} (DeleteService).

A DELETE that fails without a clear answer is followed by a read: a 404 or ``deleting`` means
it landed; only a service still there and not deleting gets the DELETE once more.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConnectionError,
    ModelArtsError,
    ModelArtsWaitError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import DeletePlan
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import ModelArtsResponseError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import ambiguous
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import FIRST_POLL, MAX_POLL, POLL_FACTOR

DELETING = "deleting"


def wait_until_gone(client, service_id, deadline):
    """Poll GET until it answers that the service does not exist."""
    delay = FIRST_POLL
    while True:
        service = client.find_service(service_id)
        if service is None:
            return
        if deadline.remaining() <= 0:
            raise ModelArtsWaitError("Timed out after %d s waiting for service %s to be deleted: it is still %s." % (
                deadline.seconds, service_id, service.get("status")), resource=service, resource_key="service", waited=round(deadline.waited, 3))
        deadline.pause(delay)
        delay = min(MAX_POLL, delay * POLL_FACTOR)


class ServiceDeletion:
    """The delete hooks of a service flow (a ServiceChange): plan_delete and delete."""

    def wants_absent(self):
        return self.params.get("state") == "absent"

    def plan_delete(self, service):
        return DeletePlan(changed_fields=["status"])

    def delete(self, service, plan):
        service_id = self.service_id
        try:
            self.client.delete_service(service_id)
        except (ModelArtsApiError, ModelArtsConnectionError, ModelArtsResponseError) as error:
            if not ambiguous(error):
                raise
            current = self.client.find_service(service_id)
            if current is None or current.get("status") == DELETING:
                self.module.warn("%s; the service is %s, so the delete landed and was not sent again." % (
                    error, "gone" if current is None else DELETING))
            else:
                self.module.warn("%s; the service is still %s, so the delete is sent once more." % (
                    error, current.get("status")))
                self.client.delete_service(service_id)
        self.wrote = True
        if self.params["wait"]:
            wait_until_gone(self.client, service_id, self.deadline)
            return {}
        current = self.client.find_service(service_id)
        if current is not None and current.get("status") != DELETING:
            raise ModelArtsError("DELETE of service %s was answered, but the service is still %s." % (
                service_id, current.get("status")))
        return current or {}
