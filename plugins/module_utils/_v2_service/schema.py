# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The body of CreateInferService (``POST /v2/{project_id}/services``), described once.

Written in the ``_fields`` language (``SERVICE_BODY``), typed as the SDK's request models
(ServiceCreateRequest, GroupConfig, UnitConfig, RuntimeConfigCreateRequest, ...) type each field,
with the mandatory members and the documented choices. The ``_types`` schema the body is checked
against and modelarts_v2_service's body options both derive from it. Fields only the answers
carry (``running_count``, ``version_id``, ``flavor_display_name``, ...) are left out; the ids of
an existing deployment and its units are body fields the module sets itself (``option=False``).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._fields import list_of, map_of, obj, scalar
from ansible_collections.hwcloud.modelarts.plugins.module_utils._types import BOOL, FLOAT, INT, STRING

SERVICE_TYPES = ("REAL_TIME", "ASYNC_REAL_TIME")
DEPLOY_TYPES = ("SINGLE", "MULTI")
FRAMEWORKS = ("COMMON", "VLLM", "MINDIE")
IMAGE_SOURCES = ("SWR", "IMAGE")
CHECK_METHODS = ("HTTP", "EXEC")
PROTOCOLS = ("HTTP", "HTTPS", "WS", "WSS")
ASYNC_PROTOCOLS = ("HTTP", "HTTPS")
AUTH_TYPES = ("TOKEN", "API_KEY", "NONE")
RATE_UNITS = ("SECONDS", "MINUTES")
UPGRADE_TYPES = ("ROLLING",)
LTS_STRATEGIES = ("POOL", "AUTO_CREATE", "DEFAULT")
LOG_TYPES = ("STDOUT", "EVENT", "FILE")
LOG_STATUSES = ("ON", "OFF")
SCHEDULE_TYPES = ("STOP",)
TIME_UNITS = ("MINUTES", "HOURS", "DAYS")
WORKLOAD_TYPES = ("DEPLOYMENT", "LWS")

# Mounts: ModelResource (models), Code (codes), FileInfo (files), Dump (dumps).
_MOUNT = dict(source=scalar(STRING, required=True), address=scalar(STRING), mount_path=scalar(STRING, required=True),
              efs_sub_path=scalar(STRING), read_only=scalar(BOOL))
MODEL_MOUNT = obj(dict(_MOUNT, host_cache=scalar(BOOL), os_warm_up=scalar(BOOL), source_name=scalar(STRING), asset_id=scalar(STRING)))
CODE_MOUNT = obj(dict(_MOUNT, source_id=scalar(STRING)))
FILE_MOUNT = obj(dict(_MOUNT, host_cache=scalar(BOOL), os_warm_up=scalar(BOOL), source_name=scalar(STRING)))
DUMP_MOUNT = obj(dict(source=scalar(STRING, required=True), address=scalar(STRING), mount_path=scalar(STRING, required=True)))

# Health: a readiness, startup or liveness probe.
HEALTH = obj(dict(
    check_method=scalar(STRING, choices=CHECK_METHODS),
    cmd=scalar(STRING),
    url=scalar(STRING),
    protocol=scalar(STRING),
    initial_delay_seconds=scalar(INT, required=True),
    timeout_seconds=scalar(INT, required=True),
    period_seconds=scalar(INT, required=True),
    failure_threshold=scalar(INT, required=True),
))

UNIT = obj(dict(
    id=scalar(STRING, option=False),
    name=scalar(STRING),
    role=scalar(STRING),
    custom_spec=obj(dict(gpu=scalar(FLOAT), memory=scalar(INT), cpu=scalar(FLOAT), ascend=scalar(INT), arch=scalar(STRING))),
    flavor=scalar(STRING),
    image=obj(dict(id=scalar(STRING), source=scalar(STRING, required=True, choices=IMAGE_SOURCES),
                   swr_path=scalar(STRING, required=True), category=scalar(STRING)), required=True),
    models=list_of(MODEL_MOUNT),
    codes=list_of(CODE_MOUNT),
    files=list_of(FILE_MOUNT),
    dumps=list_of(DUMP_MOUNT),
    count=scalar(INT),
    cpu_affinity=scalar(BOOL),
    cmd=scalar(STRING),
    termination_grace=obj(dict(pre_stop_cmd=scalar(STRING), termination_grace_period_seconds=scalar(INT))),
    envs=map_of(STRING),
    readiness_health=HEALTH,
    startup_health=HEALTH,
    liveness_health=HEALTH,
    port=scalar(INT),
    recovery=scalar(STRING),
    npu_reset_enable=scalar(BOOL),
    group_count=scalar(INT),
    affinity=obj(dict(affinity_type=scalar(STRING, required=True), required=scalar(BOOL, required=True),
                      selection_mode=scalar(STRING, required=True), targets=map_of(STRING, required=True))),
    security_config=obj(dict(user_id=scalar(INT), group_id=scalar(INT))),
    pool_resource_flavor=scalar(STRING),
    group_policy=obj(dict(schedule_scope=scalar(STRING))),
))

