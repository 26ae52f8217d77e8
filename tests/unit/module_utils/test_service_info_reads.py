# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What modelarts_service_info reads (_service/info.py), and how many requests that costs, with a fake service API."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError, ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.info import INFO_OPTIONS, read_services, run_service_info


class ListedServiceApi:
    """A ServiceApi whose list shows ``summaries`` and whose GETs of ``gone`` ids answer 404: a unit test of how
    the info reads join list and detail answers, call by call (the module against the emulator:
    tests/integration/test_modelarts_service_info.py)."""

    def __init__(self, summaries, gone=()):
        self.summaries = summaries
        self.gone = set(gone)
        self.calls = []

    def list_services(self, **filters):
        self.calls.append(("list", tuple(sorted((k, v) for k, v in filters.items() if v is not None))))
        wanted = filters.get("service_id")
        return [dict(s) for s in self.summaries if wanted in (None, s["service_id"])]

    def services_named(self, name, **filters):
        return [s for s in self.list_services(service_name=name, **filters) if s["service_name"] == name]

    def find_service(self, service_id):
        self.calls.append(("get", service_id))
        if service_id in self.gone:
            return None
        return dict(next(s for s in self.summaries if s["service_id"] == service_id), config=[{"model_id": "m"}])

    def _history(self, kind, service_id):
        self.calls.append((kind, service_id))
        if service_id in self.gone:
            raise ModelArtsApiError(404, "ModelArts.3502", "gone", "rid", "GET", "u")
        return [{"kind": kind}]

    def update_records(self, service_id):
        return self._history("logs", service_id)

    def events(self, service_id, event_type=None):
        return self._history("events", service_id)


def params(**values):
    base = dict((name, spec.get("default")) for name, spec in INFO_OPTIONS.items())
    base.update(values)
    return base


SUMMARIES = [{"service_id": "a", "service_name": "svc"}, {"service_id": "b", "service_name": "svc-b"},
             {"service_id": "c", "service_name": "svc"}]


def kinds(api):
    return [call[0] for call in api.calls]


def test_a_listing_returns_the_list_entries_without_gets():
    api = ListedServiceApi(SUMMARIES)
    assert read_services(api, params()) == SUMMARIES
    assert kinds(api) == ["list"]


def test_details_true_reads_every_match_in_full():
    api = ListedServiceApi(SUMMARIES)
    services = read_services(api, params(details=True))
    assert [s["service_id"] for s in services] == ["a", "b", "c"] and all("config" in s for s in services)
    assert kinds(api) == ["list", "get", "get", "get"]


def test_a_name_is_read_in_full_unless_details_is_false():
    api = ListedServiceApi(SUMMARIES)
    assert [s["service_id"] for s in read_services(api, params(name="svc")) if "config" in s] == ["a", "c"]
    assert kinds(api) == ["list", "get", "get"]
    api = ListedServiceApi(SUMMARIES)
    assert read_services(api, params(name="svc", details=False)) == [SUMMARIES[0], SUMMARIES[2]]
    assert kinds(api) == ["list"]


def test_a_service_id_is_one_get_or_one_filtered_list_request():
    api = ListedServiceApi(SUMMARIES)
    assert [s["service_id"] for s in read_services(api, params(service_id="b"))] == ["b"]
    assert api.calls == [("get", "b")]
    api = ListedServiceApi(SUMMARIES)
    assert read_services(api, params(service_id="b", details=False)) == [SUMMARIES[1]]
    assert api.calls == [("list", (("service_id", "b"),))]


@pytest.mark.parametrize("details", [False, True])
def test_a_service_deleted_after_the_list_is_left_out(details):
    api = ListedServiceApi(SUMMARIES, gone=["b"])
    services = read_services(api, params(details=details, include_update_records=True, include_events=True))
    assert [s["service_id"] for s in services] == ["a", "c"]
    assert services[0]["update_records"] == [{"kind": "logs"}] and services[0]["events"] == [{"kind": "events"}]


@pytest.mark.parametrize("status, code", [(403, "ModelArts.0108"), (404, "APIG.0101")])
def test_other_errors_of_the_history_calls_are_raised(status, code):
    api = ListedServiceApi(SUMMARIES)

    def refuse(service_id, event_type=None):
        raise ModelArtsApiError(status, code, "denied", "rid", "GET", "u")

    api.events = refuse
    with pytest.raises(ModelArtsApiError):
        read_services(api, params(include_events=True))


class UncheckedRun:
    """A ModuleRun whose client must not be built: the options are checked first."""

    def __init__(self, params):
        self.params = params

    @property
    def client(self):
        raise AssertionError("the client was built before the options were checked")


@pytest.mark.parametrize("values, message", [
    (dict(event_type="normal"), "event_type requires include_events=true."),
    (dict(service_id=" "), "service_id must not be empty."),
])
def test_bad_options_fail_before_the_client_is_built(values, message):
    with pytest.raises(ModelArtsConfigError, match=message):
        run_service_info(UncheckedRun(params(**values)))
