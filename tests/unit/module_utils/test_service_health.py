# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The health watch of modelarts_service_info (module_utils/_service/health.py), on a fake clock."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.health import watch_health
from ansible_collections.hwcloud.modelarts.plugins.modules.modelarts_service_info import INFO_OPTIONS

PARAMS = {"service_id": "svc-1"}


class FakeClock:
    """Time stands still except when something sleeps."""

    def __init__(self):
        self.now = 5000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class ScriptedReads:
    """Each read answers the next scripted service (None: gone), then repeats the last; records when it read."""

    def __init__(self, clock, *services):
        self.clock = clock
        self.services = services
        self.times = []

    def __call__(self):
        self.times.append(self.clock.now)
        service = self.services[min(len(self.times), len(self.services)) - 1]
        return [] if service is None else [dict(service_id="svc-1", **service)]


def running(failed_times=0):
    return {"status": "running", "failed_times": failed_times}


def watch(**values):
    spec = dict(seconds=300, poll_seconds=30, failed_times_baseline=None, max_failed_times_increase=0)
    spec.update(values)
    return spec


def test_without_a_watch_the_services_are_read_once():
    clock = FakeClock()
    reads = ScriptedReads(clock, running())
    services, extra = watch_health(None, reads, PARAMS, clock=clock.clock, sleep=clock.sleep)
    assert (len(reads.times), extra, clock.sleeps) == (1, {}, [])
    assert services[0]["status"] == "running"


def test_a_healthy_watch_reads_until_the_time_is_over_and_no_longer():
    clock = FakeClock()
    reads = ScriptedReads(clock, running(3))
    services, extra = watch_health(watch(seconds=100, poll_seconds=30), reads, PARAMS, clock=clock.clock, sleep=clock.sleep)
    # Reads at 0, 30, 60, 90 and, the last pause cut to the 10 s left, at the end of the watch.
    assert [t - 5000.0 for t in reads.times] == [0, 30, 60, 90, 100]
    assert clock.sleeps == [30, 30, 30, 10]
    assert extra["watch"] == {"healthy": True, "reason": None, "reads": 5, "seconds": 100.0,
                              "failed_times_baseline": 3, "failed_times": 3}
    assert services == [dict(service_id="svc-1", **running(3))]


def test_zero_seconds_reads_once():
    clock = FakeClock()
    reads = ScriptedReads(clock, running())
    _services, extra = watch_health(watch(seconds=0), reads, PARAMS, clock=clock.clock, sleep=clock.sleep)
    assert (extra["watch"]["reads"], extra["watch"]["healthy"], clock.sleeps) == (1, True, [])


def test_the_watch_returns_at_the_first_read_that_sees_failed_times_grow_too_much():
    clock = FakeClock()
    reads = ScriptedReads(clock, running(3), running(4), running(6), running(9))
    services, extra = watch_health(watch(seconds=600, poll_seconds=10, max_failed_times_increase=2), reads, PARAMS,
                                   clock=clock.clock, sleep=clock.sleep)
    # 3 -> 4 is allowed, 3 -> 6 is not: the third read ends the watch, 580 s before its time.
    assert len(reads.times) == 3 and clock.now - 5000.0 == 20
    assert extra["watch"]["healthy"] is False
    assert extra["watch"]["reason"] == "failed_times grew from 3 to 6, more than the 2 allowed"
    assert services[0]["failed_times"] == 6


def test_the_baseline_given_counts_growth_before_the_watch():
    """A baseline read before an update catches failures during the deployment at the first read."""
    clock = FakeClock()
    reads = ScriptedReads(clock, running(8))
    _services, extra = watch_health(watch(failed_times_baseline=3, max_failed_times_increase=2), reads, PARAMS,
                                    clock=clock.clock, sleep=clock.sleep)
    assert (len(reads.times), clock.sleeps) == (1, [])
    assert extra["watch"]["reason"] == "failed_times grew from 3 to 8, more than the 2 allowed"


