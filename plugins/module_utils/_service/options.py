# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The options of modelarts_service, here so that modelarts_fleet validates each of its items with
exactly the same argument spec (a module cannot import another module)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.schema import SMN_EVENTS, TIME_UNITS
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.lifecycle import STATES


def _options(**spec):
    return dict(type="dict", options=spec)


def _list_of(**spec):
    return dict(type="list", elements="dict", options=spec)


SERVICE_OPTIONS = dict(
    infer_type=dict(type="str", choices=["real-time", "batch", "edge"], default="real-time"),
    description=dict(type="str"),
    schedule=_list_of(
        duration=dict(type="int", required=True),
        time_unit=dict(type="str", required=True, choices=list(TIME_UNITS)),
        type=dict(type="str", required=True, choices=["stop"]),
    ),
    additional_properties=_options(
        smn_notification=_options(
            topic_urn=dict(type="str", required=True),
            events=dict(type="list", elements="int", required=True, choices=list(SMN_EVENTS)),
        ),
        log_report_channels=_list_of(
            type=dict(type="str", required=True, choices=["LTS"]),
            configuration=_options(
                log_group_id=dict(type="str", required=True),
                log_stream_id=dict(type="str", required=True),
            ),
        ),
        websocket_upgrade=dict(type="bool"),
    ),
    config=_list_of(
        model_id=dict(type="str", required=True),
        specification=dict(type="str"),
        weight=dict(type="int"),
        instance_count=dict(type="int"),
        envs=dict(type="dict"),
        custom_spec=_options(
            cpu=dict(type="float", required=True),
            memory=dict(type="int", required=True),
            gpu_p4=dict(type="float"),
            ascend_a310=dict(type="int"),
        ),
        deploy_timeout_in_seconds=dict(type="int"),
        cluster_id=dict(type="str"),
        pool_name=dict(type="str"),
        src_path=dict(type="str"),
        dest_path=dict(type="str"),
        req_uri=dict(type="str"),
        mapping_type=dict(type="str", choices=["file", "csv"]),
        mapping_rule=dict(type="dict"),
        src_type=dict(type="str"),
        nodes=dict(type="list", elements="str"),
        additional_properties=_options(
            log_volume=_list_of(
                host_path=dict(type="str", required=True),
                mount_path=dict(type="str", required=True),
            ),
            max_surge=dict(type="float"),
            max_unavailable=dict(type="float"),
            termination_grace_period_seconds=dict(type="int"),
            persistent_volumes=_list_of(
                name=dict(type="str"),
                mount_path=dict(type="str", required=True),
                storage_type=dict(type="str"),
                source_address=dict(type="str"),
                storage_type_text=dict(type="str"),
            ),
        ),
    ),
    state=dict(type="str", choices=list(STATES), default="present"),
    workspace_id=dict(type="str"),
    vpc_id=dict(type="str"),
    subnet_network_id=dict(type="str"),
    security_group_id=dict(type="str"),
    cluster_id=dict(type="str"),
)
