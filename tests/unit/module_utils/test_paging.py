# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The list pager under both readings of offset, with a fake list API (no HTTP)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import urlsplit

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import TokenAuth
from ansible_collections.hwcloud.modelarts.plugins.module_utils._client import PAGE_SIZE, ModelArtsClient
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._paging import ModelArtsPagingError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import ModelArtsResponseError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Response

ENDPOINT = "https://modelarts.cn-north-4.myhuaweicloud.com"
IAM = "https://iam.cn-north-4.myhuaweicloud.com"
PROJECT = "0a1b2c3d"
READINGS = ("page", "record")


class FakeListApi:
    """A list API over ``records`` that reads offset as a page index or as a record offset."""

    def __init__(self, records, reading="page", cap=1000, key="services", total=None):
        self.records = records
        self.reading = reading
        self.cap = cap
        self.key = key
        self.total = total
        self.calls = []

    def answer(self, query):
        limit, offset = min(int(query["limit"]), self.cap), int(query["offset"])
        start = offset * limit if self.reading == "page" else offset
        batch = self.records[start:start + limit]
        total = len(self.records) if self.total is None else self.total
        return {"total_count": total, "count": len(batch), self.key: batch}

    def request(self, method, url, pairs=None, body=None, headers=None, signer=None, creates_nothing=False):
        # A pager that never stops must fail, not hang the run.
        assert len(self.calls) < 100, "too many requests"
        query = dict(pairs or [])
        self.calls.append((method, urlsplit(url).path, list(pairs or [])))
        return Response(200, {}, self.answer(query), "")

    def offsets(self):
        return [dict(pairs)["offset"] for _method, _path, pairs in self.calls]


def api_over(fake):
    return ServiceApi(ModelArtsClient(fake, TokenAuth("t"), ENDPOINT, IAM, project_id=PROJECT))


def services(count, name="svc"):
    return [{"service_id": "id-%05d" % n, "service_name": "%s-%d" % (name, n)} for n in range(count)]


def service_ids(listed):
    return [service["service_id"] for service in listed]


# Both readings, the sizes that matter: (services, list requests by page index, by record offset).
SIZES = [(1, 1, 1), (1000, 1, 1), (1001, 2, 2), (2500, 3, 4)]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("count, page_requests, record_requests", SIZES)
def test_every_service_once_with_the_fewest_requests(reading, count, page_requests, record_requests):
    everything = services(count)
    fake = FakeListApi(everything, reading)
    listed = api_over(fake).list_services()
    assert len(listed) == count
    assert len(set(service_ids(listed))) == count
    assert listed == everything  # in the list's (ascending) order
    assert len(fake.calls) == (page_requests if reading == "page" else record_requests)
    first = dict(fake.calls[0][2])
    assert (first["limit"], first["offset"], first["sort_by"], first["order"]) == (1000, 0, "publish_at", "asc")
    assert PAGE_SIZE == 1000


def test_offsets_sent_under_each_reading():
    fake = FakeListApi(services(2500), "page")
    api_over(fake).list_services()
    assert fake.offsets() == [0, 1, 2]
    fake = FakeListApi(services(2500), "record")
    api_over(fake).list_services()
    # offset=1 overlaps the first page, so offset counts records from then on.
    assert fake.offsets() == [0, 1, 1001, 2001]


@pytest.mark.parametrize("reading, offsets", [("page", [0, 1, 2]), ("record", [0, 1, 501, 1001])])
def test_a_server_that_caps_the_page_size(reading, offsets):
    everything = services(1205)
    fake = FakeListApi(everything, reading, cap=500)
    assert api_over(fake).list_services() == everything
    assert fake.offsets() == offsets
    # After the first page the pager asks for the page size the server gives.
    assert [dict(pairs)["limit"] for _m, _p, pairs in fake.calls] == [1000] + [500] * (len(offsets) - 1)


@pytest.mark.parametrize("reading", READINGS)
def test_a_page_size_of_one_reads_the_same_under_both_readings(reading):
    everything = services(4)
    fake = FakeListApi(everything, reading, cap=1)
    assert api_over(fake).list_services() == everything
    assert fake.offsets() == [0, 1, 2, 3]


def test_filters_come_first_sorted_then_sort_order_and_paging():
    fake = FakeListApi([])
    assert api_over(fake).list_services(service_name="a", infer_type=None, status="running") == []
    method, path, pairs = fake.calls[0]
    assert (method, path) == ("GET", "/v1/%s/services" % PROJECT)
    assert pairs == [("service_name", "a"), ("status", "running"), ("sort_by", "publish_at"), ("order", "asc"),
                     ("limit", 1000), ("offset", 0)]
    assert len(fake.calls) == 1


@pytest.mark.parametrize("reading", READINGS)
def test_events_are_paged_oldest_first_and_deduplicated_by_whole_record(reading):
    events = [{"event_type": "normal", "event_info": "step %d" % n, "occur_time": 1000 + n} for n in range(1500)]
    fake = FakeListApi(events, reading, key="events")
    assert api_over(fake).events("s-1", event_type="abnormal") == events
    assert len(fake.calls) == (2 if reading == "page" else 3)
    method, path, pairs = fake.calls[0]
    assert path == "/v1/%s/services/s-1/events" % PROJECT
    assert pairs[:3] == [("event_type", "abnormal"), ("sort_by", "occur_time"), ("order", "asc")]


