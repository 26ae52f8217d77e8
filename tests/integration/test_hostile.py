"""The modules at -vvv against hostile servers: what reaches the output, the registered result and the wire.

Each secret check searches stdout, stderr and every recorded task result for the secret and for
every 8-character piece of it. What needs a server that answers with the request's own bytes
(echoed headers, tokens, passwords), redirects, or bodies that are not the API's runs against
``HostileModelArts`` on a ``HostileServer``; the rest runs against the emulator (``playbook``).
"""

import json
import os

from urllib.parse import quote

import pytest

from hostile.server import Answer, HostileServer, error_answer, json_answer, leaks
from integration.harness import TOKEN, PlaybookRunner

pytestmark = pytest.mark.integration

PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
SERVICE_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000001"
ISSUED_TOKEN = "MIIissuedPlaybookT0k3nQw8Er5Ty2Ui9Op4As"
AUTH_TOKEN = "MIIgivenPlaybookT0k3nZx1Cv6Bn3Mk8Lj"
PASSWORD = "Pw-Playbook-Hq4Wr8Ty1Zu5"
USER = "ops"
DOMAIN = "acme"


class HostileHandle:
    """Stands in for the emulator handle PlaybookRunner asks for the job's environment."""

    def __init__(self, server):
        self.url = server.url

    def env(self, auth="token"):
        env = {"HW_REGION_NAME": "cn-north-4", "HW_MODELARTS_ENDPOINT": self.url, "HW_AUTH_URL": self.url + "/v3",
               "HW_PROJECT_ID": PROJECT}
        if auth == "token":
            env["HW_AUTH_TOKEN"] = AUTH_TOKEN
        elif auth == "password":
            env.update(HW_USER_NAME=USER, HW_USER_PASSWORD=PASSWORD, HW_DOMAIN_NAME=DOMAIN)
        return env


class HostileModelArts:
    """IAM tokens, one service to GET, and whatever the test sets for GET and PUT; every request recorded by the server.

    It stays beside the emulator because its answers are made of what the client sent: error texts quoting the
    request's headers and body (the issued token, the password in other encodings), 2xx bodies that are no API
    answer, redirects of the token request. The emulator answers as the API does and never echoes a request.
    """

    def __init__(self):
        self.service = {"service_id": SERVICE_ID, "service_name": "svc", "status": "running", "description": "old",
                        "infer_type": "real-time",
                        "config": [{"model_id": "7f3c8d0e-1111-4a5b-9c8d-000000000001",
                                    "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100,
                                    "envs": {"KEEP": "me"}}]}
        self.get = None
        self.put = None

    def __call__(self, request):
        if request.path == "/v3/auth/tokens":
            return json_answer(201, {"token": {"project": {"id": PROJECT}}}, {"X-Subject-Token": ISSUED_TOKEN})
        if request.method == "GET":
            return self.get(request) if self.get else json_answer(200, self.service)
        if request.method == "PUT" and self.put:
            return self.put(request)
        return json_answer(200, {})


def echo(request, status=403):
    quoted = "; ".join("%s=%s" % item for item in request.headers.items())
    return error_answer(status, "ModelArts.0108", "denied, you sent " + quoted)


@pytest.fixture
def hostile():
    behaviour = HostileModelArts()
    with HostileServer(behaviour, lifetime=300) as server:
        server.api = behaviour
        yield server


@pytest.fixture
def runner(hostile, tmp_path):  # pylint: disable=redefined-outer-name
    return PlaybookRunner(HostileHandle(hostile), tmp_path)


def everything(result):
    return result.stdout + result.stderr + json.dumps(result.records)


def assert_no_leak(result, *secrets):
    text = everything(result)
    for secret in secrets:
        assert leaks(text, secret) == [], secret


INFO = "hwcloud.modelarts.modelarts_service_info"
SERVICE = "hwcloud.modelarts.modelarts_service"


def read_and_show(module=INFO, **args):
    return [{"name": "read", module: dict(args, service_id=SERVICE_ID), "register": "out", "ignore_errors": True},
            {"name": "show", "debug": {"var": "out"}}]


