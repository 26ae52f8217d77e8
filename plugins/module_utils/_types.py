# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The schema language of the API reference's tables, and the type checker that reads it.

A schema is a type name, a list of one schema (every element), or a dict of field schemas.
A dict with the key ``*`` types every value (a map such as ``envs``). Resource packages
(``_service/schema.py``) describe their bodies in it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

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
    return []


def _has_type(value, schema):
    if schema == STRING:
        return isinstance(value, str)
    if schema == BOOL:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if schema == INT:
        return isinstance(value, int) or isinstance(value, float) and value.is_integer()
    return isinstance(value, (int, float))
