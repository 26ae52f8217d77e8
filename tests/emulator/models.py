"""The ModelArts v1 model registry (``/v1/{project_id}/models...``): import, list, detail, delete.

Written from the API reference pages "Importing a Model" (CreateModel), "Querying a Model
List" / "Querying the AI Application List" (ListModels), "Querying the Details About a Model" /
"Obtaining Details About an AI Application" (ShowModel) and "Deleting a Model" / "Deleting an
AI Application" (DeleteModel), and the error code table. What they leave open is listed under
"Assumptions" in README.md.

An import answers at once with the new ``model_id``; the model is ``publishing`` and becomes
``published`` (or ``failed``, with the reason in ``error_msg``) through a transition the
emulator clock drives like a service deployment (``import_seconds``; see clock.py).
"""

import hashlib
import re
import uuid

from emulator import clock, handlers
from emulator.errors import ApiError, cannot_be_empty, invalid_argument, model_already_exists, model_does_not_exist
from emulator.errors import parameter_error
from emulator.messages import Reply
from emulator.services import Transition, to_ms
from emulator.state import Model
from emulator.validation import as_list, as_object, as_str, reject_unknown, validate_description

MODEL_TYPES = ("TensorFlow", "MXNet", "Caffe", "Spark_MLlib", "Scikit_Learn", "XGBoost", "Image", "PyTorch", "Template", "Custom",
               "MindSpore")
MODEL_STATUSES = ("publishing", "published", "failed", "building", "building_failed")
INSTALL_TYPES = ("real-time", "batch", "edge")
DEFAULT_INSTALL_TYPE = ["real-time", "batch"]
# Request Body table of "Importing a Model" plus what the newer CreateModel page adds (source_copy).
STRING_FIELDS = ("model_name", "model_version", "source_location", "source_job_id", "source_job_version", "source_type", "model_type",
                 "runtime", "description", "model_algorithm", "execution_code", "model_metrics", "initial_config", "workspace_id",
                 "source_copy")
LIST_FIELDS = ("input_params", "output_params", "dependencies", "apis", "model_docs", "install_type")
CREATE_FIELDS = STRING_FIELDS + LIST_FIELDS + ("template",)
TEMPLATE_FIELDS = ("template_id", "template_inputs", "infer_format")
TEMPLATE_INPUT_FIELDS = ("input", "input_id")
MODEL_DOCS_MAX = 3
DOC_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,47}$")
PARAM_MANDATORY = ("url", "method", "protocol", "param_name", "param_type")
# The import page says only pip; the error code table (ModelArts.3040/3041) also knows conda, yum and apt-get.
INSTALLERS = ("pip", "conda", "yum", "apt-get")
RESTRAINTS = ("EXACT", "ATLEAST", "ATMOST")
DELETE_CASCADE_MAX = 20  # "A maximum of 20 models can be deleted at a time."
SORT_FIELDS = ("create_at", "model_version", "model_size")
# Page: letters, digits, hyphens and underscores, 1 to 64 characters.
MODEL_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Digit.Digit.Digit without a leading zero in any part. The page says each part is in [1, 99]
# but its own examples (1.0.0) have zeros, so a lone 0 is allowed.
_VERSION_PART = r"(0|[1-9][0-9]?)"
MODEL_VERSION_RE = re.compile(r"^%s\.%s\.%s$" % (_VERSION_PART, _VERSION_PART, _VERSION_PART))
# The import page forbids these in description (services' CreateService forbids another set).
DESCRIPTION_FORBIDDEN = "&!'\"<>="


def route(method, segments):
    """The handler for ``/v1/{p}/models/...`` (segments after ``models``) and its arguments."""
    if not segments:
        return {"GET": list_models, "POST": create_model}.get(method), ()
    if len(segments) == 1:
        return {"GET": show_model, "DELETE": delete_model}.get(method), (segments[0],)
    return None, ()


# --- the import body ------------------------------------------------------------------------------

def _mandatory(body, key):
    value = body.get(key)
    if value is None or value == "":
        raise cannot_be_empty(key)
    return as_str(value, key)


