"""Create and delete (modelarts_service: the lifecycle flow) against the fake ModelArts, in-process.

Each test runs modelarts_service's main() with its real argument spec and rules over the real
ServiceApi; only the HTTP client and the clock are fakes. Request sequences are asserted from the
fake's log: a create is never sent twice unless a read shows the first did not land.
"""

import pytest

from flow_fakes import MODEL_BROKEN, MODEL_V1

NAME = "fresh-classifier"
CONFIG = [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}]
LIST = ("GET", "services")
POST = ("POST", "services")
CREATED = "services/created-1"
GET = ("GET", CREATED)
PUT = ("PUT", CREATED)
DELETE = ("DELETE", CREATED)


@pytest.fixture(name="empty")
def empty_project(fake):
    """No service yet: the project holds none named NAME (the standard one is removed)."""
    fake.services.clear()
    return fake


def present(**params):
    return dict(dict(name=NAME, config=CONFIG), **params)


def absent(**params):
    return dict(dict(name=NAME, state="absent"), **params)


def creates(fake):
    return fake.calls("POST")


# --- the lifecycle as a specification: create, re-run, change, delete, re-run ------------------

def test_create_rerun_change_delete_rerun(empty, update):
    fake = empty
    created = update(**present(description="Fresh one"))
    assert created.failed is False and created["changed"] is True
    assert created["service"]["service_id"] == "created-1" and created["service"]["status"] == "running"
    assert fake.bodies("POST") == [{"service_name": NAME, "infer_type": "real-time", "description": "Fresh one",
                                    "config": CONFIG}]
    # Look the name up, create, look it up again (no twin made by a concurrent create), then wait:
    # deploying once, one poll interval, running.
    assert fake.calls() == [LIST, POST, LIST, GET, GET] and created["waited"] == 0.5

    fake.log.clear()
    again = update(**present(description="Fresh one"))
    assert again["changed"] is False and fake.writes() == []
    assert fake.calls() == [LIST, GET]

    fake.log.clear()
    scaled = update(**present(description="Fresh one", config=[{"model_id": MODEL_V1, "instance_count": 2}]))
    assert scaled["changed"] is True and scaled["changed_fields"] == ["config"]
    assert fake.calls() == [LIST, GET, PUT, GET, GET]
    assert fake.services["created-1"]["config"][0]["instance_count"] == 2

    fake.log.clear()
    deleted = update(**absent())
    assert deleted["changed"] is True and deleted["service"] == {}
    # The wait ends when the service is gone.
    assert fake.calls() == [LIST, GET, DELETE, GET, GET] and fake.services == {}

    fake.log.clear()
    gone = update(**absent())
    assert gone["changed"] is False and fake.calls() == [LIST]


def test_create_in_check_mode_predicts_and_shows_the_diff_without_a_write(empty, update):
    predicted = update(check_mode=True, diff=True, **present())
    assert predicted["changed"] is True
    assert predicted["service"]["service_name"] == NAME and predicted["service"]["status"] == "running"
    assert predicted["diff"]["before"] == {}
    assert predicted["diff"]["after"]["service_name"] == NAME
    assert predicted["diff"]["after"]["config"] == CONFIG
    assert empty.calls() == [LIST] and empty.services == {}


def test_delete_in_check_mode_predicts_and_shows_the_diff_without_a_write(empty, update):
    update(**present())
    empty.log.clear()
    predicted = update(check_mode=True, diff=True, **absent())
    assert predicted["changed"] is True
    assert predicted["diff"]["before"]["service_id"] == "created-1" and predicted["diff"]["after"] == {}
    assert empty.writes() == [] and "created-1" in empty.services


def test_create_without_config_fails_naming_config_before_any_write(empty, update):
    result = update(name=NAME)
    assert result.failed and "config is required to create service '%s'" % NAME in result["msg"]
    assert result["changed"] is False and empty.writes() == []


def test_a_failed_deployment_of_a_new_service_fails_with_changed_true(empty, update):
    result = update(**present(config=[dict(CONFIG[0], model_id=MODEL_BROKEN)]))
    assert result.failed and result["changed"] is True
    assert "liveness probe failed" in result["msg"]
    assert len(creates(empty)) == 1


# --- ambiguous writes: never two services ------------------------------------------------------

def test_a_post_that_landed_before_the_connection_dropped_is_not_sent_again(empty, update):
    empty.fail("POST", "^services$", drop="after")
    result = update(**present())
    assert result.failed is False and result["changed"] is True
    assert len(creates(empty)) == 1 and list(empty.services) == ["created-1"]
    # The list after the dropped POST shows the service: it is waited for, not created again.
    assert empty.calls()[:3] == [LIST, POST, LIST]
    assert any("so the create of service %r landed and was not sent again" % NAME in warning for warning in result.warnings)


