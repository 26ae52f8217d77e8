"""The emulator's v2 service routes over plain HTTP: states under the held clock, rules, errors, faults, request log."""

import copy

import pytest
import requests

import emulator_testkit as kit

IMAGE = "swr.cn-north-4.myhuaweicloud.com/org/img:1.0.0"
BROKEN_IMAGE = "swr.cn-north-4.myhuaweicloud.com/org/broken:0.0.1"
CREATE = {
    "name": "svc-a", "version": "1.0.0", "type": "REAL_TIME", "deploy_type": "SINGLE",
    "group_configs": [{"name": "deploy-1", "count": 1, "weight": 100, "unit_configs": [{"image": {"source": "SWR", "swr_path": IMAGE}}]}],
    "runtime_config": {"service_invoke": {"port": 8080, "protocol": "HTTPS", "auth_type": "TOKEN"},
                       "service_limit": {"rate_limit": {"num": 200, "unit": "SECONDS"}, "request_size_limit": 20, "request_timeout": 30}},
}


class V2:
    """A token client of the v2 API of project P1, with the admin calls the tests need."""

    def __init__(self, emu, token=kit.TOKEN_P1, project=kit.P1):
        self.emu = emu
        self.base = "%s/v2/%s" % (emu.url, project)
        self.session = requests.Session()
        if token:
            self.session.headers["X-Auth-Token"] = token

    def call(self, method, path, **kwargs):
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, self.base + path, **kwargs)

    def create(self, **changes):
        body = copy.deepcopy(CREATE)
        body.update(changes)
        answer = self.call("POST", "/services", json=body)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def show(self, service_id):
        return self.call("GET", "/services/%s" % service_id).json()

    def admin(self, path, body=None):
        answer = requests.post(self.emu.url + "/_emulator" + path, json=body or {}, timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def release(self, service_id):
        return self.admin("/clock/release", {"service_id": service_id})


@pytest.fixture
def v2(emu):
    return V2(emu)


def error(answer):
    return answer.status_code, answer.json().get("error_code")


def test_a_deployment_waits_for_the_held_clock_and_its_events_follow_it(emu, v2):
    service = v2.create()
    for _read in range(3):
        assert v2.show(service["id"])["status"] == "DEPLOYING"
    events = v2.call("GET", "/services/%s/events" % service["id"], params={"sort_dir": "ASC"}).json()
    assert [event["event_info"] for event in events["data"]] == ["start to deploy service, version 1.0.0"]
    v2.admin("/clock/advance", {"service_id": service["id"], "seconds": kit.FAST_SETTINGS["deploy_seconds"] * 0.6})
    halfway = v2.call("GET", "/services/%s/events" % service["id"]).json()
    assert halfway["total"] == 3 and v2.show(service["id"])["status"] == "DEPLOYING"
    assert v2.admin("/clock/advance", {"service_id": service["id"], "seconds": 1})["advanced"] == [
        {"service_id": service["id"], "status": "RUNNING"}]
    running = v2.show(service["id"])
    assert running["status"] == "RUNNING"
    assert running["version"]["instance_groups"][0]["running_count"] == 1


def test_a_read_rule_releases_on_the_nth_show(v2):
    v2.admin("/clock", {"release_after_reads": 2})
    service = v2.create()
    assert v2.show(service["id"])["status"] == "DEPLOYING"
    assert v2.show(service["id"])["status"] == "RUNNING"


def test_a_failing_image_is_a_seed_knob(emu, v2):
    emu.seed({"v2_images": [{"swr_path": BROKEN_IMAGE, "deploy_fails": "image pull failed"}]})
    group = copy.deepcopy(CREATE["group_configs"][0])
    group["unit_configs"][0]["image"]["swr_path"] = BROKEN_IMAGE
    service = v2.create(group_configs=[group])
    assert v2.release(service["id"])["released"][0]["status"] == "FAILED"
    failed = v2.show(service["id"])
    assert (failed["status"], failed["failure_reason"]) == ("FAILED", "image pull failed")
    # A failed service starts again (and fails again: the image still fails).
    assert v2.call("POST", "/services/%s/start" % service["id"]).json()["status"] == "DEPLOYING"
    unknown = requests.post(emu.url + "/_emulator/seed", json={"v2_images": [{"swr_path": "x", "fails": "y"}]}, timeout=10)
    assert unknown.status_code == 400


def test_names_are_unique_until_deleted(v2):
    first = v2.create()
    assert error(v2.call("POST", "/services", json=CREATE)) == (400, "ModelArts.0104")
    assert v2.call("POST", "/services/delete", json={"service_ids": [first["id"]]}).status_code == 200
    v2.release(first["id"])
    assert v2.call("POST", "/services", json=CREATE).status_code == 200


def test_an_update_with_a_changed_configuration_needs_a_new_version(v2):
    service = v2.create()
    path = "/services/%s" % service["id"]
    busy = v2.call("PUT", path, json={"version": "1.0.1", "upgrade_config": {"type": "ROLLING"}})
    assert error(busy) == (400, "ModelArts.3519")
    v2.release(service["id"])
    assert error(v2.call("PUT", path, json={"version": "1.0.0", "upgrade_config": {"type": "ROLLING"}})) == (400, "ModelArts.0104")
    assert error(v2.call("PUT", path, json={"upgrade_config": {"type": "ROLLING"}})) == (400, "ModelArts.3610")
    assert error(v2.call("PUT", path, json={"name": "renamed"})) == (400, "ModelArts.0104")
    assert error(v2.call("PUT", path, json={"workspace_id": "a" * 32})) == (400, "ModelArts.0104")
    assert error(v2.call("PUT", path, json={"id": "other"})) == (400, "ModelArts.0104")
    assert error(v2.call("PUT", path, json={"version": "1.0.1", "group_configs": [dict(CREATE["group_configs"][0], id="nope")]})) == (
        400, "ModelArts.0104")
    assert error(v2.call("PUT", path, json={"version": "1.0.1", "group_configs": []})) == (400, "ModelArts.0104")
    assert error(v2.call("PUT", path, json={"tags": [{"key": "a"}]})) == (400, "ModelArts.0101")


def test_a_description_alone_edits_the_current_version_in_place(v2):
    service = v2.create()
    v2.release(service["id"])
    answer = v2.call("PUT", "/services/%s" % service["id"], json={"id": service["id"], "version": "1.0.0", "description": "new words"})
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["version"]["description"]) == ("RUNNING", "new words")
    listed = v2.call("GET", "/services", params={"description": "NEW"}).json()["data"]
    assert [(item["version_count"], item["description"]) for item in listed] == [(1, "new words")]


