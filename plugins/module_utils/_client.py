# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ModelArts v1 API for any resource: project id, URLs, signed calls and paging."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.hwcloud.modelarts.plugins.module_utils._project import ProjectResolver

PAGE_SIZE = 50


class ModelArtsClient:
    """``project`` resolves the project id on first use (default: a ProjectResolver for ``region``)."""

    def __init__(self, transport, auth, endpoint, iam_endpoint, region=None, project_id=None, project=None):
        self.transport = transport
        self.auth = auth
        self.endpoint = endpoint.rstrip("/")
        self.iam_endpoint = iam_endpoint
        self.region = region
        # AWX injects an unset optional credential field as an empty string.
        self._project_id = project_id or None
        self._resolve_project = project or ProjectResolver(transport, auth, iam_endpoint, region)

    @property
    def project_id(self):
        if self._project_id is None:
            self._project_id = self._resolve_project()
        return self._project_id

    def url(self, *segments):
        path = "/".join(quote(str(segment), safe="") for segment in segments)
        return "%s/v1/%s/%s" % (self.endpoint, quote(self.project_id, safe=""), path)

    def call(self, method, *segments, **kwargs):
        url = self.url(*segments)
        # Every v1 call is project-scoped; the auth says what, if anything, it sends for that.
        scope = getattr(self.auth, "project_headers", None)
        headers = dict(scope(self.project_id) if scope else {}, **(kwargs.pop("headers", None) or {}))
        return self.transport.request(method, url, signer=self.auth, headers=headers or None, **kwargs)

    def all_pages(self, segments, key, pairs):
        """Every item under ``key`` of a paged list call, across all pages."""
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
