"""The fields of the current CreateService/UpdateService pages as modelarts_service options, against the
emulator: service-level pool_name (create-only), load_balancer_policy, priority, service_secrets and
config[].affinity; and the edge service of the current page (nodes optional, custom without a pool)."""

from integration.harness import MODEL_V1, SERVICE_ID, module_task

MODULE = "hwcloud.modelarts.modelarts_service"
POOL = "pool-c8e2-04f258c84780d5a52f3bc00dc15aa5e7"
AFFINITY = {"node_affinity": {"required": [{"key": "os.modelarts.node/type", "values": ["gpu"]}]}}
SECRETS = [{"secret_name": "predict-token", "mount_path": "/etc/secrets"}]


def task(title, ignore_errors=False, check_mode=None, **args):
    return module_task(MODULE, title, args, ignore_errors=ignore_errors, check_mode=check_mode)


def writes(emu):
    return [(r["method"], r["body"]) for r in emu.writes()]


def test_create_with_every_new_field_check_apply_reapply(emu, in_process):
    wanted = dict(name="pooled", pool_name=POOL, load_balancer_policy="LEAST_CONNECTIONS", priority=2,
                  service_secrets=SECRETS, config=[{
                      "model_id": MODEL_V1, "weight": 100, "specification": "custom", "instance_count": 1,
                      "custom_spec": {"cpu": 1.5, "memory": 7500}, "affinity": AFFINITY}])
    result = in_process.run([task("check", check_mode=True, **wanted), task("apply", **wanted), task("again", **wanted)])
    assert result.rc == 0, result.stdout
    assert result.task("check")["changed"] is True
    assert result.task("apply")["changed"] is True
    assert result.task("again")["changed"] is False
    posts = [body for method, body in writes(emu) if method == "POST"]
    assert len(posts) == 1 and len(writes(emu)) == 1, writes(emu)
    body = posts[0]
    assert (body["pool_name"], body["load_balancer_policy"], body["priority"]) == (POOL, "LEAST_CONNECTIONS", 2)
    assert body["service_secrets"] == SECRETS and body["config"][0]["affinity"] == AFFINITY
    shown = result.task("again")["service"]
    assert (shown["pool_name"], shown["load_balancer_policy"], shown["priority"]) == (POOL, "LEAST_CONNECTIONS", 2)


def test_update_sends_the_updatable_fields_and_refuses_another_pool_name(emu, in_process):
    wanted = dict(service_id=SERVICE_ID, load_balancer_policy="SOURCE_IP", priority=3, service_secrets=SECRETS)
    result = in_process.run([
        task("check", check_mode=True, **wanted), task("apply", **wanted), task("again", **wanted),
        task("pool", ignore_errors=True, service_id=SERVICE_ID, pool_name=POOL),
    ])
    assert result.task("check")["changed"] is True
    assert result.task("apply")["changed"] is True
    assert sorted(result.task("apply")["changed_fields"]) == ["load_balancer_policy", "priority", "service_secrets"]
    assert result.task("again")["changed"] is False
    assert writes(emu) == [("PUT", {"load_balancer_policy": "SOURCE_IP", "priority": 3, "service_secrets": SECRETS})]
    assert result.task("pool")["failed"] is True
    assert "pool_name is None, the task asks %r" % POOL in result.task("pool")["msg"]


def test_kind_rules_of_the_new_fields_fail_before_any_request(emu, in_process):
    result = in_process.run([
        task("policy on batch", ignore_errors=True, service_id=SERVICE_ID, infer_type="batch", load_balancer_policy="ROUND_ROBIN"),
        task("priority on edge", ignore_errors=True, service_id=SERVICE_ID, infer_type="edge", priority=1),
        task("priority 4", ignore_errors=True, service_id=SERVICE_ID, priority=4),
        task("policy unknown", ignore_errors=True, service_id=SERVICE_ID, load_balancer_policy="RANDOM"),
    ])
    assert "load_balancer_policy can only be set on a real-time service" in result.task("policy on batch")["msg"]
    assert "priority can only be set on a real-time or batch service" in result.task("priority on edge")["msg"]
    assert "priority must be one of" in result.task("priority 4")["msg"]
    assert "load_balancer_policy must be one of" in result.task("policy unknown")["msg"]
    assert emu.requests(api=None) == []


def test_an_edge_service_without_nodes_nor_pool_check_apply_reapply(emu, in_process):
    """The current CreateService page makes nodes optional for an edge service, and its edge example deploys
    specification custom without a pool (https://support.huaweicloud.com/intl/en-us/api-modelarts/CreateService.html)."""
    wanted = dict(name="shop-edge", infer_type="edge", config=[{
        "model_id": MODEL_V1, "specification": "custom", "instance_count": 1, "custom_spec": {"cpu": 1.5, "memory": 7500}}])
    result = in_process.run([task("check", check_mode=True, **wanted), task("apply", **wanted), task("again", **wanted)])
    assert result.rc == 0, result.stdout
    assert [result.task(name)["changed"] for name in ("check", "apply", "again")] == [True, True, False]
    assert [method for method, _body in writes(emu)] == ["POST"]
    assert "nodes" not in writes(emu)[0][1]["config"][0]
    assert result.task("again")["service"]["infer_type"] == "edge"
