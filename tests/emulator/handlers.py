"""The ModelArts v1 service endpoints (``/v1/{project_id}/services...``); ``/models...`` goes to models.py.

Order of checks in every handler, as a gateway in front of a service would do them: the
API must exist (404 APIG.0101), the caller must authenticate (401) and may act in the URL's
project (403 ModelArts.0210), the service must exist (404 ModelArts.3502), then the body
and the service's state are checked.
"""

import json
import uuid

from emulator import auth, clock, service_tags, validation
from emulator.catalog import CUSTOM, SPECIFICATIONS
from emulator.errors import (api_not_found, invalid_argument, page_out_of_range, parameter_error, service_not_found, shared_service,
                             state_forbids_update)
from emulator.messages import Reply
from emulator.services import Service, to_ms

SORT_FIELDS = ("publish_at", "service_name", "transition_at")
LIST_FILTERS = ("service_id", "model_id", "workspace_id", "infer_type", "status")
# The real API allows a config update in these states (the busy ones are refused with 3519).
_RUNNING_LIKE = ("running", "concerning", "failed", "waiting", "pending")


def route(method, segments):
    """The handler for ``/v1/{p}/services/...`` (segments after ``services``) and its arguments."""
    table = {
        (): {"GET": list_services, "POST": create_service},
        ("specifications",): {"GET": list_specifications},
        ("tms", "tags"): {"GET": list_project_tags},
    }
    if tuple(segments) in table:
        handler = table[tuple(segments)].get(method)
        return (handler, ()) if handler else (None, ())
    if len(segments) == 1:
        handler = {"GET": show_service, "PUT": update_service, "PATCH": patch_service, "DELETE": delete_services}.get(method)
        return handler, (segments[0],)
    if len(segments) == 2:
        handler = {("logs", "GET"): list_update_records, ("events", "GET"): list_events,
                   ("property", "PUT"): update_property, ("monitor", "GET"): show_monitor}.get((segments[1], method))
        return handler, (segments[0],)
    if len(segments) == 3 and segments[1] == "tags":
        handler = {("create", "POST"): create_tags, ("delete", "DELETE"): delete_tags}.get((segments[2], method))
        return handler, (segments[0],)
    return None, ()


def handle(state, request):
    # Imported here: models.py uses this module's helpers, so a top-level import would be circular.
    from emulator import models  # pylint: disable=import-outside-toplevel

    segments = request.path_segments
    if len(segments) < 3 or segments[0] != "v1" or segments[2] not in ("services", "models"):
        raise api_not_found()
    handler, args = (route if segments[2] == "services" else models.route)(request.method, segments[3:])
    if handler is None:
        raise api_not_found()
    project_id = segments[1]
    with state.lock:
        caller = auth.authenticate(state, request)
        project = auth.check_project(state, caller, project_id)
        return handler(state, request, caller, project, *args)


# --- helpers -----------------------------------------------------------------------------------

