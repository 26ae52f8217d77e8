"""The emulator's v2 service routes driven by the official SDK's own client (huaweicloudsdkmodelarts).

Every call must succeed through the SDK (AK/SK signing, X-Project-Id, its paths and query names) and every answer
must fit the SDK's response model exactly: no key the model does not know (the SDK would drop it), no value of
another type (the SDK would coerce it), and the model serialised back gives the raw JSON again (nothing lost).
"""

import copy
import json

import pytest

pytest.importorskip("huaweicloudsdkmodelarts.v1")

from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException  # noqa: E402
from huaweicloudsdkcore.utils.http_utils import sanitize_for_serialization  # noqa: E402
from huaweicloudsdkmodelarts.v1 import ModelArtsClient  # noqa: E402
from huaweicloudsdkmodelarts.v1 import model as sdk  # noqa: E402

import emulator_testkit as kit  # noqa: E402
import sdk_contract  # noqa: E402
from emulator import v2_validation  # noqa: E402

IMAGE = "swr.cn-north-4.myhuaweicloud.com/org/img:1.0.0"
BROKEN_IMAGE = "swr.cn-north-4.myhuaweicloud.com/org/broken:0.0.1"
BROKEN_REASON = "[deploy-1] readiness probe /health failed 3 times"

MINIMAL_CREATE = {
    "name": "svc-a", "version": "1.0.0", "type": "REAL_TIME", "deploy_type": "SINGLE",
    "group_configs": [{"name": "deploy-1", "count": 1, "weight": 100,
                       "unit_configs": [{"image": {"source": "SWR", "swr_path": IMAGE}}]}],
    "runtime_config": {"service_invoke": {"port": 8080, "protocol": "HTTPS", "auth_type": "TOKEN"},
                       "service_limit": {"rate_limit": {"num": 200, "unit": "SECONDS"}, "request_size_limit": 20, "request_timeout": 30}},
    "upgrade_config": {"type": "ROLLING", "rolling_update": {"max_surge": "50%", "max_unavailable": "50%"}},
}

FULL_CREATE = dict(
    copy.deepcopy(MINIMAL_CREATE), name="svc-full", description="full example", workspace_id="0", workload_type="DEPLOYMENT",
    lts_strategy="AUTO_CREATE", deploy_timeout_minutes=30, task_type="LLM",
    log_configs=[{"type": "STDOUT", "status": "ON"}], tags=[{"key": "team", "value": "ml"}],
    schedule=[{"type": "STOP", "duration": 2, "time_unit": "DAYS"}],
    group_configs=[{"name": "deploy-1", "count": 2, "weight": 100, "framework": "COMMON", "schedule_strategy": "DEFAULT",
                    "unit_configs": [{"name": "unit-1", "role": "COMMON", "image": {"source": "SWR", "swr_path": IMAGE},
                                      "custom_spec": {"cpu": 2, "memory": 4096}, "cmd": "python serve.py", "envs": {"MODE": "prod"},
                                      "port": 8080, "recovery": "Instance",
                                      "files": [{"source": "OBS", "address": "obs://bucket/model/", "mount_path": "/model"}],
                                      "readiness_health": {"check_method": "HTTP", "url": "/health", "initial_delay_seconds": 5,
                                                           "timeout_seconds": 3, "period_seconds": 10, "failure_threshold": 3},
                                      "startup_health": {"check_method": "HTTP", "url": "/health", "initial_delay_seconds": 5,
                                                         "timeout_seconds": 3, "period_seconds": 10, "failure_threshold": 30},
                                      "liveness_health": {"check_method": "HTTP", "url": "/health", "initial_delay_seconds": 5,
                                                          "timeout_seconds": 3, "period_seconds": 10, "failure_threshold": 3},
                                      "termination_grace": {"termination_grace_period_seconds": 30}}]}],
)
FULL_CREATE["runtime_config"] = dict(copy.deepcopy(MINIMAL_CREATE["runtime_config"]))
FULL_CREATE["runtime_config"]["service_limit"]["ip_white_list"] = ["10.0.0.0/8"]


