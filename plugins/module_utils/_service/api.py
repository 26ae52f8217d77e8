# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The service calls of the ModelArts v1 API (``/v1/{project_id}/services``)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError, ModelArtsConfigError, ModelArtsLookupError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_header_value, check_id, resource_id
from ansible_collections.hwcloud.modelarts.plugins.module_utils._paging import field
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import NotFoundRule
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import (
    ModelArtsResponseError,
    expect_list,
    expect_object,
)

SERVICE_NOT_FOUND = "ModelArts.3502"
# Only ModelArts' own answer means a service does not exist: a gateway 404 such as APIG.0101 (no
# such route: a wrong endpoint or a proxy in the way) is an error.
SERVICE_MISSING = NotFoundRule((404, SERVICE_NOT_FOUND))
SERVICE_ID = resource_id("service")
# Stable, ascending sort orders the list pages are read in (documented sort_by/order values).
# A write naming a model that is not there. The error code table of the API reference has both
# "Model ... does not exist" codes of the service section: 404 ModelArts.3507 (remedy: a correct model ID)
# and 400 ModelArts.3529 (model "under service": remedy, a model that belongs to the service). Neither
# is a missing service (only ModelArts.3502 says that), and neither write landed.
MODEL_MISSING = ((404, "ModelArts.3507"), (400, "ModelArts.3529"))
LIST_ORDER = [("sort_by", "publish_at"), ("order", "asc")]
EVENT_ORDER = [("sort_by", "occur_time"), ("order", "asc")]


class ServiceNameNotFound(ModelArtsLookupError):
    """No service has the name a task that only changes services gives."""


class ModelArtsModelMissing(ModelArtsApiError):
    """A service write refused because a config entry names a model that does not exist (MODEL_MISSING)."""

    def _describe(self):
        return "%s. A model_id of config names no model this service can use (%s); nothing was " \
               "changed: import the model first, or correct the model_id." % (
                   super(ModelArtsModelMissing, self)._describe(), self.error_code)


def _naming_missing_models(call):
    """``call()``; its MODEL_MISSING refusal re-raised as ModelArtsModelMissing (same fields, a message saying what to do)."""
    try:
        return call()
    except ModelArtsApiError as error:
        if (error.status, error.error_code) not in MODEL_MISSING:
            raise
        raise ModelArtsModelMissing(error.status, error.error_code, error.error_msg, error.request_id, error.method,
                                    error.url, error.fields_only) from None