def _validate_template(value):
    template = as_object(value, "template")
    reject_unknown(template, TEMPLATE_FIELDS, "template")
    result = {"template_id": _mandatory(template, "template_id")}
    inputs = template.get("template_inputs")
    if not inputs:
        raise cannot_be_empty("template.template_inputs")
    result["template_inputs"] = []
    for index, item in enumerate(as_list(inputs, "template.template_inputs")):
        where = "template.template_inputs[%d]" % index
        as_object(item, where)
        reject_unknown(item, TEMPLATE_INPUT_FIELDS, where)
        result["template_inputs"].append({"input": _mandatory_in(item, "input", where), "input_id": _mandatory_in(item, "input_id", where)})
    if template.get("infer_format") is not None:
        result["infer_format"] = as_str(template["infer_format"], "template.infer_format")
    return result


def _mandatory_in(obj, key, where):
    value = obj.get(key)
    if value is None or value == "":
        raise cannot_be_empty("%s.%s" % (where, key))
    return as_str(value, "%s.%s" % (where, key))


def validate_create(body):
    """The stored fields of an import request, or an ApiError."""
    if not isinstance(body, dict):
        raise invalid_argument("The request body must be a JSON object.")
    reject_unknown(body, CREATE_FIELDS, "the request body")
    fields = {}
    for key in STRING_FIELDS:
        if body.get(key) is not None:
            fields[key] = as_str(body[key], key)
    for key in LIST_FIELDS:
        if body.get(key) is not None:
            fields[key] = as_list(body[key], key)
    name = _mandatory(body, "model_name")
    if not MODEL_NAME_RE.match(name):
        raise parameter_error("model_name must be 1 to 64 letters, digits, hyphens (-) or underscores (_).")
    version = _mandatory(body, "model_version")
    if not MODEL_VERSION_RE.match(version):
        raise parameter_error("model_version must be Digit.Digit.Digit, each 0 to 99 without a leading zero (e.g. 1.0.0), not %s." % version)
    model_type = _mandatory(body, "model_type")
    if model_type not in MODEL_TYPES:
        raise parameter_error("model_type must be one of %s." % ", ".join(MODEL_TYPES))
    if model_type == "Template":
        if body.get("template") is None:
            # Error code table: "Template model failed to be published, template field is required."
            raise ApiError(400, "ModelArts.3034", "Template model failed to be published, template field is required.")
        fields["template"] = _validate_template(body["template"])
    else:
        _mandatory(body, "source_location")
        if body.get("template") is not None:
            fields["template"] = _validate_template(body["template"])
    if "description" in fields:
        validate_description(fields["description"], DESCRIPTION_FORBIDDEN)
    if fields.get("source_type") not in (None, "auto"):
        raise parameter_error("source_type can only be auto.")
    if fields.get("source_copy") not in (None, "true", "false"):
        raise parameter_error("source_copy must be true or false.")
    for index, value in enumerate(fields.get("install_type", [])):
        if value not in INSTALL_TYPES:
            raise parameter_error("install_type[%d] must be one of %s." % (index, ", ".join(INSTALL_TYPES)))
    for key in ("input_params", "output_params"):
        for index, item in enumerate(fields.get(key, [])):
            _validate_param(item, "%s[%d]" % (key, index))
    for index, item in enumerate(fields.get("dependencies", [])):
        _validate_dependency(item, "dependencies[%d]" % index)
    for index, item in enumerate(fields.get("apis", [])):
        as_object(item, "apis[%d]" % index)
    if len(fields.get("model_docs", [])) > MODEL_DOCS_MAX:
        raise parameter_error("model_docs can hold at most %d documents." % MODEL_DOCS_MAX)
    for index, item in enumerate(fields.get("model_docs", [])):
        where = "model_docs[%d]" % index
        as_object(item, where)
        if not DOC_NAME_RE.match(_mandatory_in(item, "doc_name", where)):
            raise parameter_error("%s.doc_name must start with a letter and have 1 to 48 letters, digits, - or _." % where)
        _mandatory_in(item, "doc_url", where)
    return fields


