"""Loading a seed document (README "Seed document") into the State.

Seeded services go through the same config validation as a PUT, so a seed with a typo
fails loudly instead of producing a service the real API could never hold.
"""

import json
import os
import uuid

from emulator import v2_handlers, validation
from emulator.errors import ApiError
from emulator.services import NETWORK_FIELDS, Service, Transition
from emulator.state import AccessKey, Domain, Model, Project, Token, User
from emulator.v2_services import Image

SEED_KEYS = ("domains", "projects", "users", "access_keys", "tokens", "models", "services", "model_import_failures", "v2_images",
             "v2_services")
# A seeded model: the registry's own fields, any field of an import body, and the emulator's knobs.
_MODEL_KEYS = ("model_id", "model_name", "model_version", "project_id", "deploy_fails", "status", "error_msg", "import_fails",
               "create_at", "owner", "settle_to", "settle_seconds")
_MODEL_STATUSES = ("publishing", "published", "failed")
DEMO_SEED_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seed_demo.json")
_SERVICE_KEYS = ("service_id", "service_name", "project_id", "infer_type", "status", "description", "config", "schedule",
                 "additional_properties", "owner", "workspace_id", "error_msg", "is_shared", "shared_count",
                 "invocation_times", "failed_times", "settle_to", "settle_seconds", "publish_at") + NETWORK_FIELDS


class SeedError(ValueError):
    pass


def new_hex_id():
    return uuid.uuid4().hex


def load_seed_file(name_or_path):
    """``demo`` or a path to a JSON seed document."""
    path = DEMO_SEED_PATH if name_or_path == "demo" else name_or_path
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _need(item, key, kind):
    if not item.get(key):
        raise SeedError("%s entry needs %s: %r" % (kind, key, item))
    return item[key]


def _domain_id(state, item, kind):
    if item.get("domain_id"):
        return item["domain_id"]
    domain = state.domain_named(_need(item, "domain", kind))
    if domain is None:
        raise SeedError("%s entry names unknown domain %r" % (kind, item["domain"]))
    return domain.id


def _user(state, item, kind):
    name = _need(item, "user", kind)
    candidates = [user for user in state.users.values()
                  if name in (user.name, user.id) and (not item.get("domain") or state.domains[user.domain_id].name == item["domain"])]
    if not candidates:
        raise SeedError("%s entry names unknown user %r" % (kind, name))
    return candidates[0]


def seed(state, document):
    """Add what the document lists; answer the ids created, per list."""
    if not isinstance(document, dict) or set(document) - set(SEED_KEYS):
        raise SeedError("a seed document is an object with the lists %s" % ", ".join(SEED_KEYS))
    created = {key: [] for key in SEED_KEYS}
    with state.lock:
        now = state.now()
        for item in document.get("domains", []):
            domain = Domain(item.get("id") or new_hex_id(), _need(item, "name", "domain"))
            state.domains[domain.id] = domain
            created["domains"].append(domain.id)
        for item in document.get("projects", []):
            project = Project(item.get("id") or new_hex_id(), _need(item, "name", "project"), _domain_id(state, item, "project"))
            state.projects[project.id] = project
            created["projects"].append(project.id)
        for item in document.get("users", []):
            user = User(item.get("id") or new_hex_id(), _need(item, "name", "user"), _need(item, "password", "user"),
                        _domain_id(state, item, "user"))
            state.users[user.id] = user
            created["users"].append(user.id)
        for item in document.get("access_keys", []):
            key = AccessKey(_need(item, "access_key", "access key"), _need(item, "secret_key", "access key"),
                            _user(state, item, "access key").id, item.get("security_token"))
            state.access_keys[key.access_key] = key
            created["access_keys"].append(key.access_key)
        for item in document.get("tokens", []):
            token = Token(_need(item, "token", "token"), _user(state, item, "token").id, _need(item, "project_id", "token"),
                          now, now + float(item.get("expires_in", state.settings["token_ttl_seconds"])))
            state.tokens[token.value] = token
            created["tokens"].append(token.value)
        failures = document.get("model_import_failures") or {}
        if not isinstance(failures, dict):
            raise SeedError("model_import_failures is an object {model_name: failure text}")
        state.model_import_failures.update(failures)
        for item in document.get("models", []):
            model = _seed_model(state, item, now)
            state.models[model.model_id] = model
            created["models"].append(model.model_id)
        for item in document.get("services", []):
            service = _seed_service(state, item, now)
            state.services[service.service_id] = service
            created["services"].append(service.service_id)
        for item in document.get("v2_images", []):
            # An SWR image of the v2 services; deploy_fails makes every deployment of it fail with that reason.
            if set(item) - {"swr_path", "deploy_fails"}:
                raise SeedError("unknown v2_images fields: %s" % ", ".join(sorted(set(item) - {"swr_path", "deploy_fails"})))
            image = Image(_need(item, "swr_path", "v2 image"), item.get("deploy_fails"))
            state.v2_images[image.swr_path] = image
            created["v2_images"].append(image.swr_path)
        for item in document.get("v2_services", []):
            try:
                created["v2_services"].append(v2_handlers.seed_service(state, item, now).id)
            except ValueError as exc:
                raise SeedError(str(exc)) from exc
    return created


