# -*- coding: utf-8 -*-
"""Every option of every module, given hostile values: no traceback, and no request for input the docs rule out.

The modules are found in plugins/modules and their options read from the argument spec each one's
main() hands to AnsibleModule (nested options, and the items of modelarts_fleet, too), so a module
or an option added later is fuzzed without touching this file. Each case runs the module's main()
in-process with the real client and transport over a session that records every request and
answers 404: a case either fails cleanly (fail_json) or exits (exit_json), never by an exception,
and a value the documentation rules out never gets as far as a request.
"""

import collections
import importlib
import json
import math
import os
import pkgutil
import re
import traceback

import pytest

from ansible.module_utils import basic

from module_runner import run_main

from ansible_collections.hwcloud.modelarts.plugins import modules as modules_package
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _transport as transport_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service import fleet

PROJECT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
SERVICE_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000001"
MODEL_ID = "7f3c8d0e-1111-4a5b-9c8d-000000000001"
CONNECTION = {"auth_token": "MIIfuzzT0k3n", "project_id": PROJECT_ID, "region": "cn-north-4",
              "endpoint": "https://modelarts.cn-north-4.myhuaweicloud.com", "retries": 0}
# What a required option is given when it is not the one being fuzzed.
SAMPLES = {"service_id": SERVICE_ID, "model_id": MODEL_ID, "duration": 1, "time_unit": "DAYS", "type": "stop",
           "topic_urn": "urn:smn:cn-north-4:%s:alerts" % PROJECT_ID, "events": [1], "log_group_id": "g" * 36,
           "log_stream_id": "s" * 36, "cpu": 1.0, "memory": 1024, "host_path": "/var/log/a", "mount_path": "/mnt/a",
           "path": "/config/0/instance_count", "value": 2}
# What an item of an option with its own argument spec needs besides its required options.
ITEM_SAMPLES = {("modelarts_fleet", "services"): {"service_id": SERVICE_ID}}
# Options whose items are checked by the module itself with another argument spec.
ITEM_SPECS = {("modelarts_fleet", "services"): fleet.ITEM_ARGUMENT_SPEC}
# Options that become a path segment, a host or a header: their form is checked before any request.
ADDRESSING_OPTIONS = ("project_id", "service_id", "region", "endpoint", "iam_endpoint")

HUGE = int("9" * 400)
VALUES = collections.OrderedDict([
    ("true", True), ("false", False), ("zero", 0), ("minus one", -1), ("huge", HUGE), ("minus huge", -HUGE),
    ("inf", float("inf")), ("minus inf", float("-inf")), ("nan", float("nan")), ("fraction", 1.5),
    ("empty", ""), ("blank", "  "), ("yes", "yes"), ("on", "on"), ("word", "fuzz"), ("inf text", ".inf"),
    ("nan text", "NaN"), ("huge text", "9" * 400), ("nul", "a\x00b"), ("newline", "a\nb"), ("escape", "a\x1b[2Jb"),
    ("bidi", u"a\u202eb"), ("zero width", u"a\u200bb"), ("long", "x" * 5000), ("empty list", []),
    ("list", ["a", 1]), ("empty dict", {}), ("dict", {"a": 1}), ("nested dict", {"a": {"b": [None]}}),
    ("empty key", {"": "x"}), ("control key", {"A\x01B": "x"}), ("flavor", "modelarts.vm.cpu.4u"),
])
# The form of a flavor name (modelarts_service's config[].specification).
FLAVOR = re.compile(r"^(custom|[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+)$")


def module_names():
    return sorted(name for _finder, name, _pkg in pkgutil.iter_modules(modules_package.__path__))


class _Captured(Exception):
    pass


def module_arguments(code):
    """The keyword arguments main() gives AnsibleModule (argument_spec and its constraints)."""
    captured = {}

    def capture(**kwargs):
        captured.update(kwargs)
        raise _Captured()

    original, original_load = code.AnsibleModule, basic._load_params
    code.AnsibleModule, basic._load_params = capture, dict
    try:
        code.main()
    except _Captured:
        pass
    finally:
        code.AnsibleModule, basic._load_params = original, original_load
    return captured


def sample(name, option, module=None):
    if (module, name) in ITEM_SAMPLES:
        return [dict(ITEM_SAMPLES[(module, name)])]
    if name in SAMPLES:
        return SAMPLES[name]
    if option.get("choices"):
        return option["choices"][0]
    kind = option.get("type", "str")
    if kind == "dict":
        return complete({}, option.get("options") or {})
    if kind == "list":
        if option.get("elements") == "dict":
            return [complete({}, option.get("options") or {})]
        return ["fuzz"]
    return {"int": 1, "float": 1.0, "bool": True}.get(kind, "fuzz")


def complete(params, spec):
    """``params`` with every required option of ``spec`` it lacks set to a sample."""
    params = dict(params)
    for name, option in spec.items():
        if option.get("required") and name not in params:
            params[name] = sample(name, option)
    return params


def option_paths(spec, module, prefix=()):
    """(path, option) for every option of ``spec``, nested ones included; a path step into a list is ``[]``."""
    for name, option in sorted(spec.items()):
        path = prefix + (name,)
        yield path, option
        nested = option.get("options") or ITEM_SPECS.get((module, name))
        if nested:
            step = path + ("[]",) if option.get("type") == "list" else path
            yield from option_paths(nested, module, step)