def test_a_stopped_service_keeps_a_new_version_for_its_next_start(v2):
    service = v2.create()
    v2.release(service["id"])
    v2.call("POST", "/services/%s/stop" % service["id"])
    v2.release(service["id"])
    assert error(v2.call("POST", "/services/%s/stop" % service["id"])) == (400, "ModelArts.3519")
    group = dict(copy.deepcopy(CREATE["group_configs"][0]), count=3)
    updated = v2.call("PUT", "/services/%s" % service["id"], json={"version": "2.0.0", "group_configs": [group]}).json()
    assert (updated["status"], updated["version"]["version"]) == ("STOPPED", "2.0.0")
    assert v2.call("POST", "/services/%s/start" % service["id"]).json()["status"] == "DEPLOYING"
    v2.release(service["id"])
    assert v2.show(service["id"])["version"]["instance_groups"][0]["running_count"] == 3


def test_a_service_without_a_deployment_waits_in_init(v2):
    service = v2.create(group_configs=[])
    assert v2.show(service["id"])["status"] == "INIT"
    assert error(v2.call("POST", "/services/%s/start" % service["id"])) == (400, "ModelArts.3519")
    deployed = v2.call("PUT", "/services/%s" % service["id"], json={"version": "1.0.1", "group_configs": CREATE["group_configs"]}).json()
    assert deployed["status"] == "DEPLOYING"


