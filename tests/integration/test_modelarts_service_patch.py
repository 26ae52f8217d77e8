"""modelarts_service_patch against the emulator, asserting its request log.

What needs Ansible (check and diff flags, argument parsing, environment and module_defaults credentials,
no-log masking, -vvv) runs through ansible-playbook (the ``playbook`` fixture); what the module does with the
API (faults, retries, ordering, lookups, rules judged after the GET) runs the same tasks in-process (the
``in_process`` fixture: the module's main() with the real client and transport, tests/integration/in_process.py).
"""

import re

from integration.harness import (
    MODEL_BROKEN,
    MODEL_V1,
    MODEL_V2,
    PROJECT_ID,
    SERVICE_ID,
    SERVICE_NAME,
    module_task,
)

MODULE = "hwcloud.modelarts.modelarts_service_patch"
PROJECT_ENV = {"HW_PROJECT_ID": PROJECT_ID}
USER_ID_HEADER = "x-modelarts-user-id"

# The seed's (000) example request, verbatim.
SEED_MODEL = "a9542b46-8dfd-4184-bd81-c8d8946edb47"
SEED_EXAMPLE = [
    {"op": "replace", "path": "/config/0/envs", "value": {}},
    {"op": "replace", "path": "/config/0/model_id", "value": SEED_MODEL},
    {"op": "replace", "path": "/config/0/additional_properties", "value": {
        "persistent_volumes": [{
            "storage_type": "obs_pfs",
            "source_address": "/dongcong4",
            "mount_path": "/var/tmp",
            "storage_type_text": "atelier_webservice_detail_model_config_volumes_type_obs",
        }]}},
    {"op": "replace", "path": "/config/0/specification", "value": "modelarts.vm.ai1.a310"},
    {"op": "replace", "path": "/config/0/pool_name", "value": "pool-c8e2-04f258c84780d5a52f3bc00dc15aa5e7"},
]


def task(title, *operations, ignore_errors=False, check_mode=None, diff=None, **args):
    args.setdefault("service_id", SERVICE_ID)
    args = dict((key, value) for key, value in args.items() if value is not None)
    if operations:
        args["patch"] = list(operations)
    return module_task(MODULE, title, args, ignore_errors=ignore_errors, check_mode=check_mode, diff=diff)


def op(path, value, **extra):
    return dict(extra, path=path, value=value)


def replace(path, value):
    return {"op": "replace", "path": path, "value": value}


def patches(emu, service_id=None):
    return [r for r in emu.requests() if r["method"] == "PATCH"
            and (service_id is None or r["path"].endswith("/services/" + service_id))]


def header(request, name):
    return dict((key.lower(), value) for key, value in request["headers"].items()).get(name)