@pytest.mark.parametrize("fault", [dict(status=503), dict(status=504), dict(drop="before")],
                         ids=["503", "504", "dropped before"])
def test_a_post_that_did_not_land_is_sent_once_more(empty, update, fault):
    empty.fail("POST", "^services$", **fault)
    result = update(**present())
    assert result.failed is False and result["changed"] is True
    # The list after the failed POST shows no service, so the second POST cannot duplicate one.
    assert empty.calls()[:4] == [LIST, POST, LIST, POST]
    assert len(creates(empty)) == 2 and len(empty.services) == 1
    assert any("is sent once more" in warning for warning in result.warnings)


def test_two_posts_that_did_not_land_fail_after_the_second(empty, update):
    empty.fail("POST", "^services$", status=503)
    empty.fail("POST", "^services$", status=503)
    result = update(**present())
    assert result.failed and result["changed"] is False
    assert result["error"]["status"] == 503 and result["error"]["error_code"] == "ModelArts.6101"
    assert len(creates(empty)) == 2 and empty.services == {}


def test_a_delete_that_landed_before_the_connection_dropped_is_not_sent_again(empty, update):
    update(**present())
    empty.log.clear()
    empty.fail("DELETE", "^services/", drop="after")
    result = update(**absent())
    assert result.failed is False and result["changed"] is True
    assert empty.calls("DELETE") == [DELETE] and empty.services == {}
    assert any("so the delete of service" in warning and "landed and was not sent again" in warning
               for warning in result.warnings)


@pytest.mark.parametrize("fault", [dict(status=503), dict(drop="before")], ids=["503", "dropped before"])
def test_a_delete_that_did_not_land_is_sent_once_more(empty, update, fault):
    update(**present())
    empty.log.clear()
    empty.fail("DELETE", "^services/", **fault)
    result = update(**absent())
    assert result.failed is False and result["changed"] is True
    assert empty.calls("DELETE") == [DELETE, DELETE] and empty.services == {}


# --- answers that are not the API's: never a second service, never a blind write ----------------

PROXY_PAGE = "<html><body>Session expired: sign in again</body></html>"


def test_a_post_answered_by_a_foreign_page_after_it_landed_is_not_sent_again(empty, update):
    empty.fail("POST", "^services$", answer=(200, PROXY_PAGE), landed=True)
    result = update(**present())
    assert result.failed is False and result["changed"] is True
    assert len(creates(empty)) == 1 and list(empty.services) == ["created-1"]
    assert empty.calls()[:3] == [LIST, POST, LIST]
    assert any("an HTML or XML page" in warning and "landed and was not sent again" in warning for warning in result.warnings)


def test_a_post_answered_by_a_foreign_page_that_did_not_land_is_sent_once_more(empty, update):
    empty.fail("POST", "^services$", answer=(200, PROXY_PAGE))
    result = update(**present())
    assert result.failed is False and result["changed"] is True
    assert empty.calls()[:4] == [LIST, POST, LIST, POST]
    assert len(creates(empty)) == 2 and len(empty.services) == 1


@pytest.mark.parametrize("answer", ['{"service_id": "../../other"}', '{"service_id": 17}', '{"service_id": ""}'],
                         ids=["path", "number", "empty"])
def test_a_post_answer_naming_an_unusable_id_is_never_used_in_a_url(empty, update, answer):
    empty.fail("POST", "^services$", answer=(200, answer), landed=True)
    result = update(**present())
    # The service the POST created is found by its name instead; nothing goes to the odd id.
    assert result.failed is False and result["changed"] is True
    assert len(creates(empty)) == 1 and list(empty.services) == ["created-1"]
    assert not [path for _method, path, _body in empty.log if "other" in path or "17" in path]


def test_a_delete_answered_by_a_foreign_page_is_resolved_by_reading_again(empty, update):
    update(**present())
    empty.log.clear()
    empty.fail("DELETE", "^services/", answer=(200, PROXY_PAGE))
    result = update(**absent())
    # The page came from something in front of the API: the re-read shows the service still
    # running, so the delete is sent once more, and it lands.
    assert result.failed is False and result["changed"] is True
    assert empty.calls("DELETE") == [DELETE, DELETE] and empty.services == {}
    assert any("an HTML or XML page" in warning for warning in result.warnings)
