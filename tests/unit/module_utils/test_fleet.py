# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The modelarts_fleet runner with a fake ServiceApi, and the thread safety it relies on."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import threading

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils import _service
from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import PasswordAuth
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError, ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service import fleet
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.update import update_flow
from ansible_collections.hwcloud.modelarts.plugins.module_utils._throttle import ThrottleGate
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Response, Transport
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import Deadline

assert _service  # the package imports on its own

MODEL = "m-1"


def served(service_id, name=None, **fields):
    service = {"service_id": service_id, "service_name": name or "svc-" + service_id, "infer_type": "real-time",
               "status": "running", "description": "old", "update_time": 1000,
               "config": [{"model_id": MODEL, "model_name": "resnet", "specification": "modelarts.vm.cpu.2u",
                           "instance_count": 1, "weight": 100, "status": "running"}]}
    service.update(fields)
    return service


class FakeApi:
    """The ServiceApi calls the update flow makes, over an in-memory, thread-safe set of services."""

    def __init__(self, *services, **hooks):
        self.services = dict((service["service_id"], service) for service in services)
        self.lock = threading.Lock()
        self.calls = []
        self.on_get = hooks.get("on_get")
        self.fail_put = hooks.get("fail_put", {})

    def _record(self, *call):
        with self.lock:
            self.calls.append(call)

    def service_id_for(self, service_id=None, name=None):
        self._record("LOOKUP", service_id or name)
        return service_id or [s for s in self.services.values() if s["service_name"] == name][0]["service_id"]

    def get_service(self, service_id):
        self._record("GET", service_id)
        if self.on_get:
            self.on_get(service_id)
        with self.lock:
            return copy.deepcopy(self.services[service_id])

    def update_service(self, service_id, body):
        self._record("PUT", service_id, copy.deepcopy(body))
        if service_id in self.fail_put:
            raise self.fail_put[service_id]
        with self.lock:
            self.services[service_id].update(copy.deepcopy(body))
        return Response(200, {}, {}, "{}")

    def update_records(self, service_id):
        return []

    def count(self, method):
        return len([call for call in self.calls if call[0] == method])


def items(*raw, **defaults):
    return fleet.validate_items(list(raw), defaults)


def run(api, raw, defaults=None, check_mode=False, diff=False, max_concurrency=4, max_fail_percentage=None, pace=None):
    runner = fleet.FleetRunner(api, fleet.validate_items(raw, defaults or {}), check_mode, diff, max_concurrency,
                               max_fail_percentage, pace=pace)
    return fleet.summarize(runner.run())


def waiting_pace(limit):
    """A WorkerPace that sees the process use no CPU (it waits for the API): it keeps every worker."""
    return fleet.WorkerPace(limit, cpu_clock=lambda: 0.0)


# Validation: every item, before any request, naming item and option path.

def test_every_bad_item_is_named_with_its_option_and_nothing_is_sent():
    raw = [
        {"service_id": "a", "description": "fine"},
        {"name": "b", "config": [{"weight": 100}]},
        {"service_id": "c", "additional_properties": {"smn_notification": {"events": [2]}}},
        {"service_id": "d", "description": "has <html>"},
        {"service_id": "e", "auth_token": "not here"},
        {"description": "no id"},
        "not a dict",
        {"service_id": "a"},
    ]
    with pytest.raises(ModelArtsConfigError) as error:
        fleet.validate_items(raw, {})
    text = str(error.value)
    assert text.startswith("8 problems in the options; nothing was sent")
    assert "services[1] (name b): missing required arguments: model_id found in config" in text
    assert "services[2] (service_id c): missing required arguments: topic_urn found in additional_properties -> " \
           "smn_notification" in text
    assert "services[2] (service_id c): value of events must be one or more of: 1, 3, 7, 11" in text
    assert "services[3] (service_id d): description must not contain any of" in text
    assert "services[4] (service_id e): unsupported option auth_token" in text
    assert "services[5]: one of the following is required: service_id, name" in text
    assert "services[6]: must be a dict of modelarts_service options, got str." in text
    assert "services[7] (service_id a): service_id a is also services[0] (service_id a)" in text


