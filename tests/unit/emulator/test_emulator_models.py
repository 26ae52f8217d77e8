"""The v1 model registry: import rules, the answers' shapes, the clock, listing, deletion,
services refusing unpublished models, faults and the admin interface on the model routes."""

import pytest
import requests

import emulator_testkit as kit
from emulator_testkit import config_entry

IMPORT = {"model_name": "mnist", "model_version": "1.0.0", "source_location": "https://models.obs.example.com/mnist",
          "model_type": "TensorFlow"}


def admin(emu, method, path, body=None):
    response = requests.request(method, "%s/_emulator/%s" % (emu.url, path), json=body, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def import_model(api, **changes):
    body = dict(IMPORT, **changes)
    response = api.post("/models", body)
    assert response.status_code == 200, response.text
    assert list(response.json()) == ["model_id"]
    return response.json()["model_id"]


def show(api, model_id):
    response = api.get("/models/%s" % model_id)
    assert response.status_code == 200, response.text
    return response.json()


# --- import --------------------------------------------------------------------------------------

def test_import_answers_model_id_and_starts_publishing(api):
    model_id = import_model(api, description="mnist model", runtime="python3.6", execution_code="obs://b/customize_service.py",
                            install_type=["real-time"], source_job_id="55", source_job_version="V100",
                            model_metrics="{\"f1\":0.5}", initial_config="{}", workspace_id="0", model_algorithm="object_detection",
                            input_params=[{"url": "/", "protocol": "http", "method": "post", "param_name": "image", "param_type": "file"}],
                            output_params=[], dependencies=[{"installer": "pip", "packages": [{"package_name": "numpy"}]}],
                            apis=[{"url": "/", "protocol": "http", "method": "post"}],
                            model_docs=[{"doc_name": "readme", "doc_url": "https://example.com/readme"}], source_copy="true")
    model = show(api, model_id)
    assert model["model_status"] == "publishing"
    for key, value in (("model_id", model_id), ("model_name", "mnist"), ("model_version", "1.0.0"), ("model_type", "TensorFlow"),
                       ("source_location", IMPORT["source_location"]), ("runtime", "python3.6"), ("description", "mnist model"),
                       ("execution_code", "obs://b/customize_service.py"), ("install_type", ["real-time"]), ("project", kit.P1),
                       ("tenant", kit.DOMAIN), ("workspace_id", "0"), ("source_job_id", "55"), ("model_metrics", "{\"f1\":0.5}"),
                       ("config", "{}")):
        assert model[key] == value, key
    # ShowModel documents apis as a string (JSON text).
    assert model["apis"] == '[{"url":"/","protocol":"http","method":"post"}]'
    assert isinstance(model["create_at"], int) and model["model_size"] == 0
    assert "error_msg" not in model and "image_address" not in model


def test_example_of_the_import_page_is_accepted(api):
    # The page's own sample request (param_type "box", min/max in params) must pass.
    import_model(api, source_job_id="55", source_job_version="V100", runtime="python2.7", description="mnist model",
                 output_params=[{"url": "/v1/xxx/image", "protocol": "http", "method": "post", "param_name": "face_location",
                                 "param_type": "box", "param_desc": "face_location param value description"}],
                 input_params=[{"url": "/v1/xxx/image", "protocol": "http", "method": "post", "param_name": "image_url",
                                "param_type": "string", "min": 0, "max": 9, "param_desc": "http://test/test.jpeg"}],
                 dependencies=[{"installer": "pip", "packages": [{"package_name": "numpy", "package_version": "1.5.0",
                                                                  "restraint": "ATLEAST"}]}])


@pytest.mark.parametrize("version", ["0.0.1", "1.0.0", "99.99.99", "10.0.9"])
def test_versions_accepted(api, version):
    import_model(api, model_version=version)


@pytest.mark.parametrize("version", ["01.0.0", "1.00.0", "1.0", "1.0.0.0", "100.0.0", "1.0.a", "v1.0.0", " 1.0.0"])
def test_versions_refused(api, version):
    kit.assert_error(api.post("/models", dict(IMPORT, model_version=version)), 400, "ModelArts.0104")


@pytest.mark.parametrize("name", ["", "a" * 65, "bad name", "bad.name", "名字"])
def test_names_refused(api, name):
    code = "ModelArts.3610" if name == "" else "ModelArts.0104"
    kit.assert_error(api.post("/models", dict(IMPORT, model_name=name)), 400, code)


def test_name_of_64_letters_digits_dash_underscore(api):
    import_model(api, model_name="A-b_9" + "x" * 59)


@pytest.mark.parametrize("missing", ["model_name", "model_version", "model_type", "source_location"])
def test_mandatory_fields(api, missing):
    body = dict(IMPORT)
    del body[missing]
    kit.assert_error(api.post("/models", body), 400, "ModelArts.3610")


def test_unknown_and_read_only_fields_refused(api):
    kit.assert_error(api.post("/models", dict(IMPORT, color="blue")), 400, "ModelArts.0101")
    kit.assert_error(api.post("/models", dict(IMPORT, model_status="published")), 400, "ModelArts.0101")
    kit.assert_error(api.post("/models", [IMPORT]), 400, "ModelArts.0101")


@pytest.mark.parametrize("field,value", [("model_version", 1), ("install_type", "real-time"), ("input_params", {}),
                                         ("description", 5), ("template", "t"), ("apis", "[]"), ("model_metrics", {"f1": 1})])
def test_wrong_types_refused(api, field, value):
    kit.assert_error(api.post("/models", dict(IMPORT, **{field: value})), 400, "ModelArts.0101")


@pytest.mark.parametrize("field,value", [("model_type", "Keras"), ("install_type", ["realtime"]), ("source_type", "manual"),
                                         ("description", "x" * 101), ("description", "a<b"), ("source_copy", "yes"),
                                         ("model_docs", [{"doc_name": "d%d" % index, "doc_url": "https://e/%d" % index}
                                                         for index in range(4)])])
def test_documented_rules(api, field, value):
    kit.assert_error(api.post("/models", dict(IMPORT, **{field: value})), 400, "ModelArts.0104")


PARAM = {"url": "/", "method": "post", "protocol": "http", "param_name": "image", "param_type": "file"}


@pytest.mark.parametrize("field,value,code", [
    ("input_params", [dict(PARAM, url="")], "ModelArts.3610"),
    ("output_params", [{key: value for key, value in PARAM.items() if key != "param_type"}], "ModelArts.3610"),
    ("input_params", ["image"], "ModelArts.0101"),
    ("dependencies", [{"installer": "pip"}], "ModelArts.3610"),
    ("dependencies", [{"installer": "npm", "packages": [{"package_name": "left-pad"}]}], "ModelArts.0104"),
    ("dependencies", [{"installer": "pip", "packages": [{"package_version": "1.0"}]}], "ModelArts.3610"),
    ("dependencies", [{"installer": "pip", "packages": [{"package_name": "numpy", "restraint": "NEWEST"}]}], "ModelArts.0104"),
    ("dependencies", [{"installer": "pip", "packages": [{"package_name": "numpy", "package_version": 1.5}]}], "ModelArts.0101"),
    ("model_docs", [{"doc_name": "1st", "doc_url": "https://e/1"}], "ModelArts.0104"),
    ("model_docs", [{"doc_name": "readme"}], "ModelArts.3610"),
    ("apis", ["/"], "ModelArts.0101"),
])
def test_nested_objects(api, field, value, code):
    kit.assert_error(api.post("/models", dict(IMPORT, **{field: value})), 400, code)


def test_template_model_needs_template_not_source_location(api):
    body = {"model_name": "tpl", "model_version": "1.0.0", "model_type": "Template"}
    kit.assert_error(api.post("/models", body), 400, "ModelArts.3034")
    kit.assert_error(api.post("/models", dict(body, template={"template_id": "t-1"})), 400, "ModelArts.3610")
    kit.assert_error(api.post("/models", dict(body, template={"template_id": "t-1", "template_inputs": [{"input": "obs://b/m"}]})),
                     400, "ModelArts.3610")
    template = {"template_id": "t-1", "template_inputs": [{"input": "obs://b/m", "input_id": "model"}]}
    import_model(api, model_name="tpl", model_type="Template", source_location=None, template=template)


def test_name_and_version_pair_is_unique(api):
    import_model(api)
    kit.assert_error(api.post("/models", IMPORT), 409, "ModelArts.3002")
    import_model(api, model_version="1.0.1")
    # A seeded model's pair counts too (resnet50 1.0.0 is in the test world).
    kit.assert_error(api.post("/models", dict(IMPORT, model_name="resnet50")), 409, "ModelArts.3002")


# --- the clock -------------------------------------------------------------------------------------

def test_import_publishes_when_released(emu, api):
    model_id = import_model(api)
    transitions = admin(emu, "GET", "clock")["transitions"]
    assert [(view["model_id"], view["status"], view["settle_to"], view["held"]) for view in transitions] == [
        (model_id, "publishing", "published", True)]
    assert show(api, model_id)["model_status"] == "publishing"
    assert admin(emu, "POST", "clock/release", {"model_id": model_id}) == {"released": [{"model_id": model_id, "status": "published"}]}
    model = show(api, model_id)
    assert model["model_status"] == "published"
    assert model["model_size"] > 0 and model["image_address"]


def test_import_ends_on_the_nth_get(emu, api):
    admin(emu, "POST", "clock", {"release_after_reads": 2})
    model_id = import_model(api)
    assert api.get("/models").json()["models"][0]["model_status"] == "publishing"  # a list read does not count
    assert show(api, model_id)["model_status"] == "publishing"
    assert show(api, model_id)["model_status"] == "published"


def test_import_advances_with_the_clock(emu, api):
    admin(emu, "POST", "settings", {"import_seconds": 10})
    model_id = import_model(api)
    admin(emu, "POST", "clock/advance", {"seconds": 9, "model_id": model_id})
    assert show(api, model_id)["model_status"] == "publishing"
    admin(emu, "POST", "clock/advance", {"seconds": 1})
    assert show(api, model_id)["model_status"] == "published"


def test_hold_a_model_until_its_first_read(emu, api):
    model_id = import_model(api)
    held = admin(emu, "POST", "clock/hold", {"model_id": model_id, "release_after_reads": 1})["held"]
    assert [(view["model_id"], view["release_after_reads"]) for view in held] == [(model_id, 1)]
    assert show(api, model_id)["model_status"] == "published"


def test_import_failure_knob(emu, api):
    answer = admin(emu, "POST", "models/import_failures", {"mnist": "Failed to build the image."})
    assert answer == {"import_failures": {"mnist": "Failed to build the image."}}
    model_id = import_model(api)
    other = import_model(api, model_name="fine")
    admin(emu, "POST", "clock/release", {})
    failed = show(api, model_id)
    assert failed["model_status"] == "failed"
    assert failed["error_msg"] == "Failed to build the image."
    assert show(api, other)["model_status"] == "published"
    assert admin(emu, "DELETE", "models/import_failures") == {"import_failures": {}}


def test_clock_calls_for_an_unknown_or_settled_model(emu, api):
    response = requests.post(emu.url + "/_emulator/clock/release", json={"model_id": "nope"}, timeout=10)
    kit.assert_error(response, 404, "ModelArts.3001")
    response = requests.post(emu.url + "/_emulator/clock/release", json={"model_id": kit.M1}, timeout=10)
    kit.assert_error(response, 400, "EMULATOR.0400")


# --- detail and not found ------------------------------------------------------------------------------

def test_unknown_model_and_model_of_another_project(api):
    kit.assert_error(api.get("/models/0f0e0d0c-0000-4000-8000-000000000000"), 404, "ModelArts.3001")
    kit.assert_error(api.get("/models/%s" % kit.M_OTHER), 404, "ModelArts.3001")
    kit.assert_error(api.delete("/models/%s" % kit.M_OTHER), 404, "ModelArts.3001")


def test_seeded_models_are_published(api):
    model = show(api, kit.M1)
    assert (model["model_name"], model["model_version"], model["model_status"]) == ("resnet50", "1.0.0", "published")


def test_model_routes_need_authentication(emu):
    anonymous = kit.ApiClient(emu.url, kit.P1)
    kit.assert_error(anonymous.get("/models"), 401, "ModelArts.0201")
    kit.assert_error(kit.ApiClient(emu.url, kit.P2, token=kit.TOKEN_P1).get("/models"), 403, "ModelArts.0210")
    kit.assert_error(kit.ApiClient(emu.url, kit.P1, token=kit.TOKEN_P1).put("/models/%s" % kit.M1, {}), 404, "APIG.0101")


# --- list ---------------------------------------------------------------------------------------------

@pytest.fixture
def catalogue(emu, api):
    """Twelve more models item_00 .. item_11 (versions 1.0.0 .. 1.11.0 of two names) with rising create_at."""
    models = []
    for index in range(12):
        models.append({"model_id": "00000000-0000-4000-8000-%012d" % index, "model_name": "cat_%s" % ("a" if index % 2 else "b"),
                       "model_version": "1.%d.0" % index, "project_id": kit.P1, "create_at": 1700000000000 + index * 1000,
                       "model_type": "PyTorch" if index % 3 == 0 else "TensorFlow", "workspace_id": "ws-%d" % (index % 2),
                       "description": "batch %d" % index, "source_location": "obs://b/%d" % index})
    emu.seed({"models": models})
    return api


def versions(response):
    assert response.status_code == 200, response.text
    return [model["model_version"] for model in response.json()["models"]]


def test_list_shape(api):
    body = api.get("/models").json()
    assert sorted(body) == ["count", "models", "total_count"]
    assert body["total_count"] == body["count"] == 3
    item = body["models"][0]
    for key in ("model_id", "model_name", "model_version", "model_type", "model_status", "model_size", "create_at", "project",
                "tenant", "owner", "workspace_id", "install_type", "description", "source_type", "market_flag", "tunable"):
        assert key in item, key
    assert "source_location" not in item and "apis" not in item


def test_list_filters(catalogue):
    assert len(versions(catalogue.get("/models", params={"model_name": "cat"}))) == 12
    assert len(versions(catalogue.get("/models", params={"model_name": "CAT_A"}))) == 6
    assert versions(catalogue.get("/models", params={"model_name": "cat", "exact_match": "true"})) == []
    assert len(versions(catalogue.get("/models", params={"model_name": "cat_a", "exact_match": "true"}))) == 6
    assert versions(catalogue.get("/models", params={"model_version": "1.3.0"})) == ["1.3.0"]
    assert len(versions(catalogue.get("/models", params={"model_type": "PyTorch"}))) == 4
    assert len(versions(catalogue.get("/models", params={"not_model_type": "PyTorch", "model_name": "cat"}))) == 8
    assert len(versions(catalogue.get("/models", params={"workspace_id": "ws-1"}))) == 6
    assert versions(catalogue.get("/models", params={"description": "BATCH 11"})) == ["1.11.0"]
    assert len(versions(catalogue.get("/models", params={"model_status": "Published"}))) == 15
    assert versions(catalogue.get("/models", params={"model_status": "failed"})) == []
    kit.assert_error(catalogue.get("/models", params={"model_type": "PyTorch", "not_model_type": "Image"}), 400, "ModelArts.0101")
    kit.assert_error(catalogue.get("/models", params={"exact_match": "yes"}), 400, "ModelArts.0101")


def test_list_sorting(catalogue):
    newest_first = versions(catalogue.get("/models", params={"model_name": "cat"}))
    assert newest_first == ["1.%d.0" % index for index in range(11, -1, -1)]
    by_version = versions(catalogue.get("/models", params={"model_name": "cat", "sort_by": "model_version", "order": "asc"}))
    assert by_version == ["1.%d.0" % index for index in range(12)]  # numerically: 1.2.0 before 1.10.0
    sizes = [model["model_size"] for model in catalogue.get("/models", params={"sort_by": "model_size"}).json()["models"]]
    assert sizes == sorted(sizes, reverse=True)
    kit.assert_error(catalogue.get("/models", params={"sort_by": "model_name"}), 400, "ModelArts.0101")
    kit.assert_error(catalogue.get("/models", params={"order": "up"}), 400, "ModelArts.0101")


@pytest.mark.parametrize("reading", ["page", "record"])
def test_list_paging_under_both_offset_readings(emu, catalogue, reading):
    admin(emu, "POST", "settings", {"list_offset": reading})
    query = {"model_name": "cat", "order": "asc", "limit": 5}
    everything = ["1.%d.0" % index for index in range(12)]
    for offset in range(4):
        response = catalogue.get("/models", params=dict(query, offset=offset))
        body = response.json()
        assert body["total_count"] == 12
        start = offset * 5 if reading == "page" else offset
        assert versions(response) == everything[start:start + 5]
        assert body["count"] == len(everything[start:start + 5])


def test_list_limit_is_clamped_to_page_limit_max(emu, catalogue):
    admin(emu, "POST", "settings", {"page_limit_max": 4})
    body = catalogue.get("/models", params={"limit": 50}).json()
    assert (body["count"], body["total_count"]) == (4, 15)
    kit.assert_error(catalogue.get("/models", params={"limit": 0}), 400, "ModelArts.0101")


# --- delete ----------------------------------------------------------------------------------------------

def test_delete_unused_model(emu, api):
    response = api.delete("/models/%s" % kit.M_FAIL)
    assert response.status_code == 200
    assert response.json() == {"delete_success_list": [kit.M_FAIL], "delete_failed_list": []}
    kit.assert_error(api.get("/models/%s" % kit.M_FAIL), 404, "ModelArts.3001")
    kit.assert_error(api.delete("/models/%s" % kit.M_FAIL), 404, "ModelArts.3001")
    assert kit.M_FAIL not in [model["model_id"] for model in admin(emu, "GET", "models")["models"]]


def test_delete_of_a_model_a_service_uses_fails_in_the_answer(api):
    response = api.delete("/models/%s" % kit.M1)
    assert response.status_code == 200
    body = response.json()
    assert body["delete_success_list"] == []
    assert [sorted(item) for item in body["delete_failed_list"]] == [["error_code", "error_msg", "model_id"]]
    failure = body["delete_failed_list"][0]
    assert (failure["model_id"], failure["error_code"]) == (kit.M1, "ModelArts.3009")
    assert kit.M1 in failure["error_msg"]
    assert show(api, kit.M1)["model_status"] == "published"


def test_delete_cascade_deletes_every_version_it_can(emu, api):
    spare = import_model(api, model_name="resnet50", model_version="2.0.0")
    body = api.delete("/models/%s" % spare, params={"cascade": "true"}).json()
    # M1 and M2 (1.0.0, 1.1.0) are deployed by services; only the new version goes.
    assert body["delete_success_list"] == [spare]
    assert sorted(item["model_id"] for item in body["delete_failed_list"]) == sorted([kit.M1, kit.M2])
    api.delete("/services/%s" % kit.S_STOP)
    api.release(kit.S_STOP)
    body = api.delete("/models/%s" % kit.M1, params={"cascade": "true"}).json()
    assert body["delete_success_list"] == [kit.M2]
    assert [item["model_id"] for item in body["delete_failed_list"]] == [kit.M1]
    kit.assert_error(api.delete("/models/%s" % kit.M1, params={"cascade": "maybe"}), 400, "ModelArts.0101")


def test_delete_cascade_stops_at_twenty(emu, api):
    emu.seed({"models": [{"model_id": "00000000-0000-4000-8000-%012d" % index, "model_name": "many", "project_id": kit.P1,
                          "model_version": "1.0.%d" % index, "create_at": 1700000000000 + index} for index in range(25)]})
    body = api.delete("/models/00000000-0000-4000-8000-000000000000", params={"cascade": "true"}).json()
    assert len(body["delete_success_list"]) == 20
    assert api.get("/models", params={"model_name": "many", "exact_match": "true"}).json()["total_count"] == 5


def test_delete_without_cascade_leaves_other_versions(api):
    spare = import_model(api, model_name="resnet50", model_version="2.0.0")
    assert api.delete("/models/%s" % spare).json()["delete_success_list"] == [spare]
    assert api.get("/models", params={"model_name": "resnet50", "exact_match": "true"}).json()["total_count"] == 2


# --- services and unpublished models -------------------------------------------------------------------------

def _service_body(model_id):
    return {"service_name": "uses-new-model", "infer_type": "real-time", "config": [config_entry(model_id)]}


def test_service_refuses_a_publishing_model_then_takes_it_published(api):
    model_id = import_model(api)
    kit.assert_error(api.post("/services", _service_body(model_id)), 400, "ModelArts.3515")
    kit.assert_error(api.put("/services/%s" % kit.S_RUN, {"config": [config_entry(model_id)]}), 400, "ModelArts.3515")
    kit.assert_error(api.patch("/services/%s" % kit.S_RUN, [{"op": "replace", "path": "/config/0/model_id", "value": model_id}]),
                     400, "ModelArts.3515")
    assert api.service(kit.S_RUN)["status"] == "running"
    api.release()
    assert api.post("/services", _service_body(model_id)).status_code == 200


def test_service_refuses_a_failed_model(emu, api):
    emu.seed({"models": [{"model_id": "11111111-0000-4000-8000-000000000000", "model_name": "broken", "model_version": "1.0.0",
                          "project_id": kit.P1, "status": "failed", "error_msg": "Failed to build the image."}]})
    assert show(api, "11111111-0000-4000-8000-000000000000")["error_msg"] == "Failed to build the image."
    body = kit.assert_error(api.post("/services", _service_body("11111111-0000-4000-8000-000000000000")), 400, "ModelArts.3515")
    assert "failed" in body["error_msg"]


# --- seeds, admin, faults and the request log --------------------------------------------------------------------

def test_seeded_publishing_model_and_admin_reads(emu, api):
    created = emu.seed({"models": [{"model_name": "seeded", "model_version": "1.0.0", "project_id": kit.P1, "status": "publishing",
                                    "import_fails": "Image build failed.", "model_type": "PyTorch"}]})
    model_id = created["models"][0]
    stored = admin(emu, "GET", "models/%s" % model_id)
    assert (stored["model_status"], stored["model_type"]) == ("publishing", "PyTorch")
    admin(emu, "POST", "clock/release", {"model_id": model_id})
    assert admin(emu, "GET", "models/%s" % model_id)["error_msg"] == "Image build failed."
    everything = admin(emu, "GET", "models")["models"]
    assert {model["project_id"] for model in everything} == {kit.P1, kit.P2}
    response = requests.get(emu.url + "/_emulator/models/nope", timeout=10)
    kit.assert_error(response, 404, "ModelArts.3001")


def test_seed_refuses_unknown_model_fields_and_statuses(emu):
    for item in ({"model_name": "x", "model_version": "1.0.0", "project_id": kit.P1, "colour": "red"},
                 {"model_name": "x", "model_version": "1.0.0", "project_id": kit.P1, "status": "deleting"}):
        response = requests.post(emu.url + "/_emulator/seed", json={"models": [item]}, timeout=10)
        assert response.status_code == 400, response.text


def test_seed_import_failures_by_name(emu, api):
    emu.seed({"model_import_failures": {"mnist": "The model is too large."}})
    model_id = import_model(api)
    api.release()
    assert show(api, model_id)["error_msg"] == "The model is too large."


def test_post_dropped_after_landing_creates_the_model(emu, api):
    admin(emu, "POST", "faults", {"method": "POST", "path": "/models$", "drop": "after"})
    with pytest.raises(requests.ConnectionError):
        api.post("/models", IMPORT)
    entry = emu.state.requests[-1]
    assert (entry["method"], entry["status"], entry["dropped"]) == ("POST", 200, True)
    listed = api.get("/models", params={"model_name": "mnist", "exact_match": "true"}).json()["models"]
    assert [(model["model_version"], model["model_status"]) for model in listed] == [("1.0.0", "publishing")]
    # The client's retry meets the name+version it created itself.
    kit.assert_error(api.post("/models", IMPORT), 409, "ModelArts.3002")


def test_post_dropped_before_creates_nothing(emu, api):
    admin(emu, "POST", "faults", {"method": "POST", "path": "/models$", "drop": "before"})
    with pytest.raises(requests.ConnectionError):
        api.post("/models", IMPORT)
    assert api.get("/models", params={"model_name": "mnist"}).json()["total_count"] == 0


def test_delete_faults(emu, api):
    path = "/models/%s" % kit.M_FAIL
    admin(emu, "POST", "faults", [{"method": "DELETE", "path": path + "$", "status": 503},
                                  {"method": "DELETE", "path": path + "$", "drop": "after"}])
    kit.assert_error(api.delete(path), 503, "APIG.0201")
    assert show(api, kit.M_FAIL)["model_status"] == "published"
    with pytest.raises(requests.ConnectionError):
        api.delete(path)
    kit.assert_error(api.get(path), 404, "ModelArts.3001")
    logged = [(entry["method"], entry["path"], entry["status"], entry.get("dropped", False))
              for entry in emu.state.requests if entry["method"] == "DELETE"]
    assert logged == [("DELETE", "/v1/%s%s" % (kit.P1, path), 503, False), ("DELETE", "/v1/%s%s" % (kit.P1, path), 200, True)]


def test_request_log_and_wait_on_model_routes(emu, api):
    model_id = import_model(api)
    answer = admin(emu, "POST", "requests/wait", {"method": "POST", "path": "/models$", "count": 1, "timeout": 5})
    assert answer["timed_out"] is False
    entry = answer["requests"][0]
    assert entry["body"] == IMPORT and entry["status"] == 200 and entry["api"] == "modelarts"
    show(api, model_id)
    assert emu.state.requests[-1]["path"] == "/v1/%s/models/%s" % (kit.P1, model_id)
