"""The hwcloud.modelarts.canary_rollout role, run by ansible-playbook against the emulator.

One playbook run per test (ansible-playbook start-up and module start-up dominate), with the
assertions grouped. The soak is 0 s: the role then reads the health once per step.
"""

import pytest

from integration.harness import MODEL_BROKEN, MODEL_V1, MODEL_V2, SERVICE_ID, SERVICE_NAME

pytestmark = pytest.mark.integration

ROLE = "hwcloud.modelarts.canary_rollout"
NEW_MODEL = {"model_id": MODEL_V2, "specification": "modelarts.vm.cpu.2u", "instance_count": 1,
             "envs": {"MODEL_VERSION": "1.1.0"}}
# The role's task names, as the result log records them.
SHIFT = "Shift the traffic to the new model"
WATCH = "Watch the service's health during the soak"
RESTORE = "Restore the original configuration"
REPORT = "Fail with the step and the reason"
PLAN = "Show the plan"


def rollout(title="canary", **role_vars):
    """A task that includes the role, with its variables given without the canary_rollout_ prefix."""
    return {"name": title, "ansible.builtin.include_role": {"name": ROLE},
            "vars": dict(("canary_rollout_" + key, value) for key, value in role_vars.items())}


def fast(**role_vars):
    """The standard service moved to the healthy new model, without soak time."""
    values = dict(service_name=SERVICE_NAME, model=NEW_MODEL, soak_seconds=0, poll_seconds=1)
    values.update(role_vars)
    return values


def records(result, name):
    return [r["result"] for r in result.records if r["task"] == name]


def put_weights(emu):
    """(model_id, weight) of every PUT, in order."""
    return [[(entry["model_id"], entry.get("weight")) for entry in r["body"]["config"]]
            for r in emu.writes() if r["method"] == "PUT"]


def failure_message(result):
    reports = [r for r in result.records if r["task"] == REPORT]
    assert reports and reports[-1]["outcome"] == "failed", result.stdout
    return reports[-1]["result"]["msg"]


def test_rollout_stops_resumes_completes_then_changes_nothing(emu, playbook):
    """Runs of the role: a partial rollout, one whose steps are all behind, the default steps resuming it, and a run
    after completion."""
    result = playbook.run([rollout("partial", **fast(steps=[10, 50])), rollout("behind", **fast(steps=[10])),
                           rollout("resume", **fast()), rollout("again", **fast())])
    assert result.rc == 0, result.stdout

    # 90/10 and 50/50; the default steps then find 10 % behind them and 50 % in place, and remove the old model.
    assert put_weights(emu) == [
        [(MODEL_V1, 90), (MODEL_V2, 10)],
        [(MODEL_V1, 50), (MODEL_V2, 50)],
        [(MODEL_V2, 100)],
    ]
    bodies = [r["body"]["config"] for r in emu.writes()]
    # The new model's entry is the role input plus the weight; the old one keeps its own fields.
    assert dict((k, bodies[0][1][k]) for k in NEW_MODEL) == NEW_MODEL
    assert bodies[0][0]["envs"] == {"LOG_LEVEL": "info"}
    assert [r["changed"] for r in records(result, SHIFT)] == [True, True, False, True]
    assert len(records(result, WATCH)) == 4

    service = emu.service()
    assert service["status"] == "running"
    assert [(e["model_id"], e["weight"], e["instance_count"], e["envs"]) for e in service["config"]] == [
        (MODEL_V2, 100, 1, {"MODEL_VERSION": "1.1.0"})]

    partial, behind, resume, again = [r["ansible_facts"]["canary_rollout_result"] for r in records(result, "Report the result")]
    assert (partial["steps"], partial["changed"], partial["weight"], partial["complete"]) == ([10, 50], True, 50, False)
    # Never back to the old model: a last step below the new model's weight leaves the service alone.
    assert (behind["steps"], behind["changed"], behind["weight"], behind["complete"]) == ([], False, 50, False)
    assert "already gives model %s 50%% of the traffic, beyond the last step (10%%): nothing to do." % MODEL_V2 in (
        records(result, PLAN)[1]["msg"])
    assert (resume["steps"], resume["changed"], resume["weight"], resume["complete"]) == ([50, 100], True, 100, True)
    # After the rollout: no step, no write, nothing changed.
    assert (again["steps"], again["changed"], again["weight"], again["complete"]) == ([], False, 100, True)
    assert "): already serves only model %s: nothing to do." % MODEL_V2 in records(result, PLAN)[-1]["msg"]
    assert len(emu.writes()) == 3
    assert "changed=3 " in result.stdout, "only the three writing steps may report a change"


