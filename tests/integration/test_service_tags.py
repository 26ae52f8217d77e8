"""modelarts_service's tags against the emulator: added at creation, added on an existing service when the
project's tag list (ListServiceTags, the v1 API's only tag read) proves them missing, never written on a re-run,
and a tag write without a clear answer re-read before anything is sent again."""

import pytest

from integration.harness import MODEL_V1, PROJECT_ID, SERVICE_ID, module_task

MODULE = "hwcloud.modelarts.modelarts_service"
OTHER_ID = "5e0c1d2e-aaaa-4bbb-8ccc-0000000000b2"
CONFIG = [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}]
TAGS = [{"key": "team", "value": "vision"}, {"key": "cost-centre", "value": "cc-4711"}]


def task(title, ignore_errors=False, check_mode=None, diff=None, **args):
    return module_task(MODULE, title, args, ignore_errors=ignore_errors, check_mode=check_mode, diff=diff)


def tag_writes(emu):
    return [r for r in emu.writes() if r["path"].endswith("/tags/create")]


def tag_reads(emu):
    return [r for r in emu.requests() if r["path"].endswith("/services/tms/tags")]


def seed_other_service(emu, tags):
    emu.seed({"services": [{"service_id": OTHER_ID, "service_name": "speech", "project_id": PROJECT_ID,
                            "infer_type": "real-time", "status": "running", "config": CONFIG}]})
    emu.tags(OTHER_ID, **tags)


def test_a_created_service_gets_its_tags_check_apply_reapply(emu, in_process):
    wanted = dict(name="tagged", config=CONFIG, tags=TAGS)
    result = in_process.run([task("check", check_mode=True, **wanted), task("apply", **wanted), task("again", **wanted)])
    assert result.rc == 0, result.stdout
    check, apply, again = (result.task(name) for name in ("check", "apply", "again"))
    assert [check["changed"], apply["changed"], again["changed"]] == [True, True, False]
    assert check["tags_added"] == apply["tags_added"] == {"team": "vision", "cost-centre": "cc-4711"}
    assert "tags" in check["changed_fields"] and "tags" in apply["changed_fields"]
    service_id = apply["service"]["service_id"]
    assert emu.tags(service_id) == {"team": "vision", "cost-centre": "cc-4711"}
    assert [r["method"] for r in emu.writes()] == ["POST", "POST"], "the create, then the tags: once each"
    assert tag_writes(emu)[0]["body"] == {"tags": [{"key": "cost-centre", "value": "cc-4711"},
                                                   {"key": "team", "value": "vision"}]}
    # The re-run cannot tell the tags are this service's (the project's list is all it has), so it sends nothing
    # and says so.
    assert again["tags_added"] == {} and again["tags_unconfirmed"] == ["cost-centre", "team"]


def test_tags_the_project_lacks_are_added_to_an_existing_service_and_a_value_is_replaced(emu, in_process):
    emu.tags(SERVICE_ID, team="speech", keep="me")
    wanted = dict(service_id=SERVICE_ID, tags=TAGS)
    result = in_process.run([task("check", check_mode=True, diff=True, **wanted), task("apply", **wanted),
                             task("again", **wanted)])
    assert result.rc == 0, result.stdout
    check, apply, again = (result.task(name) for name in ("check", "apply", "again"))
    assert [check["changed"], apply["changed"], again["changed"]] == [True, True, False]
    assert check["diff"] == {"before": {"tags": {}}, "after": {"tags": {"team": "vision", "cost-centre": "cc-4711"}}}
    assert apply["changed_fields"] == ["tags"] and apply["tags_unconfirmed"] == []
    # A key the service has gets the new value; tags the task does not name stay.
    assert emu.tags(SERVICE_ID) == {"team": "vision", "cost-centre": "cc-4711", "keep": "me"}
    assert [(r["method"], r["path"].rsplit("/", 2)[-2:]) for r in emu.writes()] == [("POST", ["tags", "create"])]
    assert not [r for r in emu.requests() if r["method"] == "PUT"], "tags alone send no service update"
    assert len(tag_reads(emu)) == 4, "one read of the project's tags per task, one more to verify the write"


