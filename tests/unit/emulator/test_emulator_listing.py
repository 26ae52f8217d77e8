"""Service list filters, sorting and paging; the specifications list."""

import pytest

import emulator_testkit as kit
from emulator_testkit import config_entry


@pytest.fixture
def many(emu, api):
    """Twelve more services named item-00 .. item-11 with increasing publish_at."""
    services = []
    for index in range(12):
        services.append({"service_id": "00000000-0000-4000-8000-%012d" % index, "service_name": "item-%02d" % index,
                         "project_id": kit.P1, "status": "running" if index % 2 else "stopped",
                         "publish_at": 1700000000000 + index * 1000, "workspace_id": "ws-%d" % (index % 3),
                         "config": [config_entry(kit.M2 if index % 4 == 0 else kit.M1)]})
    emu.seed({"services": services})
    return api


def names(response):
    assert response.status_code == 200, response.text
    return [service["service_name"] for service in response.json()["services"]]


def test_list_items_have_no_config(api):
    body = api.get("/services").json()
    assert body["total_count"] == body["count"] == 3
    item = body["services"][0]
    assert "config" not in item
    for key in ("service_id", "service_name", "status", "infer_type", "owner", "tenant", "project", "publish_at", "workspace_id"):
        assert key in item


def test_paging(emu, many):
    everything = names(many.get("/services", params={"sort_by": "service_name", "order": "asc"}))
    assert len(everything) == 15
    pages = []
    page = 0
    while True:
        # offset is the page number ("start page" in the reference).
        body = many.get("/services", params={"sort_by": "service_name", "order": "asc", "offset": page, "limit": 4}).json()
        assert body["total_count"] == 15
        pages.extend(service["service_name"] for service in body["services"])
        page += 1
        if body["count"] < 4:
            break
    assert pages == everything and page == 4
    emu.state.update_settings({"page_limit_max": 5})
    capped = many.get("/services", params={"limit": 1000}).json()
    assert capped["count"] == 5 and capped["total_count"] == 15
    second = many.get("/services", params={"limit": 1000, "offset": 1, "sort_by": "service_name", "order": "asc"}).json()
    assert [service["service_name"] for service in second["services"]] == everything[5:10]
    assert many.get("/services", params={"offset": 100}).json()["services"] == []


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": "ten"}, {"offset": -1}, {"sort_by": "status"}, {"order": "up"}])
def test_bad_paging_parameters(many, params):
    kit.assert_error(many.get("/services", params=params), 400, "ModelArts.0101")


def test_default_sort_is_publish_at_desc(many):
    listed = names(many.get("/services"))
    assert listed[-12:] == ["item-%02d" % index for index in range(11, -1, -1)]
    assert names(many.get("/services", params={"order": "asc"}))[:12] == ["item-%02d" % index for index in range(12)]


def test_filters(many):
    assert names(many.get("/services", params={"service_name": "ITEM-1"})) == ["item-11", "item-10"]
    assert len(names(many.get("/services", params={"service_name": "item"}))) == 12
    assert names(many.get("/services", params={"service_id": "00000000-0000-4000-8000-000000000003"})) == ["item-03"]
    assert len(names(many.get("/services", params={"status": "stopped"}))) == 7
    assert len(names(many.get("/services", params={"model_id": kit.M2}))) == 4
    assert len(names(many.get("/services", params={"workspace_id": "ws-1"}))) == 4
    assert names(many.get("/services", params={"infer_type": "batch"})) == []
    assert len(names(many.get("/services", params={"infer_type": "real-time", "status": "running"}))) == 8


def test_list_is_per_project(emu):
    assert kit.ApiClient(emu.url, kit.P2, kit.TOKEN_P2).get("/services").json()["total_count"] == 0