def test_defaults_merge_dicts_deeply_and_lists_are_replaced():
    defaults = {"state": "running", "additional_properties": {"websocket_upgrade": True},
                "config": [{"model_id": MODEL, "instance_count": 2}]}
    merged = fleet.validate_items([
        {"service_id": "a", "additional_properties": {"smn_notification": {"topic_urn": "urn:x", "events": [1]}}},
        {"service_id": "b", "config": [{"model_id": "m-2", "weight": 100, "instance_count": 1,
                                        "specification": "modelarts.vm.cpu.2u"}], "state": "stopped"},
    ], defaults)
    first, second = merged[0].params, merged[1].params
    assert first["state"] == "running" and first["config"][0]["instance_count"] == 2
    assert first["additional_properties"]["websocket_upgrade"] is True
    assert first["additional_properties"]["smn_notification"] == {"topic_urn": "urn:x", "events": [1]}
    assert second["state"] == "stopped" and [entry["model_id"] for entry in second["config"]] == ["m-2"]
    # The item's own defaults are the module's.
    assert first["wait"] is True and first["wait_timeout"] == 1200 and first["infer_type"] == "real-time"
    assert defaults["config"] == [{"model_id": MODEL, "instance_count": 2}], "defaults are not modified"


def test_items_differing_only_by_name_or_id_are_validated_once_each_with_its_own_params(monkeypatch):
    validations = []
    original = fleet.validate

    def counting(validator, params, spec):
        validations.append(params.get("name") or params.get("service_id") or params.get("service_name"))
        return original(validator, params, spec)

    monkeypatch.setattr(fleet, "validate", counting)
    config = [{"model_id": MODEL, "instance_count": 2}]
    raw = [{"name": "svc-%d" % number, "config": config} for number in range(50)]
    raw += [{"service_id": "id-%d" % number, "config": config} for number in range(50)]
    raw += [{"name": "svc-big", "config": [{"model_id": MODEL, "instance_count": 3}]},
            {"service_name": "svc-alias", "config": config}, {"name": "svc-own", "config": config, "state": "stopped"}]
    items = fleet.validate_items(raw, {})
    # One validation per distinct rest of the options, and one for the item named by an alias (renamed by validation).
    assert validations == ["svc-0", "id-0", "svc-big", "svc-alias", "svc-own"]
    assert [item.params.get("name") or item.params["service_id"] for item in items] == \
        ["svc-%d" % number for number in range(50)] + ["id-%d" % number for number in range(50)] + \
        ["svc-big", "svc-alias", "svc-own"]
    assert items[1].params["service_id"] is None and items[50].params["name"] is None
    assert items[1].params == fleet.validate_items([raw[1]], {})[0].params
    assert items[-1].params["state"] == "stopped" and items[-3].params["config"][0]["instance_count"] == 3
    # Each item has params of its own: a flow changing one item's params changes no other item.
    items[0].params["config"][0]["instance_count"] = 9
    assert items[1].params["config"][0]["instance_count"] == 2


def test_settings_are_checked_once_per_shape_and_names_per_item(monkeypatch):
    settings = []
    original = fleet.check_service_settings

    def counting(params):
        settings.append(params.get("name") or params.get("service_id"))
        return original(params)

    monkeypatch.setattr(fleet, "check_service_settings", counting)
    config = [{"model_id": MODEL, "instance_count": 2}]
    raw = [{"name": "svc-%d" % number, "config": config} for number in range(3)]
    raw += [{"name": "bad/name", "config": config}, {"name": "svc-3", "config": config, "description": "a<b"},
            {"name": "svc-4", "config": config, "description": "a<b"}, {"service_id": " ", "config": config}]
    with pytest.raises(ModelArtsConfigError) as error:
        fleet.validate_items(raw, {})
    # The shape that passed is not checked again; the one that failed is, for each of its items.
    assert settings == ["svc-0", "svc-3", "svc-4"]
    message = str(error.value)
    assert message.startswith("4 problems in the options")
    assert "services[3] (name bad/name): name" in message
    assert "services[4] (name svc-3): description must not contain" in message
    assert "services[5] (name svc-4): description must not contain" in message
    assert "services[6] (service_id  ): service_id must not be empty" in message


