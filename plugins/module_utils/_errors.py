# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Typed errors of the ModelArts client and their translation into module failures."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json


class ModelArtsError(Exception):
    """Base of every error the collection raises on purpose."""

    def to_result(self):
        return {}


class ModelArtsConfigError(ModelArtsError):
    """Bad or missing options, found before any request is sent."""


class ModelArtsLookupError(ModelArtsError):
    """A name matched no resource, or more than one."""


class ModelArtsOutcomeUnknown(ModelArtsError):
    """A request whose answer does not say whether the server applied it.

    No answer, a server error (5xx) or a success status whose body is not the call's answer: a
    write that ends so may have landed, and only a fresh read can tell (``_write.WriteProtocol``).
    Every other failure is an answer the server gave before applying anything.
    """


class ModelArtsConnectionError(ModelArtsOutcomeUnknown):
    """No HTTP answer: refused, reset, timed out or TLS failure."""

    def __init__(self, method, url, reason):
        super(ModelArtsConnectionError, self).__init__(
            "%s %s failed without an answer: %s" % (method, url, reason))
        self.method = method
        self.url = url
        self.reason = reason

    def to_result(self):
        return {"error": {"method": self.method, "url": self.url, "reason": str(self.reason)}}


class ModelArtsApiError(ModelArtsError):
    """The API answered with an error status."""

    def __new__(cls, status, *args, **kwargs):
        # A 5xx is a server error whatever code built it (the transport, a test double), so it
        # always joins the "may have landed" family: a write it ends is re-read, never trusted.
        built = cls
        if cls is ModelArtsApiError and isinstance(status, int) and status >= 500:
            built = ModelArtsServerError
        return super(ModelArtsApiError, built).__new__(built)

    def __init__(self, status, error_code, error_msg, request_id, method, url, fields_only=None):
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.method = method
        self.url = url
        # (error_code, error_msg) as the body's code and message fields alone, text only, never an
        # excerpt of the body: what may be quoted of an answer to a request that carried a secret.
        self.fields_only = fields_only
        super(ModelArtsApiError, self).__init__(self._describe())

    def without_body(self):
        """This error quoting nothing of the answer beyond its code and message fields."""
        if self.fields_only is None:
            return self
        code, message = self.fields_only
        return ModelArtsApiError(self.status, code, message, self.request_id, self.method, self.url, self.fields_only)

    def _describe(self):
        text = "%s %s returned HTTP %s" % (self.method, self.url, self.status)
        if self.error_code:
            text += " %s" % self.error_code
        if self.error_msg:
            text += ": %s" % self.error_msg
        if self.request_id:
            text += " (request id %s)" % self.request_id
        return text

    def to_result(self):
        return {"error": {
            "status": self.status,
            "error_code": self.error_code,
            "error_msg": self.error_msg,
            "request_id": self.request_id,
            "method": self.method,
            "url": self.url,
        }}


class ModelArtsServerError(ModelArtsApiError, ModelArtsOutcomeUnknown):
    """A 5xx answer: the server failed somewhere, perhaps after applying the request."""


class ModelArtsWaitError(ModelArtsError):
    """A resource did not settle as hoped: it failed, or the wait ran out of time.

    ``resource`` is its last read, reported under ``resource_key`` (the result key the waiting
    module returns its resource under).
    """

    def __init__(self, message, resource=None, waited=None, resource_key="resource"):
        super(ModelArtsWaitError, self).__init__(message)
        self.resource = resource
        self.resource_key = resource_key
        self.waited = waited

    def to_result(self):
        result = {}
        if self.resource is not None:
            result[self.resource_key] = self.resource
        if self.waited is not None:
            result["waited"] = self.waited
        return result


# Body shapes seen from ModelArts, the API gateway, IAM and the SDK's fallbacks.
_ERROR_SHAPES = (
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
)


def parse_error_body(text):
    """Return (error_code, error_msg, request_id) found in an error body, else Nones."""
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        snippet = (text or "").strip()[:200]
        return None, snippet or None, None
    request_id = body.get("request_id")
    # IAM nests its error: {"error": {"code": 401, "title": ..., "message": ...}}.
    nested = body.get("error")
    if isinstance(nested, dict):
        body = nested
    for code_key, msg_key in _ERROR_SHAPES:
        if code_key in body or msg_key in body:
            code = body.get(code_key)
            return (str(code) if code is not None else None), body.get(msg_key), request_id
    return None, None, request_id


def error_fields(text):
    """(error_code, error_msg) of an error body from its code and message fields only, each a string or
    number, else None: no excerpt of a body that is not JSON, no member that is an object or a list."""
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return None, None
    if isinstance(body.get("error"), dict):
        body = body["error"]
    for code_key, msg_key in _ERROR_SHAPES:
        if code_key in body or msg_key in body:
            return _scalar_text(body.get(code_key)), _scalar_text(body.get(msg_key))
    return None, None


def _scalar_text(value):
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


def fail_with_error(module, error, **result):
    """fail_json for a ModelArtsError, carrying its structured details."""
    result.update(error.to_result())
    module.fail_json(msg=str(error), **result)
