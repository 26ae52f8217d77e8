# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Checks of every input that becomes part of a URL or a header, made before any request.

A value pasted into a path or host can send the request (and its credentials) somewhere else:
``..`` is resolved away on the way, ``@`` or ``/`` in a region moves the host. So each is held to
the documented shape, leniently enough for every real value, and refused otherwise.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import string
import unicodedata
from urllib.parse import urlsplit

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError

# ModelArts resource ids are UUIDs (5e0c1d2e-aaaa-4bbb-8ccc-000000000001) and IAM project ids
# 32 hex digits; accepted here: letters, digits, '-' and '_', starting with a letter or digit.
# That admits every real id and refuses '.', '..', '/', '%', '?', '#', spaces and control characters.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")
# What the message of a refused id says the id is; a resource package passes resource_id("<resource>").
PROJECT_ID = "an IAM project id (32 hexadecimal digits such as 0a1b2c3d4e5f60718293a4b5c6d7e8f9)"
ANY_ID = "an id"
# Region names: cn-north-4, ap-southeast-3, la-south-2, eu-de ...
REGION_PATTERN = re.compile(r"^[a-z]{2}(-[a-z0-9]+)+$")
HOST_PATTERN = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$")
MAX_QUOTED_INPUT = 80
# The characters resource names allow everywhere; each name rule adds its own ideograph ranges.
NAME_ASCII_CHARACTERS = frozenset(string.ascii_letters + string.digits + "_-")


def name_characters_outside(name, ideograph_ranges):
    """The characters of ``name`` that are neither a letter, digit, ``_`` or ``-`` nor in one of
    ``ideograph_ranges`` ((first, last) code points), sorted.

    Code point ranges rather than a regular expression: a character class spanning the CJK blocks
    takes milliseconds to compile, and every module run would pay it at import.
    """
    return sorted(set(char for char in name if char not in NAME_ASCII_CHARACTERS
                      and not any(first <= ord(char) <= last for first, last in ideograph_ranges)))


def shown(value, limit=MAX_QUOTED_INPUT):
    """An input quoted back in a message: ascii() shows control and bidi characters as escapes instead of
    letting them act on the terminal, and a long value is cut."""
    text = ascii(value)
    return text if len(text) <= limit else text[:limit] + "..."


def check_env_names(envs, where):
    """Environment variable names: not empty, no whitespace, '=' or control characters (no process takes them)."""
    if not isinstance(envs, dict):
        return
    for name in envs:
        if not isinstance(name, str) or not name.strip():
            raise ModelArtsConfigError("%s has an empty variable name; every variable needs a name." % where)
        if any(char.isspace() or char == "=" or unicodedata.category(char) in ("Cc", "Cf") for char in name):
            raise ModelArtsConfigError("%s variable name %s contains whitespace, '=' or a control character; an "
                                       "environment variable name cannot." % (where, shown(name)))


def resource_id(resource):
    """How a refused id of a ModelArts ``resource`` (the resource's name in the API's words) is described."""
    return "a ModelArts %s id (a UUID such as 5e0c1d2e-aaaa-4bbb-8ccc-000000000001)" % resource


def check_id(option, value, shape=ANY_ID):
    """``value`` as a path segment for ``option``, or ModelArtsConfigError.

    ``shape`` says what the id is (``PROJECT_ID``, ``resource_id(<resource>)`` of the caller's
    resource); the message names ``option`` and ``shape``.
    """
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise ModelArtsConfigError("%s must be %s: letters, digits, '-' or '_' only; got %s." % (
            option, shape, shown(value)))
    return value


def check_region(value):
    if not isinstance(value, str) or not REGION_PATTERN.fullmatch(value):
        raise ModelArtsConfigError(
            "region must be a Huawei Cloud region name such as cn-north-4 or ap-southeast-3 (lower-case letters, "
            "digits and '-'); got %s." % shown(value))
    return value


def check_base_url(option, value, allowed_paths=("",)):
    """``value`` (an endpoint option) as scheme://host[:port] without a trailing slash, or ModelArtsConfigError."""
    rule = "%s must be an http:// or https:// URL of a host (scheme://host[:port]%s) without user info, query or " \
           "fragment" % (option, "".join("[%s]" % p for p in allowed_paths if p))
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except (ValueError, AttributeError):
        # Not chained: the parser's text quotes the URL, which may carry user info.
        raise ModelArtsConfigError("%s; got %s." % (rule, shown(value))) from None
    path = parts.path.rstrip("/")
    problems = []
    if parts.scheme not in ("http", "https"):
        problems.append("the scheme is not http or https")
    if "@" in parts.netloc:
        problems.append("it carries user info (credentials go in their own options)")
    host = parts.netloc.rpartition("@")[2]
    if port is not None or host.endswith(":"):
        host = host.rsplit(":", 1)[0]
    if not HOST_PATTERN.fullmatch(host):
        problems.append("the host is missing or not a host name")
    if path not in allowed_paths:
        problems.append("it has a path")
    if parts.query or "?" in value:
        problems.append("it has a query")
    if parts.fragment or "#" in value:
        problems.append("it has a fragment")
    if problems:
        # User info may be a password: such a value is described, never echoed.
        quoted = "a URL with user info" if "@" in value else shown(value)
        raise ModelArtsConfigError("%s; got %s: %s." % (rule, quoted, ", ".join(problems)))
    return "%s://%s%s" % (parts.scheme, parts.netloc, path)


def check_header_value(option, value):
    """Refuse a value HTTP cannot carry in a header (only Latin-1); the value is never echoed."""
    if value is None:
        return value
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise ModelArtsConfigError(
            "%s contains characters that cannot be sent in an HTTP header (only Latin-1 characters can); "
            "check how it was copied into the variable or credential." % option) from None  # its text quotes the value
    return value