def real_time_service(service_id, name):
    return {"service_id": service_id, "service_name": name, "project_id": PROJECT_ID, "infer_type": "real-time",
            "status": "running", "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                             "instance_count": 1, "weight": 100, "envs": {"LOG_LEVEL": "info"}}]}


def test_each_real_time_field_patched_then_the_final_state_is_a_no_op(emu, in_process):
    volumes = [{"name": "data", "mount_path": "/data", "storage_type": "obs_pfs", "source_address": "/bucket/data"}]
    logs = [{"host_path": "/var/log/app", "mount_path": "/logs"}]
    final_properties = {"log_volume": logs, "max_surge": 0.5, "max_unavailable": 0,
                        "termination_grace_period_seconds": 60,
                        "persistent_volumes": [dict(volumes[0], mount_path="/data2")]}
    result = in_process.run([
        task("scalars", op("/config/0/model_id", MODEL_V2), op("/config/0/specification", "modelarts.vm.cpu.4u"),
             op("/config/0/weight", "100"), op("/config/0/instance_count", "2"),
             op("/config/0/deploy_timeout_in_seconds", "600"), op("/config/0/cluster_id", "cluster-a"),
             op("/config/0/pool_name", "pool-a")),
        task("envs", op("/config/0/envs", {"LOG_LEVEL": "info", "WORKERS": 4}), op("/config/0/envs/LOG_LEVEL", "debug")),
        task("custom spec", op("/config/0/specification", "custom"),
             op("/config/0/custom_spec", {"cpu": "1.5", "memory": 2048})),
        task("custom spec members", op("/config/0/custom_spec/cpu", 2), op("/config/0/custom_spec/memory", "4096")),
        task("model properties", op("/config/0/additional_properties", {
            "log_volume": logs, "persistent_volumes": volumes, "max_surge": 1, "max_unavailable": 0,
            "termination_grace_period_seconds": 30})),
        task("model property members", op("/config/0/additional_properties/max_surge", "0.5"),
             op("/config/0/additional_properties/persistent_volumes/0/mount_path", "/data2"),
             op("/config/0/additional_properties/termination_grace_period_seconds", 60)),
        task("final state again",
             op("/config/0/model_id", MODEL_V2), op("/config/0/specification", "custom"), op("/config/0/weight", 100),
             op("/config/0/instance_count", 2), op("/config/0/deploy_timeout_in_seconds", 600),
             op("/config/0/cluster_id", "cluster-a"), op("/config/0/pool_name", "pool-a"),
             op("/config/0/envs", {"LOG_LEVEL": "debug", "WORKERS": "4"}),
             op("/config/0/custom_spec", {"cpu": "2", "memory": 4096}),
             op("/config/0/additional_properties", final_properties)),
    ], env=PROJECT_ENV)
    assert result.rc == 0, result.stdout

    sent = [r["body"] for r in patches(emu)]
    assert len(sent) == 6, "the final no-op must not send a PATCH"
    # Numeric strings are sent as the numbers the fields document, every op as replace.
    assert sent[0] == [
        replace("/config/0/model_id", MODEL_V2), replace("/config/0/specification", "modelarts.vm.cpu.4u"),
        replace("/config/0/weight", 100), replace("/config/0/instance_count", 2),
        replace("/config/0/deploy_timeout_in_seconds", 600), replace("/config/0/cluster_id", "cluster-a"),
        replace("/config/0/pool_name", "pool-a")]
    assert sent[1] == [replace("/config/0/envs", {"LOG_LEVEL": "info", "WORKERS": "4"}),
                       replace("/config/0/envs/LOG_LEVEL", "debug")]
    assert sent[2][1] == replace("/config/0/custom_spec", {"cpu": 1.5, "memory": 2048})
    assert sent[3] == [replace("/config/0/custom_spec/cpu", 2.0), replace("/config/0/custom_spec/memory", 4096)]
    assert sent[5][0] == replace("/config/0/additional_properties/max_surge", 0.5)
    assert all(header(r, USER_ID_HEADER) is None for r in patches(emu))

    scalars = result.task("scalars")
    assert scalars["changed"] is True and scalars["changed_fields"] == ["config"]
    assert isinstance(scalars["update_time"], int) and scalars["resource_ids"] and scalars["request_id"]
    assert scalars["service"]["status"] == "running"
    assert scalars["operations"] == sent[0]
    for name in ("envs", "custom spec", "custom spec members", "model properties", "model property members"):
        assert result.task(name)["changed"] is True, name
    again = result.task("final state again")
    assert again["changed"] is False and again["changed_fields"] == []
    assert "update_time" not in again and "request_id" not in again

    entry = emu.service()["config"][0]
    assert (entry["model_id"], entry["specification"], entry["weight"], entry["instance_count"]) == (
        MODEL_V2, "custom", 100, 2)
    assert (entry["deploy_timeout_in_seconds"], entry["cluster_id"], entry["pool_name"]) == (600, "cluster-a", "pool-a")
    assert entry["envs"] == {"LOG_LEVEL": "debug", "WORKERS": "4"}
    assert entry["custom_spec"] == {"cpu": 2.0, "memory": 4096}
    assert entry["additional_properties"]["persistent_volumes"][0]["mount_path"] == "/data2"
    assert entry["additional_properties"]["max_surge"] == 0.5
    assert entry["additional_properties"]["termination_grace_period_seconds"] == 60
    assert entry["additional_properties"]["log_volume"] == logs


def test_batch_and_edge_fields(emu, in_process):
    emu.seed({"services": [
        {"service_id": "batch-1", "service_name": "nightly-scoring", "project_id": PROJECT_ID, "infer_type": "batch",
         "status": "running", "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                          "instance_count": 1, "src_path": "obs://in/", "dest_path": "obs://out/",
                                          "req_uri": "/", "mapping_type": "file"}]},
        {"service_id": "edge-1", "service_name": "shop-camera", "project_id": PROJECT_ID, "infer_type": "edge",
         "status": "running", "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                          "instance_count": 1, "nodes": ["node-1"]}]},
    ]})
    rule = {"type": "object", "properties": {"images": {"type": "file", "index": 0}}}
    batch = [op("/config/0/src_path", "obs://in/2024/"), op("/config/0/dest_path", "obs://out/2024/"),
             op("/config/0/req_uri", "/predict"), op("/config/0/mapping_type", "csv"),
             op("/config/0/mapping_rule", rule), op("/config/0/src_type", "ManifestFile")]
    rule_member = op("/config/0/mapping_rule/properties/images/index", 1)
    result = in_process.run([
        task("batch fields", *batch, service_id="batch-1"),
        task("mapping rule member", rule_member, service_id="batch-1"),
        task("nodes", op("/config/0/nodes", ["node-1", "node-2"]), service_id="edge-1"),
        task("node item", op("/config/0/nodes/1", "node-3"), service_id="edge-1"),
        task("batch again", *(batch[:4] + [op("/config/0/mapping_rule", {"type": "object", "properties": {
            "images": {"type": "file", "index": 1}}}), batch[5]]), service_id="batch-1"),
        task("edge again", op("/config/0/nodes", ["node-1", "node-3"]), service_id="edge-1"),
    ], env=PROJECT_ENV)
    assert result.rc == 0, result.stdout
    assert [r["body"] for r in patches(emu, "batch-1")] == [[replace(o["path"], o["value"]) for o in batch],
                                                            [replace(rule_member["path"], 1)]]
    assert [r["body"] for r in patches(emu, "edge-1")] == [[replace("/config/0/nodes", ["node-1", "node-2"])],
                                                           [replace("/config/0/nodes/1", "node-3")]]
    for name in ("batch fields", "mapping rule member", "nodes", "node item"):
        assert result.task(name)["changed"] is True, name
    assert result.task("batch again")["changed"] is False
    assert result.task("edge again")["changed"] is False
    stored = emu.service("batch-1")["config"][0]
    assert (stored["src_path"], stored["dest_path"], stored["req_uri"], stored["mapping_type"], stored["src_type"]) == (
        "obs://in/2024/", "obs://out/2024/", "/predict", "csv", "ManifestFile")
    assert stored["mapping_rule"]["properties"]["images"]["index"] == 1
    assert emu.service("edge-1")["config"][0]["nodes"] == ["node-1", "node-3"]