def test_specifications(api):
    body = api.get("/services/specifications").json()
    assert body["total_count"] == body["count"] == len(body["specifications"])
    names_ = [flavor["specification"] for flavor in body["specifications"]]
    assert "modelarts.vm.cpu.2u" in names_ and "custom" not in names_
    flavor = body["specifications"][names_.index("modelarts.vm.cpu.2u")]
    assert flavor["cpu_info"]["cpu"] == 2.0 and flavor["memory_info"]["memory"] == 8 and flavor["is_open"] is True
    personal = api.get("/services/specifications", params={"is_personal_cluster": "true"}).json()
    assert "custom" in [flavor["specification"] for flavor in personal["specifications"]]
    # Here offset counts records ("start offset of the returned data").
    page = api.get("/services/specifications", params={"offset": 1, "limit": 2}).json()
    assert page["count"] == 2 and page["specifications"][0]["specification"] == names_[1]
    kit.assert_error(api.get("/services/specifications", params={"infer_type": "edge"}), 400, "ModelArts.0101")


def test_list_offset_setting_switches_services_and_events_to_record_offsets(emu, many):
    everything = names(many.get("/services", params={"sort_by": "service_name", "order": "asc"}))
    params = {"sort_by": "service_name", "order": "asc", "offset": 2, "limit": 4}
    assert names(many.get("/services", params=params)) == everything[8:12]
    emu.state.update_settings({"list_offset": "record"})
    assert names(many.get("/services", params=params)) == everything[2:6]
    assert many.put("/services/" + kit.S_RUN, {"config": [config_entry(kit.M2)]}).status_code == 200
    many.release(kit.S_RUN)  # the deployment is over: all its events are there
    events = many.get("/services/%s/events" % kit.S_RUN, params={"order": "asc"}).json()["events"]
    assert len(events) == 7
    shifted = many.get("/services/%s/events" % kit.S_RUN, params={"order": "asc", "offset": 1, "limit": 1}).json()
    assert shifted["events"] == events[1:2]
    # Specifications count records under either setting, as their page says.
    assert many.get("/services/specifications", params={"offset": 1, "limit": 2}).json()["count"] == 2
    with pytest.raises(ValueError):
        emu.state.update_settings({"list_offset": "pages"})
    emu.state.update_settings({"list_offset": "page"})
    assert names(many.get("/services", params=params)) == everything[8:12]


@pytest.mark.parametrize("reading", ["page", "record"])
def test_past_end_error_setting_refuses_pages_past_the_end_of_services_events_and_models(emu, many, reading):
    """Sibling ModelArts list APIs answer a page past the end with 400 ModelArts.6400, not an empty page."""
    emu.state.update_settings({"past_end": "error", "list_offset": reading})
    assert many.put("/services/" + kit.S_RUN, {"config": [config_entry(kit.M2)]}).status_code == 200
    many.release(kit.S_RUN)
    last = {"page": 3, "record": 14}[reading]  # 15 services, 4 a page: page 3 or record 14 is the last one
    assert names(many.get("/services", params={"offset": last, "limit": 4}))
    kit.assert_error(many.get("/services", params={"offset": last + 1, "limit": 4}), 400, "ModelArts.6400")
    events = "/services/%s/events" % kit.S_RUN
    assert many.get(events, params={"offset": {"page": 6, "record": 6}[reading], "limit": 1}).json()["count"] == 1
    kit.assert_error(many.get(events, params={"offset": 7, "limit": 1}), 400, "ModelArts.6400")
    models = many.get("/models").json()["total_count"]
    kit.assert_error(many.get("/models", params={"offset": models, "limit": 1}), 400, "ModelArts.6400")
    assert many.get("/models", params={"offset": models - 1, "limit": 1}).json()["count"] == 1
    # Page 0 is never past the end, even of an empty list; specifications keep their record offset.
    empty = many.get("/services", params={"service_name": "no-such-service"}).json()
    assert empty["total_count"] == 0 and empty["services"] == []
    assert many.get("/services/specifications", params={"offset": 100}).json()["specifications"] == []
    emu.state.update_settings({"past_end": "empty"})
    assert many.get("/services", params={"offset": last + 1, "limit": 4}).json()["services"] == []
    with pytest.raises(ValueError):
        emu.state.update_settings({"past_end": "refuse"})
