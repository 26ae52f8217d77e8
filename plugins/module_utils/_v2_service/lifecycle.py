# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""modelarts_v2_service's options and its one entry, ``run_v2_service(run)``: the options checked before
any request, then the ResourceStateMachine driving the V2ServiceAdapter."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import ResourceStateMachine
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.api import V2ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.flow import V2ServiceAdapter
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.rules import STATES, check_service_options
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.schema import body_from_params, body_options
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import WAIT_OPTIONS

V2_SERVICE_OPTIONS = dict(
    body_options(),
    service_id=dict(type="str"),
    state=dict(type="str", choices=list(STATES), default="present"),
    **WAIT_OPTIONS
)

# AnsibleModule rules of modelarts_v2_service (module_args(V2_SERVICE_OPTIONS, **V2_SERVICE_RULES)).
V2_SERVICE_RULES = dict(required_one_of=[("service_id", "name")])


def run_v2_service(run):
    """modelarts_v2_service: the result dict, or a ModelArtsError (``_module.execute`` makes it the failure)."""
    body = body_from_params(run.params)
    check_service_options(run.params, body)
    adapter = V2ServiceAdapter(run, V2ServiceApi(run.client, register_secret=run.module.no_log_values.add), body)
    return ResourceStateMachine(run.module, adapter).run()