def _int_query(request, name, default, minimum=0):
    text = request.query(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise invalid_argument("%s must be an integer." % name) from None
    if value < minimum:
        raise invalid_argument("%s must be at least %d." % (name, minimum))
    return value


def _page(request, state, items, offset_counts_pages=True):
    """offset/limit paging; a limit above page_limit_max is clamped, not refused.

    For services and events the reference calls ``offset`` the "start page" (0-based, so the
    records skipped are offset * limit); for specifications it calls it the "start offset of
    the returned data" (records). The two wordings are kept apart on purpose. The
    ``list_offset`` setting switches services and events to records too, so clients can be
    tested under both readings of the ambiguous page. The ``past_end`` setting makes a page past
    the end of these lists an error (ModelArts.6400) instead of an empty page.
    """
    offset = _int_query(request, "offset", 0)
    limit = min(_int_query(request, "limit", state.settings["page_limit_max"], minimum=1), state.settings["page_limit_max"])
    counts_pages = offset_counts_pages and state.settings["list_offset"] == "page"
    start = offset * limit if counts_pages else offset
    if offset_counts_pages and state.settings["past_end"] == "error" and start > 0 and start >= len(items):
        # Page 0 of an empty list is no error; a page that starts at or after the last record is.
        raise page_out_of_range(offset, len(items))
    return items[start:start + limit]


def _order(request, default="desc"):
    order = request.query("order") or default
    if order not in ("asc", "desc"):
        raise invalid_argument("order must be asc or desc.")
    return order == "desc"


# The model list pages like the service list (the same offset reading and limits).
page = _page
order_is_desc = _order


def json_text(value):
    """A JSON value as the string a Java backend would show in a String field."""
    return json.dumps(value, separators=(",", ":"))


def _service_or_404(state, project, service_id):
    service = state.service(project.id, service_id)
    if service is None:
        raise service_not_found(service_id)
    return service


def _context(state, service):
    state.models_of(service.project_id)  # settle imports under way: a service needs published models
    return validation.Context(service.infer_type, state.models, service.project_id, service.service_id,
                              bool(service.network.get("cluster_id") or service.network.get("pool_name")),
                              state.settings["instance_quota"])


def _check_updatable(service):
    if service.is_shared:
        raise shared_service(service.service_name)
    if service.busy:
        raise state_forbids_update(service.status)


def _apply_config(state, service, config, now):
    """Store a new config and roll it out: deploying unless the service is stopped."""
    service.config = config
    if service.status == "stopped":
        # Stored for the next start; nothing is redeployed, so the record completes at once.
        service.add_update_record(now, state.models, result="SUCCESS")
        return
    record = service.add_update_record(now, state.models)
    service.deploy(now, state.settings["deploy_seconds"], state.models, record=record, updating=service.deployed)


def _change_status(state, service, target, now):
    if target == service.status:
        raise parameter_error("The service is already %s." % target)
    if target == "running":
        if service.status in ("waiting", "concerning"):
            raise state_forbids_update(service.status)
        service.deploy(now, state.settings["deploy_seconds"], state.models)
    else:
        service.stop(now, state.settings["stop_seconds"])


# --- endpoints ---------------------------------------------------------------------------------

def show_service(state, _request, _caller, project, service_id):
    # A GET is a poll: the test clock may release the service on this read (emulator/clock.py).
    clock.note_service_read(state, project.id, service_id)
    service = _service_or_404(state, project, service_id)
    return Reply(200, service.detail_view(state.models, state.now()))


def list_services(state, request, _caller, project):
    now = state.now()
    services = state.services_of(project.id)
    for name in LIST_FILTERS:
        wanted = request.query(name)
        if not wanted:
            continue
        if name == "model_id":
            services = [service for service in services if any(entry["model_id"] == wanted for entry in service.config)]
        else:
            services = [service for service in services if getattr(service, name) == wanted]
    name = request.query("service_name")
    if name:
        # Fuzzy, as the console's search box: a case-insensitive substring match. Clients that
        # need one exact name must filter the answer themselves.
        services = [service for service in services if name.lower() in service.service_name.lower()]
    sort_by = request.query("sort_by") or "publish_at"
    if sort_by not in SORT_FIELDS:
        raise invalid_argument("sort_by must be one of %s." % ", ".join(SORT_FIELDS))
    services.sort(key=lambda service: (getattr(service, sort_by), service.service_id), reverse=_order(request))
    page = _page(request, state, services)
    return Reply(200, {"total_count": len(services), "count": len(page), "services": [service.list_view(now) for service in page]})


def create_service(state, request, caller, project):
    body = request.json()

    def context(infer_type, service_pool):
        return validation.Context(infer_type, state.models, project.id, None, service_pool, state.settings["instance_quota"])

    state.models_of(project.id)  # settle imports under way: a service needs published models
    fields = validation.validate_create(body, context)
    # The API reference does not promise unique names, so two services may share one: a client
    # must find out itself whether its create landed, never count on a refused duplicate.
    now = state.now()
    service = Service(str(uuid.uuid4()), fields["service_name"], project, caller.user.id, fields["infer_type"], now)
    service.description = fields["description"]
    service.workspace_id = fields["workspace_id"]
    service.schedule = fields["schedule"]
    service.additional_properties = fields["additional_properties"]
    service.network = fields["network"]
    service.config = fields["config"]
    record = service.add_update_record(now, state.models)
    service.deploy(now, state.settings["deploy_seconds"], state.models, record=record)
    state.services[service.service_id] = service
    return Reply(200, {"service_id": service.service_id, "resource_ids": service.resource_ids()})


def update_service(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    body = request.json()
    if service.is_shared:
        raise shared_service(service.service_name)
    fields = validation.validate_update(body, service, _context(state, service))
    if fields:
        _check_updatable(service)
    now = state.now()
    if "status" in fields:
        _change_status(state, service, fields["status"], now)
    elif "config" in fields:
        _apply_config(state, service, fields["config"], now)
    # "Either status or config can be modified. If both of them are used, modify status
    # only." The service-level fields below are not part of the model config and apply either way.
    if "description" in fields:
        service.description = fields["description"]
    if "schedule" in fields:
        service.schedule = fields["schedule"]
    if "additional_properties" in fields:
        service.additional_properties = fields["additional_properties"]
    for key in validation.SERVICE_LEVEL_UPDATABLE:
        if key in fields:
            # Stored at once, without a redeploy, like description (an assumption: see README).
            service.network[key] = fields[key]
    if fields:
        service.operation_time = now
    return Reply(200, {})


def patch_service(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    operations = request.json()
    if service.is_shared:
        raise shared_service(service.service_name)
    patched = validation.apply_patch(operations, service.config[0] if service.config else {})
    config = validation.validate_config([patched] + service.config[1:], _context(state, service))
    _check_updatable(service)
    now = state.now()
    _apply_config(state, service, config, now)
    service.operation_time = now
    return Reply(200, {"update_time": to_ms(now), "resource_ids": service.resource_ids()})


def update_property(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    body = request.json()
    if service.is_shared:
        raise shared_service(service.service_name)
    if service.infer_type != "real-time":
        raise parameter_error("Only the properties of a real-time service can be changed this way.")
    counts = validation.validate_property_update(body, service)
    if service.status not in ("running", "concerning", "failed"):
        # The reference allows this call for running, alarm (concerning) and abnormal (failed) services.
        raise state_forbids_update(service.status)
    config = [dict(entry, instance_count=counts.get(entry["model_id"], entry["instance_count"])) for entry in service.config]
    validation.validate_config(config, _context(state, service))
    now = state.now()
    _apply_config(state, service, config, now)
    service.operation_time = now
    return Reply(200, {})


def delete_services(state, _request, _caller, project, service_ids):
    services = []
    for service_id in [part.strip() for part in service_ids.split(",") if part.strip()]:
        services.append(_service_or_404(state, project, service_id))
    now = state.now()
    for service in services:
        if service.status != "deleting":
            service.delete(now, state.settings["stop_seconds"])
    return Reply(200, {})


def list_update_records(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    logs = [dict(record) for record in service.logs]
    wanted = request.query("update_time")
    if wanted:
        logs = [record for record in logs if str(record["update_time"]) == wanted]
    # Newest first, as the console lists update records.
    logs.sort(key=lambda record: record["update_time"], reverse=True)
    return Reply(200, {"service_name": service.service_name, "service_id": service.service_id, "logs": logs})


def list_events(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    events = service.visible_events(state.now())
    event_type = request.query("event_type")
    if event_type:
        if event_type not in ("normal", "abnormal"):
            raise invalid_argument("event_type must be normal or abnormal.")
        events = [event for event in events if event["event_type"] == event_type]
    start = _int_query(request, "start_time", None)
    end = _int_query(request, "end_time", None)
    events = [event for event in events
              if (start is None or event["occur_time"] >= start) and (end is None or event["occur_time"] <= end)]
    info = request.query("event_info")
    if info:
        events = [event for event in events if info.lower() in event["event_info"].lower()]
    sort_by = request.query("sort_by") or "occur_time"
    if sort_by != "occur_time":
        raise invalid_argument("sort_by supports only occur_time.")
    # sorted() is stable, so events of the same millisecond keep the order they happened in
    # (reversed as a whole for desc).
    ordered = sorted(events, key=lambda event: event["occur_time"])
    if _order(request):
        ordered.reverse()
    page = _page(request, state, ordered)
    return Reply(200, {"service_name": service.service_name, "service_id": service.service_id,
                       "total_count": len(ordered), "count": len(page), "events": page})


def list_specifications(state, request, _caller, _project):
    infer_type = request.query("infer_type") or "real-time"
    if infer_type not in ("real-time", "batch"):
        raise invalid_argument("infer_type must be real-time or batch.")
    flavors = [dict(flavor) for flavor in SPECIFICATIONS]
    if (request.query("is_personal_cluster") or "").lower() == "true":
        # A dedicated pool also offers the custom flavor (sized by custom_spec).
        flavors.append({"specification": CUSTOM, "billing_spec": CUSTOM, "category": "CUSTOM", "is_open": True,
                        "spec_status": "normal", "is_free": False, "over_quota": False, "display_en": "custom", "display_cn": "custom"})
    page = _page(request, state, flavors, offset_counts_pages=False)
    return Reply(200, {"total_count": len(flavors), "count": len(page), "specifications": page})


# --- monitoring (ShowServiceMonitorInfo) and tags (BatchCreateServiceTags, BatchDeleteServiceTags, ListServiceTags) ---

_FLAVORS = {flavor["specification"]: flavor for flavor in SPECIFICATIONS}
# The share of its resources a running instance is shown using: a simulation, not a measurement.
_LOAD = 0.3


def _entry_resources(entry):
    """(cpu cores, memory MB, gpus, npus) of one instance of a config entry."""
    if entry.get("specification") == CUSTOM:
        spec = entry.get("custom_spec") or {}
        return float(spec.get("cpu", 0)), int(spec.get("memory", 0)), float(spec.get("gpu_p4", 0)), float(spec.get("ascend_a310", 0))
    flavor = _FLAVORS.get(entry.get("specification"), {})
    return (float(flavor.get("cpu_info", {}).get("cpu", 0)), int(flavor.get("memory_info", {}).get("memory", 0)) * 1024,
            float(flavor.get("gpu_info", {}).get("gpu", 0)), float(flavor.get("npu_info", {}).get("npu", 0)))


def _monitor(service, entry, models, share):
    cpu, memory, gpu, npu = _entry_resources(entry)
    count = entry["instance_count"]
    running = count if service.status in ("running", "concerning") else 0
    model = models.get(entry["model_id"])
    return {
        "model_id": entry["model_id"], "model_name": model.model_name if model else "", "model_version": model.model_version if model else "",
        "invocation_times": int(service.invocation_times * share), "failed_times": int(service.failed_times * share),
        "cpu_core_total": cpu * count, "cpu_core_usage": round(cpu * running * _LOAD, 2),
        "cpu_memory_total": memory * count, "cpu_memory_usage": int(memory * running * _LOAD),
        "gpu_total": gpu * count, "gpu_usage": round(gpu * running * _LOAD, 2),
        "gpu_memory_total": 0.0, "gpu_memory_usage": 0.0,
        "npu_total": npu * count, "npu_usage": round(npu * running * _LOAD, 2),
        "npu_memory_total": 0.0, "npu_memory_usage": 0.0,
        "model_running_instance_count": running, "model_instance_count": count,
    }


def show_monitor(state, request, _caller, project, service_id):
    """GET /v1/{p}/services/{id}/monitor: one Monitor per config entry (per node and entry for edge)."""
    service = _service_or_404(state, project, service_id)
    node_id = request.query("node_id")
    monitors = []
    weights = [entry.get("weight") for entry in service.config]
    weighted = None not in weights and sum(weights) > 0
    for position, entry in enumerate(service.config):
        # The service's call counters split by traffic weight (evenly without weights): a simulation.
        share = float(weights[position]) / sum(weights) if weighted else 1.0 / len(service.config)
        if service.infer_type == "edge":
            for node in entry.get("nodes") or []:
                if node_id and node != node_id:
                    continue
                monitor = _monitor(service, entry, state.models, share)
                monitor.update({"node_id": node, "node_name": node})
                monitors.append(monitor)
        else:
            monitors.append(_monitor(service, entry, state.models, share))
    return Reply(200, {
        "service_name": service.service_name, "service_id": service.service_id, "monitors": monitors,
        "service_running_instance_count": sum(monitor["model_running_instance_count"] for monitor in monitors),
        "service_instance_count": sum(monitor["model_instance_count"] for monitor in monitors),
        "req_count_per_min": 0,
    })


def create_tags(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    return service_tags.create_tags(service, request.json())


def delete_tags(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    return service_tags.delete_tags(service, request.json())


def list_project_tags(state, _request, _caller, project):
    return service_tags.project_tags(state.services_of(project.id))
