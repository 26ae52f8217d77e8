# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The model calls of the ModelArts v1 API (``/v1/{project_id}/models``) over the generic client."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError, ModelArtsError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_id, resource_id
from ansible_collections.hwcloud.modelarts.plugins.module_utils._paging import field
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import NotFoundRule
from ansible_collections.hwcloud.modelarts.plugins.module_utils._responses import ModelArtsResponseError, expect_object

# What a refused model id is said to be.
MODEL_ID = resource_id("model")
# The error code table has two "model does not exist" answers: 404 ModelArts.3001 among the model
# codes and 404 ModelArts.3507 among the service codes. Either one, and nothing else, means absent.
MODEL_NOT_FOUND = NotFoundRule((404, "ModelArts.3001"), (404, "ModelArts.3507"))
# DeleteModel: "already deploy service", the model is in use and was not deleted.
MODEL_IN_USE = "ModelArts.3009"
# A stable, ascending order (ListModels sort_by/order): a model imported while the pages are read lands at the end.
LIST_ORDER = [("sort_by", "create_at"), ("order", "asc")]
# ListModels' query filters.
LIST_FILTERS = ("model_version", "model_type", "model_status", "description", "workspace_id")


class ModelArtsDeleteRefused(ModelArtsError):
    """DeleteModel answered 200 but listed the model in ``delete_failed_list``: nothing was deleted."""

    def __init__(self, message, failed):
        super(ModelArtsDeleteRefused, self).__init__(message)
        self.failed = failed

    def to_result(self):
        return {"delete_failed_list": self.failed}


class ModelApi:
    """Model calls over a generic ModelArtsClient."""

    def __init__(self, client):
        self.client = client

    @property
    def project_id(self):
        return self.client.project_id

    def get(self, model_id):
        response = self.client.call("GET", "models", check_id("model_id", model_id, MODEL_ID))
        model = expect_object(response, "a model object", strings=("model_id", "model_name", "model_version"))
        if model["model_id"] != model_id:
            raise ModelArtsResponseError(response, "model %s" % model_id, "model %r" % model["model_id"][:80])
        return model

    def find(self, model_id):
        """The model, or None when ModelArts says it does not exist (MODEL_NOT_FOUND)."""
        return MODEL_NOT_FOUND.read_or_none(lambda: self.get(model_id))

    def list(self, name=None, **filters):
        """Every model summary matching the filters, across all pages; ``name`` is exact.

        The API's model_name filter matches substrings (and reads ``_`` as a wildcard unless
        ``exact_match=true``), so ``exact_match=true`` is sent and the answer filtered here as well.
        """
        pairs = [(key, value) for key, value in sorted(filters.items()) if value is not None]
        if name is not None:
            pairs = [("model_name", name), ("exact_match", "true")] + pairs
        models = self.client.all_pages(("models",), "models", pairs + LIST_ORDER, identity=field("model_id"),
                                       item_strings=("model_id", "model_name", "model_version"))
        if name is not None:
            models = [model for model in models if model["model_name"] == name]
        version = filters.get("model_version")
        if version is not None:
            models = [model for model in models if model["model_version"] == version]
        return models

    def named(self, name, version):
        """The models with exactly this name and version (one, or none; more only after a race)."""
        return self.list(name=name, model_version=version)

    def create(self, body):
        """POST a new model; the answer names its ``model_id``. Not idempotent: see WriteProtocol.create_once."""
        response = self.client.call("POST", "models", body=body)
        answer = expect_object(response, "an import answer (a JSON object)")
        model_id = answer.get("model_id")
        if model_id is not None:
            try:
                check_id("model_id", model_id, MODEL_ID)
            except ModelArtsConfigError:
                raise ModelArtsResponseError(response, "an import answer with a model id (letters, digits, '-', '_')",
                                             "model_id %s" % repr(model_id)[:80]) from None
        return response

    def delete(self, model_id):
        """DELETE one model. The API answers 200 even when it deletes nothing: a model listed in
        ``delete_failed_list`` was not deleted, and that is a ModelArtsDeleteRefused."""
        response = self.client.call("DELETE", "models", check_id("model_id", model_id, MODEL_ID))
        answer = expect_object(response, "a delete answer (a JSON object)")
        failed = answer.get("delete_failed_list") or []
        if not isinstance(failed, list) or not all(isinstance(item, dict) for item in failed):
            raise ModelArtsResponseError(response, "a delete answer with a list of objects under 'delete_failed_list'",
                                         "delete_failed_list %s" % repr(failed)[:80])
        if failed:
            raise ModelArtsDeleteRefused(self._refusal(model_id, failed), failed)
        return response

    def services_using(self, model_id):
        """The services whose configuration uses the model (``GET /services?model_id=``)."""
        return self.client.all_pages(("services",), "services", [("model_id", model_id), ("sort_by", "publish_at"), ("order", "asc")],
                                     identity=field("service_id"), item_strings=("service_id",))

    def _refusal(self, model_id, failed):
        reasons = []
        in_use = False
        for item in failed:
            code = item.get("error_code") or "no error code"
            text = item.get("error_msg") or item.get("error_message") or "no reason given"
            reasons.append("%s: %s %s" % (item.get("model_id", model_id), code, text))
            in_use = in_use or code == MODEL_IN_USE
        message = "ModelArts did not delete model %s (HTTP 200 with delete_failed_list: %s)." % (model_id, "; ".join(reasons))
        if in_use:
            try:
                services = self.services_using(model_id)
            except ModelArtsError as error:
                return message + " A service uses it (listing the services failed: %s)." % error
            if services:
                message += " It is used by %s; delete %s or move %s to another model first." % (
                    ", ".join("service %r (%s)" % (s.get("service_name", "?"), s["service_id"]) for s in services),
                    "it" if len(services) == 1 else "them", "it" if len(services) == 1 else "them")
            else:
                message += " A service uses it; delete that service or move it to another model first."
        return message
