"""The emulator's view of one HTTP request and of its answer, independent of http.server."""

import json
from urllib.parse import parse_qsl, unquote

from emulator.errors import ApiError, invalid_argument


class Request:
    """What a handler needs of a received request.

    ``raw_path`` is the path exactly as it came on the request line (still percent-encoded):
    the AK/SK canonical URI must be built from it, not from a decoded copy.
    """

    def __init__(self, method, target, headers, body=b""):
        self.method = method.upper()
        self.raw_path, _separator, self.raw_query = target.partition("?")
        # A list of (name, value) keeps repeated headers; lookups are case-insensitive.
        self.headers = list(headers)
        self.body = body or b""
        self._json_cache = None
        self._json_error = None
        self._json_parsed = False

    @property
    def path_segments(self):
        return [unquote(part) for part in self.raw_path.split("/") if part != ""]

    @property
    def query_pairs(self):
        # Form decoding ('+' is a space): what python-requests and most gateways do.
        return parse_qsl(self.raw_query, keep_blank_values=True)

    def query_dict(self):
        """Every query parameter as name -> list of values."""
        result = {}
        for name, value in self.query_pairs:
            result.setdefault(name, []).append(value)
        return result

    def query(self, name, default=None):
        for key, value in self.query_pairs:
            if key == name:
                return value
        return default

    def header(self, name, default=None):
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return default

    def json(self):
        """The body parsed as JSON; None for an empty body; 400 ModelArts.0101 when malformed."""
        if not self._json_parsed:
            self._json_parsed = True
            if self.body.strip():
                try:
                    self._json_cache = json.loads(self.body.decode("utf-8"))
                except (UnicodeDecodeError, ValueError) as exc:
                    self._json_error = invalid_argument("The request body is not valid JSON: %s" % exc)
        if self._json_error is not None:
            raise self._json_error
        return self._json_cache

    def json_or_none(self):
        """The body as JSON for the request log, never raising."""
        try:
            return self.json()
        except ApiError:
            return self.body.decode("utf-8", "replace")


class Reply:
    """An answer: status, JSON-able body and extra headers; ``text`` (an HTML page, say) replaces the JSON body."""

    def __init__(self, status=200, body=None, headers=None, text=None):
        self.status = status
        self.body = {} if body is None else body
        self.headers = dict(headers or {})
        self.text = text
