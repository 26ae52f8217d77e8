"""JSON bodies checked against the official SDK's models (``huaweicloudsdkmodelarts``), for tests only.

The SDK's generated model classes are a machine-readable description of the v2 API: ``attribute_map`` gives each
attribute's JSON key, ``openapi_types`` its type (``str``, ``int``, ``float``, ``bool``, ``object``, ``list[T]``,
``dict(str, T)``, ``datetime`` (a string) or another model's name) and ``__init__`` assigns the required attributes unconditionally.
The SDK itself is lenient: it drops keys it does not know and turns a number into text where a string is typed, so
a body can be wrong and still "work" through it. These checks are strict instead:

    problems = body_problems(body, ServiceCreateRequest)            # [] or ["$.group_configs[0].cout: unknown key", ...]
    assert_matches_model(body, ServiceCreateRequest)                 # AssertionError listing every problem
    assert_matches_model(body, ServiceCreateRequest, required=True,  # also every key the SDK marks required
                         allow_missing=("$.custom_metrics_path",))

``model`` is a model class or its name (looked up in ``huaweicloudsdkmodelarts.v1.model``). Paths are JSONPath-like:
``$`` the body, ``.key`` a member, ``[0]`` an item.
"""

import functools
import importlib
import inspect
import re

MODEL_PACKAGE = "huaweicloudsdkmodelarts.v1.model"

_LIST = re.compile(r"^list\[(.*)\]$")
_DICT = re.compile(r"^dict\(([^,]*), (.*)\)$")
# The generated __init__ assigns a required attribute unconditionally (8 spaces in), an optional one under
# ``if x is not None:`` (12 spaces in).
_REQUIRED_ASSIGNMENT = re.compile(r"^ {8}self\.(\w+) = \1$", re.MULTILINE)


def model_class(model):
    """The SDK model class named ``model`` (or ``model`` itself when it is a class)."""
    if isinstance(model, str):
        return getattr(importlib.import_module(MODEL_PACKAGE), model)
    return model


@functools.lru_cache(maxsize=None)
def required_keys(model):
    """The JSON keys the SDK model requires (assigned unconditionally by its ``__init__``)."""
    cls = model_class(model)
    attributes = set(_REQUIRED_ASSIGNMENT.findall(inspect.getsource(cls.__init__)))
    return tuple(cls.attribute_map[name] for name in cls.openapi_types if name in attributes)


def _json_types(cls):
    """JSON key -> SDK type string of one model class."""
    return {cls.attribute_map[name]: kind for name, kind in cls.openapi_types.items()}


def _describe(value):
    return "null" if value is None else type(value).__name__


def _check(value, kind, path, problems, required, allow_missing):
    match = _LIST.match(kind)
    if match:
        if not isinstance(value, list):
            problems.append("%s: expected a list (%s), got %s" % (path, kind, _describe(value)))
            return
        for index, item in enumerate(value):
            _check(item, match.group(1), "%s[%d]" % (path, index), problems, required, allow_missing)
        return
    match = _DICT.match(kind)
    if match:
        if not isinstance(value, dict):
            problems.append("%s: expected an object (%s), got %s" % (path, kind, _describe(value)))
            return
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append("%s: key %r is not a string" % (path, key))
            _check(item, match.group(2), "%s.%s" % (path, key), problems, required, allow_missing)
        return
    if kind == "object":
        return
    if kind in ("str", "datetime", "date"):
        if not isinstance(value, str):
            problems.append("%s: expected str, got %s %r" % (path, _describe(value), value))
        return
    if kind == "bool":
        if not isinstance(value, bool):
            problems.append("%s: expected bool, got %s %r" % (path, _describe(value), value))
        return
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append("%s: expected int, got %s %r" % (path, _describe(value), value))
        return
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append("%s: expected float, got %s %r" % (path, _describe(value), value))
        return
    _check_model(value, model_class(kind), path, problems, required, allow_missing)


def _check_model(value, cls, path, problems, required, allow_missing):
    if not isinstance(value, dict):
        problems.append("%s: expected an object (%s), got %s" % (path, cls.__name__, _describe(value)))
        return
    types = _json_types(cls)
    for key, item in value.items():
        child = "%s.%s" % (path, key)
        if key not in types:
            problems.append("%s: unknown key (%s knows %s)" % (child, cls.__name__, ", ".join(sorted(types))))
            continue
        if item is None:
            # The SDK sends no key for None and reads null as None: a null is never a type error.
            continue
        _check(item, types[key], child, problems, required, allow_missing)
    if required:
        for key in required_keys(cls):
            child = "%s.%s" % (path, key)
            if value.get(key) is None and child not in allow_missing:
                problems.append("%s: missing (required by %s)" % (child, cls.__name__))


def body_problems(body, model, required=False, allow_missing=()):
    """Every way ``body`` (parsed JSON) breaks the SDK model: unknown keys, wrong types, and with
    ``required`` missing required keys except the paths in ``allow_missing``. An empty list when it fits."""
    problems = []
    _check_model(body, model_class(model), "$", problems, required, frozenset(allow_missing))
    return problems


def assert_matches_model(body, model, required=False, allow_missing=()):
    """Fail with every problem ``body_problems`` finds."""
    problems = body_problems(body, model, required, allow_missing)
    assert not problems, "body does not match %s:\n  %s" % (model_class(model).__name__, "\n  ".join(problems))
