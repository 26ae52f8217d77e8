# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The schema language of the API reference's tables, and the type checker that reads it.

A schema is a type name, a list of one schema (every element), or a dict of field schemas.
A dict with the key ``*`` types every value (a map such as ``envs``). Resource packages describe
their bodies in ``_fields``, which derives their schemas in this language (``_service/schema.py``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import math

STRING = "str"
INT = "int"
FLOAT = "float"
# A number the API keeps to two decimals ("the third decimal place is rounded off").
DECIMAL2 = "decimal2"
BOOL = "bool"
ANY = "any"


def field_schema(schema, key):
    """The schema of ``key`` inside dict schema ``schema``; None for an unknown member."""
    if not isinstance(schema, dict):
        return None
    if "*" in schema:
        return schema["*"]
    return schema.get(key)


NUMBERS = (INT, FLOAT, DECIMAL2)
# The largest integer a JSON number carries exactly (an IEEE 754 double): no documented value is larger.
MAX_NUMBER = 2 ** 53

TYPE_NAMES = {STRING: "a string", INT: "an integer", FLOAT: "a number", DECIMAL2: "a number", BOOL: "a boolean"}


def type_errors(value, schema, where):
    """Messages for every place ``value`` does not have the documented type of ``schema``."""
    if schema == ANY or schema is None:
        return []
    if isinstance(schema, list):
        if not isinstance(value, list):
            return ["%s must be a list" % where]
        errors = []
        for index, item in enumerate(value):
            errors.extend(type_errors(item, schema[0], "%s[%d]" % (where, index)))
        return errors
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            return ["%s must be an object (a mapping)" % where]
        errors = []
        for key, item in value.items():
            sub = field_schema(schema, key)
            if sub is None:
                errors.append("%s has no member %r (documented: %s)" % (where, key, ", ".join(sorted(schema))))
            else:
                errors.extend(type_errors(item, sub, "%s.%s" % (where, key)))
        return errors
    if not _has_type(value, schema):
        return ["%s must be %s, got %r" % (where, TYPE_NAMES[schema], value)]
    if schema in NUMBERS and not _finite(value):
        # NaN and Infinity have no JSON form: json.dumps would send the non-JSON tokens NaN/Infinity.
        return ["%s must be a finite number, got %r" % (where, value)]
    if schema in NUMBERS and abs(value) > MAX_NUMBER:
        # No documented value comes near; a larger one is not even a double at the other end.
        return [out_of_range(value, where)]
    return []


def out_of_range(value, where):
    """The message for a number beyond MAX_NUMBER, which is not quoted: it may have hundreds of digits."""
    whole = int(abs(value))
    try:
        digits = len("%d" % whole)
    except ValueError:
        # Past Python's limit on printing an int (4300 digits): counted from its bits.
        digits = int(whole.bit_length() * math.log10(2)) + 1
    return "%s must be between -%d and %d, got a number of %d digits" % (where, MAX_NUMBER, MAX_NUMBER, digits)


def _finite(value):
    # An int is finite however large; math.isfinite would first convert it to a float, and overflow.
    return isinstance(value, int) or math.isfinite(value)


def input_errors(value, schema, where):
    """What a caller's raw value holds that no normalisation may silently change: a null value in a
    map (``envs: {KEY: null}``) or a free-form object, which normalising would drop (an empty map then
    replaces every key), and NaN or Infinity anywhere, which have no JSON form. A null member of a
    documented object means "not set" and is fine."""
    if isinstance(value, float) and not math.isfinite(value):
        return ["%s must be a finite number, got %r" % (where, value)]
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        return [out_of_range(value, where)]
    if isinstance(value, (list, tuple)):
        element = schema[0] if isinstance(schema, list) and schema else ANY
        errors = []
        for index, item in enumerate(value):
            errors.extend(input_errors(item, element, "%s[%d]" % (where, index)))
        return errors
    if not isinstance(value, dict):
        return []
    free = schema == ANY or isinstance(schema, dict) and "*" in schema
    errors = []
    for key, item in value.items():
        if item is None:
            if free:
                errors.append("%s.%s is null; a map holds no null values: leave the key out instead" % (where, key))
            continue
        sub = field_schema(schema, key) if isinstance(schema, dict) else ANY
        errors.extend(input_errors(item, ANY if sub is None else sub, "%s.%s" % (where, key)))
    return errors


def _has_type(value, schema):
    if schema == STRING:
        return isinstance(value, str)
    if schema == BOOL:
        return isinstance(value, bool)
    if isinstance(value, bool):
        # Python counts True as 1: a boolean given for a number is a mistake, never 1.
        return False
    if schema == INT:
        return isinstance(value, int) or isinstance(value, float) and value.is_integer()
    return isinstance(value, (int, float))
