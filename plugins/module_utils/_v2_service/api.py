# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The new-version real-time service calls (``/v2/{project_id}/services``) over the generic client."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_id, resource_id
from ansible_collections.hwcloud.modelarts.plugins.module_utils._paging import field
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import NotFoundRule
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import ModelArtsResponseError, expect_object

V2 = "v2"
SERVICE_ID = resource_id("service")
# ShowInferService: the v1 "service does not exist" answer (404 ModelArts.3502), the one Terraform
# counts a deleted service by. Nothing else (a gateway 404 is an error).
SERVICE_NOT_FOUND = NotFoundRule((404, "ModelArts.3502"))
# A stable, ascending order: a service created while the pages are read lands at the end.
LIST_ORDER = [("sort_key", "create_at"), ("sort_dir", "ASC")]
# ListInferServices' query filters.
LIST_FILTERS = ("status", "type", "auth_type", "description", "pool_id", "pool_name", "workspace_id", "user_name", "tags")
# Members whose values are secrets wherever an answer carries them (ServiceSecret's secret volumes).
SECRET_KEYS = ("secret_value",)
# ListInferServiceEvents' query filters.
EVENT_FILTERS = ("event_type", "start_time", "end_time", "event_info_key")


def secrets_in(value):
    """Every non-empty string under a SECRET_KEYS member, at any depth of an answer."""
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if key in SECRET_KEYS and isinstance(item, str) and item:
                found.append(item)
            else:
                found.extend(secrets_in(item))
        return found
    if isinstance(value, list):
        return [secret for item in value for secret in secrets_in(item)]
    return []


class V2ServiceApi:
    """New-version service calls over a generic ModelArtsClient.

    ``register_secret`` (the module's ``no_log_values.add``) learns every secret an answer carries
    (a secret volume's value shows in the service's runtime_config), so that a task that did not
    set it, and so did not register it as an option, still masks it in every output.
    """

    def __init__(self, client, register_secret=None):
        self.client = client
        self.register_secret = register_secret

    def _registered(self, answer):
        if self.register_secret is not None:
            for secret in secrets_in(answer):
                self.register_secret(secret)
        return answer

    @property
    def project_id(self):
        return self.client.project_id

    def _service(self, response, service_id=None):
        service = self._registered(expect_object(response, "a service object", strings=("id", "name", "status")))
        if service_id is not None and service["id"] != service_id:
            raise ModelArtsResponseError(response, "service %s" % service_id, "service %r" % service["id"][:80])
        return service

    def get(self, service_id):
        response = self.client.call("GET", "services", check_id("service_id", service_id, SERVICE_ID), api=V2)
        return self._service(response, service_id)

    def find(self, service_id):
        """The service, or None when ModelArts says it does not exist (SERVICE_NOT_FOUND)."""
        return SERVICE_NOT_FOUND.read_or_none(lambda: self.get(service_id))

    def list(self, name=None, **filters):
        """Every service summary matching the filters, across all pages; ``name`` is exact.

        The API's ``name`` filter is fuzzy, so the answer is filtered here to the exact name.
        """
        pairs = [(key, value) for key, value in sorted(filters.items()) if value is not None]
        if name is not None:
            pairs = [("name", name)] + pairs
        services = self._registered(self.client.v2_pages(("services",), pairs + LIST_ORDER, identity=field("id"), item_strings=("id", "name")))
        if name is not None:
            services = [service for service in services if service["name"] == name]
        return services

    def named(self, name):
        return self.list(name=name)

    def create(self, body):
        """POST a new service; the answer is the service with its ``id``. Not idempotent: see WriteProtocol.create_once."""
        response = self.client.call("POST", "services", body=body, api=V2)
        self._service(response)
        return response

    def update(self, service_id, body):
        response = self.client.call("PUT", "services", check_id("service_id", service_id, SERVICE_ID), body=body, api=V2)
        return self._service(response, service_id)

    def start(self, service_id):
        response = self.client.call("POST", "services", check_id("service_id", service_id, SERVICE_ID), "start", api=V2)
        return self._service(response, service_id)

    def stop(self, service_id):
        response = self.client.call("POST", "services", check_id("service_id", service_id, SERVICE_ID), "stop", api=V2)
        return self._service(response, service_id)

    def delete(self, service_id):
        """BatchDeleteInferServices for one service; its answer must list that service."""
        body = {"service_ids": [check_id("service_id", service_id, SERVICE_ID)]}
        response = self.client.call("POST", "services", "delete", body=body, api=V2)
        answer = self._registered(expect_object(response, "a delete answer (a JSON object)"))
        listed = answer.get("service_responses")
        if not isinstance(listed, list) or not any(isinstance(item, dict) and item.get("id") == service_id for item in listed):
            raise ModelArtsResponseError(response, "a delete answer listing service %s under service_responses" % service_id,
                                         "service_responses %s" % repr(listed)[:80])
        return response

    def events(self, service_id, **filters):
        pairs = [(key, value) for key, value in sorted(filters.items()) if value is not None]
        return self.client.v2_pages(("services", check_id("service_id", service_id, SERVICE_ID), "events"),
                                    pairs + [("sort_key", "create_at"), ("sort_dir", "ASC")], identity=field("id"), item_strings=("id",))

    def deployments(self, service_id):
        return self._registered(self.client.v2_pages(("services", check_id("service_id", service_id, SERVICE_ID), "deployments"), [],
                                                     identity=field("id"), item_strings=("id",)))

    def deployment_versions(self, service_id, deployment_id):
        return self._registered(self.client.v2_pages(("services", check_id("service_id", service_id, SERVICE_ID), "deployments",
                                                      check_id("deployment id", deployment_id), "versions"), [],
                                                     identity=field("version"), item_strings=("version",)))
