"""The test-controlled clock: held transitions, advance, release, read rules, mode switches.

No test here sleeps or measures time: a held transition cannot end by itself, so every
assertion about "still deploying" holds however slow the machine is.
"""

import threading

import requests

import emulator_testkit as kit
from emulator_testkit import config_entry

SERVICE = "/services/%s" % kit.S_RUN


def clock(emu, method="GET", path="", body=None, status=200):
    response = requests.request(method, "%s/_emulator/clock%s" % (emu.url, path), json=body, timeout=10)
    assert response.status_code == status, response.text
    return response.json()


def event_infos(api, service_id=kit.S_RUN):
    return [event["event_info"] for event in api.get("/services/%s/events" % service_id, params={"order": "asc"}).json()["events"]]


def test_a_held_deployment_stays_deploying_whatever_the_number_of_reads(emu, api):
    assert clock(emu) == {"mode": "held", "release_after_reads": 0, "transitions": []}
    assert api.put(SERVICE, {"config": [config_entry(kit.M2)]}).status_code == 200
    for _read in range(5):
        service = api.service(kit.S_RUN)
        assert service["status"] == "deploying" and service["progress"] == 0
    assert "deploy service success, the service is running" not in event_infos(api)
    [transition] = clock(emu)["transitions"]
    assert transition["service_id"] == kit.S_RUN and transition["held"] is True
    assert transition["settle_to"] == "running" and transition["elapsed_seconds"] == 0.0


def test_advance_moves_progress_and_events_then_finishes(emu, api):
    emu.state.update_settings({"deploy_seconds": 10})
    api.put(SERVICE, {"config": [config_entry(kit.M2)]})
    assert clock(emu, "POST", "/advance", {"seconds": 6}) == {"advanced": [{"service_id": kit.S_RUN, "status": "deploying"}]}
    service = api.service(kit.S_RUN)
    assert service["progress"] == 60
    infos = event_infos(api)
    assert "[resnet50 1.1.0] pulling model image" in infos and "[resnet50 1.1.0] starting model" not in infos
    assert clock(emu, "POST", "/advance", {"seconds": 4, "service_id": kit.S_RUN})["advanced"][0]["status"] == "running"
    assert api.service(kit.S_RUN)["progress"] == 100
    assert event_infos(api)[-1] == "deploy service success, the service is running"
    assert api.get(SERVICE + "/logs").json()["logs"][0]["result"] == "SUCCESS"


def test_release_after_reads_settles_on_the_nth_get(emu, api):
    clock(emu, "POST", "", {"release_after_reads": 2})
    api.put(SERVICE, {"status": "stopped"})
    assert [api.status(kit.S_RUN) for _read in range(3)] == ["stopping", "stopped", "stopped"]
    # Lists and the admin view are not polls of the service: they do not count.
    api.put(SERVICE, {"status": "running"})
    api.get("/services")
    requests.get("%s/_emulator/services/%s" % (emu.url, kit.S_RUN), timeout=10)
    assert [api.status(kit.S_RUN) for _read in range(2)] == ["deploying", "running"]


def test_release_armed_for_one_service_counts_from_the_call(emu, api):
    api.put(SERVICE, {"config": [config_entry(kit.M2)]})
    api.service(kit.S_RUN)
    api.service(kit.S_RUN)
    armed = clock(emu, "POST", "/release", {"service_id": kit.S_RUN, "after_reads": 3})["armed"]
    assert armed[0]["reads"] == 0 and armed[0]["release_after_reads"] == 3
    assert [api.status(kit.S_RUN) for _read in range(4)] == ["deploying", "deploying", "running", "running"]


def test_release_finishes_every_kind_of_transition(emu, api):
    api.put(SERVICE, {"config": [config_entry(kit.M_FAIL)]})
    assert clock(emu, "POST", "/release", {"service_id": kit.S_RUN})["released"] == [{"service_id": kit.S_RUN, "status": "failed"}]
    assert api.service(kit.S_RUN)["error_msg"] == kit.FAIL_MESSAGE
    api.delete("/services/%s" % kit.S_STOP)
    api.put(SERVICE, {"status": "stopped"})
    released = clock(emu, "POST", "/release", {})["released"]
    assert sorted((item["service_id"], item["status"]) for item in released) == sorted(
        [(kit.S_RUN, "stopped"), (kit.S_STOP, "deleted")])
    kit.assert_error(api.get("/services/%s" % kit.S_STOP), 404, "ModelArts.3502")


