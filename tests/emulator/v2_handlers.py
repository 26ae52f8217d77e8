"""The ModelArts v2 service endpoints (``/v2/{project_id}/services...``): new-version real-time services.

Checks in the order of the v1 handlers: the API must exist (404 APIG.0101), the caller must authenticate (401) and
may act in the URL's project (403 ModelArts.0210), the service must exist (404 ModelArts.3502), then the body and
the service's state. README "v2 (new-version services)" is the contract.
"""

import math

from emulator import auth, clock
from emulator.errors import ApiError, api_not_found, cannot_be_empty, invalid_argument, parameter_error
from emulator.messages import Reply
from emulator.v2_services import LIST_STATUSES, SETTABLE, V2Service
from emulator.v2_validation import DELETE_BODY, TAGS_BODY, check, validate_create, validate_update

LIMIT_DEFAULT = 10
LIMIT_MAX = 500
_LIST_TEXT_FILTERS = ("id", "type", "workspace_id", "user_name", "auth_type")


def route(method, segments):
    """The handler for the segments after ``/v2/{project_id}`` and its arguments."""
    if segments[:1] == ["modelarts-service-v2"] and len(segments) == 4 and segments[2] == "tags":
        handler = {("create", "POST"): create_tags, ("delete", "DELETE"): delete_tags}.get((segments[3], method))
        return handler, (segments[1],)
    if segments[:1] != ["services"]:
        return None, ()
    rest = segments[1:]
    if not rest:
        return {"GET": list_services, "POST": create_service}.get(method), ()
    if rest == ["delete"] and method == "POST":
        return delete_services, ()
    if len(rest) == 1:
        return {"GET": show_service, "PUT": update_service}.get(method), (rest[0],)
    if len(rest) == 2:
        return {("start", "POST"): start_service, ("stop", "POST"): stop_service, ("events", "GET"): list_events,
                ("deployments", "GET"): list_deployments}.get((rest[1], method)), (rest[0],)
    if rest[1] == "deployments" and method == "GET":
        if len(rest) == 3:
            return show_deployment, (rest[0], rest[2])
        if len(rest) == 4 and rest[3] == "versions":
            return list_deployment_versions, (rest[0], rest[2])
    return None, ()


def handle(state, request):
    segments = request.path_segments
    if len(segments) < 3 or segments[0] != "v2":
        raise api_not_found()
    handler, args = route(request.method, segments[2:])
    if handler is None:
        raise api_not_found()
    with state.lock:
        caller = auth.authenticate(state, request)
        project = auth.check_project(state, caller, segments[1])
        return handler(state, request, caller, project, *args)


# --- helpers -----------------------------------------------------------------------------------

def lookup(state, project_id, service_id):
    """A settled v2 service of the project, or None (deleted services disappear here)."""
    service = state.v2_services.get(service_id)
    if service is None or service.project_id != project_id:
        return None
    now = state.now()
    clock.adopt(state.clock, service, now)
    service.settle(now)
    if service.deleted:
        del state.v2_services[service_id]
        return None
    return service


def services_of(state, project_id):
    return [service for service in (lookup(state, project_id, service_id) for service_id in list(state.v2_services)) if service]


def _service_or_404(state, project, service_id):
    service = lookup(state, project.id, service_id)
    if service is None:
        raise ApiError(404, "ModelArts.3502", "Service %s does not exist." % service_id)
    return service


def state_forbids(service, action, allowed):
    return ApiError(400, "ModelArts.3519", "Services only in one of states in [%s] can be %s. Current status: %s."
                    % (", ".join(allowed), action, service.status))


def _check_provider(state, request, service):
    """A provider service takes an update only with a token of the provider's account in X-Auth-Token-Provider.

    The show page's ``provider`` text says "every update operation"; the SDK carries the header on create only, so
    start, stop and delete (which no text names) are not held to it.
    """
    if service.provider is None:
        return
    token = state.tokens.get((request.header("X-Auth-Token-Provider") or "").strip())
    if token is None or token.expires_at <= state.now() or state.users[token.user_id].domain_id != service.provider:
        raise ApiError(403, "ModelArts.0210", "Service %s is a provider service: X-Auth-Token-Provider must carry a token of account %s."
                       % (service.id, service.provider))


def _provider(state, request):
    text = request.header("X-Auth-Token-Provider")
    if text is None:
        return None
    token = state.tokens.get(text.strip())
    if token is None or token.expires_at <= state.now():
        raise ApiError(401, "ModelArts.0203", "Invalid token in X-Auth-Token-Provider.")
    return state.users[token.user_id].domain_id