class Tagged(str):
    """A subclass of str, as a templated value may be."""


def test_own_copy_shares_nothing_mutable_and_keeps_values():
    marker = object()
    given = {"a": [1, {"b": None, "c": [True, 2.5]}], "d": {"e": Tagged("x")}, "f": "text", "g": (1, [2]), "h": marker}
    copied = fleet.own_copy(given)
    assert copied == dict(given, h=copied["h"])
    assert isinstance(copied["d"]["e"], Tagged) and copied["d"]["e"] == "x"
    # Every dict and list is new, however deep; a tuple (never in options) is deep-copied like any other object.
    assert copied is not given and copied["a"] is not given["a"] and copied["a"][1] is not given["a"][1]
    assert copied["a"][1]["c"] is not given["a"][1]["c"] and copied["d"] is not given["d"]
    assert copied["g"] == (1, [2]) and copied["g"][1] is not given["g"][1]
    copied["a"][1]["c"].append(3)
    assert given["a"][1]["c"] == [True, 2.5]


def test_an_invalid_shared_shape_fails_every_item_that_has_it():
    with pytest.raises(ModelArtsConfigError) as error:
        fleet.validate_items([{"name": "a", "config": [{"weight": 100}]}, {"name": "b", "config": [{"weight": 100}]}], {})
    assert "services[0] (name a): missing required arguments: model_id" in str(error.value)
    assert "services[1] (name b): missing required arguments: model_id" in str(error.value)


def test_defaults_cannot_name_a_service():
    with pytest.raises(ModelArtsConfigError, match="defaults: name names one service"):
        fleet.validate_items([{"service_id": "a"}], {"name": "x"})


@pytest.mark.parametrize("options, message", [
    ({"max_concurrency": 0}, "max_concurrency must be between 1 and 64, got 0."),
    ({"max_concurrency": 65}, "max_concurrency must be between 1 and 64"),
    ({"max_fail_percentage": 101}, "max_fail_percentage must be between 0 and 100, got 101."),
])
def test_fleet_options_are_checked(options, message):
    params = dict(max_concurrency=8, max_fail_percentage=None)
    params.update(options)
    with pytest.raises(ModelArtsConfigError, match=message.replace(".", r"\.")):
        fleet.check_fleet_options(params)


# Running: the flow of the single module per item.

def test_each_item_runs_the_update_flow_and_changed_means_any_changed():
    api = FakeApi(served("a"), served("b"), served("c", description="new"))
    summary = run(api, [{"service_id": sid, "description": "new"} for sid in "abc"])
    assert fleet.FleetRunner(api, [], False, False, 1).run_resource is fleet.run_service
    assert summary["changed"] is True and summary["changed_count"] == 2 and summary["failed_count"] == 0
    assert [entry["msg"] for entry in summary["results"]] == ["changed: description", "changed: description", "unchanged"]
    assert sorted(call[1] for call in api.calls if call[0] == "PUT") == ["a", "b"]
    assert summary["msg"] == "3 services, 2 changed."


def test_check_and_diff_mode_per_item():
    api = FakeApi(served("a"), served("b"))
    summary = run(api, [{"service_id": "a", "description": "new"}, {"service_id": "b"}], check_mode=True, diff=True)
    assert api.count("PUT") == 0
    first, second = summary["results"]
    assert first["changed"] is True and first["msg"] == "would change: description"
    assert first["service"]["description"] == "new"
    assert first["diff"] == {"before": {"description": "old"}, "after": {"description": "new"},
                             "before_header": "services[0] (service_id a)", "after_header": "services[0] (service_id a)"}
    assert "diff" not in second
    assert summary["diff"] == [first["diff"]]


