"""modelarts_v2_service creates, updates, starts, stops and deletes new-version services, and modelarts_v2_service_info
reads them, against the emulator's v2 routes.

What needs Ansible (check and diff flags, argument parsing, credentials, no-log masking, -vvv) runs through
ansible-playbook (the ``playbook`` fixture); what the module does with the API (faults, lookups, failures) runs the
same tasks in-process (the ``in_process`` fixture).
"""

import copy

import pytest
import requests

from integration.harness import PROJECT_ID, SECRETS, TOKEN, module_task
from sdk_contract import assert_matches_model

MODULE = "hwcloud.modelarts.modelarts_v2_service"
INFO = "hwcloud.modelarts.modelarts_v2_service_info"
NAME = "detector-v2"
IMAGE = "swr.cn-north-4.myhuaweicloud.com/team/detector:1.0.0"
BROKEN_IMAGE = "swr.cn-north-4.myhuaweicloud.com/team/detector:broken"
SECRET_VALUE = "v2-volume-secret-value-0001"


def deployment(count=1, image=IMAGE):
    return {"name": "deploy-1", "count": count, "weight": 100, "framework": "COMMON",
            "unit_configs": [{"image": {"source": "SWR", "swr_path": image}, "custom_spec": {"cpu": 2, "memory": 4096},
                              "port": 8080, "envs": {"LOG_LEVEL": "info"},
                              "readiness_health": {"check_method": "HTTP", "url": "/health", "initial_delay_seconds": 10,
                                                   "timeout_seconds": 3, "period_seconds": 10, "failure_threshold": 3}}]}


SERVICE = dict(
    name=NAME, type="REAL_TIME", deploy_type="SINGLE", description="Detector, new version",
    deployments=[deployment()],
    runtime_config={"service_invoke": {"port": 8080, "protocol": "HTTPS", "auth_type": "TOKEN"},
                    "service_limit": {"rate_limit": {"num": 200, "unit": "SECONDS"}, "request_size_limit": 20, "request_timeout": 30},
                    "service_secret": {"secret_enable": True, "secret_volumes": [{"secret_name": "db", "secret_key": "password",
                                                                                  "secret_value": SECRET_VALUE, "mount_path": "/secrets"}]}},
    upgrade_config={"type": "ROLLING", "rolling_update": {"max_surge": "50%", "max_unavailable": "50%"}},
    log_configs=[{"type": "STDOUT", "status": "ON"}],
    tags=[{"key": "team", "value": "vision"}],
)


def merged(base, **changes):
    """A copy of the task options ``base`` with ``changes`` (pylint takes dict(base, key=...) for a repeated keyword)."""
    options = copy.deepcopy(base)
    options.update(changes)
    return options


SCALED = merged(SERVICE, deployments=[deployment(count=2)])


def task(title, ignore_errors=False, check_mode=None, diff=None, module=MODULE, **args):
    return module_task(module, title, copy.deepcopy(args), ignore_errors=ignore_errors, check_mode=check_mode, diff=diff)


def listed(emu, name=NAME):
    answer = requests.get("%s/v2/%s/services" % (emu.url, PROJECT_ID), params={"name": name, "limit": 500},
                          headers={"X-Auth-Token": TOKEN}, timeout=10)
    answer.raise_for_status()
    return [s for s in answer.json()["data"] if s["name"] == name]


def writes(emu):
    return [(r["method"], r["path"].split("/services", 1)[1], r.get("fault") is not None) for r in emu.writes()]


def lifecycle_tasks():
    return [
        task("predict create", check_mode=True, diff=True, **SERVICE),
        task("create", diff=True, **SERVICE),
        task("create again", **SERVICE),
        task("predict scale", check_mode=True, diff=True, **SCALED),
        task("scale", diff=True, **SCALED),
        task("scale again", **SCALED),
        task("predict stop", check_mode=True, diff=True, name=NAME, state="stopped"),
        task("stop", name=NAME, state="stopped"),
        task("stop again", name=NAME, state="stopped"),
        task("start", name=NAME, state="running"),
        task("start again", **merged(SCALED, state="running")),
        task("predict delete", check_mode=True, diff=True, name=NAME, state="absent"),
        task("delete", diff=True, name=NAME, state="absent"),
        task("delete again", name=NAME, state="absent"),
    ]


