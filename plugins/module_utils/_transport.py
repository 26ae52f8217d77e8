# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP transport: JSON over a requests.Session, with retries that never repeat a write."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import heapq
import importlib.util
import json
import os
import socket
import random
import re
import sys
import threading
import time
from urllib.parse import urlsplit

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConnectionError,
    ModelArtsConfigError,
    error_fields,
    parse_error_body,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._secrets import NO_SECRETS
from ansible_collections.hwcloud.modelarts.plugins.module_utils._signer import canonical_query, query_pairs
from ansible_collections.hwcloud.modelarts.plugins.module_utils._version import COLLECTION_VERSION


def _requests_missing():
    """Whether requests cannot be found, known without importing it; a module already imported is there."""
    try:
        return importlib.util.find_spec("requests") is None
    except (ImportError, ValueError):  # ValueError: imported, but without a spec
        return "requests" not in sys.modules


# requests is imported by the first request (_import_requests), not with this file: an inventory read from its
# cache sends none, and importing requests would be a tenth of its run. Whether it is there is known now.
REQUESTS_IMPORT_ERROR = "No module named 'requests'" if _requests_missing() else None
requests = None

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

# How the API gateway says an AK/SK signature's time (X-Sdk-Date) is out of range ("x-sdk-date expired",
# "calc ak sk signature fail:signature expired", "signature expired, signature time:..., server time:...").
SIGNING_TIME_REFUSED = re.compile(r"x-sdk-date|signature expired|signature time", re.IGNORECASE)
# The gateway accepts a signature made at most this long before or after its own time.
SIGNING_TIME_WINDOW_MINUTES = 15

MAX_RETRY_AFTER = 120.0
# No ModelArts or IAM answer comes near this; a bigger one is refused, never held in memory.
MAX_BODY_BYTES = 10 * 1024 * 1024
CHUNK_BYTES = 64 * 1024


class Response:
    def __init__(self, status, headers, body, text, method=None, url=None, secrets=NO_SECRETS):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = text
        self.method = method
        self.url = url
        self._secrets = secrets
        self._excerpt = None

    @property
    def excerpt(self):
        """The text fit to quote: scrubbed and bounded, so no quote of this answer can carry a secret.

        Made when first asked for (an error or an unexpected answer), not for every answer: scrubbing
        a large body that nobody quotes costs more than the request.
        """
        if self._excerpt is None:
            self._excerpt = self._secrets.quote(self.text, 200) or ""
        return self._excerpt or None

    @property
    def request_id(self):
        return self.headers.get("X-Request-Id")


def _import_requests():
    """requests (module-wide from here on); a ModelArtsConfigError naming the library when it cannot be imported."""
    global requests  # pylint: disable=global-statement
    if requests is None:
        try:
            requests = importlib.import_module("requests")
        except ImportError as error:
            raise ModelArtsConfigError("The Python library requests could not be imported (%s); install it on the "
                                       "machine that runs the module: pip install requests." % error) from None
    return requests


