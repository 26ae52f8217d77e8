# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One description of a request body, from which its ``_types`` schema and its Ansible argument spec
are both derived, so that every field is written once.

A resource package describes its body with these constructors, typed as the API reference page
types it (the ``_types`` names ``STRING``, ``INT``, ``FLOAT``, ``DECIMAL2``, ``BOOL``):

- ``scalar(api_type)``: a string, number or boolean; its Ansible type follows from the API type
  (``DECIMAL2`` is a ``float`` option), or is given as ``ansible_type``;
- ``obj(fields)``: an object of the named fields (a dict of Field: names such as ``type`` are fine);
  a ``dict`` option with those ``options``;
- ``list_of(element)``: a list of one Field; a ``list`` option whose ``elements`` (and, for objects,
  ``options``) are the element's; the list's own rules apply (``choices`` of a list checks each element),
  the element's are not read;
- ``map_of(api_type)``: an object with any keys and values of one type (``envs``); a ``dict`` option;
- ``free_form()``: an object the API leaves open (``mapping_rule``); a ``dict`` option.

Each takes the argument spec's rules: ``required``, ``choices`` (of a list: of its elements),
``default``, ``aliases``, ``no_log`` (``False`` too: a name that sounds secret but is not); a rule left
out is left out of the spec. A field with
``option=False`` is part of the body (it is typed, compared, checked) but no module option, such as a
field only the module's own logic sets. Options that are not body fields (``state``, ``wait``, a name
to look up) are the module's own and are added beside ``body.options()``.

    BODY = obj(dict(
        name=scalar(STRING, required=True),
        envs=map_of(STRING),
        spec=obj(dict(cpu=scalar(DECIMAL2, required=True))),
    ))
    BODY.schema     # {"name": "str", "envs": {"*": "str"}, "spec": {"cpu": "decimal2"}}
    BODY.options()  # {"name": {"type": "str", "required": True}, "envs": {"type": "dict"},
                    #  "spec": {"type": "dict", "options": {"cpu": {"type": "float", "required": True}}}}
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import ANY, BOOL, DECIMAL2, FLOAT, INT, STRING

ANSIBLE_TYPES = {STRING: "str", INT: "int", FLOAT: "float", DECIMAL2: "float", BOOL: "bool"}
RULES = ("required", "choices", "default", "aliases", "no_log")


class Field:
    """One field of a body: its ``schema`` (the ``_types`` language) and its argument ``spec``."""

    def __init__(self, schema, ansible_type, elements=None, fields=None, option=True, **rules):
        unknown = sorted(set(rules) - set(RULES))
        if unknown:
            raise TypeError("unknown field rules: %s" % ", ".join(unknown))
        self.schema = schema
        self.ansible_type = ansible_type
        self.elements = elements
        self.fields = fields
        self.option = option
        # A rule left unset is left out, and so is required=False, as a spec written by hand leaves them out. An
        # explicit no_log=False stays: it says that an option whose name sounds secret (a tag's key) holds none.
        self.rules = dict((name, value) for name, value in rules.items()
                          if value is not None and not (name == "required" and value is False))
        if "choices" in self.rules:
            self.rules["choices"] = list(self.rules["choices"])

    @property
    def spec(self):
        """This field's entry in an argument spec."""
        spec = dict(type=self.ansible_type)
        if self.elements is not None:
            spec["elements"] = self.elements
        spec.update(self.rules)
        if self.fields is not None:
            spec["options"] = self.options()
        return spec

    def options(self):
        """The argument spec of an object's members that are options: a module's options, or ``spec['options']``."""
        return dict((name, field.spec) for name, field in self.fields.items() if field.option)

    def __getitem__(self, name):
        """The member ``name`` of an object (of a list of objects: of its element)."""
        return self.fields[name]


def scalar(api_type, ansible_type=None, **rules):
    return Field(api_type, ansible_type or ANSIBLE_TYPES[api_type], **rules)


def obj(fields, **rules):
    schema = dict((name, field.schema) for name, field in fields.items())
    return Field(schema, "dict", fields=fields, **rules)


def list_of(element, **rules):
    return Field([element.schema], "list", elements=element.ansible_type, fields=element.fields, **rules)


def map_of(api_type, **rules):
    return Field({"*": api_type}, "dict", **rules)


def free_form(**rules):
    return Field(ANY, "dict", **rules)