def _int_query(request, name, default, low=None, high=None):
    text = request.query(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise invalid_argument("%s must be an integer." % name) from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise parameter_error("%s must be between %s and %s, not %d." % (name, low, high, value))
    return value


def _choice_query(request, name, choices, default=None):
    value = request.query(name) or default
    if value is not None and value not in choices:
        raise parameter_error("%s must be one of %s, not %r." % (name, ", ".join(choices), value))
    return value


def _paged(request, items):
    """limit 1-500 (default 10) and offset (a record offset, a multiple of limit); the paging fields of the answer."""
    limit = _int_query(request, "limit", LIMIT_DEFAULT, 1, LIMIT_MAX)
    offset = _int_query(request, "offset", 0, 0)
    if offset % limit:
        raise parameter_error("offset must be a multiple of limit (%d), not %d." % (limit, offset))
    page = items[offset:offset + limit]
    return page, {"current": offset // limit, "size": len(page), "pages": math.ceil(len(items) / limit), "total": len(items)}


def _sorted(request, items, keys, default_key):
    sort_key = request.query("sort_key") or default_key
    names = [name.strip() for name in sort_key.split(",") if name.strip()]
    for name in names:
        if name not in keys:
            raise parameter_error("sort_key must name %s, not %r." % (" or ".join(keys), name))
    descending = _choice_query(request, "sort_dir", ("ASC", "DESC"), "DESC") == "DESC"
    return sorted(items, key=lambda item: tuple(keys[name](item) for name in names) + (item_id(item),), reverse=descending)


def item_id(item):
    return item.id if hasattr(item, "id") else item["id"]


# --- services ------------------------------------------------------------------------------------

def create_service(state, request, caller, project):
    fields = validate_create(request.json())
    provider = _provider(state, request)
    if any(service.name == fields["name"] for service in services_of(state, project.id)):
        raise parameter_error("A service named %s already exists." % fields["name"])
    now = state.now()
    service = V2Service(fields, project, caller.user, now, provider)
    if service.current["instance_groups"]:
        service.deploy(now, state.settings["deploy_seconds"], state.v2_images)
    state.v2_services[service.id] = service
    return Reply(200, service.detail_view())


def show_service(state, _request, _caller, project, service_id):
    service = state.v2_services.get(service_id)
    if service is not None and service.project_id == project.id:
        # A GET is a poll: a read rule of the clock may release the transition on this read.
        now = state.now()
        clock.adopt(state.clock, service, now)
        clock.note_read(service, now)
    return Reply(200, _service_or_404(state, project, service_id).detail_view())


def list_services(state, request, _caller, project):
    services = services_of(state, project.id)
    status = _choice_query(request, "status", LIST_STATUSES)
    if status:
        services = [service for service in services if service.status == status]
    for name in _LIST_TEXT_FILTERS:
        wanted = request.query(name)
        if wanted:
            services = [service for service in services if (service.list_view().get(name) or "") == wanted]
    for name in ("name", "description"):
        # Fuzzy, as the console's search box: a case-insensitive substring.
        wanted = (request.query(name) or "").lower()
        if wanted:
            services = [service for service in services if wanted in (service.list_view()[name] or "").lower()]
    for name in ("pool_id", "pool_name"):
        wanted = request.query(name)
        if wanted:
            services = [service for service in services if any(group.get("pool_id") == wanted for group in service.current["instance_groups"])]
    tags = request.query("tags")
    if tags:
        for pair in tags.split(","):
            key, _bar, value = pair.partition("|")
            services = [service for service in services
                        if any(tag["key"] == key and (not value or tag.get("value") == value) for tag in service.tags)]
    for name in ("asset_id", "node_ip"):
        if request.query(name):
            # No emulated service has assets or nodes.
            services = []
    ordered = _sorted(request, services, {"create_at": lambda service: service.create_at, "update_at": lambda service: service.update_at},
                      "update_at")
    page, paging = _paged(request, ordered)
    return Reply(200, dict(paging, data=[service.list_view() for service in page]))


def update_service(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    fields = validate_update(request.json(), service)
    _check_provider(state, request, service)
    now = state.now()
    new_version = set(fields) - {"id", "name", "workspace_id", "version", "description", "tags", "schedule", "task_type"}
    if "version" in fields and fields["version"] != service.current["version"]:
        new_version.add("version")
    if new_version:
        _check_deployment_ids(service, fields)
        allowed = ("INIT", "RUNNING", "CONCERNING", "STOPPED", "FAILED", "ERROR")
        if service.status not in allowed:
            raise state_forbids(service, "updated", allowed)
        if "version" not in fields:
            raise cannot_be_empty("version")
        if service.version_named(fields["version"]) is not None:
            raise parameter_error("Version %s of service %s already exists; a changed configuration needs a new version."
                                  % (fields["version"], service.name))
        service.add_version(fields, now, base=service.current)
        if service.current["instance_groups"] and service.status != "STOPPED":
            service.deploy(now, state.settings["deploy_seconds"], state.v2_images, upgrading=service.deployed)
    elif "description" in fields:
        # The description alone edits the current version in place.
        service.current["description"] = fields["description"]
    if "tags" in fields:
        service.tags = fields["tags"]
    for key in ("task_type", "custom_metrics_path", "deploy_timeout_minutes"):
        if key in fields:
            setattr(service, key, fields[key])
    if "schedule" in fields and not fields.get("description"):
        # The update page: schedule takes effect only when description is empty.
        service.schedule = fields["schedule"]
    service.update_at = now
    return Reply(200, service.detail_view())


def _check_deployment_ids(service, fields):
    existing = service.current["instance_groups"]
    for group in fields.get("group_configs", []):
        if "id" in group and not any(group["id"] == old["id"] for old in existing):
            raise parameter_error("Deployment %s does not exist in service %s." % (group["id"], service.name))
        units = [unit["id"] for old in existing for unit in old.get("unit_configs", [])]
        for unit in group.get("unit_configs", []):
            if "id" in unit and unit["id"] not in units:
                raise parameter_error("Unit %s does not exist in service %s." % (unit["id"], service.name))


def start_service(state, _request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    allowed = ("STOPPED", "FAILED", "ERROR")
    if service.status not in allowed or not service.current["instance_groups"]:
        raise state_forbids(service, "started", allowed)
    service.deploy(state.now(), state.settings["deploy_seconds"], state.v2_images)
    return Reply(200, service.detail_view())


def stop_service(state, _request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    allowed = ("DEPLOYING", "RUNNING", "CONCERNING", "FAILED", "ERROR")
    if service.status not in allowed:
        raise state_forbids(service, "stopped", allowed)
    service.stop(state.now(), state.settings["stop_seconds"])
    return Reply(200, service.detail_view())


def delete_services(state, request, _caller, project):
    if request.json() is None:
        raise cannot_be_empty("service_ids")
    body = check(request.json(), DELETE_BODY, "")
    services = [_service_or_404(state, project, service_id) for service_id in body["service_ids"]]
    now = state.now()
    for service in services:
        if service.status != "DELETING":
            service.delete(now, state.settings["stop_seconds"])
    return Reply(200, {"service_responses": [service.detail_view() for service in services]})


def list_events(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    events = service.visible_events(state.now())
    event_type = _choice_query(request, "event_type", ("NORMAL", "ABNORMAL", "WARNING"))
    if event_type:
        events = [event for event in events if event["event_type"] == event_type]
    start = _int_query(request, "start_time", None, 0)
    end = _int_query(request, "end_time", None, 0)
    events = [event for event in events if (start is None or event["occur_time"] >= start) and (end is None or event["occur_time"] <= end)]
    key = (request.query("event_info_key") or "").lower()
    if key:
        events = [event for event in events if key in event["event_info"].lower()]
    # Events of one millisecond keep the order they happened in (the sort is stable, the index breaks ties).
    indexed = [dict(event, _index=index) for index, event in enumerate(events)]
    ordered = _sorted(request, indexed, {"create_at": lambda event: (event["occur_time"], event["_index"]),
                                         "update_at": lambda event: (event["occur_time"], event["_index"])}, "create_at")
    page, paging = _paged(request, ordered)
    return Reply(200, dict(paging, data=[service.event_view(event) for event in page]))


# --- the admin interface: GET/PATCH /_emulator/v2/services/{id} ------------------------------------

_ADMIN_FIELDS = ("status", "failure_reason", "settle_to", "settle_seconds")


def admin_service(state, request, service_id):
    """Show a v2 service (any project), or set its status: the states no call reaches (CONCERNING, ERROR...)."""
    with state.lock:
        service = state.v2_services.get(service_id)
        service = lookup(state, service.project_id, service_id) if service is not None else None
        if service is None:
            raise ApiError(404, "ModelArts.3502", "Service %s does not exist." % service_id)
        if request.method == "PATCH":
            fields = request.json() or {}
            if not isinstance(fields, dict) or set(fields) - set(_ADMIN_FIELDS):
                raise ValueError("a v2 service PATCH is an object of %s" % ", ".join(_ADMIN_FIELDS))
            status = fields.get("status", service.status)
            if status not in SETTABLE or fields.get("settle_to", "RUNNING") not in SETTABLE + ("deleted",):
                raise ValueError("status and settle_to must be one of %s" % ", ".join(SETTABLE))
            seconds = fields.get("settle_seconds", 0)
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
                raise ValueError("settle_seconds must be a number >= 0")
            service.set_status(status, state.now(), fields.get("failure_reason"), fields.get("settle_to"), float(seconds))
        elif request.method != "GET":
            raise ApiError(404, "EMULATOR.0404", "No admin call %s %s." % (request.method, request.raw_path))
        return Reply(200, service.detail_view())


# --- seeding ----------------------------------------------------------------------------------------

_SEED_KEYS = ("project_id", "id", "status", "failure_reason", "user")


def seed_service(state, item, now):
    """A v2 service from a seed entry: a create body plus ``project_id`` and optionally ``id``, ``status``
    (default RUNNING, or INIT without a deployment), ``failure_reason`` and ``user`` (the creator's name).
    Raises ValueError naming the problem."""
    if not isinstance(item, dict):
        raise ValueError("a v2_services entry is an object")
    project = state.projects.get(item.get("project_id"))
    if project is None:
        raise ValueError("v2_services entry names unknown project %r" % item.get("project_id"))
    users = [user for user in state.users.values() if user.domain_id == project.domain_id]
    user = next((candidate for candidate in users if candidate.name == item.get("user")), users[0] if users else None)
    if user is None:
        raise ValueError("v2_services entry: project %s has no user" % project.id)
    try:
        fields = validate_create({key: value for key, value in item.items() if key not in _SEED_KEYS})
    except ApiError as exc:
        raise ValueError("v2 service %s: %s" % (item.get("name"), exc.message)) from exc
    service = V2Service(fields, project, user, now)
    if item.get("id"):
        service.id = item["id"]
    status = item.get("status", "RUNNING" if service.current["instance_groups"] else "INIT")
    if status not in SETTABLE:
        raise ValueError("v2 service %s: status must be one of %s" % (service.name, ", ".join(SETTABLE)))
    service.set_status(status, now, item.get("failure_reason"))
    state.v2_services[service.id] = service
    return service


# --- deployments (read-only) and tags ----------------------------------------------------------

def list_deployments(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    status = _choice_query(request, "status", LIST_STATUSES)
    groups = [service.deployment_item_view(group) for group in service.current["instance_groups"]]
    groups = [group for group in groups if not status or group["status"] == status]
    page, paging = _paged(request, groups)
    return Reply(200, dict(paging, data=page))


def _deployment_or_404(service, deployment_id):
    for group in service.current["instance_groups"]:
        if group["id"] == deployment_id:
            return group
    raise ApiError(404, "ModelArts.3502", "Deployment %s of service %s does not exist." % (deployment_id, service.id))


def show_deployment(state, _request, _caller, project, service_id, deployment_id):
    service = _service_or_404(state, project, service_id)
    return Reply(200, service.deployment_view(_deployment_or_404(service, deployment_id)))


def list_deployment_versions(state, request, _caller, project, service_id, deployment_id):
    service = _service_or_404(state, project, service_id)
    _deployment_or_404(service, deployment_id)
    versions = [service.deployment_version_view(version) for version in reversed(service.versions)]
    page, paging = _paged(request, versions)
    return Reply(200, dict(paging, data=page))


def _tags_body(request, service):
    if request.json() is None:
        raise cannot_be_empty("tags")
    body = check(request.json(), TAGS_BODY, "")
    if body.get("resource_id", service.id) != service.id:
        raise parameter_error("resource_id %s is not the service of the URL (%s)." % (body["resource_id"], service.id))
    return body


def create_tags(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    body = _tags_body(request, service)
    tags = {tag["key"]: tag for tag in service.tags}
    for tag in body["tags"]:
        tags[tag["key"]] = dict(tag, value=tag.get("value", ""))
    if len(tags) > 20:
        raise parameter_error("A service takes at most 20 tags.")
    service.tags = list(tags.values())
    return Reply(200, {})


def delete_tags(state, request, _caller, project, service_id):
    service = _service_or_404(state, project, service_id)
    body = _tags_body(request, service)
    gone = {tag["key"] for tag in body["tags"]}
    service.tags = [tag for tag in service.tags if tag["key"] not in gone]
    return Reply(200, {})
