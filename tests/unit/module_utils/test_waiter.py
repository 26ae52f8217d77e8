# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import math

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsWaitError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.waiting import change_taken, wait_until_settled
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import (
    FIRST_POLL,
    MAX_POLL,
    MAX_STRIDE,
    NEAR_END_POLL,
    POLL_FACTOR,
    Deadline,
)


class FakeClock:
    """Time stands still except when something sleeps."""

    def __init__(self, start=1000.0):
        self.now = start
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class ScriptedStatusClient:
    """get_service answers the scripted statuses in order, then repeats the last one."""

    def __init__(self, *services):
        self.services = [dict(service) if isinstance(service, dict) else {"status": service} for service in services]
        self.calls = []

    def get_service(self, service_id):
        self.calls.append(service_id)
        index = min(len(self.calls), len(self.services)) - 1
        return dict(self.services[index], service_id=service_id)


def deadline(seconds, clock):
    return Deadline(seconds, clock=clock.clock, sleep=clock.sleep)


def test_returns_at_once_when_already_settled():
    clock = FakeClock()
    client = ScriptedStatusClient("running")
    service = wait_until_settled(client, "s1", deadline(60, clock))
    assert service == {"status": "running", "service_id": "s1"}
    assert client.calls == ["s1"]
    assert clock.sleeps == []


@pytest.mark.parametrize("final", ["running", "stopped", "finished", "concerning"])
def test_returns_when_settled(final):
    clock = FakeClock()
    client = ScriptedStatusClient("deploying", "deploying", "stopping", final)
    limit = deadline(600, clock)
    assert wait_until_settled(client, "s1", limit)["status"] == final
    assert len(client.calls) == 4
    assert clock.sleeps == pytest.approx([0.5, 0.8, 1.28])
    assert limit.waited == pytest.approx(2.58)


def test_poll_delays_start_at_half_a_second_and_cap_at_one_and_a_half():
    assert (FIRST_POLL, POLL_FACTOR, MAX_POLL) == (0.5, 1.6, 1.5)
    clock = FakeClock()
    client = ScriptedStatusClient(*(["deploying"] * 14 + ["running"]))
    wait_until_settled(client, "s1", deadline(10000, clock))
    assert clock.sleeps[:3] == pytest.approx([0.5, 0.8, 1.28])
    assert clock.sleeps[3:] == [1.5] * 11


def test_a_ten_minute_deployment_is_seen_running_less_than_two_seconds_late():
    clock = FakeClock(start=0.0)
    ready_at = 600.0

    class Deployment(ScriptedStatusClient):
        def get_service(self, service_id):
            self.calls.append(clock.now)
            return {"service_id": service_id, "status": "running" if clock.now >= ready_at else "deploying"}

    client = Deployment()
    wait_until_settled(client, "s1", deadline(1200, clock))
    assert clock.now - ready_at <= MAX_POLL < 2.0
    # The price of the bound: about one GET per MAX_POLL seconds.
    assert len(client.calls) <= ready_at / MAX_POLL + 5


class ProgressDeployment(ScriptedStatusClient):
    """A deployment from 0 to ``ready_at`` that shows its progress as the API does: whole percents, at most 99 while
    it deploys; ``shape`` maps the elapsed fraction of the time to the fraction of the work done."""

    def __init__(self, clock, ready_at, shape=lambda fraction: fraction, start=0.0):
        ScriptedStatusClient.__init__(self)
        self.clock, self.ready_at, self.shape, self.start = clock, ready_at, shape, start

    def get_service(self, service_id):
        self.calls.append(self.clock.now)
        if self.clock.now >= self.ready_at:
            return {"service_id": service_id, "status": "running", "progress": 100}
        fraction = max(0.0, self.clock.now - self.start) / (self.ready_at - self.start)
        return {"service_id": service_id, "status": "deploying", "progress": min(99, int(self.shape(fraction) * 100))}


