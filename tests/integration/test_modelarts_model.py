"""modelarts_model imports, compares and deletes models, and modelarts_model_info reads them, against the emulator.

What needs Ansible (check and diff flags, argument parsing, credentials, no-log masking, -vvv) runs through
ansible-playbook (the ``playbook`` fixture); what the module does with the API (faults, lookups, failures, paging)
runs the same tasks in-process (the ``in_process`` fixture).
"""

import pytest
import requests

from integration.harness import MODEL_V1, MODEL_V2, PROJECT_ID, SECRETS, SERVICE_NAME, TOKEN, module_task

MODULE = "hwcloud.modelarts.modelarts_model"
INFO = "hwcloud.modelarts.modelarts_model_info"
NAME = "fresh-detector"
MODEL = dict(name=NAME, version="1.0.0", model_type="TensorFlow", source_location="/bucket/detector/1.0.0/model/",
             runtime="python3.6", description="Fresh detector",
             dependencies=[{"installer": "pip", "packages": [{"package_name": "numpy", "package_version": "1.5.0",
                                                              "restraint": "ATLEAST"}]}])
GONE = dict(name=NAME, version="1.0.0", state="absent")


def task(title, ignore_errors=False, check_mode=None, diff=None, module=MODULE, **args):
    return module_task(module, title, args, ignore_errors=ignore_errors, check_mode=check_mode, diff=diff)


def importing(title, ignore_errors=False, without=(), **changes):
    """A task importing MODEL with ``changes`` and without the options named in ``without``."""
    args = dict((key, value) for key, value in MODEL.items() if key not in without)
    args.update(changes)
    return module_task(MODULE, title, args, ignore_errors=ignore_errors)


def listed(emu, name=NAME):
    """The models named exactly ``name``, from the list API."""
    answer = requests.get("%s/v1/%s/models" % (emu.url, PROJECT_ID), params={"model_name": name, "exact_match": "true"},
                          headers={"X-Auth-Token": TOKEN}, timeout=10)
    answer.raise_for_status()
    return [m for m in answer.json()["models"] if m["model_name"] == name]


def writes(emu):
    return [(r["method"], r.get("fault") is not None) for r in emu.writes()]


def lifecycle_tasks():
    return [
        task("predict import", check_mode=True, diff=True, **MODEL),
        task("import", diff=True, **MODEL),
        task("import again", **MODEL),
        task("predict delete", check_mode=True, diff=True, **GONE),
        task("delete", diff=True, **GONE),
        task("delete again", **GONE),
    ]


@pytest.mark.parametrize("auth", ["aksk", "token", "password"])
def test_check_import_reimport_delete_redelete_with_every_auth_mode(emu, playbook, auth):
    result = playbook.run(lifecycle_tasks(), auth=auth, verbosity=3)
    assert result.rc == 0, result.stdout

    predicted = result.task("predict import")
    assert predicted["changed"] is True
    assert predicted["diff"]["before"] == {}
    assert predicted["model"]["model_name"] == NAME and predicted["model"]["model_status"] == "published"

    imported = result.task("import")
    assert imported["changed"] is True
    assert imported["model"]["model_status"] == "published"
    model_id = imported["model"]["model_id"]
    assert imported["diff"]["after"]["model_version"] == "1.0.0"
    again = result.task("import again")
    assert again["changed"] is False and again["model"]["model_id"] == model_id

    predict_delete = result.task("predict delete")
    assert predict_delete["changed"] is True
    assert predict_delete["diff"]["before"]["model_id"] == model_id and predict_delete["diff"]["after"] == {}
    deleted = result.task("delete")
    assert deleted["changed"] is True and deleted["model"] == {}
    assert result.task("delete again")["changed"] is False

    # One POST, one DELETE: the check-mode runs and the re-runs wrote nothing.
    assert [r["method"] for r in emu.writes()] == ["POST", "DELETE"]
    post = emu.writes()[0]["body"]
    assert post["model_name"] == NAME and post["model_version"] == "1.0.0"
    assert post["dependencies"] == MODEL["dependencies"]
    assert "name" not in post and "wait" not in post and "state" not in post
    assert listed(emu) == []
    text = result.stdout + result.stderr + repr(result.records)
    for secret in SECRETS:
        assert secret not in text


def test_check_mode_run_of_the_whole_play_writes_nothing(emu, playbook):
    result = playbook.run([task("import", **MODEL), task("delete seeded", name="resnet50", version="1.1.0", state="absent")],
                          check=True, diff=True)
    assert result.rc == 0, result.stdout
    assert result.task("import")["changed"] is True and result.task("import")["diff"]["before"] == {}
    assert result.task("delete seeded")["diff"]["before"]["model_id"] == MODEL_V2
    assert emu.writes() == []
    assert listed(emu) == []