def test_a_schedule_stops_a_running_service_when_it_is_due(emu, v2):
    service = v2.create(schedule=[{"type": "STOP", "duration": 1, "time_unit": "MINUTES"}])
    v2.release(service["id"])
    assert v2.show(service["id"])["schedule"][0]["processed"] is False
    emu.state.update_settings({"clock_offset_seconds": 61})
    stopped = v2.show(service["id"])
    assert (stopped["status"], stopped["schedule"][0]["processed"]) == ("STOPPED", True)
    assert error(v2.call("POST", "/services", json=dict(CREATE, name="b", schedule=[{"type": "STOP", "duration": 8, "time_unit": "DAYS"}]))) == (
        400, "ModelArts.0104")


def test_list_filters_and_query_rules(v2):
    v2.create(name="alpha", tags=[{"key": "team", "value": "ml"}])
    v2.create(name="beta", type="ASYNC_REAL_TIME")

    def names(**query):
        return [item["name"] for item in v2.call("GET", "/services", params=query).json()["data"]]

    assert names(tags="team|ml") == ["alpha"]
    assert names(type="ASYNC_REAL_TIME") == ["beta"]
    assert names(name="ALP") == ["alpha"]
    assert names(status="DEPLOYING", sort_key="create_at", sort_dir="ASC") == ["alpha", "beta"]
    assert names(auth_type="TOKEN", sort_key="create_at") == ["beta", "alpha"]
    for query in ({"status": "INIT"}, {"limit": 501}, {"limit": 0}, {"sort_dir": "UP"}, {"sort_key": "name"}, {"limit": 2, "offset": 1}):
        assert error(v2.call("GET", "/services", params=query)) == (400, "ModelArts.0104"), query
    assert error(v2.call("GET", "/services", params={"limit": "ten"})) == (400, "ModelArts.0101")


def test_create_rules(v2):
    body = copy.deepcopy(CREATE)
    body["group_configs"][0]["unit_configs"].append({"image": {"source": "SWR", "swr_path": IMAGE}})
    assert error(v2.call("POST", "/services", json=body)) == (400, "ModelArts.0104")
    for change in ({"name": "bad name!"}, {"name": "x" * 65}, {"description": "<b>"}, {"workspace_id": "ABC"},
                   {"version": "0.9.9"}, {"deploy_timeout_minutes": 301},
                   {"log_configs": [{"type": "STDOUT", "status": "ON"}, {"type": "STDOUT", "status": "OFF"}]},
                   {"tags": [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]}):
        assert error(v2.call("POST", "/services", json=dict(CREATE, **change))) == (400, "ModelArts.0104"), change
    asynchronous = copy.deepcopy(CREATE)
    asynchronous.update(type="ASYNC_REAL_TIME")
    asynchronous["runtime_config"]["service_invoke"]["protocol"] = "WSS"
    assert error(v2.call("POST", "/services", json=asynchronous)) == (400, "ModelArts.0104")
    assert error(v2.call("POST", "/services", data="{")) == (400, "ModelArts.0101")
    assert error(v2.call("POST", "/services", json=[])) == (400, "ModelArts.0101")
    no_limit = copy.deepcopy(CREATE)
    del no_limit["runtime_config"]["service_limit"]["request_timeout"]
    assert error(v2.call("POST", "/services", json=no_limit)) == (400, "ModelArts.3610")
    assert v2.call("POST", "/services", json=dict(CREATE, version=None)).json()["version"]["version"] == "1.0.0"