def test_check_mode_shows_the_steps_and_writes_nothing(emu, playbook):
    before = emu.service()
    result = playbook.run([rollout(**fast(service_id=SERVICE_ID, service_name=None, steps=[10, 100],
                                          soak_seconds=600))], check=True, diff=True)
    assert result.rc == 0, result.stdout
    assert emu.writes() == []
    assert emu.service()["config"] == before["config"]
    # Each step says what it would change; the health is read without waiting out the 600 s soak.
    shifts = records(result, SHIFT)
    assert [s["changed"] for s in shifts] == [True, True]
    assert [[(e["model_id"], e["weight"]) for e in s["service"]["config"]] for s in shifts][0] == [
        (MODEL_V1, 90), (MODEL_V2, 10)]
    assert [[(e["model_id"], e["weight"]) for e in s["service"]["config"]] for s in shifts][1] == [(MODEL_V2, 100)]
    assert len(records(result, WATCH)) == 2
    assert "would shift the traffic from model %s to model %s in 2 step(s): 10%%, 100%%" % (
        MODEL_V1, MODEL_V2) in records(result, PLAN)[0]["msg"]


def test_failed_deployment_restores_the_original_configuration(emu, playbook):
    before = emu.service()
    broken = dict(NEW_MODEL, model_id=MODEL_BROKEN)
    result = playbook.run([rollout(**fast(model=broken))])
    assert result.rc != 0

    message = failure_message(result)
    assert message.startswith("canary_rollout step 1 (weight 10%): "), message
    assert message.endswith("liveness probe failed on port 8080. The original configuration was restored."), message
    # Step 1, then the rollback to exactly the original entry.
    assert put_weights(emu) == [[(MODEL_V1, 90), (MODEL_BROKEN, 10)], [(MODEL_V1, 100)]]
    assert records(result, RESTORE)[0]["changed"] is True
    after = emu.service()
    assert after["status"] == "running"
    assert after["config"] == before["config"]


def test_rollback_sends_only_the_members_the_module_takes(emu, playbook):
    """GET returns what the server stores, also members of additional_properties (and of its volumes) that
    modelarts_service does not document and would refuse; the rollback leaves them out and succeeds."""
    emu.set_service(config=[{
        "model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100,
        "envs": {"LOG_LEVEL": "info"},
        "additional_properties": {"max_surge": 1, "rollout_hint": "blue",
                                  "persistent_volumes": [{"name": "data", "mount_path": "/data", "volume_uid": "v-0001"}]},
    }])
    result = playbook.run([rollout(**fast(model=dict(NEW_MODEL, model_id=MODEL_BROKEN)))])
    assert result.rc != 0
    assert failure_message(result).endswith("The original configuration was restored."), result.stdout
    restore = records(result, RESTORE)[0]
    assert restore["changed"] is True
    # What the role gave the module; the module itself keeps the members it is not given (the PUT still has them).
    given = restore["invocation"]["module_args"]["config"][0]["additional_properties"]
    assert (given["max_surge"], given["persistent_volumes"][0]["mount_path"]) == (1.0, "/data")
    assert "rollout_hint" not in given and "volume_uid" not in given["persistent_volumes"][0]
    assert [(e["model_id"], e["weight"]) for e in emu.service()["config"]] == [(MODEL_V1, 100)]


def test_failed_rollback_is_reported_with_the_step(emu, playbook):
    """The rollback's own failure is added to the step's message, and the job fails."""
    # The first PUT (step 1) passes; the second (the rollback) is refused.
    emu.fault(method="PUT", path=SERVICE_ID, skip=1, count=1, status=400, error_code="ModelArts.3519",
              error_msg="The service is being updated and cannot be updated again.")
    result = playbook.run([rollout(**fast(model=dict(NEW_MODEL, model_id=MODEL_BROKEN)))])
    assert result.rc != 0
    message = failure_message(result)
    assert message.startswith("canary_rollout step 1 (weight 10%): "), message
    assert "liveness probe failed on port 8080. Restoring the original configuration failed too: " in message, message
    assert " returned HTTP 400 ModelArts.3519: The service is being updated and cannot be updated again. (request id " in (
        message), message
    assert result.failed(RESTORE)


