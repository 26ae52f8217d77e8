# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module shape every module shares: arguments, one run entry, one failure result."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._connection import connection_argument_spec
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError, ModelArtsConnectionError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import execute, module_args, run_module


class Exited(Exception):
    pass


class Module:
    def __init__(self, **params):
        self.params = params
        self.warnings = []
        self.no_log_values = set()
        self.exited = None

    def warn(self, text):
        self.warnings.append(text)

    def exit_json(self, **result):
        self.exited = ("exit", result)
        raise Exited()

    def fail_json(self, **result):
        self.exited = ("fail", result)
        raise Exited()


def test_module_args_put_the_options_beside_the_connection_options():
    args = module_args({"name": {"type": "str"}}, mutually_exclusive=[("a", "b")])
    assert args["supports_check_mode"] is True and args["mutually_exclusive"] == [("a", "b")]
    assert args["argument_spec"] == connection_argument_spec(name={"type": "str"})


def test_a_result_exits_as_is():
    module = Module()
    with pytest.raises(Exited):
        run_module(module, lambda run: {"changed": False, "thing": {}})
    assert module.exited == ("exit", {"changed": False, "thing": {}})


def test_a_failure_before_any_write_says_unchanged_and_carries_the_api_error():
    error = ModelArtsApiError(400, "ModelArts.0104", "Parameter error", "req-9", "POST", "https://x.invalid/v1/p/models")

    def run_resource(run):
        run.extra["request_id"] = "req-9"
        raise error

    result, raised = execute(Module(), run_resource)
    assert raised is error
    assert result["changed"] is False and result["request_id"] == "req-9" and result["msg"] == str(error)
    assert result["error"]["error_code"] == "ModelArts.0104" and result["error"]["status"] == 400


def test_a_failure_after_a_landed_write_says_changed():
    def run_resource(run):
        run.protocol.send("create of thing 't'", lambda: "answer", lambda: None)
        raise ModelArtsConnectionError("GET", "https://x.invalid", "reset")

    module = Module()
    with pytest.raises(Exited):
        run_module(module, run_resource)
    kind, result = module.exited
    assert kind == "fail" and result["changed"] is True and result["error"]["reason"] == "reset"
