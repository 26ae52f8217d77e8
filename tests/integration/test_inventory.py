"""The modelarts_services inventory plugin, run by ansible-inventory (and ansible-playbook) against the emulator."""

import json
import math
import os
import stat
import subprocess
import sys
import time

import pytest
from ansible.module_utils.ansible_release import __version__ as ansible_version

from integration.harness import (
    ACCESS_KEY,
    MODEL_V1,
    MODEL_V2,
    OTHER_PROJECT_ID,
    PASSWORD,
    PROJECT_ID,
    REGION,
    SECRET_KEY,
    SERVICE_ID,
    SERVICE_NAME,
    TOKEN,
    PlaybookRunner,
    standard_world,
)
from integration.inventory_runner import InventoryRunner

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OTHER_REGION = "ap-southeast-3"
OTHER_MODEL = "7f3c8d0e-3333-4a5b-9c8d-000000000003"
PLUGIN = "hwcloud.modelarts.modelarts_services"
# The ansible-core the tests run with (the matrix runs them on more than one).
ANSIBLE_VERSION = tuple(int(part) for part in ansible_version.split(".")[:2])


@pytest.fixture
def inventory(emu, tmp_path):
    return InventoryRunner(emu, tmp_path)


def service_id(number):
    return "5e0c1d2e-0000-4000-8000-%012d" % number


def seeded_service(number, name=None, project_id=PROJECT_ID, model_id=MODEL_V1, **fields):
    service = {
        "service_id": service_id(number),
        "service_name": name or "svc-%05d" % number,
        "project_id": project_id,
        "infer_type": "real-time",
        "status": "running",
        "config": [{"model_id": model_id, "specification": "modelarts.vm.cpu.2u", "instance_count": 1,
                    "weight": 100}],
    }
    service.update(fields)
    return service


def empty_world(emu):
    """The standard world (projects, credentials, models) without its service."""
    emu.admin("POST", "/reset")
    world = standard_world()
    world["services"] = []
    world["models"].append({"model_id": OTHER_MODEL, "model_name": "ocr", "model_version": "3.0.0",
                            "project_id": OTHER_PROJECT_ID})
    emu.seed(world)
    emu.clear_log()


def list_requests(emu, project_id=PROJECT_ID):
    return [r for r in emu.requests() if r["method"] == "GET" and r["path"] == "/v1/%s/services" % project_id]


# Words of the test secrets that are public anyway (the test token names its region).
PUBLIC_WORDS = (REGION, "ModelArts")


def assert_no_secret(text, secrets=(SECRET_KEY, PASSWORD, TOKEN)):
    """No 8 consecutive characters of a secret in ``text``."""
    for secret in secrets:
        for start in range(len(secret) - 7):
            piece = secret[start:start + 8]
            if any(piece in word for word in PUBLIC_WORDS):
                continue
            assert piece not in text, "a piece of a secret is in the output: %r" % piece


def test_no_services_is_an_empty_inventory(emu, inventory):
    empty_world(emu)
    result = inventory.run()
    assert result.hostvars == {}
    assert result.group("modelarts_services") == []
    assert len(list_requests(emu)) == 1
    # The project of HW_REGION_NAME is looked up in IAM once, as the modules do.
    assert [r["path"] for r in emu.requests(api="iam")] == ["/v3/projects"]


def test_one_service_list_and_graph(emu, inventory):
    emu.clear_log()
    listed = inventory.run()
    assert listed.group("modelarts_services") == [SERVICE_NAME]
    hostvars = listed.hostvars[SERVICE_NAME]
    assert hostvars["modelarts_service_id"] == SERVICE_ID
    assert hostvars["modelarts_service_name"] == SERVICE_NAME
    assert hostvars["modelarts_status"] == "running"
    assert hostvars["modelarts_infer_type"] == "real-time"
    assert hostvars["modelarts_description"] == "Image classification"
    assert hostvars["modelarts_project_id"] == PROJECT_ID
    assert hostvars["modelarts_region"] == REGION
    assert hostvars["modelarts_endpoint"] == emu.url
    # The list API has no config, so without include_models there is nothing to say about models.
    assert "modelarts_models" not in hostvars
    assert [r["method"] for r in emu.requests()] == ["GET"]

    graph = inventory.run(args=["--graph"])
    assert graph.rc == 0, graph.stderr
    assert "@modelarts_services:" in graph.stdout
    assert "|--%s" % SERVICE_NAME in graph.stdout


