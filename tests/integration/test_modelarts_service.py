"""modelarts_service against the emulator, asserting its request log.

What needs Ansible (check and diff flags, argument parsing, environment and module_defaults credentials,
no-log masking, -vvv) runs through ansible-playbook (the ``playbook`` fixture); what the module does with the
API (faults, retries, ordering, lookups, rules judged after the GET) runs the same tasks in-process (the
``in_process`` fixture: the module's main() with the real client and transport, tests/integration/in_process.py).
"""

import pytest

from integration.harness import (
    MODEL_BROKEN,
    MODEL_V1,
    MODEL_V2,
    OTHER_PROJECT_ID,
    PROJECT_ID,
    SECRETS,
    SERVICE_ID,
    SERVICE_NAME,
    module_task,
)

MODULE = "hwcloud.modelarts.modelarts_service"


def task(title, ignore_errors=False, check_mode=None, diff=None, **args):
    return module_task(MODULE, title, args, ignore_errors=ignore_errors, check_mode=check_mode, diff=diff)


def puts(emu):
    return [r for r in emu.requests() if r["method"] == "PUT"]


def put_bodies(emu):
    return [r["body"] for r in puts(emu)]


def test_config_update_check_mode_apply_then_reapply_unchanged(emu, playbook):
    wanted = dict(service_id=SERVICE_ID, config=[{
        "model_id": MODEL_V1, "instance_count": 3, "envs": {"LOG_LEVEL": "debug", "WORKERS": 4},
        "additional_properties": {"max_surge": 1, "max_unavailable": 0.5, "termination_grace_period_seconds": 30},
    }])
    result = playbook.run([task("predict", check_mode=True, **wanted), task("apply", **wanted), task("again", **wanted)])
    assert result.rc == 0, result.stdout

    predicted = result.task("predict")
    assert predicted["changed"] is True and predicted["changed_fields"] == ["config"]
    assert predicted["service"]["config"][0]["instance_count"] == 3

    applied = result.task("apply")
    assert applied["changed"] is True
    assert applied["changed_fields"] == ["config"]
    entry = applied["service"]["config"][0]
    assert entry["instance_count"] == 3
    assert entry["envs"] == {"LOG_LEVEL": "debug", "WORKERS": "4"}
    # Left out by the user, so kept: the served flavor and the traffic weight.
    assert entry["specification"] == "modelarts.vm.cpu.2u"
    assert entry["weight"] == 100
    assert applied["service"]["status"] == "running"

    again = result.task("again")
    assert again["changed"] is False
    assert again["changed_fields"] == []
    assert len(puts(emu)) == 1, "check mode and the re-run must not write"
    body = put_bodies(emu)[0]
    assert set(body) == {"config"}
    assert body["config"][0]["specification"] == "modelarts.vm.cpu.2u"
    assert "model_name" not in body["config"][0] and "status" not in body["config"][0]


def test_service_level_options_check_mode_apply_then_reapply_with_strings_unchanged(emu, playbook):
    wanted = dict(
        name=SERVICE_NAME,
        description="Image classification, v1",
        schedule=[{"duration": 2, "time_unit": "HOURS", "type": "stop"}],
        additional_properties={
            "smn_notification": {"topic_urn": "urn:smn:cn-north-4:%s:alerts" % PROJECT_ID, "events": [1, 7]},
            "log_report_channels": [{"type": "LTS", "configuration": {
                "log_group_id": "a" * 36, "log_stream_id": "b" * 36}}],
            "websocket_upgrade": True,
        },
    )
    # The same request with numbers as strings: the second run must still be a no-op.
    as_strings = {**wanted, "schedule": [{"duration": "2", "time_unit": "HOURS", "type": "stop"}]}
    result = playbook.run([task("predict", check_mode=True, **wanted), task("apply", **wanted),
                           task("again", **as_strings)])
    assert result.rc == 0, result.stdout
    assert result.task("predict")["changed"] is True
    assert result.task("predict")["service"]["description"] == "Image classification, v1"
    assert result.task("apply")["changed"] is True
    assert sorted(result.task("apply")["changed_fields"]) == ["additional_properties", "description", "schedule"]
    assert result.task("again")["changed"] is False
    stored = emu.service()
    assert stored["description"] == "Image classification, v1"
    assert stored["schedule"] == [{"duration": 2, "time_unit": "HOURS", "type": "stop"}]
    assert stored["additional_properties"]["websocket_upgrade"] is True
    assert stored["additional_properties"]["smn_notification"]["events"] == [1, 7]
    assert len(puts(emu)) == 1
    assert "config" not in put_bodies(emu)[0]


