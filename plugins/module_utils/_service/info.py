# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""modelarts_service_info's options and reads: which services match, read from the list or each in
full, with their update records and events."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError, ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import SERVICE_MISSING, ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.health import WATCH_OPTION, watch_health
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.status import LISTABLE_STATUSES

LIST_FILTERS = ("infer_type", "status", "model_id", "workspace_id")

INFO_OPTIONS = dict(
    service_id=dict(type="str"),
    name=dict(type="str", aliases=["service_name"]),
    infer_type=dict(type="str", choices=["real-time", "batch", "edge"]),
    status=dict(type="str", choices=list(LISTABLE_STATUSES)),
    model_id=dict(type="str"),
    workspace_id=dict(type="str"),
    details=dict(type="bool"),
    include_update_records=dict(type="bool", default=False),
    include_events=dict(type="bool", default=False),
    event_type=dict(type="str", choices=["normal", "abnormal"]),
    watch=WATCH_OPTION,
    include_specifications=dict(type="bool", default=False),
    include_monitor=dict(type="bool", default=False),
)
# A service_id names one service: a name or a list filter beside it would be a second, silent criterion.
INFO_MUTUALLY_EXCLUSIVE = [("service_id", other) for other in ("name",) + LIST_FILTERS]


def run_service_info(run):
    """modelarts_service_info's run: the matching services, nothing written."""
    check_options(run.params)
    api = ServiceApi(run.client)
    services, watched = watch_health(run.params["watch"], lambda: read_services(api, run.params), run.params)
    result = dict(watched, changed=False, services=services)
    if run.params["include_specifications"]:
        result["specifications"] = api.specifications(infer_type=run.params["infer_type"])
    return result


def check_options(params):
    if params["event_type"] and not params["include_events"]:
        raise ModelArtsConfigError("event_type requires include_events=true.")
    if params["service_id"] is not None and not params["service_id"].strip():
        # An empty id would address the list URL; it is a templating mistake, not "no service".
        raise ModelArtsConfigError("service_id must not be empty.")


def reads_in_full(params):
    """Whether each service is read with its own GET (see the details option)."""
    if params["details"] is not None:
        return params["details"]
    return params["service_id"] is not None or params["name"] is not None


def listed_services(client, params):
    """The list entries of the matching services (every page), oldest first."""
    if params["service_id"] is not None:
        return client.list_services(service_id=params["service_id"])
    filters = dict((key, params[key]) for key in LIST_FILTERS)
    if params["name"] is None:
        return client.list_services(**filters)
    return client.services_named(params["name"], **filters)


def read_services(client, params):
    if not reads_in_full(params):
        services = listed_services(client, params)
    else:
        if params["service_id"] is not None:
            # One GET and no list request; an unknown id reads as nothing.
            service_ids = [params["service_id"]]
        else:
            service_ids = [summary["service_id"] for summary in listed_services(client, params)]
        # None: an unknown service_id, or a service deleted since the list was read.
        services = [service for service in map(client.find_service, service_ids) if service is not None]
    return [service for service in services if add_history(client, service, params)]


def add_history(client, service, params):
    """Add the update records and events asked for; False when the service has gone meanwhile."""
    try:
        if params["include_update_records"]:
            service["update_records"] = client.update_records(service["service_id"])
        if params["include_events"]:
            service["events"] = client.events(service["service_id"], params["event_type"])
        if params.get("include_monitor"):
            service["monitor"] = client.monitor(service["service_id"])
    except ModelArtsApiError as error:
        if SERVICE_MISSING.matches(error):
            return False
        raise
    return True
