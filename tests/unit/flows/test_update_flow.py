"""The PUT flow (modelarts_service: ServiceChange.run + ServiceUpdate) against the emulator, in-process.

Each test runs the module's main() with its real argument spec and rules, client and transport;
only the module's clock is the test's (flow_world.ModuleClock). Request sequences are asserted
from the emulator's request log.
"""

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import MAX_POLL
from integration.harness import MODEL_BROKEN, MODEL_V1, MODEL_V2, PROJECT_ID, SERVICE_ID, SERVICE_NAME

SERVICE_PATH = "services/%s" % SERVICE_ID
GET = ("GET", SERVICE_PATH)
PUT = ("PUT", SERVICE_PATH)


def scaled(count, **params):
    return dict(dict(service_id=SERVICE_ID, config=[{"model_id": MODEL_V1, "instance_count": count}]), **params)


# --- the feature as a specification: check mode, apply, re-apply ---------------------------

def test_config_change_check_mode_then_apply_then_reapply_unchanged(world, update):
    predicted = update(check_mode=True, diff=True, **scaled(3))
    assert predicted["changed"] is True and predicted["changed_fields"] == ["config"]
    assert predicted["service"]["config"][0]["instance_count"] == 3
    assert predicted["diff"]["before"]["config"][0]["instance_count"] == 1
    assert world.writes() == [] and world.calls() == [GET]

    world.clear_log()
    applied = update(**scaled(3))
    assert applied["changed"] is True and applied["changed_fields"] == ["config"]
    assert applied["service"]["status"] == "running" and applied["service"]["config"][0]["instance_count"] == 3
    # Left out by the user, so kept: flavor, weight, envs.
    body = world.bodies("PUT")[0]
    assert body == {"config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 3,
                                "weight": 100, "envs": {"LOG_LEVEL": "info"}}]}
    # Read, write, then the wait: it saw deploying once, slept the first poll interval, saw running.
    assert world.calls() == [GET, PUT, GET, GET]
    assert applied["waited"] == 0.5 and world.clock.sleeps == [0.5]

    world.clear_log()
    again = update(**scaled(3))
    assert again["changed"] is False and again["changed_fields"] == [] and again["waited"] == 0
    assert world.calls() == [GET]


def test_service_level_fields_check_mode_then_apply_then_reapply(world, update):
    wanted = dict(service_id=SERVICE_ID, description="Image classification, v1",
                  schedule=[{"duration": 2, "time_unit": "HOURS", "type": "stop"}],
                  additional_properties={"websocket_upgrade": True})
    assert update(check_mode=True, **wanted)["changed"] is True and world.writes() == []
    applied = update(**wanted)
    assert sorted(applied["changed_fields"]) == ["additional_properties", "description", "schedule"]
    assert "config" not in world.bodies("PUT")[0]
    # Numbers as strings are the same request: still nothing to do.
    as_strings = dict(wanted, schedule=[{"duration": "2", "time_unit": "HOURS", "type": "stop"}])
    assert update(**as_strings)["changed"] is False
    assert len(world.bodies("PUT")) == 1


def test_stop_check_mode_then_apply_then_reapply(world, update):
    predicted = update(check_mode=True, service_id=SERVICE_ID, state="stopped")
    assert predicted["service"]["status"] == "stopped" and predicted["changed_fields"] == ["status"]
    assert world.writes() == []
    stopped = update(service_id=SERVICE_ID, state="stopped")
    assert stopped["service"]["status"] == "stopped" and stopped["waited"] > 0
    assert update(service_id=SERVICE_ID, state="stopped")["changed"] is False
    assert world.bodies("PUT") == [{"status": "stopped"}]


