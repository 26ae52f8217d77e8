# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The core's write protocol, once for every resource and verb: what may have landed is re-read before
anything is sent again, a create is never duplicated, a concurrent twin is named."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConnectionError,
    ModelArtsError,
    ModelArtsOutcomeUnknown,
    ModelArtsServerError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import ModelArtsResponseError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Response
from ansible_collections.hwcloud.modelarts.plugins.module_utils._write import (
    Landing,
    ModelArtsTwinsError,
    WriteProtocol,
)

URL = "https://modelarts.example.invalid/v1/p/things"


def api_error(status, code="ModelArts.0104"):
    return ModelArtsApiError(status, code, "message", "req-1", "PUT", URL)


def foreign_2xx():
    """A 200 whose body is a gateway's HTML page, not the call's answer."""
    response = Response(200, {}, None, "<html>gateway</html>", method="PUT", url=URL)
    return ModelArtsResponseError(response, "an update answer (a JSON object)", "an HTML or XML page")


def lost():
    return ModelArtsConnectionError("PUT", URL, "read timed out")


UNKNOWN_OUTCOMES = [lost, lambda: api_error(500, "ModelArts.3505"), lambda: api_error(503, None), foreign_2xx]
KNOWN_FAILURES = [lambda: api_error(400), lambda: api_error(404, "ModelArts.3502"), lambda: api_error(409, "ModelArts.5044"),
                  lambda: api_error(302, None)]


class Writes:
    """A write that fails with the scripted errors, then answers."""

    def __init__(self, *errors):
        self.errors = list(errors)
        self.sent = 0

    def __call__(self):
        self.sent += 1
        if self.errors:
            raise self.errors.pop(0)
        return "answer %d" % self.sent


class Reads:
    def __init__(self, *landings):
        self.landings = list(landings)
        self.count = 0

    def __call__(self):
        self.count += 1
        return self.landings.pop(0)


@pytest.mark.parametrize("make", UNKNOWN_OUTCOMES)
def test_every_unknown_outcome_is_one_family(make):
    assert isinstance(make(), ModelArtsOutcomeUnknown)


@pytest.mark.parametrize("make", KNOWN_FAILURES)
def test_answers_given_before_anything_was_applied_are_not_in_the_family(make):
    assert not isinstance(make(), ModelArtsOutcomeUnknown)


def test_a_5xx_built_anywhere_is_a_server_error():
    error = ModelArtsApiError(502, None, "bad gateway", None, "POST", URL)
    assert isinstance(error, ModelArtsServerError) and isinstance(error, ModelArtsApiError)
    assert error.status == 502 and "HTTP 502" in str(error)


def test_an_answered_write_is_sent_once_and_never_read():
    warnings = []
    protocol = WriteProtocol(warnings.append)
    write, reread = Writes(), Reads()
    written = protocol.send("update of thing t", write, reread)
    assert written.response == "answer 1" and written.landing is None
    assert (write.sent, reread.count, protocol.wrote, warnings) == (1, 0, True, [])


@pytest.mark.parametrize("make", UNKNOWN_OUTCOMES)
@pytest.mark.parametrize("resend", [False, True])
def test_an_unknown_outcome_that_landed_is_reported_and_not_sent_again(make, resend):
    warnings = []
    protocol = WriteProtocol(warnings.append)
    write, reread = Writes(make()), Reads(Landing(True, "thing t shows the new size"))
    written = protocol.send("update of thing t", write, reread, resend=resend)
    assert written.response is None and written.landing.landed is True
    assert (write.sent, reread.count, protocol.wrote) == (1, 1, True)
    assert warnings == ["%s; thing t shows the new size, so the update of thing t landed and was not sent again." % write_error(make)]


def write_error(make):
    return str(make())


@pytest.mark.parametrize("make", UNKNOWN_OUTCOMES)
def test_an_unknown_outcome_that_did_not_land_stands_without_resend(make):
    protocol = WriteProtocol([].append)
    error = make()
    write, reread = Writes(error), Reads(Landing(None, "thing t shows the old size"))
    with pytest.raises(type(error)) as caught:
        protocol.send("update of thing t", write, reread)
    assert caught.value is error
    assert (write.sent, reread.count, protocol.wrote) == (1, 1, False)


def test_with_resend_a_write_that_did_not_land_goes_once_more_and_a_second_unknown_is_read_again():
    warnings = []
    protocol = WriteProtocol(warnings.append)
    write = Writes(lost(), lost())
    reread = Reads(Landing(None, "thing t is still there"), Landing("gone", "thing t is gone"))
    written = protocol.send("delete of thing t", write, reread, resend=True)
    assert written.landing.landed == "gone"
    assert (write.sent, reread.count, protocol.wrote) == (2, 2, True)
    assert "so the delete of thing t did not land and is sent once more" in warnings[0]
    assert "so the delete of thing t landed and was not sent again" in warnings[1]