def test_seed_example_request_with_user_id_then_rerun_is_a_no_op(emu, in_process):
    emu.seed({"models": [{"model_id": SEED_MODEL, "model_name": "ocr", "model_version": "3.0.0",
                          "project_id": PROJECT_ID}]})
    example = task("seed example", *SEED_EXAMPLE, user_id="08e2ad1b7d0026f31f36c00ec6c1e85a")
    again = dict(example, name="seed example again")
    result = in_process.run([example, again], env=PROJECT_ENV)
    assert result.rc == 0, result.stdout

    sent = patches(emu)
    assert len(sent) == 1
    assert sent[0]["body"] == SEED_EXAMPLE
    assert header(sent[0], USER_ID_HEADER) == "08e2ad1b7d0026f31f36c00ec6c1e85a"
    assert sent[0]["path"] == "/v1/%s/services/%s" % (PROJECT_ID, SERVICE_ID)

    applied = result.task("seed example")
    assert applied["changed"] is True
    assert isinstance(applied["update_time"], int)
    assert isinstance(applied["resource_ids"], list) and applied["resource_ids"][0].startswith("INF-")
    assert applied["request_id"]
    assert applied["waited"] > 0
    entry = applied["service"]["config"][0]
    assert (entry["model_id"], entry["specification"], entry["pool_name"]) == (
        SEED_MODEL, "modelarts.vm.ai1.a310", "pool-c8e2-04f258c84780d5a52f3bc00dc15aa5e7")
    assert entry["envs"] == {}
    assert entry["additional_properties"]["persistent_volumes"][0]["mount_path"] == "/var/tmp"
    assert applied["service"]["status"] == "running"
    assert result.task("seed example again")["changed"] is False


