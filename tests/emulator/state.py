"""Everything the emulator remembers, behind one lock.

Handlers take ``state.lock`` for the whole of their work on the state, so concurrent
clients (ansible forks) see each request applied atomically. The lock is re-entrant so
helpers can be called with or without it held.
"""

import hashlib
import re
import threading
import time

from emulator import clock

DEFAULT_SETTINGS = {
    "deploy_seconds": 2.0,
    "stop_seconds": 1.0,  # also how long a deleted service stays in "deleting"
    "token_ttl_seconds": 86400.0,
    "page_limit_max": 1000,
    "clock_offset_seconds": 0.0,
    "instance_quota": 128,  # max instances per service, answered with ModelArts.3522
    # What offset means in the service, event and model lists: "page" (the reference's "start page")
    # or "record" (a generic offset pager's reading). An assumption either way; see the README.
    "list_offset": "page",
    "import_seconds": 2.0,  # how long a model import stays "publishing"
    # "error": a page past the end of the service, event or model list is refused with 400
    # ModelArts.6400, as sibling ModelArts list APIs do; "empty" (default) answers an empty page.
    "past_end": "empty",
}
_INTEGER_SETTINGS = ("page_limit_max", "instance_quota")
_CHOICE_SETTINGS = {"list_offset": ("page", "record"), "past_end": ("empty", "error")}
_SECRET_HEADERS = ("x-auth-token", "x-security-token", "x-subject-token")
_SECRET_BODY_KEYS = ("password", "secret", "secret_key", "sk", "security_token", "token")


class Domain:
    def __init__(self, domain_id, name):
        self.id = domain_id
        self.name = name


class Project:
    def __init__(self, project_id, name, domain_id):
        self.id = project_id
        self.name = name
        self.domain_id = domain_id


class User:
    def __init__(self, user_id, name, password, domain_id):
        self.id = user_id
        self.name = name
        self.password = password
        self.domain_id = domain_id


class AccessKey:
    def __init__(self, access_key, secret_key, user_id, security_token=None):
        self.access_key = access_key
        self.secret_key = secret_key
        self.user_id = user_id
        self.security_token = security_token
        self.failures = 0
        self.locked_until = 0.0


class Token:
    def __init__(self, value, user_id, project_id, issued_at, expires_at):
        self.value = value
        self.user_id = user_id
        self.project_id = project_id
        self.issued_at = issued_at
        self.expires_at = expires_at


class Model:
    """One entry of the v1 model registry.

    ``fields`` holds what the import request sent (normalised); ``status`` moves from
    ``publishing`` to ``published`` or ``failed`` through a ``services.Transition`` that the
    emulator clock drives exactly as it drives a service's (``settle`` applies it).
    ``deploy_fails`` makes a service that deploys this model fail (services.py).
    """

    def __init__(self, model_id, model_name, model_version, project_id, deploy_fails=None, status="published", fields=None,
                 created=0.0, owner=None, tenant=None, error_msg=None):
        self.model_id = model_id
        self.model_name = model_name
        self.model_version = model_version
        self.project_id = project_id
        self.deploy_fails = deploy_fails
        self.status = status
        self.fields = dict(fields or {})
        self.create_at = created
        self.owner = owner
        self.tenant = tenant
        self.error_msg = error_msg if status == "failed" else None
        self.transition = None
        self.events = []  # the clock's interface: a model plans no events

    def settle(self, now):
        transition = self.transition
        if transition is not None and now >= transition.ends_at:
            self.transition = None
            self.status = transition.settle_to
            self.error_msg = transition.error_msg if transition.settle_to == "failed" else None


