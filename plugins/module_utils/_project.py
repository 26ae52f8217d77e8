# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which project the v1 API calls act in: given, taken from a password token, or looked up in IAM."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import PROJECT_ID, check_id
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import expect_list


class ProjectResolver:
    """Finds the project id once, on first use, so a run that fails validation sends nothing.

    A password token is scoped to the region's project and its answer names the id, which saves
    the IAM lookup; otherwise ``GET /v3/projects?name={region}`` must name exactly one project.
    Either way the id becomes a path segment of every call, so it is checked like a given one.
    """

    def __init__(self, transport, auth, iam_endpoint, region=None):
        self.transport = transport
        self.auth = auth
        self.iam_endpoint = iam_endpoint
        self.region = region

    def __call__(self):
        scoped = self._from_token()
        if scoped:
            return check_id("project_id", scoped, PROJECT_ID)
        if not self.region:
            raise ModelArtsConfigError("Set project_id (HW_PROJECT_ID) or region (HW_REGION_NAME) to find the project.")
        response = self.transport.request("GET", self.iam_endpoint + "/v3/projects",
                                          pairs=[("name", self.region)], signer=self.auth)
        _body, listed = expect_list(response, "projects", "an IAM project list", item_strings=("id",))
        projects = [p for p in listed if p.get("name") == self.region]
        if len(projects) != 1:
            raise ModelArtsConfigError(
                "Expected exactly one IAM project named %r to take the project id from, found %d%s. Set project_id." % (
                    self.region, len(projects),
                    (": " + ", ".join(p["id"] for p in projects)) if projects else ""))
        return check_id("project_id", projects[0]["id"], PROJECT_ID)

    def _from_token(self):
        token_project = getattr(self.auth, "token_project", None)
        return token_project() if token_project else None
