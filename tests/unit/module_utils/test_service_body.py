# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The service body is described once (``_service/schema.py``); what is derived from that description
is exactly what the collection had written out by hand before: the ``_types`` schema that compare,
normalise and the patch checks read, and modelarts_service's argument spec that its docs describe."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service import schema
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.options import SERVICE_OPTIONS
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import ANY, BOOL, DECIMAL2, FLOAT, INT, STRING

CUSTOM_SPEC = {"gpu_p4": DECIMAL2, "memory": INT, "cpu": DECIMAL2, "ascend_a310": INT}
PERSISTENT_VOLUME = {
    "name": STRING,
    "mount_path": STRING,
    "storage_type": STRING,
    "source_address": STRING,
    "storage_type_text": STRING,
}
MODEL_ADDITIONAL_PROPERTIES = {
    "log_volume": [{"host_path": STRING, "mount_path": STRING}],
    "max_surge": FLOAT,
    "max_unavailable": FLOAT,
    "termination_grace_period_seconds": INT,
    "persistent_volumes": [PERSISTENT_VOLUME],
}
SERVICE_CONFIG = {
    "model_id": STRING,
    "specification": STRING,
    "weight": INT,
    "instance_count": INT,
    "envs": {"*": STRING},
    "custom_spec": CUSTOM_SPEC,
    "deploy_timeout_in_seconds": INT,
    "cluster_id": STRING,
    "pool_name": STRING,
    "src_path": STRING,
    "dest_path": STRING,
    "req_uri": STRING,
    "mapping_type": STRING,
    "mapping_rule": ANY,
    "src_type": STRING,
    "nodes": [STRING],
    "additional_properties": MODEL_ADDITIONAL_PROPERTIES,
    "affinity": ANY,
}
SCHEDULE = [{"duration": INT, "time_unit": STRING, "type": STRING}]
SERVICE_ADDITIONAL_PROPERTIES = {
    "smn_notification": {"topic_urn": STRING, "events": [INT]},
    "log_report_channels": [{"type": STRING, "configuration": {"log_group_id": STRING, "log_stream_id": STRING}}],
    "websocket_upgrade": BOOL,
}
SERVICE = {
    "description": STRING,
    "schedule": SCHEDULE,
    "config": [SERVICE_CONFIG],
    "additional_properties": SERVICE_ADDITIONAL_PROPERTIES,
    "load_balancer_policy": STRING,
    "priority": INT,
    "service_secrets": [ANY],
    "status": STRING,
}


def _options(**spec):
    return dict(type="dict", options=spec)


def _list_of(**spec):
    return dict(type="list", elements="dict", options=spec)


MODELARTS_SERVICE_OPTIONS = dict(
    infer_type=dict(type="str", choices=["real-time", "batch", "edge"], default="real-time"),
    description=dict(type="str"),
    schedule=_list_of(
        duration=dict(type="int", required=True),
        time_unit=dict(type="str", required=True, choices=["DAYS", "HOURS", "MINUTES"]),
        type=dict(type="str", required=True, choices=["stop"]),
    ),
    additional_properties=_options(
        smn_notification=_options(
            topic_urn=dict(type="str", required=True),
            events=dict(type="list", elements="int", required=True, choices=[1, 3, 7, 11]),
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
        affinity=dict(type="dict"),
    ),
    load_balancer_policy=dict(type="str", choices=["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP"]),
    priority=dict(type="int", choices=[1, 2, 3]),
    service_secrets=dict(type="list", elements="dict", no_log=True),
    tags=dict(type="list", elements="dict", options=dict(key=dict(type="str", required=True, no_log=False), value=dict(type="str"))),
    state=dict(type="str", choices=["present", "running", "stopped", "absent"], default="present"),
    workspace_id=dict(type="str"),
    vpc_id=dict(type="str"),
    subnet_network_id=dict(type="str"),
    security_group_id=dict(type="str"),
    cluster_id=dict(type="str"),
    pool_name=dict(type="str"),
    check_specification=dict(type="bool", default=False),
)


def test_the_schema_of_the_service_body_is_the_update_service_page_typing():
    assert schema.SERVICE == SERVICE
    assert schema.SERVICE_CONFIG == SERVICE_CONFIG
    assert schema.CUSTOM_SPEC == CUSTOM_SPEC
    assert schema.PERSISTENT_VOLUME == PERSISTENT_VOLUME
    assert schema.MODEL_ADDITIONAL_PROPERTIES == MODEL_ADDITIONAL_PROPERTIES
    assert schema.SCHEDULE == SCHEDULE
    assert schema.SERVICE_ADDITIONAL_PROPERTIES == SERVICE_ADDITIONAL_PROPERTIES


def test_modelarts_service_takes_the_options_its_docs_describe():
    assert SERVICE_OPTIONS == MODELARTS_SERVICE_OPTIONS
