"""Injected faults (status, Retry-After, delay, dropped connections) and the request log."""

import threading
import time

import pytest
import requests

import emulator_testkit as kit
from emulator_testkit import config_entry

SERVICE = "/services/%s" % kit.S_RUN


def admin(emu, method, path, body=None):
    response = requests.request(method, "%s/_emulator/%s" % (emu.url, path), json=body, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_status_fault_with_retry_after(emu, api):
    admin(emu, "POST", "faults", {"method": "GET", "path": r"/services/[^/]+$", "count": 2, "status": 429, "retry_after": 3})
    for _attempt in range(2):
        response = api.get(SERVICE)
        kit.assert_error(response, 429, "ModelArts.2799")
        assert response.headers["Retry-After"] == "3"
    assert api.get(SERVICE).status_code == 200
    assert admin(emu, "GET", "faults")["faults"] == []


def test_fault_with_own_error_body_and_method_filter(emu, api):
    admin(emu, "POST", "faults", {"method": "PUT", "path": "services", "status": 503, "error_code": "ModelArts.6101",
                                  "error_msg": "The system is busy now. Please try again later."})
    assert api.get(SERVICE).status_code == 200
    response = api.put(SERVICE, {"description": "after fault"})
    assert response.json() == {"error_code": "ModelArts.6101", "error_msg": "The system is busy now. Please try again later."}
    assert "Retry-After" not in response.headers
    assert api.service(kit.S_RUN)["description"] == "running one"
    assert api.put(SERVICE, {"description": "after fault"}).status_code == 200


def test_gateway_fault_defaults(emu, api):
    admin(emu, "POST", "faults", [{"path": "services", "status": 502}, {"path": "services", "status": 500}])
    body = kit.assert_error(api.get("/services"), 502, "APIG.0201")
    assert body["request_id"]
    kit.assert_error(api.get("/services"), 500, "ModelArts.6102")


def test_delay(emu, api):
    admin(emu, "POST", "faults", {"path": "services", "delay": 0.3})
    started = time.monotonic()
    assert api.get("/services").status_code == 200
    assert time.monotonic() - started >= 0.3
    # The fault was used up: the next request meets none (a lower bound is all timing can prove).
    api.get("/services")
    assert [("fault" in entry) for entry in emu.state.requests] == [True, False]


def test_drop_before_does_not_apply(emu, api):
    admin(emu, "POST", "faults", {"method": "PUT", "path": SERVICE + "$", "drop": "before"})
    with pytest.raises(requests.ConnectionError):
        api.put(SERVICE, {"config": [config_entry(kit.M2)]})
    service = api.service(kit.S_RUN)
    assert service["status"] == "running" and service["config"][0]["model_id"] == kit.M1
    logged = [entry for entry in emu.state.requests if entry["method"] == "PUT"]
    assert logged[-1]["dropped"] is True and logged[-1]["status"] is None


def test_drop_after_applies(emu, api):
    assert api.get(SERVICE).status_code == 200  # the PUT below reuses this keep-alive connection
    admin(emu, "POST", "faults", {"method": "PUT", "path": SERVICE + "$", "drop": "after"})
    with pytest.raises(requests.ConnectionError):
        api.put(SERVICE, {"config": [config_entry(kit.M2)]})
    # The session's next call opens a new connection and sees the update applied.
    service = api.service(kit.S_RUN)
    assert service["status"] == "deploying" and service["config"][0]["model_id"] == kit.M2
    logged = [entry for entry in emu.state.requests if entry["method"] == "PUT"]
    assert logged[-1]["dropped"] is True and logged[-1]["status"] == 200


def test_foreign_body_applies_then_answers_a_page(emu, api):
    page = "<html><body>Gateway: session expired</body></html>"
    admin(emu, "POST", "faults", {"method": "PUT", "path": SERVICE + "$", "foreign_body": page})
    response = api.put(SERVICE, {"description": "landed behind a page"})
    assert response.status_code == 200 and response.text == page
    assert response.headers["Content-Type"].startswith("text/html")
    assert api.service(kit.S_RUN)["description"] == "landed behind a page"
    assert api.put(SERVICE, {"description": "answered"}).json() == {}


def test_landed_status_fault_applies_then_answers_the_error(emu, api):
    admin(emu, "POST", "faults", {"method": "PUT", "path": SERVICE + "$", "status": 504, "landed": True})
    kit.assert_error(api.put(SERVICE, {"description": "landed behind a timeout"}), 504, "APIG.0202")
    assert api.service(kit.S_RUN)["description"] == "landed behind a timeout"


def test_foreign_body_that_did_not_land_is_answered_without_applying(emu, api):
    page = "<html><body>Proxy: sign in again</body></html>"
    admin(emu, "POST", "faults", {"method": "PUT", "path": SERVICE + "$", "foreign_body": page, "landed": False})
    response = api.put(SERVICE, {"description": "never passed on"})
    assert response.status_code == 200 and response.text == page
    assert api.service(kit.S_RUN)["description"] == "running one"


@pytest.mark.parametrize("spec", [{"landed": "yes", "status": 503}, {"landed": True, "drop": "after"}])
def test_landed_is_a_boolean_for_status_or_foreign_body(emu, spec):
    response = requests.post("%s/_emulator/faults" % emu.url, json=dict(spec, method="PUT"), timeout=10)
    assert response.status_code == 400 and "landed" in response.text


def test_hold_keeps_a_request_in_flight_until_released(emu, api):
    admin(emu, "POST", "faults", {"method": "PUT", "path": SERVICE + "$", "hold": True})
    answers = []
    worker = threading.Thread(target=lambda: answers.append(api.put(SERVICE, {"description": "held"})))
    worker.start()
    watched = admin(emu, "POST", "requests/wait", {"method": "PUT", "path": SERVICE + "$", "timeout": 30})
    assert watched["timed_out"] is False and watched["requests"][0]["status"] is None
    # Logged, not applied: what the test does now happens while the PUT is in flight.
    assert api.service(kit.S_RUN)["description"] == "running one" and answers == []
    assert admin(emu, "POST", "faults/release") == {"released": 1}
    worker.join(30)
    assert answers[0].status_code == 200 and api.service(kit.S_RUN)["description"] == "held"


def test_delayed_drop_on_iam(emu):
    admin(emu, "POST", "faults", {"method": "POST", "path": "^/v3/auth/tokens$", "drop": "before", "delay": 0.05})
    with pytest.raises(requests.ConnectionError):
        requests.post(emu.url + "/v3/auth/tokens", json={}, timeout=10)


@pytest.mark.parametrize("spec", [
    {"path": "x"}, {"path": "(", "status": 500}, {"status": 99}, {"drop": "sideways"}, {"status": 500, "count": 0},
    {"status": 500, "colour": "red"}, {"foreign_body": "<html/>", "status": 200}, {"foreign_body": 1}, {"hold": "yes"},
])
def test_bad_fault_specs(emu, spec):
    response = requests.post(emu.url + "/_emulator/faults", json=spec, timeout=10)
    assert response.status_code == 400


def test_delete_faults(emu, api):
    admin(emu, "POST", "faults", {"status": 500, "count": 5})
    admin(emu, "DELETE", "faults")
    assert api.get("/services").status_code == 200


def test_admin_calls_ignore_faults_and_log(emu):
    admin(emu, "POST", "faults", {"status": 500})
    admin(emu, "DELETE", "requests")
    assert admin(emu, "GET", "health") == {"ok": True}
    assert admin(emu, "GET", "requests")["requests"] == []


def test_request_log_masks_secrets(emu, api):
    admin(emu, "DELETE", "requests")
    api.get("/services", params={"limit": "5", "status": "running"})
    headers = {"X-Auth-Token": "MIIsecret-token-value", "X-Security-Token": "security-secret",
               "Authorization": "SDK-HMAC-SHA256 Access=%s, SignedHeaders=host;x-sdk-date, Signature=abcdef0123" % kit.AK}
    requests.get(api.url("/services"), headers=headers, timeout=10)
    entries = admin(emu, "GET", "requests")["requests"]
    assert [entry["seq"] for entry in entries] == sorted(entry["seq"] for entry in entries)
    first, second = entries
    assert first["auth"] == "token" and first["api"] == "modelarts" and first["status"] == 200
    assert first["query"] == {"limit": ["5"], "status": ["running"]}
    assert first["headers"]["X-Auth-Token"].startswith("***sha256:")
    assert second["auth"] == "aksk" and second["status"] == 401
    text = str(entries)
    for secret in (kit.TOKEN_P1, "MIIsecret-token-value", "security-secret", "abcdef0123"):
        assert secret not in text
    assert "Access=%s" % kit.AK in second["headers"]["Authorization"]


def test_request_log_keeps_agency_user_header_and_body(emu, api):
    api.patch(SERVICE, [{"op": "replace", "path": "/config/0/instance_count", "value": 2}], headers={"X-ModelArts-User-ID": "u-123"})
    entry = emu.state.requests[-1]
    assert entry["method"] == "PATCH" and entry["headers"]["X-ModelArts-User-ID"] == "u-123"
    assert entry["body"] == [{"op": "replace", "path": "/config/0/instance_count", "value": 2}]


def test_admin_settings_and_reset(emu):
    settings = admin(emu, "POST", "settings", {"deploy_seconds": 0.3})
    assert settings["deploy_seconds"] == 0.3 and settings["page_limit_max"] == 1000
    assert requests.post(emu.url + "/_emulator/settings", json={"deploy_secs": 1}, timeout=10).status_code == 400
    assert requests.post(emu.url + "/_emulator/settings", json={"deploy_seconds": "1"}, timeout=10).status_code == 400
    admin(emu, "POST", "reset")
    assert emu.state.services == {} and emu.state.settings["deploy_seconds"] == 2.0
    kit.assert_error(kit.ApiClient(emu.url, kit.P1, kit.TOKEN_P1).get("/services"), 401, "ModelArts.0203")


def test_admin_seed_answers_ids(emu):
    created = admin(emu, "POST", "seed", {"models": [{"model_name": "extra", "model_version": "3.0.0", "project_id": kit.P1}]})
    assert len(created["models"]) == 1 and created["services"] == []
    bad = requests.post(emu.url + "/_emulator/seed", json={"services": [{"service_name": "x", "project_id": kit.P1,
                                                                         "config": [config_entry(weight=5)]}]}, timeout=10)
    assert bad.status_code == 400 and "weights" in bad.json()["error_msg"]


def test_admin_service_view_and_patch(emu):
    view = admin(emu, "GET", "services/%s" % kit.S_RUN)
    assert view["service_id"] == kit.S_RUN and view["config"][0]["model_name"] == "resnet50"
    patched = admin(emu, "PATCH", "services/%s" % kit.S_RUN, {"invocation_times": 42, "status": "failed", "error_msg": "boom"})
    assert patched["invocation_times"] == 42 and patched["status"] == "failed" and patched["error_msg"] == "boom"
    assert requests.patch("%s/_emulator/services/%s" % (emu.url, kit.S_RUN), json={"service_id": "x"}, timeout=10).status_code == 400
    assert requests.get("%s/_emulator/services/nope" % emu.url, timeout=10).status_code == 404


def test_delay_after_applies_the_request_before_the_client_times_out(emu, api):
    admin(emu, "POST", "faults", {"method": "PUT", "path": SERVICE + "$", "delay_after": 2})
    with pytest.raises(requests.Timeout):
        api.put(SERVICE, {"description": "landed, answer late"}, timeout=0.3)
    # Applied before the answer was held back, so a read right after the timeout sees it.
    assert api.service(kit.S_RUN)["description"] == "landed, answer late"