@pytest.mark.parametrize("later, reason", [
    ({"status": "concerning", "failed_times": 0}, "the service is concerning, not running"),
    ({"status": "failed", "failed_times": 0, "error_msg": "OOMKilled"}, "the service is failed: OOMKilled, not running"),
    (None, "the service was not found any more"),
])
def test_the_watch_returns_when_the_service_leaves_running(later, reason):
    clock = FakeClock()
    reads = ScriptedReads(clock, running(), running(), later)
    services, extra = watch_health(watch(seconds=600, poll_seconds=5), reads, PARAMS, clock=clock.clock, sleep=clock.sleep)
    assert (len(reads.times), clock.now - 5000.0) == (3, 10)
    assert (extra["watch"]["healthy"], extra["watch"]["reason"]) == (False, reason)
    assert len(services) == (0 if later is None else 1)


@pytest.mark.parametrize("params, values, message", [
    ({"service_id": None}, {}, "watch requires service_id: it watches one service."),
    (PARAMS, {"seconds": -1}, "watch.seconds must be 0 or more, got -1."),
    (PARAMS, {"poll_seconds": 0}, "watch.poll_seconds must be at least 1, got 0."),
    (PARAMS, {"max_failed_times_increase": -2}, "watch.max_failed_times_increase must be 0 or more, got -2."),
    (PARAMS, {"failed_times_baseline": -1}, "watch.failed_times_baseline must be 0 or more, got -1."),
])
def test_a_bad_watch_fails_before_any_read(params, values, message):
    clock = FakeClock()
    reads = ScriptedReads(clock, running())
    with pytest.raises(ModelArtsConfigError) as raised:
        watch_health(watch(**values), reads, params, clock=clock.clock, sleep=clock.sleep)
    assert str(raised.value) == message
    assert reads.times == []


def test_the_module_offers_the_watch_option():
    assert set(INFO_OPTIONS["watch"]["options"]) == {"seconds", "poll_seconds", "failed_times_baseline",
                                                     "max_failed_times_increase"}


def monitored(running_instances, instances=2, failed_times=0, node_id=None):
    entry = {"model_id": "m-new", "model_running_instance_count": running_instances, "model_instance_count": instances,
             "failed_times": 0}
    if node_id:
        entry["node_id"] = node_id
    return dict(running(failed_times), monitor={"monitors": [
        {"model_id": "m-old", "model_running_instance_count": 1, "model_instance_count": 1}, entry]})


def test_with_monitoring_a_model_short_of_instances_degrades_where_failed_times_stays_flat():
    """A running service whose new model does not bring up its instances answers no calls with it, so failed_times
    does not grow; the monitoring (include_monitor) shows it."""
    clock = FakeClock()
    reads = ScriptedReads(clock, monitored(2), monitored(1))
    _services, extra = watch_health(watch(seconds=600, poll_seconds=10), reads, PARAMS, clock=clock.clock, sleep=clock.sleep)
    assert len(reads.times) == 2
    assert extra["watch"]["healthy"] is False
    assert extra["watch"]["reason"] == "model m-new runs 1 of its 2 instances"
    assert extra["watch"]["failed_times"] == 0


def test_monitoring_names_the_edge_node_and_is_ignored_when_not_read():
    clock = FakeClock()
    reads = ScriptedReads(clock, monitored(0, instances=1, node_id="node-7"))
    _services, extra = watch_health(watch(seconds=0), reads, PARAMS, clock=clock.clock, sleep=clock.sleep)
    assert extra["watch"]["reason"] == "model m-new on node node-7 runs 0 of its 1 instances"
    healthy = ScriptedReads(clock, running())
    _services, extra = watch_health(watch(seconds=0), healthy, PARAMS, clock=clock.clock, sleep=clock.sleep)
    assert extra["watch"]["healthy"] is True
