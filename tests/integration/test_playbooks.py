"""The job-template playbooks of playbooks/, run by ansible-playbook against the emulator as AWX would run them:
inputs as extra vars (survey answers arrive as strings), credentials only in the HW_* environment.
"""

import json
import os

import pytest
import yaml

from integration.harness import MODEL_V1, MODEL_V2, PROJECT_ID, SECRET_KEY, SERVICE_ID, SERVICE_NAME, Watcher

pytestmark = pytest.mark.integration

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOKS = os.path.join(ROOT, "playbooks")
FLEET_INVENTORY = os.path.join(PLAYBOOKS, "inventory", "fleet.yml")
# Services the example fleet inventory names besides the standard world's image-classifier.
OCR_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000012"
SPEECH_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000013"


def playbook_path(name):
    return os.path.join(PLAYBOOKS, name + ".yml")


def served(model_id=MODEL_V1, **extra):
    return dict({"model_id": model_id, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}, **extra)


def seed_fleet(emu):
    emu.seed({"services": [
        {"service_id": OCR_ID, "service_name": "invoice-ocr", "project_id": PROJECT_ID, "config": [served()]},
        {"service_id": SPEECH_ID, "service_name": "speech-to-text", "project_id": PROJECT_ID, "config": [served()]},
    ]})


def requests_for(emu, service_id):
    return [r for r in emu.requests() if service_id in r["path"]]


def test_update_service_with_survey_strings(emu, playbook):
    result = playbook.run_file(playbook_path("update_service"), extra_vars={
        "service_name": SERVICE_NAME,
        # A survey text field: the config arrives as a JSON string.
        "service_config": json.dumps([{"model_id": MODEL_V1, "instance_count": 2, "envs": {"LOG_LEVEL": "debug"}}]),
        "service_description": "Image classification, scaled out",
        "service_id": "",  # an optional survey question left empty
        "service_wait_timeout": "120",
    })
    assert result.rc == 0, result.stdout
    update = result.task("Update the service")
    assert update["changed"] is True
    assert sorted(update["changed_fields"]) == ["config", "description"]
    service = emu.service()
    assert service["status"] == "running"
    assert service["description"] == "Image classification, scaled out"
    assert (service["config"][0]["instance_count"], service["config"][0]["envs"]) == (2, {"LOG_LEVEL": "debug"})
    assert "is running; changed: " in result.task("Report the service")["msg"]
    assert SECRET_KEY not in result.stdout + result.stderr


def test_start_stop_stops_the_service(emu, playbook):
    result = playbook.run_file(playbook_path("start_stop"), extra_vars={"service_id": SERVICE_ID, "service_state": "stopped"})
    assert result.rc == 0, result.stdout
    assert result.task("Bring the service to the wanted state")["changed"] is True
    assert emu.service()["status"] == "stopped"
    assert [r["body"] for r in emu.writes()] == [{"status": "stopped"}]


def test_patch_service_changes_one_field(emu, playbook):
    result = playbook.run_file(playbook_path("patch_service"), extra_vars={
        "service_name": SERVICE_NAME,
        "service_patch": '[{"op": "replace", "path": "/config/0/instance_count", "value": "3"}]',
    })
    assert result.rc == 0, result.stdout
    assert result.task("Patch the service")["changed"] is True
    assert [(r["method"], r["body"]) for r in emu.writes()] == [
        ("PATCH", [{"op": "replace", "path": "/config/0/instance_count", "value": 3}])]
    assert emu.service()["config"][0]["instance_count"] == 3


def test_canary_rollout_playbook(emu, playbook):
    result = playbook.run_file(playbook_path("canary_rollout"), extra_vars={
        "service_name": SERVICE_NAME,
        "canary_model_id": MODEL_V2,
        "canary_specification": "modelarts.vm.cpu.2u",
        "canary_instance_count": "1",
        "canary_envs": '{"MODEL_VERSION": "1.1.0"}',
        "canary_steps": "50, 100",
        "canary_soak_seconds": 0,
        "canary_poll_seconds": 1,
    })
    assert result.rc == 0, result.stdout
    weights = [[(e["model_id"], e["weight"]) for e in r["body"]["config"]] for r in emu.writes()]
    assert weights == [[(MODEL_V1, 50), (MODEL_V2, 50)], [(MODEL_V2, 100)]]
    assert emu.service()["config"][0]["envs"] == {"MODEL_VERSION": "1.1.0"}
    assert "steps taken: 50%, 100%" in result.task("Report the rollout")["msg"]