def test_admin_set_transition_is_held_too(emu, api):
    requests.patch("%s/_emulator/services/%s" % (emu.url, kit.S_RUN),
                   json={"status": "deploying", "settle_to": "running", "settle_seconds": 0}, timeout=10)
    assert api.status(kit.S_RUN) == "deploying"
    kit.assert_error(api.put(SERVICE, {"description": "x"}), 400, "ModelArts.3519")
    assert api.wait_status(kit.S_RUN, "running")["status"] == "running"


def test_switching_to_real_time_gives_the_rest_of_the_duration_and_back(emu, api):
    emu.state.update_settings({"deploy_seconds": 1000})
    api.put(SERVICE, {"config": [config_entry(kit.M2)]})
    clock(emu, "POST", "/advance", {"seconds": 400})
    assert clock(emu, "POST", "", {"mode": "real"}) == {"mode": "real", "release_after_reads": 0}
    [transition] = clock(emu)["transitions"]
    assert transition["held"] is False and 590 < transition["remaining_seconds"] <= 600
    assert api.service(kit.S_RUN)["progress"] == 40
    # In real time, advance brings the end nearer; hold puts it back under the test's hand.
    clock(emu, "POST", "/advance", {"seconds": 100})
    assert clock(emu)["transitions"][0]["remaining_seconds"] <= 500
    held = clock(emu, "POST", "/hold", {"service_id": kit.S_RUN, "release_after_reads": 1})["held"][0]
    assert held["held"] is True and 500 <= held["elapsed_seconds"] < 510
    assert api.status(kit.S_RUN) == "running"


def test_a_bare_emulator_runs_in_real_time(emu):
    emu.state.reset()
    assert clock(emu) == {"mode": "real", "release_after_reads": 0, "transitions": []}


def test_clock_call_errors(emu, api):
    assert clock(emu, "POST", "", {"mode": "frozen"}, status=400)["error_code"] == "EMULATOR.0400"
    clock(emu, "POST", "", {"release_after_reads": -1}, status=400)
    clock(emu, "POST", "", {"speed": 2}, status=400)
    clock(emu, "POST", "/advance", {"seconds": -1}, status=400)
    clock(emu, "POST", "/advance", {"seconds": "1"}, status=400)
    assert "not in a transition" in clock(emu, "POST", "/release", {"service_id": kit.S_RUN}, status=400)["error_msg"]
    assert clock(emu, "POST", "/release", {"service_id": "no-such-service"}, status=404)["error_code"] == "ModelArts.3502"
    clock(emu, "POST", "/release", {"after_reads": 0}, status=400)
    clock(emu, "POST", "/hold", {}, status=400)
    clock(emu, "POST", "/rewind", {}, status=404)
    clock(emu, "DELETE", "", status=404)
    assert clock(emu, "POST", "/release", {}) == {"released": []}


def test_requests_wait_answers_once_the_request_is_logged(emu, api):
    def wait(body, status=200):
        response = requests.post("%s/_emulator/requests/wait" % emu.url, json=body, timeout=30)
        assert response.status_code == status, response.text
        return response.json()

    api.get(SERVICE)
    api.put(SERVICE, {"description": "one"})
    found = wait({"method": "PUT|PATCH", "path": kit.S_RUN})
    assert found["timed_out"] is False and [entry["method"] for entry in found["requests"]] == ["PUT"]
    # Nothing matches yet: a zero timeout reports so instead of blocking.
    assert wait({"method": "GET", "after_seq": found["requests"][0]["seq"], "timeout": 0}) == {"requests": [], "timed_out": True}
    waiter = []
    thread = threading.Thread(target=lambda: waiter.append(wait({"method": "GET", "after_seq": 2, "timeout": 60})))
    thread.start()
    api.get(SERVICE)
    thread.join(60)
    assert waiter[0]["timed_out"] is False and waiter[0]["requests"][0]["seq"] == 3
    wait({"count": -1}, status=400)
    wait({"timeout": 10000}, status=400)
    wait({"colour": "red"}, status=400)


def test_a_fault_can_skip_the_first_matching_requests(emu, api):
    requests.post("%s/_emulator/faults" % emu.url, json={"method": "PUT", "path": kit.S_RUN, "skip": 1, "status": 503},
                  timeout=10)
    assert api.put(SERVICE, {"description": "first"}).status_code == 200
    kit.assert_error(api.put(SERVICE, {"description": "second"}), 503, "APIG.0201")
    assert api.put(SERVICE, {"description": "third"}).status_code == 200
    assert requests.post("%s/_emulator/faults" % emu.url, json={"status": 503, "skip": -1}, timeout=10).status_code == 400
