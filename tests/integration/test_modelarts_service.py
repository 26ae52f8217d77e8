"""modelarts_service through real ansible-playbook runs against the emulator, asserting its request log."""

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
)

MODULE = "hwcloud.modelarts.modelarts_service"


def task(title, ignore_errors=False, **args):
    step = {"name": title, MODULE: args}
    if ignore_errors:
        step["ignore_errors"] = True
    return step


def puts(emu):
    return [r for r in emu.requests() if r["method"] == "PUT"]


def put_bodies(emu):
    return [r["body"] for r in puts(emu)]


def test_config_update_then_rerun_is_unchanged_and_sends_no_write(emu, playbook):
    wanted = dict(service_id=SERVICE_ID, config=[{
        "model_id": MODEL_V1, "instance_count": 3, "envs": {"LOG_LEVEL": "debug", "WORKERS": 4},
        "additional_properties": {"max_surge": 1, "max_unavailable": 0.5, "termination_grace_period_seconds": 30},
    }])
    result = playbook.run([task("apply", **wanted), task("again", **wanted)])
    assert result.rc == 0, result.stdout

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
    assert len(puts(emu)) == 1, "the second run must not write"
    body = put_bodies(emu)[0]
    assert set(body) == {"config"}
    assert body["config"][0]["specification"] == "modelarts.vm.cpu.2u"
    assert "model_name" not in body["config"][0] and "status" not in body["config"][0]


def test_service_level_options_and_types_normalised(emu, playbook):
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
    result = playbook.run([task("apply", **wanted), task("again", **as_strings)])
    assert result.rc == 0, result.stdout
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


def test_nothing_to_change_sends_exactly_one_request(emu, playbook):
    result = playbook.run([task("noop", service_id=SERVICE_ID, description="Image classification",
                                config=[{"model_id": MODEL_V1, "weight": "100", "instance_count": 1}])],
                          env={"HW_PROJECT_ID": PROJECT_ID})
    assert result.rc == 0, result.stdout
    assert result.task("noop")["changed"] is False
    assert [(r["method"], r["path"]) for r in emu.requests(api=None)] == [
        ("GET", "/v1/%s/services/%s" % (PROJECT_ID, SERVICE_ID))]


def test_change_without_wait_sends_one_get_one_put_and_the_verifying_get(emu, playbook):
    result = playbook.run([task("scale", service_id=SERVICE_ID, wait=False,
                                config=[{"model_id": MODEL_V1, "instance_count": 2}])],
                          env={"HW_PROJECT_ID": PROJECT_ID})
    assert result.rc == 0, result.stdout
    scaled = result.task("scale")
    assert scaled["changed"] is True
    assert scaled["service"]["status"] == "deploying"
    assert scaled["waited"] == 0
    assert [r["method"] for r in emu.requests(api=None)] == ["GET", "PUT", "GET"]


def test_check_mode_predicts_and_writes_nothing(emu, playbook):
    before = emu.service()
    result = playbook.run([task("predict", service_id=SERVICE_ID, state="stopped",
                                config=[{"model_id": MODEL_V1, "instance_count": 4}])], check=True)
    assert result.rc == 0, result.stdout
    predicted = result.task("predict")
    assert predicted["changed"] is True
    assert predicted["service"]["status"] == "stopped"
    assert predicted["service"]["config"][0]["instance_count"] == 4
    assert predicted["service"]["config"][0]["model_name"] == before["config"][0]["model_name"]
    assert emu.writes() == []
    assert emu.service()["config"][0]["instance_count"] == 1


def test_diff_shows_only_changed_fields(emu, playbook):
    result = playbook.run([task("diff", service_id=SERVICE_ID, description="Image classification",
                                config=[{"model_id": MODEL_V1, "instance_count": 2}])], diff=True)
    assert result.rc == 0, result.stdout
    shown = result.task("diff")["diff"]
    assert set(shown["before"]) == {"config"} and set(shown["after"]) == {"config"}
    assert shown["before"]["config"][0]["instance_count"] == 1
    assert shown["after"]["config"][0]["instance_count"] == 2
    # What an operator sees in the --diff output.
    assert '-            "instance_count": 1,' in result.stdout
    assert '+            "instance_count": 2,' in result.stdout


