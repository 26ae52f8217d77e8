"""modelarts_service creates and deletes services: the whole lifecycle against the emulator, and faults on
POST/DELETE that must never leave two services or fail a landed change.

What needs Ansible (check and diff flags, argument parsing, environment and module_defaults credentials,
no-log masking, -vvv) runs through ansible-playbook (the ``playbook`` fixture); what the module does with the
API (faults, retries, ordering, lookups, rules judged after the GET) runs the same tasks in-process (the
``in_process`` fixture: the module's main() with the real client and transport, tests/integration/in_process.py).
"""

import pytest
import requests

import threading

from integration.harness import MODEL_BROKEN, MODEL_V1, PROJECT_ID, SECRETS, SERVICE_ID, SERVICE_NAME, TOKEN, module_task

MODULE = "hwcloud.modelarts.modelarts_service"
NAME = "fresh-classifier"
CONFIG = [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100,
           "envs": {"LOG_LEVEL": "info"}}]


def task(title, ignore_errors=False, check_mode=None, diff=None, **args):
    return module_task(MODULE, title, args, ignore_errors=ignore_errors, check_mode=check_mode, diff=diff)


def named(emu, name=NAME):
    """The services named exactly ``name``, from the list API (deleted ones are gone from it)."""
    answer = requests.get("%s/v1/%s/services" % (emu.url, PROJECT_ID), params={"service_name": name},
                          headers={"X-Auth-Token": TOKEN}, timeout=10)
    answer.raise_for_status()
    return [s for s in answer.json()["services"] if s["service_name"] == name]


def writes(emu):
    return [(r["method"], r.get("fault") is not None) for r in emu.writes()]


def lifecycle_tasks():
    present = dict(name=NAME, description="Fresh classifier", config=CONFIG)
    changed = {**present, "config": [dict(CONFIG[0], instance_count=2)]}
    return [
        task("predict create", check_mode=True, diff=True, **present),
        task("create", **present),
        task("create again", **present),
        task("change", diff=True, **changed),
        task("change again", **changed),
        task("predict delete", check_mode=True, diff=True, name=NAME, state="absent"),
        task("delete", diff=True, name=NAME, state="absent"),
        task("delete again", name=NAME, state="absent"),
    ]


@pytest.mark.parametrize("auth", ["aksk", "token", "password"])
def test_create_rerun_change_delete_rerun_with_every_auth_mode(emu, playbook, auth):
    result = playbook.run(lifecycle_tasks(), auth=auth, verbosity=3)
    assert result.rc == 0, result.stdout

    predicted = result.task("predict create")
    assert predicted["changed"] is True
    assert predicted["diff"]["before"] == {}
    assert predicted["diff"]["after"]["service_name"] == NAME
    assert predicted["service"]["status"] == "running"

    created = result.task("create")
    assert created["changed"] is True
    assert created["service"]["status"] == "running"
    assert created["service"]["config"][0]["envs"] == {"LOG_LEVEL": "info"}
    service_id = created["service"]["service_id"]
    assert result.task("create again")["changed"] is False

    change = result.task("change")
    assert change["changed"] is True and change["changed_fields"] == ["config"]
    assert change["diff"]["after"]["config"][0]["instance_count"] == 2
    assert result.task("change again")["changed"] is False

    predict_delete = result.task("predict delete")
    assert predict_delete["changed"] is True
    assert predict_delete["diff"]["before"]["service_id"] == service_id
    assert predict_delete["diff"]["after"] == {}
    deleted = result.task("delete")
    assert deleted["changed"] is True and deleted["service"] == {}
    assert result.task("delete again")["changed"] is False

    # One POST, one PUT, one DELETE: the check-mode runs and the reruns wrote nothing.
    assert [r["method"] for r in emu.writes()] == ["POST", "PUT", "DELETE"]
    post = emu.writes()[0]
    assert post["body"]["service_name"] == NAME and post["body"]["config"][0]["weight"] == 100
    assert named(emu) == []
    text = result.stdout + result.stderr + repr(result.records)
    for secret in SECRETS:
        assert secret not in text


def test_check_mode_run_of_the_whole_play_writes_nothing(emu, playbook):
    result = playbook.run(lifecycle_tasks()[1:2], check=True, diff=True)
    assert result.rc == 0, result.stdout
    assert result.task("create")["changed"] is True
    assert result.task("create")["diff"]["before"] == {}
    assert emu.writes() == []
    assert named(emu) == []