def test_at_most_max_concurrency_items_run_at_once():
    bound = 3
    active = [0]
    peak = [0]
    lock = threading.Lock()
    # Each batch of `bound` items meets here: proves that `bound` do run together (the peak proves no more).
    barrier = threading.Barrier(bound, timeout=30)

    def on_get(_service_id):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        barrier.wait()
        with lock:
            active[0] -= 1

    api = FakeApi(*[served("s%d" % n) for n in range(9)], on_get=on_get)
    # While the items wait (here for each other), every worker takes items.
    summary = run(api, [{"service_id": "s%d" % n} for n in range(9)], max_concurrency=bound, pace=waiting_pace(bound))
    assert summary["failed_count"] == 0 and api.count("GET") == 9
    assert peak[0] == bound


class FakeClocks:
    """The process's CPU time and the monotonic time, moved by the test."""

    def __init__(self):
        self.cpu = 0.0
        self.now = 0.0


def make_pace(limit):
    clocks = FakeClocks()
    return clocks, fleet.WorkerPace(limit, cpu_clock=lambda: clocks.cpu, clock=lambda: clocks.now)


def finish_round(clocks, pace, seconds, busy_share):
    """Advance the clocks over a round, then finish its items; the last one decides."""
    clocks.now += seconds
    clocks.cpu += seconds * busy_share
    return [pace.item_done() for _item in range(pace.target)]


def test_a_pace_starts_with_every_worker_and_decides_once_per_round():
    clocks, pace = make_pace(8)
    assert pace.target == 8
    # Seven of a round's eight items finish: no decision yet, however busy the process.
    clocks.now, clocks.cpu = 1.0, 1.0
    assert [pace.item_done() for _item in range(7)] == [8] * 7
    assert pace.item_done() == 7


def test_a_process_that_keeps_a_cpu_busy_sheds_one_worker_a_round_down_to_two():
    clocks, pace = make_pace(8)
    targets = [finish_round(clocks, pace, 0.5, 0.95)[-1] for _round in range(8)]
    assert targets == [7, 6, 5, 4, 3, 2, 2, 2]


def test_a_process_that_waits_for_the_api_takes_its_workers_back_up_to_max_concurrency():
    clocks, pace = make_pace(8)
    for _round in range(6):
        finish_round(clocks, pace, 0.5, 1.0)
    assert pace.target == 2
    targets = [finish_round(clocks, pace, 0.5, 0.1)[-1] for _round in range(8)]
    assert targets == [3, 4, 5, 6, 7, 8, 8, 8]


def test_a_share_between_idle_and_busy_keeps_the_workers_there_are():
    clocks, pace = make_pace(8)
    for share in (0.5, 0.7, 0.89):
        assert finish_round(clocks, pace, 1.0, share)[-1] == 8


def test_one_worker_stays_one():
    clocks, pace = make_pace(1)
    assert [finish_round(clocks, pace, 1.0, 1.0)[-1] for _round in range(3)] == [1, 1, 1]
    assert [finish_round(clocks, pace, 1.0, 0.0)[-1] for _round in range(3)] == [1, 1, 1]


def test_a_round_with_no_time_passed_counts_as_waiting():
    clocks, pace = make_pace(4)
    finish_round(clocks, pace, 1.0, 1.0)
    assert pace.target == 3
    assert finish_round(clocks, pace, 0.0, 0.0)[-1] == 4


class ScriptedPace:
    """A pace whose target after each finished item is given by the test."""

    def __init__(self, first, after):
        self.target = first
        self.after = list(after)

    def item_done(self):
        if self.after:
            self.target = self.after.pop(0)
        return self.target