def test_no_change_sends_one_get_and_a_change_without_wait_one_put_and_the_verifying_get(emu, in_process):
    result = in_process.run([
        task("noop", service_id=SERVICE_ID, description="Image classification",
             config=[{"model_id": MODEL_V1, "weight": "100", "instance_count": 1}]),
        task("scale", service_id=SERVICE_ID, wait=False, config=[{"model_id": MODEL_V1, "instance_count": 2}]),
    ], env={"HW_PROJECT_ID": PROJECT_ID})
    assert result.rc == 0, result.stdout
    assert result.task("noop")["changed"] is False
    scaled = result.task("scale")
    assert scaled["changed"] is True
    assert scaled["service"]["status"] == "deploying"
    assert scaled["waited"] == 0
    # With project_id given no IAM call at all; no wait: only the read that verifies the write follows it.
    service_path = "/v1/%s/services/%s" % (PROJECT_ID, SERVICE_ID)
    assert [(r["method"], r["path"]) for r in emu.requests(api=None)] == [
        ("GET", service_path), ("GET", service_path), ("PUT", service_path), ("GET", service_path)]


def test_a_put_built_from_the_served_entry_never_sends_back_its_empty_members(emu, in_process):
    """GET shows custom_spec {} on a catalog flavor (ShowService's example), envs and additional_properties
    {} too: the PUT of a scale-out keeps the served entry's values but none of those (the API refuses an
    empty custom_spec with ModelArts.3610)."""
    served = emu.service()["config"][0]
    assert served["custom_spec"] == {} and served["additional_properties"] == {}
    scale = [{"model_id": MODEL_V1, "instance_count": 2}]
    result = in_process.run([
        task("check", check_mode=True, service_id=SERVICE_ID, config=scale),
        task("apply", service_id=SERVICE_ID, config=scale),
        task("reapply", service_id=SERVICE_ID, config=scale),
    ])
    assert result.rc == 0, result.stdout
    assert [result.task(name)["changed"] for name in ("check", "apply", "reapply")] == [True, True, False]
    assert len(put_bodies(emu)) == 1, "check mode and the re-apply write nothing"
    entry = put_bodies(emu)[0]["config"][0]
    assert entry["instance_count"] == 2 and entry["specification"] == served["specification"]
    assert entry["envs"] == served["envs"]
    assert "custom_spec" not in entry and "additional_properties" not in entry
    assert emu.service()["config"][0]["instance_count"] == 2


def test_check_and_diff_flags_predict_and_show_only_changed_fields(emu, playbook):
    """--check and --diff from the command line (the per-task keywords are in the feature specs)."""
    before = emu.service()
    result = playbook.run([task("predict", service_id=SERVICE_ID, state="stopped", description="Image classification",
                                config=[{"model_id": MODEL_V1, "instance_count": 4}])], check=True, diff=True)
    assert result.rc == 0, result.stdout
    predicted = result.task("predict")
    assert predicted["changed"] is True
    assert predicted["service"]["status"] == "stopped"
    assert predicted["service"]["config"][0]["instance_count"] == 4
    assert predicted["service"]["config"][0]["model_name"] == before["config"][0]["model_name"]
    shown = predicted["diff"]
    assert set(shown["before"]) == {"config", "status"} and set(shown["after"]) == {"config", "status"}
    assert shown["before"]["config"][0]["instance_count"] == 1
    assert shown["after"]["config"][0]["instance_count"] == 4
    # What an operator sees in the --diff output.
    assert '-            "instance_count": 1,' in result.stdout
    assert '+            "instance_count": 4,' in result.stdout
    assert emu.writes() == []
    assert emu.service()["config"][0]["instance_count"] == 1


