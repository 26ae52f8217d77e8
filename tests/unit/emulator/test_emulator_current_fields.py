"""Fields the current CreateService and UpdateService pages add (service-level pool_name, load_balancer_policy,
priority, service_secrets; config[].affinity) and their current edge rules (custom without a pool, nodes optional)."""

import pytest

import emulator_testkit as kit
from emulator_testkit import config_entry

SERVICE = "/services/" + kit.S_RUN
SECRETS = [{"secret_enable": True, "secret_type": "custom", "secret_volumes": [{"secret_name": "db", "mount_path": "/etc/db"}]}]
AFFINITY = {"node_affinity": {"required": [{"key": "os.modelarts/node.type", "operator": "In", "values": ["gpu"]}]}}


def create(api, **fields):
    body = {"service_name": "current-fields", "infer_type": "real-time", "config": [config_entry()]}
    body.update(fields)
    return api.post("/services", body)


def created(api, **fields):
    response = create(api, **fields)
    assert response.status_code == 200, response.text
    return api.service(response.json()["service_id"])


def test_service_level_pool_name_is_a_dedicated_pool_for_custom(api):
    service = created(api, pool_name="pool-new-1", config=[config_entry(specification="custom", custom_spec={"cpu": 1.5, "memory": 7500})])
    assert service["pool_name"] == "pool-new-1" and "cluster_id" not in service
    assert service["config"][0]["custom_spec"] == {"cpu": 1.5, "memory": 7500}
    kit.assert_error(create(api, pool_name=7), 400, "ModelArts.0101")


def test_custom_outside_a_pool_is_still_refused_for_real_time_and_batch(api):
    kit.assert_error(create(api, config=[config_entry(specification="custom", custom_spec={"cpu": 1, "memory": 512})]),
                     400, "ModelArts.0104")


def test_load_balancer_policy_on_create_and_update(api):
    service = created(api, load_balancer_policy="LEAST_CONNECTIONS")
    assert service["load_balancer_policy"] == "LEAST_CONNECTIONS"
    assert api.put(SERVICE, {"load_balancer_policy": "SOURCE_IP"}).status_code == 200
    assert api.service(kit.S_RUN)["load_balancer_policy"] == "SOURCE_IP"
    assert api.service(kit.S_RUN)["status"] == "running", "a service-level field is no redeployment"
    kit.assert_error(api.put(SERVICE, {"load_balancer_policy": "RANDOM"}), 400, "ModelArts.0104")
    kit.assert_error(api.put(SERVICE, {"load_balancer_policy": 1}), 400, "ModelArts.0101")
    batch = {"model_id": kit.M1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "src_path": "https://b.obs/in/",
             "dest_path": "https://b.obs/out/", "req_uri": "/", "mapping_type": "file"}
    kit.assert_error(create(api, infer_type="batch", config=[batch], load_balancer_policy="ROUND_ROBIN"), 400, "ModelArts.0104")


@pytest.mark.parametrize("value, status, code", [(0, 400, "ModelArts.0104"), (4, 400, "ModelArts.0104"), ("high", 400, "ModelArts.0101"),
                                                 (1.5, 400, "ModelArts.0101")])
def test_priority_range_and_type(api, value, status, code):
    kit.assert_error(create(api, priority=value), status, code)
    kit.assert_error(api.put(SERVICE, {"priority": value}), status, code)


def test_priority_on_create_and_update_and_not_for_edge(api):
    assert created(api, priority="2")["priority"] == 2
    assert api.put(SERVICE, {"priority": 3}).status_code == 200
    assert api.service(kit.S_RUN)["priority"] == 3
    edge = {"model_id": kit.M1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1}
    kit.assert_error(create(api, infer_type="edge", config=[edge], priority=1), 400, "ModelArts.0104")


def test_service_secrets_on_create_and_update(api):
    assert created(api, service_secrets=SECRETS)["service_secrets"] == SECRETS
    assert api.put(SERVICE, {"service_secrets": []}).status_code == 200
    assert api.service(kit.S_RUN)["service_secrets"] == []
    kit.assert_error(create(api, service_secrets={"secret_enable": True}), 400, "ModelArts.0101")
    kit.assert_error(api.put(SERVICE, {"service_secrets": ["db"]}), 400, "ModelArts.0101")


def test_config_affinity_is_an_object_kept_as_sent(api):
    assert created(api, config=[config_entry(affinity=AFFINITY)])["config"][0]["affinity"] == AFFINITY
    assert api.put(SERVICE, {"config": [config_entry(affinity=AFFINITY)]}).status_code == 200
    assert api.service(kit.S_RUN)["config"][0]["affinity"] == AFFINITY
    kit.assert_error(api.put(SERVICE, {"config": [config_entry(affinity=["gpu"])]}), 400, "ModelArts.0101")
    api.release(kit.S_RUN)
    patched = {"node_affinity": {"required": []}}
    assert api.patch(SERVICE, [{"op": "replace", "path": "/config/0/affinity", "value": patched}]).status_code == 200
    assert api.service(kit.S_RUN)["config"][0]["affinity"] == patched


def test_edge_custom_without_a_pool_and_without_nodes(api):
    # CreateService's edge example: specification custom, no cluster_id or pool_name; the current page makes nodes optional.
    entry = {"model_id": kit.M1, "specification": "custom", "instance_count": 1, "custom_spec": {"cpu": 1.5, "memory": 7500}}
    service = created(api, infer_type="edge", config=[entry])
    assert service["config"][0]["custom_spec"] == {"cpu": 1.5, "memory": 7500} and "nodes" not in service["config"][0]
    with_nodes = created(api, service_name="edge-nodes", infer_type="edge", config=[dict(entry, nodes=["node-1"])])
    assert with_nodes["config"][0]["nodes"] == ["node-1"]
    kit.assert_error(create(api, infer_type="edge", config=[dict(entry, nodes="node-1")]), 400, "ModelArts.0101")


def test_new_service_level_fields_are_refused_on_a_shared_or_busy_service(api):
    assert api.put(SERVICE, {"config": [config_entry(instance_count=2)]}).status_code == 200
    kit.assert_error(api.put(SERVICE, {"priority": 2}), 400, "ModelArts.3519")
    kit.assert_error(api.put("/services/" + kit.S_SHARED, {"priority": 2}), 400, "ModelArts.3525")