def test_workers_the_pace_sheds_stop_taking_items():
    """Four items that wait for each other prove four workers; once the pace says one, the rest run one by one."""
    together = threading.Barrier(4, timeout=30)
    lock = threading.Lock()
    running = [0]
    peak_after = [0]

    def run_resource(run, _api):
        if run.params["service_id"].startswith("first"):
            together.wait()
        else:
            with lock:
                running[0] += 1
                peak_after[0] = max(peak_after[0], running[0])
            with lock:
                running[0] -= 1
        return dict(changed=False)

    raw = [{"service_id": "first-%d" % number} for number in range(4)]
    raw += [{"service_id": "then-%d" % number} for number in range(12)]
    runner = fleet.FleetRunner(None, fleet.validate_items(raw, {}), False, False, 4, run_resource=run_resource,
                               pace=ScriptedPace(4, [1]))
    results = runner.run()
    assert [entry["failed"] for entry in results] == [False] * 16
    assert peak_after[0] == 1


def test_workers_the_pace_adds_take_items_at_once():
    """One worker at first; once the pace says four, four items run together (they wait for each other)."""
    together = threading.Barrier(4, timeout=30)

    def run_resource(run, _api):
        if run.params["service_id"].startswith("then"):
            together.wait()
        return dict(changed=False)

    raw = [{"service_id": "first"}] + [{"service_id": "then-%d" % number} for number in range(4)]
    runner = fleet.FleetRunner(None, fleet.validate_items(raw, {}), False, False, 4, run_resource=run_resource,
                               pace=ScriptedPace(1, [4]))
    results = runner.run()
    assert [entry["failed"] for entry in results] == [False] * 5


def test_a_settling_service_gives_its_worker_up_between_polls():
    """Two workers, both items that settle first: the quick items still run while those two pause between polls."""
    settle = threading.Event()
    quick_done = threading.Event()
    lock = threading.Lock()
    quick = []
    sending = [0]
    peak = [0]

    def sleep_until_settled(_seconds):
        assert settle.wait(30), "the settling items were never let go"

    def run_resource(run, _api):
        with lock:
            sending[0] += 1
            peak[0] = max(peak[0], sending[0])
        try:
            if run.params["service_id"].startswith("settling"):
                Deadline(60, sleep=sleep_until_settled).pause(1.0)
            else:
                with lock:
                    quick.append(run.params["service_id"])
                    if len(quick) == 6:
                        quick_done.set()
            return dict(changed=False)
        finally:
            with lock:
                sending[0] -= 1

    raw = [{"service_id": "settling-%d" % number} for number in range(2)]
    raw += [{"service_id": "quick-%d" % number} for number in range(6)]
    runner = fleet.FleetRunner(None, fleet.validate_items(raw, {}), False, False, 2, run_resource=run_resource)
    done = []
    worker = threading.Thread(target=lambda: done.append(runner.run()))
    worker.start()
    # Before, each settling item held one of the two workers until its deployment ended: no quick item ran.
    assert quick_done.wait(30), "quick items ran: %s" % quick
    settle.set()
    worker.join(30)
    assert [entry["failed"] for entry in done[0]] == [False] * 8
    # At most max_concurrency items run at once outside their pauses (a pause is counted as running here, so
    # the peak may reach 2 + the settling ones, never more).
    assert peak[0] <= 2 + 2


def test_a_failing_item_is_isolated_and_fails_the_task_after_the_others():
    error = ModelArtsApiError(400, "ModelArts.3519", "deploying", "req-9", "PUT", "https://x/v1/p/services/b")
    api = FakeApi(served("a"), served("b"), served("c"), fail_put={"b": error})

    def explode(service_id):
        if service_id == "c":
            raise RuntimeError("a bug")

    api.on_get = explode
    summary = run(api, [{"service_id": sid, "description": "new"} for sid in "abcd"[:3]], max_concurrency=1)
    first, second, third = summary["results"]
    assert (first["failed"], first["changed"]) == (False, True)
    assert second["failed"] is True and second["changed"] is False
    assert second["error"]["error_code"] == "ModelArts.3519" and "ModelArts.3519" in second["msg"]
    assert third["failed"] is True and third["msg"] == "RuntimeError: a bug" and "Traceback" in third["exception"]
    assert summary["failed_count"] == 2 and summary["changed"] is True
    assert summary["msg"].startswith("2 of 3 services failed: services[1] (service_id b): PUT")


