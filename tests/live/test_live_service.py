"""modelarts_service, _patch and _info against a real ModelArts project (live mode, see README.md).

Each feature is one sequence: check mode (predicts, changes nothing), apply, re-apply (unchanged).
The service is this module's own (``live_service``), created first and deleted last.
"""

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.live_capable]

INFO = "hwcloud.modelarts.modelarts_service_info"
PATCH = "hwcloud.modelarts.modelarts_service_patch"


def test_created_service_runs_and_creating_again_changes_nothing(live_service):
    task = live_service["task"]
    result = live_service["runner"].run([
        task("again", state="present", description="hwcloud.modelarts live test", config=live_service["config"]),
        {"name": "read", INFO: {"service_id": live_service["id"]}},
    ])
    assert result.rc == 0, result.stdout
    assert result.task("again")["changed"] is False
    [service] = result.task("read")["services"]
    assert service["service_name"] == live_service["name"]
    assert service["status"] in ("running", "concerning")


def test_description_check_mode_apply_then_reapply(live_service):
    task = live_service["task"]
    result = live_service["runner"].run([
        dict(task("predict", description="changed by the live test"), check_mode=True),
        {"name": "read after check mode", INFO: {"service_id": live_service["id"]}},
        task("apply", description="changed by the live test"),
        task("again", description="changed by the live test"),
    ])
    assert result.rc == 0, result.stdout
    assert result.task("predict")["changed"] is True
    assert result.task("read after check mode")["services"][0]["description"] == "hwcloud.modelarts live test"
    assert result.task("apply")["changed"] is True
    assert result.task("apply")["service"]["description"] == "changed by the live test"
    assert result.task("again")["changed"] is False


def test_patch_instance_count_check_mode_apply_then_reapply(live_service):
    operations = [{"op": "replace", "path": "/config/0/instance_count", "value": 2}]

    def patch(title, **extra):
        return dict({"name": title, PATCH: {"service_id": live_service["id"], "patch": operations,
                                            "wait_timeout": 1800}}, **extra)
    result = live_service["runner"].run([patch("predict", check_mode=True), patch("apply"), patch("again")])
    assert result.rc == 0, result.stdout
    assert result.task("predict")["changed"] is True
    assert result.task("apply")["changed"] is True
    assert result.task("apply")["service"]["config"][0]["instance_count"] == 2
    assert result.task("apply")["service"]["status"] in ("running", "concerning")
    assert result.task("again")["changed"] is False


def test_stop_and_start_check_mode_apply_then_reapply(live_service):
    task = live_service["task"]
    result = live_service["runner"].run([
        dict(task("predict stop", state="stopped"), check_mode=True),
        task("stop", state="stopped"),
        task("stop again", state="stopped"),
        task("start", state="running"),
        task("start again", state="running"),
    ])
    assert result.rc == 0, result.stdout
    assert result.task("predict stop")["changed"] is True
    assert result.task("stop")["service"]["status"] == "stopped"
    assert result.task("stop again")["changed"] is False
    assert result.task("start")["service"]["status"] in ("running", "concerning")
    assert result.task("start again")["changed"] is False


def test_delete_check_mode_apply_then_reapply(live_service):
    task = live_service["task"]
    result = live_service["runner"].run([
        dict(task("predict", state="absent"), check_mode=True),
        {"name": "still there", INFO: {"service_id": live_service["id"]}},
        task("delete", state="absent"),
        task("delete again", state="absent"),
        {"name": "gone", INFO: {"name": live_service["name"]}},
    ])
    assert result.rc == 0, result.stdout
    assert result.task("predict")["changed"] is True
    assert len(result.task("still there")["services"]) == 1
    assert result.task("delete")["changed"] is True
    assert result.task("delete again")["changed"] is False
    assert result.task("gone")["services"] == []