class Fault:
    """One entry of POST /_emulator/faults, consumed once per matching request."""

    def __init__(self, spec):
        if not isinstance(spec, dict):
            raise ValueError("a fault must be an object")
        unknown = set(spec) - {"method", "path", "count", "status", "error_code", "error_msg", "retry_after", "delay",
                               "drop", "delay_after", "skip", "foreign_body", "hold", "landed"}
        if unknown:
            raise ValueError("unknown fault fields: %s" % ", ".join(sorted(unknown)))
        self.method = (spec.get("method") or "*").upper()
        self.path_text = spec.get("path") or ""
        self.path = re.compile(self.path_text)
        self.count = int(spec.get("count", 1))
        self.status = int(spec["status"]) if spec.get("status") is not None else None
        self.error_code = spec.get("error_code")
        self.error_msg = spec.get("error_msg")
        self.retry_after = spec.get("retry_after")
        self.delay = float(spec.get("delay") or 0)
        self.drop = spec.get("drop")
        # Applied, then answered this much later: a client with a shorter timeout never sees the answer.
        self.delay_after = float(spec.get("delay_after") or 0)
        # Applied, then answered with the API's status but this text as the body: a gateway page in
        # front of a write that landed.
        # Held (logged, not yet applied) until POST /_emulator/faults/release: a request in flight that a
        # test acts beside, deterministically (a concurrent create while a POST is at the gateway).
        self.hold = spec.get("hold", False)
        if not isinstance(self.hold, bool):
            raise ValueError("hold must be true or false")
        self.released = threading.Event()
        self.foreign_body = spec.get("foreign_body")
        if self.foreign_body is not None and not isinstance(self.foreign_body, str):
            raise ValueError("foreign_body must be a string")
        if self.delay_after < 0:
            raise ValueError("delay_after must be >= 0")
        # Whether the request is applied before the fault answers: with ``status``, an error after the write
        # landed (a gateway timeout in front of a slow backend; default false); with ``foreign_body``, false is
        # a page from something in front of the API that never passed the request on (default true).
        self.landed = spec.get("landed", self.foreign_body is not None)
        if not isinstance(self.landed, bool):
            raise ValueError("landed must be true or false")
        if self.landed and self.status is None and self.foreign_body is None:
            raise ValueError("landed goes with status or foreign_body")
        # The first ``skip`` matching requests pass untouched (a fault for the second PUT, say).
        self.skip = spec.get("skip", 0)
        if isinstance(self.skip, bool) or not isinstance(self.skip, int) or self.skip < 0:
            raise ValueError("skip must be an integer >= 0")
        if self.drop not in (None, "before", "after"):
            raise ValueError("drop must be before or after")
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError("status must be an HTTP status code")
        if self.count < 1 or self.delay < 0:
            raise ValueError("count must be >= 1 and delay >= 0")
        if self.foreign_body is not None and (self.status is not None or self.drop is not None):
            raise ValueError("foreign_body replaces the applied request's answer: it goes without status and drop")
        if (self.status is None and self.drop is None and not self.delay and not self.delay_after
                and self.foreign_body is None and not self.hold):
            raise ValueError("a fault needs status, drop, delay, delay_after, foreign_body or hold")

    def matches(self, method, path):
        return self.count > 0 and self.method in ("*", method) and self.path.search(path) is not None

    def describe(self):
        return {"method": self.method, "path": self.path_text, "count": self.count, "status": self.status,
                "error_code": self.error_code, "error_msg": self.error_msg, "retry_after": self.retry_after,
                "delay": self.delay, "drop": self.drop, "delay_after": self.delay_after, "skip": self.skip,
                "foreign_body": self.foreign_body, "hold": self.hold, "landed": self.landed}


def fingerprint(secret):
    """A masked secret that still tells two secrets apart in the request log."""
    return "***sha256:%s" % hashlib.sha256(secret.encode("utf-8")).hexdigest()[:8]


def mask_headers(headers):
    masked = {}
    for name, value in headers:
        lower = name.lower()
        if lower in _SECRET_HEADERS:
            value = fingerprint(value)
        elif lower == "authorization":
            value = re.sub(r"Signature=[^,\s]*", "Signature=***", value)
            if value.lower().startswith(("basic", "bearer")):
                value = value.split(" ", 1)[0] + " ***"
        masked[name] = value if name not in masked else "%s, %s" % (masked[name], value)
    return masked


def mask_body(body):
    if isinstance(body, dict):
        return {key: ("******" if key.lower() in _SECRET_BODY_KEYS and isinstance(value, str) else mask_body(value))
                for key, value in body.items()}
    if isinstance(body, list):
        return [mask_body(item) for item in body]
    return body