def test_identical_events_are_kept_once_and_do_not_fail_the_count():
    event = {"event_type": "normal", "event_info": "pull image success", "occur_time": 5}
    fake = FakeListApi([event, dict(event), {"event_type": "normal", "event_info": "other", "occur_time": 6}], key="events")
    assert api_over(fake).events("s") == [event, {"event_type": "normal", "event_info": "other", "occur_time": 6}]
    assert len(fake.calls) == 1


def test_a_service_created_while_paging_lands_at_the_end():
    everything = services(1500)
    fake = FakeListApi(everything, "page")
    answer = fake.answer

    def growing(query):
        body = answer(query)
        if query["offset"] == 0:
            everything.append({"service_id": "id-new", "service_name": "svc-new"})
        return body

    fake.answer = growing
    listed = api_over(fake).list_services()
    assert len(listed) == 1501 and service_ids(listed)[-1] == "id-new"
    assert len(fake.calls) == 2


# Misbehaving servers fail clearly, never loop and never return a partial list.

def test_a_server_that_ignores_offset_fails_clearly():
    everything = services(2500)
    fake = FakeListApi(everything)
    fake.answer = lambda query: {"total_count": 2500, "services": everything[:1000]}
    with pytest.raises(ModelArtsPagingError) as caught:
        api_over(fake).list_services()
    message = str(caught.value)
    assert "offset=1" in message and "total_count is 2500" in message and "1000 distinct" in message
    assert "/v1/%s/services" % PROJECT in message
    assert isinstance(caught.value, ModelArtsError)
    assert len(fake.calls) == 2


def test_a_total_count_the_pages_never_reach_fails_clearly():
    fake = FakeListApi(services(2000), total=5000)
    with pytest.raises(ModelArtsPagingError) as caught:
        api_over(fake).list_services()
    assert "no records" in str(caught.value) and "total_count is 5000" in str(caught.value)
    assert fake.offsets() == [0, 1, 2]


def test_an_empty_first_page_with_a_total_fails():
    fake = FakeListApi([], total=3)
    with pytest.raises(ModelArtsPagingError, match="empty first page but total_count 3"):
        api_over(fake).list_services()


def test_a_short_page_before_the_end_fails_under_the_page_reading():
    everything = services(2500)
    fake = FakeListApi(everything)
    answer = fake.answer

    def short_middle(query):
        body = answer(query)
        if query["offset"] == 1:
            body["services"] = body["services"][:999]
        return body

    fake.answer = short_middle
    with pytest.raises(ModelArtsPagingError, match="999 records of 1000 before the end"):
        api_over(fake).list_services()


def test_requests_are_bounded_by_total_count():
    # Record offsets, but every page after the probe brings one new service only.
    everything = services(3000)
    fake = FakeListApi(everything, "record")
    answer = fake.answer

    def trickle(query):
        body = answer(query)
        if query["offset"] > 1:
            body["services"] = body["services"][:1]
        return body

    fake.answer = trickle
    with pytest.raises(ModelArtsPagingError, match="more than 4 requests for total_count 3000"):
        api_over(fake).list_services()
    assert len(fake.calls) == 4


@pytest.mark.parametrize("body, message", [
    ({"services": []}, "without a valid total_count"),
    ({"services": [], "total_count": "3"}, "without a valid total_count"),
    ({"services": [], "total_count": True}, "without a valid total_count"),
])
def test_list_pages_without_a_valid_total_count_fail(body, message):
    fake = FakeListApi([])
    fake.answer = lambda query: body
    with pytest.raises(ModelArtsPagingError, match=message):
        api_over(fake).list_services()


# Pages that are not a list of service objects fail on their shape before the pager reads them,
# with the status and an excerpt of the answer.
@pytest.mark.parametrize("body, found", [
    ({"total_count": 1}, "a JSON object without a list under 'services'"),
    ({"services": ["id-1"], "total_count": 1}, "a list under 'services' holding a non-object"),
    ({"services": [{"service_name": "no id"}], "total_count": 1},
     "a list under 'services' with an item without a string service_id"),
    (["not", "an", "object"], "a JSON list"),
])
def test_list_pages_that_are_not_a_list_of_services_fail_on_their_shape(body, found):
    fake = FakeListApi([])
    fake.answer = lambda query: body
    with pytest.raises(ModelArtsResponseError) as raised:
        api_over(fake).list_services()
    assert raised.value.found == found
    assert raised.value.status == 200


# Name lookup: the service_name filter matches substrings; the exact check is ours.

@pytest.mark.parametrize("reading, requests", [("page", 2), ("record", 3)])
def test_name_lookup_among_1205_names_sharing_a_prefix(reading, requests):
    shared = [{"service_id": "id-%05d" % n, "service_name": "fraud-scoring" if n == 1204 else "fraud-scoring-%d" % n}
              for n in range(1205)]
    fake = FakeListApi(shared, reading)
    api = api_over(fake)
    assert api.service_id_for(name="fraud-scoring") == "id-01204"
    assert len(fake.calls) == requests
    assert all(dict(pairs)["service_name"] == "fraud-scoring" for _m, _p, pairs in fake.calls)