def assert_lifecycle(result, emu):
    predicted = result.task("predict create")
    assert predicted["changed"] is True and predicted["diff"]["before"] == {}
    assert predicted["service"]["status"] == "RUNNING"
    created = result.task("create")
    assert created["changed"] is True and created["service"]["status"] == "RUNNING"
    service_id = created["service"]["id"]
    assert created["service"]["version"]["version"] == "1.0.0"
    assert result.task("create again")["changed"] is False

    predict_scale = result.task("predict scale")
    assert predict_scale["changed"] is True
    assert predict_scale["diff"]["after"]["version"]["instance_groups"][0]["count"] == 2
    scaled = result.task("scale")
    assert scaled["changed"] is True and scaled["service"]["version"]["version"] == "1.0.1"
    assert scaled["service"]["version"]["instance_groups"][0]["count"] == 2
    assert scaled["service"]["status"] == "RUNNING"
    assert result.task("scale again")["changed"] is False

    assert result.task("predict stop")["service"]["status"] == "STOPPED"
    assert result.task("stop")["service"]["status"] == "STOPPED"
    assert result.task("stop again")["changed"] is False
    assert result.task("start")["service"]["status"] == "RUNNING"
    assert result.task("start again")["changed"] is False

    assert result.task("predict delete")["diff"]["before"]["id"] == service_id
    deleted = result.task("delete")
    assert deleted["changed"] is True and deleted["service"] == {}
    assert result.task("delete again")["changed"] is False

    # Check mode and the re-runs wrote nothing: create, one new version, stop, start, delete.
    assert [(method, path) for method, path, _fault in writes(emu)] == [
        ("POST", ""), ("PUT", "/" + service_id), ("POST", "/%s/stop" % service_id), ("POST", "/%s/start" % service_id),
        ("POST", "/delete")]
    create, update = emu.writes()[0]["body"], emu.writes()[1]["body"]
    assert_matches_model(create, "ServiceCreateRequest")
    assert_matches_model(update, "ServiceUpdateRequest")
    assert create["group_configs"][0]["unit_configs"][0]["image"]["swr_path"] == IMAGE
    assert "deployments" not in create and "state" not in create and "wait" not in create
    # The deployment is updated, not replaced: its id and its unit's go with the new version.
    assert update["version"] == "1.0.1" and update["group_configs"][0]["count"] == 2
    assert update["group_configs"][0]["id"] and update["group_configs"][0]["unit_configs"][0]["id"]
    assert listed(emu) == []


@pytest.mark.parametrize("auth", ["aksk", "token", "password"])
def test_create_rerun_scale_stop_start_delete_with_every_auth_mode(emu, playbook, auth):
    result = playbook.run(lifecycle_tasks(), auth=auth, verbosity=3)
    assert result.rc == 0, result.stdout
    assert_lifecycle(result, emu)
    text = result.stdout + result.stderr + repr(result.records)
    for secret in SECRETS + (SECRET_VALUE,):
        # The secret volume's value is an option of some tasks only; the others read it back and mask it too.
        assert secret not in text, text[max(0, text.find(secret) - 600):text.find(secret) + 100]


def test_the_lifecycle_in_process(emu, in_process):
    result = in_process.run(lifecycle_tasks())
    assert result.rc == 0, result.stdout
    assert_lifecycle(result, emu)


def test_check_mode_run_of_the_whole_play_writes_nothing(emu, playbook):
    result = playbook.run([task("create", **SERVICE), task("stop", **merged(SERVICE, state="stopped"))], check=True, diff=True)
    assert result.rc == 0, result.stdout
    assert result.task("create")["changed"] is True and result.task("create")["diff"]["before"] == {}
    assert result.task("stop")["service"]["status"] == "STOPPED"
    assert emu.writes() == []
    assert listed(emu) == []


