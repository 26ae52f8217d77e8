# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""SDK-HMAC-SHA256 request signing (Huawei Cloud AK/SK), as pure functions.

The algorithm is the one of the official ``huaweicloudsdkcore`` signer; the unit tests
hold this code to its published test vectors and to the SDK itself.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import hashlib
import hmac

from urllib.parse import quote, unquote, urlsplit

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
CONTENT_SHA256_HEADER = "X-Sdk-Content-Sha256"


def encode_component(value):
    """Percent-encode one path segment, query key or query value the way the gateway does."""
    return quote(value, safe="~")


def canonical_uri(path):
    segments = unquote(path or "/").split("/")
    encoded = "/".join(encode_component(segment) for segment in segments)
    # The gateway canonicalises every path with a trailing slash, whether or not it was sent.
    return encoded if encoded.endswith("/") else encoded + "/"


def query_pairs(params):
    """Flatten a mapping or a list of pairs into (key, text) pairs; list values repeat the key."""
    items = params.items() if isinstance(params, dict) else (params or [])
    pairs = []
    for key, value in items:
        values = value if isinstance(value, (list, tuple)) else [value]
        for single in values:
            pairs.append((str(key), _query_text(single)))
    return pairs


def _query_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def canonical_query(pairs):
    """The signed form of the query; also the exact query string the client sends."""
    return "&".join(
        "%s=%s" % (encode_component(key), encode_component(value)) for key, value in sorted(pairs)
    )


def signed_header_names(headers):
    # Header names with '_' are dropped by proxies, so the gateway never signs them.
    return sorted(name.lower() for name in headers if "_" not in name)


def canonical_headers(headers, names):
    by_name = dict((name.lower(), str(value).strip()) for name, value in headers.items())
    return "".join("%s:%s\n" % (name, by_name[name]) for name in names)


def payload_hash(body, headers):
    if not body:
        return EMPTY_BODY_SHA256
    for name, value in headers.items():
        if name.lower() == CONTENT_SHA256_HEADER.lower():
            return value
    return hashlib.sha256(body).hexdigest()


def canonical_request(method, path, pairs, headers, body):
    names = signed_header_names(headers)
    return "\n".join([
        method.upper(),
        canonical_uri(path),
        canonical_query(pairs),
        canonical_headers(headers, names),
        ";".join(names),
        payload_hash(body, headers),
    ])


def string_to_sign(canonical, sdk_date):
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return "%s\n%s\n%s" % (ALGORITHM, sdk_date, digest)


def signature(secret_key, text):
    return hmac.new(secret_key.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization_header(access_key, names, sig):
    return "%s Access=%s, SignedHeaders=%s, Signature=%s" % (ALGORITHM, access_key, ";".join(names), sig)


def sdk_date(now=None):
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    return moment.strftime(DATE_FORMAT)


def sign_request(access_key, secret_key, method, url, pairs, headers, body, now=None):
    """Return a new header dict for the request, with Host, X-Sdk-Date and Authorization.

    ``url`` gives the host and path; the query comes from ``pairs`` only, so the caller must
    send ``canonical_query(pairs)`` as the query string. ``body`` is the exact bytes sent.
    """
    parts = urlsplit(url)
    signed = dict(headers)
    content_type = _header(signed, "Content-Type")
    if content_type and not content_type.startswith(("application/json", "application/bson")):
        signed[CONTENT_SHA256_HEADER] = UNSIGNED_PAYLOAD
    if _header(signed, "X-Sdk-Date") is None:
        signed["X-Sdk-Date"] = sdk_date(now)
    if _header(signed, "Host") is None:
        signed["Host"] = parts.netloc
    canonical = canonical_request(method, parts.path, pairs, signed, body)
    sig = signature(secret_key, string_to_sign(canonical, _header(signed, "X-Sdk-Date")))
    signed["Authorization"] = authorization_header(access_key, signed_header_names(signed), sig)
    return signed


def _header(headers, wanted):
    for name, value in headers.items():
        if name.lower() == wanted.lower():
            return value
    return None