@pytest.mark.parametrize("auth", ["token", "password"])
def test_other_authentication_modes(emu, inventory, auth):
    result = inventory.run(auth=auth)
    assert result.group("modelarts_services") == [SERVICE_NAME]
    assert_no_secret(result.output)


def test_2500_services_in_a_few_list_requests(emu, inventory):
    empty_world(emu)
    count = 2500
    started = time.monotonic()
    emu.seed({"services": [seeded_service(n, status="stopped" if n % 5 == 0 else "running") for n in range(count)]})
    seeded = time.monotonic() - started
    emu.clear_log()

    started = time.monotonic()
    result = inventory.run(config={"keyed_groups": [{"key": "modelarts_status", "prefix": "status"}]})
    took = time.monotonic() - started

    assert len(result.hostvars) == count
    assert len(result.group("status_stopped")) == count // 5
    assert len(result.group("status_running")) == count - count // 5
    pages = list_requests(emu)
    limit = int(pages[0]["query"]["limit"][0])
    # One request per page the pager asks for, plus at most one to learn that there is no further page.
    assert len(pages) <= math.ceil(count / limit) + 1
    # Nothing but the list: no request per service, one IAM project lookup.
    assert len(emu.requests()) == len(pages)
    assert len(emu.requests(api="iam")) == 1
    print("2500 services: seeded in %.1f s, ansible-inventory --list in %.1f s, %d list requests of limit %d"
          % (seeded, took, len(pages), limit))


def test_keyed_groups_groups_and_compose(emu, inventory):
    emu.seed({"services": [
        seeded_service(1, "ocr", status="stopped"),
        seeded_service(2, "translator", status="failed", error_msg="model start failed"),
        seeded_service(3, "speech", status="concerning", description="{{ 7 * 6 }}"),
    ]})
    result = inventory.run(config={
        "keyed_groups": [{"key": "modelarts_status", "prefix": "status"},
                         {"key": "modelarts_region", "prefix": "region"}],
        "groups": {"degraded": "modelarts_status == 'concerning'", "stopped_ones": "modelarts_status == 'stopped'"},
        "compose": {"service_id": "modelarts_service_id", "quoted_description": "modelarts_description"},
    })
    assert result.group("status_running") == [SERVICE_NAME]
    assert result.group("status_stopped") == ["ocr"]
    assert result.group("status_failed") == ["translator"]
    assert result.group("region_cn_north_4") == sorted([SERVICE_NAME, "ocr", "translator", "speech"])
    assert result.group("degraded") == ["speech"]
    assert result.group("stopped_ones") == ["ocr"]
    assert result.hostvars["ocr"]["service_id"] == service_id(1)
    # A template in a server value is data, never rendered.
    assert result.hostvars["speech"]["quoted_description"] == "{{ 7 * 6 }}"


def test_filters_are_sent_to_the_list_api(emu, inventory):
    emu.seed({"services": [
        seeded_service(1, "image-classifier-canary", status="stopped"),
        seeded_service(2, "ocr", status="stopped", model_id=MODEL_V2),
    ]})
    emu.clear_log()
    stopped = inventory.run(config={"status": "stopped"})
    assert sorted(stopped.hostvars) == ["image-classifier-canary", "ocr"]
    assert [r["query"].get("status") for r in list_requests(emu)] == [["stopped"]]

    by_model = inventory.run(config={"model_id": MODEL_V2})
    assert sorted(by_model.hostvars) == ["ocr"]

    # The API matches names that contain the filter; the plugin keeps the exact name only.
    by_name = inventory.run(config={"service_name": SERVICE_NAME})
    assert sorted(by_name.hostvars) == [SERVICE_NAME]
    assert list_requests(emu)[-1]["query"]["service_name"] == [SERVICE_NAME]

    bad = inventory.run(config={"status": "sleeping"})
    assert bad.rc != 0
    assert "sleeping" in bad.stderr


