# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""modelarts_v2_service_info: new-version services by id, by exact name or by list filters, with their
deployments, deployment versions and events on demand."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_id
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.api import V2ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.rules import WORKSPACE_PATTERN, check_name
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.schema import AUTH_TYPES, SERVICE_TYPES

# ListInferServices' filter statuses (the list takes no INIT).
LIST_STATUSES = ("DEPLOYING", "RUNNING", "CONCERNING", "UPGRADING", "STOPPING", "STOPPED", "DELETING", "INTERRUPTING", "FAILED", "ERROR")
EVENT_TYPES = ("NORMAL", "ABNORMAL", "WARNING")
FILTERS = ("status", "type", "auth_type", "description", "pool_id", "workspace_id", "user_name")

INFO_OPTIONS = dict(
    service_id=dict(type="str"),
    name=dict(type="str"),
    status=dict(type="str", choices=list(LIST_STATUSES)),
    type=dict(type="str", choices=list(SERVICE_TYPES)),
    auth_type=dict(type="str", choices=list(AUTH_TYPES)),
    description=dict(type="str"),
    pool_id=dict(type="str"),
    workspace_id=dict(type="str"),
    user_name=dict(type="str"),
    tags=dict(type="dict"),
    details=dict(type="bool", default=False),
    deployments=dict(type="bool", default=False),
    versions=dict(type="bool", default=False),
    events=dict(type="bool", default=False),
    event_type=dict(type="str", choices=list(EVENT_TYPES)),
)

INFO_RULES = dict(mutually_exclusive=[("service_id", other) for other in ("name", "tags") + FILTERS])


def check_info_options(params):
    if params.get("service_id"):
        check_id("service_id", params["service_id"])
    if params.get("name") is not None:
        check_name(params["name"])
    if params.get("workspace_id") and not WORKSPACE_PATTERN.fullmatch(params["workspace_id"]):
        raise ModelArtsConfigError("workspace_id must be 0 or 32 lowercase letters and digits, got %r." % params["workspace_id"][:80])
    if params.get("description") == "":
        raise ModelArtsConfigError("description must not be empty (it filters by the text it contains).")
    for key, value in (params.get("tags") or {}).items():
        if any(c in "%s%s" % (key, value or "") for c in ",|") or not key:
            raise ModelArtsConfigError("tags keys and values must not contain ',' or '|' and keys must not be empty, got %r." % key[:40])
    if params.get("event_type") and not params.get("events"):
        raise ModelArtsConfigError("event_type filters the events: it needs events=true.")


def read_services(api, params):
    """The services the options select: details for an id (or with ``details`` or anything on demand), summaries otherwise."""
    if params.get("service_id"):
        service = api.find(params["service_id"])
        services = [service] if service is not None else []
    else:
        tags = params.get("tags")
        filters = dict((key, params.get(key)) for key in FILTERS)
        if tags:
            filters["tags"] = ",".join("%s|%s" % (key, value or "") for key, value in sorted(tags.items()))
        services = api.list(name=params.get("name"), **filters)
        if params.get("details") or params.get("deployments") or params.get("versions") or params.get("events"):
            # A service deleted since the list was read is left out.
            services = [service for service in (api.find(summary["id"]) for summary in services) if service is not None]
    for service in services:
        if params.get("deployments") or params.get("versions"):
            deployments = api.deployments(service["id"])
            if params.get("versions"):
                for deployment in deployments:
                    deployment["versions"] = api.deployment_versions(service["id"], deployment["id"])
            service["deployments"] = deployments
        if params.get("events"):
            service["events"] = api.events(service["id"], event_type=params.get("event_type"))
    return services


def run_v2_service_info(run):
    check_info_options(run.params)
    return {"changed": False, "services": read_services(V2ServiceApi(run.client, register_secret=run.module.no_log_values.add), run.params)}