def test_an_echoed_issued_token_never_reaches_output_or_result(hostile, runner):
    hostile.api.get = echo
    result = runner.run(read_and_show(), auth="password", verbosity=3)
    assert result.failed("read")
    assert "X-Auth-Token=********" in result.task("read")["msg"]
    assert_no_leak(result, ISSUED_TOKEN, PASSWORD)


def test_an_echoed_token_given_with_whitespace_never_reaches_output_or_result(hostile, runner):
    hostile.api.get = echo
    result = runner.run(read_and_show(), auth="token", verbosity=3, env={"HW_AUTH_TOKEN": "  %s\n" % AUTH_TOKEN})
    assert result.failed("read")
    assert_no_leak(result, AUTH_TOKEN)


def test_a_warning_after_a_landed_write_is_scrubbed(hostile, runner):
    def put(request):
        # The write lands, then the answer is lost in an error page that quotes the credentials.
        hostile.api.service["description"] = json.loads(request.body)["description"]
        return echo(request, status=502)
    hostile.api.put = put
    tasks = [{"name": "write", SERVICE: {"service_id": SERVICE_ID, "description": "new", "wait": False},
              "register": "out"}, {"name": "show", "debug": {"var": "out"}}]
    result = runner.run(tasks, auth="token", verbosity=3)
    assert result.rc == 0, result.stdout
    written = result.task("write")
    assert written["changed"] is True
    assert "shows the change, so the update of service %s landed and was not sent again" % SERVICE_ID in result.stdout
    assert [r.method for r in hostile.seen()].count("PUT") == 1
    assert_no_leak(result, AUTH_TOKEN)


@pytest.mark.parametrize("body", [b"<html><body>Sign in</body></html>", b"", b"null", b'{"service_id": "5e0c', b"[]"])
def test_a_read_that_is_not_a_service_never_becomes_a_write(hostile, runner, body):
    hostile.api.get = lambda request: Answer(200, body, {"X-Request-Id": "req-html-1"})
    tasks = [{"name": "write", SERVICE: {"service_id": SERVICE_ID, "config": [
        {"model_id": "7f3c8d0e-1111-4a5b-9c8d-000000000001", "instance_count": 2}]}, "ignore_errors": True}]
    result = runner.run(tasks, auth="token")
    assert result.failed("write")
    failed = result.task("write")
    assert "answered HTTP 200 with" in failed["msg"] and "req-html-1" in failed["msg"]
    assert failed["changed"] is False
    assert [r.method for r in hostile.seen()] == ["GET"]


def test_a_redirect_of_the_token_request_sends_the_password_nowhere(hostile, runner):
    with HostileServer(lifetime=120) as foreign:
        hostile.api.get = None
        hostile.behaviour = lambda request: Answer(307, b"", {"Location": foreign.url + request.path})
        result = runner.run(read_and_show(), auth="password", verbosity=3)
        assert result.failed("read")
        assert "redirect to host 127.0.0.1:%d refused" % foreign.port in result.task("read")["msg"]
        assert foreign.seen() == []
    assert_no_leak(result, PASSWORD)


# A password with quotes, a backslash, non-ASCII and the characters HTML-safe encoders escape (=<>&),
# given the AWX way (HW_USER_PASSWORD), and an IAM (or a gateway in front of it) that quotes the
# request body in its error in another encoding than the password was given in.
ODD_PASSWORD = u'Pa"ss\\w\u00f6rd=<>&Kq7v'


def _gson_html_safe(text):
    for char in "<>&='":
        text = text.replace(char, "\\u%04x" % ord(char))
    return text


ECHOES = {
    # The body as received (JSON, ensure_ascii) inside a JSON message: escaped twice on the wire.
    "json": lambda body: body,
    "json-utf8-html-safe": lambda body: _gson_html_safe(json.dumps(json.loads(body), ensure_ascii=False)),
    "percent-encoded": lambda body: "password=" + quote(json.loads(body)["auth"]["identity"]["password"]["user"][
        "password"], safe=""),
}