def test_failed_times_growth_during_a_step_rolls_back(emu, playbook):
    """The counter jumps while step 2 deploys; its soak sees that and the role rolls back."""
    before = emu.service()
    emu.set_service(failed_times=3)  # an old count: only the growth during a step counts
    # Every deployment is held until the module is seen waiting for it; step 2's counter jumps
    # then, so its soak cannot miss it however slow the machine is.
    emu.clock(release_after_reads=0)

    def release():
        emu.release(SERVICE_ID)

    def jump_then_release():
        emu.set_service(failed_times=8)
        release()

    watchers = [emu.when_polled(release, writes=1), emu.when_polled(jump_then_release, writes=2),
                emu.when_polled(release, writes=3)]
    result = playbook.run([rollout(**fast(max_failed_times_increase=2))])
    for watcher in watchers:
        watcher.join(30)
    assert result.rc != 0, result.stdout

    message = failure_message(result)
    assert message.startswith(
        "canary_rollout step 2 (weight 50%): failed_times grew from 3 to 8 during the step, more than the 2 allowed"), message
    assert message.endswith("The original configuration was restored.")
    assert put_weights(emu) == [[(MODEL_V1, 90), (MODEL_V2, 10)], [(MODEL_V1, 50), (MODEL_V2, 50)], [(MODEL_V1, 100)]]
    after = emu.service()
    assert after["status"] == "running"
    assert after["config"] == before["config"]


BAD_INPUTS = [
    (dict(model={"model_id": MODEL_V2, "specification": "modelarts.vm.cpu.2u"}),
     "missing required arguments: instance_count found in canary_rollout_model"),
    (dict(model=dict(NEW_MODEL, weight=10)), "canary_rollout_model.weight. Supported parameters include"),
    (dict(soak_seconds="soon"), "canary_rollout_soak_seconds"),
    (dict(steps=[50, 10, 100]), "strictly increasing"),
    (dict(steps=[0, 100]), "strictly increasing"),
    (dict(steps=[]), "strictly increasing"),
    (dict(service_id=SERVICE_ID), "set exactly one of canary_rollout_service_id and canary_rollout_service_name (both are set)"),
    (dict(service_name=None), "(neither is set)"),
    (dict(poll_seconds=0), "canary_rollout_poll_seconds (0) at least 1"),
    (dict(on_interrupted="restart"), "canary_rollout_on_interrupted must be one of: resume, rollback"),
]


def test_bad_input_fails_before_any_request(emu, playbook):
    # Each case in a block whose rescue records the message, so one playbook run checks them all.
    tasks = []
    for index, (role_vars, _expected) in enumerate(BAD_INPUTS):
        tasks.append({
            "name": "case %d" % index,
            "block": [rollout("include %d" % index, **fast(**role_vars))],
            "rescue": [{"name": "caught %d" % index, "ansible.builtin.debug": {"msg": "{{ ansible_failed_result.msg }}"}}],
        })
    emu.clear_log()
    result = playbook.run(tasks)
    assert result.rc == 0, result.stdout
    for index, (role_vars, expected) in enumerate(BAD_INPUTS):
        message = records(result, "caught %d" % index)[0]["msg"]
        assert expected in message, (role_vars, message)
    assert records(result, "Read the service before the rollout") == []
    assert emu.requests(api=None) == []


def test_a_healthy_soak_is_one_quiet_task(emu, playbook):
    """The soak is one module task that returns when the soak time is over: no FAILED - RETRYING lines. The 2 s
    of soak pass in the module; the outcome does not depend on how long they take."""
    result = playbook.run([rollout(**fast(steps=[50], soak_seconds=2, poll_seconds=1))])
    assert result.rc == 0, result.stdout
    assert "FAILED - RETRYING" not in result.stdout
    assert "retries left" not in result.stdout
    watches = records(result, WATCH)
    assert len(watches) == 1
    watched = watches[0]["watch"]
    assert watched["healthy"] is True and watched["reason"] is None
    # The first read, and the one at the end of the soak at least.
    assert watched["reads"] >= 2 and watched["seconds"] >= 2
    assert [(e["model_id"], e["weight"]) for e in emu.service()["config"]] == [(MODEL_V1, 50), (MODEL_V2, 50)]
    # Each read of the watch reads the service's monitoring too, and every model runs all its instances.
    monitors = watches[0]["services"][0]["monitor"]["monitors"]
    assert [(m["model_id"], m["model_running_instance_count"] == m["model_instance_count"]) for m in monitors] == [
        (MODEL_V1, True), (MODEL_V2, True)]
    assert len([r for r in emu.requests() if r["path"].endswith("/monitor")]) == watched["reads"]