UPGRADE_CONFIG = obj(dict(
    type=scalar(STRING, choices=UPGRADE_TYPES),
    rolling_update=obj(dict(max_surge=scalar(STRING), max_unavailable=scalar(STRING))),
))

# no_log=False, as Ansible's sanity test asks of names that sound secret but hold none: the objects that hold
# secret_value (itself no_log) and the name of a key in a secret.
SERVICE_SECRET = obj(dict(
    secret_enable=scalar(BOOL),
    secret_type=scalar(STRING),
    secret_volumes=list_of(obj(dict(secret_name=scalar(STRING), secret_key=scalar(STRING, no_log=False),
                                    secret_value=scalar(STRING, no_log=True), mount_path=scalar(STRING, required=True))),
                           no_log=False),
    group_enable=scalar(BOOL),
    group_id=scalar(INT),
), no_log=False)

ADVANCED_CONFIG = obj(dict(
    deploy_timeout_minutes=scalar(INT),
    upgrade_config=UPGRADE_CONFIG,
    service_secret=SERVICE_SECRET,
    dynamic_routing_enable=scalar(BOOL),
    strategy=scalar(STRING),
    ems_enable=scalar(BOOL),
    metric_api_scheme=scalar(STRING),
    metric_api_port=scalar(STRING),
    metric_api_path=scalar(STRING),
    custom_metrics_path=scalar(STRING),
    mooncake_enable=scalar(BOOL),
    port=scalar(INT, required=True),
    protocol=scalar(STRING, required=True),
))

# GroupConfig: one deployment.
DEPLOYMENT = obj(dict(
    id=scalar(STRING, option=False),
    name=scalar(STRING, required=True),
    pool_id=scalar(STRING),
    count=scalar(INT),
    system_log_dump_enable=scalar(BOOL),
    unit_configs=list_of(UNIT, required=True),
    weight=scalar(INT, required=True),
    secret_type=scalar(STRING),
    secret_name=scalar(STRING),
    priority=scalar(INT),
    high_avail_switch=scalar(BOOL),
    schedule_strategy=scalar(STRING),
    description=scalar(STRING),
    framework=scalar(STRING, choices=FRAMEWORKS),
    mirror_traffic_enable=scalar(BOOL),
    mirror_traffic_weight=scalar(STRING),
    model=MODEL_MOUNT,
    advanced_config=ADVANCED_CONFIG,
))

SERVICE_INVOKE = obj(dict(
    port=scalar(INT, required=True),
    protocol=scalar(STRING, required=True, choices=PROTOCOLS),
    auth_type=scalar(STRING, required=True, choices=AUTH_TYPES),
    internet_access_enable=scalar(BOOL),
    intranet_approval_enable=scalar(BOOL),
    dynamic_routing_enable=scalar(BOOL),
    strategy=scalar(STRING),
    metric_api_scheme=scalar(STRING),
    metric_api_port=scalar(STRING),
    metric_api_path=scalar(STRING),
    ems_enable=scalar(BOOL),
    request_retry_enable=scalar(BOOL),
    request_retry_cnt_max=scalar(INT),
    request_retry_interval_ms=scalar(INT),
    fuse_configs=obj(dict(error_rate_fuse_enable=scalar(BOOL), error_rate_threshold=scalar(FLOAT))),
    elb_connection=obj(dict(elb_id=scalar(STRING, required=True), m_tls=scalar(BOOL), ca_cert_id=scalar(STRING),
                            server_cert_id=scalar(STRING), sni_cert_ids=list_of(scalar(STRING)))),
    custom_urls=list_of(scalar(STRING)),
))

SERVICE_LIMIT = obj(dict(
    rate_limit=obj(dict(num=scalar(INT, required=True), unit=scalar(STRING, required=True, choices=RATE_UNITS)), required=True),
    request_size_limit=scalar(INT, required=True),
    request_timeout=scalar(INT, required=True),
    ip_white_list=list_of(scalar(STRING)),
    ip_black_list=list_of(scalar(STRING)),
))