def test_wrong_options_fail_before_any_request(emu, playbook):
    result = playbook.run([
        importing("version with a leading zero", ignore_errors=True, version="01.0.0"),
        importing("name with a space", ignore_errors=True, name="fresh detector"),
        importing("no source", ignore_errors=True, without=("source_location",)),
        importing("unknown type", ignore_errors=True, model_type="Keras"),
        importing("template without template", ignore_errors=True, model_type="Template"),
        task("id and name", ignore_errors=True, model_id=MODEL_V1, name=NAME, version="1.0.0"),
    ])
    messages = dict((title, result.task(title)["msg"]) for title in (
        "version with a leading zero", "name with a space", "no source", "unknown type", "template without template", "id and name"))
    assert "01.0.0 is refused" in messages["version with a leading zero"]
    assert "1 to 64 letters" in messages["name with a space"]
    assert "source_location is required" in messages["no source"]
    assert "model_type" in messages["unknown type"] and "Keras" in messages["unknown type"]
    assert "template is required when model_type is Template" in messages["template without template"]
    assert "mutually exclusive" in messages["id and name"]
    assert emu.requests(api=None) == []


def test_a_lone_zero_is_a_version(emu, in_process):
    result = in_process.run([importing("import", wait=False, version="0.10.0")])
    assert result.rc == 0, result.stdout
    assert result.task("import")["model"]["model_status"] == "publishing"
    assert [m["model_version"] for m in listed(emu)] == ["0.10.0"]


def test_a_failed_import_fails_with_the_models_own_text(emu, in_process):
    emu.admin("POST", "/models/import_failures", {NAME: "Failed to build the image: numpy 1.5.0 is not on the index."})
    result = in_process.run([task("import", ignore_errors=True, **MODEL), task("import again", ignore_errors=True, **MODEL)])
    failure = result.task("import")
    assert failure["failed"] is True and failure["changed"] is True
    assert "numpy 1.5.0 is not on the index" in failure["msg"]
    assert failure["model"]["model_status"] == "failed"
    # The failed model stays; a re-run says so instead of importing it again.
    again = result.task("import again")
    assert again["failed"] is True and again["changed"] is False
    assert "numpy 1.5.0 is not on the index" in again["msg"] and "state=absent" in again["msg"]
    assert writes(emu) == [("POST", False)]


def test_an_existing_model_that_differs_fails_naming_the_fields_and_sends_nothing(emu, in_process):
    assert in_process.run([task("import", **MODEL)]).rc == 0
    emu.clear_log()
    result = in_process.run([
        importing("other source", ignore_errors=True, source_location="/bucket/detector/2.0.0/model/", description="Other"),
        importing("same with the server's defaults", install_type=["batch", "real-time"], workspace_id="0"),
    ])
    failure = result.task("other source")
    assert failure["failed"] is True and failure["changed"] is False
    assert failure["differing_fields"] == ["description", "source_location"]
    assert "cannot be changed in place" in failure["msg"] and "/bucket/detector/2.0.0/model/" in failure["msg"]
    assert result.task("same with the server's defaults")["changed"] is False
    assert emu.writes() == []
    assert len(listed(emu)) == 1


def test_an_import_under_way_is_waited_for_not_repeated(emu, in_process):
    assert in_process.run([task("import", wait=False, **MODEL)]).task("import")["model"]["model_status"] == "publishing"
    result = in_process.run([task("import again", **MODEL)])
    assert result.rc == 0, result.stdout
    assert result.task("import again")["changed"] is False
    assert result.task("import again")["model"]["model_status"] == "published"
    assert writes(emu) == [("POST", False)]


def test_deleting_a_model_a_service_uses_fails_naming_the_service(emu, in_process):
    result = in_process.run([task("delete", ignore_errors=True, name="resnet50", version="1.0.0", state="absent"),
                             task("delete by id", ignore_errors=True, model_id=MODEL_V1, state="absent")])
    for title in ("delete", "delete by id"):
        failure = result.task(title)
        assert failure["failed"] is True and failure["changed"] is False, failure
        assert SERVICE_NAME in failure["msg"] and "ModelArts.3009" in failure["msg"]
        assert failure["delete_failed_list"][0]["model_id"] == MODEL_V1
    assert writes(emu) == [("DELETE", False), ("DELETE", False)]
    assert [m["model_id"] for m in listed(emu, "resnet50") if m["model_version"] == "1.0.0"] == [MODEL_V1]


def test_absent_by_an_unknown_id_changes_nothing(emu, in_process):
    result = in_process.run([task("delete", model_id="7f3c8d0e-0000-4a5b-9c8d-00000000dead", state="absent"),
                             task("present", ignore_errors=True, model_id="7f3c8d0e-0000-4a5b-9c8d-00000000dead")])
    assert result.task("delete")["changed"] is False
    assert "No model has model_id" in result.task("present")["msg"]
    assert emu.writes() == []


# --- faults: never two models, never a failure for a landed write ----------------------------------