class Transport:
    """Sends JSON requests; ``signer`` (method, url, query pairs, headers, body) -> headers.

    Time: each attempt gets ``timeout`` seconds in all (connect, headers and body together, not
    per chunk), and one request with all its retries and their waits (backoff or Retry-After)
    gets ``timeout * (retries + 1)``: a wait that would end past that is not taken and the last
    answer is the error. Redirects are never followed: the API does not send any, and a
    followed one would carry the credentials and the write to wherever it points.
    """

    def __init__(self, timeout=30, validate_certs=True, ca_bundle=None, retries=3,
                 backoff_base=1.0, backoff_max=30.0, sleep=time.sleep, jitter=random.random, session=None,
                 secrets=NO_SECRETS, max_body_bytes=MAX_BODY_BYTES, clock=time.monotonic):
        self.timeout = timeout
        self.verify = (ca_bundle or True) if validate_certs else False
        self.retries = retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self._sleep = sleep
        self._jitter = jitter
        self._session = session
        self._local = threading.local()
        # One thread for the whole run ends the attempts that outlive their bound (see _exchange).
        self._watchdog = _Watchdog()
        # A ThrottleGate shared by the threads of a run (modelarts_fleet), or None.
        self.gate = None
        self.secrets = secrets
        self.max_body_bytes = max_body_bytes
        self._clock = clock
        # origin -> (proxies, verify) read from the environment once (see _environment).
        self._environments = {}

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
            session = self._local.session = _new_session()
            # The environment is read once per host by _environment, not on every request; and so no
            # ~/.netrc entry can ever add its credentials to a request.
            session.trust_env = False
            adapter_class = _watched_adapter_class()
            session.mount("https://", adapter_class())
            session.mount("http://", adapter_class())
            if self.verify is False:
                requests.packages.urllib3.disable_warnings()
        return session

    def _environment(self, full_url):
        """``(proxies, verify)`` for ``full_url`` as requests reads them from the environment (HTTPS_PROXY and
        NO_PROXY; REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE when certificates are verified without ca_bundle), read once per
        scheme and host. requests would scan the whole environment twice and look for ~/.netrc on every request,
        which cost a fleet more CPU than the request itself."""
        key = _origin(full_url)
        settings = self._environments.get(key)
        if settings is None:
            # What requests' Session.merge_environment_settings reads, for this host.
            proxies = requests.utils.get_environ_proxies(full_url)
            verify = self.verify
            if verify is True:
                verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
            settings = self._environments[key] = (proxies, verify)
        return settings

    def request(self, method, url, pairs=None, body=None, headers=None, signer=None, creates_nothing=False):
        """Send and return a Response for 2xx; raise ModelArtsApiError or ModelArtsConnectionError.

        ``creates_nothing`` marks a POST that may be retried like a read (an IAM token request).
        """
        _import_requests()  # its exceptions are caught below
        method = method.upper()
        pairs = query_pairs(pairs)
        payload = None if body is None else json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8")
        retry_like_read = method in SAFE_METHODS or creates_nothing
        retry_statuses = READ_RETRY_STATUSES if retry_like_read else WRITE_RETRY_STATUSES
        query = canonical_query(pairs)
        full_url = url + ("?" + query if query else "")
        attempt = 0
        budget = _Budget(self.timeout * (self.retries + 1), self._clock)
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
            _check_headers(send_headers)
            try:
                response = self._exchange(method, url, full_url, payload, send_headers,
                                          min(self.timeout, max(budget.left(), 0.001)))
            except requests.exceptions.SSLError as exc:
                # A certificate problem does not heal by retrying.
                raise ModelArtsConnectionError(method, url, self.secrets.quote(exc)) from exc
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                delay = self._backoff(attempt)
                if not retry_like_read or attempt >= self.retries or not budget.allows(delay):
                    raise ModelArtsConnectionError(method, url, self.secrets.quote(exc)) from exc
                budget.sleep(self._sleep, delay)
                attempt += 1
                continue
            except requests.exceptions.RequestException as exc:
                # Raised before sending (an invalid header, URL, ...): its text may quote a header
                # value, which can be a secret, so only the kind of error is reported (and not chained either).
                raise ModelArtsConnectionError(method, url, "%s: the request could not be sent" % type(exc).__name__) from None
            if 200 <= response.status < 300:
                return response
            if 300 <= response.status < 400:
                raise self._redirect_error(response, method, url)
            if response.status == 429 and self.gate is not None:
                # Every thread pauses, not only this one; the wait happens at the top of the loop.
                delay = self._retry_delay(response, attempt)
                self.gate.hold(delay)
                if _may_resend(response, retry_like_read, retry_statuses) and attempt < self.retries \
                        and budget.allows(delay):
                    attempt += 1
                    continue
                raise _api_error(response, method, url, self.secrets)
            if _may_resend(response, retry_like_read, retry_statuses) and attempt < self.retries:
                delay = self._retry_delay(response, attempt)
                if budget.allows(delay):
                    budget.sleep(self._sleep, delay)
                    attempt += 1
                    continue
            raise _api_error(response, method, url, self.secrets, signed_at=send_headers.get("X-Sdk-Date"))

    def _exchange(self, method, url, full_url, payload, headers, seconds):
        """One attempt, bounded to ``seconds`` in all: a server dripping bytes cannot hold it longer.

        requests bounds each socket read, not the whole answer. The attempt runs in the caller's
        thread; the transport's one watchdog thread shuts down the connection it uses when the bound
        passes (the connection is known from the moment the pool hands it out, so dripped headers are
        cut too), and the caller's read then ends with an error reported as this timeout.
        """
        deadline = self._clock() + seconds
        # The caller's thread picks the session (one per thread).
        session = self.session
        # The watchdog keeps real time whatever clock the transport was given, as a socket does.
        watch = self._watchdog.watch(time.monotonic() + seconds)
        _IN_FLIGHT.watch = watch
        raw = None
        try:
            proxies, verify = self._environment(full_url)
            raw = session.send(_prepared(session, method, full_url, payload, headers), timeout=self.timeout,
                               verify=verify, proxies=proxies, stream=True)
            watch.sock = _response_socket(raw)
            response = self._read(raw, method, url, deadline)
        except Exception:  # pylint: disable=broad-except  # re-raised as it is unless the watchdog caused it
            if not watch.fired:
                raise
            response = None
        finally:
            _IN_FLIGHT.watch = None
            self._watchdog.done(watch)
        if watch.fired:
            _abort(raw)
            raise requests.exceptions.Timeout(
                "no complete answer within %s seconds (api_timeout bounds the whole answer)" % _seconds(seconds))
        return response

    def _read(self, raw, method, url, deadline):
        """The answer as a Response, its body read in chunks against the deadline and the size limit."""
        try:
            declared = int(raw.headers.get("Content-Length") or 0)
        except (TypeError, ValueError):
            declared = 0
        if declared > self.max_body_bytes:
            _abort(raw)
            raise ModelArtsConnectionError(method, url, _too_large(self.max_body_bytes, declared))
        chunks = []
        size = 0
        for chunk in _chunks(raw):
            size += len(chunk)
            if size > self.max_body_bytes:
                _abort(raw)
                raise ModelArtsConnectionError(method, url, _too_large(self.max_body_bytes))
            if self._clock() > deadline:
                _abort(raw)
                raise requests.exceptions.Timeout("the answer was still arriving at the deadline")
            chunks.append(chunk)
        content = b"".join(chunks)
        text = content.decode(getattr(raw, "encoding", None) or "utf-8", "replace")
        try:
            body = json.loads(text) if text.strip() else None
        except ValueError:
            body = None
        return Response(raw.status_code, raw.headers, body, text, method=method, url=url, secrets=self.secrets)

    def _redirect_error(self, response, method, url):
        target = _location_host(response.headers.get("Location"))
        return ModelArtsApiError(
            status=response.status,
            error_code=None,
            error_msg=self.secrets.quote(
                "redirect to %s refused: the ModelArts and IAM APIs never redirect, and following one would send "
                "the credentials and the request there; check endpoint, iam_endpoint and any proxy in between"
                % (target or "an unnamed location")),
            request_id=response.request_id,
            method=method,
            url=url,
        )

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