def test_canary_rollout_playbook_reports_a_service_it_leaves_alone(emu, playbook):
    """No step to take, with both models serving: the report says so, not that only the new model serves."""
    emu.set_service(config=[served(weight=50), served(MODEL_V2, weight=50)])
    result = playbook.run_file(playbook_path("canary_rollout"), extra_vars={
        "service_name": SERVICE_NAME, "canary_model_id": MODEL_V2, "canary_specification": "modelarts.vm.cpu.2u",
        "canary_instance_count": 1, "canary_steps": "10", "canary_soak_seconds": 0, "canary_poll_seconds": 1,
    })
    assert result.rc == 0, result.stdout
    assert emu.writes() == []
    assert result.task("Report the rollout")["msg"] == (
        "Service %s (%s): already gives model %s 50%% of the traffic, beyond the last step: nothing to do." % (
            SERVICE_NAME, SERVICE_ID, MODEL_V2))


def test_canary_rollout_playbook_rolls_a_cancelled_rollout_back_on_request(emu, playbook):
    """A job held at (or cancelled after) step 1, then the job again with canary_on_interrupted=rollback."""
    original = emu.service()["config"]
    job = {"service_name": SERVICE_NAME, "canary_model_id": MODEL_V2, "canary_specification": "modelarts.vm.cpu.2u",
           "canary_instance_count": 1, "canary_steps": "10", "canary_soak_seconds": 0, "canary_poll_seconds": 1}
    first = playbook.run_file(playbook_path("canary_rollout"), extra_vars=job)
    assert first.rc == 0, first.stdout
    result = playbook.run_file(playbook_path("canary_rollout"), extra_vars=dict(job, canary_on_interrupted="rollback"))
    assert result.rc == 0, result.stdout
    assert result.task("Report the rollout")["msg"] == (
        "Service %s (%s): the rollout in progress was rolled back to the configuration from before it." % (
            SERVICE_NAME, SERVICE_ID))
    assert emu.service()["config"] == original


def test_fleet_update_updates_the_example_inventory_in_parallel(emu, playbook):
    seed_fleet(emu)
    # Every change is held until all three services have been written and are being waited for:
    # a one-at-a-time run could never get there, so the run would hang on its first service.
    emu.clock(release_after_reads=0)

    def release_once_all_are_waited_for():
        for service_id in (SERVICE_ID, OCR_ID, SPEECH_ID):
            written = emu.wait_request(method="PUT|PATCH", path=service_id)[-1]
            emu.wait_request(method="GET", path="/services/%s$" % service_id, after_seq=written["seq"])
        emu.clock(release_after_reads=2)
        emu.release()

    watcher = Watcher(release_once_all_are_waited_for)
    result = playbook.run_file(playbook_path("fleet_update"), inventory=FLEET_INVENTORY, env={"ANSIBLE_FORKS": "3"})
    watcher.join(30)
    assert result.rc == 0, result.stdout
    assert "changed=1" in result.stdout and result.stdout.count("changed=1") == 3, result.stdout

    classifier, ocr, speech = emu.service(SERVICE_ID), emu.service(OCR_ID), emu.service(SPEECH_ID)
    assert classifier["config"][0]["instance_count"] == 2
    assert ocr["description"] == "Invoice OCR, business hours only"
    assert ocr["config"][0]["envs"] == {"LOG_LEVEL": "warning"}
    assert speech["status"] == "stopped"

    # forks=3: each service's requests overlap the others' in the request log.
    spans = [(min(seqs), max(seqs)) for seqs in (
        [r["seq"] for r in requests_for(emu, service_id)] for service_id in (SERVICE_ID, OCR_ID, SPEECH_ID))]
    for index, (first, last) in enumerate(spans):
        for other_first, other_last in spans[index + 1:]:
            assert first < other_last and other_first < last, spans