def test_a_value_another_service_has_is_unconfirmed_and_not_sent(emu, in_process):
    seed_other_service(emu, {"env": "prod"})
    result = in_process.run([task("shared", service_id=SERVICE_ID, tags=[{"key": "env", "value": "prod"}])])
    shared = result.task("shared")
    assert shared["changed"] is False and shared["tags_added"] == {} and shared["tags_unconfirmed"] == ["env"]
    assert emu.writes() == [] and emu.tags(SERVICE_ID) == {}


def test_a_tag_write_that_landed_without_an_answer_is_not_sent_again(emu, in_process):
    emu.fault(method="POST", path="/tags/create", drop="after")
    result = in_process.run([task("apply", service_id=SERVICE_ID, tags=TAGS)])
    apply = result.task("apply")
    assert apply["failed"] is False and apply["changed"] is True
    assert len(tag_writes(emu)) == 1
    assert any("landed and was not sent again" in warning for warning in apply.get("warnings", []))
    assert emu.tags(SERVICE_ID) == {"team": "vision", "cost-centre": "cc-4711"}


@pytest.mark.parametrize("fault", [dict(drop="before"), dict(status=503, error_code="ModelArts.0000")],
                         ids=["no answer, not applied", "503, not applied"])
def test_a_tag_write_that_did_not_land_is_sent_once_more_after_the_read(emu, in_process, fault):
    emu.fault(method="POST", path="/tags/create", count=1, **fault)
    result = in_process.run([task("apply", service_id=SERVICE_ID, tags=TAGS)])
    apply = result.task("apply")
    assert apply["failed"] is False and apply["changed"] is True, result.stdout
    assert len(tag_writes(emu)) == 2
    assert any("did not land and is sent once more" in warning for warning in apply.get("warnings", []))
    assert emu.tags(SERVICE_ID) == {"team": "vision", "cost-centre": "cc-4711"}


def test_a_gateway_page_in_front_of_a_tag_write_is_read_through(emu, in_process):
    emu.fault(method="POST", path="/tags/create", count=1, foreign_body="<html>gateway</html>")
    result = in_process.run([task("apply", service_id=SERVICE_ID, tags=TAGS)])
    apply = result.task("apply")
    assert apply["failed"] is False and apply["changed"] is True, result.stdout
    assert len(tag_writes(emu)) == 1 and emu.tags(SERVICE_ID) == {"team": "vision", "cost-centre": "cc-4711"}


@pytest.mark.parametrize("args, message", [
    (dict(infer_type="batch", tags=TAGS), "tags apply to real-time services only"),
    (dict(tags=[{"key": "_sys_owner", "value": "x"}]), "tags[0].key must have 1 to 128"),
    (dict(tags=[{"key": " lead", "value": "x"}]), "tags[0].key must have 1 to 128"),
    (dict(tags=[{"key": "a" * 129}]), "tags[0].key must have 1 to 128"),
    (dict(tags=[{"key": "team", "value": "a#b"}]), "tags[0].value must have at most 255"),
    (dict(tags=[{"key": "team", "value": "x" * 256}]), "tags[0].value must have at most 255"),
    (dict(tags=[{"key": "team", "value": "a"}, {"key": "team", "value": "b"}]), "tags[1].key 'team' is listed twice"),
], ids=["batch", "reserved prefix", "leading space", "long key", "character", "long value", "twice"])
def test_bad_tags_fail_before_any_request(emu, in_process, args, message):
    result = in_process.run([task("bad", ignore_errors=True, service_id=SERVICE_ID, **args)])
    bad = result.task("bad")
    assert bad["failed"] is True and bad["changed"] is False and message in bad["msg"]
    assert emu.requests() == []


