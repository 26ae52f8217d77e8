# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ModelArts v1 API for any resource: project id, URLs, signed calls and paging."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import PASSWORD
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsConfigError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._paging import PAGE_LIMIT, read_all_pages, whole_record

# Records asked for per list request: the documented default, so one request covers most projects.
PAGE_SIZE = PAGE_LIMIT


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

    def all_pages(self, segments, key, pairs, identity=whole_record):
        """Every distinct item under ``key`` of a paged list call, across all pages.

        ``pairs`` are the call's filters and sort order; the pager adds ``limit`` and ``offset``
        and reads ``offset`` right whether the server counts pages or records (see
        read_all_pages for how and at what cost). ``identity(item)`` tells items apart.
        """
        what = "GET %s" % self.url(*segments)

        def fetch(offset, limit):
            return self.call("GET", *segments, pairs=list(pairs) + [("limit", limit), ("offset", offset)]).body

        return read_all_pages(fetch, key, identity=identity, limit=PAGE_SIZE, what=what)
