"""Request body rules of the service API (API reference pages UpdateService, CreateService and
PatchService, and modelarts-api.md section 5). What the pages leave open and this module decides
anyway is listed under "Assumptions" in README.md.

Error codes, chosen where the docs only list them:
- 400 ModelArts.0101 Invalid Argument: the body is not JSON or not the right JSON type, a
  field has the wrong type, a field is unknown, or a field does not belong to this kind of
  service (batch fields or edge ``nodes`` on a real-time service). Unknown fields are
  refused at the top level and in config entries because the real API gateway validates
  bodies against the published schema; nested objects (custom_spec excepted) keep unknown
  keys, because the PATCH seed's own example sends persistent_volumes keys
  (``storage_type_text``) that no table lists.
- 400 ModelArts.3610 "Parameter {name} cannot be empty.": a mandatory field is missing,
  null or "".
- 400 ModelArts.0104 Parameter error: a value breaks a documented rule (enum, range, sum,
  exclusive fields, a property that cannot be changed back).

Numbers are lenient the way a Java (Jackson) backend is: "100" is accepted where an integer
is expected (the seed's own example sends "weight": "100") and stored as 100; "1.5" is
accepted for a float. A non-integral number for an integer field is refused (Jackson would
silently truncate it; refusing keeps playbooks honest). Optional fields sent as null count
as absent.
"""

import copy
import math
import re

from emulator.catalog import CUSTOM, SPECIFICATION_NAMES
from emulator.errors import ApiError, cannot_be_empty, invalid_argument, model_not_found, model_not_published, parameter_error

INFER_TYPES = ("real-time", "batch", "edge")
UPDATE_FIELDS = ("schedule", "description", "config", "status", "additional_properties")
CREATE_FIELDS = ("service_name", "description", "infer_type", "workspace_id", "schedule", "cluster_id", "pool_name", "vpc_id",
                 "subnet_network_id", "security_group_id", "config", "additional_properties", "load_balancer_policy", "priority")
CONFIG_FIELDS = ("custom_spec", "envs", "specification", "weight", "deploy_timeout_in_seconds", "model_id", "src_path", "req_uri",
                 "mapping_type", "cluster_id", "pool_name", "nodes", "mapping_rule", "src_type", "dest_path", "instance_count",
                 "additional_properties")
BATCH_ONLY_FIELDS = ("src_path", "dest_path", "req_uri", "mapping_type", "mapping_rule", "src_type")
EDGE_ONLY_FIELDS = ("nodes",)
CUSTOM_SPEC_FIELDS = ("cpu", "memory", "gpu_p4", "ascend_a310")
SCHEDULE_FIELDS = ("duration", "time_unit", "type")
TIME_UNITS = ("DAYS", "HOURS", "MINUTES")
SMN_EVENTS = (1, 3, 7, 11)
TARGET_STATUSES = ("running", "stopped")
LOAD_BALANCER_POLICIES = ("ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP")
DESCRIPTION_MAX = 100
# The PUT page (seed 004) and the create page forbid different characters; each is applied where documented.
UPDATE_DESCRIPTION_FORBIDDEN = "<>=&\"'"
CREATE_DESCRIPTION_FORBIDDEN = "!<>+&\"'"
SERVICE_NAME_RE = re.compile(r"^[\w-]{1,64}$")
PATCH_PREFIX = "/config/0/"
_SHOWN_AS_EMPTY_OBJECT = ("envs", "additional_properties")
# Config fields that are maps (Map<String,String>) or free-form objects: only the keys they have exist.
_MAP_FIELDS = ("envs", "mapping_rule")

_INTEGER_RE = re.compile(r"^\s*[+-]?\d+\s*$")


class Context:
    """What the rules need to know beyond the body itself."""

    def __init__(self, infer_type, models, project_id, service_id=None, service_pool=False, instance_quota=128):
        self.infer_type = infer_type
        self.models = models
        self.project_id = project_id
        self.service_id = service_id
        self.service_pool = service_pool
        self.instance_quota = instance_quota


# --- scalar coercion ---------------------------------------------------------------------------

def is_blank(value):
    return value is None or value == "" or value == [] or value == {}


def as_int(value, name):
    if isinstance(value, bool):
        raise invalid_argument("%s must be an integer." % name)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER_RE.match(value):
        return int(value)
    raise invalid_argument("%s must be an integer." % name)


