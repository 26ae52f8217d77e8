# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The list pager over HTTP against the emulator, under both readings of offset."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import TokenAuth
from ansible_collections.hwcloud.modelarts.plugins.module_utils._client import ModelArtsClient
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
    # A config update records its deployment phases as events; moving the clock finishes it.
    api.update_service(SERVICE_ID, {"config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                                "instance_count": 2, "weight": 100}]})
    emu.settings(clock_offset_seconds=60, list_offset=reading, page_limit_max=2)
    emu.clear_log()
    events = api.events(SERVICE_ID)
    times = [event["occur_time"] for event in events]
    assert len(events) == 7 and times == sorted(times)
    assert "start to update service" == events[0]["event_info"]
    calls = [r for r in emu.requests() if r["path"].endswith("/events")]
    # Pages of two: offsets 0, 1, 2, 3 by page index; 0, 1 (the probe), 3, 5 by record offset.
    assert [r["query"]["offset"][0] for r in calls] == (["0", "1", "2", "3"] if reading == "page" else ["0", "1", "3", "5"])
    assert len(calls) == len(emu.requests())