def test_tags_of_any_language_pass_the_rules(emu, in_process):
    wanted = [{"key": u"\u56e2\u961f", "value": u"\u89c6\u89c9 / v1.0"}, {"key": "owner@team", "value": ""}]
    result = in_process.run([task("apply", service_id=SERVICE_ID, tags=wanted)])
    assert result.task("apply")["changed"] is True, result.stdout
    assert emu.tags(SERVICE_ID) == {u"\u56e2\u961f": u"\u89c6\u89c9 / v1.0", "owner@team": ""}


def test_state_absent_ignores_tags(emu, in_process):
    result = in_process.run([task("gone", service_id=SERVICE_ID, state="absent", tags=TAGS)])
    gone = result.task("gone")
    assert gone["changed"] is True and "tags_added" not in gone
    assert tag_writes(emu) == [] and not [r for r in emu.requests() if "tms" in r["path"]]


def test_tags_through_ansible_playbook(emu, playbook):
    """The tag code is imported only by tasks that name tags; the AnsiballZ payload must carry it all the same."""
    wanted = dict(service_id=SERVICE_ID, tags=TAGS)
    result = playbook.run([task("apply", **wanted), task("again", **wanted)])
    assert result.rc == 0, result.stdout
    assert [result.task("apply")["changed"], result.task("again")["changed"]] == [True, False]
    assert emu.tags(SERVICE_ID) == {"team": "vision", "cost-centre": "cc-4711"} and len(tag_writes(emu)) == 1


def test_a_fleet_adds_a_shared_tag_to_every_service_that_lacks_it_whatever_the_order(emu, in_process):
    # Neither service has team=vision when the fleet starts: each gets it, although the first one's write puts
    # the value in the project's list before the second one plans (one worker: the items run in order).
    seed_other_service(emu, {})
    fleet = module_task("hwcloud.modelarts.modelarts_fleet", "fleet", {
        "max_concurrency": 1, "defaults": {"tags": [{"key": "team", "value": "vision"}]},
        "services": [{"service_id": SERVICE_ID}, {"service_id": OTHER_ID}]})
    result = in_process.run([fleet, dict(fleet, name="again")])
    assert result.rc == 0, result.stdout
    first, again = result.task("fleet"), result.task("again")
    assert [entry["tags_added"] for entry in first["results"]] == [{"team": "vision"}, {"team": "vision"}]
    assert emu.tags(SERVICE_ID) == emu.tags(OTHER_ID) == {"team": "vision"}
    assert len(tag_writes(emu)) == 2
    assert len(tag_reads(emu)) == 1 + 2 + 1, "one read per fleet to plan from, one per write to verify it"
    # The re-run cannot attribute the value to either service: nothing is sent.
    assert again["changed"] is False
    assert [entry["tags_unconfirmed"] for entry in again["results"]] == [["team"], ["team"]]


def test_a_fleet_whose_tag_read_fails_fails_only_the_items_that_plan_tags(emu, in_process):
    seed_other_service(emu, {})
    emu.fault(method="GET", path="/services/tms/tags", count=1, status=403, error_code="ModelArts.0203")
    fleet = module_task("hwcloud.modelarts.modelarts_fleet", "fleet", {
        "services": [{"service_id": SERVICE_ID, "tags": [{"key": "team", "value": "vision"}]},
                     {"service_id": OTHER_ID}]}, ignore_errors=True)
    result = in_process.run([fleet])
    tagged, plain = result.task("fleet")["results"]
    assert tagged["failed"] is True and tagged["changed"] is False
    assert (tagged["error"]["status"], tagged["error"]["error_code"]) == (403, "ModelArts.0203")
    assert plain["failed"] is False and plain["changed"] is False
    assert emu.writes() == []
    assert len(tag_reads(emu)) == 1, "read once, not per item"