def test_traffic_shift_adds_a_model_version_and_removes_the_old_one(emu, playbook):
    split = [{"model_id": MODEL_V1, "weight": 80},
             {"model_id": MODEL_V2, "weight": 20, "specification": "modelarts.vm.cpu.2u", "instance_count": 1}]
    result = playbook.run([
        task("canary", service_id=SERVICE_ID, config=split),
        task("promote", service_id=SERVICE_ID, config=[{"model_id": MODEL_V2, "weight": 100}]),
    ])
    assert result.rc == 0, result.stdout
    canary = result.task("canary")["service"]["config"]
    assert sorted((e["model_id"], e["weight"]) for e in canary) == sorted([(MODEL_V1, 80), (MODEL_V2, 20)])
    promoted = result.task("promote")["service"]
    assert [(e["model_id"], e["weight"], e["instance_count"]) for e in promoted["config"]] == [(MODEL_V2, 100, 1)]
    assert promoted["status"] == "running"


def test_stop_and_start_wait_for_the_state(emu, playbook):
    result = playbook.run([
        task("stop", service_id=SERVICE_ID, state="stopped"),
        task("stop again", service_id=SERVICE_ID, state="stopped"),
        task("start", service_id=SERVICE_ID, state="running"),
        task("start again", service_id=SERVICE_ID, state="running"),
    ])
    assert result.rc == 0, result.stdout
    assert result.task("stop")["changed"] is True
    assert result.task("stop")["service"]["status"] == "stopped"
    assert result.task("stop")["waited"] > 0
    assert result.task("stop again")["changed"] is False
    assert result.task("start")["service"]["status"] == "running"
    assert result.task("start again")["changed"] is False
    assert put_bodies(emu) == [{"status": "stopped"}, {"status": "running"}]


def test_stop_with_config_change_stops_first_then_configures(emu, playbook):
    result = playbook.run([task("stop and resize", service_id=SERVICE_ID, state="stopped",
                                config=[{"model_id": MODEL_V1, "instance_count": 2}])])
    assert result.rc == 0, result.stdout
    bodies = put_bodies(emu)
    assert bodies[0] == {"status": "stopped"}
    assert set(bodies[1]) == {"config"} and bodies[1]["config"][0]["instance_count"] == 2
    stored = emu.service()
    assert stored["status"] == "stopped" and stored["config"][0]["instance_count"] == 2


def test_start_with_config_change_configures_first_then_starts(emu, playbook):
    emu.set_service(status="stopped")
    result = playbook.run([task("resize and start", service_id=SERVICE_ID, state="running",
                                config=[{"model_id": MODEL_V1, "instance_count": 2}])])
    assert result.rc == 0, result.stdout
    bodies = put_bodies(emu)
    assert set(bodies[0]) == {"config"}
    assert bodies[1] == {"status": "running"}
    assert not any("status" in b and "config" in b for b in bodies)
    final = result.task("resize and start")["service"]
    assert final["status"] == "running" and final["config"][0]["instance_count"] == 2


def test_wait_timeout_and_deploy_failure(emu, playbook):
    emu.settings(deploy_seconds=30)
    slow = playbook.run([task("slow", ignore_errors=True, service_id=SERVICE_ID, wait_timeout=1,
                              config=[{"model_id": MODEL_V1, "instance_count": 2}])])
    failure = slow.task("slow")
    assert failure["failed"] is True
    assert "Timed out after 1 s" in failure["msg"] and "deploying" in failure["msg"]
    assert failure["service"]["status"] == "deploying"
    assert failure["changed"] is True, "the PUT landed before the wait ran out"

    emu.reset_world()
    broken = playbook.run([task("broken", ignore_errors=True, service_id=SERVICE_ID,
                                config=[{"model_id": MODEL_BROKEN, "weight": 100,
                                         "specification": "modelarts.vm.cpu.2u", "instance_count": 1}])])
    failure = broken.task("broken")
    assert failure["failed"] is True
    assert "liveness probe failed" in failure["msg"]
    assert failure["service"]["status"] == "failed"