def as_float(value, name):
    if isinstance(value, bool):
        raise invalid_argument("%s must be a number." % name)
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise invalid_argument("%s must be a number." % name) from None
    else:
        raise invalid_argument("%s must be a number." % name)
    if math.isnan(number) or math.isinf(number):
        raise invalid_argument("%s must be a number." % name)
    return number


def as_str(value, name):
    if not isinstance(value, str):
        raise invalid_argument("%s must be a string." % name)
    return value


def as_bool(value, name):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise invalid_argument("%s must be a boolean." % name)


def as_object(value, name):
    if not isinstance(value, dict):
        raise invalid_argument("%s must be an object." % name)
    return value


def as_list(value, name):
    if not isinstance(value, list):
        raise invalid_argument("%s must be an array." % name)
    return value


def required(obj, key, name):
    value = obj.get(key)
    if is_blank(value):
        raise cannot_be_empty(name)
    return value


def reject_unknown(obj, allowed, where):
    unknown = sorted(key for key in obj if key not in allowed)
    if unknown:
        raise invalid_argument("Unknown field %s in %s." % (", ".join(unknown), where))


def present(obj, key):
    """Optional fields sent as null are treated as absent."""
    return obj.get(key) is not None


def env_value(value, name):
    # Map<String,String> on a Java backend: scalars are coerced to their string form.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise invalid_argument("%s must be a string." % name)


# --- small objects -----------------------------------------------------------------------------

def validate_description(value, forbidden):
    text = as_str(value, "description")
    if len(text) > DESCRIPTION_MAX:
        raise parameter_error("description can contain at most %d characters." % DESCRIPTION_MAX)
    bad = sorted(set(char for char in text if char in forbidden))
    if bad:
        raise parameter_error("description cannot contain the characters %s." % "".join(bad))
    return text


def validate_schedule(value, infer_type):
    items = as_list(value, "schedule")
    if items and infer_type != "real-time":
        raise parameter_error("schedule can be configured only for real-time services.")
    result = []
    for index, item in enumerate(items):
        where = "schedule[%d]" % index
        as_object(item, where)
        reject_unknown(item, SCHEDULE_FIELDS, where)
        duration = as_int(required(item, "duration", where + ".duration"), where + ".duration")
        if duration < 1:
            raise parameter_error("%s.duration must be at least 1." % where)
        time_unit = as_str(required(item, "time_unit", where + ".time_unit"), where + ".time_unit")
        if time_unit not in TIME_UNITS:
            raise parameter_error("%s.time_unit must be one of %s." % (where, ", ".join(TIME_UNITS)))
        kind = as_str(required(item, "type", where + ".type"), where + ".type")
        if kind != "stop":
            raise parameter_error("%s.type supports only stop." % where)
        result.append({"duration": duration, "time_unit": time_unit, "type": kind})
    return result


def validate_custom_spec(value, where):
    spec = as_object(value, where)
    reject_unknown(spec, CUSTOM_SPEC_FIELDS, where)
    cpu = as_float(required(spec, "cpu", where + ".cpu"), where + ".cpu")
    if cpu < 0.01:
        raise parameter_error("%s.cpu cannot be smaller than 0.01." % where)
    result = {"cpu": round(cpu, 2), "memory": as_int(required(spec, "memory", where + ".memory"), where + ".memory")}
    if result["memory"] < 1:
        raise parameter_error("%s.memory must be a positive integer (MB)." % where)
    if present(spec, "gpu_p4") and present(spec, "ascend_a310"):
        raise parameter_error("%s: gpu_p4 and ascend_a310 cannot be configured together." % where)
    if present(spec, "gpu_p4"):
        gpu = as_float(spec["gpu_p4"], where + ".gpu_p4")
        if gpu < 0:
            raise parameter_error("%s.gpu_p4 cannot be smaller than 0." % where)
        result["gpu_p4"] = round(gpu, 2)
    if present(spec, "ascend_a310"):
        chips = as_int(spec["ascend_a310"], where + ".ascend_a310")
        if chips < 0:
            raise parameter_error("%s.ascend_a310 cannot be smaller than 0." % where)
        result["ascend_a310"] = chips
    return result


def _validate_mounts(value, where, mandatory):
    result = []
    for index, item in enumerate(as_list(value, where)):
        item_where = "%s[%d]" % (where, index)
        mount = dict(as_object(item, item_where))
        for key in mandatory:
            as_str(required(mount, key, "%s.%s" % (item_where, key)), "%s.%s" % (item_where, key))
        result.append(mount)
    return result