def test_gateway_auth_and_not_found(emu, v2):
    assert error(v2.call("GET", "/services/nope")) == (404, "ModelArts.3502")
    assert error(v2.call("GET", "/jobs")) == (404, "APIG.0101")
    assert error(v2.call("DELETE", "/services")) == (404, "APIG.0101")
    assert error(V2(emu, token=None).call("GET", "/services")) == (401, "ModelArts.0201")
    assert error(V2(emu, project=kit.P2).call("GET", "/services")) == (403, "ModelArts.0210")
    service = v2.create()
    # A service of another project is not found, and a batch with an unknown id deletes nothing.
    assert error(V2(emu, token=kit.TOKEN_P2, project=kit.P2).call("GET", "/services/%s" % service["id"])) == (404, "ModelArts.3502")
    assert error(v2.call("POST", "/services/delete", json={"service_ids": [service["id"], "nope"]})) == (404, "ModelArts.3502")
    assert v2.show(service["id"])["status"] == "DEPLOYING"
    assert error(v2.call("POST", "/services/delete", json={"service_ids": []})) == (400, "ModelArts.3610")


def test_a_provider_service_takes_changes_only_with_the_providers_token(v2):
    service = v2.call("POST", "/services", json=CREATE, headers={"X-Auth-Token-Provider": kit.TOKEN_P2}).json()
    assert service["provider"] == kit.DOMAIN
    v2.release(service["id"])
    change = {"version": "1.0.1", "upgrade_config": {"type": "ROLLING"}}
    assert error(v2.call("PUT", "/services/%s" % service["id"], json=change)) == (403, "ModelArts.0210")
    assert error(v2.call("PUT", "/services/%s" % service["id"], json=change, headers={"X-Auth-Token-Provider": "forged"})) == (
        403, "ModelArts.0210")
    assert v2.call("PUT", "/services/%s" % service["id"], json=change, headers={"X-Auth-Token-Provider": kit.TOKEN_P2}).status_code == 200
    v2.release(service["id"])
    assert v2.call("POST", "/services/%s/stop" % service["id"]).status_code == 200
    assert error(v2.call("POST", "/services", json=dict(CREATE, name="b"), headers={"X-Auth-Token-Provider": "forged"})) == (
        401, "ModelArts.0203")


def test_tag_calls_merge_and_remove_by_key(v2):
    service = v2.create(tags=[{"key": "a", "value": "1"}])
    path = "/modelarts-service-v2/%s/tags/" % service["id"]
    assert v2.call("POST", path + "create", json={"tags": [{"key": "a", "value": "2"}, {"key": "b", "value": "3"}]}).status_code == 200
    assert v2.show(service["id"])["tags"] == [{"key": "a", "value": "2"}, {"key": "b", "value": "3"}]
    assert error(v2.call("POST", path + "create", json={"tags": [{"key": "c"}], "resource_id": "other"})) == (400, "ModelArts.0104")
    assert error(v2.call("POST", path + "create")) == (400, "ModelArts.3610")
    assert v2.call("DELETE", path + "delete", json={"tags": [{"key": "a"}]}).status_code == 200
    assert v2.show(service["id"])["tags"] == [{"key": "b", "value": "3"}]


def test_faults_and_the_request_log_cover_v2_routes(emu, v2):
    v2.admin("/faults", {"method": "POST", "path": "^/v2/[^/]+/services$", "status": 503})
    assert error(v2.call("POST", "/services", json=CREATE)) == (503, "APIG.0201")
    assert v2.call("POST", "/services", json=CREATE).status_code == 200
    log = requests.get(emu.url + "/_emulator/requests", timeout=10).json()["requests"]
    posts = [entry for entry in log if entry["method"] == "POST" and entry["path"].startswith("/v2/")]
    assert [(entry["status"], entry["api"], entry["auth"], entry["body"]["name"]) for entry in posts] == [
        (503, "modelarts", "token", "svc-a"), (200, "modelarts", "token", "svc-a")]
    assert "fault" in posts[0]