def test_traffic_shift_adds_a_model_version_and_removes_the_old_one(emu, in_process):
    split = [{"model_id": MODEL_V1, "weight": 80},
             {"model_id": MODEL_V2, "weight": 20, "specification": "modelarts.vm.cpu.2u", "instance_count": 1}]
    result = in_process.run([
        task("canary", service_id=SERVICE_ID, config=split),
        task("promote", service_id=SERVICE_ID, config=[{"model_id": MODEL_V2, "weight": 100}]),
    ])
    assert result.rc == 0, result.stdout
    canary = result.task("canary")["service"]["config"]
    assert sorted((e["model_id"], e["weight"]) for e in canary) == sorted([(MODEL_V1, 80), (MODEL_V2, 20)])
    promoted = result.task("promote")["service"]
    assert [(e["model_id"], e["weight"], e["instance_count"]) for e in promoted["config"]] == [(MODEL_V2, 100, 1)]
    assert promoted["status"] == "running"


def test_stop_and_start_check_mode_apply_then_reapply_unchanged(emu, playbook):
    result = playbook.run([
        task("predict stop", check_mode=True, service_id=SERVICE_ID, state="stopped"),
        task("stop", service_id=SERVICE_ID, state="stopped"),
        task("stop again", service_id=SERVICE_ID, state="stopped"),
        task("start", service_id=SERVICE_ID, state="running"),
        task("start again", service_id=SERVICE_ID, state="running"),
    ])
    assert result.rc == 0, result.stdout
    assert result.task("predict stop")["changed"] is True
    assert result.task("predict stop")["service"]["status"] == "stopped"
    assert result.task("stop")["changed"] is True
    assert result.task("stop")["service"]["status"] == "stopped"
    assert result.task("stop")["waited"] > 0
    assert result.task("stop again")["changed"] is False
    assert result.task("start")["service"]["status"] == "running"
    assert result.task("start again")["changed"] is False
    assert put_bodies(emu) == [{"status": "stopped"}, {"status": "running"}]


def test_status_and_config_changes_are_ordered_stop_first_and_start_last(emu, in_process):
    result = in_process.run([
        task("stop and resize", service_id=SERVICE_ID, state="stopped", config=[{"model_id": MODEL_V1, "instance_count": 2}]),
        task("resize and start", service_id=SERVICE_ID, state="running", config=[{"model_id": MODEL_V1, "instance_count": 3}]),
    ])
    assert result.rc == 0, result.stdout
    bodies = put_bodies(emu)
    assert [set(body) for body in bodies] == [{"status"}, {"config"}, {"config"}, {"status"}]
    assert [body.get("status") for body in bodies] == ["stopped", None, None, "running"]
    assert [body["config"][0]["instance_count"] for body in bodies[1:3]] == [2, 3]
    assert result.task("stop and resize")["service"]["status"] == "stopped"
    final = result.task("resize and start")["service"]
    assert final["status"] == "running" and final["config"][0]["instance_count"] == 3


def test_deploy_failure_is_reported_with_the_emulators_error(emu, in_process):
    broken = in_process.run([task("broken", ignore_errors=True, service_id=SERVICE_ID,
                                  config=[{"model_id": MODEL_BROKEN, "weight": 100,
                                           "specification": "modelarts.vm.cpu.2u", "instance_count": 1}])])
    failure = broken.task("broken")
    assert failure["failed"] is True
    assert failure["changed"] is True, "the PUT landed before the deployment failed"
    assert "liveness probe failed" in failure["msg"]
    assert failure["service"]["status"] == "failed"