def test_wrong_options_fail_before_any_request(emu, in_process):
    result = in_process.run([
        task("two deployments", ignore_errors=True, **merged(SERVICE, deployments=[deployment(), deployment()])),
        task("count 0", ignore_errors=True, **merged(SERVICE, deployments=[deployment(count=0)])),
        task("bad version", ignore_errors=True, **merged(SERVICE, version="1.0")),
        task("no type", ignore_errors=True, **dict((k, v) for k, v in SERVICE.items() if k != "type")),
        task("bad percent", ignore_errors=True, **merged(SERVICE, upgrade_config={"type": "ROLLING", "rolling_update": {"max_surge": "150%"}})),
        task("flavor and spec", ignore_errors=True, **merged(SERVICE, deployments=[dict(deployment(), unit_configs=[
            dict(deployment()["unit_configs"][0], flavor="modelarts.vm.cpu.2u")])])),
        task("bad tag", ignore_errors=True, **merged(SERVICE, tags=[{"key": "a|b", "value": "c"}])),
    ])
    messages = dict((r["task"], r["result"]["msg"]) for r in result.records)
    assert "at most one deployment" in messages["two deployments"]
    assert "deployments[0].count must be from 1 to 128" in messages["count 0"]
    assert "version must be three numbers" in messages["bad version"]
    assert "type is required to create" in messages["no type"]
    assert "max_surge must be a percentage" in messages["bad percent"]
    assert "flavor or custom_spec, not both" in messages["flavor and spec"]
    assert "must not contain ',' or '|'" in messages["bad tag"]
    assert all(r["outcome"] == "failed" for r in result.records)
    # Only "no type" needs to know whether the service exists (an existing one needs no type): one lookup, no write.
    assert [(r["method"], r["path"]) for r in emu.requests() if "/v2/" in r["path"]] == [("GET", "/v2/%s/services" % PROJECT_ID)]


def test_a_failed_deployment_fails_with_the_servers_failure_reason(emu, in_process):
    emu.seed({"v2_images": [{"swr_path": BROKEN_IMAGE, "deploy_fails": "Back-off pulling image: manifest unknown"}]})
    broken = merged(SERVICE, deployments=[deployment(image=BROKEN_IMAGE)])
    result = in_process.run([task("create", ignore_errors=True, **broken), task("create again", ignore_errors=True, **broken),
                             task("fix it", **SERVICE)])
    failure = result.task("create")
    assert failure["failed"] is True and failure["changed"] is True
    assert "manifest unknown" in failure["msg"] and failure["service"]["status"] == "FAILED"
    again = result.task("create again")
    assert again["failed"] is True and again["changed"] is False and "manifest unknown" in again["msg"]
    fixed = result.task("fix it")
    assert fixed["changed"] is True and fixed["service"]["status"] == "RUNNING" and fixed["service"]["version"]["version"] == "1.0.1"
    assert [(m, p.startswith("/") and "PUT" or p) for m, p, _f in writes(emu)] == [("POST", ""), ("PUT", "PUT")]


def test_a_description_alone_edits_the_version_in_place_and_tags_change_in_place(emu, in_process):
    assert in_process.run([task("create", **SERVICE)]).rc == 0
    emu.clear_log()
    result = in_process.run([task("describe", name=NAME, description="Edited"),
                             task("tag", name=NAME, tags=[{"key": "owner", "value": "ops"}]),
                             task("again", name=NAME, description="Edited", tags=[{"key": "owner", "value": "ops"}])])
    assert result.rc == 0, result.stdout
    assert result.task("describe")["service"]["version"]["version"] == "1.0.0"
    assert result.task("again")["changed"] is False
    bodies = [r["body"] for r in emu.writes()]
    assert len(bodies) == 2
    assert bodies[0]["description"] == "Edited" and bodies[0]["version"] == "1.0.0"
    assert bodies[1]["tags"] == "team|vision,owner|ops"
    for body in bodies:
        assert_matches_model(body, "ServiceUpdateRequest")


