# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The kinds of value each option takes, checked on the values as given, before Ansible converts them.

Ansible's argument validation lets some values through in a form the documentation rules out, and
raises on others instead of reporting them: a boolean for an integer is an integer to Python
(``api_timeout: yes`` would reach the HTTP library as ``True``), a boolean for a string becomes
``"True"`` (``project_id: yes`` would become the path ``/v1/True/``), ``.inf`` for an integer and a
400-digit number for a float overflow in its converters, and a scalar for an option with
sub-options (``custom_spec: yes``) fails inside its sub-option handling. So every module builds its
AnsibleModule through ``new_module``, which checks the values as given against the argument spec
first and fails with a message naming the option and the rule.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import math

from ansible.module_utils import basic

from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import MAX_NUMBER, out_of_range

NUMBER_TYPES = ("int", "float")
# How YAML and Python spell the numbers JSON has no form for (after a sign or a leading dot).
NON_FINITE_WORDS = ("inf", "infinity", "nan")
# Options whose value becomes a path segment or a query value naming a resource: a number there
# (project_id: 0) is a templating mistake, never an id.
ID_OPTIONS = ("project_id", "service_id", "model_id", "workspace_id", "cluster_id")


def _kind(value):
    if isinstance(value, bool):
        return "a boolean (%s)" % value
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return type(value).__name__