@pytest.mark.parametrize("fault, posts", [
    # The POST lands, the answer is lost: found by name and version, reported, not sent again.
    (dict(method="POST", path="/models$", drop="after"), [("POST", True)]),
    # Refused before landing with a 503: no model has the name and version, so it goes once more.
    (dict(method="POST", path="/models$", status=503), [("POST", True), ("POST", False)]),
    # Landed, but the answer comes long after api_timeout.
    (dict(method="POST", path="/models$", delay_after=60), [("POST", True)]),
])
def test_post_faults_leave_exactly_one_model(emu, in_process, fault, posts):
    emu.fault(**fault)
    result = in_process.run([task("import", api_timeout=2, **MODEL)])
    assert result.rc == 0, result.stdout
    imported = result.task("import")
    assert imported["changed"] is True and imported["model"]["model_status"] == "published"
    assert writes(emu) == posts
    assert len(listed(emu)) == 1
    again = in_process.run([task("import again", **MODEL)])
    assert again.task("import again")["changed"] is False
    assert len(listed(emu)) == 1


@pytest.mark.parametrize("fault, deletes", [
    (dict(method="DELETE", path="/models/", drop="after"), [("DELETE", True)]),
    (dict(method="DELETE", path="/models/", status=503), [("DELETE", True), ("DELETE", False)]),
])
def test_delete_faults_end_with_the_model_gone_and_no_failure(emu, in_process, fault, deletes):
    emu.fault(**fault)
    result = in_process.run([task("delete", name="resnet50", version="1.1.0", state="absent")])
    assert result.rc == 0, result.stdout
    assert result.task("delete")["changed"] is True
    assert writes(emu) == deletes
    assert sorted(m["model_version"] for m in listed(emu, "resnet50")) == ["1.0.0", "2.0.0-rc1"]


# --- modelarts_model_info ------------------------------------------------------------------------------

def catalogue(emu):
    emu.seed({"models": [
        {"model_name": "resnet", "model_version": "1.0.0", "project_id": PROJECT_ID, "model_type": "PyTorch",
         "source_location": "/b/resnet/1"},
        {"model_name": "resnet", "model_version": "2.0.0", "project_id": PROJECT_ID, "model_type": "Image",
         "source_location": "swr/resnet:2"},
        {"model_name": "resnet-tiny", "model_version": "1.0.0", "project_id": PROJECT_ID, "model_type": "PyTorch",
         "source_location": "/b/tiny/1"},
        {"model_name": "my_resnet", "model_version": "1.0.0", "project_id": PROJECT_ID, "model_type": "Image",
         "source_location": "swr/my:1", "status": "failed"},
        {"model_name": "myXresnet", "model_version": "1.0.0", "project_id": PROJECT_ID, "model_type": "Image",
         "source_location": "swr/myx:1"},
    ]})


@pytest.mark.parametrize("reading", ["page", "record"])
def test_info_by_id_name_version_and_filters_across_pages(emu, in_process, reading):
    catalogue(emu)
    # Two models a page: every query below needs several pages.
    emu.settings(list_offset=reading, page_limit_max=2)
    result = in_process.run([
        task("by id", module=INFO, model_id=MODEL_V2),
        task("by name", module=INFO, name="resnet"),
        task("by name and version", module=INFO, name="resnet", version="2.0.0", details=True),
        task("underscore is not a wildcard", module=INFO, name="my_resnet"),
        task("images", module=INFO, model_type="Image"),
        task("failed", module=INFO, model_status="failed"),
        task("everything", module=INFO),
        task("unknown id", module=INFO, model_id="7f3c8d0e-0000-4a5b-9c8d-00000000dead"),
        task("bad version", module=INFO, ignore_errors=True, name="resnet", version="1.0"),
    ])
    assert result.task("by id")["models"][0]["model_version"] == "1.1.0"
    assert result.task("by id")["models"][0]["source_location"] is not None
    assert sorted(m["model_version"] for m in result.task("by name")["models"]) == ["1.0.0", "2.0.0"]
    assert set(m["model_name"] for m in result.task("by name")["models"]) == {"resnet"}
    full = result.task("by name and version")["models"]
    assert len(full) == 1 and full[0]["source_location"] == "swr/resnet:2"
    assert [m["model_name"] for m in result.task("underscore is not a wildcard")["models"]] == ["my_resnet"]
    assert sorted(m["model_name"] for m in result.task("images")["models"]) == sorted(["my_resnet", "myXresnet", "resnet"])
    assert [m["model_name"] for m in result.task("failed")["models"]] == ["my_resnet"]
    assert len(result.task("everything")["models"]) == 8
    assert result.task("unknown id")["models"] == []
    assert "version must be three numbers" in result.task("bad version")["msg"]
    for title in ("by id", "by name", "everything"):
        assert result.task(title)["changed"] is False
    assert emu.writes() == []
