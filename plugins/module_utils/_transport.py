# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP transport: JSON over a requests.Session, with retries that never repeat a write."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import json
import random
import threading
import time
import traceback

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConnectionError,
    parse_error_body,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._signer import canonical_query, query_pairs
from ansible_collections.hwcloud.modelarts.plugins.module_utils._version import COLLECTION_VERSION

REQUESTS_IMPORT_ERROR = None
try:
    import requests
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

USER_AGENT = "hwcloud.modelarts/%s" % COLLECTION_VERSION

# A read may be sent again after any of these: it changes nothing.
READ_RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
# Answers by which the server says it did nothing and asks to come back later, so even a
# write may be re-sent: any 429 (throttling), and a 409 only with the documented busy code
# ModelArts.5044 ("operations conflict, try again later") or a throttling code. Any other 409
# (a name that exists, a state conflict) or 4xx is final, and a write that died any other way
# may or may not have landed: the caller re-reads instead.
WRITE_RETRY_STATUSES = frozenset((409, 429))
BUSY_ERROR_CODES = frozenset(("ModelArts.5044", "ModelArts.2799", "ModelArts.4206", "ModelArts.6101"))
SAFE_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))

MAX_RETRY_AFTER = 120.0


class Response:
    def __init__(self, status, headers, body, text):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = text

    @property
    def request_id(self):
        return self.headers.get("X-Request-Id")


class Transport:
    """Sends JSON requests; ``signer`` (method, url, query pairs, headers, body) -> headers."""

    def __init__(self, timeout=30, validate_certs=True, ca_bundle=None, retries=3,
                 backoff_base=1.0, backoff_max=30.0, sleep=time.sleep, jitter=random.random, session=None):
        self.timeout = timeout
        self.verify = (ca_bundle or True) if validate_certs else False
        self.retries = retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self._sleep = sleep
        self._jitter = jitter
        self._session = session
        self._local = threading.local()
        # A ThrottleGate shared by the threads of a run (modelarts_fleet), or None.
        self.gate = None

    @property
    def session(self):
        """A given session, else one requests.Session per thread.

        requests does not promise a Session is thread-safe, and a lock around it would send one
        request at a time; a session per thread keeps each its own connection pool (keep-alive).
        """
        if self._session is not None:
            return self._session
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            if self.verify is False:
                requests.packages.urllib3.disable_warnings()
        return session

    def request(self, method, url, pairs=None, body=None, headers=None, signer=None, creates_nothing=False):
        """Send and return a Response for 2xx; raise ModelArtsApiError or ModelArtsConnectionError.

        ``creates_nothing`` marks a POST that may be retried like a read (an IAM token request).
        """
        method = method.upper()
        pairs = query_pairs(pairs)
        payload = None if body is None else json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8")
        retry_like_read = method in SAFE_METHODS or creates_nothing
        retry_statuses = READ_RETRY_STATUSES if retry_like_read else WRITE_RETRY_STATUSES
        query = canonical_query(pairs)
        full_url = url + ("?" + query if query else "")
        attempt = 0
        while True:
            send_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
            if payload is not None:
                send_headers["Content-Type"] = "application/json;charset=UTF-8"
            send_headers.update(headers or {})
            if self.gate is not None:
                # Before signing: an AK/SK signature carries the time it was made.
                self.gate.wait()
            if signer is not None:
                send_headers = signer(method, url, pairs, send_headers, payload or b"")
            try:
                raw = self.session.request(method, full_url, data=payload, headers=send_headers,
                                           timeout=self.timeout, verify=self.verify)
            except requests.exceptions.SSLError as exc:
                # A certificate problem does not heal by retrying.
                raise ModelArtsConnectionError(method, url, exc) from exc
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                if not retry_like_read or attempt >= self.retries:
                    raise ModelArtsConnectionError(method, url, exc) from exc
                self._sleep(self._backoff(attempt))
                attempt += 1
                continue
            except requests.exceptions.RequestException as exc:
                # Raised before sending (an invalid header, URL, ...): its text may quote a header
                # value, which can be a secret, so only the kind of error is reported (and not chained either).
                raise ModelArtsConnectionError(method, url, "%s: the request could not be sent" % type(exc).__name__) from None
            response = _to_response(raw)
            if 200 <= response.status < 300:
                return response
            if response.status == 429 and self.gate is not None:
                # Every thread pauses, not only this one; the wait happens at the top of the loop.
                self.gate.hold(self._retry_delay(response, attempt))
                if _may_resend(response, retry_like_read, retry_statuses) and attempt < self.retries:
                    attempt += 1
                    continue
            if _may_resend(response, retry_like_read, retry_statuses) and attempt < self.retries:
                self._sleep(self._retry_delay(response, attempt))
                attempt += 1
                continue
            raise _api_error(response, method, url)

    def _backoff(self, attempt):
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** attempt))
        # Half fixed, half random: spreads out many forks hitting the same throttle.
        return ceiling / 2.0 + self._jitter() * ceiling / 2.0

    def _retry_delay(self, response, attempt):
        asked = parse_retry_after(response.headers.get("Retry-After"))
        if asked is not None:
            return min(asked, MAX_RETRY_AFTER)
        return self._backoff(attempt)


def _may_resend(response, retry_like_read, retry_statuses):
    if response.status not in retry_statuses:
        return False
    if retry_like_read or response.status == 429:
        return True
    return parse_error_body(response.text)[0] in BUSY_ERROR_CODES


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), else None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    current = now if now is not None else time.time()
    return max(0.0, moment.timestamp() - current)


def _to_response(raw):
    text = raw.text
    try:
        body = raw.json() if text else None
    except ValueError:
        body = None
    return Response(raw.status_code, raw.headers, body, text)


def _api_error(response, method, url):
    code, msg, body_request_id = parse_error_body(response.text)
    return ModelArtsApiError(
        status=response.status,
        error_code=code,
        error_msg=msg,
        request_id=response.request_id or body_request_id,
        method=method,
        url=url,
    )