SHAPES = {
    "even": lambda fraction: fraction,
    "accelerating": lambda fraction: fraction ** 2,  # slow start, fast end: the average pace runs late
    "accelerating-hard": lambda fraction: fraction ** 3,
    "decelerating": lambda fraction: fraction ** 0.5,  # fast start, slow end
    "s-shaped": lambda fraction: 1 / (1 + math.exp(-10 * (fraction - 0.5))),
    # Progress that does not move tells nothing about the end: polled as without progress (one GET per MAX_POLL).
    "late-start": lambda fraction: max(0.0, (fraction - 0.3) / 0.7),  # 0 for the first 30 % of the time
    "stuck-then-jump": lambda fraction: 0.0 if fraction < 0.5 else fraction,  # stuck at 0 for half the time
    "stalled-near-the-end": lambda fraction: min(0.9, fraction * 3),  # 90 % at once, then nothing until the end
    "at-99-early": lambda fraction: min(1.0, fraction * 1.25),  # shows 99 for the last fifth of the time
    "four-steps": lambda fraction: int(fraction * 4) / 4.0,
    "ten-steps": lambda fraction: int(fraction * 10) / 10.0,
}
# Shapes whose progress keeps moving: at most a third of the 400 GETs of one per MAX_POLL for ten minutes.
MOVING = ("even", "accelerating", "accelerating-hard", "decelerating", "s-shaped")


@pytest.mark.parametrize("lead_in", [0.0, 0.37], ids=["from-its-start", "started-earlier"])
@pytest.mark.parametrize("seconds", [3.0, 7.0, 30.0, 95.0, 600.0])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_deployment_with_progress_is_seen_within_two_seconds_whatever_its_shape(shape, seconds, lead_in):
    clock = FakeClock(start=0.0)
    client = ProgressDeployment(clock, seconds, SHAPES[shape], start=-lead_in)
    wait_until_settled(client, "s1", deadline(10 * seconds, clock))
    # Each read is answered at once here, so the lag is the last pause's overshoot: at most MAX_POLL.
    assert 0 <= clock.now - seconds <= MAX_POLL < 2.0
    if seconds == 600.0:
        # Without progress: one GET per MAX_POLL, 400 for ten minutes; with progress that moves, at most a third.
        assert len(client.calls) <= (600.0 / MAX_POLL / 3 if shape in MOVING else 600.0 / MAX_POLL + 5)


def test_an_even_ten_minute_deployment_costs_about_40_gets_and_polls_thin_out_then_tighten():
    clock = FakeClock(start=0.0)
    client = ProgressDeployment(clock, 600.0)
    wait_until_settled(client, "s1", deadline(1200, clock))
    assert len(client.calls) <= 45 and clock.now - 600.0 <= MAX_POLL
    assert max(clock.sleeps) == MAX_STRIDE and clock.sleeps[-1] <= MAX_POLL


def test_a_short_deployment_is_read_when_its_progress_says_it_ends():
    # 3 s: polls after 0.5 s, then when the end is due, then every NEAR_END_POLL; not every 1.5 s near the end.
    for lead_in in (0.0, 0.1, 0.2, 0.3, 0.4):
        clock = FakeClock(start=0.0)
        client = ProgressDeployment(clock, 3.0, start=-lead_in)
        wait_until_settled(client, "s1", deadline(60, clock))
        assert clock.now - 3.0 <= 2 * NEAR_END_POLL
        assert len(client.calls) <= 6


def test_polls_after_the_end_was_due_grow_back_to_the_cap():
    # Even progress to 99 % in 2 s, then 99 % for a long time: soon after the end is due, then less often.
    clock = FakeClock(start=0.0)
    client = ProgressDeployment(clock, 60.0, lambda fraction: min(1.0, fraction * 30))
    wait_until_settled(client, "s1", deadline(120, clock))
    late = [pause for pause in clock.sleeps if pause < FIRST_POLL]
    assert late[0] == NEAR_END_POLL and late == sorted(late)
    assert clock.sleeps[-1] == MAX_POLL and len(client.calls) <= 60.0 / MAX_POLL + 10


