# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The list pager over HTTP against the emulator, under both readings of offset."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import TokenAuth
from ansible_collections.hwcloud.modelarts.plugins.module_utils._client import ModelArtsClient
from ansible_collections.hwcloud.modelarts.plugins.module_utils._paging import field
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Transport

from integration.harness import MODEL_V1, PROJECT_ID, SERVICE_ID, TOKEN

READINGS = ("page", "record")


def client_of(emu):
    return ServiceApi(ModelArtsClient(Transport(retries=0), TokenAuth(TOKEN), emu.url, emu.url + "/v3", project_id=PROJECT_ID))


def seed_services(emu, count, name=lambda number: "svc-%05d" % number):
    """``count`` services in one seed request (with the standard world's one, the project has count + 1)."""
    emu.seed({"services": [
        {"service_id": "5e0c1d2e-cccc-4bbb-8ccc-%012d" % number, "service_name": name(number), "project_id": PROJECT_ID,
         "status": "running", "publish_at": 1700000000000 + number * 1000,
         "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}]}
        for number in range(count)
    ]})


def list_requests(emu):
    return [r for r in emu.requests() if r["method"] == "GET" and r["path"] == "/v1/%s/services" % PROJECT_ID]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("count, page_requests, record_requests", [(1, 1, 1), (1000, 1, 1), (1001, 2, 2), (2500, 3, 4)])
def test_lists_every_service_once(emu, reading, count, page_requests, record_requests):
    # The standard world has one service; seed the rest.
    seed_services(emu, count - 1)
    emu.settings(list_offset=reading)
    emu.clear_log()
    listed = client_of(emu).list_services()
    ids = [service["service_id"] for service in listed]
    assert len(ids) == count and len(set(ids)) == count
    assert SERVICE_ID in ids
    publish_times = [service["publish_at"] for service in listed]
    assert publish_times == sorted(publish_times)
    requests = list_requests(emu)
    assert len(requests) == (page_requests if reading == "page" else record_requests)
    assert len(emu.requests()) == len(requests)
    assert all(r["query"]["sort_by"] == ["publish_at"] and r["query"]["order"] == ["asc"] for r in requests)


@pytest.mark.parametrize("reading, requests", [("page", 3), ("record", 4)])
def test_a_server_capping_the_page_size(emu, reading, requests):
    seed_services(emu, 1204)
    emu.settings(list_offset=reading, page_limit_max=500)
    emu.clear_log()
    listed = client_of(emu).list_services()
    assert len({service["service_id"] for service in listed}) == len(listed) == 1205
    assert [r["query"]["limit"] for r in list_requests(emu)] == [["1000"]] + [["500"]] * (requests - 1)


@pytest.mark.parametrize("reading, requests", [("page", 2), ("record", 3)])
def test_name_lookup_among_1205_names_sharing_a_prefix(emu, reading, requests):
    # fraud-scoring, fraud-scoring-1 .. fraud-scoring-1204: the API's name filter matches all of them.
    seed_services(emu, 1205, name=lambda number: "fraud-scoring-%d" % number if number else "fraud-scoring")
    emu.settings(list_offset=reading)
    emu.clear_log()
    api = client_of(emu)
    assert api.service_id_for(name="fraud-scoring") == "5e0c1d2e-cccc-4bbb-8ccc-%012d" % 0
    assert len(list_requests(emu)) == requests
    assert len(emu.requests()) == requests
    emu.clear_log()
    assert [s["service_name"] for s in api.services_named("fraud-scoring-12")] == ["fraud-scoring-12"]
    # fraud-scoring-12 and fraud-scoring-120 .. -129 and -1200 .. -1204: one request.
    assert len(list_requests(emu)) == 1


@pytest.mark.parametrize("reading", READINGS)
def test_events_are_read_oldest_first(emu, reading):
    api = client_of(emu)
    # A config update records its deployment phases as events; releasing the held clock finishes it.
    api.update_service(SERVICE_ID, {"config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                                "instance_count": 2, "weight": 100}]})
    emu.release(SERVICE_ID)
    emu.settings(list_offset=reading, page_limit_max=2)
    emu.clear_log()
    events = api.events(SERVICE_ID)
    times = [event["occur_time"] for event in events]
    assert len(events) == 7 and times == sorted(times)
    assert "start to update service" == events[0]["event_info"]
    calls = [r for r in emu.requests() if r["path"].endswith("/events")]
    # Pages of two: offsets 0, 1, 2, 3 by page index; 0, 1 (the probe), 3, 5 by record offset.
    assert [r["query"]["offset"][0] for r in calls] == (["0", "1", "2", "3"] if reading == "page" else ["0", "1", "3", "5"])
    assert len(calls) == len(emu.requests())


# --- never past the end: the emulator's past_end "error" answers a page past total_count with 400 ModelArts.6400,
# as sibling ModelArts list APIs do, so any request past the end would fail the read.

def asked_past_the_end(requests, total, reading):
    """The list requests whose first record lies at or after ``total`` (page 0 never does)."""
    past = []
    for r in requests:
        offset, limit = int(r["query"]["offset"][0]), int(r["query"]["limit"][0])
        start = offset * limit if reading == "page" else offset
        if offset and start >= total:
            past.append((offset, limit))
    return past


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("count, page_size", [(1, 4), (4, 4), (8, 4), (9, 4), (7, 1), (1001, 1000)])
def test_service_list_never_asks_past_total_count(emu, reading, count, page_size):
    seed_services(emu, count - 1)
    emu.settings(list_offset=reading, page_limit_max=page_size, past_end="error")
    emu.clear_log()
    assert len({service["service_id"] for service in client_of(emu).list_services()}) == count
    requests = list_requests(emu)
    assert all(r["status"] == 200 for r in requests)
    assert asked_past_the_end(requests, count, reading) == []


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("page_size", [1, 2, 7, 1000])
def test_event_list_never_asks_past_total_count(emu, reading, page_size):
    api = client_of(emu)
    api.update_service(SERVICE_ID, {"config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                                "instance_count": 2, "weight": 100}]})
    emu.release(SERVICE_ID)
    emu.settings(list_offset=reading, page_limit_max=page_size, past_end="error")
    emu.clear_log()
    assert len(api.events(SERVICE_ID)) == 7
    requests = [r for r in emu.requests() if r["path"].endswith("/events")]
    assert all(r["status"] == 200 for r in requests)
    assert asked_past_the_end(requests, 7, reading) == []


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("page_size", [1, 3, 5, 1000])
def test_model_list_never_asks_past_total_count(emu, reading, page_size):
    emu.seed({"models": [{"model_id": "7f3c8d0e-5555-4a5b-9c8d-%012d" % number, "model_name": "paged-model",
                          "model_version": "1.%d.0" % number, "project_id": PROJECT_ID} for number in range(12)]})
    client = ModelArtsClient(Transport(retries=0), TokenAuth(TOKEN), emu.url, emu.url + "/v3", project_id=PROJECT_ID)
    emu.settings(list_offset=reading, page_limit_max=page_size, past_end="error")
    emu.clear_log()
    pairs = [("model_name", "paged-model"), ("sort_by", "create_at"), ("order", "asc")]
    models = client.all_pages(("models",), "models", pairs, identity=field("model_id"))
    assert sorted(model["model_version"] for model in models) == sorted("1.%d.0" % number for number in range(12))
    requests = [r for r in emu.requests() if r["path"] == "/v1/%s/models" % PROJECT_ID]
    assert all(r["status"] == 200 for r in requests)
    assert asked_past_the_end(requests, 12, reading) == []