@pytest.fixture
def client(emu):
    emu.seed({"v2_images": [{"swr_path": BROKEN_IMAGE, "deploy_fails": BROKEN_REASON}]})
    return (ModelArtsClient.new_builder()
            .with_credentials(BasicCredentials(kit.AK, kit.SK, kit.P1))
            .with_endpoints([emu.url])
            .build())


def fits(response, model):
    """The answer's raw JSON fits the SDK model and survives the round trip through it; answers the JSON."""
    raw = json.loads(response.raw_content)
    sdk_contract.assert_matches_model(raw, model)
    assert sanitize_for_serialization(response) == raw
    return raw


def release(emu, service_id):
    return kit.ApiClient(emu.url, kit.P1, token=kit.TOKEN_P1).session.post(
        emu.url + "/_emulator/clock/release", json={"service_id": service_id}).json()


def show(client, service_id):
    return fits(client.show_infer_service(sdk.ShowInferServiceRequest(service_id=service_id)), "ShowInferServiceResponse")


@pytest.mark.parametrize("body", [MINIMAL_CREATE, FULL_CREATE], ids=["minimal", "full"])
def test_the_sdk_drives_a_service_through_its_whole_life(emu, client, body):
    created = fits(client.create_infer_service(sdk.CreateInferServiceRequest(body=copy.deepcopy(body))), "CreateInferServiceResponse")
    service_id = created["id"]
    assert created["status"] == "DEPLOYING"
    assert "predict_url" not in created
    deployment = created["version"]["instance_groups"][0]
    assert show(client, service_id)["status"] == "DEPLOYING"

    release(emu, service_id)
    running = show(client, service_id)
    assert running["status"] == "RUNNING"
    assert running["version"]["version"] == "1.0.0"
    assert running["predict_url"][0]["urls"]

    listed = fits(client.list_infer_services(sdk.ListInferServicesRequest(name=body["name"], limit=10, offset=0)),
                  "ListInferServicesResponse")
    assert [item["id"] for item in listed["data"]] == [service_id]
    assert (listed["current"], listed["size"], listed["pages"], listed["total"]) == (0, 1, 1, 1)

    group = {"id": deployment["id"], "name": deployment["name"], "count": 2, "weight": 100,
             "unit_configs": [{"id": deployment["unit_configs"][0]["id"], "image": {"source": "SWR", "swr_path": IMAGE}}]}
    update = {"id": service_id, "version": "1.0.1", "group_configs": [group], "upgrade_config": body["upgrade_config"]}
    sdk_contract.assert_matches_model(update, "ServiceUpdateRequest")
    updated = fits(client.update_infer_service(sdk.UpdateInferServiceRequest(service_id=service_id, body=update)),
                   "UpdateInferServiceResponse")
    assert updated["status"] == "UPGRADING"
    assert updated["version"]["version"] == "1.0.1"
    assert updated["version"]["instance_groups"][0]["id"] == deployment["id"]
    release(emu, service_id)
    assert show(client, service_id)["version"]["instance_groups"][0]["running_count"] == 2

    described = fits(client.update_infer_service(sdk.UpdateInferServiceRequest(
        service_id=service_id, body={"id": service_id, "version": "1.0.1", "description": "in place"})), "UpdateInferServiceResponse")
    assert (described["status"], described["version"]["version"], described["version"]["description"]) == ("RUNNING", "1.0.1", "in place")

    stopping = fits(client.stop_infer_service(sdk.StopInferServiceRequest(service_id=service_id)), "StopInferServiceResponse")
    assert stopping["status"] == "STOPPING"
    release(emu, service_id)
    assert show(client, service_id)["status"] == "STOPPED"

    starting = fits(client.start_infer_service(sdk.StartInferServiceRequest(service_id=service_id)), "StartInferServiceResponse")
    assert starting["status"] == "DEPLOYING"
    release(emu, service_id)
    assert show(client, service_id)["status"] == "RUNNING"

    events = fits(client.list_infer_service_events(sdk.ListInferServiceEventsRequest(service_id=service_id, limit=500, offset=0)),
                  "ListInferServiceEventsResponse")
    infos = [event["event_info"] for event in events["data"]]
    assert "start to stop service" in infos and "service stopped" in infos
    assert events["total"] == len(events["data"]) > 5

    deployments = fits(client.list_infer_deployments(sdk.ListInferDeploymentsRequest(service_id=service_id)), "ListInferDeploymentsResponse")
    assert [item["id"] for item in deployments["data"]] == [deployment["id"]]
    fits(client.show_infer_deployment(sdk.ShowInferDeploymentRequest(service_id=service_id, deployment_id=deployment["id"])),
         "ShowInferDeploymentResponse")
    versions = fits(client.list_infer_deployment_versions(sdk.ListInferDeploymentVersionsRequest(
        service_id=service_id, deployment_id=deployment["id"])), "ListInferDeploymentVersionsResponse")
    assert [item["version"] for item in versions["data"]] == ["1.0.1", "1.0.0"]

    deleted = fits(client.batch_delete_infer_services(sdk.BatchDeleteInferServicesRequest(
        body=sdk.DeleteServicesRequest(service_ids=[service_id]))), "BatchDeleteInferServicesResponse")
    assert [item["status"] for item in deleted["service_responses"]] == ["DELETING"]
    release(emu, service_id)
    with pytest.raises(ClientRequestException) as gone:
        client.show_infer_service(sdk.ShowInferServiceRequest(service_id=service_id))
    assert (gone.value.status_code, gone.value.error_code) == (404, "ModelArts.3502")

    # Every call went in signed with the AK/SK, scoped by the SDK's X-Project-Id.
    logged = [entry for entry in emu.state.requests if entry["path"].startswith("/v2/")]
    assert {entry["auth"] for entry in logged} == {"aksk"}
    assert {entry["headers"].get("X-Project-Id") for entry in logged} == {kit.P1}
    assert all(entry["status"] == 200 for entry in logged[:-1])