# The attempt the current thread is sending, so the connection pool can tell the watchdog its connection.
_IN_FLIGHT = threading.local()


class _Watch:
    """One attempt under watch: its deadline, the connection it was handed, whether the watchdog cut it."""

    __slots__ = ("deadline", "conn", "sock", "fired", "finished")

    def __init__(self, deadline):
        self.deadline = deadline
        self.conn = None
        self.sock = None
        self.fired = False
        self.finished = False


class _Watchdog:
    """One thread per transport (started with its first attempt) that shuts down the connection of
    every attempt still running at its deadline: no thread per request, however many requests."""

    def __init__(self):
        self._cond = threading.Condition()
        self._heap = []
        self._order = 0
        self._thread = None

    def watch(self, deadline):
        watch = _Watch(deadline)
        with self._cond:
            self._order += 1
            heapq.heappush(self._heap, (deadline, self._order, watch))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="modelarts-deadlines")
                self._thread.daemon = True
                self._thread.start()
            elif self._heap[0][2] is watch:
                # Earlier than every other deadline: the watchdog sleeps until a later one.
                self._cond.notify()
        return watch

    def done(self, watch):
        # Left in the heap and skipped when its deadline comes: cheaper than removing it.
        with self._cond:
            watch.finished = True

    def _run(self):
        with self._cond:
            while True:
                while self._heap and self._heap[0][2].finished:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                left = self._heap[0][0] - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                watch = heapq.heappop(self._heap)[2]
                watch.fired = True
                _shutdown(watch.sock or getattr(watch.conn, "sock", None))