def test_busy_service_is_waited_for_or_refused(emu, playbook):
    emu.set_service(status="deploying", settle_to="running", settle_seconds=4)
    refused = playbook.run([task("no wait", ignore_errors=True, service_id=SERVICE_ID, wait=False,
                                 config=[{"model_id": MODEL_V1, "instance_count": 2}])])
    assert refused.task("no wait")["failed"] is True
    assert "is deploying" in refused.task("no wait")["msg"]
    assert emu.writes() == []

    emu.set_service(status="deploying", settle_to="running", settle_seconds=4)
    waited = playbook.run([task("wait", service_id=SERVICE_ID, config=[{"model_id": MODEL_V1, "instance_count": 2}])])
    assert waited.rc == 0, waited.stdout
    assert waited.task("wait")["changed"] is True
    assert len(puts(emu)) == 1
    assert emu.service()["config"][0]["instance_count"] == 2


def test_name_lookup_none_one_several(emu, playbook):
    emu.seed({"services": [
        {"service_id": "dup-%d" % i, "service_name": "twin", "project_id": PROJECT_ID, "infer_type": "real-time",
         "status": "running", "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                          "instance_count": 1, "weight": 100}]} for i in (1, 2)
    ] + [{"service_id": "near", "service_name": SERVICE_NAME + "-staging", "project_id": PROJECT_ID,
          "infer_type": "real-time", "status": "running",
          "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}]}]})
    result = playbook.run([
        task("one", name=SERVICE_NAME, description="found by name"),
        task("none", ignore_errors=True, name="no-such-service", description="x"),
        task("several", ignore_errors=True, name="twin", description="x"),
    ])
    assert result.task("one")["service"]["service_id"] == SERVICE_ID
    assert result.task("none")["failed"] is True and result.task("several")["failed"] is True
    # No service has the name, so the module would create it, which needs config.
    assert "config is required to create service 'no-such-service'" in result.task("none")["msg"]
    several = result.task("several")["msg"]
    assert "2 services are named 'twin'" in several and "dup-1" in several and "dup-2" in several
    assert len(puts(emu)) == 1


INVALID_INPUTS = [
    (dict(description="x" * 101), "description may have at most 100 characters"),
    (dict(description="a <b>"), "description must not contain any of"),
    (dict(config=[{"model_id": MODEL_V1, "weight": 60}, {"model_id": MODEL_V2, "weight": 30}]),
     "weights must add up to 100"),
    (dict(config=[{"model_id": MODEL_V1, "custom_spec": {"cpu": 1, "memory": 1024, "gpu_p4": 1, "ascend_a310": 1}}]),
     "set either gpu_p4 or ascend_a310"),
    (dict(config=[{"model_id": MODEL_V1, "custom_spec": {"cpu": 0.001, "memory": 1024}}]),
     "config[0].custom_spec.cpu must be at least 0.01"),
    (dict(config=[{"model_id": MODEL_V1, "src_path": "obs://bucket/in/"}]),
     "config[0].src_path is only for batch services"),
    (dict(config=[{"model_id": MODEL_V1, "nodes": ["node-1"]}]), "config[0].nodes is only for edge services"),
    (dict(infer_type="batch", schedule=[{"duration": 1, "time_unit": "DAYS", "type": "stop"}]),
     "schedule can only be set on a real-time service"),
    (dict(config=[{"model_id": MODEL_V1, "instance_count": 0}]), "config[0].instance_count must be at least 1"),
    (dict(config=[{"model_id": MODEL_V1}, {"model_id": MODEL_V1}]), "is listed twice"),
    (dict(wait_timeout=-1), "wait_timeout must be 0 or more"),
    (dict(api_timeout=0), "api_timeout must be a positive number"),
    (dict(state="sleeping"), "value of state must be one of"),
    (dict(schedule=[{"duration": 1, "time_unit": "WEEKS", "type": "stop"}]), "time_unit must be one of"),
    # The documented rules of the API reference (UpdateService, CreateService).
    (dict(config=[]), "config must list at least one model; the API refuses an empty config for every kind"),
    (dict(infer_type="batch", config=[{"model_id": MODEL_V1}, {"model_id": MODEL_V2}]),
     "config must list exactly one model for a batch service, it lists 2."),
    (dict(infer_type="batch", config=[{"model_id": MODEL_V1, "nodes": ["node-1"]}]),
     "config[0].nodes is only for edge services; this is a batch service."),
    (dict(infer_type="edge", config=[{"model_id": MODEL_V1, "req_uri": "/"}]),
     "config[0].req_uri is only for batch services; this is an edge service."),
    (dict(infer_type="batch", config=[{"model_id": MODEL_V1, "src_type": "Directory"}]),
     "config[0].src_type can only be ManifestFile"),
    (dict(additional_properties={"smn_notification": {"topic_urn": "urn:smn:cn-north-4:p:alerts", "events": []}}),
     "additional_properties.smn_notification.events must list at least one event"),
    (dict(additional_properties={"smn_notification": {"topic_urn": "", "events": [1]}}),
     "additional_properties.smn_notification.topic_urn must not be empty."),
    (dict(additional_properties={"log_report_channels": [
        {"type": "LTS", "configuration": {"log_group_id": "g" * 65, "log_stream_id": "s" * 36}}]}),
     "additional_properties.log_report_channels[0].configuration.log_group_id must have 1 to 64 characters, it has 65."),
    (dict(additional_properties={"log_report_channels": [
        {"type": "LTS", "configuration": {"log_group_id": "g" * 36, "log_stream_id": ""}}]}),
     "additional_properties.log_report_channels[0].configuration.log_stream_id must have 1 to 64 characters, it has 0."),
    (dict(config=[{"model_id": MODEL_V1, "envs": {"LOG_LEVEL": None}}]),
     "config[0].envs.LOG_LEVEL is null; a map holds no null values: leave the key out instead."),
    (dict(config=[{"model_id": MODEL_V1, "envs": {"OPTS": {"workers": 4}}}]), "config[0].envs.OPTS must be a string"),
    (dict(config=[{"model_id": MODEL_V1, "instance_count": True}]),
     "config[0].instance_count must be an integer, got True."),
    (dict(config=[{"model_id": MODEL_V1, "custom_spec": {"cpu": float("nan"), "memory": 1024}}]),
     "config[0].custom_spec.cpu must be a finite number, got nan."),
    (dict(config=[{"model_id": MODEL_V1, "additional_properties": {"max_surge": float("inf")}}]),
     "config[0].additional_properties.max_surge must be a finite number, got inf."),
    (dict(config=[{"model_id": ""}]), "config[0].model_id must not be empty."),
    (dict(config=[{"model_id": MODEL_V1, "specification": ""}]), "config[0].specification must not be empty."),
    (dict(config=[{"model_id": MODEL_V1, "additional_properties": {"log_volume": [
        {"host_path": "/var/log/x", "mount_path": ""}]}}]),
     "config[0].additional_properties.log_volume[0].mount_path must not be empty."),
    (dict(config=[{"model_id": MODEL_V1, "additional_properties": {"persistent_volumes": [{"mount_path": " "}]}}]),
     "config[0].additional_properties.persistent_volumes[0].mount_path must not be empty."),
]

# service_id and name are the selectors themselves: these cases give them instead of SERVICE_ID.
INVALID_SELECTORS = [
    (dict(service_id="", description="x"), "service_id must not be empty"),
    (dict(name="", description="x"), "name must not be empty"),
]


def test_invalid_input_fails_before_any_request(emu, playbook):
    result = playbook.run([task("invalid %d" % index, ignore_errors=True, service_id=SERVICE_ID, **args)
                           for index, (args, _message) in enumerate(INVALID_INPUTS)])
    selectors = playbook.run([task("selector %d" % index, ignore_errors=True, **args)
                              for index, (args, _message) in enumerate(INVALID_SELECTORS)])
    for index, (_args, message) in enumerate(INVALID_INPUTS):
        failure = result.task("invalid %d" % index)
        assert failure["failed"] is True
        assert message in failure["msg"], failure["msg"]
    for index, (_args, message) in enumerate(INVALID_SELECTORS):
        failure = selectors.task("selector %d" % index)
        assert failure["failed"] is True
        assert message in failure["msg"], failure["msg"]
    assert emu.requests(api=None) == []


def test_rules_that_need_the_service_fail_before_any_write(emu, playbook):
    emu.set_service(additional_properties={"websocket_upgrade": True})
    result = playbook.run([
        task("websocket off", ignore_errors=True, service_id=SERVICE_ID,
             additional_properties={"websocket_upgrade": False}),
        task("new model without flavor", ignore_errors=True, service_id=SERVICE_ID,
             config=[{"model_id": MODEL_V1, "weight": 50}, {"model_id": MODEL_V2, "weight": 50}]),
        task("weights of the kept model", ignore_errors=True, service_id=SERVICE_ID,
             config=[{"model_id": MODEL_V1}, {"model_id": MODEL_V2, "weight": 10,
                                              "specification": "modelarts.vm.cpu.2u", "instance_count": 1}]),
        task("wrong kind", ignore_errors=True, service_id=SERVICE_ID, infer_type="batch", description="x"),
    ])
    assert "websocket_upgrade cannot be changed back to false" in result.task("websocket off")["msg"]
    assert "config[1].specification is required for model %s" % MODEL_V2 in result.task("new model without flavor")["msg"]
    assert "they add up to 110" in result.task("weights of the kept model")["msg"]
    assert "is a real-time service, not batch" in result.task("wrong kind")["msg"]
    assert emu.writes() == []


def test_kind_and_pool_rules_fail_after_the_get_before_any_write(emu, playbook):
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
        ("new edge model without nodes", dict(service_id="edge-1", infer_type="edge", config=[{
            "model_id": MODEL_V2, "specification": "modelarts.vm.cpu.2u", "instance_count": 1}]),
         "config[0].nodes is required for an edge service"),
    ]
    result = playbook.run([task(name, ignore_errors=True, **args) for name, args, _message in cases])
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


def test_throttling_and_conflicts_are_retried(emu, playbook):
    emu.fault(method="GET", path="/services/", count=1, status=429, error_code="ModelArts.2799",
              error_msg="Too many requests", retry_after=1)
    emu.fault(method="PUT", path="/services/", count=1, status=409, error_code="ModelArts.5044",
              error_msg="Operations conflict, try again later")
    result = playbook.run([task("retry", service_id=SERVICE_ID, description="after retries")],
                          env={"HW_PROJECT_ID": PROJECT_ID})
    assert result.rc == 0, result.stdout
    assert [(r["method"], r["status"]) for r in emu.requests()][:4] == [("GET", 429), ("GET", 200), ("PUT", 409), ("PUT", 200)]
    assert emu.service()["description"] == "after retries"


def test_server_errors_on_reads_are_retried_and_reported_when_they_persist(emu, playbook):
    emu.fault(method="GET", path="/services/", count=2, status=503, error_code="ModelArts.6101", error_msg="System busy")
    recovered = playbook.run([task("recovered", service_id=SERVICE_ID, description="x")],
                             env={"HW_PROJECT_ID": PROJECT_ID})
    assert recovered.rc == 0, recovered.stdout
    assert [(r["method"], r["status"]) for r in emu.requests()] == [
        ("GET", 503), ("GET", 503), ("GET", 200), ("PUT", 200), ("GET", 200)]
    emu.clear_log()
    emu.fault(method="GET", path="/services/", count=10, status=500, error_code="ModelArts.3505", error_msg="update failed")
    persisting = playbook.run([task("persisting", ignore_errors=True, service_id=SERVICE_ID, description="y", retries=2)],
                              env={"HW_PROJECT_ID": PROJECT_ID})
    error = persisting.task("persisting")["error"]
    assert error["status"] == 500 and error["error_code"] == "ModelArts.3505"
    assert len(emu.requests()) == 3


def test_dropped_connection_after_the_put_landed_is_not_sent_again(emu, playbook):
    emu.fault(method="PUT", path="/services/", count=1, drop="after")
    result = playbook.run([task("dropped", service_id=SERVICE_ID, config=[{"model_id": MODEL_V1, "instance_count": 2}])],
                          env={"HW_PROJECT_ID": PROJECT_ID})
    assert result.rc == 0, result.stdout
    assert result.task("dropped")["changed"] is True
    assert any("was not sent again" in w for w in result.task("dropped").get("warnings", []))
    assert len(puts(emu)) == 1
    assert emu.service()["config"][0]["instance_count"] == 2


def test_failed_write_that_did_not_land_is_reported_not_repeated(emu, playbook):
    emu.fault(method="PUT", path="/services/", count=1, status=503, error_code="ModelArts.6101", error_msg="System busy")
    result = playbook.run([task("not landed", ignore_errors=True, service_id=SERVICE_ID, description="never")],
                          env={"HW_PROJECT_ID": PROJECT_ID})
    failure = result.task("not landed")
    assert failure["failed"] is True and failure["error"]["error_code"] == "ModelArts.6101"
    assert len(puts(emu)) == 1
    assert emu.service()["description"] == "Image classification"


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


def test_empty_values_rerun_unchanged(emu, playbook):
    wanted = dict(service_id=SERVICE_ID, schedule=[], config=[{"model_id": MODEL_V1, "envs": {}}])
    result = playbook.run([task("clear", **wanted), task("clear again", **wanted)])
    assert result.rc == 0, result.stdout
    assert result.task("clear")["changed"] is True and result.task("clear")["changed_fields"] == ["config"]
    assert result.task("clear again")["changed"] is False
    assert len(puts(emu)) == 1
    assert not emu.service()["config"][0].get("envs")


def test_a_waiting_service_takes_config_but_a_start_waits(emu, playbook):
    emu.set_service(status="waiting", settle_to="running", settle_seconds=30)
    result = playbook.run([task("resize while queued", service_id=SERVICE_ID, wait=False,
                                config=[{"model_id": MODEL_V1, "instance_count": 2}])])
    assert result.rc == 0, result.stdout
    assert len(puts(emu)) == 1


def test_stop_with_config_without_waiting_reports_the_stopped_service(emu, playbook):
    result = playbook.run([task("stop and resize", service_id=SERVICE_ID, state="stopped", wait=False,
                                config=[{"model_id": MODEL_V1, "instance_count": 2}])])
    assert result.rc == 0, result.stdout
    assert result.task("stop and resize")["service"]["status"] == "stopped"
    assert emu.service()["status"] == "stopped"


def test_iam_token_request_is_retried_after_a_server_error(emu, playbook):
    emu.fault(method="POST", path="/v3/auth/tokens", count=1, status=503)
    result = playbook.run([task("after retry", service_id=SERVICE_ID, description="token retried")], auth="password")
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


def test_failed_service_redeploys_on_the_config_change_and_needs_no_start(emu, playbook):
    emu.set_service(status="failed", error_msg="liveness probe failed")
    result = playbook.run([task("repair", service_id=SERVICE_ID, state="running",
                                config=[{"model_id": MODEL_V1, "instance_count": 2}])])
    assert result.rc == 0, result.stdout
    assert [set(body) for body in put_bodies(emu)] == [{"config"}]
    assert result.task("repair")["service"]["status"] == "running"


def test_status_put_dropped_after_it_landed_is_not_sent_again(emu, playbook):
    emu.fault(method="PUT", path="/services/", count=1, drop="after")
    result = playbook.run([task("stop", service_id=SERVICE_ID, state="stopped")], env={"HW_PROJECT_ID": PROJECT_ID})
    assert result.rc == 0, result.stdout
    assert any("was not sent again" in w for w in result.task("stop").get("warnings", []))
    assert put_bodies(emu) == [{"status": "stopped"}]
    assert result.task("stop")["service"]["status"] == "stopped"


def test_put_dropped_before_it_was_applied_fails_without_resending(emu, playbook):
    emu.fault(method="PUT", path="/services/", count=1, drop="before")
    result = playbook.run([task("lost", ignore_errors=True, service_id=SERVICE_ID, description="lost")],
                          env={"HW_PROJECT_ID": PROJECT_ID})
    failure = result.task("lost")
    assert failure["failed"] is True and failure["changed"] is False
    assert "failed without an answer" in failure["msg"]
    assert len(puts(emu)) == 1
    assert emu.service()["description"] == "Image classification"