def test_check_mode_of_a_play_that_creates_then_changes_says_why_the_later_task_finds_nothing(emu, playbook):
    """--check of a play whose first task would create a service: the later tasks cannot find it (check mode creates
    nothing), and their failures say so instead of only "no service" or "config is required"."""
    patch = module_task("hwcloud.modelarts.modelarts_service_patch", "scale", dict(
        name=NAME, patch=[{"path": "/config/0/instance_count", "value": 2}]), ignore_errors=True)
    result = playbook.run([
        task("create", name=NAME, config=CONFIG),
        task("describe", ignore_errors=True, name=NAME, description="Described later"),
        patch,
    ], check=True)
    assert result.task("create")["changed"] is True
    for title in ("describe", "scale"):
        assert result.task(title)["failed"] is True, title
        assert "In check mode this is also what a task meets when an earlier task of the play would create the " \
               "service" in result.task(title)["msg"], result.task(title)["msg"]
    assert "config is required to create service" in result.task("describe")["msg"]
    assert result.task("scale")["msg"].startswith("No service named %r" % NAME)
    assert emu.writes() == []


def test_without_check_mode_a_missing_service_is_not_blamed_on_check_mode(emu, in_process):
    result = in_process.run([task("describe", ignore_errors=True, name=NAME, description="Described later")])
    assert "config is required" in result.task("describe")["msg"]
    assert "check mode" not in result.task("describe")["msg"]


def test_create_stopped_then_delete_without_wait(emu, in_process):
    result = in_process.run([
        task("create stopped", name=NAME, config=CONFIG, state="stopped"),
        task("delete", name=NAME, state="absent", wait=False),
    ])
    assert result.rc == 0, result.stdout
    assert result.task("create stopped")["service"]["status"] == "stopped"
    assert result.task("delete")["service"]["status"] == "deleting"
    assert [(r["method"], (r["body"] or {}).get("status")) for r in emu.writes()] == [
        ("POST", None), ("PUT", "stopped"), ("DELETE", None)]


def test_refusals_before_any_write(emu, in_process):
    result = in_process.run([
        task("no config", ignore_errors=True, name=NAME),
        task("bad name", ignore_errors=True, name="fresh classifier", config=CONFIG),
        task("missing id", ignore_errors=True, service_id="5e0c1d2e-aaaa-4bbb-8ccc-00000000dead", config=CONFIG),
        task("create-only differs", ignore_errors=True, name="image-classifier", cluster_id="pool-1"),
    ])
    assert "config is required" in result.task("no config")["msg"]
    assert "only letters, digits" in result.task("bad name")["msg"]
    assert "give name to create it" in result.task("missing id")["msg"]
    assert "cluster_id is None, the task asks 'pool-1'" in result.task("create-only differs")["msg"]
    for title in ("no config", "bad name", "missing id", "create-only differs"):
        assert result.task(title)["failed"] is True and result.task(title)["changed"] is False
    assert emu.writes() == []


def test_two_services_with_the_name_fail_and_change_nothing(emu, in_process):
    for _twin in range(2):
        emu.seed({"services": [{"service_name": NAME, "project_id": PROJECT_ID, "infer_type": "real-time",
                                "status": "running", "config": [dict(CONFIG[0])]}]})
    result = in_process.run([task("update", ignore_errors=True, name=NAME, description="x", config=CONFIG),
                             task("delete", ignore_errors=True, name=NAME, state="absent")])
    for title in ("update", "delete"):
        assert result.task(title)["failed"] is True
        assert "2 services are named" in result.task(title)["msg"]
    assert emu.writes() == []
    assert len(named(emu)) == 2


def test_a_failed_deployment_reports_changed_and_the_error(emu, in_process):
    result = in_process.run([task("create broken", ignore_errors=True, name=NAME,
                                  config=[dict(CONFIG[0], model_id=MODEL_BROKEN)])])
    failure = result.task("create broken")
    assert failure["failed"] is True and failure["changed"] is True
    assert "liveness probe failed" in failure["msg"]
    assert [r["method"] for r in emu.writes()] == ["POST"]


# --- faults: never two services, never a failure for a landed change ------------------------------

@pytest.mark.parametrize("fault, posts", [
    # The POST lands, the answer is lost: listed by name, reported, not sent again.
    (dict(method="POST", path="/services$", drop="after"), [("POST", True)]),
    # Refused before landing with a 503: nothing has the name, so it goes once more.
    (dict(method="POST", path="/services$", status=503), [("POST", True), ("POST", False)]),
    # Busy, come back later: the transport re-sends at once (Retry-After 0).
    (dict(method="POST", path="/services$", status=409, retry_after=0), [("POST", True), ("POST", False)]),
    # Landed, but the answer comes after api_timeout: a timeout, then the list finds it. The answer
    # waits far longer than api_timeout (2 s), so no load on the machine lets it arrive in time.
    (dict(method="POST", path="/services$", delay_after=60), [("POST", True)]),
])
def test_post_faults_leave_exactly_one_service(emu, in_process, fault, posts):
    emu.fault(**fault)
    result = in_process.run([task("create", name=NAME, config=CONFIG, api_timeout=2)])
    assert result.rc == 0, result.stdout
    created = result.task("create")
    assert created["changed"] is True and created["failed"] is False
    assert created["service"]["status"] == "running"
    assert writes(emu) == posts
    assert len(named(emu)) == 1
    again = in_process.run([task("create again", name=NAME, config=CONFIG)])
    assert again.task("create again")["changed"] is False
    assert len(named(emu)) == 1


