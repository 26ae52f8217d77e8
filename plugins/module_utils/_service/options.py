# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The options of modelarts_service, here so that modelarts_fleet validates each of its items with
exactly the same argument spec (a module cannot import another module).

The body's options come from the one description of the body (``schema.SERVICE_BODY``), and ``tags``
from that of the tag call's body (``schema.SERVICE_TAGS_BODY``); the rest are the module's own: the
inference type and network fields a service is created with, and its state.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.schema import SERVICE_BODY, SERVICE_TAGS_BODY
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.lifecycle import STATES

SERVICE_OPTIONS = dict(
    SERVICE_BODY.options(),
    **SERVICE_TAGS_BODY.options(),
    infer_type=dict(type="str", choices=["real-time", "batch", "edge"], default="real-time"),
    state=dict(type="str", choices=list(STATES), default="present"),
    workspace_id=dict(type="str"),
    vpc_id=dict(type="str"),
    subnet_network_id=dict(type="str"),
    security_group_id=dict(type="str"),
    cluster_id=dict(type="str"),
    pool_name=dict(type="str"),
    check_specification=dict(type="bool", default=False),
)
