# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Authentication: exactly one of token, IAM password, or AK/SK signing per module call."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError, ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_header_value
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import expect_object
from ansible_collections.hwcloud.modelarts.plugins.module_utils._secrets import NO_SECRETS
from ansible_collections.hwcloud.modelarts.plugins.module_utils._signer import sign_request

TOKEN = "token"
PASSWORD = "password"
AKSK = "aksk"

# 401 answers by which ModelArts and its gateway say the token is no longer good (expired,
# or invalid once IAM rotated it); an IAM password token can then be asked for again.
TOKEN_EXPIRED_CODES = frozenset(("ModelArts.0202", "ModelArts.0203", "APIG.0307"))

# Each mode's options, with the environment variable a user may have set instead.
MODE_OPTIONS = {
    TOKEN: (("auth_token", "HW_AUTH_TOKEN"),),
    PASSWORD: (("user_name", "HW_USER_NAME"), ("password", "HW_USER_PASSWORD"), ("domain_name", "HW_DOMAIN_NAME")),
    AKSK: (("access_key", "HW_ACCESS_KEY"), ("secret_key", "HW_SECRET_KEY")),
}
MODE_LABELS = {TOKEN: "token", PASSWORD: "IAM password", AKSK: "AK/SK"}


def _describe(mode):
    return "%s (%s)" % (
        " + ".join(name for name, _env in MODE_OPTIONS[mode]),
        ", ".join(env for _name, env in MODE_OPTIONS[mode]),
    )


def select_auth_mode(params):
    """Return the one authentication mode the options ask for, or raise ModelArtsConfigError."""
    started = [mode for mode in (TOKEN, AKSK, PASSWORD)
               if any(params.get(name) for name, _env in MODE_OPTIONS[mode])]
    if not started:
        raise ModelArtsConfigError(
            "No credentials given. Set exactly one of: %s." % "; or ".join(_describe(m) for m in (AKSK, TOKEN, PASSWORD)))
    if len(started) > 1:
        raise ModelArtsConfigError(
            "Credentials of more than one authentication mode are set: %s. Set exactly one mode; "
            "options may also come from their environment variables." % "; ".join(
                "%s via %s" % (MODE_LABELS[m], ", ".join(n for n, _e in MODE_OPTIONS[m] if params.get(n))) for m in started))
    mode = started[0]
    missing = [name for name, _env in MODE_OPTIONS[mode] if not params.get(name)]
    if missing:
        raise ModelArtsConfigError("%s authentication needs %s; missing: %s." % (
            MODE_LABELS[mode], _describe(mode), ", ".join(missing)))
    if params.get("security_token") and mode != AKSK:
        raise ModelArtsConfigError("security_token is only used with access_key and secret_key (temporary AK/SK).")
    for name in CREDENTIALS_SENT_AS_HEADERS:
        if params.get(name) and _has_space_inside(params[name]):
            # The value is never echoed: it is a secret, and the message would go to the job log.
            raise ModelArtsConfigError("%s contains whitespace or control characters inside it; check how it was "
                                       "copied into the variable or credential." % name)
        check_header_value(name, params.get(name))
    return mode


# Sent in headers, where a pasted trailing newline breaks the request; surrounding whitespace is dropped.
CREDENTIALS_SENT_AS_HEADERS = ("auth_token", "security_token", "access_key")


def _has_space_inside(value):
    return any(char.isspace() or ord(char) < 32 for char in value.strip())


def header_credential(value):
    return value.strip() if value else value


class TokenAuth:
    mode = TOKEN

    def __init__(self, token):
        self._token = header_credential(token)

    def __call__(self, method, url, pairs, headers, body):
        signed = dict(headers)
        signed["X-Auth-Token"] = self._token
        return signed


class AkSkAuth:
    mode = AKSK

    def __init__(self, access_key, secret_key, security_token=None, clock=None):
        self._access_key = header_credential(access_key)
        self._secret_key = secret_key
        self._security_token = header_credential(security_token)
        self._clock = clock

    @staticmethod
    def project_headers(project_id):
        """Headers of a project-scoped call: the SDK sends the project with AK/SK; the gateway checks it."""
        return {"X-Project-Id": project_id}

    def __call__(self, method, url, pairs, headers, body):
        extra = dict(headers)
        if self._security_token:
            extra["X-Security-Token"] = self._security_token
        now = self._clock() if self._clock else None
        return sign_request(self._access_key, self._secret_key, method, url, pairs, extra, body, now=now)


class PasswordAuth:
    """Trades user name and password for a project-scoped IAM token, once per module run."""

    mode = PASSWORD

    def __init__(self, transport, iam_endpoint, user_name, password, domain_name, project_id=None, project_name=None,
                 secrets=NO_SECRETS):
        self._transport = transport
        self._iam_endpoint = iam_endpoint
        self._user_name = user_name
        self._password = password
        self._domain_name = domain_name
        self._project_id = project_id
        self._project_name = project_name
        self._token = None
        self._secrets = secrets
        self.token_project_id = None
        # Threads of one run (modelarts_fleet) share the token: exactly one of them fetches it.
        self._token_lock = threading.Lock()

    def token_body(self):
        scope = {"id": self._project_id} if self._project_id else {"name": self._project_name}
        return {"auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": {
                    "name": self._user_name,
                    "password": self._password,
                    "domain": {"name": self._domain_name},
                }},
            },
            "scope": {"project": scope},
        }}

    def token(self):
        if self._token is not None:
            return self._token
        with self._token_lock:
            return self._fetch_token()

    def _fetch_token(self):
        if self._token is None:
            if not (self._project_id or self._project_name):
                raise ModelArtsConfigError("IAM password authentication needs region or project_id to scope the token.")
            try:
                response = self._transport.request("POST", self._iam_endpoint + "/v3/auth/tokens",
                                                   body=self.token_body(), creates_nothing=True)
            except ModelArtsApiError as error:
                # The request carried the password: an error page may quote it in a form no scrubber
                # foresaw, so nothing of the answer is quoted beyond its code and message fields.
                raise error.without_body() from None
            token = response.headers.get("X-Subject-Token")
            if token:
                # Registered before anything else can quote it: from here on it is masked everywhere.
                self._secrets.add(token)
            if not token or not token.strip():
                raise ModelArtsConfigError("IAM answered %s without an X-Subject-Token header (request id %s)." % (
                    response.status, response.request_id))
            body = expect_object(response, "an IAM token object")
            self._token = token
            token_info = body.get("token")
            project = token_info.get("project") if isinstance(token_info, dict) else None
            project_id = project.get("id") if isinstance(project, dict) else None
            self.token_project_id = project_id if isinstance(project_id, str) and project_id else None
        return self._token

    def token_project(self):
        """The id of the project the token is scoped to, as IAM named it (None if it did not)."""
        self.token()
        return self.token_project_id

    def renew(self):
        """Ask IAM for a fresh token (the one held has expired); the next request sends it."""
        self._token = None
        return self.token()

    def __call__(self, method, url, pairs, headers, body):
        signed = dict(headers)
        signed["X-Auth-Token"] = self.token()
        return signed
