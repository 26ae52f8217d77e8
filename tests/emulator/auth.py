"""Who is calling: AK/SK (SDK-HMAC-SHA256) verification and token checks.

The signing algorithm is implemented here from its description (modelarts-api.md section 2),
independently of the collection's own signer, so the two check each other. Everything is
recomputed from the request as received: method, raw path, raw query, the headers named in
SignedHeaders and the body bytes.
"""

import calendar
import hashlib
import hmac
import re
import time
from urllib.parse import quote, unquote

from emulator.errors import ApiError

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()
MAX_CLOCK_SKEW_SECONDS = 15 * 60
FAILURES_BEFORE_LOCK = 5
LOCK_SECONDS = 300

_AUTHORIZATION_RE = re.compile(
    r"^SDK-HMAC-SHA256\s+Access=(?P<access>[^,\s]+)\s*,\s*SignedHeaders=(?P<signed>[^,\s]+)\s*,\s*Signature=(?P<signature>[0-9a-fA-F]+)\s*$")


class Caller:
    """An authenticated principal: its user, domain, and for tokens the scoped project."""

    def __init__(self, mode, user, project_id=None):
        self.mode = mode
        self.user = user
        self.domain_id = user.domain_id
        self.project_id = project_id


# --- the algorithm -------------------------------------------------------------------------

def url_encode(text):
    return quote(text, safe="~")


def canonical_uri(raw_path):
    encoded = "/".join(url_encode(segment) for segment in unquote(raw_path).split("/"))
    return encoded if encoded.endswith("/") else encoded + "/"


def canonical_query(pairs):
    return "&".join("%s=%s" % (url_encode(name), url_encode(value)) for name, value in sorted(pairs))


def canonical_headers(header_lookup, signed_headers):
    return "".join("%s:%s\n" % (name, (header_lookup(name) or "").strip()) for name in signed_headers)


def payload_hash(body, content_sha256_header):
    # As the SDK does: an empty body always hashes as empty, whatever X-Sdk-Content-Sha256 says.
    if not body:
        return EMPTY_BODY_SHA256
    if content_sha256_header:
        return content_sha256_header
    return hashlib.sha256(body).hexdigest()


def canonical_request(method, raw_path, query_pairs, header_lookup, signed_headers, body_hash):
    return "\n".join([
        method.upper(),
        canonical_uri(raw_path),
        canonical_query(query_pairs),
        canonical_headers(header_lookup, signed_headers),
        ";".join(signed_headers),
        body_hash,
    ])


def string_to_sign(canonical, sdk_date):
    return "%s\n%s\n%s" % (ALGORITHM, sdk_date, hashlib.sha256(canonical.encode("utf-8")).hexdigest())


def signature(secret_key, text):
    return hmac.new(secret_key.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def request_signature(request, secret_key, signed_headers):
    """The signature the request should carry, recomputed from what was received."""
    canonical = canonical_request(
        request.method, request.raw_path, request.query_pairs, request.header, signed_headers,
        payload_hash(request.body, request.header("X-Sdk-Content-Sha256")))
    return signature(secret_key, string_to_sign(canonical, request.header("X-Sdk-Date", "")))


def parse_authorization(value):
    """(access key, [signed header names], signature) from an Authorization header, or None."""
    match = _AUTHORIZATION_RE.match(value.strip())
    if not match:
        return None
    return match.group("access"), match.group("signed").lower().split(";"), match.group("signature").lower()


def parse_sdk_date(value):
    try:
        return calendar.timegm(time.strptime(value, DATE_FORMAT))
    except (TypeError, ValueError):
        return None


# --- verification against the emulator's state ----------------------------------------------

def _gateway_error(message, code="APIG.0301", status=401):
    return ApiError(status, code, "Incorrect IAM authentication information: %s" % message, shape="apig")


def verify_aksk(state, request):
    """The Caller of an AK/SK-signed request, or ApiError 401 APIG.0301/0302. Lock held by caller."""
    parsed = parse_authorization(request.header("Authorization", ""))
    if parsed is None:
        raise _gateway_error("Authorization header format error")
    access_key, signed_headers, received = parsed
    key = state.access_keys.get(access_key)
    if key is None:
        raise _gateway_error("AK %s not found" % access_key)
    now = state.now()
    if key.locked_until > now:
        raise ApiError(401, "APIG.0302", "Incorrect IAM authentication information: AK %s is locked after too many failed attempts, "
                                         "retry in %d seconds" % (access_key, int(key.locked_until - now) + 1), shape="apig")
    signed_at = parse_sdk_date(request.header("X-Sdk-Date"))
    if signed_at is None or abs(now - signed_at) > MAX_CLOCK_SKEW_SECONDS:
        raise _gateway_error("x-sdk-date expired")
    expected = request_signature(request, key.secret_key, signed_headers)
    if not hmac.compare_digest(expected, received):
        key.failures += 1
        if key.failures >= FAILURES_BEFORE_LOCK:
            key.failures = 0
            key.locked_until = now + LOCK_SECONDS
        raise _gateway_error("verify aksk signature fail")
    key.failures = 0
    if key.security_token and request.header("X-Security-Token") != key.security_token:
        # A temporary AK is only valid together with its security token.
        raise _gateway_error("verify security token fail")
    # The SDK sends X-Project-Id when it knows the project; the request is then scoped to it.
    return Caller("aksk", state.users[key.user_id], request.header("X-Project-Id") or None)


def verify_token(state, request, shape="modelarts"):
    """The Caller of a token request; 401 ModelArts.0203/0202 (or IAM-shaped for IAM calls)."""
    token = state.tokens.get(request.header("X-Auth-Token", "").strip())
    if token is None:
        if shape == "iam":
            raise ApiError(401, "IAM", "The request you have made requires authentication.", shape="iam")
        raise ApiError(401, "ModelArts.0203", "Invalid token.")
    if token.expires_at <= state.now():
        if shape == "iam":
            raise ApiError(401, "IAM", "The token has expired.", shape="iam")
        raise ApiError(401, "ModelArts.0202", "Invalid token header because the token has expired.")
    return Caller("token", state.users[token.user_id], token.project_id)


def auth_mode(request):
    """How the request tries to authenticate, for routing and the request log."""
    if request.header("Authorization", "").strip().upper().startswith(ALGORITHM):
        return "aksk"
    if request.header("X-Auth-Token"):
        return "token"
    return "none"


def authenticate(state, request, shape="modelarts"):
    """The Caller of a request, in the README's order: AK/SK, then token, else 401."""
    mode = auth_mode(request)
    if mode == "aksk":
        return verify_aksk(state, request)
    if mode == "token":
        return verify_token(state, request, shape)
    if shape == "iam":
        raise ApiError(401, "IAM", "The request you have made requires authentication.", shape="iam")
    raise ApiError(401, "ModelArts.0201", "Token doesn't exist.")


def check_project(state, caller, project_id):
    """403 ModelArts.0210 unless the caller may act in the URL's project."""
    project = state.projects.get(project_id)
    allowed = project is not None and project.domain_id == caller.domain_id
    if caller.project_id is not None and caller.project_id != project_id:
        allowed = False
    if not allowed:
        raise ApiError(403, "ModelArts.0210", "The project id in the request URL does not match the token.")
    return project