def test_a_failure_after_a_landed_write_reports_changed():
    api = FakeApi(served("a"))
    summary = run(api, [{"service_id": "a", "config": [{"model_id": MODEL, "instance_count": 2}], "wait_timeout": 0}])
    entry = summary["results"][0]
    # The fake never deploys, so the wait runs out at once; the write landed all the same.
    assert entry["failed"] is True and entry["changed"] is True
    assert "show that the change was taken" in entry["msg"]


def test_max_fail_percentage_stops_starting_new_items():
    error = ModelArtsApiError(500, None, None, None, "PUT", "u")
    api = FakeApi(*[served("s%d" % n) for n in range(5)], fail_put=dict(("s%d" % n, error) for n in range(5)))
    # 5xx is ambiguous: the flow reads again, sees nothing landed and fails the item.
    summary = run(api, [{"service_id": "s%d" % n, "description": "new"} for n in range(5)],
                  max_concurrency=1, max_fail_percentage=20)
    assert [entry["failed"] for entry in summary["results"]] == [True, True, False, False, False]
    assert [entry["skipped"] for entry in summary["results"]] == [False, False, True, True, True]
    assert api.count("PUT") == 2
    assert summary["skipped_count"] == 3 and "and 3 were not started" in summary["msg"]


def test_warnings_are_collected_per_item():
    api = FakeApi(served("a"))

    def warns(run, api_):
        run.module.warn("careful")
        return update_flow(run.module, api_, run.protocol, run.extra).run()

    runner = fleet.FleetRunner(api, items({"service_id": "a"}), False, False, 2, run_resource=warns)
    assert runner.run()[0]["warnings"] == ["careful"]


def test_an_entry_point_ending_with_exit_or_fail_json_is_caught_per_item():
    def exits(run, _api):
        if run.params["service_id"] == "a":
            run.module.exit_json(changed=True, msg="made")
        run.module.fail_json(msg="refused")

    runner = fleet.FleetRunner(FakeApi(), items({"service_id": "a"}, {"service_id": "b"}), False, False, 2,
                               run_resource=exits)
    first, second = runner.run()
    assert (first["changed"], first["failed"], first["msg"]) == (True, False, "made")
    assert (second["changed"], second["failed"], second["msg"]) == (False, True, "refused")


# Names: one listing, exact matches.

class ListingClient(object):
    project_id = "p"

    def __init__(self):
        self.pages = 0

    def all_pages(self, segments, key, pairs, **pager_options):
        self.pages += 1
        return [{"service_id": "1", "service_name": "web"}, {"service_id": "2", "service_name": "web-canary"},
                {"service_id": "3", "service_name": "twin"}, {"service_id": "4", "service_name": "twin"}]


def test_names_are_matched_exactly_in_one_listing():
    client = ListingClient()
    api = fleet.FleetServiceApi(client, fleet.ServiceApi(client).list_services())
    assert api.service_id_for(name="web") == "1"
    assert api.service_id_for(name="web-canary") == "2"
    with pytest.raises(Exception, match="2 services are named 'twin'"):
        api.service_id_for(name="twin")
    with pytest.raises(Exception, match="No service named 'we'"):
        api.service_id_for(name="we")
    assert client.pages == 1


# Thread safety of the shared core.

class FakeClock(object):
    def __init__(self):
        self.now = 100.0
        self.lock = threading.Lock()
        self.sleeps = []

    def clock(self):
        with self.lock:
            return self.now

    def sleep(self, seconds):
        with self.lock:
            self.sleeps.append(seconds)
            self.now += seconds