def _response_socket(raw):
    """The socket a streamed answer is read from (its connection may already have let go of it)."""
    try:
        return raw.raw._fp.fp.raw._sock  # pylint: disable=protected-access
    except AttributeError:
        try:
            return raw.raw._connection.sock  # pylint: disable=protected-access
        except AttributeError:
            return None


def _shutdown(sock):
    """Shut a socket (the connection may not be connected yet): its reader wakes with an error."""
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _origin(url):
    """``scheme://host[:port]`` of an absolute URL the transport built (from a checked endpoint)."""
    return "/".join(url.split("/", 3)[:3])


_SESSION_CLASS = []


def _new_session():
    """A requests.Session whose send hands the prepared request to its adapter, and does nothing else.

    Session.send would also store the answer's cookies in the session's jar (the ModelArts and IAM APIs use
    none, and the transport sends none), dispatch response hooks (there are none) and look for a redirect
    to follow (the transport follows none: a 3xx is an error, see Transport). The tests replace this function
    when no request may leave the process.
    """
    if not _SESSION_CLASS:
        class DirectSession(_import_requests().Session):
            def send(self, request, **kwargs):
                return self.get_adapter(url=request.url).send(request, **kwargs)

        _SESSION_CLASS.append(DirectSession)
    return _SESSION_CLASS[0]()


_ADAPTER_CLASS = []


def _watched_adapter_class():
    """requests' HTTPAdapter whose connection pools tell the current attempt's watch which connection it got."""
    if _ADAPTER_CLASS:
        return _ADAPTER_CLASS[0]
    from requests.adapters import HTTPAdapter
    from requests.utils import select_proxy
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def watched(pool_class):
        class WatchedPool(pool_class):
            def _get_conn(self, timeout=None):
                conn = pool_class._get_conn(self, timeout)
                watch = getattr(_IN_FLIGHT, "watch", None)
                if watch is not None:
                    watch.conn = conn
                return conn
        WatchedPool.__name__ = "Watched" + pool_class.__name__
        return WatchedPool

    pools = {"http": watched(HTTPConnectionPool), "https": watched(HTTPSConnectionPool)}

    class WatchedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            HTTPAdapter.init_poolmanager(self, *args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools
            # (scheme://host:port, verify, cert) -> the pool the pool manager gave for them.
            self._direct_pools = {}

        def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None):
            # The pool manager builds and looks up a key of some thirty fields for every request, about a
            # twelfth of each GET; without a proxy the pool depends only on the origin, verify and cert, so it
            # is looked up once. A pool that was closed (urllib3 1.x closes one its manager evicts) is looked
            # up again. requests before 2.32 calls get_connection instead and looks the pool up every time.
            if proxies and select_proxy(request.url, proxies):
                return HTTPAdapter.get_connection_with_tls_context(self, request, verify, proxies, cert)
            key = (_origin(request.url), verify, cert)
            pool = self._direct_pools.get(key)
            if pool is None or getattr(pool, "pool", None) is None:
                pool = self._direct_pools[key] = HTTPAdapter.get_connection_with_tls_context(
                    self, request, verify, proxies, cert)
            return pool

        def close(self):
            self._direct_pools.clear()
            HTTPAdapter.close(self)

        def proxy_manager_for(self, proxy, **proxy_kwargs):
            manager = HTTPAdapter.proxy_manager_for(self, proxy, **proxy_kwargs)
            if hasattr(manager, "pool_classes_by_scheme") and not proxy.lower().startswith("socks"):
                manager.pool_classes_by_scheme = pools
            return manager

    _ADAPTER_CLASS.append(WatchedAdapter)
    return WatchedAdapter


class _Budget:
    """The time one request may take with all its retries; waits count even when a sleep returns early."""

    def __init__(self, seconds, clock):
        self.seconds = seconds
        self._clock = clock
        self._start = clock()
        self._slept = 0.0

    def used(self):
        return max(self._clock() - self._start, self._slept)

    def left(self):
        return self.seconds - self.used()

    def allows(self, delay):
        # Waiting only pays if an attempt can follow within the budget.
        return self.used() + delay < self.seconds

    def sleep(self, sleep, delay):
        sleep(delay)
        self._slept += delay