def test_a_soak_ends_at_the_read_that_sees_the_service_degrade(emu, playbook):
    """A 300 s soak, and failed_times grows after the watch has started reading: the watch returns at its next
    read, the step fails and the original comes back."""
    before = emu.service()

    def degrade():
        emu.set_service(failed_times=4)

    # The deployment of step 1 settles on the 2nd GET after its PUT; the 3rd is the watch's first read.
    watcher = emu.when_polled(degrade, writes=1, polls=3)
    result = playbook.run([rollout(**fast(soak_seconds=300, poll_seconds=1))])
    watcher.join(60)
    assert result.rc != 0, result.stdout
    watched = records(result, WATCH)[-1]["watch"]
    assert watched["healthy"] is False
    assert watched["reason"] == "failed_times grew from 0 to 4, more than the 0 allowed"
    assert watched["seconds"] < 300
    message = failure_message(result)
    assert message.startswith("canary_rollout step 1 (weight 10%): failed_times grew from 0 to 4 during the step"), message
    assert message.endswith("The original configuration was restored."), message
    assert emu.service()["config"] == before["config"]
    assert "FAILED - RETRYING" not in result.stdout


def interrupted_after_step_1(emu, playbook):
    """The service as a rollout cancelled during step 1's soak leaves it: old model at 90, new at 10, and the update
    records of the original configuration and of step 1. (A run held at step 1 writes exactly what the cancelled one
    wrote; the cancel itself only stops Ansible.)"""
    result = playbook.run([rollout("cancelled run", **fast(steps=[10]))])
    assert result.rc == 0, result.stdout
    assert [(e["model_id"], e["weight"]) for e in emu.service()["config"]] == [(MODEL_V1, 90), (MODEL_V2, 10)]
    emu.clear_log()


def step_2_refused(emu):
    """The next PUT (step 2 of a resumed run: step 1 is in place and writes nothing) is refused."""
    emu.fault(method="PUT", path=SERVICE_ID, count=1, status=400, error_code="ModelArts.0104",
              error_msg="Parameter error.")


def test_resumed_rollout_that_fails_restores_the_original_from_the_update_records(emu, playbook):
    original = emu.service()["config"]
    interrupted_after_step_1(emu, playbook)
    step_2_refused(emu)
    result = playbook.run([rollout("re-run", **fast(on_interrupted="resume"))])
    assert result.rc != 0, result.stdout

    plan = records(result, PLAN)[0]["msg"]
    assert ("found a rollout in progress: model %s at 90%%, model %s at 10%%. Its update records show the configuration"
            " before it: model %s at 100%% (update of " % (MODEL_V1, MODEL_V2, MODEL_V1)) in plan, plan
    assert ("Resuming it (canary_rollout_on_interrupted=resume): shifting the traffic from model %s to model %s in 3 step(s): "
            "10%%, 50%%, 100%% (10%% is in place: that step writes nothing and watches the service again), watching it for "
            "0 s after each." % (MODEL_V1, MODEL_V2)) in plan, plan
    message = failure_message(result)
    assert message.startswith("canary_rollout step 2 (weight 50%): "), message
    assert ("The original configuration from before the rollout (model %s at 100%%, update of " % MODEL_V1) in message, message
    assert message.endswith(") was restored."), message
    # Step 1 in place writes nothing; step 2 is refused; the rollback puts back the pre-rollout entry, not 90/10.
    assert put_weights(emu) == [[(MODEL_V1, 50), (MODEL_V2, 50)], [(MODEL_V1, 100)]]
    after = emu.service()
    assert after["config"] == original
    assert [(e["model_id"], e["weight"], e["envs"]) for e in after["config"]] == [(MODEL_V1, 100, {"LOG_LEVEL": "info"})]