def test_progress_that_does_not_move_keeps_the_schedule_without_progress():
    clock = FakeClock()
    client = ScriptedStatusClient(*([{"status": "deploying", "progress": 40}] * 14 + ["running"]))
    wait_until_settled(client, "s1", deadline(10000, clock))
    assert clock.sleeps[:3] == pytest.approx([0.5, 0.8, 1.28]) and clock.sleeps[3:] == [1.5] * 11


def test_failed_raises_with_the_error_message():
    clock = FakeClock()
    client = ScriptedStatusClient("deploying", {"status": "failed", "error_msg": "image pull failed"})
    with pytest.raises(ModelArtsWaitError) as caught:
        wait_until_settled(client, "s1", deadline(60, clock))
    assert str(caught.value) == "Service s1 failed: image pull failed"
    assert caught.value.resource["status"] == "failed"
    assert caught.value.waited == 0.5


def test_failed_without_error_msg():
    with pytest.raises(ModelArtsWaitError) as caught:
        wait_until_settled(ScriptedStatusClient("failed"), "s1", deadline(60, FakeClock()))
    assert str(caught.value) == "Service s1 failed: no error_msg given"


def test_failed_is_returned_when_not_failing_on_failed():
    clock = FakeClock()
    client = ScriptedStatusClient("deploying", {"status": "failed", "error_msg": "boom"})
    service = wait_until_settled(client, "s1", deadline(60, clock), fail_on_failed=False)
    assert service["status"] == "failed"
    assert len(client.calls) == 2


def test_times_out_with_the_status_in_the_message():
    clock = FakeClock()
    client = ScriptedStatusClient({"status": "deploying", "progress": 40})
    limit = deadline(3, clock)
    with pytest.raises(ModelArtsWaitError) as caught:
        wait_until_settled(client, "s1", limit)
    assert str(caught.value) == "Timed out after 3 s waiting for service s1 to settle: it is still deploying (progress 40%)."
    assert caught.value.resource["status"] == "deploying"
    assert caught.value.waited == 3.0
    # 0.5 + 0.8 + 1.28 = 2.58, then only the 0.42 s left: never past the deadline.
    assert clock.sleeps == pytest.approx([0.5, 0.8, 1.28, 0.42])
    assert sum(clock.sleeps) == pytest.approx(3.0)
    assert clock.now == pytest.approx(1003.0)


def test_timeout_without_progress():
    clock = FakeClock()
    with pytest.raises(ModelArtsWaitError) as caught:
        wait_until_settled(ScriptedStatusClient("stopping"), "s1", deadline(0, clock))
    assert str(caught.value) == "Timed out after 0 s waiting for service s1 to settle: it is still stopping."
    assert clock.sleeps == []


@pytest.mark.parametrize("status", ["deploying", "stopping", "deleting", "pending", "waiting"])
def test_transitional_states_are_waited_for(status):
    clock = FakeClock()
    client = ScriptedStatusClient(status, "running")
    assert wait_until_settled(client, "s1", deadline(60, clock))["status"] == "running"
    assert clock.sleeps == [0.5]


def test_one_deadline_is_shared_by_several_waits():
    clock = FakeClock()
    limit = deadline(2, clock)
    wait_until_settled(ScriptedStatusClient("deploying", "deploying", "running"), "s1", limit)
    assert limit.waited == pytest.approx(1.3)
    assert limit.remaining() == pytest.approx(0.7)
    with pytest.raises(ModelArtsWaitError) as caught:
        wait_until_settled(ScriptedStatusClient("stopping"), "s1", limit)
    assert clock.sleeps == pytest.approx([0.5, 0.8, 0.5, 0.2])
    assert caught.value.waited == 2.0