def test_with_resend_two_unknown_outcomes_that_did_not_land_stand_after_two_writes():
    protocol = WriteProtocol([].append)
    write = Writes(lost(), lost())
    reread = Reads(Landing(None, "no"), Landing(None, "no"))
    with pytest.raises(ModelArtsConnectionError):
        protocol.send("delete of thing t", write, reread, resend=True)
    assert (write.sent, reread.count, protocol.wrote) == (2, 2, False)


@pytest.mark.parametrize("make", KNOWN_FAILURES)
def test_a_known_failure_stands_unread_and_unsent(make):
    protocol = WriteProtocol([].append)
    write, reread = Writes(make()), Reads()
    with pytest.raises(ModelArtsApiError):
        protocol.send("update of thing t", write, reread, resend=True)
    assert (write.sent, reread.count, protocol.wrote) == (1, 0, False)


class Registry:
    """Things by name; the POST adds one (or several, for a concurrent twin)."""

    def __init__(self, errors=(), lands=True, answers_id=True, twins=0):
        self.things = []
        self.errors = list(errors)
        self.lands = lands
        self.answers_id = answers_id
        self.twins = twins
        self.posts = 0
        self.lookups = 0

    def post(self):
        self.posts += 1
        if self.lands or not self.errors:
            self.things.append({"id": "id-%d" % (len(self.things) + 1), "name": "t"})
            for _twin in range(self.twins):
                self.things.append({"id": "id-%d" % (len(self.things) + 1), "name": "t"})
            self.twins = 0
        if self.errors:
            raise self.errors.pop(0)
        return {"id": self.things[0]["id"]} if self.answers_id else {}

    def lookup(self):
        self.lookups += 1
        return list(self.things)

    def create(self, protocol):
        return protocol.create_once("thing 't'", self.post, self.lookup, lambda thing: thing["id"],
                                    lambda answer: answer.get("id"))


def test_create_once_answered_checks_for_a_twin_once():
    registry = Registry()
    protocol = WriteProtocol([].append)
    assert registry.create(protocol) == "id-1"
    assert (registry.posts, registry.lookups, protocol.wrote) == (1, 1, True)


@pytest.mark.parametrize("make", UNKNOWN_OUTCOMES)
def test_create_once_after_an_unknown_outcome_finds_the_landed_create(make):
    registry = Registry(errors=[make()])
    warnings = []
    assert registry.create(WriteProtocol(warnings.append)) == "id-1"
    assert (registry.posts, registry.lookups) == (1, 1)
    assert "thing 't' exists now (id-1), so the create of thing 't' landed and was not sent again" in warnings[0]


def test_create_once_sends_again_only_when_the_lookup_found_nothing():
    registry = Registry(errors=[lost()], lands=False)
    warnings = []
    assert registry.create(WriteProtocol(warnings.append)) == "id-1"
    assert (registry.posts, len(registry.things)) == (2, 1)
    assert "no thing 't' exists, so the create of thing 't' did not land and is sent once more" in warnings[0]


def test_create_once_names_every_twin_after_an_unknown_outcome_and_sends_nothing_more():
    registry = Registry(errors=[lost()], twins=1)
    protocol = WriteProtocol([].append)
    with pytest.raises(ModelArtsTwinsError) as caught:
        registry.create(protocol)
    assert caught.value.ids == ["id-1", "id-2"] and "id-1, id-2" in str(caught.value)
    # One of the two may be this run's own: the run reports it may have changed something.
    assert registry.posts == 1 and protocol.wrote is True


def test_create_once_answered_fails_loudly_when_a_concurrent_create_made_a_twin():
    registry = Registry(twins=1)
    protocol = WriteProtocol([].append)
    with pytest.raises(ModelArtsTwinsError) as caught:
        registry.create(protocol)
    assert caught.value.ids == ["id-1", "id-2"]
    assert "Created thing 't' as id-1, but thing 't' exists as well (id-2)" in str(caught.value)
    assert registry.posts == 1 and protocol.wrote is True


def test_create_once_without_an_id_in_the_answer_takes_the_one_the_lookup_finds():
    registry = Registry(answers_id=False)
    assert registry.create(WriteProtocol([].append)) == "id-1"
    empty = Registry(answers_id=False)
    empty.post = lambda: {}
    with pytest.raises(ModelArtsError, match="answered with success but without an id"):
        empty.create(WriteProtocol([].append))