class State:
    """Domains, projects, users, keys, tokens, models, services, settings, faults, request log."""

    def __init__(self):
        self.lock = threading.RLock()
        # Notified whenever a request is logged (POST /_emulator/requests/wait).
        self.logged = threading.Condition(self.lock)
        self.reset()

    def reset(self):
        with self.lock:
            self.settings = dict(DEFAULT_SETTINGS)
            self.domains = {}
            self.projects = {}
            self.users = {}
            self.access_keys = {}
            self.tokens = {}
            self.models = {}
            self.services = {}
            # Model name -> failure text: an import of that name ends "failed" (admin/seed knob).
            self.model_import_failures = {}
            # The v2 (new-version) services and the images they know: emulator/v2_handlers.py.
            self.v2_services = {}
            self.v2_images = {}
            self.faults = []
            self.release_held()
            self.requests = []
            self._request_seq = 0
            self.clock = clock.Clock()

    def now(self):
        return time.time() + self.settings["clock_offset_seconds"]

    def update_settings(self, changes):
        if not isinstance(changes, dict):
            raise ValueError("settings must be an object")
        with self.lock:
            for key, value in changes.items():
                if key not in DEFAULT_SETTINGS:
                    raise ValueError("unknown setting %s" % key)
                if key in _CHOICE_SETTINGS:
                    if value not in _CHOICE_SETTINGS[key]:
                        raise ValueError("setting %s must be one of %s" % (key, ", ".join(_CHOICE_SETTINGS[key])))
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ValueError("setting %s must be a number" % key)
                if key != "clock_offset_seconds" and value < 0:
                    raise ValueError("setting %s cannot be negative" % key)
            for key, value in changes.items():
                if key in _CHOICE_SETTINGS:
                    self.settings[key] = value
                else:
                    self.settings[key] = int(value) if key in _INTEGER_SETTINGS else float(value)
            return dict(self.settings)

    # --- lookups -----------------------------------------------------------------------------

    def domain_named(self, name):
        return next((domain for domain in self.domains.values() if domain.name == name), None)

    def user_named(self, domain_id, name):
        return next((user for user in self.users.values() if user.domain_id == domain_id and user.name == name), None)

    def projects_of(self, domain_id, name=None):
        return [project for project in self.projects.values()
                if project.domain_id == domain_id and (name is None or project.name == name)]

    def service(self, project_id, service_id):
        """A settled service of the project, or None (deleted services disappear here)."""
        with self.lock:
            service = self.services.get(service_id)
            if service is None or service.project_id != project_id:
                return None
            now = self.now()
            clock.adopt(self.clock, service, now)
            service.settle(now)
            if service.deleted:
                del self.services[service_id]
                return None
            return service

    def model(self, project_id, model_id):
        """A settled model of the project, or None."""
        with self.lock:
            model = self.models.get(model_id)
            if model is None or model.project_id != project_id:
                return None
            now = self.now()
            clock.adopt(self.clock, model, now)
            model.settle(now)
            return model

    def models_of(self, project_id):
        with self.lock:
            return [model for model in (self.model(project_id, model_id) for model_id in list(self.models)) if model is not None]

    def services_of(self, project_id):
        with self.lock:
            return [service for service in (self.service(project_id, service_id) for service_id in list(self.services))
                    if service is not None]

    # --- request log and faults ------------------------------------------------------------

    def log_request(self, request, api, auth):
        with self.lock:
            self._request_seq += 1
            entry = {
                "seq": self._request_seq,
                "time": int(self.now() * 1000),
                "method": request.method,
                "path": request.raw_path,
                "query": request.query_dict(),
                "api": api,
                "auth": auth,
                "headers": mask_headers(request.headers),
                "body": mask_body(request.json_or_none()),
                "status": None,
            }
            self.requests.append(entry)
            self.logged.notify_all()
            return entry

    def add_faults(self, specs):
        faults = [Fault(spec) for spec in (specs if isinstance(specs, list) else [specs])]
        self.held_faults.extend(fault for fault in faults if fault.hold)
        with self.lock:
            self.faults.extend(faults)
        return [fault.describe() for fault in faults]

    def release_held(self):
        """Let every held request go on; answers how many faults were holding."""
        held, self.held_faults = getattr(self, "held_faults", []), []
        for fault in held:
            fault.released.set()
        return len(held)

    def take_fault(self, method, path):
        """The first pending fault matching the request, with one use consumed."""
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    if fault.skip:
                        fault.skip -= 1
                        continue
                    fault.count -= 1
                    if fault.count == 0:
                        self.faults.remove(fault)
                    return fault
            return None