def place(params, spec, path, value, module):
    """``params`` with ``value`` at ``path``, inside parents that hold their required members."""
    name = path[0]
    option = spec[name]
    if len(path) == 1:
        return dict(params, **{name: value})
    nested = option.get("options") or ITEM_SPECS.get((module, name))
    if path[1] == "[]":
        inner = place(complete(dict(ITEM_SAMPLES.get((module, name), {})), nested), nested, path[2:], value, module)
        return dict(params, **{name: [inner]})
    inner = place(complete({}, nested), nested, path[1:], value, module)
    return dict(params, **{name: inner})


def base_params(arguments, module):
    params = dict(CONNECTION)
    for name, option in arguments["argument_spec"].items():
        if option.get("required"):
            params[name] = sample(name, option, module)
    for group in arguments.get("required_one_of") or ():
        if not any(name in params for name in group):
            params[group[0]] = sample(group[0], arguments["argument_spec"][group[0]])
    return params


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def ruled_out(path, option, value):
    """Whether the documentation rules ``value`` out for the option at ``path`` (None: it may be valid)."""
    kind = option.get("type", "str")
    if kind in ("int", "float"):
        if isinstance(value, bool):
            return True
        if _number(value):
            return isinstance(value, float) and not math.isfinite(value) or abs(value) > 2 ** 53
        if isinstance(value, str):
            return True
        return True
    if kind == "dict" and path[-1] == "envs":
        # Variable names: not empty, no whitespace, '=' or control characters.
        return not isinstance(value, dict) or any(
            not key.strip() or any(char.isspace() or char == "=" or ord(char) < 32 for char in key) for key in value)
    if kind == "dict":
        return not isinstance(value, dict)
    if path[-1] == "specification":
        return not isinstance(value, str) or value.strip() == "" or not FLAVOR.match(value)
    if kind == "str" and path[-1] in ADDRESSING_OPTIONS:
        if value == "" and not option.get("required"):
            # An empty string is "not set" (the default applies), as an unset template variable gives.
            return False
        if not isinstance(value, str) or not value.strip():
            return True
        return any(ord(char) < 32 or char in u"\u202e\u200b" for char in value)
    return False


class _Answer:
    status_code = 404
    headers = {"Content-Type": "application/json", "X-Request-Id": "fuzz"}
    encoding = "utf-8"
    text = json.dumps({"error_code": "ModelArts.3502", "error_msg": "The service does not exist."})


class RecordingSession:
    def __init__(self):
        self.sent = []

    headers = {}

    def send(self, prepared, **kwargs):
        self.sent.append((prepared.method, prepared.url, kwargs))
        return _Answer()

    def mount(self, prefix, adapter):
        """The transport mounts its watched adapters; nothing is sent through them here."""


CASES = []
ARGUMENTS = {}
for _module in module_names():
    _code = importlib.import_module("%s.%s" % (modules_package.__name__, _module))
    ARGUMENTS[_module] = (_code, module_arguments(_code))
    for _path, _option in option_paths(ARGUMENTS[_module][1]["argument_spec"], _module):
        for _label, _value in VALUES.items():
            CASES.append((_module, _path, _label, _value, _option))


@pytest.fixture
def session(monkeypatch):
    recording = RecordingSession()
    # Every session a transport makes is this one: nothing leaves the process.
    monkeypatch.setattr(transport_module, "_new_session", lambda: recording)
    for name in list(os.environ):
        if name.startswith("HW_"):
            monkeypatch.delenv(name)
    return recording


@pytest.mark.parametrize("fuzzed", sorted(ARGUMENTS))
def test_every_option_survives_hostile_values(session, capsys, fuzzed):
    tally = collections.Counter()
    problems = []
    for module, path, label, value, option in CASES:
        if module != fuzzed:
            continue
        code, arguments = ARGUMENTS[module]
        params = place(base_params(arguments, module), arguments["argument_spec"], path, value, module)
        del session.sent[:]
        where = "%s %s=%s" % (module, ".".join(path), label)
        tally["tried"] += 1
        try:
            outcome = run_main(code, params)
        except Exception as error:  # pylint: disable=broad-except  # a crash is what this test looks for
            tally["crashed"] += 1
            frame = traceback.extract_tb(error.__traceback__)[-1]
            problems.append("%s: crashed with %s: %s (%s:%d)" % (
                where, type(error).__name__, str(error)[:200], os.path.basename(frame.filename), frame.lineno))
            continue
        if outcome.failed and not session.sent:
            tally["failed cleanly before any request"] += 1
        if ruled_out(path, option, value) and session.sent:
            problems.append("%s: ruled out by the docs, yet sent %s %s" % (where, session.sent[0][0], session.sent[0][1]))
    with capsys.disabled():
        print("\nfuzz %s: %d cases tried, %d failed cleanly before any request, %d crashed" % (
            fuzzed, tally["tried"], tally["failed cleanly before any request"], tally["crashed"]))
    assert problems == [], "%d problems:\n%s" % (len(problems), "\n".join(problems))