class ServiceApi:
    """Service calls over a generic ModelArtsClient."""

    def __init__(self, client):
        self.client = client

    @property
    def project_id(self):
        return self.client.project_id

    def get_service(self, service_id):
        response = self.client.call("GET", "services", check_id("service_id", service_id, SERVICE_ID))
        service = expect_object(response, "a service object", strings=("service_id", "status"))
        if service["service_id"] != service_id:
            raise ModelArtsResponseError(response, "service %s" % service_id,
                                         "service %r" % service["service_id"][:80])
        return service

    def find_service(self, service_id):
        """The service, or None when ModelArts says it does not exist (SERVICE_MISSING)."""
        return SERVICE_MISSING.read_or_none(lambda: self.get_service(service_id))

    def list_services(self, **filters):
        """Every service summary matching the list API's filters, across all pages.

        Oldest first: ascending publish_at keeps a service created while the pages are read at
        the end, so it cannot push one already read onto the next page.
        """
        pairs = [(key, value) for key, value in sorted(filters.items()) if value is not None]
        return self.client.all_pages(("services",), "services", pairs + LIST_ORDER, identity=field("service_id"),
                                     item_strings=("service_id",))

    def services_named(self, name, **filters):
        """The services named exactly ``name``.

        The API's service_name filter matches substrings (``svc`` finds ``svc-2`` and
        ``my-svc``), so the answer is filtered here. The lookup costs what listing the services
        whose names contain ``name`` costs, never more than listing the whole project: one
        request up to 1000 of them, two up to 2000 (three if the server counts offset in
        records).
        """
        return [s for s in self.list_services(service_name=name, **filters) if s.get("service_name") == name]

    def services_named_now(self, name):
        """``services_named`` read from the API now, never from a listing kept by a subclass: what a
        create may have made is only seen by a fresh read."""
        return ServiceApi.services_named(self, name)

    def service_id_for(self, service_id=None, name=None):
        """The id of the one service a module acts on, given its id or its exact name."""
        if service_id:
            return check_id("service_id", service_id, SERVICE_ID)
        matches = self.services_named(name)
        if not matches:
            raise ServiceNameNotFound("No service named %r in project %s." % (name, self.client.project_id))
        if len(matches) != 1:
            raise ModelArtsLookupError("%s named %r in project %s%s." % (
                "No service" if not matches else "%d services are" % len(matches), name, self.client.project_id,
                "; use service_id to pick one of %s" % ", ".join(m.get("service_id", "?") for m in matches) if matches else ""))
        return check_id("service_id", matches[0]["service_id"], SERVICE_ID)

    def create_service(self, body):
        """POST a new service; the answer names its ``service_id``. Not idempotent: see create.py.

        The answer must be an object; a ``service_id`` in it must be an id fit for the URLs that
        follow (create.py finds the service by name when the answer names none).
        """
        response = _naming_missing_models(lambda: self.client.call("POST", "services", body=body))
        answer = expect_object(response, "a create answer (a JSON object)")
        service_id = answer.get("service_id")
        if service_id is not None:
            try:
                check_id("service_id", service_id, SERVICE_ID)
            except ModelArtsConfigError:
                raise ModelArtsResponseError(response, "a create answer with a service id (letters, digits, '-', '_')",
                                             "service_id %s" % repr(service_id)[:80]) from None
        return response

    def delete_service(self, service_id):
        """DELETE one service; the answer is ``{}`` (a 204 without a body is taken as well)."""
        response = self.client.call("DELETE", "services", check_id("service_id", service_id, SERVICE_ID))
        if not (response.status == 204 and not (response.text or "").strip()):
            expect_object(response, "a delete answer (a JSON object)")
        return response

    def update_service(self, service_id, body):
        response = _naming_missing_models(
            lambda: self.client.call("PUT", "services", check_id("service_id", service_id, SERVICE_ID), body=body))
        expect_object(response, "an update answer (a JSON object)")
        return response

    def patch_service(self, service_id, operations, user_id=None):
        headers = {"X-ModelArts-User-ID": check_header_value("user_id", user_id)} if user_id else None
        response = _naming_missing_models(lambda: self.client.call(
            "PATCH", "services", check_id("service_id", service_id, SERVICE_ID), body=operations, headers=headers))
        expect_object(response, "a patch answer (a JSON object)")
        return response

    def specifications(self, infer_type=None, is_personal_cluster=None):
        """The flavors services can be deployed with (ShowServiceSpecifications), across all pages."""
        pairs = [(key, value) for key, value in (("infer_type", infer_type), ("is_personal_cluster", is_personal_cluster))
                 if value is not None]
        return self.client.all_pages(("services", "specifications"), "specifications", pairs,
                                     identity=field("specification"), item_strings=("specification",))

    def monitor(self, service_id):
        """The service's monitoring figures (ShowServiceMonitorInfo): one entry per model under ``monitors``."""
        response = self.client.call("GET", "services", check_id("service_id", service_id, SERVICE_ID), "monitor")
        expect_list(response, "monitors", "the service's monitoring")
        return response.body

    def project_tags(self):
        """``{key: set of values}`` of every tag of the project's services (ListServiceTags): the v1 API's only tag
        read, merged across services, so it cannot say which service has a tag."""
        response = self.client.call("GET", "services", "tms", "tags")
        _body, items = expect_list(response, "tags", "the project's service tags", item_strings=("key",))
        tags = {}
        for item in items:
            values = item.get("values")
            if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
                raise ModelArtsResponseError(response, "tags whose values are lists of strings",
                                             "tag %s with values %s" % (repr(item["key"])[:80], repr(values)[:80]))
            tags.setdefault(item["key"], set()).update(values)
        return tags

    def tags_to_plan_from(self):
        """The project's tags a tag plan compares the wanted ones with: read now. A fleet answers with the list it
        read before any item ran (FleetServiceApi)."""
        return self.project_tags()

    def add_tags(self, service_id, tags):
        """Add ``tags`` (``{key: value}``) to one service (BatchCreateServiceTags): 204 without a body."""
        body = {"tags": [{"key": key, "value": value} for key, value in sorted(tags.items())]}
        response = self.client.call("POST", "services", check_id("service_id", service_id, SERVICE_ID), "tags", "create",
                                    body=body)
        if (response.text or "").strip() and not isinstance(response.body, dict):
            # The page's answer has no body; a page in its place may stand in front of a write that landed.
            expect_object(response, "a tag answer (no body)")
        return response

    def update_records(self, service_id):
        response = self.client.call("GET", "services", check_id("service_id", service_id, SERVICE_ID), "logs")
        return expect_list(response, "logs", "the update records")[1]

    def events(self, service_id, event_type=None):
        """The service's events, oldest first (events have no id: a repeated record is kept once)."""
        pairs = [("event_type", event_type)] if event_type else []
        return self.client.all_pages(("services", check_id("service_id", service_id, SERVICE_ID), "events"), "events",
                                     pairs + EVENT_ORDER)