def test_no_op_check_mode_and_diff_send_no_patch(emu, playbook):
    before = emu.service()
    result = playbook.run([
        task("no-op", op("/config/0/envs/LOG_LEVEL", "info"), op("/config/0/instance_count", "1"),
             op("/config/0/weight", 100.0), op("/config/0/specification", "modelarts.vm.cpu.2u")),
        task("preview", op("/config/0/instance_count", 3), op("/config/0/envs/LOG_LEVEL", "debug"),
             check_mode=True, diff=True),
    ], env=PROJECT_ENV)
    assert result.rc == 0, result.stdout
    assert [(r["method"], r["path"]) for r in emu.requests(api=None)] == [
        ("GET", "/v1/%s/services/%s" % (PROJECT_ID, SERVICE_ID))] * 2
    assert result.task("no-op")["changed"] is False
    assert result.task("no-op")["service"]["config"][0]["instance_count"] == 1

    preview = result.task("preview")
    assert preview["changed"] is True and preview["changed_fields"] == ["config"]
    predicted = preview["service"]["config"][0]
    assert predicted["instance_count"] == 3 and predicted["envs"] == {"LOG_LEVEL": "debug"}
    assert predicted["model_name"] == before["config"][0]["model_name"]
    assert "update_time" not in preview and "request_id" not in preview
    shown = preview["diff"]
    assert shown["before"]["config"][0]["instance_count"] == 1
    assert shown["before"]["config"][0]["envs"] == {"LOG_LEVEL": "info"}
    assert shown["after"]["config"][0]["instance_count"] == 3
    assert shown["after"]["config"][0]["envs"] == {"LOG_LEVEL": "debug"}
    assert "model_name" not in shown["before"]["config"][0]
    # --diff rendering: the default callback shows the states as JSON (result_format json), a changed line with "+".
    assert re.search(r'^\+\s+"instance_count": 3,?$', result.stdout, re.M), result.stdout
    assert emu.service()["config"] == before["config"]


# One rule of the argument spec and one of the module's own checks; every rule is unit-tested in
# tests/unit/flows/test_module_arguments.py, the rules that need the service in test_patch_flow.py.
INVALID = [
    ("invalid op", dict(patch=[op("/config/0/envs", {}, op="add")]), "value of op must be one of: replace, got: add"),
    ("wrong type", dict(patch=[op("/config/0/instance_count", 1), op("/config/0/instance_count", "three")]),
     "patch[1] (path /config/0/instance_count): value must be an integer, got 'three'."),
]


def test_invalid_input_fails_before_any_request(emu, playbook):
    result = playbook.run([task(name, ignore_errors=True, **args) for name, args, _message in INVALID])
    for name, _args, message in INVALID:
        failure = result.task(name)
        assert failure["failed"] is True, name
        assert message in failure["msg"], (name, failure["msg"])
    assert emu.requests(api=None) == []