def test_a_post_answered_409_that_is_not_busy_is_not_resent(emu, in_process):
    emu.fault(method="POST", path="/services$", status=409, error_code="ModelArts.3503",
              error_msg="Service fresh-classifier already exists.")
    result = in_process.run([task("create", ignore_errors=True, name=NAME, config=CONFIG)])
    failure = result.task("create")
    assert failure["failed"] is True and failure["changed"] is False, failure
    assert failure.get("error", {}).get("error_code") == "ModelArts.3503", failure
    assert writes(emu) == [("POST", True)]
    assert named(emu) == []


@pytest.mark.parametrize("fault, deletes", [
    (dict(method="DELETE", path="/services/", drop="after"), [("DELETE", True)]),
    (dict(method="DELETE", path="/services/", status=503), [("DELETE", True), ("DELETE", False)]),
])
def test_delete_faults_end_with_the_service_gone_and_no_failure(emu, in_process, fault, deletes):
    emu.fault(**fault)
    result = in_process.run([task("delete", name="image-classifier", state="absent")])
    assert result.rc == 0, result.stdout
    assert result.task("delete")["changed"] is True
    assert writes(emu) == deletes
    assert named(emu, "image-classifier") == []


def test_a_concurrent_create_during_the_post_fails_naming_both_ids(emu, in_process):
    """Another job creates the same name while this task's POST is at the gateway: the task's lookup after
    its answered create finds the twin and fails loudly naming both ids, instead of reporting success."""
    emu.fault(method="POST", path="/services$", hold=True)
    outcome = []
    job = threading.Thread(target=lambda: outcome.append(in_process.run([
        task("create", ignore_errors=True, name=NAME, config=CONFIG)])))
    job.start()
    try:
        held = emu.wait_request(method="POST", path="/services$", timeout=60)[0]
        # The other job's create lands while this one's POST is in flight.
        twin = emu.seed({"services": [{"service_name": NAME, "project_id": PROJECT_ID, "infer_type": "real-time",
                                       "status": "running", "config": [dict(CONFIG[0])]}]})
    finally:
        emu.admin("POST", "/faults/release")
        job.join(120)
    failure = outcome[0].task("create")
    assert failure["failed"] is True and failure["changed"] is True, failure
    # One POST; after it, one list by name, and nothing more.
    assert [r["method"] for r in emu.writes()] == ["POST"]
    after = [r for r in emu.requests() if r["seq"] > held["seq"]]
    assert [(r["method"], r["query"].get("service_name")) for r in after] == [("GET", [NAME])]
    ids = sorted(service["service_id"] for service in named(emu))
    assert len(ids) == 2 and sorted(failure["ids"]) == ids, (failure, twin)
    assert "another create ran at the same time" in failure["msg"]
    for service_id in ids:
        assert service_id in failure["msg"]


def test_absent_on_a_service_another_job_is_deleting_waits_for_it_without_a_second_delete(emu, in_process):
    """state: absent while another job's DELETE is under way: no second DELETE, no change of its own;
    with wait the task waits until the service is gone and says so."""
    first = requests.delete("%s/v1/%s/services/%s" % (emu.url, PROJECT_ID, SERVICE_ID), headers={"X-Auth-Token": TOKEN},
                            timeout=10)
    first.raise_for_status()
    emu.hold(SERVICE_ID)
    emu.clear_log()
    result = in_process.run([
        task("predict", check_mode=True, name=SERVICE_NAME, state="absent"),
        task("no wait", name=SERVICE_NAME, state="absent", wait=False),
    ])
    assert result.rc == 0, result.stdout
    for title in ("predict", "no wait"):
        assert result.task(title)["changed"] is False
        assert result.task(title)["service"]["status"] == "deleting"
        assert any("is already deleting" in w and "no DELETE was sent" in w for w in result.task(title)["warnings"])
    # The other job's delete ends on the service's second GET from now: the task sees it deleting, then gone.
    emu.release(SERVICE_ID, after_reads=2)
    waited = in_process.run([task("absent", name=SERVICE_NAME, state="absent"),
                             task("again", name=SERVICE_NAME, state="absent")])
    assert waited.rc == 0, waited.stdout
    absent = waited.task("absent")
    assert absent["changed"] is False and absent["service"] == {}
    assert any("was already deleting" in w and "waited until it was gone" in w for w in absent["warnings"])
    assert waited.task("again")["changed"] is False
    assert emu.writes() == []
    assert named(emu, SERVICE_NAME) == []
