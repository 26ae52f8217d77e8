# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The writable parts of a ModelArts service, typed as the API reference page UpdateService types them.

Written in the schema language of ``_types``. Read-only fields the server adds (``model_name``,
per-model ``status``, ...) are absent, and so never compared.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import ANY, BOOL, DECIMAL2, FLOAT, INT, STRING

# UpdateService, CustomSpec.
CUSTOM_SPEC = {"gpu_p4": DECIMAL2, "memory": INT, "cpu": DECIMAL2, "ascend_a310": INT}

# UpdateService, persistent_volumes, plus the members the PatchServiceV2 page's example request sends for an OBS mount.
PERSISTENT_VOLUME = {
    "name": STRING,
    "mount_path": STRING,
    "storage_type": STRING,
    "source_address": STRING,
    "storage_type_text": STRING,
}

# UpdateService, ModelAdditionalProperties and log_volume.
MODEL_ADDITIONAL_PROPERTIES = {
    "log_volume": [{"host_path": STRING, "mount_path": STRING}],
    "max_surge": FLOAT,
    "max_unavailable": FLOAT,
    "termination_grace_period_seconds": INT,
    "persistent_volumes": [PERSISTENT_VOLUME],
}

# UpdateService, ServiceConfig.
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
}

BATCH_ONLY_CONFIG_FIELDS = ("src_path", "dest_path", "req_uri", "mapping_type", "mapping_rule", "src_type")
EDGE_ONLY_CONFIG_FIELDS = ("nodes",)

# UpdateService, Schedule.
SCHEDULE = [{"duration": INT, "time_unit": STRING, "type": STRING}]

# UpdateService, ServiceAdditionalProperties, SmnNotification, LogReportPipeline and LtsConfiguration.
SERVICE_ADDITIONAL_PROPERTIES = {
    "smn_notification": {"topic_urn": STRING, "events": [INT]},
    "log_report_channels": [{"type": STRING, "configuration": {"log_group_id": STRING, "log_stream_id": STRING}}],
    "websocket_upgrade": BOOL,
}

# UpdateService, the request body.
SERVICE = {
    "description": STRING,
    "schedule": SCHEDULE,
    "config": [SERVICE_CONFIG],
    "additional_properties": SERVICE_ADDITIONAL_PROPERTIES,
    "status": STRING,
}

TIME_UNITS = ("DAYS", "HOURS", "MINUTES")
SMN_EVENTS = (1, 3, 7, 11)
