"""Create and delete (modelarts_service: the lifecycle flow) against the emulator, in-process.

Each test runs modelarts_service's main() with its real argument spec, rules, client and transport;
only the module's clock is the test's (flow_world.ModuleClock). Request sequences are asserted from
the emulator's request log: a create is never sent twice unless a read shows the first did not land.
"""

import pytest

from integration.harness import MODEL_BROKEN, MODEL_V1

NAME = "fresh-classifier"
CONFIG = [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}]
LIST = ("GET", "services")
POST = ("POST", "services")


def paths(service_id):
    """(GET, PUT, DELETE) of the created service."""
    return tuple((method, "services/" + service_id) for method in ("GET", "PUT", "DELETE"))


@pytest.fixture(name="empty")
def empty_project(world):
    """No service yet: the project holds none (the standard world without its service)."""
    world.empty_project()
    return world


def present(**params):
    return dict(dict(name=NAME, config=CONFIG), **params)


def absent(**params):
    return dict(dict(name=NAME, state="absent"), **params)


def creates(world):
    return world.calls("POST")


# --- the lifecycle as a specification: create, re-run, change, delete, re-run ------------------

def test_create_rerun_change_delete_rerun(empty, update):
    created = update(**present(description="Fresh one"))
    assert created.failed is False and created["changed"] is True
    service_id = created["service"]["service_id"]
    GET, PUT, DELETE = paths(service_id)  # pylint: disable=invalid-name
    assert empty.service_ids() == [service_id] and created["service"]["status"] == "running"
    assert empty.bodies("POST") == [{"service_name": NAME, "infer_type": "real-time", "description": "Fresh one",
                                    "config": CONFIG}]
    # Look the name up, create, look it up again (no twin made by a concurrent create), then wait:
    # deploying once, one poll interval, running.
    assert empty.calls() == [LIST, POST, LIST, GET, GET] and created["waited"] == 0.5

    empty.clear_log()
    again = update(**present(description="Fresh one"))
    assert again["changed"] is False and empty.writes() == []
    assert empty.calls() == [LIST, GET]

    empty.clear_log()
    scaled = update(**present(description="Fresh one", config=[{"model_id": MODEL_V1, "instance_count": 2}]))
    assert scaled["changed"] is True and scaled["changed_fields"] == ["config"]
    assert empty.calls() == [LIST, GET, PUT, GET, GET]
    assert empty.service(service_id)["config"][0]["instance_count"] == 2

    empty.clear_log()
    deleted = update(**absent())
    assert deleted["changed"] is True and deleted["service"] == {}
    # The wait ends when the service is gone.
    assert empty.calls() == [LIST, GET, DELETE, GET, GET] and empty.service(service_id) is None

    empty.clear_log()
    gone = update(**absent())
    assert gone["changed"] is False and empty.calls() == [LIST]


def test_create_in_check_mode_predicts_and_shows_the_diff_without_a_write(empty, update):
    predicted = update(check_mode=True, diff=True, **present())
    assert predicted["changed"] is True
    assert predicted["service"]["service_name"] == NAME and predicted["service"]["status"] == "running"
    assert predicted["diff"]["before"] == {}
    assert predicted["diff"]["after"]["service_name"] == NAME
    assert predicted["diff"]["after"]["config"] == CONFIG
    assert empty.calls() == [LIST] and empty.service_ids() == []


def test_delete_in_check_mode_predicts_and_shows_the_diff_without_a_write(empty, update):
    service_id = update(**present())["service"]["service_id"]
    empty.clear_log()
    predicted = update(check_mode=True, diff=True, **absent())
    assert predicted["changed"] is True
    assert predicted["diff"]["before"]["service_id"] == service_id and predicted["diff"]["after"] == {}
    assert empty.writes() == [] and empty.service_ids() == [service_id]


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
    assert len(creates(empty)) == 1 and empty.service_ids() == [result["service"]["service_id"]]
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
    assert len(creates(empty)) == 2 and len(empty.service_ids()) == 1
    assert any("is sent once more" in warning for warning in result.warnings)


