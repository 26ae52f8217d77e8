# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The model as a ResourceAdapter: the ResourceStateMachine drives it, the WriteProtocol sends its writes.

- Found by ``model_id``, or by name and version (a pair the API keeps unique).
- Missing: imported once (``create_once``: after an answer that may hide a landed POST the name and
  version are looked up before anything is sent again), then waited for until ``published``; an
  import that ends ``failed`` fails the task with the model's own failure text.
- Present: compared with what the task sets. A model cannot be changed in place, so a difference
  fails naming the fields and sends nothing; there is never a silent delete and re-import.
- Absent: deleted; a DELETE whose outcome is unknown is read again before it goes once more, and a
  200 that lists the model in ``delete_failed_list`` is a failure.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsError,
    ModelArtsLookupError,
    ModelArtsWaitError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import shown
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model import status as model_status
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.compare import differences
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.schema import DEFAULT_INSTALL_TYPE
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import CreatePlan, DeletePlan, ResourcePlan, RunAdapter
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import poll_until
from ansible_collections.hwcloud.modelarts.plugins.module_utils._write import Landing

RESOURCE_KEY = "model"


class ModelDiffersError(ModelArtsError):
    """An existing model differs from the task; models cannot be changed in place."""

    def __init__(self, message, fields, model):
        super(ModelDiffersError, self).__init__(message)
        self.fields = fields
        self.model = model

    def to_result(self):
        return {"differing_fields": self.fields, RESOURCE_KEY: self.model}


class ModelAdapter(RunAdapter):
    """A RunAdapter whose ``api`` is a ModelApi and ``body`` the import body the options ask for."""

    resource_key = RESOURCE_KEY

    # --- identity ---------------------------------------------------------------------------------

    @property
    def what(self):
        if self.params.get("model_id"):
            return "model %s" % self.params["model_id"]
        return "model %r %s" % (self.params["name"], self.params["version"])

    def lookup(self):
        """The models with the task's name and version, as listed."""
        return self.api.named(self.params["name"], self.params["version"])

    def find(self):
        if self.params.get("model_id"):
            model = self.api.find(self.params["model_id"])
            if model is None and not self.wants_absent():
                raise ModelArtsLookupError("No model has model_id %s in project %s; give name and version (and what to "
                                           "import) to import one." % (self.params["model_id"], self.api.project_id))
        else:
            found = self.lookup()
            if len(found) > 1:
                raise ModelArtsLookupError("%d models are %s in project %s (%s); nothing was sent. Use model_id to pick one." % (
                    len(found), self.what, self.api.project_id, ", ".join(m["model_id"] for m in found)))
            # The list shows summaries: the detail has every field to compare.
            model = self.api.find(found[0]["model_id"]) if found else None
        if (model is not None and not self.wants_absent() and self.params["wait"]
                and model_status.status_of(model) in model_status.IN_PROGRESS):
            # An import under way (a run before this one, or someone else's) is waited for, never repeated.
            model = self.wait_published(model["model_id"], model)
        return model

    def wants_absent(self):
        return self.params.get("state") == "absent"

    # --- plans ------------------------------------------------------------------------------------

    def plan_create(self):
        predicted = dict(self.body)
        predicted.setdefault("install_type", list(DEFAULT_INSTALL_TYPE))
        predicted["model_status"] = model_status.PUBLISHED if self.params["wait"] else model_status.PUBLISHING
        return CreatePlan(predicted, changed_fields=sorted(key for key in self.body))

    def plan_update(self, resource):
        model = resource
        status = model_status.status_of(model)
        if status in model_status.FAILURES:
            raise ModelArtsWaitError("%s (%s) exists but its import ended %s: %s. Delete it (state=absent) to import it again." % (
                self.what, model["model_id"], status, model_status.failure_text(model)), resource=model, resource_key=RESOURCE_KEY)
        found = differences(model, self.body)
        if found:
            fields = [option for option, _shown_value, _wanted in found]
            raise ModelDiffersError(
                "%s (%s) exists and differs from the task in %s: %s. A model cannot be changed in place, so nothing was "
                "sent; import the change under a new version, or delete this one first (state=absent)." % (
                    self.what, model["model_id"], ", ".join(fields),
                    "; ".join("%s is %s, the task sets %s" % (option, shown(has), shown(wanted)) for option, has, wanted in found)),
                fields, model)
        return ResourcePlan(changes=False)

    def plan_delete(self, resource):
        return DeletePlan(changes=True)

    # --- writes -----------------------------------------------------------------------------------

    def create(self, plan):
        name, version = self.params["name"], self.params["version"]
        model_id = self.run.protocol.create_once(
            "model %r %s" % (name, version),
            post=lambda: self.api.create(self.body),
            lookup=self.lookup,
            id_of=lambda model: model["model_id"],
            answered_id=lambda response: response.body.get("model_id"))
        if not self.params["wait"]:
            return self.api.get(model_id)
        return self.wait_published(model_id)

    def delete(self, resource, plan):
        model_id = resource["model_id"]

        def reread():
            gone = self.api.find(model_id) is None
            return Landing(True if gone else None, "model %s is gone" % model_id if gone else "model %s still exists" % model_id)

        self.run.protocol.send("delete of model %s" % model_id, lambda: self.api.delete(model_id), reread, resend=True)
        return {}

    # --- waiting ----------------------------------------------------------------------------------

    def wait_published(self, model_id, first=None):
        """Poll until the import ends: the published model, or a failure with the model's own text."""
        reads = [first] if first is not None else []

        def read():
            return reads.pop() if reads else self.api.get(model_id)

        def settled(model):
            status = model_status.status_of(model)
            if status in model_status.FAILURES:
                raise ModelArtsWaitError("The import of %s (%s) ended %s: %s. The model stays; delete it (state=absent) to import it "
                                         "again." % (self.what, model_id, status, model_status.failure_text(model).rstrip(".")),
                                         resource=model, waited=round(self.deadline.waited, 3), resource_key=RESOURCE_KEY)
            return status not in model_status.IN_PROGRESS

        model = poll_until(read, settled, self.deadline,
                           lambda model: "%s (%s) to be published: it is still %s" % (self.what, model_id, model_status.status_of(model)),
                           resource_key=RESOURCE_KEY)
        self.waited = round(self.deadline.waited, 3)
        return model

    def result(self, result, changed, resource, plan):
        if self.waited is not None:
            result["waited"] = self.waited
        return result
