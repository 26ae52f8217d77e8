"""Service status transitions, update records, events and the fields GET fills in."""

import requests

import emulator_testkit as kit
from emulator_testkit import config_entry

SERVICE = "/services/%s" % kit.S_RUN
STOPPED = "/services/%s" % kit.S_STOP


def test_get_fills_read_only_fields(api):
    service = api.service(kit.S_RUN)
    for key in ("service_id", "service_name", "description", "tenant", "project", "owner", "publish_at", "update_time", "infer_type",
                "workspace_id", "status", "config", "access_address", "invocation_times", "failed_times", "is_shared",
                "shared_count", "operation_time", "transition_at", "is_free", "additional_properties"):
        assert key in service, key
    assert service["tenant"] == kit.DOMAIN and service["project"] == kit.P1 and service["infer_type"] == "real-time"
    assert service["access_address"].endswith("/v1/infers/%s" % kit.S_RUN)
    entry = service["config"][0]
    assert entry["model_name"] == "resnet50" and entry["model_version"] == "1.0.0" and entry["status"] == "running"
    assert entry["weight"] == 100 and entry["envs"] == {"MODE": "prod"} and entry["scaling"] is False
    assert "error_msg" not in service
    assert api.service(kit.S_STOP)["config"][0]["status"] == "stopped"


def test_config_update_deploys_then_runs(api):
    before = api.service(kit.S_RUN)
    assert api.put(SERVICE, {"config": [config_entry(kit.M2, instance_count=2)]}).status_code == 200
    during = api.service(kit.S_RUN)
    assert during["status"] == "deploying" and 0 <= during["progress"] < 100
    assert during["config"][0]["model_version"] == "1.1.0" and during["config"][0]["status"] == "deploying"
    assert during["update_time"] > before["update_time"]
    after = api.wait_status(kit.S_RUN, "running")
    assert after["progress"] == 100 and after["config"][0]["instance_count"] == 2
    assert after["transition_at"] >= during["update_time"]


def test_busy_states_refuse_updates(emu, api):
    emu.state.update_settings({"deploy_seconds": 0.5, "stop_seconds": 0.5})
    api.put(SERVICE, {"config": [config_entry(kit.M2)]})
    assert api.status(kit.S_RUN) == "deploying"
    kit.assert_error(api.put(SERVICE, {"config": [config_entry(kit.M1)]}), 400, "ModelArts.3519")
    kit.assert_error(api.put(SERVICE, {"status": "stopped"}), 400, "ModelArts.3519")
    kit.assert_error(api.put(SERVICE, {"description": "x"}), 400, "ModelArts.3519")
    kit.assert_error(api.patch(SERVICE, [{"op": "replace", "path": "/config/0/instance_count", "value": 2}]), 400, "ModelArts.3519")
    api.wait_status(kit.S_RUN, "running")
    assert api.put(SERVICE, {"status": "stopped"}).status_code == 200
    assert api.status(kit.S_RUN) == "stopping"
    kit.assert_error(api.put(SERVICE, {"status": "running"}), 400, "ModelArts.3519")
    api.wait_status(kit.S_RUN, "stopped")


def test_stop_and_start(api):
    assert api.put(SERVICE, {"status": "stopped"}).status_code == 200
    stopped = api.wait_status(kit.S_RUN, "stopped")
    assert stopped["config"][0]["status"] == "stopped" and "progress" not in stopped
    assert api.put(SERVICE, {"status": "running"}).status_code == 200
    assert api.status(kit.S_RUN) == "deploying"
    api.wait_status(kit.S_RUN, "running")


def test_status_and_config_together_applies_status_only(api):
    body = {"status": "running", "config": [config_entry(kit.M1, instance_count=3)], "description": "started"}
    assert api.put(STOPPED, body).status_code == 200
    service = api.wait_status(kit.S_STOP, "running")
    assert service["config"][0]["model_id"] == kit.M2 and service["config"][0]["instance_count"] == 1
    assert service["description"] == "started"


def test_config_update_of_stopped_service_stays_stopped(api):
    assert api.put(STOPPED, {"config": [config_entry(kit.M1, instance_count=2)]}).status_code == 200
    service = api.service(kit.S_STOP)
    assert service["status"] == "stopped" and service["config"][0]["model_id"] == kit.M1
    logs = api.get(STOPPED + "/logs").json()["logs"]
    assert logs[0]["result"] == "SUCCESS" and logs[0]["config"][0]["instance_count"] == 2
    assert api.put(STOPPED, {"status": "running"}).status_code == 200
    assert api.wait_status(kit.S_STOP, "running")["config"][0]["instance_count"] == 2