def test_busy_service_is_refused_without_wait_and_waited_for_with_it(emu, in_process):
    """The case that once raced the clock: the service is deploying until its third GET, whenever that comes."""
    emu.set_service(status="deploying", settle_to="running")
    # Read 1: "no wait" sees it deploying and refuses; read 2: "wait" sees it deploying and waits;
    # read 3, the wait's first poll: settled.
    emu.release(SERVICE_ID, after_reads=3)
    result = in_process.run([
        task("no wait", ignore_errors=True, service_id=SERVICE_ID, wait=False, config=[{"model_id": MODEL_V1, "instance_count": 2}]),
        task("wait", service_id=SERVICE_ID, config=[{"model_id": MODEL_V1, "instance_count": 2}]),
    ], env={"HW_PROJECT_ID": PROJECT_ID})
    assert result.rc == 0, result.stdout
    assert result.task("no wait")["failed"] is True
    assert "is deploying" in result.task("no wait")["msg"]
    assert result.task("wait")["changed"] is True
    # no wait: read (busy). wait: read (busy), read until settled, write, the wait for its own deployment.
    assert [r["method"] for r in emu.requests()] == ["GET", "GET", "GET", "PUT", "GET", "GET"]
    assert emu.service()["config"][0]["instance_count"] == 2


def test_invalid_input_fails_before_any_request(emu, playbook):
    """One rule of the argument spec and one of the module's own checks, through ansible-playbook; every
    rule is unit-tested in tests/unit/flows/test_module_arguments.py."""
    result = playbook.run([
        task("choices", ignore_errors=True, service_id=SERVICE_ID, state="sleeping"),
        task("rule", ignore_errors=True, service_id=SERVICE_ID, description="x" * 101),
    ])
    assert result.task("choices")["failed"] is True
    assert "value of state must be one of" in result.task("choices")["msg"]
    assert result.task("rule")["failed"] is True
    assert "description may have at most 100 characters" in result.task("rule")["msg"]
    assert emu.requests(api=None) == []


