"""A v2 ("new-version real-time") service: its versions, deployment, lazily evaluated states and JSON views.

Like the v1 ``Service`` there is no background thread: a transition (``emulator.services.Transition``) remembers
when it started, how long it lasts and where it ends; ``settle(now)`` applies it whenever anybody looks, and the
clock (``emulator/clock.py``) holds, advances and releases it exactly as for v1 services. Statuses are the v2
upper-case ones. All methods expect the State lock held.
"""

import copy
import datetime
import uuid

from emulator.services import Transition, to_ms
from emulator.v2_validation import SCHEDULE_UNIT_SECONDS

# Transitional statuses: updates, start and stop are refused while the service is in one.
BUSY = ("DEPLOYING", "UPGRADING", "STOPPING", "DELETING", "INTERRUPTING")
# What the v2 list filter takes (the list page's status values; INIT is not one of them).
LIST_STATUSES = ("DEPLOYING", "RUNNING", "CONCERNING", "UPGRADING", "STOPPING", "STOPPED", "DELETING", "INTERRUPTING", "FAILED", "ERROR")
# Statuses an admin PATCH may set (the show page's values).
SETTABLE = ("INIT", "DEPLOYING", "RUNNING", "CONCERNING", "UPGRADING", "STOPPING", "STOPPED", "DELETING", "FAILED", "ERROR")


# Stored deployment fields the deployment's own answer (ShowInferDeployment) repeats.
_DEPLOYMENT_FIELDS = ("id", "name", "pool_id", "framework", "count", "weight", "priority", "secret_type", "secret_name", "workload_type",
                      "high_avail_switch", "system_log_dump_enable", "schedule_strategy", "unit_configs", "advanced_config",
                      "mirror_traffic_enable")


def _iso(seconds):
    """A time as the deployment answers type it (date-time, UTC)."""
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def new_id():
    return str(uuid.uuid4())


class Image:
    """An SWR image the emulator knows (seed ``v2_images``): ``deploy_fails`` makes every deployment of it fail."""

    def __init__(self, swr_path, deploy_fails=None):
        self.swr_path = swr_path
        self.deploy_fails = deploy_fails


def _with_ids(groups):
    """Deployments and units of a request, with ids for those that have none."""
    result = copy.deepcopy(groups)
    for group in result:
        group.setdefault("id", new_id())
        group.setdefault("count", 1)
        for unit in group.get("unit_configs", []):
            unit.setdefault("id", new_id())
    return result


