# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
    ModelArtsConnectionError,
    ModelArtsError,
    ModelArtsLookupError,
    ModelArtsWaitError,
    fail_with_error,
    parse_error_body,
)

URL = "https://modelarts.cn-north-4.myhuaweicloud.com/v1/p/services/s"


@pytest.mark.parametrize("body, expected", [
    ({"error_code": "ModelArts.3502", "error_msg": "service does not exist"},
     ("ModelArts.3502", "service does not exist", None)),
    ({"errorCode": "ModelArts.0104", "errorMsg": "Parameter error"}, ("ModelArts.0104", "Parameter error", None)),
    ({"code": "ModelArts.2799", "message": "too many requests"}, ("ModelArts.2799", "too many requests", None)),
    ({"error": {"code": 401, "title": "Unauthorized", "message": "The username or password is wrong."}},
     ("401", "The username or password is wrong.", None)),
    ({"error_code": "APIG.0301", "error_msg": "Incorrect IAM authentication information: verify aksk signature fail",
      "request_id": "a1b2c3"},
     ("APIG.0301", "Incorrect IAM authentication information: verify aksk signature fail", "a1b2c3")),
    ({"error_code": "ModelArts.3610"}, ("ModelArts.3610", None, None)),
    ({"error_msg": "only a message"}, (None, "only a message", None)),
    ({"something": "else", "request_id": "r9"}, (None, None, "r9")),
])
def test_parse_error_body_shapes(body, expected):
    assert parse_error_body(json.dumps(body)) == expected


@pytest.mark.parametrize("text, expected", [
    ("<html><body>502 Bad Gateway</body></html>", (None, "<html><body>502 Bad Gateway</body></html>", None)),
    ("  upstream timed out\n", (None, "upstream timed out", None)),
    ("[1, 2]", (None, "[1, 2]", None)),
    ("", (None, None, None)),
    (None, (None, None, None)),
    ("   ", (None, None, None)),
])
def test_parse_error_body_non_json_and_empty(text, expected):
    assert parse_error_body(text) == expected


def test_parse_error_body_cuts_long_text():
    code, msg, request_id = parse_error_body("x" * 500)
    assert (code, request_id) == (None, None)
    assert msg == "x" * 200


def test_api_error_message_names_code_message_and_request_id():
    error = ModelArtsApiError(404, "ModelArts.3502", "service does not exist", "req-42", "GET", URL)
    text = str(error)
    assert text == "GET %s returned HTTP 404 ModelArts.3502: service does not exist (request id req-42)" % URL
    assert isinstance(error, ModelArtsError)


def test_api_error_message_without_details():
    assert str(ModelArtsApiError(503, None, None, None, "PUT", URL)) == "PUT %s returned HTTP 503" % URL


def test_api_error_to_result():
    error = ModelArtsApiError(409, "ModelArts.5044", "operations conflict", "rid", "PUT", URL)
    assert error.to_result() == {"error": {
        "status": 409, "error_code": "ModelArts.5044", "error_msg": "operations conflict", "request_id": "rid",
        "method": "PUT", "url": URL,
    }}


def test_connection_error_message_and_to_result():
    reason = OSError("Connection refused")
    error = ModelArtsConnectionError("GET", URL, reason)
    assert str(error) == "GET %s failed without an answer: Connection refused" % URL
    assert error.to_result() == {"error": {"method": "GET", "url": URL, "reason": "Connection refused"}}


def test_wait_error_to_result():
    service = {"service_id": "s", "status": "failed"}
    assert ModelArtsWaitError("boom", resource=service, waited=12.5, resource_key="service").to_result() == {"service": service, "waited": 12.5}
    assert ModelArtsWaitError("boom").to_result() == {}
    assert ModelArtsWaitError("boom", waited=0.0).to_result() == {"waited": 0.0}


def test_plain_errors_have_empty_results():
    for error in (ModelArtsConfigError("bad"), ModelArtsLookupError("none")):
        assert error.to_result() == {}
        assert isinstance(error, ModelArtsError)


class FakeModule:
    def __init__(self):
        self.failed = None

    def fail_json(self, **kwargs):
        self.failed = kwargs
        raise SystemExit(1)


def test_fail_with_error_passes_msg_and_error():
    module = FakeModule()
    error = ModelArtsApiError(400, "ModelArts.3519", "deploying", "rid-1", "PUT", URL)
    with pytest.raises(SystemExit):
        fail_with_error(module, error, changed=False)
    assert module.failed == {
        "msg": str(error),
        "changed": False,
        "error": {"status": 400, "error_code": "ModelArts.3519", "error_msg": "deploying", "request_id": "rid-1",
                  "method": "PUT", "url": URL},
    }


def test_fail_with_error_for_wait_and_config_errors():
    module = FakeModule()
    with pytest.raises(SystemExit):
        fail_with_error(module, ModelArtsWaitError("timed out", resource={"status": "deploying"}, waited=3.0, resource_key="service"))
    assert module.failed == {"msg": "timed out", "service": {"status": "deploying"}, "waited": 3.0}
    with pytest.raises(SystemExit):
        fail_with_error(module, ModelArtsConfigError("region is required"))
    assert module.failed == {"msg": "region is required"}