def test_clashing_names_across_regions_use_service_ids(emu, inventory):
    empty_world(emu)
    emu.seed({"services": [
        seeded_service(1, "ocr"),
        seeded_service(2, "ocr", project_id=OTHER_PROJECT_ID, model_id=OTHER_MODEL),
        seeded_service(3, "translator", project_id=OTHER_PROJECT_ID, model_id=OTHER_MODEL),
    ]})
    result = inventory.run(config={
        "regions": [REGION, OTHER_REGION],
        # One region's project given, the other's looked up in IAM.
        "project_id": {OTHER_REGION: OTHER_PROJECT_ID},
        "keyed_groups": [{"key": "modelarts_region", "prefix": "region"}],
    })
    assert sorted(result.hostvars) == sorted([service_id(1), service_id(2), "translator"])
    assert result.hostvars[service_id(1)]["modelarts_project_id"] == PROJECT_ID
    assert result.hostvars[service_id(1)]["modelarts_region"] == REGION
    assert result.hostvars[service_id(2)]["modelarts_project_id"] == OTHER_PROJECT_ID
    assert result.hostvars[service_id(2)]["modelarts_service_name"] == "ocr"
    assert result.group("region_ap_southeast_3") == sorted([service_id(2), "translator"])
    warning = " ".join(result.stderr.split())
    assert "'ocr' is the name of 2 services" in warning
    assert service_id(1) in warning and service_id(2) in warning
    assert [r["query"]["name"] for r in emu.requests(api="iam")] == [[REGION]]


def test_one_project_id_for_several_regions_is_refused_before_any_request(emu, inventory):
    emu.clear_log()
    result = inventory.run(config={"regions": [REGION, OTHER_REGION], "project_id": PROJECT_ID})
    assert result.rc != 0
    assert "project_id is one project ID but regions lists 2 regions" in " ".join(result.stderr.split())
    assert emu.requests(api=None) == []


def test_bad_credentials_fail_clearly_without_the_secret(emu, inventory):
    wrong_secret = "wrongSecretKeyForTheModelArtsEmulator999"
    emu.clear_log()
    result = inventory.run(env={"HW_SECRET_KEY": wrong_secret, "HW_PROJECT_ID": PROJECT_ID}, verbosity=3)
    assert result.rc != 0
    message = " ".join(result.stderr.split())
    assert "listing the services of region %s failed" % REGION in message
    assert "HTTP 401 APIG.0301" in message
    assert "request id" in message
    assert_no_secret(result.output, secrets=(wrong_secret, SECRET_KEY))
    assert len(emu.requests()) == 1

    wrong_password = "Wrong-Passw0rd-for-tests!"
    result = inventory.run(auth="password", env={"HW_USER_PASSWORD": wrong_password}, verbosity=3)
    assert result.rc != 0
    assert "401" in result.stderr
    assert_no_secret(result.output, secrets=(wrong_password, PASSWORD))


def test_two_authentication_modes_are_refused_before_any_request(emu, inventory):
    emu.clear_log()
    result = inventory.run(env={"HW_AUTH_TOKEN": TOKEN})
    assert result.rc != 0
    assert "Credentials of more than one authentication mode are set" in " ".join(result.stderr.split())
    assert emu.requests(api=None) == []
    assert_no_secret(result.output)


def test_cache_hit_sends_no_request(emu, inventory, tmp_path):
    cache_dir = tmp_path / "cache"
    config = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(cache_dir),
              "keyed_groups": [{"key": "modelarts_status", "prefix": "status"}]}
    emu.clear_log()
    first = inventory.run(config=config)
    assert first.group("status_running") == [SERVICE_NAME]
    assert len(emu.requests(api=None)) == 2  # IAM project lookup, one list page
    # The cache describes the project's services and models: readable by its owner only, in a directory
    # (created by the cache plugin; the run's umask is 022) that is its owner's only.
    assert [oct(stat.S_IMODE(entry.stat().st_mode)) for entry in cache_dir.iterdir()] == ["0o600"]
    assert oct(stat.S_IMODE(cache_dir.stat().st_mode)) == "0o700"

    emu.clear_log()
    cached = inventory.run(config=config)
    assert cached.hostvars == first.hostvars
    assert cached.group("status_running") == [SERVICE_NAME]
    assert emu.requests(api=None) == []

    # Other filters are another cache entry; other groups are made from the cached services.
    emu.clear_log()
    # (The same source file each time: its path is part of the cache key too.)
    assert inventory.run(config=dict(config, status="running")).group("status_running") == [SERVICE_NAME]
    assert len(list_requests(emu)) == 1
    emu.clear_log()
    regrouped = inventory.run(config=dict(config, keyed_groups=[{"key": "modelarts_infer_type", "prefix": "infer"}]))
    assert regrouped.group("infer_real_time") == [SERVICE_NAME]
    assert emu.requests(api=None) == []

    # A flushed cache reads the cloud again: --flush-cache where ansible-inventory has it (2.18 and later),
    # else the cache files removed, which is what a flush does.
    emu.set_service(status="stopped")
    emu.clear_log()
    if ANSIBLE_VERSION >= (2, 18):
        flushed = inventory.run(config=config, args=["--list", "--flush-cache"])
    else:
        for entry in cache_dir.iterdir():
            entry.unlink()
        flushed = inventory.run(config=config)
    assert flushed.group("status_stopped") == [SERVICE_NAME]
    assert len(list_requests(emu)) == 1

    assert set(oct(stat.S_IMODE(entry.stat().st_mode)) for entry in cache_dir.iterdir()) == {"0o600"}
    cached_text = "".join(p.read_text() for p in cache_dir.iterdir())
    assert cached_text
    assert SERVICE_ID in cached_text
    assert_no_secret(cached_text + "".join(p.name for p in cache_dir.iterdir()))
    assert ACCESS_KEY not in "".join(p.name for p in cache_dir.iterdir())