def validate_model_properties(value, where, dedicated_pool):
    props = copy.deepcopy(as_object(value, where))
    if present(props, "log_volume"):
        if not dedicated_pool:
            raise parameter_error("%s.log_volume can be configured only when a dedicated resource pool is used." % where)
        props["log_volume"] = _validate_mounts(props["log_volume"], where + ".log_volume", ("host_path", "mount_path"))
    if present(props, "persistent_volumes"):
        props["persistent_volumes"] = _validate_mounts(props["persistent_volumes"], where + ".persistent_volumes", ("mount_path",))
    for key in ("max_surge", "max_unavailable"):
        if present(props, key):
            number = as_float(props[key], "%s.%s" % (where, key))
            # max_surge must be > 0; max_unavailable defaults to 0, so 0 is accepted for it.
            if number < 0 or (key == "max_surge" and number == 0):
                raise parameter_error("%s.%s must be greater than 0." % (where, key))
            props[key] = number
    if present(props, "termination_grace_period_seconds"):
        seconds = as_int(props["termination_grace_period_seconds"], where + ".termination_grace_period_seconds")
        # Assumption (README): the page gives no range; a negative grace period is a Kubernetes error.
        if seconds < 0:
            raise parameter_error("%s.termination_grace_period_seconds cannot be negative." % where)
        props["termination_grace_period_seconds"] = seconds
    return {key: item for key, item in props.items() if item is not None}


def validate_service_properties(value, stored):
    """The service additional_properties, merged over the stored ones.

    Keys left out keep their stored value: the seed says websocket_upgrade defaults "to the
    value set last time" on update, and the same is assumed for the other keys. The table
    marks smn_notification mandatory, but requiring it would make a websocket-only update
    impossible, so it is optional here. Keys outside the table are kept as sent (the older
    revision types the field as a free Map<String,String>).
    """
    props = as_object(value, "additional_properties")
    result = copy.deepcopy(stored)
    for key, item in props.items():
        if item is not None and key not in ("smn_notification", "log_report_channels", "websocket_upgrade"):
            result[key] = copy.deepcopy(item)
    if present(props, "smn_notification"):
        result["smn_notification"] = _validate_smn(props["smn_notification"])
    if "log_report_channels" in props:
        channels = _validate_log_channels(props["log_report_channels"])
        if stored.get("log_report_channels") and channels != stored["log_report_channels"]:
            raise parameter_error("additional_properties.log_report_channels cannot be modified after it is enabled.")
        result["log_report_channels"] = channels
    if present(props, "websocket_upgrade"):
        websocket = as_bool(props["websocket_upgrade"], "additional_properties.websocket_upgrade")
        if stored.get("websocket_upgrade") and not websocket:
            raise parameter_error("additional_properties.websocket_upgrade cannot be modified after WebSocket is enabled.")
        result["websocket_upgrade"] = websocket
    return result


def _validate_smn(value):
    where = "additional_properties.smn_notification"
    smn = as_object(value, where)
    topic = as_str(required(smn, "topic_urn", where + ".topic_urn"), where + ".topic_urn")
    events = []
    for index, event in enumerate(as_list(required(smn, "events", where + ".events"), where + ".events")):
        number = as_int(event, "%s.events[%d]" % (where, index))
        if number not in SMN_EVENTS:
            raise parameter_error("%s.events accepts only 1 (failed), 3 (running), 7 (concerning) and 11 (pending)." % where)
        events.append(number)
    return {"topic_urn": topic, "events": events}


def _validate_log_channels(value):
    where = "additional_properties.log_report_channels"
    if value is None:
        return []
    result = []
    for index, item in enumerate(as_list(value, where)):
        item_where = "%s[%d]" % (where, index)
        channel = as_object(item, item_where)
        kind = as_str(required(channel, "type", item_where + ".type"), item_where + ".type")
        if kind != "LTS":
            raise parameter_error("%s.type supports only LTS." % item_where)
        entry = {"type": kind}
        if present(channel, "configuration"):
            conf = as_object(channel["configuration"], item_where + ".configuration")
            entry["configuration"] = {
                key: as_str(required(conf, key, "%s.configuration.%s" % (item_where, key)), key)
                for key in ("log_group_id", "log_stream_id")
            }
        result.append(entry)
    return result


# --- config ----------------------------------------------------------------------------------

