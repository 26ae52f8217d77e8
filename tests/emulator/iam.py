"""The IAM v3 calls the collection needs: password tokens and project lookup by name."""

import datetime
import secrets

from emulator import auth
from emulator.errors import ApiError, api_not_found, iam_error
from emulator.messages import Reply
from emulator.state import Token


def handle(state, request):
    segments = request.path_segments
    if segments == ["v3", "auth", "tokens"] and request.method == "POST":
        return issue_token(state, request)
    if segments in (["v3", "projects"], ["v3", "auth", "projects"]) and request.method == "GET":
        return list_projects(state, request)
    raise api_not_found()


def _iso(seconds):
    stamp = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + "%06dZ" % stamp.microsecond


def _dig(body, *keys):
    for key in keys:
        if not isinstance(body, dict) or key not in body:
            raise iam_error(400, "The request body is invalid: %s is missing." % ".".join(keys))
        body = body[key]
    return body


def _find_user(state, user_spec):
    if user_spec.get("id"):
        return state.users.get(user_spec["id"])
    domain_spec = user_spec.get("domain") or {}
    domain = state.domains.get(domain_spec.get("id")) if domain_spec.get("id") else state.domain_named(domain_spec.get("name"))
    if domain is None or not user_spec.get("name"):
        return None
    return state.user_named(domain.id, user_spec["name"])


def _scoped_project(state, user, scope):
    if not isinstance(scope, dict) or "project" not in scope:
        # The modules always scope to a project; a domain-scoped or unscoped token has no use here.
        raise iam_error(400, "The request body is invalid: scope.project (name or id) is required.")
    wanted = scope["project"] if isinstance(scope["project"], dict) else {}
    if wanted.get("id"):
        project = state.projects.get(wanted["id"])
        project = project if project is not None and project.domain_id == user.domain_id else None
    else:
        matches = state.projects_of(user.domain_id, wanted.get("name"))
        project = matches[0] if wanted.get("name") and matches else None
    if project is None:
        raise iam_error(400, "The project in scope does not exist in domain %s: %s." % (state.domains[user.domain_id].name, wanted))
    return project


def issue_token(state, request):
    try:
        body = request.json()
    except ApiError as exc:
        raise iam_error(400, "The request body is invalid: it is not JSON.") from exc
    identity = _dig(body, "auth", "identity")
    if "password" not in (identity.get("methods") or []):
        raise iam_error(400, "The request body is invalid: the emulator supports the password method only.")
    user_spec = _dig(identity, "password", "user")
    with state.lock:
        user = _find_user(state, user_spec if isinstance(user_spec, dict) else {})
        if user is None or user_spec.get("password") != user.password:
            raise iam_error(401, "The username or password is wrong.")
        project = _scoped_project(state, user, body["auth"].get("scope"))
        now = state.now()
        # Real tokens are long opaque PKI strings starting with MII; clients must not parse them.
        value = "MIIDemo" + secrets.token_urlsafe(180)
        token = Token(value, user.id, project.id, now, now + state.settings["token_ttl_seconds"])
        state.tokens[value] = token
        domain = state.domains[user.domain_id]
    domain_view = {"id": domain.id, "name": domain.name}
    answer = {"token": {
        "expires_at": _iso(token.expires_at),
        "issued_at": _iso(token.issued_at),
        "methods": ["password"],
        "project": {"id": project.id, "name": project.name, "domain": domain_view},
        "user": {"id": user.id, "name": user.name, "domain": domain_view, "password_expires_at": ""},
        "roles": [{"id": "0", "name": "op_service"}, {"id": "1", "name": "te_admin"}],
        "catalog": [],
    }}
    return Reply(201, answer, {"X-Subject-Token": value})


def list_projects(state, request):
    with state.lock:
        caller = auth.authenticate(state, request, shape="iam")
        projects = state.projects_of(caller.domain_id, request.query("name"))
    base = "https://iam.myhuaweicloud.com/v3/projects"
    return Reply(200, {
        "projects": [{"id": project.id, "name": project.name, "domain_id": project.domain_id, "parent_id": project.domain_id,
                      "enabled": True, "is_domain": False, "description": "",
                      "links": {"self": "%s/%s" % (base, project.id)}} for project in projects],
        "links": {"self": base, "previous": None, "next": None},
    })