def echoed_forms_of(secret):
    ascii_json = json.dumps(secret)[1:-1]
    utf8_json = json.dumps(secret, ensure_ascii=False)[1:-1]
    return [secret, ascii_json, utf8_json, json.dumps(ascii_json)[1:-1], _gson_html_safe(utf8_json),
            _gson_html_safe(ascii_json), quote(secret, safe="")]


@pytest.mark.parametrize("echo_form", sorted(ECHOES))
def test_a_password_echoed_by_iam_in_another_encoding_never_reaches_output_or_result(hostile, runner, echo_form):
    def iam(request):
        if request.path == "/v3/auth/tokens":
            quoted = ECHOES[echo_form](request.body.decode("utf-8"))
            return json_answer(400, {"error": {"code": 400, "title": "Bad Request",
                                               "message": "The request body is invalid: %s" % quoted}})
        return json_answer(200, hostile.api.service)
    hostile.behaviour = iam
    result = runner.run(read_and_show(), auth="password", verbosity=3, env={"HW_USER_PASSWORD": ODD_PASSWORD})
    assert result.failed("read")
    assert "The request body is invalid" in result.task("read")["msg"]
    assert "********" in result.task("read")["msg"]
    for form in echoed_forms_of(ODD_PASSWORD):
        assert_no_leak(result, form)


def test_an_iam_error_page_quoting_the_request_is_not_quoted(hostile, runner):
    def iam(request):
        if request.path == "/v3/auth/tokens":
            page = "<html><body>Blocked by WAF. Request: %s</body></html>" % quote(request.body.decode("utf-8"))
            return Answer(403, page.encode("utf-8"), {"Content-Type": "text/html"})
        return json_answer(200, hostile.api.service)
    hostile.behaviour = iam
    result = runner.run(read_and_show(), auth="password", verbosity=3, env={"HW_USER_PASSWORD": ODD_PASSWORD})
    assert result.failed("read")
    assert "HTTP 403" in result.task("read")["msg"]
    assert "Blocked by WAF" not in everything(result)
    for form in echoed_forms_of(ODD_PASSWORD):
        assert_no_leak(result, form)


@pytest.mark.parametrize("args, message", [
    ({"config": [{"model_id": "7f3c8d0e-1111-4a5b-9c8d-000000000001", "custom_spec": True}]},
     "config[0].custom_spec must be a mapping of its options"),
    ({"api_timeout": True}, "api_timeout must be an integer, got a boolean (True)"),
    ({"wait_timeout": ".inf"}, "wait_timeout must be a finite number, got .inf"),
])
def test_a_value_ansible_itself_trips_over_fails_cleanly_and_sends_nothing(emu, playbook, args, message):
    tasks = [{"name": "write", SERVICE: dict(args, service_id=SERVICE_ID), "ignore_errors": True}]
    result = playbook.run(tasks, auth="token")
    failed = result.task("write")
    assert failed["failed"] is True
    assert message in failed["msg"], failed["msg"]
    assert "Traceback" not in everything(result) and "MODULE FAILURE" not in everything(result)
    assert emu.requests(api=None) == []


def test_ansible_debug_prints_no_secret_given_through_the_environment(hostile, runner):
    result = runner.run(read_and_show(), auth="password", env={"ANSIBLE_DEBUG": "1"})
    assert not result.failed("read")
    assert_no_leak(result, PASSWORD, ISSUED_TOKEN)


def test_ansible_debug_prints_a_secret_given_as_a_module_argument_as_the_readme_says(playbook):
    # ansible-core's debug log shows the module's arguments before any masking: the README says so and
    # recommends the HW_* variables. Should core stop doing this, this test and that paragraph go together.
    result = playbook.run(read_and_show(auth_token=TOKEN), auth="none", env={"HW_PROJECT_ID": PROJECT, "ANSIBLE_DEBUG": "1"})
    assert not result.failed("read"), result.stdout
    assert TOKEN in result.stdout + result.stderr
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md")) as readme:
        text = " ".join(readme.read().split())
    assert "with `ANSIBLE_DEBUG=1`, ansible-core's debug log prints the arguments it sends to each module" in text
    assert "Give secrets through the `HW_*` environment variables or an AWX credential" in text