def _validate_param(item, where):
    # Table "params": url, method, protocol, param_name and param_type are mandatory; other keys are
    # kept (the page's own example sends param_type "box", which its list of values lacks).
    as_object(item, where)
    for key in PARAM_MANDATORY:
        _mandatory_in(item, key, where)


def _validate_dependency(item, where):
    as_object(item, where)
    if _mandatory_in(item, "installer", where) not in INSTALLERS:
        raise parameter_error("%s.installer must be one of %s." % (where, ", ".join(INSTALLERS)))
    packages = item.get("packages")
    if not packages:
        raise cannot_be_empty(where + ".packages")
    for index, package in enumerate(as_list(packages, where + ".packages")):
        at = "%s.packages[%d]" % (where, index)
        as_object(package, at)
        _mandatory_in(package, "package_name", at)
        for key in ("package_version", "restraint"):
            if package.get(key) is not None:
                as_str(package[key], "%s.%s" % (at, key))
        if package.get("restraint") is not None and package["restraint"] not in RESTRAINTS:
            raise parameter_error("%s.restraint must be one of %s." % (at, ", ".join(RESTRAINTS)))


def validate_import_failures(body):
    """The admin knob's body: ``{model_name: failure text}``."""
    if not isinstance(body, dict) or not all(isinstance(value, str) and value for value in body.values()):
        raise ValueError("import_failures is an object {model_name: failure text}")
    return dict(body)


# --- views ------------------------------------------------------------------------------------------

def _size(model):
    if model.status != "published":
        return 0
    # A stable made-up size, so that sort_by=model_size has something to order.
    digest = hashlib.sha256((model.fields.get("source_location") or model.model_id).encode("utf-8")).hexdigest()
    return 1024 + int(digest[:6], 16)


def _common(model):
    fields = model.fields
    return {
        "model_id": model.model_id,
        "model_name": model.model_name,
        "model_version": model.model_version,
        "model_type": fields.get("model_type", "TensorFlow"),
        "model_status": model.status,
        "description": fields.get("description", ""),
        "project": model.project_id,
        "tenant": model.tenant or "",
        "owner": model.owner or "",
        "workspace_id": fields.get("workspace_id", "0"),
        "install_type": list(fields.get("install_type") or DEFAULT_INSTALL_TYPE),
        "model_size": _size(model),
        "create_at": to_ms(model.create_at),
        "source_type": fields.get("source_type", ""),
        "source_copy": fields.get("source_copy", "true"),
        "model_source": "custom",
        "tunable": False,
        "market_flag": False,
        "publishable_flag": False,
    }


def list_view(model):
    view = _common(model)
    view["specification"] = {}
    return view


def detail_view(model):
    fields = model.fields
    view = _common(model)
    view.update({
        "source_location": fields.get("source_location", ""),
        "source_job_id": fields.get("source_job_id", ""),
        "source_job_version": fields.get("source_job_version", ""),
        "runtime": fields.get("runtime", ""),
        "execution_code": fields.get("execution_code", ""),
        "model_algorithm": fields.get("model_algorithm", ""),
        "model_metrics": fields.get("model_metrics", ""),
        "input_params": list(fields.get("input_params", [])),
        "output_params": list(fields.get("output_params", [])),
        "dependencies": list(fields.get("dependencies", [])),
        # ShowModel documents apis and config as strings (JSON text), unlike the import body.
        "apis": handlers.json_text(fields.get("apis", [])),
        "config": fields.get("initial_config", ""),
        "model_docs": list(fields.get("model_docs", [])),
        "model_labels": [],
        "labels_map": {"labels": []},
        "specification": {},
    })
    if model.status == "published":
        view["image_address"] = "swr.emulator.local/models/%s:%s" % (model.model_id, model.model_version)
    if model.status == "failed":
        # ShowModel documents no failure field; error_msg is what the service detail uses.
        view["error_msg"] = model.error_msg or ""
    return view


# --- endpoints --------------------------------------------------------------------------------------

def _model_or_404(state, project, model_id):
    model = state.model(project.id, model_id)
    if model is None:
        raise model_does_not_exist(model_id)
    return model


