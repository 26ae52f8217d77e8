# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The writable parts of a ModelArts service, typed as the API reference page UpdateService types them.

Described once in the ``_fields`` language (``SERVICE_BODY``): the ``_types`` schemas below (compared,
normalised, checked) and modelarts_service's body options (``options.py``) are both derived from it.
Read-only fields the server adds (``model_name``, per-model ``status``, ...) are absent, and so never compared.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._fields import free_form, list_of, map_of, obj, scalar
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import BOOL, DECIMAL2, FLOAT, INT, STRING

TIME_UNITS = ("DAYS", "HOURS", "MINUTES")
SMN_EVENTS = (1, 3, 7, 11)
BATCH_ONLY_CONFIG_FIELDS = ("src_path", "dest_path", "req_uri", "mapping_type", "mapping_rule", "src_type")
EDGE_ONLY_CONFIG_FIELDS = ("nodes",)
# CreateService/UpdateService load_balancer_policy (real-time services only).
LOAD_BALANCER_POLICIES = ("ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP")
# CreateService/UpdateService priority: 1 to 3 (real-time and batch services).
PRIORITIES = (1, 2, 3)

# UpdateService, CustomSpec.
CUSTOM_SPEC_FIELD = obj(dict(
    gpu_p4=scalar(DECIMAL2),
    memory=scalar(INT, required=True),
    cpu=scalar(DECIMAL2, required=True),
    ascend_a310=scalar(INT),
))

# UpdateService, persistent_volumes, plus the members the PatchServiceV2 page's example request sends for an OBS mount.
PERSISTENT_VOLUME_FIELD = obj(dict(
    name=scalar(STRING),
    mount_path=scalar(STRING, required=True),
    storage_type=scalar(STRING),
    source_address=scalar(STRING),
    storage_type_text=scalar(STRING),
))

# UpdateService, ModelAdditionalProperties and log_volume.
MODEL_ADDITIONAL_PROPERTIES_FIELD = obj(dict(
    log_volume=list_of(obj(dict(host_path=scalar(STRING, required=True), mount_path=scalar(STRING, required=True)))),
    max_surge=scalar(FLOAT),
    max_unavailable=scalar(FLOAT),
    termination_grace_period_seconds=scalar(INT),
    persistent_volumes=list_of(PERSISTENT_VOLUME_FIELD),
))

# UpdateService, ServiceConfig.
SERVICE_CONFIG_FIELD = obj(dict(
    model_id=scalar(STRING, required=True),
    specification=scalar(STRING),
    weight=scalar(INT),
    instance_count=scalar(INT),
    envs=map_of(STRING),
    custom_spec=CUSTOM_SPEC_FIELD,
    deploy_timeout_in_seconds=scalar(INT),
    cluster_id=scalar(STRING),
    pool_name=scalar(STRING),
    src_path=scalar(STRING),
    dest_path=scalar(STRING),
    req_uri=scalar(STRING),
    mapping_type=scalar(STRING, choices=["file", "csv"]),
    mapping_rule=free_form(),
    src_type=scalar(STRING),
    nodes=list_of(scalar(STRING)),
    additional_properties=MODEL_ADDITIONAL_PROPERTIES_FIELD,
    # CreateService/UpdateService ServiceConfig affinity: an object; its members are passed as given.
    affinity=free_form(),
))

# UpdateService, Schedule.
SCHEDULE_FIELD = list_of(obj(dict(
    duration=scalar(INT, required=True),
    time_unit=scalar(STRING, required=True, choices=TIME_UNITS),
    type=scalar(STRING, required=True, choices=["stop"]),
)))

# UpdateService, ServiceAdditionalProperties, SmnNotification, LogReportPipeline and LtsConfiguration.
SERVICE_ADDITIONAL_PROPERTIES_FIELD = obj(dict(
    smn_notification=obj(dict(
        topic_urn=scalar(STRING, required=True),
        events=list_of(scalar(INT), required=True, choices=SMN_EVENTS),
    )),
    log_report_channels=list_of(obj(dict(
        type=scalar(STRING, required=True, choices=["LTS"]),
        configuration=obj(dict(
            log_group_id=scalar(STRING, required=True),
            log_stream_id=scalar(STRING, required=True),
        )),
    ))),
    websocket_upgrade=scalar(BOOL),
))

# UpdateService, the request body. The status is set by state, never given as an option of its own.
SERVICE_BODY = obj(dict(
    description=scalar(STRING),
    schedule=SCHEDULE_FIELD,
    config=list_of(SERVICE_CONFIG_FIELD),
    additional_properties=SERVICE_ADDITIONAL_PROPERTIES_FIELD,
    load_balancer_policy=scalar(STRING, choices=LOAD_BALANCER_POLICIES),
    priority=scalar(INT, choices=PRIORITIES),
    # An array of objects; their members are passed as given. The pages name the field but not its
    # members, so every value in it is treated as a secret: masked in output, never logged.
    service_secrets=list_of(free_form(), no_log=True),
    status=scalar(STRING, option=False),
))

# BatchCreateServiceTags ("Adding a Resource Tag"), TmsTag: the body of the tag call, whose list is modelarts_service's
# tags option (tags are not part of the PUT body).
SERVICE_TAGS_BODY = obj(dict(
    tags=list_of(obj(dict(key=scalar(STRING, required=True, no_log=False), value=scalar(STRING)))),
))

# The same, in the schema language of ``_types``.
CUSTOM_SPEC = CUSTOM_SPEC_FIELD.schema
PERSISTENT_VOLUME = PERSISTENT_VOLUME_FIELD.schema
MODEL_ADDITIONAL_PROPERTIES = MODEL_ADDITIONAL_PROPERTIES_FIELD.schema
SERVICE_CONFIG = SERVICE_CONFIG_FIELD.schema
SCHEDULE = SCHEDULE_FIELD.schema
SERVICE_ADDITIONAL_PROPERTIES = SERVICE_ADDITIONAL_PROPERTIES_FIELD.schema
SERVICE = SERVICE_BODY.schema