def test_failed_deployment(api):
    assert api.put(SERVICE, {"config": [config_entry(kit.M_FAIL)]}).status_code == 200
    failed = api.wait_status(kit.S_RUN, "failed")
    assert failed["error_msg"] == kit.FAIL_MESSAGE and failed["config"][0]["status"] == "failed"
    logs = api.get(SERVICE + "/logs").json()["logs"]
    assert logs[0]["result"] == "FAIL"
    abnormal = api.get(SERVICE + "/events", params={"event_type": "abnormal"}).json()
    assert abnormal["total_count"] == 2 and abnormal["events"][-1]["event_info"] == kit.FAIL_MESSAGE
    # A failed service accepts a new config, and recovers.
    assert api.put(SERVICE, {"config": [config_entry(kit.M1)]}).status_code == 200
    recovered = api.wait_status(kit.S_RUN, "running")
    assert "error_msg" not in recovered


def test_failed_service_can_be_stopped_and_restarted(api):
    api.put(SERVICE, {"config": [config_entry(kit.M_FAIL)]})
    api.wait_status(kit.S_RUN, "failed")
    assert api.put(SERVICE, {"status": "stopped"}).status_code == 200
    api.wait_status(kit.S_RUN, "stopped")
    assert api.put(SERVICE, {"status": "running"}).status_code == 200
    assert api.wait_status(kit.S_RUN, "failed")["error_msg"] == kit.FAIL_MESSAGE


def test_multi_model_failure_marks_only_the_failing_model(api):
    entries = [config_entry(kit.M1, 70), config_entry(kit.M_FAIL, 30)]
    assert api.put(SERVICE, {"config": entries}).status_code == 200
    statuses = {entry["model_id"]: entry["status"] for entry in api.wait_status(kit.S_RUN, "failed")["config"]}
    assert statuses == {kit.M1: "notReady", kit.M_FAIL: "failed"}


def test_update_records_and_filter(api):
    api.put(SERVICE, {"config": [config_entry(kit.M2, envs={"A": "1"})]})
    running = api.get(SERVICE + "/logs").json()
    assert running["service_id"] == kit.S_RUN and running["service_name"] == "svc-running"
    newest = running["logs"][0]
    assert newest["result"] == "RUNNING" and newest["config"][0]["model_version"] == "1.1.0"
    api.wait_status(kit.S_RUN, "running")
    logs = api.get(SERVICE + "/logs").json()["logs"]
    assert [record["result"] for record in logs] == ["SUCCESS", "SUCCESS"]
    only = api.get(SERVICE + "/logs", params={"update_time": newest["update_time"]}).json()["logs"]
    assert len(only) == 1 and only[0]["config"][0]["envs"] == {"A": "1"}


def test_patch_update_time_matches_the_update_record(api):
    response = api.patch(SERVICE, [{"op": "replace", "path": "/config/0/instance_count", "value": 2}])
    update_time = response.json()["update_time"]
    records = api.get(SERVICE + "/logs", params={"update_time": update_time}).json()["logs"]
    assert len(records) == 1 and records[0]["config"][0]["instance_count"] == 2
    assert api.service(kit.S_RUN)["update_time"] == update_time


def test_events_grow_with_the_deployment(api):
    api.put(SERVICE, {"config": [config_entry(kit.M2)]})
    first = api.get(SERVICE + "/events").json()
    assert "start to update service" in [event["event_info"] for event in first["events"]]
    assert first["total_count"] < 7
    api.wait_status(kit.S_RUN, "running")
    final = api.get(SERVICE + "/events").json()
    assert final["total_count"] == 7 and final["count"] == 7
    times = [event["occur_time"] for event in final["events"]]
    assert times == sorted(times, reverse=True)
    ascending = api.get(SERVICE + "/events", params={"order": "asc", "offset": 1, "limit": 2}).json()
    assert ascending["total_count"] == 7 and ascending["count"] == 2
    assert ascending["events"][0]["event_info"].startswith("[resnet50 1.1.0] schedule")
    window = api.get(SERVICE + "/events", params={"start_time": times[0], "end_time": times[0]}).json()
    assert all(event["occur_time"] == times[0] for event in window["events"])
    assert api.get(SERVICE + "/events", params={"event_type": "abnormal"}).json()["events"] == []
    kit.assert_error(api.get(SERVICE + "/events", params={"event_type": "weird"}), 400, "ModelArts.0101")