def _chunks(raw):
    if hasattr(raw, "iter_content"):
        return raw.iter_content(CHUNK_BYTES)
    # A stand-in response without streaming (tests): its whole text at once.
    text = getattr(raw, "text", "") or ""
    return [text.encode("utf-8")] if text else []


def _abort(raw, close=True):
    """Shut the connection of a response that is being abandoned, so its reader stops too."""
    if raw is None:
        return
    try:
        sock = raw.raw._connection.sock  # pylint: disable=protected-access
        if sock is not None:
            sock.shutdown(2)
    except (AttributeError, OSError):
        pass
    if not close:
        return
    try:
        raw.close()
    except Exception:  # pylint: disable=broad-except  # closing is best effort
        pass


def _too_large(limit, declared=None):
    return "the answer is larger than %d bytes%s; no ModelArts or IAM answer is that big, so it was not read" % (
        limit, " (it announced %d)" % declared if declared else "")


def _seconds(value):
    return ("%.3f" % value).rstrip("0").rstrip(".")


def _location_host(location):
    """The host a redirect points to, for the message; only the host, never user info or query."""
    if not location:
        return None
    try:
        parts = urlsplit(location.strip())
        host = parts.hostname
        port = parts.port
    except ValueError:
        return "an unparsable location"
    if not host:
        return "a path on the same host"
    return "host %s%s" % (host, ":%d" % port if port else "")


def _prepared(session, method, full_url, payload, headers):
    """The request as Session.request would prepare it here, without the merging it repeats on every call.

    The session's default headers (Accept-Encoding, Connection) stay under the request's own; nothing else
    of the session applies: it has no auth, hooks or params, reads no environment (trust_env is off) and
    sends no cookies, as the ModelArts and IAM APIs authenticate each request by its token or signature.
    Session.request's merges (settings, environment, cookie jar) cost a fleet about a quarter of each GET.
    Of PreparedRequest.prepare's steps, the cookie header (no jar) and the credentials of the URL (an
    endpoint never has user info: check_base_url) are left out, as the hooks are (none).
    """
    library = _import_requests()
    merged = library.structures.CaseInsensitiveDict(session.headers)
    merged.update(headers)
    prepared = library.PreparedRequest()
    prepared.prepare_method(method)
    prepared.prepare_url(full_url, None)
    prepared.prepare_headers(merged)
    prepared.prepare_body(payload, None)
    return prepared


def _check_headers(headers):
    for name, value in headers.items():
        if isinstance(value, str):
            try:
                value.encode("latin-1")
            except UnicodeEncodeError:
                # The option it came from is checked earlier; this is the last line of defence.
                # Not chained: the encoding error quotes the value, which may be a secret.
                raise ModelArtsConfigError("The %s header cannot be sent: it contains characters other than "
                                           "Latin-1." % name) from None


def _api_error(response, method, url, secrets=NO_SECRETS, signed_at=None):
    # Scrubbed whole before anything is cut from it: a cut could leave half a secret behind.
    scrubbed = secrets.scrub(response.text)
    code, msg, body_request_id = parse_error_body(scrubbed)
    field_code, field_msg = error_fields(scrubbed)
    hint = _signing_time_hint(response.status, msg, signed_at)
    return ModelArtsApiError(
        status=response.status,
        error_code=secrets.quote(code, 80),
        error_msg=_with_hint(secrets.quote(msg), hint),
        request_id=secrets.quote(response.request_id or body_request_id, 80),
        method=method,
        url=url,
        fields_only=(secrets.quote(field_code, 80), _with_hint(secrets.quote(field_msg), hint)),
    )


def _signing_time_hint(status, msg, signed_at):
    """What to say when the gateway refuses an AK/SK signature's time: the time is this controller's clock,
    so that clock, not the credentials, is the usual cause."""
    if not signed_at or status not in (400, 401, 403) or not SIGNING_TIME_REFUSED.search(str(msg or "")):
        return None
    return ("the gateway refused the signing time of the request (X-Sdk-Date %s, taken from this controller's clock, "
            "in UTC): the controller's clock may be wrong; it must be within %d minutes of the real time (check its "
            "time synchronisation, e.g. NTP)" % (signed_at, SIGNING_TIME_WINDOW_MINUTES))


def _with_hint(text, hint):
    if not hint:
        return text
    return "%s [%s]" % (text, hint) if text else hint