def test_kind_and_pool_rules_fail_after_the_get_before_any_write(emu, in_process):
    batch_entry = {"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1,
                   "src_path": "obs://in/", "dest_path": "obs://out/", "req_uri": "/", "mapping_type": "file"}
    emu.seed({"services": [
        {"service_id": "batch-1", "service_name": "nightly-scoring", "project_id": PROJECT_ID, "infer_type": "batch",
         "status": "running", "config": [batch_entry]},
        {"service_id": "edge-1", "service_name": "shop-camera", "project_id": PROJECT_ID, "infer_type": "edge",
         "status": "running", "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                          "instance_count": 1, "nodes": ["node-1"]}]},
    ]})
    log_volume = {"log_volume": [{"host_path": "/var/log/x", "mount_path": "/logs"}]}
    cases = [
        ("custom without custom_spec", dict(service_id=SERVICE_ID, config=[{"model_id": MODEL_V1, "specification": "custom"}]),
         "config[0].custom_spec is required when config[0].specification is custom."),
        ("custom without pool", dict(service_id=SERVICE_ID, config=[{
            "model_id": MODEL_V1, "specification": "custom", "custom_spec": {"cpu": 1, "memory": 1024}}]),
         "config[0].specification custom is only available in a dedicated resource pool"),
        ("log volume without pool", dict(service_id=SERVICE_ID, config=[{
            "model_id": MODEL_V1, "additional_properties": log_volume}]),
         "config[0].additional_properties.log_volume needs a dedicated resource pool"),
        ("new batch model half set", dict(service_id="batch-1", infer_type="batch", config=[{
            "model_id": MODEL_V2, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "src_path": "obs://in/"}]),
         "config[0].dest_path is required for a batch service."),
        ("csv without rule", dict(service_id="batch-1", infer_type="batch", config=[{
            "model_id": MODEL_V1, "mapping_type": "csv"}]),
         "config[0].mapping_rule is required when config[0].mapping_type is csv."),
    ]
    result = in_process.run([task(name, ignore_errors=True, **args) for name, args, _message in cases])
    for name, _args, message in cases:
        assert result.failed(name), name
        assert message in result.task(name)["msg"], (name, result.task(name)["msg"])
    assert emu.writes() == []
    assert [r["method"] for r in emu.requests()] == ["GET"] * len(cases)


@pytest.mark.parametrize("where", ["service", "entry"])
def test_log_volume_with_the_pool_on_the_service_or_the_entry_check_apply_reapply(emu, playbook, where):
    entry = {"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}
    service = {"service_id": "pooled-1", "service_name": "pooled", "project_id": PROJECT_ID, "infer_type": "real-time",
               "status": "running", "config": [dict(entry, pool_name="pool-c8e2") if where == "entry" else entry]}
    if where == "service":
        service["pool_name"] = "pool-c8e2"
    emu.seed({"services": [service]})
    wanted = dict(service_id="pooled-1", config=[{"model_id": MODEL_V1, "additional_properties": {
        "log_volume": [{"host_path": "/var/log/model", "mount_path": "/logs"}]}}])
    checked = playbook.run([task("preview", **wanted)], check=True)
    assert checked.rc == 0, checked.stdout
    assert checked.task("preview")["changed"] is True and emu.writes() == []
    result = playbook.run([task("apply", **wanted), task("again", **wanted)])
    assert result.rc == 0, result.stdout
    assert result.task("apply")["changed"] is True
    assert result.task("again")["changed"] is False
    assert len(puts(emu)) == 1, "the re-run must not write"
    stored = emu.service("pooled-1")["config"][0]
    assert stored["additional_properties"]["log_volume"] == [{"host_path": "/var/log/model", "mount_path": "/logs"}]


@pytest.mark.parametrize("auth", ["aksk", "token", "password"])
def test_each_auth_mode(emu, playbook, auth):
    result = playbook.run([task("describe", service_id=SERVICE_ID, description="via %s" % auth)], auth=auth)
    assert result.rc == 0, result.stdout
    assert result.task("describe")["changed"] is True
    modelarts = emu.requests()
    assert {r["auth"] for r in modelarts} == {"token" if auth in ("token", "password") else "aksk"}
    iam = emu.requests(api="iam")
    if auth == "password":
        assert [(r["method"], r["path"]) for r in iam] == [("POST", "/v3/auth/tokens")]
    else:
        assert [(r["method"], r["path"], r["query"]) for r in iam] == [("GET", "/v3/projects", {"name": ["cn-north-4"]})]
    assert emu.service()["description"] == "via %s" % auth


def test_credentials_from_module_defaults_action_group(emu, playbook):
    defaults = {"group/hwcloud.modelarts.modelarts": {
        "region": "cn-north-4", "project_id": PROJECT_ID, "endpoint": emu.url, "iam_endpoint": emu.url,
        "auth_token": "{{ lookup('env', 'MODELARTS_TEST_TOKEN') }}"}}
    result = playbook.run([task("via defaults", service_id=SERVICE_ID, description="set once")],
                          auth="none", module_defaults=defaults, env={"MODELARTS_TEST_TOKEN": SECRETS[2]})
    assert result.rc == 0, result.stdout
    assert emu.service()["description"] == "set once"


def test_conflicting_or_missing_credentials(emu, playbook):
    result = playbook.run([
        task("two modes", ignore_errors=True, service_id=SERVICE_ID, auth_token="abc"),
    ])
    assert "more than one authentication mode" in result.task("two modes")["msg"]
    missing = playbook.run([task("none", ignore_errors=True, service_id=SERVICE_ID)], auth="none")
    assert "No credentials given" in missing.task("none")["msg"]
    assert emu.requests(api=None) == []


def test_api_errors_carry_code_message_status_and_request_id(emu, playbook):
    result = playbook.run([
        task("unknown service", ignore_errors=True, service_id="no-such-id", description="x"),
    ])
    error = result.task("unknown service")["error"]
    assert error["status"] == 404 and error["error_code"] == "ModelArts.3502"
    assert error["request_id"] and error["request_id"] in result.task("unknown service")["msg"]

    bad_token = playbook.run([task("bad token", ignore_errors=True, service_id=SERVICE_ID, description="x")],
                             auth="token", env={"HW_AUTH_TOKEN": "not-a-token", "HW_PROJECT_ID": PROJECT_ID})
    assert bad_token.task("bad token")["error"]["status"] == 401
    assert bad_token.task("bad token")["error"]["error_code"] == "ModelArts.0203"

    wrong_project = playbook.run([task("wrong project", ignore_errors=True, service_id=SERVICE_ID, description="x")],
                                 auth="token", env={"HW_PROJECT_ID": OTHER_PROJECT_ID})
    assert wrong_project.task("wrong project")["error"]["status"] == 403
    assert wrong_project.task("wrong project")["error"]["error_code"] == "ModelArts.0210"

    bad_signature = playbook.run([task("bad sk", ignore_errors=True, service_id=SERVICE_ID, description="x")],
                                 env={"HW_SECRET_KEY": "wrong-secret", "HW_PROJECT_ID": PROJECT_ID})
    assert bad_signature.task("bad sk")["error"]["status"] == 401
    assert bad_signature.task("bad sk")["error"]["error_code"].startswith("APIG.03")
    assert emu.writes() == []


def test_throttling_and_conflicts_are_retried(emu, in_process):
    emu.fault(method="GET", path="/services/", count=1, status=429, error_code="ModelArts.2799",
              error_msg="Too many requests", retry_after=1)
    emu.fault(method="PUT", path="/services/", count=1, status=409, error_code="ModelArts.5044",
              error_msg="Operations conflict, try again later")
    result = in_process.run([task("retry", service_id=SERVICE_ID, description="after retries")],
                            env={"HW_PROJECT_ID": PROJECT_ID})
    assert result.rc == 0, result.stdout
    assert [(r["method"], r["status"]) for r in emu.requests()][:4] == [("GET", 429), ("GET", 200), ("PUT", 409), ("PUT", 200)]
    assert emu.service()["description"] == "after retries"


def test_server_errors_on_reads_are_retried_and_reported_when_they_persist(emu, in_process):
    emu.fault(method="GET", path="/services/", count=2, status=503, error_code="ModelArts.6101", error_msg="System busy")
    recovered = in_process.run([task("recovered", service_id=SERVICE_ID, description="x")],
                               env={"HW_PROJECT_ID": PROJECT_ID})
    assert recovered.rc == 0, recovered.stdout
    assert [(r["method"], r["status"]) for r in emu.requests()] == [
        ("GET", 503), ("GET", 503), ("GET", 200), ("PUT", 200), ("GET", 200)]
    emu.clear_log()
    emu.fault(method="GET", path="/services/", count=10, status=500, error_code="ModelArts.3505", error_msg="update failed")
    persisting = in_process.run([task("persisting", ignore_errors=True, service_id=SERVICE_ID, description="y", retries=2)],
                                env={"HW_PROJECT_ID": PROJECT_ID})
    error = persisting.task("persisting")["error"]
    assert error["status"] == 500 and error["error_code"] == "ModelArts.3505"
    assert len(emu.requests()) == 3


def test_ambiguous_and_failed_writes_are_never_sent_twice(emu, in_process):
    """Through the real transport: a PUT answered by a dropped connection after it landed, one dropped
    before it was applied, one refused with 503. Each is sent once; only the re-read decides."""
    emu.fault(method="PUT", path="/services/", count=1, drop="after")
    emu.fault(method="PUT", path="/services/", count=1, drop="before")
    emu.fault(method="PUT", path="/services/", count=1, status=503, error_code="ModelArts.6101", error_msg="System busy")
    result = in_process.run([
        task("dropped", service_id=SERVICE_ID, config=[{"model_id": MODEL_V1, "instance_count": 2}]),
        task("lost", ignore_errors=True, service_id=SERVICE_ID, description="lost"),
        task("not landed", ignore_errors=True, service_id=SERVICE_ID, description="never"),
    ], env={"HW_PROJECT_ID": PROJECT_ID})
    dropped = result.task("dropped")
    assert dropped["changed"] is True and dropped["failed"] is False
    assert any("was not sent again" in w for w in dropped.get("warnings", []))
    lost = result.task("lost")
    assert lost["failed"] is True and lost["changed"] is False
    assert "failed without an answer" in lost["msg"]
    not_landed = result.task("not landed")
    assert not_landed["failed"] is True and not_landed["error"]["error_code"] == "ModelArts.6101"
    bodies = put_bodies(emu)
    assert [set(body) for body in bodies] == [{"config"}, {"description"}, {"description"}]
    assert [body.get("description") for body in bodies[1:]] == ["lost", "never"]
    stored = emu.service()
    assert stored["config"][0]["instance_count"] == 2 and stored["description"] == "Image classification"


GATEWAY_PAGE = "<html><body>Gateway: session expired, sign in again</body></html>"


def test_a_put_answered_by_a_foreign_page_after_it_landed_is_reported_as_written(emu, in_process):
    """A 2xx whose body is a gateway's page, after the PUT landed: the re-read shows the change, so the task
    reports it written (changed, not failed) and sends nothing more; a re-run finds nothing to do."""
    emu.fault(method="PUT", path="/services/%s$" % SERVICE_ID, count=1, foreign_body=GATEWAY_PAGE)
    result = in_process.run([
        task("behind a page", service_id=SERVICE_ID, description="landed behind a page", wait=False),
        task("again", service_id=SERVICE_ID, description="landed behind a page"),
    ], env={"HW_PROJECT_ID": PROJECT_ID})
    landed = result.task("behind a page")
    assert landed["failed"] is False and landed["changed"] is True, landed
    assert any("an HTML or XML page" in w and "was not sent again" in w for w in landed.get("warnings", []))
    assert result.task("again")["changed"] is False
    assert put_bodies(emu) == [{"description": "landed behind a page"}]
    assert emu.service()["description"] == "landed behind a page"


def test_secrets_never_reach_results_or_verbose_output(emu, playbook):
    runs = [
        playbook.run([task("password", service_id=SERVICE_ID, description="a")], auth="password", verbosity=3),
        playbook.run([task("aksk", service_id=SERVICE_ID, description="b")], auth="aksk", verbosity=3),
        playbook.run([task("token fails", ignore_errors=True, service_id="missing", description="c")],
                     auth="token", verbosity=3),
    ]
    for run in runs:
        text = run.stdout + run.stderr + repr(run.records)
        for secret in SECRETS:
            assert secret not in text


def test_iam_token_request_is_retried_after_a_server_error(emu, in_process):
    emu.fault(method="POST", path="/v3/auth/tokens", count=1, status=503)
    result = in_process.run([task("after retry", service_id=SERVICE_ID, description="token retried")], auth="password")
    assert result.rc == 0, result.stdout
    assert [r["status"] for r in emu.requests(api="iam")] == [503, 201]


def test_pasted_tokens_are_trimmed_and_broken_ones_refused_without_echo(emu, playbook):
    trimmed = playbook.run([task("trailing newline", service_id=SERVICE_ID, description="trimmed")],
                           auth="token", env={"HW_AUTH_TOKEN": SECRETS[2] + "\n", "HW_PROJECT_ID": PROJECT_ID})
    assert trimmed.rc == 0, trimmed.stdout
    broken_token = "MII-broken token"
    broken = playbook.run([task("inner space", ignore_errors=True, service_id=SERVICE_ID, description="x")],
                          auth="token", env={"HW_AUTH_TOKEN": broken_token, "HW_PROJECT_ID": PROJECT_ID}, verbosity=3)
    assert "auth_token contains whitespace or control characters" in broken.task("inner space")["msg"]
    assert "broken token" not in broken.stdout + broken.stderr
    assert [r["body"]["description"] for r in puts(emu)] == ["trimmed"]


def test_a_rollout_that_settles_concerning_ends_the_wait_with_a_warning(emu, in_process):
    """``concerning`` (some instances abnormal) is no transition: the wait ends there instead of running into
    wait_timeout, and the task warns. Deterministic: the rollout is held until the service is seen polled."""
    wanted = [{"model_id": MODEL_V1, "instance_count": 2}]

    def degrade():
        emu.set_service(status="deploying", settle_to="concerning")
        emu.release(SERVICE_ID, after_reads=1)

    emu.clock(release_after_reads=0)
    watcher = emu.when_polled(degrade)
    result = in_process.run([task("resize", service_id=SERVICE_ID, config=wanted)])
    watcher.join(timeout=60)
    assert result.rc == 0, result.stdout
    resized = result.task("resize")
    assert resized["changed"] is True
    assert resized["service"]["status"] == "concerning"
    assert any("settled as concerning" in warning for warning in resized.get("warnings", []))
    assert [r["method"] for r in emu.writes()] == ["PUT"]


def test_a_concerning_service_counts_as_running_and_a_stop_still_waits_for_stopped(emu, in_process):
    """The other way: asked for running, a concerning service is neither started (the API refuses it) nor
    waited for; asked for stopped, the wait goes on through stopping until stopped."""
    emu.set_service(status="concerning")
    result = in_process.run([
        task("check", check_mode=True, service_id=SERVICE_ID, state="running"),
        task("running", service_id=SERVICE_ID, state="running"),
        task("again", service_id=SERVICE_ID, state="running"),
    ])
    assert result.rc == 0, result.stdout
    for name in ("check", "running", "again"):
        assert result.task(name)["changed"] is False
        assert result.task(name)["service"]["status"] == "concerning"
        assert not result.task(name).get("warnings")
    assert emu.writes() == []

    stopped = in_process.run([task("stop", service_id=SERVICE_ID, state="stopped")])
    assert stopped.rc == 0, stopped.stdout
    assert stopped.task("stop")["service"]["status"] == "stopped"
    assert [r["body"] for r in emu.writes()] == [{"status": "stopped"}]


MISSING_MODEL = "00000000-0000-0000-0000-00000000dead"


def test_a_missing_model_fails_every_write_unchanged_with_both_documented_codes(emu, in_process):
    """The emulator answers an unknown model_id in a config with 404 ModelArts.3507 (the error table's remedy:
    a correct model ID); 400 ModelArts.3529 (a model "under service") is sent here through a fault. Both fail
    the task unchanged, say what to do, and are never taken for a missing service."""
    entry = {"model_id": MISSING_MODEL, "weight": 100, "specification": "modelarts.vm.cpu.2u", "instance_count": 1}
    result = in_process.run([
        task("put", ignore_errors=True, service_id=SERVICE_ID, config=[entry]),
        task("post", ignore_errors=True, name="brand-new", infer_type="real-time", config=[entry]),
        module_task("hwcloud.modelarts.modelarts_service_patch", "patch", dict(
            service_id=SERVICE_ID, patch=[{"op": "replace", "path": "/config/0/model_id", "value": MISSING_MODEL}]),
            ignore_errors=True),
    ])
    for name in ("put", "post", "patch"):
        failure = result.task(name)
        assert failure["failed"] is True and failure["changed"] is False, failure
        assert (failure["error"]["status"], failure["error"]["error_code"]) == (404, "ModelArts.3507")
        assert "A model_id of config names no model" in failure["msg"]
    assert emu.service()["config"][0]["model_id"] == MODEL_V1

    emu.clear_log()
    emu.fault(method="PUT", path="/services/" + SERVICE_ID + "$", status=400, error_code="ModelArts.3529",
              error_msg="Model %s under service %s does not exist." % (MODEL_V2, SERVICE_ID))
    other = in_process.run([task("under service", ignore_errors=True, service_id=SERVICE_ID,
                                 config=[{"model_id": MODEL_V2, "weight": 100, "instance_count": 1,
                                          "specification": "modelarts.vm.cpu.2u"}])])
    failure = other.task("under service")
    assert failure["failed"] is True and failure["changed"] is False
    assert failure["error"]["error_code"] == "ModelArts.3529"
    assert "A model_id of config names no model" in failure["msg"]
    assert [r["method"] for r in emu.requests()] == ["GET", "PUT"]