def create_model(state, request, caller, project):
    fields = validate_create(request.json())
    name, version = fields.pop("model_name"), fields.pop("model_version")
    # A name+version pair is unique in the project (error code table: 409 ModelArts.3002).
    if any(model.model_name == name and model.model_version == version for model in state.models_of(project.id)):
        raise model_already_exists(name, version)
    now = state.now()
    model = Model(str(uuid.uuid4()), name, version, project.id, status="publishing", fields=fields, created=now,
                  owner=caller.user.id, tenant=project.domain_id)
    failure = state.model_import_failures.get(name)
    model.transition = Transition("publishing", now, state.settings["import_seconds"], "failed" if failure else "published",
                                  error_msg=failure)
    state.models[model.model_id] = model
    return Reply(200, {"model_id": model.model_id})


def show_model(state, _request, _caller, project, model_id):
    # A GET is a poll: the test clock may release the import on this read (emulator/clock.py).
    clock.note_model_read(state, project.id, model_id)
    return Reply(200, detail_view(_model_or_404(state, project, model_id)))


def _version_key(model):
    return tuple(int(part) if part.isdigit() else 0 for part in model.model_version.split("."))


def list_models(state, request, _caller, project):
    models = state.models_of(project.id)
    name = request.query("model_name")
    exact = (request.query("exact_match") or "false").lower()
    if exact not in ("true", "false"):
        raise invalid_argument("exact_match must be true or false.")
    if name:
        if exact == "true":
            models = [model for model in models if model.model_name == name]
        else:
            # "Fuzzy match is supported": a case-insensitive substring, as services' service_name.
            models = [model for model in models if name.lower() in model.model_name.lower()]
    if request.query("model_type") and request.query("not_model_type"):
        raise invalid_argument("model_type and not_model_type are mutually exclusive.")
    for key, pick in (("model_version", lambda model: model.model_version),
                      ("model_type", lambda model: model.fields.get("model_type", "TensorFlow")),
                      ("workspace_id", lambda model: model.fields.get("workspace_id", "0"))):
        wanted = request.query(key)
        if wanted:
            models = [model for model in models if pick(model) == wanted]
    unwanted = request.query("not_model_type")
    if unwanted:
        models = [model for model in models if model.fields.get("model_type", "TensorFlow") != unwanted]
    status = request.query("model_status")
    if status:
        # The list page spells the values capitalised (Publishing, Published, ...), GET answers lower case.
        models = [model for model in models if model.status == status.lower()]
    description = request.query("description")
    if description:
        models = [model for model in models if description.lower() in model.fields.get("description", "").lower()]
    sort_by = request.query("sort_by") or "create_at"
    if sort_by not in SORT_FIELDS:
        raise invalid_argument("sort_by must be one of %s." % ", ".join(SORT_FIELDS))
    key = {"create_at": lambda model: model.create_at, "model_version": _version_key, "model_size": _size}[sort_by]
    models.sort(key=lambda model: (key(model), model.model_id), reverse=handlers.order_is_desc(request))
    page = handlers.page(request, state, models)
    return Reply(200, {"total_count": len(models), "count": len(page), "models": [list_view(model) for model in page]})


def delete_model(state, request, _caller, project, model_id):
    model = _model_or_404(state, project, model_id)
    cascade = (request.query("cascade") or "false").lower()
    if cascade not in ("true", "false"):
        raise invalid_argument("cascade must be true or false.")
    targets = [model]
    if cascade == "true":
        others = sorted((other for other in state.models_of(project.id)
                         if other.model_name == model.model_name and other.model_id != model.model_id),
                        key=lambda other: (other.create_at, other.model_id))
        targets += others[:DELETE_CASCADE_MAX - 1]
    in_use = set(entry["model_id"] for service in state.services_of(project.id) for entry in service.config)
    succeeded, failed = [], []
    for target in targets:
        if target.model_id in in_use:
            failed.append({"model_id": target.model_id, "error_code": "ModelArts.3009",
                           "error_msg": "Failed to delete model because the model (%s) has been used to deploy a service." % target.model_id})
            continue
        del state.models[target.model_id]
        succeeded.append(target.model_id)
    return Reply(200, {"delete_success_list": succeeded, "delete_failed_list": failed})
