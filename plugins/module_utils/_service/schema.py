# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The writable parts of a ModelArts service, typed as in the API reference's tables.

Written in the schema language of ``_types``. Read-only fields the server adds (``model_name``,
per-model ``status``, ...) are absent, and so never compared.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import ANY, BOOL, DECIMAL2, FLOAT, INT, STRING

# Seed 004, Table 6.
CUSTOM_SPEC = {"gpu_p4": DECIMAL2, "memory": INT, "cpu": DECIMAL2, "ascend_a310": INT}

# Seed 004, Table 9, plus the members the PATCH seed's example request sends for an OBS mount.
PERSISTENT_VOLUME = {
    "name": STRING,
    "mount_path": STRING,
    "storage_type": STRING,
    "source_address": STRING,
    "storage_type_text": STRING,
}

# Seed 004, Tables 7-8.
MODEL_ADDITIONAL_PROPERTIES = {
    "log_volume": [{"host_path": STRING, "mount_path": STRING}],
    "max_surge": FLOAT,
    "max_unavailable": FLOAT,
    "termination_grace_period_seconds": INT,
    "persistent_volumes": [PERSISTENT_VOLUME],
}

# Seed 004, Table 5.
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

# Seed 004, Table 4.
SCHEDULE = [{"duration": INT, "time_unit": STRING, "type": STRING}]

# Seed 004, Tables 10-13.
SERVICE_ADDITIONAL_PROPERTIES = {
    "smn_notification": {"topic_urn": STRING, "events": [INT]},
    "log_report_channels": [{"type": STRING, "configuration": {"log_group_id": STRING, "log_stream_id": STRING}}],
    "websocket_upgrade": BOOL,
}

# Seed 004, Table 3.
SERVICE = {
    "description": STRING,
    "schedule": SCHEDULE,
    "config": [SERVICE_CONFIG],
    "additional_properties": SERVICE_ADDITIONAL_PROPERTIES,
    "status": STRING,
}

TIME_UNITS = ("DAYS", "HOURS", "MINUTES")
SMN_EVENTS = (1, 3, 7, 11)