def test_emptying_schedule_and_envs_check_mode_then_apply_then_reapply(world, update):
    world.set_service(SERVICE_ID, schedule=[{"duration": 1, "time_unit": "HOURS", "type": "stop"}])
    wanted = dict(service_id=SERVICE_ID, schedule=[], config=[{"model_id": MODEL_V1, "envs": {}}])
    assert sorted(update(check_mode=True, **wanted)["changed_fields"]) == ["config", "schedule"]
    assert world.writes() == []
    applied = update(**wanted)
    assert sorted(applied["changed_fields"]) == ["config", "schedule"]
    stored = world.service(SERVICE_ID)
    # (The GET leaves out an empty schedule.)
    assert stored.get("schedule", []) == [] and stored["config"][0]["envs"] == {}
    assert update(**wanted)["changed"] is False
    assert len(world.bodies("PUT")) == 1


# --- order of status and config writes ------------------------------------------------------

def test_stop_with_config_stops_first_waits_then_configures(world, update):
    result = update(**scaled(2, state="stopped"))
    assert world.bodies("PUT")[0] == {"status": "stopped"}
    assert set(world.bodies("PUT")[1]) == {"config"}
    # The config is written only once the stop has finished (the API refuses writes while stopping).
    methods = [method for method, _path in world.calls()]
    assert methods == ["GET", "PUT", "GET", "GET", "PUT", "GET"]
    assert result["service"]["status"] == "stopped" and result["service"]["config"][0]["instance_count"] == 2


def test_start_with_config_configures_the_stopped_service_then_starts(world, update):
    world.set_service(SERVICE_ID, status="stopped")
    result = update(**scaled(2, state="running"))
    bodies = world.bodies("PUT")
    assert set(bodies[0]) == {"config"} and bodies[1] == {"status": "running"}
    assert not any("status" in body and "config" in body for body in bodies)
    assert result["service"]["status"] == "running" and result["service"]["config"][0]["instance_count"] == 2


def test_failed_service_is_repaired_by_the_config_change_alone(world, update):
    world.set_service(SERVICE_ID, status="failed", error_msg="liveness probe failed")
    result = update(**scaled(2, state="running"))
    assert [set(body) for body in world.bodies("PUT")] == [{"config"}]
    assert result["service"]["status"] == "running"


def test_stop_with_config_without_wait_still_waits_for_the_stop_before_configuring(world, update):
    result = update(**scaled(2, state="stopped", wait=False))
    assert [set(body) for body in world.bodies("PUT")] == [{"status"}, {"config"}]
    assert result["service"]["status"] == "stopped"


def test_change_without_wait_reports_the_predicted_deployment(world, update):
    result = update(**scaled(2, wait=False))
    assert result["service"]["status"] == "deploying" and result["waited"] == 0
    # The write is verified by one read; no wait after it.
    assert world.calls() == [GET, PUT, GET] and world.clock.sleeps == []


# --- a busy service -------------------------------------------------------------------------

def test_busy_service_is_refused_without_wait(world, update):
    world.begin(SERVICE_ID, "deploying", "running")
    result = update(**scaled(2, wait=False))
    assert result.failed and "is deploying and refuses changes" in result["msg"]
    assert result["changed"] is False and world.writes() == []


def test_busy_service_is_waited_for_then_changed(world, update):
    world.begin(SERVICE_ID, "stopping", "stopped")
    result = update(**scaled(2))
    assert result["changed"] is True
    # Busy, settled (stopped: a config update of a stopped service stays stopped), write, done.
    assert [method for method, _path in world.calls()] == ["GET", "GET", "PUT", "GET"]
    assert result["service"]["status"] == "stopped"


def test_someone_elses_failed_deployment_does_not_stop_the_change(world, update):
    world.begin(SERVICE_ID, "deploying", "failed", error_msg="their broken model")
    result = update(**scaled(2))
    assert not result.failed and result["service"]["status"] == "running"


def test_settled_busy_service_that_already_matches_is_not_written(world, update):
    world.begin(SERVICE_ID, "deploying", "running")
    # Their change makes it what this task asks for.
    world.set_service(SERVICE_ID, config=[{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 2,
                                           "weight": 100, "envs": {"LOG_LEVEL": "info"}}])
    result = update(**scaled(2))
    assert result["changed"] is False and world.writes() == []


