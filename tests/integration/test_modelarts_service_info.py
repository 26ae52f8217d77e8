"""hwcloud.modelarts.modelarts_service_info against the emulator. Each test is one run, with the assertions grouped.

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
    SECRET_KEY,
    SERVICE_ID,
    SERVICE_NAME,
    module_task,
)

pytestmark = pytest.mark.integration

MODULE = "hwcloud.modelarts.modelarts_service_info"
PAGE_SIZE = 1000  # the client's page size (module_utils/_client.py), the documented default

CANARY_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000002"
TWIN_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000003"
BATCH_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000004"
FOREIGN_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000005"
FOREIGN_MODEL = "7f3c8d0e-5555-4a5b-9c8d-000000000005"


def realtime(model_id, **extra):
    return dict({"model_id": model_id, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}, **extra)


def info(title, **options):
    return {"name": title, MODULE: options}


def expect_failure(title, **options):
    return {"name": title, MODULE: options, "ignore_errors": True}


def list_calls(emu):
    """The list requests of the run, sorted, each as (offset, limit, filters as sorted pairs)."""
    calls = []
    for request in emu.requests():
        if request["method"] == "GET" and request["path"] == "/v1/%s/services" % PROJECT_ID:
            query = dict((key, values[0]) for key, values in request["query"].items())
            limit, offset = int(query.pop("limit")), int(query.pop("offset"))
            # Always read oldest first, so services created meanwhile land on the last page.
            assert (query.pop("sort_by"), query.pop("order")) == ("publish_at", "asc"), request["query"]
            calls.append((offset, limit, sorted(query.items())))
    return sorted(calls)


def page(offset=0, **filters):
    """A list request as list_calls() shows it."""
    return (offset, PAGE_SIZE, sorted(filters.items()))


def detail_gets(emu):
    prefix = "/v1/%s/services/" % PROJECT_ID
    return [r["path"][len(prefix):] for r in emu.requests()
            if r["method"] == "GET" and r["path"].startswith(prefix) and "/" not in r["path"][len(prefix):]]


def ids(result):
    return [service["service_id"] for service in result["services"]]


def test_lookups_by_id_name_and_filters(emu, in_process):
    emu.seed({
        "models": [{"model_id": FOREIGN_MODEL, "model_name": "resnet50", "model_version": "1.0.0",
                    "project_id": OTHER_PROJECT_ID}],
        "services": [
            # Its name contains SERVICE_NAME: the API's name filter matches it, the exact name does not.
            {"service_id": CANARY_ID, "service_name": SERVICE_NAME + "-canary", "project_id": PROJECT_ID,
             "status": "running", "config": [realtime(MODEL_V2)]},
            # Same name as the standard service: names are not unique.
            {"service_id": TWIN_ID, "service_name": SERVICE_NAME, "project_id": PROJECT_ID, "status": "stopped",
             "workspace_id": "ws-research", "config": [realtime(MODEL_V2)]},
            {"service_id": BATCH_ID, "service_name": "nightly-scoring", "project_id": PROJECT_ID, "infer_type": "batch",
             "status": "finished", "workspace_id": "ws-research",
             "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1,
                         "src_path": "obs://scoring/in/", "dest_path": "obs://scoring/out/", "req_uri": "/",
                         "mapping_type": "file"}]},
            # Another project of the same account, with the same name: never seen from PROJECT_ID.
            {"service_id": FOREIGN_ID, "service_name": SERVICE_NAME, "project_id": OTHER_PROJECT_ID,
             "status": "running", "config": [realtime(FOREIGN_MODEL)]},
        ],
    })
    emu.clear_log()
    result = in_process.run([
        info("by id", service_id=SERVICE_ID),
        info("by name", name=SERVICE_NAME),
        info("by name and status", name=SERVICE_NAME, status="stopped"),
        info("by alias and a filter nothing matches", service_name=SERVICE_NAME + "-canary", model_id=MODEL_V1),
        info("by infer_type", infer_type="batch"),
        info("by status", status="running"),
        info("by model_id", model_id=MODEL_V2),
        info("by workspace_id", workspace_id="ws-research"),
        info("all"),
        info("all in full", details=True),
        info("by id from the list", service_id=SERVICE_ID, details=False),
        info("by name from the list", name=SERVICE_NAME, details=False),
        # It exists, but in another project: unknown here.
        info("unknown id", service_id=FOREIGN_ID),
        info("unknown id from the list", service_id=FOREIGN_ID, details=False),
        expect_failure("event_type without include_events", service_id=SERVICE_ID, event_type="abnormal"),
        expect_failure("service_id with a filter", service_id=SERVICE_ID, status="running"),
        expect_failure("empty service_id", service_id=""),
    ])
    assert result.rc == 0, result.stdout + result.stderr

    by_id = result.task("by id")
    assert by_id["changed"] is False
    assert by_id["services"] == [emu.service(SERVICE_ID)]  # the full GET record, unchanged
    assert by_id["services"][0]["config"][0]["model_name"] == "resnet50"
    assert "update_records" not in by_id["services"][0] and "events" not in by_id["services"][0]

    assert sorted(ids(result.task("by name"))) == sorted([SERVICE_ID, TWIN_ID])
    assert all("config" in service for service in result.task("by name")["services"])
    assert ids(result.task("by name and status")) == [TWIN_ID]
    assert result.task("by alias and a filter nothing matches")["services"] == []
    assert ids(result.task("by infer_type")) == [BATCH_ID]
    assert sorted(ids(result.task("by status"))) == sorted([SERVICE_ID, CANARY_ID])
    assert sorted(ids(result.task("by model_id"))) == sorted([CANARY_ID, TWIN_ID])
    assert sorted(ids(result.task("by workspace_id"))) == sorted([TWIN_ID, BATCH_ID])
    assert sorted(ids(result.task("all"))) == sorted([SERVICE_ID, CANARY_ID, TWIN_ID, BATCH_ID])
    # Listings by filters return the list entries as the list API gives them: no config.
    for name in ("by infer_type", "by status", "by model_id", "by workspace_id", "all", "by id from the list",
                 "by name from the list"):
        assert all("config" not in service for service in result.task(name)["services"]), name
    listed = dict((service["service_id"], service) for service in result.task("all")["services"])
    assert listed[SERVICE_ID]["service_name"] == SERVICE_NAME and listed[BATCH_ID]["infer_type"] == "batch"
    assert set(listed[SERVICE_ID]) >= {"service_id", "service_name", "status", "infer_type", "workspace_id", "publish_at"}
    # Oldest first: the standard service was seeded before the others.
    assert ids(result.task("all"))[0] == SERVICE_ID
    in_full = result.task("all in full")["services"]
    assert sorted(ids(result.task("all in full"))) == sorted(listed)
    assert [service["service_id"] for service in in_full] == ids(result.task("all"))
    assert all("config" in service for service in in_full)
    assert result.task("by id from the list")["services"] == [listed[SERVICE_ID]]
    assert sorted(ids(result.task("by name from the list"))) == sorted([SERVICE_ID, TWIN_ID])
    assert result.task("unknown id")["services"] == [] and not result.failed("unknown id")
    assert result.task("unknown id from the list")["services"] == []
    for name in [r["task"] for r in result.records if r["outcome"] == "ok"]:
        assert result.task(name)["changed"] is False, name

    assert result.failed("event_type without include_events")
    msg = result.task("event_type without include_events")["msg"]
    assert "event_type" in msg and "include_events" in msg
    assert result.failed("service_id with a filter")
    assert "mutually exclusive" in result.task("service_id with a filter")["msg"]
    assert "service_id" in result.task("service_id with a filter")["msg"]
    assert result.failed("empty service_id")
    assert "service_id" in result.task("empty service_id")["msg"]

    # One list request per list lookup (one page here), with the filters passed to the API; none by id
    # unless details is false.
    assert list_calls(emu) == sorted([
        page(service_name=SERVICE_NAME),
        page(service_name=SERVICE_NAME, status="stopped"),
        page(service_name=SERVICE_NAME + "-canary", model_id=MODEL_V1),
        page(infer_type="batch"),
        page(status="running"),
        page(model_id=MODEL_V2),
        page(workspace_id="ws-research"),
        page(),
        page(),
        page(service_id=SERVICE_ID),
        page(service_name=SERVICE_NAME),
        page(service_id=FOREIGN_ID),
    ])
    # One GET per service read in full: by id, by name (2), by name and status, all in full (4), the
    # unknown id; the listings by filter and those with details=false send none.
    assert sorted(detail_gets(emu)) == sorted([SERVICE_ID, SERVICE_ID, TWIN_ID, TWIN_ID, SERVICE_ID, CANARY_ID, TWIN_ID,
                                               BATCH_ID, FOREIGN_ID])
    assert len(emu.requests()) == len(list_calls(emu)) + len(detail_gets(emu))
    assert emu.writes() == []


@pytest.mark.parametrize("reading", ["page", "record"])
def test_lists_1205_services_in_two_or_three_requests(emu, in_process, reading):
    # With the standard service the project holds 1205; svc-0000 .. svc-1203 all contain "svc".
    count = 1204
    emu.seed({"services": [
        {"service_id": "5e0c1d2e-bbbb-4bbb-8ccc-%012d" % number, "service_name": "svc-%04d" % number,
         "project_id": PROJECT_ID, "status": "stopped" if number % 2 else "running",
         "publish_at": 1700000000000 + number * 1000, "config": [realtime(MODEL_V1)]}
        for number in range(count)
    ]})
    emu.settings(list_offset=reading)
    emu.clear_log()
    result = in_process.run([
        info("all"),
        info("stopped", status="stopped"),
        info("one of many", name="svc-0007"),
        info("a name only contained in others", name="svc"),
    ], check=True)
    assert result.rc == 0, result.stdout + result.stderr

    everything = ids(result.task("all"))
    assert len(everything) == count + 1 and len(set(everything)) == count + 1
    assert SERVICE_ID in everything
    assert all("config" not in service for service in result.task("all")["services"])
    stopped = result.task("stopped")["services"]
    assert len(stopped) == count // 2 and {s["status"] for s in stopped} == {"stopped"}
    assert len(set(ids(result.task("stopped")))) == count // 2
    one = result.task("one of many")["services"]
    assert [s["service_name"] for s in one] == ["svc-0007"] and one[0]["config"][0]["model_id"] == MODEL_V1
    assert result.task("a name only contained in others")["services"] == []
    for name in ("all", "stopped", "one of many", "a name only contained in others"):
        assert result.task(name)["changed"] is False

    # 1205 services: 2 list requests by page index (offsets 0, 1), 3 by record offset (0, the probe
    # at 1, then 1001); 602 stopped and one svc-0007: one request each. No GET but the one by name.
    pages = [0, 1] if reading == "page" else [0, 1, 1001]
    assert list_calls(emu) == sorted(
        [page(offset) for offset in pages] + [page(0, status="stopped"), page(0, service_name="svc-0007")]
        + [page(offset, service_name="svc") for offset in (pages if reading == "page" else [0, 1, 1001])])
    assert detail_gets(emu) == ["5e0c1d2e-bbbb-4bbb-8ccc-%012d" % 7]
    assert len(emu.requests()) == len(list_calls(emu)) + 1
    assert emu.writes() == []


def test_update_records_and_events_after_updates(emu, in_process):
    updates = in_process.run([
        {"name": "scale out", "hwcloud.modelarts.modelarts_service": {
            "name": SERVICE_NAME, "config": [{"model_id": MODEL_V1, "instance_count": 2}]}},
        {"name": "deploy a broken model", "ignore_errors": True, "hwcloud.modelarts.modelarts_service": {
            "name": SERVICE_NAME, "config": [realtime(MODEL_BROKEN)]}},
    ])
    assert not updates.failed("scale out") and updates.failed("deploy a broken model")
    emu.clear_log()
    result = in_process.run([
        info("records and events", service_id=SERVICE_ID, include_update_records=True, include_events=True),
        info("abnormal events by name", name=SERVICE_NAME, include_events=True, event_type="abnormal"),
        info("normal events", service_id=SERVICE_ID, include_events=True, event_type="normal"),
    ])
    assert result.rc == 0, result.records

    service = result.task("records and events")["services"][0]
    assert service["status"] == "failed" and "liveness probe failed" in service["error_msg"]
    records = service["update_records"]
    assert len(records) == 3  # the seeded deployment and the two updates
    outcomes = dict(((r["config"][0]["model_id"], r["config"][0]["instance_count"]), r["result"]) for r in records)
    assert outcomes == {(MODEL_V1, 1): "SUCCESS", (MODEL_V1, 2): "SUCCESS", (MODEL_BROKEN, 1): "FAIL"}
    latest = max(records, key=lambda r: r["update_time"])
    assert latest["result"] == "FAIL" and latest["config"][0]["model_id"] == MODEL_BROKEN
    events = service["events"]
    infos = [e["event_info"] for e in events]
    assert "start to update service" in infos
    assert "deploy service success, the service is running" in infos
    assert any("liveness probe failed" in i for i in infos)
    assert {e["event_type"] for e in events} == {"normal", "abnormal"}

    abnormal = result.task("abnormal events by name")["services"]
    assert [s["service_id"] for s in abnormal] == [SERVICE_ID]
    assert abnormal[0]["events"] and {e["event_type"] for e in abnormal[0]["events"]} == {"abnormal"}
    assert "update_records" not in abnormal[0]
    normal = result.task("normal events")["services"][0]["events"]
    assert normal and {e["event_type"] for e in normal} == {"normal"}
    assert sorted(map(repr, abnormal[0]["events"] + normal)) == sorted(map(repr, events))

    # Per service: its GET, its update records when asked, one events page (fewer than 1000 events);
    # the lookup by name adds one list page.
    calls = [(r["path"][len("/v1/%s/services" % PROJECT_ID):], r["query"].get("event_type")) for r in emu.requests()]
    assert sorted(calls, key=repr) == sorted([
        ("/" + SERVICE_ID, None), ("/%s/logs" % SERVICE_ID, None), ("/%s/events" % SERVICE_ID, None),
        ("", None), ("/" + SERVICE_ID, None), ("/%s/events" % SERVICE_ID, ["abnormal"]),
        ("/" + SERVICE_ID, None), ("/%s/events" % SERVICE_ID, ["normal"]),
    ], key=repr)
    assert emu.writes() == []


def test_auth_failure_reports_the_gateway_error_without_the_secret(emu, playbook):
    wrong = "wrongSecretKeyThatMustNeverBePrinted0001"
    result = playbook.run([
        expect_failure("bad signature to ModelArts", name=SERVICE_NAME, project_id=PROJECT_ID),
        expect_failure("bad signature to IAM (project lookup)", service_id=SERVICE_ID),
    ], env={"HW_SECRET_KEY": wrong}, verbosity=3)
    for name in ("bad signature to ModelArts", "bad signature to IAM (project lookup)"):
        assert result.failed(name), name
        error = result.task(name)["error"]
        assert error["status"] == 401 and error["error_code"] == "APIG.0301", error
        assert error["request_id"], error
        assert error["request_id"] in result.task(name)["msg"]
        assert "services" not in result.task(name)
    assert result.task("bad signature to ModelArts")["error"]["url"].endswith("/v1/%s/services" % PROJECT_ID)
    for secret in (wrong, SECRET_KEY):
        assert secret not in result.stdout and secret not in result.stderr
    assert emu.writes() == []


def test_watch_returns_the_last_read_and_its_verdict(emu, in_process):
    """watch: a healthy service read once (0 s), a service whose failed_times already grew past the baseline returned
    at the first read of a 600 s watch (a degraded service is a verdict, not a failure), and a watch without a
    service_id refused before any request."""
    emu.set_service(failed_times=5)
    emu.clear_log()
    result = in_process.run([
        info("healthy", service_id=SERVICE_ID, watch={"seconds": 0, "failed_times_baseline": 5}),
        info("degraded", service_id=SERVICE_ID, watch={"seconds": 600, "poll_seconds": 1, "failed_times_baseline": 2,
                                                       "max_failed_times_increase": 1}),
        expect_failure("watch without service_id", name=SERVICE_NAME, watch={"seconds": 10}),
        expect_failure("poll_seconds 0", service_id=SERVICE_ID, watch={"seconds": 10, "poll_seconds": 0}),
    ])
    assert result.rc == 0, result.stdout + result.stderr

    healthy = result.task("healthy")
    assert healthy["watch"] == {"healthy": True, "reason": None, "reads": 1, "seconds": healthy["watch"]["seconds"],
                                "failed_times_baseline": 5, "failed_times": 5}
    assert healthy["services"] == [emu.service(SERVICE_ID)]
    degraded = result.task("degraded")
    assert degraded["failed"] is False and degraded["changed"] is False
    assert (degraded["watch"]["healthy"], degraded["watch"]["reads"]) == (False, 1)
    assert degraded["watch"]["reason"] == "failed_times grew from 2 to 5, more than the 1 allowed"
    assert result.task("watch without service_id")["msg"] == "watch requires service_id: it watches one service."
    assert result.task("poll_seconds 0")["msg"] == "watch.poll_seconds must be at least 1, got 0."
    # One GET per watch that ran; the refused ones sent nothing.
    assert [(r["method"], r["path"]) for r in emu.requests()] == [("GET", "/v1/%s/services/%s" % (PROJECT_ID, SERVICE_ID))] * 2


def test_a_signing_time_the_gateway_refuses_says_the_controllers_clock_may_be_wrong(emu, in_process):
    # The emulator's clock is 20 minutes ahead of this controller's: every AK/SK signature looks too old to it.
    emu.settings(clock_offset_seconds=20 * 60)
    emu.clear_log()
    result = in_process.run([dict(info("by id", service_id=SERVICE_ID), ignore_errors=True)], auth="aksk")
    failed = result.task("by id")
    assert failed["failed"] is True
    assert failed["error"]["error_code"] == "APIG.0301"
    assert "x-sdk-date expired" in failed["msg"]
    assert "the controller's clock may be wrong; it must be within 15 minutes of the real time" in failed["msg"]
    assert "the controller's clock may be wrong" in failed["error"]["error_msg"]


def test_a_token_refused_for_another_reason_gets_no_clock_hint(emu, in_process):
    result = in_process.run([dict(info("by id", service_id=SERVICE_ID), ignore_errors=True)], auth="token",
                            env={"HW_AUTH_TOKEN": "MIInot-a-token-the-emulator-issued"})
    assert result.task("by id")["failed"] is True
    assert "clock" not in result.task("by id")["msg"]


def test_include_monitor_adds_each_services_monitoring_and_the_watch_reads_it(emu, in_process):
    result = in_process.run([
        module_task(MODULE, "plain", dict(service_id=SERVICE_ID)),
        module_task(MODULE, "monitored", dict(service_id=SERVICE_ID, include_monitor=True)),
        module_task(MODULE, "watched", dict(service_id=SERVICE_ID, include_monitor=True, watch={"seconds": 0})),
    ])
    assert result.rc == 0, result.stdout
    assert "monitor" not in result.task("plain")["services"][0]
    monitor = result.task("monitored")["services"][0]["monitor"]
    assert monitor["service_id"] == SERVICE_ID
    assert [(m["model_id"], m["model_running_instance_count"], m["model_instance_count"]) for m in monitor["monitors"]] == [
        (MODEL_V1, 1, 1)]
    assert result.task("watched")["watch"]["healthy"] is True
    monitor_reads = [r for r in emu.requests() if r["path"].endswith("/monitor")]
    assert len(monitor_reads) == 2 and all(r["method"] == "GET" for r in emu.requests())
