# -*- coding: utf-8 -*-
"""The model's adapter on the core: the state machine and the write protocol with a fake ModelApi."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsConnectionError,
    ModelArtsLookupError,
    ModelArtsWaitError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.api import ModelArtsDeleteRefused
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.flow import ModelAdapter, ModelDiffersError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.lifecycle import MODEL_OPTIONS
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.schema import body_from_params
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import ModuleRun
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import ResourceStateMachine
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import Deadline


class Module:
    def __init__(self, check_mode=False, diff=False, **params):
        self.params = dict((name, None) for name in MODEL_OPTIONS)
        self.params.update(state="present", wait=True, wait_timeout=60, name="mnist", version="1.0.0",
                           model_type="TensorFlow", source_location="/bucket/mnist/")
        self.params.update(params)
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []
        self.no_log_values = set()

    def warn(self, text):
        self.warnings.append(text)


class Response:
    def __init__(self, body):
        self.body = body


class FakeModels:
    """A model registry: each import is ``publishing`` for ``reads_to_settle`` GETs, then ``outcome``."""

    project_id = "p1"

    def __init__(self, outcome="published", reads_to_settle=1, failure_text=None):
        self.models = {}
        self.reads = {}
        self.calls = []
        self.outcome = outcome
        self.reads_to_settle = reads_to_settle
        self.failure_text = failure_text
        self.post_faults = []
        self.delete_faults = []
        self.delete_refusal = None

    def add(self, model_id, **fields):
        self.models[model_id] = dict(dict(model_id=model_id, model_name="mnist", model_version="1.0.0", model_status="published",
                                          model_type="TensorFlow", source_location="/bucket/mnist/"), **fields)

    def get(self, model_id):
        self.calls.append(("GET", model_id))
        model = self.models[model_id]
        if model["model_status"] == "publishing":
            self.reads[model_id] = self.reads.get(model_id, 0) + 1
            if self.reads[model_id] > self.reads_to_settle:
                model["model_status"] = self.outcome
                if self.failure_text:
                    model["error_msg"] = self.failure_text
        return dict(model)

    def find(self, model_id):
        return self.get(model_id) if model_id in self.models else None

    def named(self, name, version):
        self.calls.append(("LIST", name, version))
        return [dict(m) for m in self.models.values() if m["model_name"] == name and m["model_version"] == version]

    def create(self, body):
        self.calls.append(("POST", body["model_name"]))
        fault = self.post_faults.pop(0) if self.post_faults else None
        if fault != "refused":
            model_id = "m%d" % (len(self.models) + 1)
            self.add(model_id, model_name=body["model_name"], model_version=body["model_version"], model_status="publishing")
        if fault:
            raise ModelArtsConnectionError("POST", "https://x/v1/p1/models", "connection reset")
        return Response({"model_id": model_id})

    def delete(self, model_id):
        self.calls.append(("DELETE", model_id))
        if self.delete_refusal:
            raise ModelArtsDeleteRefused(self.delete_refusal, [{"model_id": model_id, "error_code": "ModelArts.3009"}])
        fault = self.delete_faults.pop(0) if self.delete_faults else None
        if fault != "refused":
            del self.models[model_id]
        if fault:
            raise ModelArtsConnectionError("DELETE", "https://x/v1/p1/models/" + model_id, "connection reset")
        return Response({"delete_success_list": [model_id], "delete_failed_list": []})

    def writes(self):
        return [call[0] for call in self.calls if call[0] in ("POST", "DELETE")]


def run(api, **params):
    module = Module(**params)
    moment = [0.0]
    deadline = Deadline(module.params["wait_timeout"], clock=lambda: moment[0],
                        sleep=lambda seconds: moment.__setitem__(0, moment[0] + seconds))
    run_ = ModuleRun(module)
    adapter = ModelAdapter(run_, api, body_from_params(module.params), deadline=deadline)
    return ResourceStateMachine(module, adapter).run(), run_, module


def test_import_waits_until_published_and_a_rerun_sends_nothing():
    api = FakeModels(reads_to_settle=2)
    result, run_, _module = run(api)
    assert result["changed"] is True and result["model"]["model_status"] == "published" and result["waited"] > 0
    assert run_.protocol.wrote is True
    again, _run, _module = run(api)
    assert again["changed"] is False
    assert api.writes() == ["POST"]


def test_check_mode_predicts_and_sends_nothing():
    api = FakeModels()
    result, _run, _module = run(api, check_mode=True, diff=True)
    assert result["changed"] is True and result["diff"]["before"] == {}
    assert result["model"]["model_status"] == "published" and result["model"]["install_type"] == ["real-time", "batch"]
    assert api.writes() == []


def test_a_post_that_landed_without_an_answer_is_found_not_resent():
    api = FakeModels()
    api.post_faults = ["landed"]
    result, _run, module = run(api)
    assert result["changed"] is True
    assert api.writes() == ["POST"] and len(api.models) == 1
    assert "landed and was not sent again" in module.warnings[0]


def test_a_post_that_did_not_land_goes_once_more():
    api = FakeModels()
    api.post_faults = ["refused"]
    result, _run, module = run(api)
    assert result["changed"] is True
    assert api.writes() == ["POST", "POST"] and len(api.models) == 1
    assert "did not land and is sent once more" in module.warnings[0]


def test_a_failed_import_fails_with_the_models_text_after_the_write():
    api = FakeModels(outcome="failed", failure_text="The model file is not a SavedModel.")
    with pytest.raises(ModelArtsWaitError, match="The model file is not a SavedModel") as raised:
        run(api)
    assert raised.value.to_result()["model"]["model_status"] == "failed"


def test_without_wait_the_model_is_returned_publishing():
    api = FakeModels()
    result, _run, _module = run(api, wait=False)
    assert result["model"]["model_status"] == "publishing" and "waited" not in result


def test_a_difference_fails_naming_the_fields_and_writes_nothing():
    api = FakeModels()
    api.add("m1")
    with pytest.raises(ModelDiffersError, match="differs from the task in source_location") as raised:
        run(api, source_location="/bucket/other/")
    assert raised.value.fields == ["source_location"]
    assert api.writes() == []


def test_twins_fail_before_any_write():
    api = FakeModels()
    api.add("m1")
    api.add("m2")
    with pytest.raises(ModelArtsLookupError, match="2 models are model 'mnist' 1.0.0"):
        run(api, state="absent")
    assert api.writes() == []


def test_delete_absent_again_and_a_delete_that_landed_unanswered():
    api = FakeModels()
    api.add("m1")
    api.delete_faults = ["landed"]
    result, _run, module = run(api, state="absent")
    assert result == {"changed": True, "model": {}}
    assert "model m1 is gone" in module.warnings[0]
    again, _run, _module = run(api, state="absent")
    assert again["changed"] is False
    assert api.writes() == ["DELETE"]


def test_a_refused_delete_is_a_failure_with_nothing_written():
    api = FakeModels()
    api.add("m1")
    api.delete_refusal = "It is used by service 'web'."
    with pytest.raises(ModelArtsDeleteRefused, match="service 'web'"):
        run(api, state="absent")
    # The protocol saw no landed write, so the failure result says changed: false.
    module = Module(state="absent")
    run_ = ModuleRun(module)
    with pytest.raises(ModelArtsDeleteRefused):
        ResourceStateMachine(module, ModelAdapter(run_, api, {})).run()
    assert run_.protocol.wrote is False
