# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ModelArts API for any resource (v1, and v2 for the new-version services): project id, URLs, signed calls and paging."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import TOKEN_EXPIRED_CODES
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import PROJECT_ID, check_id
from ansible_collections.hwcloud.modelarts.plugins.module_utils._paging import (
    PAGE_LIMIT,
    V2_PAGE_LIMIT,
    read_all_pages,
    read_record_pages,
    whole_record,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._project import ProjectResolver
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import expect_list

# Records asked for per list request: the documented default, so one request covers most projects.
PAGE_SIZE = PAGE_LIMIT
# The API versions a call may name: every path is /{api}/{project_id}/...
API_VERSIONS = ("v1", "v2")


class ModelArtsClient:
    """``project`` resolves the project id on first use (default: a ProjectResolver for ``region``)."""

    def __init__(self, transport, auth, endpoint, iam_endpoint, region=None, project_id=None, project=None):
        self.transport = transport
        self.auth = auth
        self.endpoint = endpoint.rstrip("/")
        self.iam_endpoint = iam_endpoint
        self.region = region
        # AWX injects an unset optional credential field as an empty string.
        self._project_id = check_id("project_id", project_id, PROJECT_ID) if project_id else None
        self._resolve_project = project or ProjectResolver(transport, auth, iam_endpoint, region)

    @property
    def project_id(self):
        if self._project_id is None:
            self._project_id = self._resolve_project()
        return self._project_id

    def url(self, *segments, **kwargs):
        """The URL of ``/{api}/{project_id}/{segments...}``; ``api`` is v1 unless a v2 call says ``api="v2"``."""
        api = kwargs.pop("api", "v1")
        if api not in API_VERSIONS or kwargs:
            raise TypeError("url() takes api=%s only" % "|".join(API_VERSIONS))
        # Callers check the ids they are given under their option's name; this is the last
        # line of defence: no segment may be empty or a dot segment, which would change the route.
        for segment in segments:
            check_id("a path segment", str(segment))
        path = "/".join(quote(str(segment), safe="") for segment in segments)
        return "%s/%s/%s/%s" % (self.endpoint, api, quote(self.project_id, safe=""), path)

    def call(self, method, *segments, **kwargs):
        url = self.url(*segments, api=kwargs.pop("api", "v1"))
        # Every v1 and v2 call is project-scoped; the auth says what, if anything, it sends for that.
        scope = getattr(self.auth, "project_headers", None)
        headers = dict(scope(self.project_id) if scope else {}, **(kwargs.pop("headers", None) or {}))
        return self._send(method, url, headers=headers or None, **kwargs)

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

    def all_pages(self, segments, key, pairs, identity=whole_record, item_strings=()):
        """Every distinct item under ``key`` of a paged list call, across all pages.

        ``pairs`` are the call's filters and sort order; the pager adds ``limit`` and ``offset``
        and reads ``offset`` right whether the server counts pages or records (see
        read_all_pages for how and at what cost). ``identity(item)`` tells items apart. Each
        page must be an object with a list of objects under ``key``, each holding a non-empty
        string under every name in ``item_strings``.
        """
        what = "GET %s" % self.url(*segments)

        def fetch(offset, limit):
            response = self.call("GET", *segments, pairs=list(pairs) + [("limit", limit), ("offset", offset)])
            return expect_list(response, key, "a page of %s" % key, item_strings=item_strings)[0]

        return read_all_pages(fetch, key, identity=identity, limit=PAGE_SIZE, what=what)

    def v2_pages(self, segments, pairs, identity=whole_record, item_strings=()):
        """Every distinct item under ``data`` of a paged v2 list call (``/v2/...``), across all pages.

        The v2 lists document their paging exactly: ``limit`` at most V2_PAGE_LIMIT, ``offset`` a
        record offset that must be a multiple of ``limit``, ``total`` in every answer
        (read_record_pages).
        """
        what = "GET %s" % self.url(*segments, api="v2")

        def fetch(offset, limit):
            response = self.call("GET", *segments, api="v2", pairs=list(pairs) + [("limit", limit), ("offset", offset)])
            return expect_list(response, "data", "a page of data", item_strings=item_strings)[0]

        return read_record_pages(fetch, "data", identity=identity, limit=V2_PAGE_LIMIT, what=what)