def test_kind_and_pool_rules_fail_after_the_get_before_any_patch(emu, in_process):
    emu.seed({"services": [
        {"service_id": "batch-csv", "service_name": "nightly-scoring", "project_id": PROJECT_ID, "infer_type": "batch",
         "status": "running", "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                          "instance_count": 1, "src_path": "obs://in/", "dest_path": "obs://out/",
                                          "req_uri": "/", "mapping_type": "file"}]},
        {"service_id": "edge-2", "service_name": "shop-camera", "project_id": PROJECT_ID, "infer_type": "edge",
         "status": "running", "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                          "instance_count": 1, "nodes": ["node-1"]}]},
    ]})
    result = in_process.run([
        task("csv without rule", op("/config/0/mapping_type", "csv"), service_id="batch-csv", ignore_errors=True),
        task("edge with batch field", op("/config/0/req_uri", "/"), service_id="edge-2", ignore_errors=True),
        task("custom without pool", op("/config/0/specification", "custom"),
             op("/config/0/custom_spec", {"cpu": 1, "memory": 1024}), ignore_errors=True),
    ], env=PROJECT_ENV)
    expected = {
        "csv without rule": "config[0].mapping_rule is required when config[0].mapping_type is csv.",
        "edge with batch field": "config[0].req_uri is only for batch services; this is an edge service.",
        "custom without pool": "config[0].specification custom is only available in a dedicated resource pool",
    }
    for name, message in expected.items():
        assert result.failed(name), name
        assert message in result.task(name)["msg"], (name, result.task(name)["msg"])
    assert emu.writes() == []
    assert len(emu.requests()) == len(expected), "one GET per task, nothing else"


def test_log_volume_with_the_pool_at_service_level_check_apply_reapply(emu, playbook):
    emu.seed({"services": [dict(real_time_service("pooled-1", "pooled"), pool_name="pool-c8e2")]})
    logs = op("/config/0/additional_properties/log_volume", [{"host_path": "/var/log/model", "mount_path": "/logs"}])
    result = playbook.run([
        task("preview", logs, service_id="pooled-1", check_mode=True),
        task("apply", logs, service_id="pooled-1"),
        task("again", logs, service_id="pooled-1"),
    ], env=PROJECT_ENV)
    assert result.rc == 0, result.stdout
    assert result.task("preview")["changed"] is True
    assert result.task("apply")["changed"] is True
    assert result.task("again")["changed"] is False
    assert [r["body"] for r in patches(emu, "pooled-1")] == [[replace(logs["path"], logs["value"])]]
    assert emu.service("pooled-1")["config"][0]["additional_properties"]["log_volume"] == logs["value"]


def test_api_errors_and_faults(emu, in_process):
    emu.seed({"services": [real_time_service("svc-%d" % i, "svc-%d" % i) for i in (2, 3, 4)]})
    emu.fault(method="PATCH", path="/services/%s$" % SERVICE_ID, count=1, drop="after")
    emu.fault(method="PATCH", path="/services/svc-2$", count=1, status=409, error_code="ModelArts.5044",
              error_msg="Operations conflict, try again later")
    emu.fault(method="PATCH", path="/services/svc-3$", count=1, status=503, error_code="ModelArts.6101",
              error_msg="System busy")
    emu.fault(method="PATCH", path="/services/svc-4$", count=1, drop="before")
    scale = op("/config/0/instance_count", 2)
    result = in_process.run([
        task("dropped after landing", scale),
        task("conflict retried", scale, service_id="svc-2"),
        task("server error", scale, ignore_errors=True, service_id="svc-3"),
        task("dropped before landing", scale, ignore_errors=True, service_id="svc-4"),
        task("refused by the API", op("/config/0/specification", "modelarts.vm.no-such-flavor"),
             ignore_errors=True, service_id="svc-2"),
        task("unknown service", scale, ignore_errors=True, service_id="no-such-id"),
    ], env=PROJECT_ENV)

    dropped = result.task("dropped after landing")
    assert dropped["changed"] is True and not result.failed("dropped after landing")
    assert any("was not sent again" in w for w in dropped.get("warnings", []))
    assert "request_id" not in dropped
    assert len(patches(emu, SERVICE_ID)) == 1
    assert emu.service()["config"][0]["instance_count"] == 2

    assert result.task("conflict retried")["changed"] is True
    assert [r["status"] for r in patches(emu, "svc-2")][:2] == [409, 200]

    busy = result.task("server error")
    assert busy["failed"] is True
    assert busy["error"]["status"] == 503 and busy["error"]["error_code"] == "ModelArts.6101"
    assert busy["error"]["method"] == "PATCH" and busy["error"]["request_id"] in busy["msg"]
    assert len(patches(emu, "svc-3")) == 1
    assert emu.service("svc-3")["config"][0]["instance_count"] == 1

    lost = result.task("dropped before landing")
    assert lost["failed"] is True and "failed without an answer" in lost["msg"]
    assert len(patches(emu, "svc-4")) == 1
    assert emu.service("svc-4")["config"][0]["instance_count"] == 1

    refused = result.task("refused by the API")["error"]
    assert refused["status"] == 400 and refused["error_code"] == "ModelArts.0104"
    assert refused["method"] == "PATCH" and refused["request_id"]
    assert len(patches(emu, "svc-2")) == 3

    missing = result.task("unknown service")["error"]
    assert missing["status"] == 404 and missing["error_code"] == "ModelArts.3502" and missing["method"] == "GET"
    assert patches(emu, "no-such-id") == []


