"""The error answers of ModelArts, the API gateway and IAM, as exceptions.

Handlers raise ApiError; the server turns it into an HTTP answer. Three body shapes exist:
ModelArts (``{"error_code", "error_msg"}``), the API gateway (the same plus ``request_id``)
and IAM (``{"error": {"code", "title", "message"}}``).
"""

import http


class ApiError(Exception):
    """An error answer: HTTP status, error code, message and the body shape to use."""

    def __init__(self, status, code, message, shape="modelarts", headers=None):
        super().__init__("%s %s: %s" % (status, code, message))
        self.status = status
        self.code = code
        self.message = message
        self.shape = shape
        self.headers = dict(headers or {})

    def body(self, request_id):
        if self.shape == "iam":
            try:
                title = http.HTTPStatus(self.status).phrase
            except ValueError:
                title = "Error"
            return {"error": {"code": self.status, "title": title, "message": self.message}}
        body = {"error_code": self.code, "error_msg": self.message}
        if self.shape == "apig":
            body["request_id"] = request_id
        return body


def invalid_argument(detail):
    """400 ModelArts.0101: malformed body, wrong type, unknown field, field not allowed here."""
    return ApiError(400, "ModelArts.0101", "Invalid Argument. %s" % detail)


def parameter_error(detail):
    """400 ModelArts.0104: a value breaks a documented rule (range, enum, sum, lock)."""
    return ApiError(400, "ModelArts.0104", "Parameter error. %s" % detail)


def cannot_be_empty(name):
    """400 ModelArts.3610: a mandatory field is missing, null or empty."""
    return ApiError(400, "ModelArts.3610", "Parameter %s cannot be empty." % name)


def state_forbids_update(status):
    """400 ModelArts.3519, worded as in the error code table."""
    return ApiError(
        400, "ModelArts.3519",
        "Services only in one of states in [deploying, running, stopping, deleting] can be updated. Current status: %s." % status)


def shared_service(name):
    return ApiError(400, "ModelArts.3525", "Forbidden to update service %s because it is a shared service." % name)


def model_not_found(model_id, service_id=None):
    # The docs have no "unknown model" code for PUT/PATCH. ModelArts.3529 (400, "Model {id}
    # under service {id} does not exist.") is the only model-not-found code among the 4xx
    # service codes; 3506 is a 500 and 3507 a 404 from the model API, neither fits a body error.
    if service_id:
        return ApiError(400, "ModelArts.3529", "Model %s under service %s does not exist." % (model_id, service_id))
    return ApiError(400, "ModelArts.3529", "Model %s does not exist." % model_id)


def model_does_not_exist(model_id):
    # The error code table has two: 404 ModelArts.3001 "Model ({0}) does not exist." among the
    # model management codes (30xx) and 404 ModelArts.3507 "Model {name} does not exist." among
    # the service codes (35xx). The model calls answer the model management one.
    return ApiError(404, "ModelArts.3001", "Model (%s) does not exist." % model_id)


def model_already_exists(name, version):
    # Error code table: 409 ModelArts.3002 "Model ({0}, {1}) already exists."
    return ApiError(409, "ModelArts.3002", "Model (%s, %s) already exists." % (name, version))


def model_not_published(model_id, status):
    # Error code table: 400 ModelArts.3515 "The model {id} cannot be used for deploying services
    # because it is still being published." Also answered for a failed model (no code of its own).
    if status == "publishing":
        return ApiError(400, "ModelArts.3515",
                        "The model %s cannot be used for deploying services because it is still being published." % model_id)
    return ApiError(400, "ModelArts.3515",
                    "The model %s cannot be used for deploying services because its model_status is %s." % (model_id, status))


def service_not_found(service_id):
    return ApiError(404, "ModelArts.3502", "Service %s does not exist." % service_id)


def api_not_found():
    # What the API gateway answers for a path/method it has no API for.
    return ApiError(404, "APIG.0101", "The API does not exist or has not been published in the environment", shape="apig")


def iam_error(status, message):
    return ApiError(status, "IAM", message, shape="iam")
