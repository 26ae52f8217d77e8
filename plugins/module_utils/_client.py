# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ModelArts v1 API for any resource: project id, URLs, signed calls and paging."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import PASSWORD, TOKEN_EXPIRED_CODES
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_id
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import expect_list

PAGE_SIZE = 50


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
        self._project_id = check_id("project_id", project_id)
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
        response = self._send("GET", self.iam_endpoint + "/v3/projects", pairs=[("name", self.region)])
        _body, listed = expect_list(response, "projects", "an IAM project list", item_strings=("id",))
        projects = [p for p in listed if p.get("name") == self.region]
        if len(projects) != 1:
            raise ModelArtsConfigError(
                "Expected exactly one IAM project named %r to take the project id from, found %d%s. Set project_id." % (
                    self.region, len(projects),
                    (": " + ", ".join(p.get("id", "?") for p in projects)) if projects else ""))
        return projects[0]["id"]

    def url(self, *segments):
        # Callers check the ids they are given under their option's name; this is the last
        # line of defence: no segment may be empty or a dot segment, which would change the route.
        for segment in segments:
            check_id("a path segment", str(segment))
        path = "/".join(quote(str(segment), safe="") for segment in segments)
        return "%s/v1/%s/%s" % (self.endpoint, quote(self.project_id, safe=""), path)

    def call(self, method, *segments, **kwargs):
        return self._send(method, self.url(*segments), **kwargs)

    def _send(self, method, url, **kwargs):
        """A signed request; an expired IAM password token is renewed once and the request sent again.

        The gateway refused the first request before it reached ModelArts, so sending it again
        cannot repeat a write.
        """
        try:
            return self.transport.request(method, url, signer=self.auth, **kwargs)
        except ModelArtsApiError as error:
            if not (error.status == 401 and error.error_code in TOKEN_EXPIRED_CODES and hasattr(self.auth, "renew")):
                raise
        self.auth.renew()
        return self.transport.request(method, url, signer=self.auth, **kwargs)

    def all_pages(self, segments, key, pairs, item_strings=()):
        """Every item under ``key`` of a paged list call, across all pages."""
        items = []
        page = 0
        previous = None
        while True:
            response = self.call("GET", *segments, pairs=pairs + [("limit", PAGE_SIZE), ("offset", page)])
            body, batch = expect_list(response, key, "a page of %s" % key, item_strings=item_strings)
            if batch == previous:
                # The server ignored offset and sent the same page again: there is nothing more.
                return items
            items.extend(batch)
            total = body.get("total_count")
            if isinstance(total, bool) or not isinstance(total, int):
                total = None
            # Trust total_count when given: a server may cap limit below the page size asked for.
            done = len(items) >= total if total is not None else len(batch) < PAGE_SIZE
            if not batch or done:
                return items
            previous = batch
            page += 1