def _check_kind_fields(entry, where, infer_type):
    if infer_type == "real-time":
        foreign = [key for key in BATCH_ONLY_FIELDS + EDGE_ONLY_FIELDS if present(entry, key)]
    elif infer_type == "batch":
        foreign = [key for key in EDGE_ONLY_FIELDS if present(entry, key)]
    else:
        foreign = [key for key in BATCH_ONLY_FIELDS if present(entry, key)]
    if foreign:
        raise invalid_argument("%s: %s cannot be used for a %s service." % (where, ", ".join(foreign), infer_type))


def _validate_batch_fields(entry, where, result):
    for key in ("src_path", "dest_path", "req_uri"):
        result[key] = as_str(required(entry, key, "%s.%s" % (where, key)), "%s.%s" % (where, key))
    mapping_type = as_str(required(entry, "mapping_type", where + ".mapping_type"), where + ".mapping_type")
    if mapping_type not in ("file", "csv"):
        raise parameter_error("%s.mapping_type must be file or csv." % where)
    result["mapping_type"] = mapping_type
    if mapping_type == "csv":
        result["mapping_rule"] = copy.deepcopy(as_object(required(entry, "mapping_rule", where + ".mapping_rule"), where + ".mapping_rule"))
    elif present(entry, "mapping_rule"):
        result["mapping_rule"] = copy.deepcopy(as_object(entry["mapping_rule"], where + ".mapping_rule"))
    if present(entry, "src_type"):
        if as_str(entry["src_type"], where + ".src_type") != "ManifestFile":
            raise parameter_error("%s.src_type supports only ManifestFile." % where)
        result["src_type"] = "ManifestFile"


def validate_entry(entry, index, ctx):
    where = "config[%d]" % index
    as_object(entry, where)
    reject_unknown(entry, CONFIG_FIELDS, where)
    _check_kind_fields(entry, where, ctx.infer_type)

    model_id = as_str(required(entry, "model_id", where + ".model_id"), where + ".model_id")
    model = ctx.models.get(model_id)
    if model is None or model.project_id != ctx.project_id:
        raise model_not_found(model_id, ctx.service_id)
    if model.status != "published":
        raise model_not_published(model_id, model.status)
    specification = as_str(required(entry, "specification", where + ".specification"), where + ".specification")
    if specification != CUSTOM and specification not in SPECIFICATION_NAMES:
        raise parameter_error("%s.specification %s is not supported; see GET /v1/{project_id}/services/specifications." % (where, specification))
    count = as_int(required(entry, "instance_count", where + ".instance_count"), where + ".instance_count")
    if count < 1:
        raise parameter_error("%s.instance_count must be at least 1." % where)
    result = {"model_id": model_id, "specification": specification, "instance_count": count}

    if ctx.infer_type == "real-time" or present(entry, "weight"):
        weight = as_int(required(entry, "weight", where + ".weight"), where + ".weight")
        if not 0 <= weight <= 100:
            raise parameter_error("%s.weight must be between 0 and 100." % where)
        result["weight"] = weight

    for key in ("cluster_id", "pool_name"):
        if present(entry, key):
            result[key] = as_str(entry[key], "%s.%s" % (where, key))
    dedicated_pool = bool(result.get("cluster_id") or result.get("pool_name") or ctx.service_pool)

    if specification == CUSTOM:
        result["custom_spec"] = validate_custom_spec(required(entry, "custom_spec", where + ".custom_spec"), where + ".custom_spec")
        if not dedicated_pool:
            raise parameter_error("%s: specification custom is supported only in a dedicated resource pool (cluster_id or pool_name)." % where)
    elif present(entry, "custom_spec"):
        result["custom_spec"] = validate_custom_spec(entry["custom_spec"], where + ".custom_spec")

    if present(entry, "envs"):
        envs = as_object(entry["envs"], where + ".envs")
        result["envs"] = {key: env_value(value, "%s.envs.%s" % (where, key)) for key, value in envs.items()}
    if present(entry, "deploy_timeout_in_seconds"):
        timeout = as_int(entry["deploy_timeout_in_seconds"], where + ".deploy_timeout_in_seconds")
        # Assumption (README): the page gives no range; a timeout below one second cannot be meant.
        if timeout < 1:
            raise parameter_error("%s.deploy_timeout_in_seconds must be positive." % where)
        result["deploy_timeout_in_seconds"] = timeout
    if present(entry, "additional_properties"):
        result["additional_properties"] = validate_model_properties(
            entry["additional_properties"], where + ".additional_properties", dedicated_pool)

    if ctx.infer_type == "batch":
        _validate_batch_fields(entry, where, result)
    elif ctx.infer_type == "edge":
        nodes = as_list(required(entry, "nodes", where + ".nodes"), where + ".nodes")
        result["nodes"] = [as_str(node, "%s.nodes[%d]" % (where, position)) for position, node in enumerate(nodes)]
    return result