def test_create_then_delete(api):
    created = api.post("/services", {"service_name": "fresh", "infer_type": "real-time", "description": "new",
                                     "config": [config_entry(kit.M1, "100", instance_count="1")]})
    service_id = created.json()["service_id"]
    assert api.status(service_id) == "deploying"
    service = api.wait_status(service_id, "running")
    assert service["owner"] and service["config"][0]["weight"] == 100
    assert api.get("/services/%s/logs" % service_id).json()["logs"][0]["result"] == "SUCCESS"
    assert api.delete("/services/%s" % service_id).status_code == 200
    assert api.status(service_id) == "deleting"
    kit.wait_until(lambda: api.get("/services/%s" % service_id).status_code == 404)
    kit.assert_error(api.get("/services/%s" % service_id), 404, "ModelArts.3502")


def test_delete_several_at_once(api):
    assert api.delete("/services/%s,%s" % (kit.S_RUN, kit.S_STOP)).status_code == 200
    kit.wait_until(lambda: api.get("/services").json()["total_count"] == 1)
    kit.assert_error(api.delete("/services/%s,no-such-service" % kit.S_SHARED), 404, "ModelArts.3502")
    assert api.status(kit.S_SHARED) == "running"


def test_service_of_another_project_is_not_found(emu):
    client = kit.ApiClient(emu.url, kit.P2, kit.TOKEN_P2)
    kit.assert_error(client.get(SERVICE), 404, "ModelArts.3502")
    kit.assert_error(client.put(SERVICE, {"description": "x"}), 404, "ModelArts.3502")


def test_admin_settle_to(emu, api):
    response = requests.patch("%s/_emulator/services/%s" % (emu.url, kit.S_RUN),
                              json={"status": "deploying", "settle_to": "running", "settle_seconds": 0.1}, timeout=10)
    assert response.status_code == 200 and response.json()["status"] == "deploying"
    kit.assert_error(api.put(SERVICE, {"description": "x"}), 400, "ModelArts.3519")
    api.wait_status(kit.S_RUN, "running")


def test_waiting_and_concerning_cannot_be_started(emu, api):
    for status in ("waiting", "concerning"):
        requests.patch("%s/_emulator/services/%s" % (emu.url, kit.S_RUN), json={"status": status}, timeout=10)
        kit.assert_error(api.put(SERVICE, {"status": "running"}), 400, "ModelArts.3519")
    # A config update is still allowed for a concerning service.
    assert api.put(SERVICE, {"config": [config_entry(kit.M2)]}).status_code == 200
    api.wait_status(kit.S_RUN, "running")


def test_create_does_not_enforce_unique_names_and_the_list_shows_both(api):
    # The API reference promises no unique names, so neither does the emulator.
    body = {"service_name": "twin", "infer_type": "real-time", "config": [config_entry(kit.M1, 100)]}
    first = api.post("/services", body)
    second = api.post("/services", body)
    assert first.status_code == second.status_code == 200
    assert first.json()["service_id"] != second.json()["service_id"]
    listed = api.get("/services", params={"service_name": "twin"}).json()
    assert listed["total_count"] == 2
    assert sorted(s["service_id"] for s in listed["services"]) == sorted(
        [first.json()["service_id"], second.json()["service_id"]])


def test_create_accepts_chinese_names(api):
    created = api.post("/services", {"service_name": u"图像分类_v1", "infer_type": "real-time",
                                     "config": [config_entry(kit.M1, 100)]})
    assert created.status_code == 200, created.text
    assert api.service(created.json()["service_id"])["service_name"] == u"图像分类_v1"


def test_create_with_a_model_marked_to_fail_ends_failed_and_delete_empties_the_list(api):
    created = api.post("/services", {"service_name": "doomed", "infer_type": "real-time",
                                     "config": [config_entry(kit.M_FAIL, 100)]})
    service_id = created.json()["service_id"]
    assert api.status(service_id) == "deploying"
    failed = api.wait_status(service_id, "failed")
    assert failed["error_msg"]
    assert api.get("/services/%s/logs" % service_id).json()["logs"][0]["result"] == "FAIL"
    assert api.get("/services", params={"service_name": "doomed"}).json()["total_count"] == 1
    assert api.delete("/services/%s" % service_id).status_code == 200
    kit.wait_until(lambda: api.get("/services", params={"service_name": "doomed"}).json()["total_count"] == 0)