def test_deadline_pause_never_sleeps_past_the_end_or_negative():
    clock = FakeClock()
    limit = deadline(1, clock)
    limit.pause(5)
    assert clock.sleeps == [1]
    limit.pause(5)
    assert clock.sleeps == [1, 0.0]
    assert limit.remaining() == 0
    assert limit.waited == 1.0


@pytest.mark.parametrize("target, statuses, calls", [
    ("stopped", ["running", "stopping", "stopped"], 3),
    ("running", ["stopped", "deploying", "running"], 3),
    ("running", ["stopped", "concerning"], 2),
])
def test_a_target_status_is_waited_for_even_when_the_old_one_still_shows(target, statuses, calls):
    clock = FakeClock()
    client = ScriptedStatusClient(*statuses)
    assert wait_until_settled(client, "s1", deadline(60, clock), target_status=target)["status"] == statuses[-1]
    assert len(client.calls) == calls


def test_a_target_status_never_reached_times_out_naming_the_status():
    clock = FakeClock()
    with pytest.raises(ModelArtsWaitError) as caught:
        wait_until_settled(ScriptedStatusClient("running"), "s1", deadline(3, clock), target_status="stopped")
    assert "it is still running" in str(caught.value)


class LaggingClient(ScriptedStatusClient):
    """Scripted GETs (as ScriptedStatusClient) and update records (``records``: a list per logs call, last repeats)."""

    def __init__(self, services, records=None):
        ScriptedStatusClient.__init__(self, *services)
        self.records = records or [[]]
        self.record_calls = 0

    def update_records(self, service_id):
        self.record_calls += 1
        return self.records[min(self.record_calls, len(self.records)) - 1]


BEFORE = {"status": "running", "update_time": 1000, "config": [{"model_id": "m1", "instance_count": 1}]}
ASKED = {"config": [{"model_id": "m1", "instance_count": 2}]}


def stale(**fields):
    return dict(BEFORE, **fields)


def test_a_stale_running_right_after_a_config_write_is_not_success():
    clock = FakeClock()
    client = LaggingClient([stale(), stale(), stale(status="deploying", update_time=2000),
                            stale(status="running", update_time=2000, config=ASKED["config"])])
    service = wait_until_settled(client, "s1", deadline(60, clock),
                                 taken=change_taken(client, "s1", BEFORE, ASKED))
    assert service["update_time"] == 2000 and service["status"] == "running"
    assert len(client.calls) == 4
    # Unchanged update_time: no update record is asked for, the read itself is stale.
    assert client.record_calls == 0


def test_a_change_never_taken_times_out_saying_so():
    clock = FakeClock()
    client = LaggingClient([stale()])
    with pytest.raises(ModelArtsWaitError) as error:
        wait_until_settled(client, "s1", deadline(10, clock), taken=change_taken(client, "s1", BEFORE, ASKED))
    assert "show that the change was taken" in str(error.value) and "still running" in str(error.value)
    assert clock.now - 1000.0 == pytest.approx(10.0)


def test_a_deployment_done_before_the_first_read_is_taken_from_its_update_record():
    clock = FakeClock()
    client = LaggingClient([stale(update_time=2000, config=ASKED["config"])],
                           records=[[{"update_time": 2000, "result": "SUCCESS"}, {"update_time": 1000, "result": "SUCCESS"}]])
    service = wait_until_settled(client, "s1", deadline(60, clock), taken=change_taken(client, "s1", BEFORE, ASKED))
    assert service["update_time"] == 2000
    assert (len(client.calls), client.record_calls, clock.sleeps) == (1, 1, [])


def test_the_update_record_of_the_returned_update_time_is_waited_for():
    clock = FakeClock()
    client = LaggingClient([stale()], records=[[], [{"update_time": 3000, "result": "RUNNING"}],
                                               [{"update_time": 3000, "result": "SUCCESS"}]])
    wait_until_settled(client, "s1", deadline(60, clock),
                       taken=change_taken(client, "s1", BEFORE, ASKED, update_time="3000"))
    assert (len(client.calls), client.record_calls) == (3, 3)


