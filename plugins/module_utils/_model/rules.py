# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The documented rules of Importing a Model (CreateModel), checked before any request.

Every failure names the option and the rule; nothing here sends anything.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import check_id
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.api import MODEL_ID
from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.schema import (
    BODY_SCHEMA,
    OPTION_NAMES,
    TEMPLATE_TYPE,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import input_errors, type_errors
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import check_wait_options

# CreateModel, model_name: 1 to 64 letters, digits, hyphens and underscores.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# CreateModel, model_version: Digit.Digit.Digit, each part at most 99, none starting with 0
# ("01.01.01 is not allowed"). The page says [1, 99], but its own examples are 1.0.0, so a lone 0 is allowed.
_VERSION_PART = r"(0|[1-9][0-9]?)"
VERSION_PATTERN = re.compile(r"^%s\.%s\.%s$" % (_VERSION_PART, _VERSION_PART, _VERSION_PART))
# CreateModel, description: at most 100 characters, none of &!'"<>=.
DESCRIPTION_MAX = 100
FORBIDDEN = "&!'\"<>="
# CreateModel, model_algorithm: starts with a letter, at most 36 characters, none of &!'"<>=.
ALGORITHM_MAX = 36
# CreateModel, doc: doc_name starts with a letter, 1 to 48 letters, digits, hyphens and underscores.
DOC_NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,47}$")
MODEL_DOCS_MAX = 3
STATES = ("present", "absent")


def fail(message):
    raise ModelArtsConfigError(message)


def check_name(name):
    if not NAME_PATTERN.fullmatch(name):
        fail("name must be 1 to 64 letters, digits, hyphens (-) or underscores (_), got %r." % name)


def check_version(version):
    if not VERSION_PATTERN.fullmatch(version):
        fail("version must be three numbers X.Y.Z, each 0 to 99 without a leading zero (for example 1.0.0; "
             "01.0.0 is refused), got %r." % version)


def _forbidden(option, text):
    bad = sorted(set(c for c in text if c in FORBIDDEN))
    if bad:
        fail("%s must not contain any of %s; it contains %s." % (option, FORBIDDEN, "".join(bad)))


def check_types(body):
    """Each field the task sets has its documented type (and no null in a free-form map)."""
    errors = []
    for key, value in body.items():
        where = OPTION_NAMES.get(key, key)
        errors.extend(input_errors(value, BODY_SCHEMA[key], where))
        errors.extend(type_errors(value, BODY_SCHEMA[key], where))
    if errors:
        fail("; ".join(errors) + ".")


def check_body(body):
    """Every documented rule of the import body (``body`` holds only the fields the task sets)."""
    check_types(body)
    check_name(body["model_name"])
    check_version(body["model_version"])
    model_type = body.get("model_type")
    if model_type is None:
        fail("model_type is required to import a model (one of the documented types, for example TensorFlow or Image).")
    if model_type == TEMPLATE_TYPE:
        if not body.get("template"):
            fail("template is required when model_type is Template.")
    elif not body.get("source_location"):
        fail("source_location is required to import a model unless model_type is Template (the OBS path of the model, "
             "or the SWR image for model_type Image).")
    description = body.get("description")
    if description is not None:
        if len(description) > DESCRIPTION_MAX:
            fail("description may have at most %d characters, it has %d." % (DESCRIPTION_MAX, len(description)))
        _forbidden("description", description)
    algorithm = body.get("model_algorithm")
    if algorithm is not None:
        if not algorithm[:1].isalpha() or len(algorithm) > ALGORITHM_MAX:
            fail("model_algorithm must start with a letter and have at most %d characters, got %r." % (ALGORITHM_MAX, algorithm))
        _forbidden("model_algorithm", algorithm)
    docs = body.get("model_docs") or []
    if len(docs) > MODEL_DOCS_MAX:
        fail("model_docs may list at most %d documents, it lists %d." % (MODEL_DOCS_MAX, len(docs)))
    for index, doc in enumerate(docs):
        if not DOC_NAME_PATTERN.fullmatch(doc.get("doc_name") or ""):
            fail("model_docs[%d].doc_name must start with a letter and have 1 to 48 letters, digits, hyphens (-) or "
                 "underscores (_), got %r." % (index, doc.get("doc_name")))
    for index, dependency in enumerate(body.get("dependencies") or []):
        for position, package in enumerate(dependency.get("packages") or []):
            where = "dependencies[%d].packages[%d]" % (index, position)
            if package.get("package_version") and not package.get("restraint"):
                fail("%s.restraint is required when %s.package_version is set (EXACT, ATLEAST or ATMOST)." % (where, where))
            for key in ("package_name", "package_version"):
                if package.get(key):
                    _forbidden("%s.%s" % (where, key), package[key])


def check_model_options(params, body):
    """The rules that need no request: identity, state, waiting, and the body when a model may be imported."""
    state = params.get("state") or "present"
    if state not in STATES:
        fail("state must be one of %s, got %s." % (", ".join(STATES), state))
    check_wait_options(params)
    if params.get("model_id"):
        check_id("model_id", params["model_id"], MODEL_ID)
        # The model exists or the task fails: what it sets is only compared, but must still be well-typed.
        check_types(body)
        return
    if not params.get("name") or not params.get("version"):
        fail("name and version identify a model: give both, or model_id.")
    check_name(params["name"])
    check_version(params["version"])
    if state == "present":
        check_body(body)