def number_error(value, where, kind="int"):
    """Why ``value`` is no documented number, or None (a value Ansible cannot convert is left to it)."""
    what = "an integer" if kind == "int" else "a number"
    rule = "%s must be %s between -%d and %d" % (where, what, MAX_NUMBER, MAX_NUMBER)
    if isinstance(value, bool):
        return "%s must be %s, got a boolean (%s)" % (where, what, value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text.lstrip("+-.") in NON_FINITE_WORDS:
            return "%s must be a finite number, got %s" % (where, value.strip()[:20])
        digits = text.lstrip("+-")
        if digits and all(char in "0123456789" for char in digits) and (len(digits) > 16 or int(digits) > MAX_NUMBER):
            return "%s, got a number of %d digits" % (rule, len(digits))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return "%s must be a finite number, got %s" % (where, value)
    if isinstance(value, (int, float)) and abs(value) > MAX_NUMBER:
        return out_of_range(value, where)
    return None


# id(spec) -> (spec, {key: (option name, position of the key among the name and its aliases)}); the spec is kept
# so that its id is never another's.
_KEYS = {}


def _keys(spec):
    """Every key that sets an option of ``spec``, once per spec: a fleet checks hundreds of items against one."""
    known = _KEYS.get(id(spec))
    if known is None:
        keys = {}
        for name, option in spec.items():
            for position, key in enumerate([name] + list(option.get("aliases") or [])):
                keys.setdefault(key, (name, position))
        known = _KEYS[id(spec)] = (spec, keys)
    return known[1]


def _named(spec, params):
    """(option name, given value) for each option of ``spec`` set in ``params``, under any of its aliases, by
    option name and then the name before its aliases."""
    keys = _keys(spec)
    found = sorted((keys[key], value) for key, value in params.items() if key in keys and value is not None)
    return [(named[0], value) for named, value in found]


def value_errors(params, spec, prefix="", nested=None):
    """Messages for every value in ``params`` (as given) of a kind its option rules out.

    ``nested`` maps an option without sub-options in ``spec`` to the spec its items are checked
    with elsewhere (modelarts_fleet's services); those are checked here too.
    """
    if not isinstance(params, dict):
        return []
    errors = []
    for name, value in _named(spec, params):
        option = spec[name]
        where = prefix + name
        kind = option.get("type", "str")
        sub_spec = option.get("options") or (nested or {}).get(name)
        if kind in NUMBER_TYPES:
            error = number_error(value, where, kind)
            if error:
                errors.append(error)
        elif kind == "list" and option.get("elements") in NUMBER_TYPES:
            # A single value is taken as a list of one.
            items = value if isinstance(value, list) else [value]
            errors.extend(e for e in (number_error(item, "%s[%d]" % (where, index), option["elements"])
                                      for index, item in enumerate(items)) if e)
        elif kind == "str" and isinstance(value, bool):
            errors.append("%s must be a string, got a boolean (%s); quote the value if the word is meant" % (
                where, value))
        elif kind == "str" and name in ID_OPTIONS and isinstance(value, (int, float)):
            errors.append("%s must be a string (an id), got a number (%s); quote the value if it is meant" % (
                where, value))
        elif kind == "dict" and sub_spec and not isinstance(value, (dict, str)):
            # (A string is Ansible's to parse: key=value pairs or JSON.)
            errors.append("%s must be a mapping of its options (%s), got %s" % (
                where, ", ".join(sorted(sub_spec)), _kind(value)))
        elif kind == "dict" and sub_spec:
            errors.extend(value_errors(value, sub_spec, where + ".", nested))
        elif kind == "list" and option.get("elements") == "dict" and sub_spec and isinstance(value, list):
            for index, item in enumerate(value):
                item_where = "%s[%d]" % (where, index)
                if not isinstance(item, (dict, str)):
                    errors.append("%s must be a mapping of %s's options, got %s" % (item_where, name, _kind(item)))
                elif isinstance(item, dict):
                    errors.extend(value_errors(item, sub_spec, item_where + "."))
    return errors


def _relaxed(spec):
    """``spec`` with every option taking any value: only to fail with a message (secrets still masked)."""
    relaxed = {}
    for name, option in spec.items():
        relaxed[name] = dict((key, option[key]) for key in ("aliases", "no_log", "fallback") if key in option)
        relaxed[name]["type"] = "raw"
    return relaxed


def given_params():
    """The module's arguments as the task gave them, before any conversion."""
    params = basic._load_params()  # pylint: disable=protected-access  # what AnsibleModule itself reads
    if not isinstance(params, dict):
        # ansible-test's validate-modules stands in a loader that gives nothing, to read the argument spec.
        return {}
    return dict((key, value) for key, value in params.items() if not key.startswith("_ansible_"))


def fail_for(module_class, argument_spec, supports_check_mode, errors):
    """Fail through an AnsibleModule that accepts any value (so it cannot trip over the bad one)."""
    module = module_class(argument_spec=_relaxed(argument_spec), supports_check_mode=supports_check_mode)
    module.fail_json(msg="Invalid option value%s: %s." % ("" if len(errors) == 1 else "s", "; ".join(errors)))


def validate(validator, params, spec):
    """``validator.validate(params)`` (an ArgumentSpecValidator), or the messages of what it rules out or raises on."""
    errors = value_errors(params, spec)
    if errors:
        return None, errors
    try:
        return validator.validate(params), []
    except (TypeError, ValueError, OverflowError, AttributeError) as error:
        return None, [raised(error)]


def raised(error):
    # Found by none of the rules above: named by its kind only, as its text may quote a secret.
    return ("Ansible's argument validation raised %s on the options as given; check the types of the values "
            "against the module's documentation" % type(error).__name__)


def new_module(module_class, nested=None, **arguments):
    """``module_class(**arguments)`` (AnsibleModule), once the values as given are of the kinds their options take.

    A value that Ansible's own validation raises on, rather than reports, fails the same way, with
    the kind of error when no rule above names it.
    """
    spec = arguments["argument_spec"]
    check_mode = arguments.get("supports_check_mode", False)
    errors = value_errors(given_params(), spec, nested=nested)
    if errors:
        fail_for(module_class, spec, check_mode, errors)
    try:
        return module_class(**arguments)
    except (TypeError, ValueError, OverflowError, AttributeError) as error:
        fail_for(module_class, spec, check_mode, [raised(error)])
