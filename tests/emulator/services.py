"""A ModelArts service: stored fields, its lazily evaluated state machine and its JSON views.

There is no background thread: a service in a transient status (deploying, stopping,
deleting) remembers when the transition started, how long it lasts and where it ends, and
``settle(now)`` moves it on whenever anybody looks. All methods expect the State lock held.
"""

import copy

from emulator.catalog import CUSTOM, FREE_SPECIFICATIONS

BUSY_STATUSES = ("deploying", "stopping", "deleting")
DEFAULT_WORKSPACE = "0"
SCHEDULE_UNIT_SECONDS = {"MINUTES": 60, "HOURS": 3600, "DAYS": 86400}

# Per-model status in GET config entries: the service status seen from one model's instances.
_ENTRY_STATUS = {
    "deploying": "deploying", "waiting": "deploying", "pending": "deploying",
    "running": "running", "concerning": "concerning", "finished": "finished",
    "stopping": "stopped", "stopped": "stopped", "deleting": "stopped",
}

# Stored config entry keys in the order GET shows them (read-only ones are added around them).
_ENTRY_ORDER = ("specification", "custom_spec", "weight", "instance_count", "envs", "cluster_id", "pool_name",
                "deploy_timeout_in_seconds", "src_path", "dest_path", "req_uri", "mapping_type", "mapping_rule",
                "src_type", "nodes", "affinity", "additional_properties")

# Service-level fields set at creation (the last three also by PUT) and shown by GET when present.
NETWORK_FIELDS = ("cluster_id", "pool_name", "vpc_id", "subnet_network_id", "security_group_id", "load_balancer_policy", "priority",
                  "service_secrets")


def to_ms(seconds):
    return int(round(seconds * 1000))


class Transition:
    """A transient status that turns into ``settle_to`` at ``ends_at``."""

    def __init__(self, status, started, duration, settle_to, error_msg=None, record=None, failed_models=()):
        self.status = status
        self.started = started
        self.ends_at = started + max(0.0, duration)
        self.settle_to = settle_to
        self.error_msg = error_msg
        self.record = record
        self.failed_models = set(failed_models)
        # Owned by emulator.clock: held is None until the clock adopts the transition.
        self.duration = max(0.0, duration)
        self.held = None
        self.elapsed = 0.0
        self.planned = []
        self.reads = 0
        self.release_after_reads = 0