def test_a_failed_update_record_fails_the_wait():
    clock = FakeClock()
    client = LaggingClient([stale(update_time=2000)], records=[[{"update_time": 2000, "result": "FAIL"}]])
    with pytest.raises(ModelArtsWaitError, match="update record of this change says it failed"):
        wait_until_settled(client, "s1", deadline(60, clock), taken=change_taken(client, "s1", BEFORE, ASKED))


def test_a_stopped_service_takes_the_config_without_deploying():
    clock = FakeClock()
    before = stale(status="stopped")
    client = LaggingClient([before, dict(before, update_time=2000)])
    service = wait_until_settled(client, "s1", deadline(60, clock),
                                 taken=change_taken(client, "s1", before, ASKED, deploys=False))
    assert service["status"] == "stopped" and len(client.calls) == 2


def test_the_old_failed_state_is_not_taken_for_the_redeployment_failing():
    clock = FakeClock()
    before = stale(status="failed", error_msg="old failure")
    client = LaggingClient([before, stale(status="deploying", update_time=2000), stale(update_time=2000)])
    service = wait_until_settled(client, "s1", deadline(60, clock), taken=change_taken(client, "s1", before, ASKED))
    assert service["status"] == "running" and len(client.calls) == 3


def test_poll_until_returns_the_settled_read_backing_off_to_the_cap():
    from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import poll_until
    clock = FakeClock()
    reads = iter([{"n": n} for n in range(1, 9)])
    found = poll_until(lambda: next(reads), lambda thing: thing["n"] == 8, deadline(600, clock), lambda thing: "x")
    assert found == {"n": 8}
    expected, delay = [], FIRST_POLL
    for _pause in range(7):
        expected.append(delay)
        delay = min(MAX_POLL, delay * POLL_FACTOR)
    assert clock.sleeps == pytest.approx(expected)
    assert max(clock.sleeps) == MAX_POLL


def test_poll_until_times_out_with_the_last_read_under_the_resource_key():
    from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import poll_until
    clock = FakeClock()
    with pytest.raises(ModelArtsWaitError) as caught:
        poll_until(lambda: {"model_status": "publishing"}, lambda model: False, deadline(5, clock),
                   lambda model: "model m to be published: it is still %s" % model["model_status"], resource_key="model")
    assert str(caught.value) == "Timed out after 5 s waiting for model m to be published: it is still publishing."
    assert caught.value.to_result() == {"model": {"model_status": "publishing"}, "waited": 5.0}
    assert sum(clock.sleeps) == pytest.approx(5.0)


def test_poll_until_ends_when_the_settled_test_raises():
    from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import poll_until
    clock = FakeClock()

    def settled(model):
        if model["model_status"] == "failed":
            raise ModelArtsWaitError("import failed", resource=model, resource_key="model")
        return False

    with pytest.raises(ModelArtsWaitError, match="import failed"):
        poll_until(lambda: {"model_status": "failed"}, settled, deadline(60, clock), lambda model: "never")
    assert clock.sleeps == []


def test_watch_until_reads_every_interval_to_the_end_and_cuts_the_last_pause():
    from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import watch_until
    clock = FakeClock()
    resource, reads, stopped = watch_until(lambda: {"status": "running"}, lambda thing: False, deadline(70, clock), 30)
    assert (resource, reads, stopped) == ({"status": "running"}, 4, False)
    assert clock.sleeps == [30, 30, 10]


def test_watch_until_stops_at_the_read_that_meets_the_stop_rule():
    from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import watch_until
    clock = FakeClock()
    statuses = iter(["running", "running", "concerning", "running"])
    resource, reads, stopped = watch_until(lambda: {"status": next(statuses)}, lambda thing: thing["status"] != "running",
                                           deadline(600, clock), 30)
    assert (resource["status"], reads, stopped) == ("concerning", 3, True)
    assert clock.sleeps == [30, 30]