def validate_config(value, ctx):
    """A whole config list, normalised (numbers as numbers, envs as strings)."""
    if value is None or value == []:
        raise cannot_be_empty("config")
    entries = [validate_entry(entry, index, ctx) for index, entry in enumerate(as_list(value, "config"))]
    model_ids = [entry["model_id"] for entry in entries]
    if len(set(model_ids)) != len(model_ids):
        raise ApiError(400, "ModelArts.3516", "Failed to deploy services because the version of the model that is used for deploying services is the same.")
    if ctx.infer_type == "batch" and len(entries) > 1:
        raise parameter_error("A batch service runs exactly one model.")
    if ctx.infer_type == "real-time":
        total = sum(entry["weight"] for entry in entries)
        if total != 100:
            raise parameter_error("The sum of all weights must be equal to 100, got %d." % total)
    for entry in entries:
        # ServiceConfig instance_count: "Number of instances deployed for a model. The maximum number of
        # instances is 128" (UpdateService, CreateService), so the limit holds per model, not per service.
        # An account quota (modelarts-api.md section 5), reported with its documented code.
        if entry["instance_count"] > ctx.instance_quota:
            raise ApiError(400, "ModelArts.3522", "A maximum of %d instances are allowed per model; %s asks for %d." % (
                ctx.instance_quota, entry["model_id"], entry["instance_count"]))
    return entries


# --- whole bodies ----------------------------------------------------------------------------

def validate_update(body, service, ctx):
    """PUT /v1/{p}/services/{id}: the normalised fields that were sent."""
    as_object(body, "The request body")
    reject_unknown(body, UPDATE_FIELDS, "the request body")
    result = {}
    if present(body, "status"):
        status = as_str(body["status"], "status")
        if status not in TARGET_STATUSES:
            raise parameter_error("status must be running or stopped.")
        result["status"] = status
    if present(body, "description"):
        result["description"] = validate_description(body["description"], UPDATE_DESCRIPTION_FORBIDDEN)
    if present(body, "schedule"):
        result["schedule"] = validate_schedule(body["schedule"], service.infer_type)
    if present(body, "additional_properties"):
        result["additional_properties"] = validate_service_properties(body["additional_properties"], service.additional_properties)
    if present(body, "config"):
        result["config"] = validate_config(body["config"], ctx)
    return result


def validate_create(body, ctx_factory):
    """POST /v1/{p}/services. ``ctx_factory(infer_type, service_pool)`` gives the Context."""
    as_object(body, "The request body")
    reject_unknown(body, CREATE_FIELDS, "the request body")
    name = as_str(required(body, "service_name", "service_name"), "service_name")
    if not SERVICE_NAME_RE.match(name):
        raise parameter_error("service_name must be 1 to 64 letters, digits, hyphens or underscores.")
    infer_type = as_str(required(body, "infer_type", "infer_type"), "infer_type")
    if infer_type not in INFER_TYPES:
        raise parameter_error("infer_type must be one of %s." % ", ".join(INFER_TYPES))
    result = {"service_name": name, "infer_type": infer_type, "network": {}}
    for key in ("cluster_id", "pool_name", "vpc_id", "subnet_network_id", "security_group_id"):
        if present(body, key):
            result["network"][key] = as_str(body[key], key)
    if result["network"].get("vpc_id"):
        for key in ("subnet_network_id", "security_group_id"):
            if not result["network"].get(key):
                raise cannot_be_empty(key)
    if present(body, "load_balancer_policy"):
        policy = as_str(body["load_balancer_policy"], "load_balancer_policy")
        if policy not in LOAD_BALANCER_POLICIES:
            raise parameter_error("load_balancer_policy must be one of %s." % ", ".join(LOAD_BALANCER_POLICIES))
        result["network"]["load_balancer_policy"] = policy
    if present(body, "priority"):
        priority = as_int(body["priority"], "priority")
        if not 1 <= priority <= 3:
            raise parameter_error("priority must be between 1 and 3.")
        result["network"]["priority"] = priority
    result["workspace_id"] = as_str(body["workspace_id"], "workspace_id") if present(body, "workspace_id") else "0"
    result["description"] = (validate_description(body["description"], CREATE_DESCRIPTION_FORBIDDEN)
                             if present(body, "description") else "")
    result["schedule"] = validate_schedule(body["schedule"], infer_type) if present(body, "schedule") else []
    result["additional_properties"] = (validate_service_properties(body["additional_properties"], {})
                                       if present(body, "additional_properties") else {})
    service_pool = bool(result["network"].get("cluster_id") or result["network"].get("pool_name"))
    result["config"] = validate_config(body.get("config"), ctx_factory(infer_type, service_pool))
    return result