class Service:
    """One service. ``config`` holds only the fields a client can write, already normalised."""

    def __init__(self, service_id, name, project, owner_id, infer_type, now):
        self.service_id = service_id
        self.service_name = name
        self.project_id = project.id
        self.region = project.name
        self.domain_id = project.domain_id
        self.owner_id = owner_id
        self.infer_type = infer_type
        self.workspace_id = DEFAULT_WORKSPACE
        self.description = ""
        self.status = "deploying"
        self.error_msg = None
        self.config = []
        self.schedule = []
        self.additional_properties = {}
        self.network = {}
        self.publish_at = now
        self.update_time = now
        self.transition_at = now
        self.operation_time = now
        self.running_since = None
        self.deployed = False
        self.invocation_times = 0
        self.failed_times = 0
        self.shared_count = 0
        self.is_shared = False
        self.failed_models = set()
        self.transition = None
        self.logs = []
        self.events = []
        self.tags = {}  # TMS tags, key -> value (service_tags.py)
        self.deleted = False

    # --- state machine -----------------------------------------------------------------------

    @property
    def busy(self):
        return self.status in BUSY_STATUSES

    def settle(self, now):
        """Finish a transition whose time is up; stop a service whose schedule ran out."""
        transition = self.transition
        if transition is not None and now >= transition.ends_at:
            self._finish(transition)
        due = self.due_time()
        if self.status == "running" and due is not None and now >= due:
            self._add_event(due, "normal", "service stopped by its schedule")
            self._set_status("stopped", due)

    def _finish(self, transition):
        self.transition = None
        if transition.settle_to == "deleted":
            self.deleted = True
            return
        self._set_status(transition.settle_to, transition.ends_at)
        if transition.settle_to == "running":
            self.deployed = True
            self.error_msg = None
            self.failed_models = set()
            self.running_since = transition.ends_at
        elif transition.settle_to == "failed":
            self.error_msg = transition.error_msg
            self.failed_models = transition.failed_models
        if transition.record is not None:
            transition.record["result"] = "SUCCESS" if transition.settle_to == "running" else "FAIL"

    def _set_status(self, status, when):
        self.status = status
        self.transition_at = when

    def set_static_status(self, status, now):
        """Put the service into ``status`` for good (admin interface)."""
        self.cancel_transition(now)
        self._set_status(status, now)
        if status == "running":
            self.deployed = True
            self.running_since = now

    def cancel_transition(self, now):
        """Drop an unfinished transition and the events it had planned for the future."""
        if self.transition is None:
            return
        if self.transition.record is not None and self.transition.record["result"] == "RUNNING":
            self.transition.record["result"] = "FAIL"
        self.transition = None
        cutoff = to_ms(now)
        self.events = [event for event in self.events if event["occur_time"] <= cutoff]

    def begin(self, now, transition, events):
        self.cancel_transition(now)
        self.transition = transition
        self._set_status(transition.status, now)
        self.operation_time = now
        if transition.status == "deploying":
            self.error_msg = None
        for offset, event_type, info in events:
            self._add_event(now + offset * (transition.ends_at - now), event_type, info)

    def deploy(self, now, duration, models, record=None, updating=False):
        """Start deploying the stored config; it ends running, or failed if a model is marked to fail."""
        labels = [self._model_label(entry, models) for entry in self.config]
        failing = [(entry["model_id"], models[entry["model_id"]].deploy_fails) for entry in self.config
                   if entry["model_id"] in models and models[entry["model_id"]].deploy_fails]
        events = [(0.0, "normal", "start to update service" if updating else "start to deploy service")]
        for label in labels:
            events += [
                (0.1, "normal", "[%s] prepare environment success" % label),
                (0.3, "normal", "[%s] schedule resource success" % label),
                (0.5, "normal", "[%s] pulling model image" % label),
                (0.7, "normal", "[%s] pull image success" % label),
                (0.85, "normal", "[%s] starting model" % label),
            ]
        if failing:
            error_msg = failing[0][1]
            events += [(1.0, "abnormal", error_msg), (1.0, "abnormal", "deploy service failed")]
            transition = Transition("deploying", now, duration, "failed", error_msg, record, [model_id for model_id, _message in failing])
        else:
            events.append((1.0, "normal", "deploy service success, the service is running"))
            transition = Transition("deploying", now, duration, "running", record=record)
        self.begin(now, transition, events)

    def stop(self, now, duration):
        self.begin(now, Transition("stopping", now, duration, "stopped"),
                   [(0.0, "normal", "start to stop service"), (1.0, "normal", "service stopped")])

    def delete(self, now, duration):
        self.begin(now, Transition("deleting", now, duration, "deleted"), [(0.0, "normal", "start to delete service")])

    def add_update_record(self, now, models, result="RUNNING"):
        """Append an update record (GET .../logs) for the config now stored."""
        record = {
            "update_time": to_ms(now),
            "result": result,
            "config": [self._log_entry(entry, models) for entry in self.config],
            "extend_config": [],
        }
        if self.network.get("cluster_id"):
            record["cluster_id"] = self.network["cluster_id"]
        self.logs.append(record)
        self.update_time = now
        return record

    def due_time(self):
        if not self.schedule or self.running_since is None or self.status != "running":
            return None
        rule = self.schedule[0]
        return self.running_since + rule["duration"] * SCHEDULE_UNIT_SECONDS[rule["time_unit"]]

    def progress(self, now):
        transition = self.transition
        if transition is not None and transition.status == "deploying":
            span = transition.ends_at - transition.started
            done = 1.0 if span <= 0 else (now - transition.started) / span
            if transition.held:
                done = transition.elapsed / transition.duration if transition.duration else 0.0
            return max(0, min(99, int(done * 100)))
        return 100 if self.status == "running" else None

    def _add_event(self, when, event_type, info):
        self.events.append({"event_type": event_type, "event_info": info, "occur_time": to_ms(when)})

    def visible_events(self, now):
        cutoff = to_ms(now)
        return [dict(event) for event in self.events if event["occur_time"] <= cutoff]

    # --- views -------------------------------------------------------------------------------

    @staticmethod
    def _model_label(entry, models):
        model = models.get(entry["model_id"])
        return "%s %s" % (model.model_name, model.model_version) if model else entry["model_id"]

    @staticmethod
    def _model_names(entry, models):
        model = models.get(entry["model_id"])
        return (model.model_name, model.model_version) if model else ("", "")

    def _entry_status(self, entry):
        if self.status == "failed":
            return "failed" if entry["model_id"] in self.failed_models else "notReady"
        return _ENTRY_STATUS.get(self.status, self.status)

    def _entry_view(self, entry, models):
        name, version = self._model_names(entry, models)
        view = {"model_id": entry["model_id"], "model_name": name, "model_version": version}
        if self.is_shared:
            # The GET reference: for a shared service only these three are returned.
            return view
        view["status"] = self._entry_status(entry)
        for key in _ENTRY_ORDER:
            if key == "custom_spec" and entry.get("specification") != CUSTOM:
                # The ShowService example and otcextensions' recorded service show an empty object on
                # entries that use a catalog flavor; whatever was sent with such an entry is not shown.
                view[key] = {}
                continue
            if key in entry:
                view[key] = copy.deepcopy(entry[key])
        view.setdefault("envs", {})
        view.setdefault("additional_properties", {})
        view["scaling"] = False
        view["support_debug"] = False
        return view

    def _log_entry(self, entry, models):
        name, version = self._model_names(entry, models)
        view = {"model_id": entry["model_id"], "model_name": name, "model_version": version}
        for key in ("weight", "specification", "custom_spec", "envs", "cluster_id", "instance_count", "additional_properties"):
            if key in entry:
                view[key] = copy.deepcopy(entry[key])
        # otcextensions' recorded update record shows these on an entry with a catalog flavor, as GET does.
        if entry.get("specification") != CUSTOM:
            view["custom_spec"] = {}
        view.setdefault("envs", {})
        view["scaling"] = False
        return view

    def access_address(self):
        if self.infer_type != "real-time" or not self.deployed:
            return None
        return "https://%s.apig.%s.huaweicloudapis.com/v1/infers/%s" % (self.domain_id, self.region, self.service_id)

    def _common_view(self, now):
        view = {
            "service_id": self.service_id,
            "service_name": self.service_name,
            "description": self.description,
            "tenant": self.domain_id,
            "project": self.project_id,
            "owner": self.owner_id,
            "publish_at": to_ms(self.publish_at),
            "update_time": to_ms(self.update_time),
            "infer_type": self.infer_type,
            "workspace_id": self.workspace_id,
            "status": self.status,
        }
        progress = self.progress(now)
        if progress is not None:
            view["progress"] = progress
        if self.status == "failed" and self.error_msg:
            view["error_msg"] = self.error_msg
        return view

    def _counters(self):
        return {
            "invocation_times": self.invocation_times,
            "failed_times": self.failed_times,
            "is_shared": self.is_shared,
            "shared_count": self.shared_count,
            "is_free": any(entry.get("specification") in FREE_SPECIFICATIONS for entry in self.config),
            "operation_time": to_ms(self.operation_time),
            "transition_at": to_ms(self.transition_at),
        }

    def detail_view(self, models, now):
        """The body of GET /v1/{p}/services/{id}."""
        view = self._common_view(now)
        view["config"] = [self._entry_view(entry, models) for entry in self.config]
        address = self.access_address()
        if address:
            view["access_address"] = address
        view.update(self._counters())
        for key in NETWORK_FIELDS:
            if self.network.get(key) is not None:
                view[key] = self.network[key]
        if self.schedule:
            view["schedule"] = copy.deepcopy(self.schedule)
        due = self.due_time()
        if due is not None:
            view["due_time"] = to_ms(due)
        view["additional_properties"] = copy.deepcopy(self.additional_properties)
        if (self.status == "running" and self.infer_type == "real-time" and len(self.config) == 1
                and self.config[0].get("instance_count") == 1):
            # Online debugging is offered only for a single model on a single instance.
            view["debug_url"] = "%s/debug" % address
        return view

    def list_view(self, now):
        """One item of GET /v1/{p}/services: the reference's ListServices has no config."""
        view = self._common_view(now)
        if self.workspace_id == DEFAULT_WORKSPACE:
            # The ListServices example shows the default workspace as the number 0 (ShowService: "0").
            # Other workspace ids are 32-character hex strings, which only a string can hold.
            view["workspace_id"] = 0
        view.update(self._counters())
        view["is_opened_sample_collection"] = False
        if self.schedule:
            view["schedule"] = copy.deepcopy(self.schedule)
        due = self.due_time()
        if due is not None:
            view["due_time"] = to_ms(due)
        if self.additional_properties:
            view["additional_properties"] = copy.deepcopy(self.additional_properties)
        return view

    def resource_ids(self):
        """IDs of the model deployments, shaped like the PATCH example's INF-<hex>-<ms>."""
        stamp = to_ms(self.publish_at)
        return ["INF-%s%s-%d" % (self.service_id.replace("-", "")[:8], entry["model_id"].replace("-", "")[:8], stamp)
                for entry in self.config]