def test_a_failing_image_ends_failed_with_its_reason(emu, client):
    body = copy.deepcopy(MINIMAL_CREATE)
    body["group_configs"][0]["unit_configs"][0]["image"]["swr_path"] = BROKEN_IMAGE
    created = fits(client.create_infer_service(sdk.CreateInferServiceRequest(body=body)), "CreateInferServiceResponse")
    release(emu, created["id"])
    failed = show(client, created["id"])
    assert (failed["status"], failed["failure_reason"]) == ("FAILED", BROKEN_REASON)
    assert failed["version"]["instance_groups"][0]["status"] == "FAILED"
    events = fits(client.list_infer_service_events(sdk.ListInferServiceEventsRequest(service_id=created["id"], event_type="ABNORMAL")),
                  "ListInferServiceEventsResponse")
    assert BROKEN_REASON in [event["event_info"] for event in events["data"]]


def test_list_pages_by_record_offset_in_multiples_of_limit(client):
    for number in range(5):
        client.create_infer_service(sdk.CreateInferServiceRequest(body=dict(copy.deepcopy(MINIMAL_CREATE), name="svc-%d" % number)))
    first = fits(client.list_infer_services(sdk.ListInferServicesRequest(limit=2, offset=0, sort_key="create_at", sort_dir="ASC")),
                 "ListInferServicesResponse")
    last = fits(client.list_infer_services(sdk.ListInferServicesRequest(limit=2, offset=4, sort_key="create_at", sort_dir="ASC")),
                "ListInferServicesResponse")
    assert [item["name"] for item in first["data"]] == ["svc-0", "svc-1"]
    assert [item["name"] for item in last["data"]] == ["svc-4"]
    assert (last["current"], last["size"], last["pages"], last["total"]) == (2, 1, 3, 5)
    with pytest.raises(ClientRequestException) as refused:
        client.list_infer_services(sdk.ListInferServicesRequest(limit=2, offset=3))
    assert (refused.value.status_code, refused.value.error_code) == (400, "ModelArts.0104")