def test_two_posts_that_did_not_land_fail_after_the_second(empty, update):
    empty.fail("POST", "^services$", status=503, error_code="ModelArts.6101", count=2)
    result = update(**present())
    assert result.failed and result["changed"] is False
    assert result["error"]["status"] == 503 and result["error"]["error_code"] == "ModelArts.6101"
    assert len(creates(empty)) == 2 and empty.service_ids() == []


def test_a_delete_that_landed_before_the_connection_dropped_is_not_sent_again(empty, update):
    service_id = update(**present())["service"]["service_id"]
    DELETE = ("DELETE", "services/" + service_id)  # pylint: disable=invalid-name
    empty.clear_log()
    empty.fail("DELETE", "^services/", drop="after")
    result = update(**absent())
    assert result.failed is False and result["changed"] is True
    assert empty.calls("DELETE") == [DELETE] and empty.service_ids() == []
    assert any("so the delete of service" in warning and "landed and was not sent again" in warning
               for warning in result.warnings)


@pytest.mark.parametrize("fault", [dict(status=503), dict(drop="before")], ids=["503", "dropped before"])
def test_a_delete_that_did_not_land_is_sent_once_more(empty, update, fault):
    service_id = update(**present())["service"]["service_id"]
    DELETE = ("DELETE", "services/" + service_id)  # pylint: disable=invalid-name
    empty.clear_log()
    empty.fail("DELETE", "^services/", **fault)
    result = update(**absent())
    assert result.failed is False and result["changed"] is True
    assert empty.calls("DELETE") == [DELETE, DELETE] and empty.service_ids() == []


# --- answers that are not the API's: never a second service, never a blind write ----------------

PROXY_PAGE = "<html><body>Session expired: sign in again</body></html>"


def test_a_post_answered_by_a_foreign_page_after_it_landed_is_not_sent_again(empty, update):
    empty.fail("POST", "^services$", answer=PROXY_PAGE, landed=True)
    result = update(**present())
    assert result.failed is False and result["changed"] is True
    assert len(creates(empty)) == 1 and empty.service_ids() == [result["service"]["service_id"]]
    assert empty.calls()[:3] == [LIST, POST, LIST]
    assert any("an HTML or XML page" in warning and "landed and was not sent again" in warning for warning in result.warnings)


def test_a_post_answered_by_a_foreign_page_that_did_not_land_is_sent_once_more(empty, update):
    empty.fail("POST", "^services$", answer=PROXY_PAGE)
    result = update(**present())
    assert result.failed is False and result["changed"] is True
    assert empty.calls()[:4] == [LIST, POST, LIST, POST]
    assert len(creates(empty)) == 2 and len(empty.service_ids()) == 1


@pytest.mark.parametrize("answer", ['{"service_id": "../../other"}', '{"service_id": 17}', '{"service_id": ""}'],
                         ids=["path", "number", "empty"])
def test_a_post_answer_naming_an_unusable_id_is_never_used_in_a_url(empty, update, answer):
    empty.fail("POST", "^services$", answer=answer, landed=True)
    result = update(**present())
    # The service the POST created is found by its name instead; nothing goes to the odd id.
    assert result.failed is False and result["changed"] is True
    assert len(creates(empty)) == 1 and empty.service_ids() == [result["service"]["service_id"]]
    assert not [path for _method, path in empty.calls() if "other" in path or path.endswith("/17")]


def test_a_delete_answered_by_a_foreign_page_is_resolved_by_reading_again(empty, update):
    service_id = update(**present())["service"]["service_id"]
    DELETE = ("DELETE", "services/" + service_id)  # pylint: disable=invalid-name
    empty.clear_log()
    empty.fail("DELETE", "^services/", answer=PROXY_PAGE)
    result = update(**absent())
    # The page came from something in front of the API: the re-read shows the service still
    # running, so the delete is sent once more, and it lands.
    assert result.failed is False and result["changed"] is True
    assert empty.calls("DELETE") == [DELETE, DELETE] and empty.service_ids() == []
    assert any("an HTML or XML page" in warning for warning in result.warnings)