def test_include_models_reads_each_service(emu, inventory):
    emu.seed({"services": [seeded_service(1, "ocr", model_id=MODEL_V2)]})
    emu.clear_log()
    result = inventory.run(config={"include_models": True, "keyed_groups": [{"key": "modelarts_model_ids",
                                                                             "prefix": "model"}]})
    ocr = result.hostvars["ocr"]
    assert ocr["modelarts_model_ids"] == [MODEL_V2]
    assert ocr["modelarts_models"] == [{"model_id": MODEL_V2, "model_name": "resnet50", "model_version": "1.1.0",
                                        "weight": 100, "specification": "modelarts.vm.cpu.2u", "instance_count": 1}]
    assert result.hostvars[SERVICE_NAME]["modelarts_models"][0]["model_version"] == "1.0.0"
    assert result.group("model_" + MODEL_V2.replace("-", "_")) == ["ocr"]
    gets = [r["path"] for r in emu.requests() if r["path"] != "/v1/%s/services" % PROJECT_ID]
    assert sorted(gets) == sorted("/v1/%s/services/%s" % (PROJECT_ID, i) for i in (SERVICE_ID, service_id(1)))
    assert len(list_requests(emu)) == 1


def test_fleet_update_with_the_plugin_as_inventory(emu, tmp_path):
    emu.seed({"services": [seeded_service(1, "ocr", status="stopped"),
                           seeded_service(2, "translator", status="stopped")]})
    emu.set_service(service_id(2), service_name=SERVICE_NAME)  # a clash: both hosts get their IDs
    playbook = PlaybookRunner(emu, tmp_path)
    source = os.path.join(ROOT, "playbooks", "inventory", "modelarts.modelarts_services.yml")
    emu.clear_log()
    run = playbook.run_file(os.path.join(ROOT, "playbooks", "fleet_update.yml"), inventory=source,
                            extra_vars={"fleet_hosts": "status_stopped", "service_state": "running"},
                            env={"HW_PROJECT_ID": PROJECT_ID})
    assert run.rc == 0, run.stdout + run.stderr
    started = sorted(r["path"] for r in emu.writes())
    assert started == sorted("/v1/%s/services/%s" % (PROJECT_ID, i) for i in (service_id(1), service_id(2)))
    assert all(r["body"] == {"status": "running"} for r in emu.writes())
    assert emu.service(SERVICE_ID)["status"] == "running"  # not in the group, left alone

    emu.clear_log()
    again = playbook.run_file(os.path.join(ROOT, "playbooks", "fleet_update.yml"), inventory=source,
                              extra_vars={"fleet_hosts": "status_stopped", "service_state": "running"},
                              env={"HW_PROJECT_ID": PROJECT_ID})
    assert again.rc == 0, again.stdout + again.stderr
    assert emu.writes() == []


def test_ansible_doc_renders_the_plugin():
    done = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-doc"), "--json", "-t", "inventory",
                           PLUGIN], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)[PLUGIN]["doc"]
    options = doc["options"]
    for name in ("regions", "project_id", "access_key", "secret_key", "auth_token", "user_name", "status",
                 "infer_type", "model_id", "service_name", "workspace_id", "include_models", "compose",
                 "keyed_groups", "cache"):
        assert name in options, name
    assert options["secret_key"]["env"] == [{"name": "HW_SECRET_KEY"}]
    assert options["regions"]["env"] == [{"name": "HW_REGION_NAME"}]
