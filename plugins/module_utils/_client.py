# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ModelArts v1 service API, as the modules use it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import PASSWORD
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
    ModelArtsLookupError,
)

PAGE_SIZE = 50
SERVICE_NOT_FOUND = "ModelArts.3502"


class ModelArtsClient:
    def __init__(self, transport, auth, endpoint, iam_endpoint, region=None, project_id=None):
        self.transport = transport
        self.auth = auth
        self.endpoint = endpoint.rstrip("/")
        self.iam_endpoint = iam_endpoint
        self.region = region
        self._project_id = None
        # AWX injects an unset optional credential field as an empty string.
        if project_id:
            self._use_project(project_id)

    def _use_project(self, project_id):
        self._project_id = project_id
        if hasattr(self.auth, "project_id"):
            # AK/SK signing sends it as X-Project-Id.
            self.auth.project_id = project_id

    @property
    def project_id(self):
        if self._project_id is None:
            self._use_project(self._resolve_project_id())
        return self._project_id

    def _resolve_project_id(self):
        if self.auth.mode == PASSWORD:
            # A password token is scoped to the region's project; its answer names the id.
            self.auth.token()
            if self.auth.token_project_id:
                return self.auth.token_project_id
        if not self.region:
            raise ModelArtsConfigError("Set project_id (HW_PROJECT_ID) or region (HW_REGION_NAME) to find the project.")
        response = self.transport.request("GET", self.iam_endpoint + "/v3/projects",
                                          pairs=[("name", self.region)], signer=self.auth)
        projects = [p for p in (response.body or {}).get("projects", []) if p.get("name") == self.region]
        if len(projects) != 1:
            raise ModelArtsConfigError(
                "Expected exactly one IAM project named %r to take the project id from, found %d%s. Set project_id." % (
                    self.region, len(projects),
                    (": " + ", ".join(p.get("id", "?") for p in projects)) if projects else ""))
        return projects[0]["id"]

    def url(self, *segments):
        path = "/".join(quote(str(segment), safe="") for segment in segments)
        return "%s/v1/%s/%s" % (self.endpoint, quote(self.project_id, safe=""), path)

    def call(self, method, *segments, **kwargs):
        return self.transport.request(method, self.url(*segments), signer=self.auth, **kwargs)

    # Services

    def get_service(self, service_id):
        return self.call("GET", "services", service_id).body or {}

    def find_service(self, service_id):
        """The service, or None when the API says it does not exist."""
        try:
            return self.get_service(service_id)
        except ModelArtsApiError as error:
            if error.status == 404 or error.error_code == SERVICE_NOT_FOUND:
                return None
            raise

    def list_services(self, **filters):
        """Every service summary matching the list API's filters, across all pages."""
        pairs = [(key, value) for key, value in sorted(filters.items()) if value is not None]
        return self._all_pages(("services",), "services", pairs)

    def services_named(self, name, **filters):
        # The API's service_name filter may match more than the exact name.
        return [s for s in self.list_services(service_name=name, **filters) if s.get("service_name") == name]

    def service_id_for(self, service_id=None, name=None):
        """The id of the one service a module acts on, given its id or its exact name."""
        if service_id:
            return service_id
        matches = self.services_named(name)
        if len(matches) != 1:
            raise ModelArtsLookupError("%s named %r in project %s%s." % (
                "No service" if not matches else "%d services are" % len(matches), name, self.project_id,
                "; use service_id to pick one of %s" % ", ".join(m.get("service_id", "?") for m in matches) if matches else ""))
        return matches[0]["service_id"]

    def update_service(self, service_id, body):
        return self.call("PUT", "services", service_id, body=body)

    def patch_service(self, service_id, operations, user_id=None):
        headers = {"X-ModelArts-User-ID": user_id} if user_id else None
        return self.call("PATCH", "services", service_id, body=operations, headers=headers)

    def update_records(self, service_id):
        return (self.call("GET", "services", service_id, "logs").body or {}).get("logs", [])

    def events(self, service_id, event_type=None):
        pairs = [("event_type", event_type)] if event_type else []
        return self._all_pages(("services", service_id, "events"), "events", pairs)

    def _all_pages(self, segments, key, pairs):
        items = []
        page = 0
        previous = None
        while True:
            body = self.call("GET", *segments, pairs=pairs + [("limit", PAGE_SIZE), ("offset", page)]).body or {}
            batch = body.get(key) or []
            if batch == previous:
                # The server ignored offset and sent the same page again: there is nothing more.
                return items
            items.extend(batch)
            total = body.get("total_count")
            # Trust total_count when given: a server may cap limit below the page size asked for.
            done = len(items) >= total if total is not None else len(batch) < PAGE_SIZE
            if not batch or done:
                return items
            previous = batch
            page += 1