def test_admin_sets_the_states_no_call_reaches(emu, v2):
    service = v2.create()
    url = emu.url + "/_emulator/v2/services/%s" % service["id"]
    concerning = requests.patch(url, json={"status": "CONCERNING"}, timeout=10).json()
    assert concerning["status"] == "CONCERNING"
    assert concerning["version"]["instance_groups"][0]["running_count"] == 1
    error_state = requests.patch(url, json={"status": "ERROR", "failure_reason": "node lost", "settle_to": "RUNNING"}, timeout=10).json()
    assert (error_state["status"], error_state["failure_reason"]) == ("ERROR", "node lost")
    assert v2.release(service["id"])["released"][0]["status"] == "RUNNING"
    assert requests.get(url, timeout=10).json()["status"] == "RUNNING"
    assert requests.patch(url, json={"status": "BROKEN"}, timeout=10).status_code == 400
    assert requests.patch(url, json={"colour": "red"}, timeout=10).status_code == 400
    assert requests.get(emu.url + "/_emulator/v2/services/nope", timeout=10).status_code == 404


def test_the_clock_lists_and_moves_v2_transitions_beside_v1_ones(emu, v2):
    service = v2.create()
    v1_stop = kit.ApiClient(emu.url, kit.P1, token=kit.TOKEN_P1).request("PUT", "/services/%s" % kit.S_RUN, json={"status": "stopped"})
    assert v1_stop.status_code == 200
    listed = requests.get(emu.url + "/_emulator/clock", timeout=10).json()["transitions"]
    assert {(entry["service_id"], entry["status"], entry["held"]) for entry in listed} == {
        (service["id"], "DEPLOYING", True), (kit.S_RUN, "stopping", True)}
    released = v2.admin("/clock/release")["released"]
    assert sorted(entry["status"] for entry in released) == ["RUNNING", "stopped"]
    v2.call("POST", "/services/%s/stop" % service["id"])
    v2.admin("/clock", {"mode": "real"})
    emu.state.update_settings({"clock_offset_seconds": 60})
    assert v2.show(service["id"])["status"] == "STOPPED"


def test_seeded_services_start_settled_and_seeds_are_validated(emu, v2):
    created = emu.seed({"v2_services": [
        dict(copy.deepcopy(CREATE), project_id=kit.P1, id="seeded-running"),
        dict(copy.deepcopy(CREATE), project_id=kit.P1, name="svc-failed", status="FAILED", failure_reason="OOM killed"),
        dict(copy.deepcopy(CREATE), project_id=kit.P1, name="svc-empty", group_configs=[]),
    ]})
    assert created["v2_services"][0] == "seeded-running"
    running = v2.show("seeded-running")
    assert (running["status"], running["version"]["instance_groups"][0]["running_count"]) == ("RUNNING", 1)
    assert running["predict_url"][0]["urls"]
    failed = v2.show(created["v2_services"][1])
    assert (failed["status"], failed["failure_reason"]) == ("FAILED", "OOM killed")
    assert v2.show(created["v2_services"][2])["status"] == "INIT"
    assert v2.call("GET", "/services").json()["total"] == 3
    for bad in ({"project_id": "nope"}, dict(CREATE, project_id=kit.P1, name="x", status="SLEEPING"),
                dict(CREATE, project_id=kit.P1, name="x", colour="red")):
        answer = requests.post(emu.url + "/_emulator/seed", json={"v2_services": [bad]}, timeout=10)
        assert answer.status_code == 400, bad


def test_an_update_of_deploy_timeout_minutes_shows_at_both_levels(v2):
    service = v2.create(deploy_timeout_minutes=30)
    v2.release(service["id"])
    updated = v2.call("PUT", "/services/%s" % service["id"], json={"version": "1.0.1", "deploy_timeout_minutes": 60}).json()
    assert (updated["deploy_timeout_minutes"], updated["version"]["deploy_timeout_minutes"]) == (60, 60)