def test_a_waiting_service_takes_config_but_a_start_waits_for_it(world, update):
    world.begin(SERVICE_ID, "waiting", "running")
    world.emu.hold(SERVICE_ID)
    assert update(**scaled(2, wait=False))["changed"] is True
    assert len(world.bodies("PUT")) == 1


# --- ambiguous writes -----------------------------------------------------------------------

def test_dropped_after_the_put_landed_is_not_sent_again(world, update):
    world.fail("PUT", drop="after")
    result = update(**scaled(2))
    assert not result.failed and result["changed"] is True
    assert any("was not sent again" in warning for warning in result.warnings)
    assert len(world.bodies("PUT")) == 1 and world.service(SERVICE_ID)["config"][0]["instance_count"] == 2


def test_status_put_dropped_after_it_landed_counts_as_sent(world, update):
    world.fail("PUT", drop="after")
    result = update(service_id=SERVICE_ID, state="stopped")
    assert not result.failed and result["service"]["status"] == "stopped"
    assert world.bodies("PUT") == [{"status": "stopped"}]
    assert any("was not sent again" in warning for warning in result.warnings)


def test_dropped_before_it_was_applied_fails_without_resending(world, update):
    world.fail("PUT", drop="before")
    result = update(service_id=SERVICE_ID, description="lost")
    assert result.failed and result["changed"] is False
    assert "failed without an answer" in result["msg"]
    # Re-read to decide, found nothing applied, so failed: one PUT, never two.
    assert world.calls() == [GET, PUT, GET]
    assert world.service(SERVICE_ID)["description"] == "Image classification"


def test_server_error_that_did_not_land_is_reported_not_repeated(world, update):
    world.fail("PUT", status=503, error_code="ModelArts.6101", error_msg="System busy")
    result = update(service_id=SERVICE_ID, description="never")
    assert result.failed and result["changed"] is False
    assert result["error"]["error_code"] == "ModelArts.6101" and result["error"]["status"] == 503
    assert len(world.bodies("PUT")) == 1


def test_server_error_after_the_write_landed_is_taken_as_success(world, update):
    world.fail("PUT", status=504, error_code="APIG.0202", error_msg="Backend timeout", landed=True)
    result = update(service_id=SERVICE_ID, description="landed")
    assert not result.failed and result["changed"] is True
    assert any("APIG.0202" in warning and "was not sent again" in warning for warning in result.warnings)


def test_client_error_is_not_ambiguous_and_is_not_reread(world, update):
    world.fail("PUT", status=400, error_code="ModelArts.0104", error_msg="Parameter error")
    result = update(service_id=SERVICE_ID, description="refused")
    assert result.failed and result["error"]["error_code"] == "ModelArts.0104"
    assert world.calls() == [GET, PUT]


def test_failure_of_the_second_write_reports_changed(world, update):
    world.fail("PUT", skip=1, status=400, error_code="ModelArts.3519", error_msg="busy")
    result = update(**scaled(2, state="stopped"))
    assert result.failed and result["changed"] is True, "the stop landed before the config write failed"


# --- waiting: timeouts and failures, on the module clock ---------------------------------------

def test_wait_times_out_on_the_deadline_not_the_wall_clock(world, update):
    world.hold_transitions()  # the deployment never ends by itself
    result = update(**scaled(2, wait_timeout=1200))
    assert result.failed and result["changed"] is True
    assert "Timed out after 1200 s" in result["msg"] and "deploying" in result["msg"]
    assert result["service"]["status"] == "deploying"
    assert sum(world.clock.sleeps) == pytest.approx(1200) and max(world.clock.sleeps) == MAX_POLL


def test_a_timed_deployment_is_waited_for_in_module_seconds(world, update):
    world.timed_transitions(40)
    result = update(**scaled(2))
    assert not result.failed and result["service"]["status"] == "running"
    # The first poll comes after 0.5 s; once the deployment's progress moves, the polls are spaced by the time it
    # says is left (then one when the end is due): the end is seen less than 2 s late, with fewer polls than one
    # per 1.5 s (the longer the deployment, the fewer: about a tenth of them for ten minutes).
    assert 40 <= result["waited"] < 42 and world.clock.sleeps[0] == pytest.approx(0.5)
    assert len(world.clock.sleeps) < 40 / 1.5 * 2 / 3


