# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Watching one service's health for a while: the watch option of modelarts_service_info.

One module run reads the service every poll_seconds until the watch time is over or the service
degrades, so a caller (the canary_rollout role's soak) needs one task and no retry loop.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import Deadline, watch_until

WATCH_OPTION = dict(
    type="dict",
    options=dict(
        seconds=dict(type="int", required=True),
        poll_seconds=dict(type="int", default=30),
        failed_times_baseline=dict(type="int"),
        max_failed_times_increase=dict(type="int", default=0),
    ),
)

HEALTHY = "running"


def check_watch(watch, params):
    """Refuse a watch that cannot work, before any request."""
    if params.get("service_id") is None:
        raise ModelArtsConfigError("watch requires service_id: it watches one service.")
    rules = (
        ("seconds", 0, "0 or more"),
        ("poll_seconds", 1, "at least 1"),
        ("max_failed_times_increase", 0, "0 or more"),
        ("failed_times_baseline", 0, "0 or more"),
    )
    for name, lowest, rule in rules:
        value = watch.get(name)
        if value is not None and value < lowest:
            raise ModelArtsConfigError("watch.%s must be %s, got %s." % (name, rule, value))


def failed_times(service):
    return int(service.get("failed_times") or 0)


def degradation(services, baseline, max_increase):
    """Why the service is not healthy any more, or None while it is.

    Only C(running) is healthy: C(concerning) means some instances are faulty, which a soak must
    not wait out.
    """
    if len(services) != 1:
        return "the service was not found any more"
    service = services[0]
    if service.get("status") != HEALTHY:
        error_msg = service.get("error_msg")
        return "the service is %s%s, not running" % (service.get("status"), (": " + error_msg) if error_msg else "")
    grown = failed_times(service) - baseline
    if grown > max_increase:
        return "failed_times grew from %d to %d, more than the %d allowed" % (baseline, failed_times(service), max_increase)
    return short_of_instances(service.get("monitor"))


def short_of_instances(monitor):
    """With the service's monitoring read (include_monitor), a model running fewer instances than it has: what
    failed_times cannot show (a model whose instances do not come up answers no calls, so none fail)."""
    for entry in (monitor or {}).get("monitors") or []:
        running, total = entry.get("model_running_instance_count"), entry.get("model_instance_count")
        if isinstance(running, int) and isinstance(total, int) and running < total:
            return "model %s%s runs %d of its %d instances" % (
                entry.get("model_id"), " on node %s" % entry["node_id"] if entry.get("node_id") else "", running, total)
    return None


def watch_health(watch, read, params, clock=time.monotonic, sleep=time.sleep):
    """Read the services once, or, with a watch, until its time is over or the service degrades.

    read() returns the services the module's other options select (one with service_id). Answers
    (services, extra return values); the pauses go through a Deadline, so a test gives it a clock.
    """
    if not watch:
        return read(), {}
    check_watch(watch, params)
    deadline = Deadline(watch["seconds"], clock=clock, sleep=sleep)
    baseline = watch.get("failed_times_baseline")
    verdict = {}

    def degraded(services):
        if "baseline" not in verdict:
            verdict["baseline"] = baseline if baseline is not None else (failed_times(services[0]) if services else 0)
        verdict["reason"] = degradation(services, verdict["baseline"], watch["max_failed_times_increase"])
        return verdict["reason"] is not None

    services, reads, _stopped = watch_until(read, degraded, deadline, watch["poll_seconds"])
    reason, baseline = verdict["reason"], verdict["baseline"]
    return services, {"watch": {
        "healthy": reason is None,
        "reason": reason,
        "reads": reads,
        "seconds": round(deadline.seconds - deadline.remaining(), 3),
        "failed_times_baseline": baseline,
        "failed_times": failed_times(services[0]) if services else None,
    }}
