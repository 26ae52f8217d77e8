# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a call expects its answer to be, checked before anything is planned from it.

A 200 that is an HTML login page, an empty body, ``null`` or a list is not a service: read as
one it would become a write built on nothing. Each call says the shape it relies on; anything
else fails with the status, the request id and a short, scrubbed excerpt of what came back.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsOutcomeUnknown

EXCERPT_LENGTH = 200


class ModelArtsResponseError(ModelArtsOutcomeUnknown):
    """An answer with a success status whose body is not what the call needs.

    After a write it may be a gateway's page in front of a write that landed, so it is one of the
    "may have landed" family.
    """

    def __init__(self, response, expected, found):
        self.status = response.status
        self.request_id = response.request_id
        self.method = response.method
        self.url = response.url
        self.expected = expected
        self.found = found
        self.excerpt = response.excerpt
        text = "%s %s answered HTTP %s with %s, not %s" % (self.method, self.url, self.status, found, expected)
        if self.request_id:
            text += " (request id %s)" % self.request_id
        if self.excerpt:
            text += "; it begins: %s" % self.excerpt
        super(ModelArtsResponseError, self).__init__(text)

    def to_result(self):
        return {"error": {
            "status": self.status,
            "request_id": self.request_id,
            "method": self.method,
            "url": self.url,
            "expected": self.expected,
            "found": self.found,
            "excerpt": self.excerpt,
        }}


def describe_body(response):
    """What kind of body an answer has, in words."""
    body = response.body
    if isinstance(body, dict):
        return "a JSON object"
    if isinstance(body, list):
        return "a JSON list"
    if isinstance(body, str):
        return "a JSON string"
    if isinstance(body, bool):
        return "a JSON boolean"
    if isinstance(body, (int, float)):
        return "a JSON number"
    text = (response.text or "").strip()
    if not text:
        return "an empty body"
    if text == "null":
        return "JSON null"
    if text.startswith("<"):
        return "an HTML or XML page"
    return "a body that is not JSON"


def expect_object(response, what="a JSON object", strings=()):
    """The body as a dict holding a non-empty string under each name in ``strings``."""
    expected = what if not strings else "%s with %s" % (what, ", ".join(strings))
    if not isinstance(response.body, dict):
        raise ModelArtsResponseError(response, expected, describe_body(response))
    missing = [name for name in strings
               if not isinstance(response.body.get(name), str) or not response.body.get(name)]
    if missing:
        raise ModelArtsResponseError(response, expected, "a JSON object without a string %s" % ", ".join(missing))
    return response.body


def expect_list(response, key, what="a JSON object", item_strings=()):
    """``(body, items)``: the object and its list of objects under ``key``."""
    expected = "%s with a list of objects under %r" % (what, key)
    body = expect_object(response, expected)
    items = body.get(key)
    if not isinstance(items, list):
        raise ModelArtsResponseError(response, expected, "a JSON object without a list under %r" % key)
    for item in items:
        if not isinstance(item, dict):
            raise ModelArtsResponseError(response, expected, "a list under %r holding a non-object" % key)
        for name in item_strings:
            if not isinstance(item.get(name), str) or not item.get(name):
                raise ModelArtsResponseError(response, expected,
                                             "a list under %r with an item without a string %s" % (key, name))
    return body, items
