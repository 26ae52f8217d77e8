# -*- coding: utf-8 -*-
"""ModelApi over a recording client: exact names, not-found answers, and a 200 that deleted nothing."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.api import ModelApi, ModelArtsDeleteRefused
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import ModelArtsResponseError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Response


def answer(body, status=200):
    return Response(status, {}, body, json.dumps(body), method="X", url="https://x")


class Client:
    project_id = "p1"

    def __init__(self, answers=(), pages=None):
        self.answers = list(answers)
        self.pages = pages or {}
        self.calls = []

    def call(self, method, *segments, **kwargs):
        self.calls.append((method, segments, kwargs.get("body")))
        reply = self.answers.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply

    def all_pages(self, segments, key, pairs, identity=None, item_strings=()):
        self.calls.append(("LIST", segments, list(pairs)))
        return list(self.pages.get(segments[0], []))


def not_found(code):
    return ModelArtsApiError(404, code, "Model (m9) does not exist.", None, "GET", "https://x")


def test_find_is_none_only_for_the_models_own_not_found_answers():
    api = ModelApi(Client([not_found("ModelArts.3001"), not_found("ModelArts.3507"), not_found("APIG.0101")]))
    assert api.find("m9") is None
    assert api.find("m9") is None
    with pytest.raises(ModelArtsApiError, match="APIG.0101"):
        api.find("m9")


def test_get_refuses_an_answer_about_another_model():
    api = ModelApi(Client([answer({"model_id": "m2", "model_name": "a", "model_version": "1.0.0"})]))
    with pytest.raises(ModelArtsResponseError, match="model 'm2'"):
        api.get("m1")


def test_a_name_is_exact_and_asked_with_exact_match():
    models = [{"model_id": "m%d" % i, "model_name": name, "model_version": version}
              for i, (name, version) in enumerate([("my_net", "1.0.0"), ("myXnet", "1.0.0"), ("my_net", "2.0.0"), ("my_net2", "1.0.0")])]
    client = Client(pages={"models": models})
    assert [m["model_id"] for m in ModelApi(client).named("my_net", "1.0.0")] == ["m0"]
    pairs = client.calls[0][2]
    assert ("model_name", "my_net") in pairs and ("exact_match", "true") in pairs and ("model_version", "1.0.0") in pairs


def test_a_delete_answered_200_with_a_failed_list_names_the_services_using_the_model():
    failed = [{"model_id": "m1", "error_code": "ModelArts.3009", "error_msg": "already deploy service"}]
    client = Client([answer({"delete_success_list": [], "delete_failed_list": failed})],
                    pages={"services": [{"service_id": "s1", "service_name": "web"}, {"service_id": "s2", "service_name": "batch"}]})
    with pytest.raises(ModelArtsDeleteRefused) as raised:
        ModelApi(client).delete("m1")
    text = str(raised.value)
    assert "did not delete model m1" in text and "ModelArts.3009" in text
    assert "service 'web' (s1), service 'batch' (s2)" in text
    assert raised.value.to_result() == {"delete_failed_list": failed}
    assert ("model_id", "m1") in client.calls[1][2]


def test_another_failure_in_the_list_is_named_by_its_code():
    failed = [{"model_id": "m1", "error_code": "ModelArts.3099", "error_message": "internal"}]
    with pytest.raises(ModelArtsDeleteRefused, match="ModelArts.3099 internal"):
        ModelApi(Client([answer({"delete_success_list": [], "delete_failed_list": failed})])).delete("m1")


def test_a_delete_answer_that_is_not_an_object_may_have_landed():
    with pytest.raises(ModelArtsResponseError):
        ModelApi(Client([answer(["m1"])])).delete("m1")
    ModelApi(Client([answer({"delete_success_list": ["m1"], "delete_failed_list": []})])).delete("m1")