def test_interrupted_rollout_rolled_back_on_request(emu, playbook):
    """canary_rollout_on_interrupted=rollback: check mode says what it would do and writes nothing; the run restores
    the configuration from before the rollout and stops; the next run starts the rollout afresh."""
    original = emu.service()["config"]
    interrupted_after_step_1(emu, playbook)

    checked = playbook.run([rollout("check", **fast(on_interrupted="rollback"))], check=True)
    assert checked.rc == 0, checked.stdout
    assert emu.writes() == []
    assert "Would roll back to that configuration (canary_rollout_on_interrupted=rollback)." in records(checked, PLAN)[0]["msg"]

    result = playbook.run([rollout("rollback", **fast(on_interrupted="rollback"))])
    assert result.rc == 0, result.stdout
    plan = records(result, PLAN)[0]["msg"]
    assert "found a rollout in progress: model %s at 90%%, model %s at 10%%." % (MODEL_V1, MODEL_V2) in plan, plan
    assert plan.endswith("Rolling back to that configuration (canary_rollout_on_interrupted=rollback)."), plan
    said = records(result, "Say that the rollout in progress was rolled back")[0]["msg"]
    assert ("was rolled back to the original configuration from before it (model %s at 100%%, update of " % MODEL_V1) in said
    assert put_weights(emu) == [[(MODEL_V1, 100)]]
    assert emu.service()["config"] == original
    outcome = records(result, "Report the result")[0]["ansible_facts"]["canary_rollout_result"]
    assert (outcome["found_in_progress"], outcome["rolled_back"], outcome["steps"], outcome["weight"], outcome["changed"]) == (
        True, True, [], 0, True)
    assert records(result, SHIFT) == []

    # Nothing in progress any more: the same run now starts the rollout from step 1.
    emu.clear_log()
    again = playbook.run([rollout("again", **fast(on_interrupted="rollback", steps=[10]))])
    assert again.rc == 0, again.stdout
    assert "found a rollout in progress" not in records(again, PLAN)[0]["msg"]
    assert put_weights(emu) == [[(MODEL_V1, 90), (MODEL_V2, 10)]]


def half_rolled_without_history(emu):
    """90/10 set behind the API's back: the update records show only the service's creation, without the new model,
    so they do not say what the configuration before the rollout was."""
    config = emu.service()["config"]
    old = dict((k, config[0][k]) for k in ("model_id", "specification", "instance_count", "envs"))
    emu.set_service(config=[dict(old, weight=90), dict(NEW_MODEL, weight=10)])


def test_a_configuration_not_known_to_be_the_original_is_never_called_the_original(emu, playbook):
    half_rolled_without_history(emu)
    emu.clear_log()
    step_2_refused(emu)
    result = playbook.run([rollout("re-run", **fast())])
    assert result.rc != 0, result.stdout
    plan = records(result, PLAN)[0]["msg"]
    assert "Its update records do not show the configuration before it. Resuming it; a failure restores the" in plan, plan
    message = failure_message(result)
    assert ("The configuration found when this run started (model %s at 90%%, model %s at 10%%) was restored. It is not "
            "known to be the original: the rollout was already in progress" % (MODEL_V1, MODEL_V2)) in message, message
    assert "The original configuration" not in message and "original configuration" not in message, message
    # Step 2 was refused, so the service still has what was found: putting it back writes nothing.
    assert put_weights(emu) == [[(MODEL_V1, 50), (MODEL_V2, 50)]]
    assert records(result, "Restore the original configuration")[0]["changed"] is False
    assert [(e["model_id"], e["weight"]) for e in emu.service()["config"]] == [(MODEL_V1, 90), (MODEL_V2, 10)]


def test_rollback_with_no_known_original_changes_nothing(emu, playbook):
    half_rolled_without_history(emu)
    emu.clear_log()
    result = playbook.run([rollout("rollback", **fast(on_interrupted="rollback"))])
    assert result.rc != 0, result.stdout
    message = [r for r in result.records if r["task"] == "Refuse to roll back to a configuration not known to be the original"
               ][0]["result"]["msg"]
    assert ("found a rollout in progress (model %s at 90%%, model %s at 10%%) and canary_rollout_on_interrupted=rollback, "
            "but the service's update records do not show the configuration before the rollout" % (MODEL_V1, MODEL_V2)) in message
    assert "Nothing was changed." in message
    assert emu.writes() == []