def test_tags_through_the_tag_calls(emu, client):
    created = fits(client.create_infer_service(sdk.CreateInferServiceRequest(body=copy.deepcopy(MINIMAL_CREATE))), "CreateInferServiceResponse")
    api = kit.ApiClient(emu.url, kit.P1, token=kit.TOKEN_P1)
    path = "/v2/%s/modelarts-service-v2/%s/tags/" % (kit.P1, created["id"])
    assert api.session.post(emu.url + path + "create", json={"tags": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]}).status_code == 200
    fits(client.delete_infer_service_tag(sdk.DeleteInferServiceTagRequest(resource_id=created["id"], body=sdk.DeleteInferTmsTagsRequest(
        tags=[sdk.TmsTagForDeletion(key="a", value="1")]))), "DeleteInferServiceTagResponse")
    assert show(client, created["id"])["tags"] == [{"key": "b", "value": "2"}]


def test_a_provider_service_through_the_sdk(emu, client):
    request = sdk.CreateInferServiceRequest(x_auth_token_provider=kit.TOKEN_P2, body=copy.deepcopy(MINIMAL_CREATE))
    created = fits(client.create_infer_service(request), "CreateInferServiceResponse")
    assert created["provider"] == kit.DOMAIN
    release(emu, created["id"])
    # The SDK's update request has no X-Auth-Token-Provider: it cannot update a provider service (README, v2 disagreements).
    with pytest.raises(ClientRequestException) as refused:
        client.update_infer_service(sdk.UpdateInferServiceRequest(service_id=created["id"], body={"version": "1.0.1", "upgrade_config": {
            "type": "ROLLING"}}))
    assert (refused.value.status_code, refused.value.error_code) == (403, "ModelArts.0210")
    fits(client.stop_infer_service(sdk.StopInferServiceRequest(service_id=created["id"])), "StopInferServiceResponse")


@pytest.mark.parametrize("change, status, code", [
    (lambda body: body.update(nmae="x"), 400, "ModelArts.0101"),
    (lambda body: body.pop("name"), 400, "ModelArts.3610"),
    (lambda body: body["runtime_config"]["service_invoke"].update(port=70000), 400, "ModelArts.0104"),
    # Terraform's probe field; the API's is cmd.
    (lambda body: body["group_configs"][0]["unit_configs"][0].update(readiness_health={"check_method": "EXEC", "command": "true"}),
     400, "ModelArts.0101"),
    (lambda body: body.update(version="100.0.0"), 400, "ModelArts.0104"),
    (lambda body: body.update(type="BATCH"), 400, "ModelArts.0104"),
])
def test_the_sdk_sees_refusals_as_client_errors(client, change, status, code):
    body = copy.deepcopy(MINIMAL_CREATE)
    change(body)
    with pytest.raises(ClientRequestException) as refused:
        client.create_infer_service(sdk.CreateInferServiceRequest(body=body))
    assert (refused.value.status_code, refused.value.error_code) == (status, code)


# --- the emulator's field lists against the SDK's request models -------------------------------

def _schema_differences(schema, model, path="$"):
    """Where the emulator's schema and the SDK model know different keys (recursively)."""
    cls = sdk_contract.model_class(model)
    types = {cls.attribute_map[name]: kind for name, kind in cls.openapi_types.items()}
    differences = ["%s.%s: only the emulator knows it" % (path, key) for key in sorted(set(schema.fields) - set(types))]
    differences += ["%s.%s: only the SDK knows it" % (path, key) for key in sorted(set(types) - set(schema.fields))]
    for key in sorted(set(schema.fields) & set(types)):
        child, kind = schema.fields[key], types[key]
        if isinstance(child, v2_validation.ListOf) and kind.startswith("list["):
            child, kind = child.item, kind[5:-1]
        if isinstance(child, v2_validation.Obj):
            if hasattr(sdk, kind):
                differences += _schema_differences(child, kind, "%s.%s" % (path, key))
            else:
                differences.append("%s.%s: an object here, %s in the SDK" % (path, key, kind))
    return differences


@pytest.mark.parametrize("schema, model, known", [
    (v2_validation.CREATE, "ServiceCreateRequest", []),
    (v2_validation.UPDATE, "ServiceUpdateRequest", []),
    (v2_validation.DELETE_BODY, "DeleteServicesRequest", []),
    (v2_validation.TAGS_BODY, "DeleteInferTmsTagsRequest", []),
])
def test_the_emulator_knows_the_fields_the_sdk_knows(schema, model, known):
    assert _schema_differences(schema, model) == known