def _seed_model(state, item, now):
    # Imported here: models imports the handlers, which import this module.
    from emulator import models  # pylint: disable=import-outside-toplevel

    unknown = set(item) - set(_MODEL_KEYS) - set(models.CREATE_FIELDS)
    if unknown:
        raise SeedError("unknown model fields: %s" % ", ".join(sorted(unknown)))
    status = item.get("status", "published")
    if status not in _MODEL_STATUSES:
        raise SeedError("model status must be one of %s" % ", ".join(_MODEL_STATUSES))
    project = state.projects.get(item.get("project_id"))
    fields = {key: item[key] for key in models.CREATE_FIELDS if item.get(key) is not None and key not in ("model_name", "model_version")}
    model = Model(item.get("model_id") or str(uuid.uuid4()), _need(item, "model_name", "model"), _need(item, "model_version", "model"),
                  _need(item, "project_id", "model"), item.get("deploy_fails"), status=status, fields=fields,
                  created=now if item.get("create_at") is None else item["create_at"] / 1000.0, owner=item.get("owner"),
                  tenant=project.domain_id if project else None, error_msg=item.get("error_msg") or item.get("import_fails"))
    if status == "publishing":
        failure = item.get("import_fails") or state.model_import_failures.get(model.model_name)
        settle_to = item.get("settle_to") or ("failed" if failure else "published")
        model.transition = Transition("publishing", now, float(item.get("settle_seconds", state.settings["import_seconds"])), settle_to,
                                      error_msg=failure or "Importing the model failed.")
    elif status == "failed" and not model.error_msg:
        model.error_msg = "Importing the model failed."
    return model


def _seed_service(state, item, now):
    unknown = set(item) - set(_SERVICE_KEYS)
    if unknown:
        raise SeedError("unknown service fields: %s" % ", ".join(sorted(unknown)))
    project = state.projects.get(_need(item, "project_id", "service"))
    if project is None:
        raise SeedError("service entry names unknown project %r" % item["project_id"])
    owner = item.get("owner")
    if owner is None:
        users = [user for user in state.users.values() if user.domain_id == project.domain_id]
        owner = users[0].id if users else new_hex_id()
    infer_type = item.get("infer_type", "real-time")
    service = Service(item.get("service_id") or str(uuid.uuid4()), _need(item, "service_name", "service"), project, owner, infer_type,
                      now if item.get("publish_at") is None else item["publish_at"] / 1000.0)
    network = {key: item[key] for key in NETWORK_FIELDS if item.get(key) is not None}
    ctx = validation.Context(infer_type, state.models, project.id, service.service_id,
                             bool(network.get("cluster_id") or network.get("pool_name")), state.settings["instance_quota"])
    try:
        service.config = validation.validate_config(item.get("config"), ctx)
        service.schedule = validation.validate_schedule(item.get("schedule") or [], infer_type)
        service.additional_properties = validation.validate_service_properties(item.get("additional_properties") or {}, {})
    except ApiError as exc:
        raise SeedError("service %s: %s" % (service.service_name, exc.message)) from exc
    service.network = network
    service.description = item.get("description", "")
    service.workspace_id = item.get("workspace_id", "0")
    for key in ("is_shared", "shared_count", "invocation_times", "failed_times"):
        if key in item:
            setattr(service, key, item[key])
    service.update_time = service.transition_at = service.operation_time = service.publish_at
    apply_status(service, item.get("status", "running"), item, now)
    service.add_update_record(service.publish_at, state.models, result="SUCCESS" if service.status != "failed" else "FAIL")
    service.update_time = service.publish_at
    return service


def apply_status(service, status, item, now):
    """Set a status directly, optionally settling later (``settle_to``/``settle_seconds``)."""
    service.set_static_status(status, now)
    if status == "failed":
        service.error_msg = item.get("error_msg") or "Deploying the service failed."
        service.failed_models = set(entry["model_id"] for entry in service.config)
    if status in ("running", "stopped", "failed", "concerning") and service.infer_type == "real-time":
        # A seeded service in one of these states has been deployed before: it has an address.
        service.deployed = True
    if item.get("settle_to"):
        transition = Transition(status, now, float(item.get("settle_seconds", 0)), item["settle_to"],
                                error_msg=item.get("error_msg"))
        service.begin(now, transition, [])