class V2Service:
    def __init__(self, fields, project, user, now, provider=None):
        self.id = new_id()
        self.name = fields["name"]
        self.project_id = project.id
        self.domain_id = project.domain_id
        self.region = project.name
        self.user_name = user.name
        self.type = fields["type"]
        self.deploy_type = fields["deploy_type"]
        self.workspace_id = fields["workspace_id"]
        self.tags = fields.get("tags", [])
        self.schedule = fields.get("schedule", [])
        self.task_type = fields.get("task_type")
        self.workload_type = fields.get("workload_type")
        self.custom_metrics_path = fields.get("custom_metrics_path")
        self.deploy_timeout_minutes = fields.get("deploy_timeout_minutes")
        self.provider = provider
        self.create_at = now
        self.update_at = now
        self.versions = []
        self.status = "INIT"
        self.failure_reason = None
        self.transition = None
        self.events = []
        self.deleted = False
        self.deployed = False
        self.running_since = None
        self.add_version(fields, now)

    @property
    def service_id(self):
        """The name the clock and the admin interface know services by."""
        return self.id

    # --- versions ----------------------------------------------------------------------------

    @property
    def current(self):
        return self.versions[-1]

    def add_version(self, fields, now, base=None):
        """A new current version: ``fields`` over ``base`` (the fields a partial update leaves out keep their value)."""
        empty = {"description": "", "runtime_config": {}, "upgrade_config": None, "lts_strategy": None, "log_configs": [],
                 "instance_groups": []}
        version = copy.deepcopy(base) if base else empty
        version["id"] = new_id()
        version["version"] = fields["version"]
        version["create_at"] = now
        for key in ("description", "runtime_config", "upgrade_config", "lts_strategy", "log_configs", "deploy_timeout_minutes"):
            if key in fields:
                version[key] = copy.deepcopy(fields[key])
        if "group_configs" in fields:
            version["instance_groups"] = self._merge_groups(version["instance_groups"], fields["group_configs"])
        self.versions.append(version)
        self.update_at = now
        return version

    @staticmethod
    def _merge_groups(existing, requested):
        """The one deployment keeps its id (and its units theirs, by position) when the request names it or none."""
        groups = _with_ids(requested)
        if existing and groups:
            groups[0]["id"] = existing[0]["id"]
            old_units = existing[0].get("unit_configs", [])
            for index, unit in enumerate(groups[0].get("unit_configs", [])):
                if index < len(old_units) and not any(u.get("id") == unit["id"] for u in old_units):
                    unit["id"] = old_units[index]["id"]
        return groups

    def version_named(self, version):
        return next((entry for entry in self.versions if entry["version"] == version), None)

    def deployment(self, deployment_id):
        return next((group for group in self.current["instance_groups"] if deployment_id in (group["id"], group["name"])), None)

    # --- state machine -----------------------------------------------------------------------

    @property
    def busy(self):
        return self.status in BUSY

    def settle(self, now):
        transition = self.transition
        if transition is not None and now >= transition.ends_at:
            self._finish(transition)
        due = self.due_time()
        if self.status == "RUNNING" and due is not None and now >= due:
            self.add_event(due, "NORMAL", "service stopped by its schedule")
            self.status = "STOPPED"
            self.schedule = [dict(rule, processed=True) for rule in self.schedule]

    def _finish(self, transition):
        self.transition = None
        if transition.settle_to == "deleted":
            self.deleted = True
            return
        self.status = transition.settle_to
        self.update_at = transition.ends_at
        if transition.settle_to == "RUNNING":
            self.deployed = True
            self.failure_reason = None
            self.running_since = transition.ends_at
        elif transition.settle_to == "FAILED":
            self.failure_reason = transition.error_msg

    def cancel_transition(self, now):
        if self.transition is None:
            return
        self.transition = None
        cutoff = to_ms(now)
        self.events = [event for event in self.events if event["occur_time"] <= cutoff]

    def begin(self, now, transition, events):
        self.cancel_transition(now)
        self.transition = transition
        self.status = transition.status
        self.update_at = now
        for fraction, event_type, info in events:
            self.add_event(now + fraction * (transition.ends_at - now), event_type, info)

    def deploy(self, now, duration, images, upgrading=False):
        """Roll the current version out: RUNNING, or FAILED with failure_reason when an image is marked to fail."""
        self.failure_reason = None
        label = "upgrade" if upgrading else "deploy"
        events = [(0.0, "NORMAL", "start to %s service, version %s" % (label, self.current["version"]))]
        for group in self.current["instance_groups"]:
            events += [(0.2, "NORMAL", "[%s] schedule resource success" % group["name"]),
                       (0.5, "NORMAL", "[%s] pulling image" % group["name"]),
                       (0.8, "NORMAL", "[%s] starting instances" % group["name"])]
        failure = self.failure_of(images)
        if failure:
            events += [(1.0, "ABNORMAL", failure), (1.0, "ABNORMAL", "%s service failed" % label)]
            transition = Transition("UPGRADING" if upgrading else "DEPLOYING", now, duration, "FAILED", error_msg=failure)
        else:
            events.append((1.0, "NORMAL", "%s service success, the service is running" % label))
            transition = Transition("UPGRADING" if upgrading else "DEPLOYING", now, duration, "RUNNING")
        self.begin(now, transition, events)

    def failure_of(self, images):
        for group in self.current["instance_groups"]:
            for unit in group.get("unit_configs", []):
                image = images.get((unit.get("image") or {}).get("swr_path"))
                if image is not None and image.deploy_fails:
                    return image.deploy_fails
        return None

    def stop(self, now, duration):
        self.begin(now, Transition("STOPPING", now, duration, "STOPPED"),
                   [(0.0, "NORMAL", "start to stop service"), (1.0, "NORMAL", "service stopped")])

    def delete(self, now, duration):
        self.begin(now, Transition("DELETING", now, duration, "deleted"), [(0.0, "NORMAL", "start to delete service")])

    def set_status(self, status, now, failure_reason=None, settle_to=None, settle_seconds=0.0):
        """Admin: put the service into ``status`` (optionally settling to ``settle_to`` later)."""
        self.cancel_transition(now)
        self.status = status
        self.update_at = now
        if status in ("RUNNING", "CONCERNING", "STOPPED", "FAILED", "ERROR") and self.current["instance_groups"]:
            self.deployed = True
        if status == "RUNNING":
            self.running_since = now
        self.failure_reason = failure_reason if status in ("FAILED", "ERROR") else None
        if settle_to:
            self.transition = Transition(status, now, settle_seconds, settle_to, error_msg=failure_reason)

    def due_time(self):
        if not self.schedule or self.running_since is None or self.status != "RUNNING":
            return None
        rule = self.schedule[0]
        return self.running_since + rule["duration"] * SCHEDULE_UNIT_SECONDS[rule["time_unit"]]

    def add_event(self, when, event_type, info):
        # occur_time (ms) is what the clock moves; the rest is the event's own.
        self.events.append({"id": new_id(), "occur_time": to_ms(when), "event_type": event_type, "event_info": info,
                            "service_version_id": self.current["id"]})

    def visible_events(self, now):
        cutoff = to_ms(now)
        return [dict(event) for event in self.events if event["occur_time"] <= cutoff]

    # --- views -------------------------------------------------------------------------------

    def predict_urls(self):
        if not self.deployed or self.type != "REAL_TIME":
            return []
        return ["https://%s.apig.%s.huaweicloudapis.com/v2/infers/%s" % (self.domain_id, self.region, self.id)]

    def _group_view(self, group):
        view = copy.deepcopy(group)
        running = self.status in ("RUNNING", "CONCERNING")
        view["status"] = self.status
        view["running_count"] = view.get("count", 1) if running else 0
        view["traffic_ratio"] = "%d%%" % view.get("weight", 0)
        view["version"] = self.current["version"]
        view["version_id"] = self.current["id"]
        view["create_at"] = str(to_ms(self.create_at))
        view["update_at"] = to_ms(self.update_at)
        return view

    def version_view(self, version=None):
        version = version or self.current
        invoke = copy.deepcopy(version["runtime_config"].get("service_invoke", {}))
        # Accepted on create, but no answer table has it.
        invoke.pop("custom_urls", None)
        runtime = dict(copy.deepcopy(version["runtime_config"]), service_invoke=invoke)
        view = {"id": version["id"], "version": version["version"], "description": version["description"], "runtime_config": runtime,
                "instance_groups": [self._group_view(group) for group in version["instance_groups"]],
                "log_configs": [{key: value for key, value in entry.items() if key != "files"} for entry in version["log_configs"]]}
        urls = self.predict_urls()
        if urls and version is self.current:
            view["predict_url"] = urls[0]
        if version.get("upgrade_config"):
            view["upgrade_config"] = copy.deepcopy(version["upgrade_config"])
        if version.get("lts_strategy"):
            view["lts_strategy"] = version["lts_strategy"]
        if version.get("deploy_timeout_minutes") is not None:
            view["deploy_timeout_minutes"] = version["deploy_timeout_minutes"]
        return view

    def _schedule_view(self):
        due = self.due_time()
        views = []
        for rule in self.schedule:
            view = {"type": rule["type"], "duration": rule["duration"], "time_unit": rule["time_unit"], "processed": bool(rule.get("processed"))}
            if due is not None:
                view["due_time"] = to_ms(due)
            views.append(view)
        return views

    def detail_view(self):
        """The answer of show, create, update, start and stop (ShowInferService)."""
        view = {"id": self.id, "name": self.name, "workspace_id": self.workspace_id, "type": self.type, "deploy_type": self.deploy_type,
                "status": self.status, "version": self.version_view(), "tags": copy.deepcopy(self.tags),
                "schedule": self._schedule_view(), "create_at": str(to_ms(self.create_at)), "update_at": str(to_ms(self.update_at)),
                "frozen_infos": []}
        if self.failure_reason and self.status in ("FAILED", "ERROR"):
            view["failure_reason"] = self.failure_reason
        urls = self.predict_urls()
        if urls:
            view["predict_url"] = [{"type": "PUBLIC", "urls": urls}]
        for key in ("task_type", "provider", "deploy_timeout_minutes"):
            if getattr(self, key) is not None:
                view[key] = getattr(self, key)
        return view

    def list_view(self):
        """One item of the list (ListInferServices ``data``)."""
        view = {"id": self.id, "name": self.name, "status": self.status, "version": self.current["version"],
                "version_count": len(self.versions), "description": self.current["description"], "type": self.type,
                "deploy_type": self.deploy_type, "user_name": self.user_name, "workspace_id": self.workspace_id,
                "create_at": to_ms(self.create_at), "update_at": to_ms(self.update_at),
                "auth_type": self.current["runtime_config"].get("service_invoke", {}).get("auth_type"),
                "tags": copy.deepcopy(self.tags), "schedule": self._schedule_view(), "frozen_infos": []}
        if self.task_type is not None:
            view["task_type"] = self.task_type
        return view

    def deployment_item_view(self, group):
        """One item of the deployment list (ListInferDeployments ``data``)."""
        return {"id": group["id"], "name": group["name"], "infer_name": self.id, "status": self.status, "weight": group["weight"],
                "traffic_ratio": "%d%%" % group["weight"], "pool_id": group.get("pool_id", ""), "version": self.current["version"],
                "deploy_type": self.deploy_type, "create_at": to_ms(self.create_at), "update_at": to_ms(self.update_at),
                "frozen_infos": []}

    def deployment_view(self, group):
        """ShowInferDeployment: the deployment as configured, with its status."""
        view = {key: copy.deepcopy(group[key]) for key in _DEPLOYMENT_FIELDS if key in group}
        view.update(deployment_name=group["name"], infer_name=self.id, description=self.current["description"],
                    version=self.current["version"], version_id=self.current["id"], version_count=len(self.versions),
                    status=self.status, deploy_type=self.deploy_type, user_name=self.user_name, frozen_infos=[],
                    create_at=_iso(self.create_at), update_at=_iso(self.update_at))
        return view

    def deployment_version_view(self, version):
        """One item of a deployment's versions (ListInferDeploymentVersions ``data``)."""
        current = version is self.current
        return {"infer_name": self.id, "version": version["version"], "description": version["description"],
                "version_status": self.status if current else "HISTORY", "deploy_type": self.deploy_type,
                "create_at": _iso(version["create_at"]), "update_at": _iso(version["create_at"] if not current else self.update_at)}

    def event_view(self, event):
        return {"id": event["id"], "service_id": self.id, "service_version_id": event["service_version_id"], "event_count": 1,
                "event_type": event["event_type"], "event_info": event["event_info"], "event_info_cn": event["event_info"],
                "create_at": event["occur_time"], "update_at": event["occur_time"]}