def test_a_changed_configuration_under_the_current_version_fails_naming_it(emu, in_process):
    assert in_process.run([task("create", **SERVICE)]).rc == 0
    emu.clear_log()
    result = in_process.run([task("scale", ignore_errors=True, **merged(SCALED, version="1.0.0")),
                             task("fixed field", ignore_errors=True, **merged(SERVICE, deploy_type="MULTI"))])
    assert "needs a new one" in result.task("scale")["msg"] and result.task("scale")["differing_fields"] == ["deployments"]
    assert result.task("fixed field")["differing_fields"] == ["deploy_type"]
    assert emu.writes() == []


def test_credentials_from_the_module_defaults_action_group(emu, playbook):
    defaults = {"group/hwcloud.modelarts.modelarts": {
        "region": "cn-north-4", "project_id": PROJECT_ID, "endpoint": emu.url, "iam_endpoint": emu.url,
        "auth_token": "{{ lookup('env', 'MODELARTS_TEST_TOKEN') }}"}}
    result = playbook.run([task("create", **SERVICE), task("read", module=INFO, name=NAME)],
                          auth="none", module_defaults=defaults, env={"MODELARTS_TEST_TOKEN": TOKEN})
    assert result.rc == 0, result.stdout
    assert result.task("create")["changed"] is True
    assert [s["name"] for s in result.task("read")["services"]] == [NAME]


def test_created_stopped_or_without_waiting(emu, in_process):
    result = in_process.run([task("create stopped", **merged(SERVICE, state="stopped")),
                             task("twin without waiting", wait=False, **merged(SERVICE, name="detector-nowait"))])
    assert result.rc == 0, result.stdout
    assert result.task("create stopped")["service"]["status"] == "STOPPED"
    assert result.task("twin without waiting")["service"]["status"] == "DEPLOYING"
    assert "waited" not in result.task("twin without waiting")
    assert [(m, p.split("/")[-1]) for m, p, _f in writes(emu)] == [("POST", ""), ("POST", "stop"), ("POST", "")]


def test_info_by_id_and_an_unknown_id(emu, in_process):
    created = in_process.run([task("create", **SERVICE)]).task("create")["service"]
    result = in_process.run([task("by id", module=INFO, service_id=created["id"], events=True, event_type="NORMAL"),
                             task("unknown", module=INFO, service_id="5e0c1d2e-0000-4000-8000-00000000dead"),
                             task("filter without events", module=INFO, ignore_errors=True, event_type="NORMAL")])
    (service,) = result.task("by id")["services"]
    assert service["id"] == created["id"] and all(e["event_type"] == "NORMAL" for e in service["events"])
    assert result.task("unknown")["services"] == []
    assert "needs events=true" in result.task("filter without events")["msg"]


# --- faults: never two services, never a failure for a landed write ------------------------------

@pytest.mark.parametrize("fault, posts", [
    # The POST lands, the answer is lost: found by name, reported, not sent again.
    (dict(method="POST", path="/v2/.*/services$", drop="after"), [("POST", "", True)]),
    # Refused before landing with a 503: no service has the name, so it goes once more.
    (dict(method="POST", path="/v2/.*/services$", status=503), [("POST", "", True), ("POST", "", False)]),
])
def test_create_faults_leave_exactly_one_service(emu, in_process, fault, posts):
    emu.fault(**fault)
    result = in_process.run([task("create", **SERVICE)])
    assert result.rc == 0, result.stdout
    assert result.task("create")["changed"] is True
    assert writes(emu) == posts
    assert len(listed(emu)) == 1


def test_an_update_whose_answer_is_lost_is_read_back_not_resent(emu, in_process):
    assert in_process.run([task("create", **SERVICE)]).rc == 0
    emu.clear_log()
    emu.fault(method="PUT", path="/v2/.*/services/", drop="after")
    result = in_process.run([task("scale", **SCALED)])
    assert result.rc == 0, result.stdout
    assert result.task("scale")["service"]["version"]["version"] == "1.0.1"
    assert "landed and was not sent again" in " ".join(result.task("scale")["warnings"])
    assert [m for m, _p, _f in writes(emu)] == ["PUT"]


# --- info -----------------------------------------------------------------------------------------

