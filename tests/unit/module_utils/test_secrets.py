# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""A secret echoed by a server in another encoding is masked all the same, and registered with Ansible in each form."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import html
import json
import re

from urllib.parse import quote, quote_plus

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import PasswordAuth
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._secrets import MASK, SecretRegistry
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Transport

PASSWORD = u'Pa"ss\\w\u00f6rd=<>&/ \U0001F511+\'`'
ASCII_PASSWORD = "Zx=9<Qw>&Er'"


def go_html_safe(text):
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def gson_html_safe(text):
    return go_html_safe(text).replace("=", "\\u003d").replace("'", "\\u0027")


def dotnet_safe(text):
    # System.Text.Json's default encoder: upper-case hex, the quote as \u0022, + and ` escaped too.
    text = text.replace('\\"', "\\u0022")
    for char in "<>&'+`":
        text = text.replace(char, "\\u%04X" % ord(char))
    return re.sub(r"\\u([0-9a-f]{4})", lambda match: "\\u" + match.group(1).upper(), text)


def every_encoding(secret):
    """How servers, gateways and WAFs have been seen quoting a secret that was sent in a JSON body."""
    ascii_json = json.dumps(secret)[1:-1]
    raw_json = json.dumps(secret, ensure_ascii=False)[1:-1]
    return {
        "as given": secret,
        "JSON, ensure_ascii": ascii_json,
        "JSON, UTF-8": raw_json,
        "JSON, slash escaped": ascii_json.replace("/", "\\/"),
        "JSON, HTML-safe (Go)": go_html_safe(raw_json),
        "JSON, HTML-safe (Gson)": gson_html_safe(ascii_json),
        "JSON, HTML-safe (.NET)": dotnet_safe(ascii_json),
        "JSON, upper-case hex": ascii_json.replace("\\u00f6", "\\u00F6"),
        "JSON escaped twice": json.dumps(ascii_json)[1:-1],
        "JSON escaped twice, UTF-8": json.dumps(raw_json, ensure_ascii=False)[1:-1],
        "percent-encoded": quote(secret, safe=""),
        "form-encoded": quote_plus(secret, safe=""),
        "percent-encoded, lower-case hex": re.sub("%[0-9A-F]{2}", lambda match: match.group(0).lower(), quote(secret, safe="")),
        "HTML entities": html.escape(secret),
    }


def pieces(secret, size=6):
    return [secret[index:index + size] for index in range(len(secret) - size + 1)]


@pytest.mark.parametrize("secret", [PASSWORD, ASCII_PASSWORD])
@pytest.mark.parametrize("encoding", sorted(every_encoding(PASSWORD)))
def test_a_secret_is_scrubbed_in_every_form_a_server_echoes(secret, encoding):
    registry = SecretRegistry()
    registry.add(secret)
    echoed = every_encoding(secret)[encoding]
    scrubbed = registry.scrub("invalid request body: {\"password\": \"%s\"} (rejected)" % echoed)
    assert scrubbed == "invalid request body: {\"password\": \"%s\"} (rejected)" % MASK


@pytest.mark.parametrize("secret", [PASSWORD, ASCII_PASSWORD])
def test_a_mixture_of_forms_is_scrubbed_too(secret):
    registry = SecretRegistry()
    registry.add(secret)
    # Half escaped one way, half another: no encoder's whole output, still the secret.
    half = len(secret) // 2
    mixed = json.dumps(secret[:half])[1:-1] + quote(secret[half:], safe="")
    assert registry.scrub("<" + mixed + ">") == "<" + MASK + ">"


@pytest.mark.parametrize("secret", [PASSWORD, ASCII_PASSWORD])
def test_every_common_form_is_registered_with_ansible(secret):
    registered = set()
    SecretRegistry(registered.add).add(secret)
    # Ansible masks only literal values: each encoder's whole output must be among them.
    for encoding, echoed in every_encoding(secret).items():
        if encoding in ("percent-encoded, lower-case hex", "JSON, upper-case hex", "HTML entities"):
            continue
        assert echoed in registered, encoding


def test_an_ascii_password_made_html_safe_is_registered():
    registered = set()
    SecretRegistry(registered.add).add("a=b<c")
    assert {"a\\u003db\\u003cc", "a=b\\u003cc", "a%3Db%3Cc"} <= registered


def test_text_without_the_secret_is_left_alone():
    registry = SecretRegistry()
    registry.add(PASSWORD)
    text = 'Pa"ss only part, w\\u00f6rd and %3C are not the secret'
    assert registry.scrub(text) == text


def test_a_quote_is_scrubbed_before_it_is_cut():
    registry = SecretRegistry()
    registry.add(PASSWORD)
    quoted = registry.quote("x" * 290 + json.dumps(PASSWORD), limit=300)
    assert not any(piece in quoted for piece in pieces(json.dumps(PASSWORD)[1:-1]))


# The IAM token request carries the password: only the error's code and message fields are quoted.

class _Answer:
    def __init__(self, status, text):
        self.status_code = status
        self.headers = {"Content-Type": "text/html"}
        self.text = text
        self.encoding = "utf-8"


class _Session:
    def __init__(self, answer):
        self.answer = answer
        self.sent = []

    headers = {}

    def send(self, prepared, **kwargs):
        self.sent.append((prepared.method, prepared.url))
        return self.answer


def _token_error(status, text, password=PASSWORD):
    secrets = SecretRegistry()
    secrets.add(password)
    transport = Transport(retries=0, session=_Session(_Answer(status, text)), secrets=secrets)
    auth = PasswordAuth(transport, "https://iam.example.com", "ops", password, "acme", project_name="cn-north-4",
                        secrets=secrets)
    with pytest.raises(ModelArtsApiError) as caught:
        auth.token()
    return caught.value


def test_an_iam_error_page_is_not_quoted():
    page = "<html><body><h1>Request blocked</h1><pre>user ops, domain acme, body %s</pre></body></html>" % (
        "&#80;a&#34;ss")
    error = _token_error(403, page)
    assert "Request blocked" not in str(error) and "acme" not in str(error) and "ss" not in (error.error_msg or "")
    assert (error.status, error.error_code, error.error_msg) == (403, None, None)


def test_an_iam_error_quotes_its_code_and_message_only():
    body = {"error": {"code": 400, "title": "Bad Request", "message": "The request is malformed.",
                      "request": {"user": "ops", "password": "P"}}}
    error = _token_error(400, json.dumps(body))
    assert (error.error_code, error.error_msg) == ("400", "The request is malformed.")
    assert "ops" not in str(error)


def test_an_iam_message_that_is_an_object_is_not_quoted():
    error = _token_error(400, json.dumps({"error_code": "IAM.0001", "error_msg": {"echo": "ops/acme"}}))
    assert (error.error_code, error.error_msg) == ("IAM.0001", None)
    assert "acme" not in str(error)


@pytest.mark.parametrize("encoding", sorted(every_encoding(PASSWORD)))
def test_an_iam_message_quoting_the_password_in_any_form_is_scrubbed(encoding):
    message = "invalid credentials for %s" % every_encoding(PASSWORD)[encoding]
    error = _token_error(401, json.dumps({"error": {"code": 401, "message": message}}))
    assert error.error_msg == "invalid credentials for %s" % MASK