# --- JSON patch --------------------------------------------------------------------------------

def _unescape(token):
    return token.replace("~1", "/").replace("~0", "~")


def _replace_at(container, tokens, value, path, is_map=False):
    """RFC 6902 replace below a config field: parents must exist, list indexes must be in range.

    A missing last member of a typed object is created rather than refused (an assumption, see
    README): the real service applies the patch to typed objects in which every optional field
    exists (as null), so replacing e.g. additional_properties/max_surge works before it was ever
    set. A map (``is_map``: envs, mapping_rule) has only the keys it has: replacing a missing key
    is refused, as RFC 6902 section 4.3 says ("The target location MUST exist"), the format the
    PatchService page names.
    """
    for position, token in enumerate(tokens):
        last = position == len(tokens) - 1
        if isinstance(container, dict):
            if last:
                if is_map and token not in container:
                    raise invalid_argument("The patch path %s does not exist." % path)
                container[token] = value
                return
            if token not in container:
                raise invalid_argument("The patch path %s does not exist." % path)
            container = container[token]
        elif isinstance(container, list):
            if not token.isdigit() or int(token) >= len(container):
                raise invalid_argument("The patch path %s does not exist." % path)
            if last:
                container[int(token)] = value
                return
            container = container[int(token)]
        else:
            raise invalid_argument("The patch path %s does not exist." % path)


def apply_patch(operations, entry):
    """config[0] after the JSON patch ``operations`` (PATCH seed 000)."""
    if not isinstance(operations, list) or not operations:
        raise invalid_argument("The request body must be a non-empty JSON array of patch operations.")
    result = copy.deepcopy(entry)
    for index, operation in enumerate(operations):
        where = "[%d]" % index
        as_object(operation, where)
        reject_unknown(operation, ("op", "path", "value"), where)
        # PatchServiceV2RequestBody: op is not mandatory and "only replace is supported", so none means replace.
        if operation.get("op", "replace") != "replace":
            raise invalid_argument("%s.op: only replace is supported." % where)
        path = operation.get("path")
        if not isinstance(path, str) or not path.startswith(PATCH_PREFIX):
            raise invalid_argument("%s.path must start with %s." % (where, PATCH_PREFIX))
        if "value" not in operation:
            raise invalid_argument("%s.value is missing." % where)
        tokens = [_unescape(token) for token in path[len(PATCH_PREFIX):].split("/")]
        if tokens[0] not in CONFIG_FIELDS:
            raise invalid_argument("%s.path %s does not name a service config field." % (where, path))
        value = copy.deepcopy(operation["value"])
        if len(tokens) == 1:
            result[tokens[0]] = value
            continue
        if result.get(tokens[0]) is None and tokens[0] in _SHOWN_AS_EMPTY_OBJECT:
            # GET shows these as {} when unset, so a client may patch a member of them.
            result[tokens[0]] = {}
        if result.get(tokens[0]) is None:
            raise invalid_argument("The patch path %s does not exist." % path)
        _replace_at(result[tokens[0]], tokens[1:], value, path, tokens[0] in _MAP_FIELDS)
    return result


def validate_property_update(body, service):
    """PUT .../property: ``{changed_property, configs: [{changed_value, model_id}]}`` -> {model_id: count}."""
    as_object(body, "The request body")
    reject_unknown(body, ("changed_property", "configs"), "the request body")
    changed = as_str(required(body, "changed_property", "changed_property"), "changed_property")
    if changed != "instance_count":
        raise parameter_error("changed_property supports only instance_count.")
    model_ids = set(entry["model_id"] for entry in service.config)
    result = {}
    for index, item in enumerate(as_list(required(body, "configs", "configs"), "configs")):
        where = "configs[%d]" % index
        as_object(item, where)
        reject_unknown(item, ("changed_value", "model_id"), where)
        model_id = as_str(required(item, "model_id", where + ".model_id"), where + ".model_id")
        if model_id not in model_ids:
            raise model_not_found(model_id, service.service_id)
        count = as_int(required(item, "changed_value", where + ".changed_value"), where + ".changed_value")
        if count < 1:
            raise parameter_error("%s.changed_value must be at least 1." % where)
        result[model_id] = count
    return result
