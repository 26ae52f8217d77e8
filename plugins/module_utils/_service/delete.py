# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Deleting a service with DELETE /v1/{project_id}/services/{service_id} (DeleteService).

The DELETE goes through the core's write protocol: after an outcome it cannot know, a read that
finds the service gone or ``deleting`` means it landed; only a service still there and not
deleting gets the DELETE once more. A service already ``deleting`` when the task starts (another
task's DELETE) gets no DELETE at all: the task waits for it to go.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import DeletePlan
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import poll_until
from ansible_collections.hwcloud.modelarts.plugins.module_utils._write import Landing

DELETING = "deleting"


def wait_until_gone(client, service_id, deadline):
    """Poll GET (the core's poll_until) until it answers that the service does not exist."""
    poll_until(lambda: client.find_service(service_id), lambda service: service is None, deadline,
               lambda service: "service %s to be deleted: it is still %s" % (service_id, service.get("status")),
               resource_key="service")


class ServiceDeletion:
    """The delete of modelarts_service (``state: absent``): one DELETE, then the wait until it is gone."""

    def __init__(self, task):
        self.task = task
        self.params = task.params

    def wanted(self):
        return self.params.get("state") == "absent"

    def plan(self, service):
        return DeletePlan(changed_fields=["status"])

    @staticmethod
    def under_way(service):
        return service.get("status") == DELETING

    def await_deletion(self, service, wait):
        """Someone else's DELETE of ``service`` is under way: no DELETE is sent. With ``wait`` the
        service is waited for until it is gone (None); without, it is returned as it is."""
        task = self.task
        if not wait:
            task.warn("Service %s is already %s (another task's delete); no DELETE was sent and it was not waited "
                      "for." % (task.service_id, DELETING))
            return service
        wait_until_gone(task.api, task.service_id, task.deadline)
        task.warn("Service %s was already %s (another task's delete); no DELETE was sent, the task waited until "
                  "it was gone." % (task.service_id, DELETING))
        return None

    def delete(self, service, plan):
        task = self.task
        service_id = task.service_id

        def reread():
            current = task.api.find_service(service_id)
            if current is None:
                return Landing("gone", "service %s is gone" % service_id)
            if self.under_way(current):
                return Landing(DELETING, "service %s is %s" % (service_id, DELETING))
            return Landing(None, "service %s is still %s" % (service_id, current.get("status")))

        task.protocol.send("delete of service %s" % service_id, lambda: task.api.delete_service(service_id), reread,
                           resend=True)
        if self.params["wait"]:
            wait_until_gone(task.api, service_id, task.deadline)
            return {}
        current = task.api.find_service(service_id)
        if current is not None and not self.under_way(current):
            raise ModelArtsError("DELETE of service %s was answered, but the service is still %s." % (
                service_id, current.get("status")))
        return current or {}