RUNTIME_CONFIG = obj(dict(
    service_invoke=obj(SERVICE_INVOKE.fields, required=True),
    service_limit=obj(SERVICE_LIMIT.fields, required=True),
    service_secret=SERVICE_SECRET,
    server_task_limit=obj(dict(max_task=scalar(INT))),
    smart_routing_enable=scalar(BOOL),
))

LOG_CONFIG = obj(dict(
    status=scalar(STRING, required=True, choices=LOG_STATUSES),
    type=scalar(STRING, required=True, choices=LOG_TYPES),
    log_group_id=scalar(STRING),
    log_stream_id=scalar(STRING),
    files=list_of(obj(dict(log_path=scalar(STRING, required=True), file_pattern=scalar(STRING, required=True)))),
))

# A tag's key is no secret (no_log=False, as for SERVICE_SECRET).
TAG = obj(dict(key=scalar(STRING, required=True, no_log=False), value=scalar(STRING)))
SCHEDULE = obj(dict(type=scalar(STRING, required=True, choices=SCHEDULE_TYPES), duration=scalar(INT, required=True),
                    time_unit=scalar(STRING, required=True, choices=TIME_UNITS)))

# ServiceCreateRequest. name, type, deploy_type, group_configs and runtime_config are mandatory in a
# create, not as options: a service given by service_id, or one to stop or delete, needs none
# (rules.py checks them). custom_metrics_path: the SDK marks it required, but neither the pages'
# examples nor Terraform send it, and the API takes a create without it; it stays optional.
SERVICE_BODY = obj(dict(
    name=scalar(STRING),
    version=scalar(STRING),
    description=scalar(STRING),
    type=scalar(STRING, choices=SERVICE_TYPES),
    deploy_type=scalar(STRING, choices=DEPLOY_TYPES),
    group_configs=list_of(DEPLOYMENT),
    runtime_config=RUNTIME_CONFIG,
    upgrade_config=UPGRADE_CONFIG,
    lts_strategy=scalar(STRING, choices=LTS_STRATEGIES),
    log_configs=list_of(LOG_CONFIG),
    tags=list_of(TAG),
    workspace_id=scalar(STRING),
    schedule=list_of(SCHEDULE),
    custom_metrics_path=scalar(STRING),
    deploy_timeout_minutes=scalar(INT),
    task_type=scalar(STRING),
    workload_type=scalar(STRING, choices=WORKLOAD_TYPES),
))

BODY_SCHEMA = SERVICE_BODY.schema

# The module's options that are body fields under another name (the API's name stays an alias).
OPTION_NAMES = {"group_configs": "deployments"}

# Fields that make a new version when they change (UpdateInferService): everything but the
# description, tags, schedule and task_type, which change the service in place.
VERSIONED = ("group_configs", "runtime_config", "upgrade_config", "log_configs", "lts_strategy", "deploy_timeout_minutes",
             "custom_metrics_path")
IN_PLACE = ("tags", "schedule", "task_type")
# Fixed once the service exists (Terraform: ForceNew); a difference fails the task.
FIXED = ("type", "deploy_type", "workspace_id", "workload_type")


def body_options():
    """modelarts_v2_service's options for the body fields, derived from SERVICE_BODY."""
    options = {}
    for api_name, spec in SERVICE_BODY.options().items():
        name = OPTION_NAMES.get(api_name, api_name)
        if name != api_name:
            spec = dict(spec, aliases=[api_name])
        options[name] = spec
    return options


def option_name(api_name):
    return OPTION_NAMES.get(api_name, api_name)


def body_from_params(params):
    """The create body the options ask for: every set field, by its API name, without the nulls
    Ansible fills in for unset suboptions."""
    body = {}
    for api_name in SERVICE_BODY.fields:
        value = without_nulls(params.get(option_name(api_name)))
        if value is not None:
            body[api_name] = value
    return body


def without_nulls(value):
    if isinstance(value, dict):
        return dict((key, without_nulls(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def only_schema(value, schema):
    """``value`` without the members ``schema`` does not know: an answer's object turned back into a body's."""
    if isinstance(schema, dict) and isinstance(value, dict):
        if "*" in schema:
            return dict(value)
        return dict((key, only_schema(item, schema[key])) for key, item in value.items() if key in schema and item is not None)
    if isinstance(schema, list) and isinstance(value, list):
        return [only_schema(item, schema[0]) for item in value]
    return value