def test_info_by_name_with_deployments_versions_and_events(emu, in_process):
    assert in_process.run([task("create", **SERVICE), task("scale", **SCALED)]).rc == 0
    emu.clear_log()
    result = in_process.run([
        task("by name", module=INFO, name=NAME, deployments=True, versions=True, events=True),
        task("by filter", module=INFO, status="RUNNING", tags={"team": "vision"}),
        task("nothing", module=INFO, name="detector"),
    ])
    assert result.rc == 0, result.stdout
    (service,) = result.task("by name")["services"]
    assert service["version"]["version"] == "1.0.1"
    assert [v["version"] for v in service["deployments"][0]["versions"]] == ["1.0.1", "1.0.0"]
    assert service["events"]
    assert [s["name"] for s in result.task("by filter")["services"]] == [NAME]
    assert result.task("nothing")["services"] == []
    assert emu.writes() == []


# --- the migration playbook -----------------------------------------------------------------------

def test_the_v2_twin_playbook_stands_up_the_twin_of_the_seeded_v1_service_once(emu, playbook):
    from integration.test_playbooks import playbook_path

    extra = {"v1_service_name": "image-classifier", "v2_image": IMAGE}
    first = playbook.run_file(playbook_path("v2_twin"), extra_vars=extra)
    assert first.rc == 0, first.stdout
    twin = first.task("Stand up the twin")
    assert twin["changed"] is True and twin["service"]["name"] == "image-classifier-v2" and twin["service"]["status"] == "RUNNING"
    again = playbook.run_file(playbook_path("v2_twin"), extra_vars=extra)
    assert again.rc == 0, again.stdout
    assert again.task("Stand up the twin")["changed"] is False
    (create,) = [r for r in emu.writes() if "/v2/" in r["path"]]
    assert_matches_model(create["body"], "ServiceCreateRequest")
    unit = create["body"]["group_configs"][0]["unit_configs"][0]
    assert unit["flavor"] == "modelarts.vm.cpu.2u" and unit["envs"] == {"LOG_LEVEL": "info"} and unit["image"]["swr_path"] == IMAGE
    # The v1 service was only read.
    assert [r for r in emu.writes() if "/v1/" in r["path"]] == []


# --- the inventory plugin -------------------------------------------------------------------------

def seeded_v2(name, status="RUNNING"):
    body = dict(copy.deepcopy(SERVICE), group_configs=[deployment()], project_id=PROJECT_ID, status=status)
    del body["deployments"]
    return body


def test_the_inventory_lists_new_version_services_on_demand(emu, tmp_path):
    from integration.inventory_runner import InventoryRunner

    emu.seed({"v2_services": [dict(seeded_v2(NAME), name=NAME), dict(seeded_v2("stopped-v2", "STOPPED"), name="stopped-v2")]})
    inventory = InventoryRunner(emu, tmp_path)
    v1_only = inventory.run()
    assert v1_only.rc == 0, v1_only.stderr
    assert v1_only.group("modelarts_services") == ["image-classifier"]
    assert not [r for r in emu.requests() if r["path"].startswith("/v2/")]

    both = inventory.run({"service_api": "both"})
    assert both.rc == 0, both.stderr
    assert sorted(both.group("modelarts_services")) == sorted(["image-classifier", NAME, "stopped-v2"])
    hostvars = both.hostvars[NAME]
    assert hostvars["modelarts_api"] == "v2" and hostvars["modelarts_status"] == "RUNNING"
    assert hostvars["modelarts_infer_type"] == "REAL_TIME" and hostvars["modelarts_project_id"] == PROJECT_ID
    assert "modelarts_api" not in both.hostvars["image-classifier"]

    running = inventory.run({"service_api": "v2", "status": "running"})
    assert running.rc == 0, running.stderr
    assert running.group("modelarts_services") == [NAME]
    v2_lists = [r for r in emu.requests() if r["method"] == "GET" and r["path"] == "/v2/%s/services" % PROJECT_ID]
    assert v2_lists and all(int(r["query"]["offset"][0]) % int(r["query"]["limit"][0]) == 0 for r in v2_lists)
