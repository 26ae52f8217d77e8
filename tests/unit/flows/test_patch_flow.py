"""The PATCH flow (modelarts_service_patch: ServiceChange.run + ServicePatch) against the emulator, in-process."""

import pytest

from integration.harness import MODEL_BROKEN, SERVICE_ID

SERVICE_PATH = "services/%s" % SERVICE_ID
GET = ("GET", SERVICE_PATH)
PATCH = ("PATCH", SERVICE_PATH)


def replace(path, value):
    return {"op": "replace", "path": path, "value": value}


def test_patch_check_mode_then_apply_then_reapply_unchanged(world, patch):
    operations = [replace("/config/0/instance_count", "2"), replace("/config/0/envs/LOG_LEVEL", "debug")]
    predicted = patch(check_mode=True, diff=True, service_id=SERVICE_ID, patch=operations)
    assert predicted["changed"] is True and predicted["changed_fields"] == ["config"]
    assert predicted["service"]["config"][0]["instance_count"] == 2
    assert predicted["diff"]["after"]["config"][0]["envs"] == {"LOG_LEVEL": "debug"}
    assert "update_time" not in predicted.result and world.calls() == [GET]

    world.clear_log()
    applied = patch(service_id=SERVICE_ID, patch=operations, user_id="u-1")
    assert applied["changed"] is True and applied["service"]["status"] == "running"
    # Numbers normalised before sending; what PATCH answered is reported.
    assert world.bodies("PATCH") == [[replace("/config/0/instance_count", 2), replace("/config/0/envs/LOG_LEVEL", "debug")]]
    assert isinstance(applied["update_time"], int) and applied["resource_ids"] and applied["request_id"]
    assert world.calls() == [GET, PATCH, GET, GET] and world.clock.sleeps == [0.5]

    world.clear_log()
    again = patch(service_id=SERVICE_ID, patch=operations)
    assert again["changed"] is False and world.calls() == [GET]


def test_patch_without_wait_reports_the_predicted_deployment(world, patch):
    result = patch(service_id=SERVICE_ID, wait=False, patch=[replace("/config/0/instance_count", 3)])
    assert result["service"]["status"] == "deploying" and result["waited"] == 0
    # The write is verified by one read; no wait after it.
    assert world.calls() == [GET, PATCH, GET]


def test_busy_service_is_refused_without_wait_and_waited_for_with_it(world, patch):
    world.begin(SERVICE_ID, "deploying", "running", after_reads=3)
    refused = patch(service_id=SERVICE_ID, wait=False, patch=[replace("/config/0/instance_count", 2)])
    assert refused.failed and "is deploying" in refused["msg"] and world.writes() == []
    waited = patch(service_id=SERVICE_ID, patch=[replace("/config/0/instance_count", 2)])
    assert waited["changed"] is True and len(world.bodies("PATCH")) == 1


def test_dropped_after_the_patch_landed_is_not_sent_again(world, patch):
    world.fail("PATCH", drop="after")
    result = patch(service_id=SERVICE_ID, patch=[replace("/config/0/instance_count", 2)])
    assert not result.failed and result["changed"] is True and "request_id" not in result.result
    assert any("was not sent again" in warning for warning in result.warnings)
    assert len(world.bodies("PATCH")) == 1


def test_dropped_before_it_was_applied_fails_without_resending(world, patch):
    world.fail("PATCH", drop="before")
    result = patch(service_id=SERVICE_ID, patch=[replace("/config/0/instance_count", 2)])
    assert result.failed and result["changed"] is False and "failed without an answer" in result["msg"]
    assert world.calls() == [GET, PATCH, GET]


@pytest.mark.parametrize("landed", [False, True])
def test_server_error_is_resolved_by_reading_again(world, patch, landed):
    world.fail("PATCH", status=502, error_code="APIG.0201", error_msg="Backend unavailable", landed=landed)
    result = patch(service_id=SERVICE_ID, patch=[replace("/config/0/instance_count", 2)])
    assert result.failed is (not landed) and result["changed"] is landed
    assert len(world.bodies("PATCH")) == 1


def test_timeout_and_failure_while_waiting(world, patch):
    world.hold_transitions()
    slow = patch(service_id=SERVICE_ID, wait_timeout=300, patch=[replace("/config/0/instance_count", 2)])
    assert slow.failed and slow["changed"] is True and "Timed out after 300 s" in slow["msg"]
    assert sum(world.clock.sleeps) == pytest.approx(300)
    world.emu.release(SERVICE_ID)
    world.emu.clock(release_after_reads=2)
    broken = patch(service_id=SERVICE_ID, patch=[replace("/config/0/model_id", MODEL_BROKEN)])
    assert broken.failed and "liveness probe failed" in broken["msg"] and broken["service"]["status"] == "failed"
    assert broken["request_id"] and isinstance(broken["update_time"], int)


def test_rules_that_need_the_service_fail_after_the_get_before_any_patch(world, patch):
    # (A service without custom_spec in its GET: the emulator always shows custom_spec, so that rule is
    # tested on apply_operations in tests/unit/module_utils/test_service_patch.py.)
    cases = [
        ([replace("/config/0/envs/NEW_VAR", "1")], "the service's config[0].envs has no key 'NEW_VAR'"),
        ([replace("/config/0/specification", "custom")], "config[0].custom_spec is required when config[0].specification is custom"),
        ([replace("/config/0/src_path", "obs://in/")], "config[0].src_path is only for batch services"),
        ([replace("/config/0/weight", 50)], "with the patched config[0].weight they add up to 50"),
    ]
    for operations, message in cases:
        result = patch(service_id=SERVICE_ID, patch=operations)
        assert result.failed and message in result["msg"], result["msg"]
    assert world.writes() == [] and set(world.calls()) == {GET}
