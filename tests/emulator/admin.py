"""The test-control interface under ``/_emulator/`` (no auth, never in the request log)."""

import re

from emulator import clock, errors, models, seeding, v2_handlers, validation, watch
from emulator.errors import ApiError
from emulator.messages import Reply

# Stored fields PATCH /_emulator/services/{id} may set directly.
_PATCHABLE = ("status", "settle_to", "settle_seconds", "error_msg", "description", "service_name", "is_shared", "shared_count",
              "invocation_times", "failed_times", "config", "schedule", "additional_properties", "workspace_id")


def _bad(message):
    return ApiError(400, "EMULATOR.0400", message)


def handle(state, request):
    segments = request.path_segments[1:]
    method = request.method
    try:
        if segments == ["health"] and method == "GET":
            return Reply(200, {"ok": True})
        if segments == ["reset"] and method == "POST":
            state.reset()
            return Reply(200, {})
        if segments == ["seed"] and method == "POST":
            return Reply(200, seeding.seed(state, request.json() or {}))
        if segments == ["settings"]:
            if method == "POST":
                return Reply(200, state.update_settings(request.json() or {}))
            if method == "GET":
                return Reply(200, dict(state.settings))
        if segments == ["faults"]:
            return _faults(state, request)
        if segments == ["faults", "release"] and method == "POST":
            with state.lock:
                return Reply(200, {"released": state.release_held()})
        if segments == ["requests", "wait"] and method == "POST":
            return Reply(200, watch.wait_for_requests(state, request.json() or {}))
        if segments == ["requests"]:
            if method == "GET":
                with state.lock:
                    return Reply(200, {"requests": [dict(entry) for entry in state.requests]})
            if method == "DELETE":
                with state.lock:
                    state.requests = []
                return Reply(200, {})
        if len(segments) == 2 and segments[0] == "services":
            return _service(state, request, segments[1])
        if len(segments) == 3 and segments[0] == "services" and segments[2] == "tags":
            return _service_tags(state, request, segments[1])
        if segments and segments[0] == "models":
            return _models(state, request, segments[1:])
        if len(segments) == 3 and segments[:2] == ["v2", "services"]:
            return v2_handlers.admin_service(state, request, segments[2])
        if segments and segments[0] == "clock":
            return _clock(state, request, segments[1:])
    except (ValueError, re.error) as exc:
        raise _bad(str(exc)) from exc
    raise ApiError(404, "EMULATOR.0404", "No admin call %s %s." % (method, request.raw_path))


def _clock(state, request, segments):
    try:
        answer = clock.handle_admin(state, request.method, segments, request.json() if request.method == "POST" else None)
    except LookupError as exc:
        kind, key = exc.args[0], exc.args[-1]
        if kind == "model" and len(exc.args) == 2:
            raise errors.model_does_not_exist(key) from exc
        raise ApiError(404, "ModelArts.3502", "Service %s does not exist." % key) from exc
    if answer is None:
        raise ApiError(404, "EMULATOR.0404", "No admin call %s %s." % (request.method, request.raw_path))
    return Reply(200, answer)


def _models(state, request, segments):
    """``GET /_emulator/models[/{id}]`` (settled, as GET shows them, any project) and the
    import-failure knob ``/_emulator/models/import_failures``."""
    with state.lock:
        if segments == ["import_failures"]:
            if request.method == "POST":
                state.model_import_failures.update(models.validate_import_failures(request.json()))
            elif request.method == "DELETE":
                state.model_import_failures = {}
            elif request.method != "GET":
                raise ApiError(404, "EMULATOR.0404", "No admin call %s %s." % (request.method, request.raw_path))
            return Reply(200, {"import_failures": dict(state.model_import_failures)})
        if request.method != "GET" or len(segments) > 1:
            raise ApiError(404, "EMULATOR.0404", "No admin call %s %s." % (request.method, request.raw_path))
        if segments:
            stored = state.models.get(segments[0])
            model = state.model(stored.project_id, stored.model_id) if stored is not None else None
            if model is None:
                raise errors.model_does_not_exist(segments[0])
            return Reply(200, models.detail_view(model))
        settled = [state.model(model.project_id, model.model_id) for model in list(state.models.values())]
        return Reply(200, {"models": [dict(models.detail_view(model), project_id=model.project_id) for model in settled]})


def _faults(state, request):
    if request.method == "POST":
        return Reply(200, {"faults": state.add_faults(request.json())})
    with state.lock:
        if request.method == "DELETE":
            state.faults = []
            state.release_held()
            return Reply(200, {})
        if request.method == "GET":
            return Reply(200, {"faults": [fault.describe() for fault in state.faults]})
    raise ApiError(404, "EMULATOR.0404", "No admin call %s %s." % (request.method, request.raw_path))


def _service(state, request, service_id):
    with state.lock:
        service = state.services.get(service_id)
        service = state.service(service.project_id, service_id) if service is not None else None
        if service is None:
            raise ApiError(404, "ModelArts.3502", "Service %s does not exist." % service_id)
        if request.method == "PATCH":
            _patch_service(state, service, request.json() or {})
        elif request.method != "GET":
            raise ApiError(404, "EMULATOR.0404", "No admin call %s %s." % (request.method, request.raw_path))
        return Reply(200, service.detail_view(state.models, state.now()))


def _service_tags(state, request, service_id):
    """``GET/PUT /_emulator/services/{id}/tags``: one service's tags as ``{key: value}``, which the v1 API cannot
    read (its only tag read is project-wide); PUT replaces them, to stage tags another client set."""
    with state.lock:
        service = state.services.get(service_id)
        if service is None:
            raise ApiError(404, "ModelArts.3502", "Service %s does not exist." % service_id)
        if request.method == "PUT":
            tags = request.json()
            if not isinstance(tags, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in tags.items()):
                raise ValueError("the body must be an object of string keys and values")
            service.tags = dict(tags)
        elif request.method != "GET":
            raise ApiError(404, "EMULATOR.0404", "No admin call %s %s." % (request.method, request.raw_path))
        return Reply(200, {"tags": dict(service.tags)})


def _patch_service(state, service, fields):
    if not isinstance(fields, dict):
        raise ValueError("the body must be an object")
    unknown = set(fields) - set(_PATCHABLE)
    if unknown:
        raise ValueError("cannot set %s; settable: %s" % (", ".join(sorted(unknown)), ", ".join(_PATCHABLE)))
    now = state.now()
    if "config" in fields:
        state.models_of(service.project_id)  # settle imports under way: a service needs published models
        ctx = validation.Context(service.infer_type, state.models, service.project_id, service.service_id,
                                 bool(service.network.get("cluster_id") or service.network.get("pool_name")),
                                 state.settings["instance_quota"])
        try:
            service.config = validation.validate_config(fields["config"], ctx)
        except ApiError as exc:
            raise ValueError(exc.message) from exc
    for key in ("description", "service_name", "is_shared", "shared_count", "invocation_times", "failed_times", "workspace_id",
                "schedule", "additional_properties"):
        if key in fields:
            setattr(service, key, fields[key])
    if "status" in fields:
        seeding.apply_status(service, fields["status"], fields, now)
    elif "error_msg" in fields:
        service.error_msg = fields["error_msg"]