class ScriptedSession(object):
    def __init__(self, *replies):
        self.replies = list(replies)
        self.sent = []

    headers = {}

    def send(self, prepared, **kwargs):
        self.sent.append((prepared.method, prepared.url))
        status, headers = self.replies.pop(0) if self.replies else (200, {})
        return FakeRaw(status, headers)


class FakeRaw(object):
    def __init__(self, status, headers):
        self.status_code = status
        self.headers = headers
        self.text = "{}"

    def json(self):
        return {}


def test_a_429_seen_by_one_worker_pauses_every_worker():
    clock = FakeClock()
    gate = ThrottleGate(clock=clock.clock, sleep=clock.sleep)
    own_sleeps = []
    throttled = Transport(session=ScriptedSession((429, {"Retry-After": "7"}), (200, {})), sleep=own_sleeps.append)
    other = Transport(session=ScriptedSession((200, {})), sleep=own_sleeps.append)
    throttled.gate = other.gate = gate
    throttled.request("GET", "https://x/v1/p/services/a")
    assert clock.sleeps == [7.0] and own_sleeps == []
    gate.hold(3)
    other.request("GET", "https://x/v1/p/services/b")
    assert clock.sleeps == [7.0, 3.0], "the other worker waited for the gate before sending"
    assert gate.holds == 2


def test_the_gate_never_opens_earlier_and_threads_wait_for_it():
    clock = FakeClock()
    gate = ThrottleGate(clock=clock.clock, sleep=clock.sleep)
    gate.hold(10)
    gate.hold(2)
    assert gate.remaining() == 10
    threads = [threading.Thread(target=gate.wait) for _number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gate.remaining() == 0 and clock.now >= 110


def test_a_throttled_write_exhausting_its_retries_still_holds_the_gate():
    clock = FakeClock()
    gate = ThrottleGate(clock=clock.clock, sleep=clock.sleep)
    transport = Transport(session=ScriptedSession((429, {"Retry-After": "5"})), retries=0)
    transport.gate = gate
    with pytest.raises(ModelArtsApiError):
        transport.request("PUT", "https://x/v1/p/services/a", body={})
    assert gate.remaining() == 5


def test_each_thread_has_its_own_session():
    transport = Transport()
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(transport.session)) for _number in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(id(session) for session in seen)) == 3
    assert transport.session is transport.session


def test_the_iam_token_is_fetched_once_by_concurrent_threads():
    started = threading.Barrier(6, timeout=30)

    class IamTransport(object):
        def __init__(self):
            self.posts = 0

        def request(self, method, url, **kwargs):
            self.posts += 1
            return Response(201, {"X-Subject-Token": "tok-%d" % self.posts}, {"token": {"project": {"id": "p"}}}, "")

    transport = IamTransport()
    auth = PasswordAuth(transport, "https://iam", "u", "pw", "d", project_name="r")
    tokens = []

    def fetch():
        started.wait()
        tokens.append(auth.token())

    threads = [threading.Thread(target=fetch) for _number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert transport.posts == 1 and tokens == ["tok-1"] * 6


def test_an_item_takes_exactly_the_options_of_modelarts_service_without_the_connection():
    from ansible_collections.hwcloud.modelarts.plugins.module_utils._connection import CONNECTION_ARGUMENT_SPEC
    from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import module_args
    from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import SERVICE_CHANGE_OPTIONS
    from ansible_collections.hwcloud.modelarts.plugins.modules import modelarts_service

    single = module_args(dict(SERVICE_CHANGE_OPTIONS, **modelarts_service.SERVICE_OPTIONS))["argument_spec"]
    assert fleet.ITEM_ARGUMENT_SPEC == dict((name, spec) for name, spec in single.items()
                                            if name not in CONNECTION_ARGUMENT_SPEC)
    assert modelarts_service.SERVICE_OPTIONS is fleet.SERVICE_OPTIONS