GATEWAY_PAGE = "<html><body>Gateway: session expired, sign in again</body></html>"


def test_a_patch_answered_by_a_foreign_page_after_it_landed_is_reported_as_written(emu, in_process):
    """A 2xx whose body is a gateway's page, after the PATCH landed: the re-read shows the change, so the task
    reports it written (changed, not failed) and sends nothing more; a re-run finds nothing to do."""
    emu.fault(method="PATCH", path="/services/%s$" % SERVICE_ID, count=1, foreign_body=GATEWAY_PAGE)
    scale = op("/config/0/instance_count", 2)
    result = in_process.run([task("behind a page", scale), task("again", scale)], env=PROJECT_ENV)
    landed = result.task("behind a page")
    assert landed["failed"] is False and landed["changed"] is True, landed
    assert any("an HTML or XML page" in w and "was not sent again" in w for w in landed.get("warnings", []))
    assert landed["service"]["config"][0]["instance_count"] == 2
    assert result.task("again")["changed"] is False
    assert len(patches(emu, SERVICE_ID)) == 1
    assert emu.service()["config"][0]["instance_count"] == 2


def test_name_lookup_without_wait_then_a_failing_deployment(emu, in_process):
    result = in_process.run([
        task("by name, no wait", op("/config/0/instance_count", 2), service_id=None, service_name=SERVICE_NAME,
             wait=False),
        task("unknown name", op("/config/0/instance_count", 3), ignore_errors=True, service_id=None,
             name="no-such-service"),
        task("broken model", op("/config/0/model_id", MODEL_BROKEN), ignore_errors=True),
    ], env=PROJECT_ENV)
    quick = result.task("by name, no wait")
    assert quick["changed"] is True and quick["waited"] == 0
    assert quick["service"]["service_id"] == SERVICE_ID
    assert quick["service"]["status"] == "deploying"
    assert quick["service"]["config"][0]["instance_count"] == 2
    calls = [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in emu.requests()]
    assert calls[:3] == [("GET", "services"), ("GET", SERVICE_ID), ("PATCH", SERVICE_ID)]

    assert "No service named 'no-such-service'" in result.task("unknown name")["msg"]

    broken = result.task("broken model")
    assert broken["failed"] is True
    assert "liveness probe failed" in broken["msg"]
    assert broken["service"]["status"] == "failed"
    # What the PATCH answered is reported even though the deployment failed.
    assert broken["request_id"] and isinstance(broken["update_time"], int)
    assert [r["body"] for r in patches(emu)] == [[replace("/config/0/instance_count", 2)],
                                                 [replace("/config/0/model_id", MODEL_BROKEN)]]