@pytest.mark.parametrize("name, extra_vars, expected", [
    ("update_service", {"service_id": SERVICE_ID, "service_name": SERVICE_NAME, "service_state": "running"},
     "Set exactly one of service_id and service_name, and at least one of service_config"),
    ("update_service", {"service_id": SERVICE_ID, "service_state": "paused"},
     "service_state must be one of: present, running, stopped"),
    ("start_stop", {"service_name": SERVICE_NAME}, "missing required arguments: service_state"),
    ("patch_service", {"service_id": SERVICE_ID, "service_patch": [{"path": "/description", "value": "x"}]},
     "whose paths all start with /config/0/"),
    ("canary_rollout", {"service_id": SERVICE_ID, "canary_model_id": MODEL_V2, "canary_specification": "modelarts.vm.cpu.2u",
                        "canary_instance_count": 1, "canary_steps": "10,half,100"},
     "canary_steps"),
    # 0 is an answer, not an empty one: it fails the role's range check instead of becoming the default 30.
    ("canary_rollout", {"service_id": SERVICE_ID, "canary_model_id": MODEL_V2, "canary_specification": "modelarts.vm.cpu.2u",
                        "canary_instance_count": 1, "canary_poll_seconds": 0},
     "canary_rollout_poll_seconds (0) at least 1"),
])
def test_playbook_input_validation_fails_before_any_request(emu, playbook, name, extra_vars, expected):
    result = playbook.run_file(playbook_path(name), extra_vars=extra_vars)
    assert result.rc != 0
    failures = [r for r in result.records if r["outcome"] == "failed"]
    assert failures and expected in failures[0]["result"]["msg"], (failures, result.stdout)
    assert emu.requests(api=None) == []


def test_fleet_update_rejects_bad_hosts_and_updates_the_others(emu, playbook, tmp_path):
    """One service per batch: the failing ones come first, and each fails its own batch entirely, which must not
    stop the later batches."""
    inventory = tmp_path / "fleet.yml"
    inventory.write_text(yaml.safe_dump({"modelarts_services": {"hosts": {
        "ambiguous": {"service_id": OCR_ID, "service_name": "invoice-ocr", "service_state": "stopped"},
        # Another region without its project: HW_PROJECT_ID (and here HW_MODELARTS_ENDPOINT) would be used.
        "elsewhere": {"service_id": SPEECH_ID, "service_state": "stopped", "modelarts_region": "ap-southeast-3"},
        "image-classifier": {"service_config": [{"model_id": MODEL_V1, "instance_count": 3}]},
    }}}, sort_keys=False))
    result = playbook.run_file(playbook_path("fleet_update"), inventory=str(inventory), extra_vars={"fleet_serial": 1})
    assert result.rc != 0
    checks = [r for r in result.records if r["task"] == "Check that the service is named at most once and there is something to do"]
    assert [r["outcome"] for r in checks if "ambiguous:" in r["result"].get("msg", "")] == ["failed"], result.stdout
    assert emu.service()["config"][0]["instance_count"] == 3
    assert requests_for(emu, OCR_ID) == [] and requests_for(emu, SPEECH_ID) == []

    failures = sorted(r["result"]["msg"] for r in result.records
                      if r["task"] == "Fail the service with the reason" and r["outcome"] == "failed")
    assert len(failures) == 2, result.stdout
    assert failures[0].startswith("ambiguous: Check that the service is named at most once and there is something to do: "
                                  "ambiguous: set at most one of service_id and service_name"), failures
    assert failures[1] == (
        "elsewhere: Check that a service in another region names its project and endpoint: elsewhere: modelarts_region is"
        " ap-southeast-3, so set modelarts_project_id too (the credential's HW_PROJECT_ID belongs to its own region), and"
        " modelarts_endpoint (HW_MODELARTS_ENDPOINT is set and would be used for every region)."), failures
    assert "image-classifier" not in str(failures)


def test_fleet_update_in_check_mode_reports_a_service_it_would_create(emu, playbook, tmp_path):
    inventory = tmp_path / "fleet.yml"
    inventory.write_text(yaml.safe_dump({"modelarts_services": {"hosts": {
        "brand-new-classifier": {"service_config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                                     "instance_count": 1, "weight": 100}]},
        "image-classifier": {"service_config": [{"model_id": MODEL_V1, "instance_count": 3}]},
    }}}, sort_keys=False))
    result = playbook.run_file(playbook_path("fleet_update"), inventory=str(inventory), check=True)
    assert result.rc == 0, result.stdout
    reports = sorted(r["result"]["msg"] for r in result.records if r["task"] == "Report the service" and r["outcome"] == "ok")
    assert len(reports) == 2, result.stdout
    assert reports[0] == "Service brand-new-classifier (no ID yet) would be created; changed: config, infer_type, " \
                         "service_name.", reports
    assert reports[1] == "Service %s (%s) is running; changed: config." % (SERVICE_NAME, SERVICE_ID), reports
    assert emu.writes() == []