def test_deployment_failure_is_reported_with_the_error_message(world, update):
    result = update(service_id=SERVICE_ID, config=[{"model_id": MODEL_BROKEN, "weight": 100,
                                                    "specification": "modelarts.vm.cpu.2u", "instance_count": 1}])
    assert result.failed and result["changed"] is True
    assert "liveness probe failed" in result["msg"] and result["service"]["status"] == "failed"


# --- lookups and rules that need the service ------------------------------------------------

TWIN_1 = "5e0c1d2e-aaaa-4bbb-8ccc-0000000000d1"
TWIN_2 = "5e0c1d2e-aaaa-4bbb-8ccc-0000000000d2"
NEAR = "5e0c1d2e-aaaa-4bbb-8ccc-0000000000e1"


def twin(service_id, name):
    return {"service_id": service_id, "service_name": name, "project_id": PROJECT_ID, "infer_type": "real-time",
            "status": "running", "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                             "instance_count": 1, "weight": 100}]}


def test_name_lookup_none_one_several(world, update):
    world.emu.seed({"services": [twin(TWIN_1, "twin"), twin(TWIN_2, "twin"), twin(NEAR, SERVICE_NAME + "-staging")]})
    assert update(name=SERVICE_NAME, description="found")["service"]["service_id"] == SERVICE_ID
    missing = update(name="no-such-service", description="x")
    # No service has the name, so the module would create it, which needs config.
    assert missing.failed and "config is required to create service 'no-such-service'" in missing["msg"]
    several = update(name="twin", description="x")
    assert several.failed and "2 services are named 'twin'" in several["msg"] and TWIN_1 in several["msg"]
    assert len(world.bodies("PUT")) == 1


def test_rules_that_need_the_service_fail_before_any_write(world, update):
    world.set_service(SERVICE_ID, additional_properties={"websocket_upgrade": True})
    cases = [
        (dict(additional_properties={"websocket_upgrade": False}), "websocket_upgrade cannot be changed back to false"),
        (dict(config=[{"model_id": MODEL_V1, "weight": 50}, {"model_id": MODEL_V2, "weight": 50}]),
         "config[1].specification is required for model %s" % MODEL_V2),
        (dict(config=[{"model_id": MODEL_V1}, {"model_id": MODEL_V2, "weight": 10, "specification": "modelarts.vm.cpu.2u",
                                               "instance_count": 1}]), "they add up to 110"),
        (dict(infer_type="batch", description="x"), "is a real-time service, not batch"),
        # Whether a pool serves the entry is known only from the service.
        (dict(config=[{"model_id": MODEL_V1, "specification": "custom"}]),
         "config[0].custom_spec is required when config[0].specification is custom."),
        (dict(config=[{"model_id": MODEL_V1, "additional_properties": {"log_volume": [
            {"host_path": "/var/log/x", "mount_path": "/logs"}]}}]),
         "config[0].additional_properties.log_volume needs a dedicated resource pool"),
    ]
    for params, message in cases:
        result = update(service_id=SERVICE_ID, **params)
        assert result.failed and message in result["msg"], result["msg"]
    assert world.writes() == []


def test_unknown_service_carries_the_api_error(update):
    result = update(service_id="no-such-id", description="x")
    assert result.failed and result["error"]["status"] == 404 and result["error"]["error_code"] == "ModelArts.3502"
    assert result["error"]["request_id"] in result["msg"]


def test_a_gateway_404_is_an_error_not_an_unknown_service(world, update):
    # APIG.0101: no such route (a wrong endpoint or a proxy in the way), not "no such service".
    world.fail("GET", "^services/%s$" % SERVICE_ID, status=404, error_code="APIG.0101", error_msg="The API does not exist")
    result = update(service_id=SERVICE_ID, description="x")
    assert result.failed and result["error"]["status"] == 404 and result["error"]["error_code"] == "APIG.0101"
    assert "No service has service_id" not in result["msg"]
    assert world.writes() == []
