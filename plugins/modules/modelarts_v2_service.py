#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: modelarts_v2_service
short_description: Create, update, start, stop and delete ModelArts new-version real-time services (v2 API)
version_added: 0.3.0
description:
  - Manages a new-version real-time service of the ModelArts v2 inference API (C(/v2/{project_id}/services)), that is the service,
    its deployment (C(group_configs) and their C(unit_configs)), its C(runtime_config), C(upgrade_config), logs, schedule
    and tags. The v1 services stay with M(hwcloud.modelarts.modelarts_service).
  - The service is identified by O(name) (unique in a project until deleted) or O(service_id). The other options are the
    body fields of C(POST /v2/{project_id}/services) (CreateInferService) by their API names (O(deployments) is
    C(group_configs)), typed as the official SDK's request models type them. Their documented rules are checked before
    any request.
  - When no service has the name, the module creates it and, with O(wait), polls C(GET /v2/{project_id}/services/{service_id})
    until the service and its deployment settle. C(FAILED) or C(ERROR) fails the task with the server's C(failure_reason)
    (with C(changed=true), since the service exists).
  - When the service exists, what the task sets is compared with what C(GET) shows of the current version, after normalising
    what the server adds (ids, statuses, defaults, members the task left out). No difference, no write. A changed
    configuration is sent with C(PUT /v2/{project_id}/services/{service_id}) as a new version (the API does not change a
    version in place); the version is O(version) when given, else the current version with its last part raised by one. The PUT carries
    the service's current values of the fields it sends with the task's over them, and the deployment's and units' ids,
    so the deployment is updated, not replaced. The description alone edits the current version; tags, schedule and
    task type change in place. O(type), O(deploy_type), O(workspace_id) and O(workload_type) cannot change, and a difference
    fails the task and sends nothing.
  - O(state=running) and O(state=stopped) start and stop the service (C(POST .../start), C(POST .../stop)).
  - Never two services. The create API has no idempotency key, so when a C(POST) ends without a clear answer (no answer,
    a 5xx, a success whose body is not a service) the name is looked up before anything is sent again; after a create the
    name is looked up once more, and a second service fails the task naming both ids. Every other write whose outcome is
    unknown is read back before the task reports it, and never sent twice.
author:
  - hwcloud.modelarts developers (@hwcloud)
extends_documentation_fragment:
  - hwcloud.modelarts.connection
  - hwcloud.modelarts.attributes
attributes:
  check_mode:
    support: full
    details: Reads only; the result predicts the service after the change (or V({}) after a delete).
  diff_mode:
    support: full
    details: C(before) is the service as C(GET) shows it (V({}) for a create) and C(after) the predicted service.
options:
  name:
    description: &id001
    - Name of the service, 1 to 64 letters, digits, hyphens (V(-)) or underscores (V(_)); unique in the project until deleted.
    - Required unless O(service_id) is given; a service cannot be renamed.
    type: str
  version:
    description:
    - Version of the configuration, C(X.Y.Z) from V(1.0.0) to V(99.99.99) (at most 8 characters); the server's default on create is V(1.0.0).
    - 'A changed configuration is a new version, which must not exist yet: give one, or leave it out to have the current version''s last
      part raised by one (V(1.0.0) to V(1.0.1)).'
    type: str
  description:
    description: &id013
    - Description of the current version, at most 512 characters, without V(<) or V(>). Changed alone, it edits the current version in
      place (no new version).
    type: str
  type:
    description: &id014
    - 'Service type: V(REAL_TIME) or V(ASYNC_REAL_TIME). Required to create; cannot change.'
    type: str
    choices:
    - REAL_TIME
    - ASYNC_REAL_TIME
  deploy_type:
    description:
    - 'V(SINGLE) (one node: exactly one unit) or V(MULTI). Required to create; cannot change.'
    type: str
    choices:
    - SINGLE
    - MULTI
  deployments:
    description:
    - 'The service''s deployment (C(group_configs)): at most one, as create and update take one. Required to create.'
    - Its entries mirror the API's C(group_configs); only members the task sets are compared, and an update keeps the members it does
      not set.
    type: list
    elements: dict
    aliases:
    - group_configs
    suboptions:
      name:
        description: *id001
        type: str
        required: true
      pool_id:
        description:
        - ID of the resource pool the deployment runs in.
        type: str
      count:
        description: &id005
        - Instances, 1 to 128.
        type: int
      system_log_dump_enable:
        description:
        - C(system_log_dump_enable) of the API's body (see the API reference).
        type: bool
      unit_configs:
        description:
        - The containers of the deployment (C(unit_configs)); exactly one when O(deploy_type=SINGLE).
        type: list
        elements: dict
        required: true
        suboptions:
          name:
            description: *id001
            type: str
          role:
            description:
            - C(role) of the API's body (see the API reference).
            type: str
          custom_spec:
            description:
            - Custom resources instead of a flavor.
            type: dict
            suboptions:
              gpu:
                description:
                - C(gpu) of the API's body (see the API reference).
                type: float
              memory:
                description:
                - C(memory) of the API's body (see the API reference).
                type: int
              cpu:
                description:
                - C(cpu) of the API's body (see the API reference).
                type: float
              ascend:
                description:
                - C(ascend) of the API's body (see the API reference).
                type: int
              arch:
                description:
                - C(arch) of the API's body (see the API reference).
                type: str
          flavor:
            description:
            - Resource flavor; a unit takes O(deployments[].unit_configs[].flavor) or O(deployments[].unit_configs[].custom_spec), not
              both.
            type: str
          image:
            description:
            - The unit's image.
            type: dict
            required: true
            suboptions:
              id:
                description:
                - C(id) of the API's body (see the API reference).
                type: str
              source:
                description: &id002
                - 'Source: V(SWR) or V(IMAGE) for an image; for a mount, the storage type (for example V(OBS), V(SFS_TURBO), V(EFS)).'
                type: str
                required: true
                choices:
                - SWR
                - IMAGE
              swr_path:
                description:
                - SWR path of the image, for example C(swr.cn-north-4.myhuaweicloud.com/org/image:1.0.0).
                type: str
                required: true
              category:
                description:
                - C(category) of the API's body (see the API reference).
                type: str
          models:
            description:
            - Model mounts (deprecated by the API in favour of C(files)).
            type: list
            elements: dict
            suboptions:
              source:
                description: *id002
                type: str
                required: true
              address:
                description: &id003
                - Address of the storage (an OBS path, say).
                type: str
              mount_path:
                description: &id004
                - Path in the container.
                type: str
                required: true
              efs_sub_path:
                description:
                - C(efs_sub_path) of the API's body (see the API reference).
                type: str
              read_only:
                description:
                - C(read_only) of the API's body (see the API reference).
                type: bool
              host_cache:
                description:
                - C(host_cache) of the API's body (see the API reference).
                type: bool
              os_warm_up:
                description:
                - C(os_warm_up) of the API's body (see the API reference).
                type: bool
              source_name:
                description:
                - C(source_name) of the API's body (see the API reference).
                type: str
              asset_id:
                description:
                - C(asset_id) of the API's body (see the API reference).
                type: str
          codes:
            description:
            - Code mounts (deprecated by the API in favour of C(files)).
            type: list
            elements: dict
            suboptions:
              source:
                description: *id002
                type: str
                required: true
              address:
                description: *id003
                type: str
              mount_path:
                description: *id004
                type: str
                required: true
              efs_sub_path:
                description:
                - C(efs_sub_path) of the API's body (see the API reference).
                type: str
              read_only:
                description:
                - C(read_only) of the API's body (see the API reference).
                type: bool
              source_id:
                description:
                - C(source_id) of the API's body (see the API reference).
                type: str
          files:
            description: &id021
            - Mounted files (an OBS or SFS path at C(mount_path)); for a log configuration, the files to collect.
            type: list
            elements: dict
            suboptions:
              source:
                description: *id002
                type: str
                required: true
              address:
                description: *id003
                type: str
              mount_path:
                description: *id004
                type: str
                required: true
              efs_sub_path:
                description:
                - C(efs_sub_path) of the API's body (see the API reference).
                type: str
              read_only:
                description:
                - C(read_only) of the API's body (see the API reference).
                type: bool
              host_cache:
                description:
                - C(host_cache) of the API's body (see the API reference).
                type: bool
              os_warm_up:
                description:
                - C(os_warm_up) of the API's body (see the API reference).
                type: bool
              source_name:
                description:
                - C(source_name) of the API's body (see the API reference).
                type: str
          dumps:
            description:
            - C(dumps) of the API's body (see the API reference).
            type: list
            elements: dict
            suboptions:
              source:
                description: *id002
                type: str
                required: true
              address:
                description: *id003
                type: str
              mount_path:
                description: *id004
                type: str
                required: true
          count:
            description: *id005
            type: int
          cpu_affinity:
            description:
            - C(cpu_affinity) of the API's body (see the API reference).
            type: bool
          cmd:
            description: &id006
            - 'Command the container runs (for a probe: the command of an V(EXEC) check).'
            type: str
          termination_grace:
            description:
            - C(termination_grace) of the API's body (see the API reference).
            type: dict
            suboptions:
              pre_stop_cmd:
                description:
                - C(pre_stop_cmd) of the API's body (see the API reference).
                type: str
              termination_grace_period_seconds:
                description:
                - C(termination_grace_period_seconds) of the API's body (see the API reference).
                type: int
          envs:
            description:
            - Environment variables.
            type: dict
          readiness_health:
            description:
            - Readiness probe.
            type: dict
            suboptions:
              check_method:
                description: &id007
                - V(HTTP) (with C(url)) or V(EXEC) (with C(cmd)).
                type: str
                choices: &id008
                - HTTP
                - EXEC
              cmd:
                description: *id006
                type: str
              url:
                description:
                - C(url) of the API's body (see the API reference).
                type: str
              protocol:
                description:
                - C(protocol) of the API's body (see the API reference).
                type: str
              initial_delay_seconds:
                description: &id009
                - Seconds before the first check, at least 1.
                type: int
                required: true
              timeout_seconds:
                description: &id010
                - Seconds a check may take, at least 1.
                type: int
                required: true
              period_seconds:
                description: &id011
                - Seconds between checks, at least 1.
                type: int
                required: true
              failure_threshold:
                description: &id012
                - Failed checks in a row that count as unhealthy, at least 1.
                type: int
                required: true
          startup_health:
            description:
            - Startup probe.
            type: dict
            suboptions:
              check_method:
                description: *id007
                type: str
                choices: *id008
              cmd:
                description: *id006
                type: str
              url:
                description:
                - C(url) of the API's body (see the API reference).
                type: str
              protocol:
                description:
                - C(protocol) of the API's body (see the API reference).
                type: str
              initial_delay_seconds:
                description: *id009
                type: int
                required: true
              timeout_seconds:
                description: *id010
                type: int
                required: true
              period_seconds:
                description: *id011
                type: int
                required: true
              failure_threshold:
                description: *id012
                type: int
                required: true
          liveness_health:
            description:
            - Liveness probe.
            type: dict
            suboptions:
              check_method:
                description: *id007
                type: str
                choices: *id008
              cmd:
                description: *id006
                type: str
              url:
                description:
                - C(url) of the API's body (see the API reference).
                type: str
              protocol:
                description:
                - C(protocol) of the API's body (see the API reference).
                type: str
              initial_delay_seconds:
                description: *id009
                type: int
                required: true
              timeout_seconds:
                description: *id010
                type: int
                required: true
              period_seconds:
                description: *id011
                type: int
                required: true
              failure_threshold:
                description: *id012
                type: int
                required: true
          port:
            description: &id015
            - Port, 1 to 65535.
            type: int
          recovery:
            description:
            - C(recovery) of the API's body (see the API reference).
            type: str
          npu_reset_enable:
            description:
            - C(npu_reset_enable) of the API's body (see the API reference).
            type: bool
          group_count:
            description:
            - C(group_count) of the API's body (see the API reference).
            type: int
          affinity:
            description:
            - C(affinity) of the API's body (see the API reference).
            type: dict
            suboptions:
              affinity_type:
                description:
                - C(affinity_type) of the API's body (see the API reference).
                type: str
                required: true
              required:
                description:
                - C(required) of the API's body (see the API reference).
                type: bool
                required: true
              selection_mode:
                description:
                - C(selection_mode) of the API's body (see the API reference).
                type: str
                required: true
              targets:
                description:
                - C(targets) of the API's body (see the API reference).
                type: dict
                required: true
          security_config:
            description:
            - C(security_config) of the API's body (see the API reference).
            type: dict
            suboptions:
              user_id:
                description:
                - C(user_id) of the API's body (see the API reference).
                type: int
              group_id:
                description:
                - C(group_id) of the API's body (see the API reference).
                type: int
          pool_resource_flavor:
            description:
            - C(pool_resource_flavor) of the API's body (see the API reference).
            type: str
          group_policy:
            description:
            - C(group_policy) of the API's body (see the API reference).
            type: dict
            suboptions:
              schedule_scope:
                description:
                - C(schedule_scope) of the API's body (see the API reference).
                type: str
      weight:
        description:
        - Share of traffic in percent, 0 to 100.
        type: int
        required: true
      secret_type:
        description:
        - C(secret_type) of the API's body (see the API reference).
        type: str
      secret_name:
        description:
        - C(secret_name) of the API's body (see the API reference).
        type: str
      priority:
        description:
        - C(priority) of the API's body (see the API reference).
        type: int
      high_avail_switch:
        description:
        - C(high_avail_switch) of the API's body (see the API reference).
        type: bool
      schedule_strategy:
        description:
        - C(schedule_strategy) of the API's body (see the API reference).
        type: str
      description:
        description: *id013
        type: str
      framework:
        description:
        - 'Inference framework: V(COMMON), V(VLLM) or V(MINDIE).'
        type: str
        choices:
        - COMMON
        - VLLM
        - MINDIE
      mirror_traffic_enable:
        description:
        - C(mirror_traffic_enable) of the API's body (see the API reference).
        type: bool
      mirror_traffic_weight:
        description:
        - C(mirror_traffic_weight) of the API's body (see the API reference).
        type: str
      model:
        description:
        - C(model) of the API's body (see the API reference).
        type: dict
        suboptions:
          source:
            description: *id002
            type: str
            required: true
          address:
            description: *id003
            type: str
          mount_path:
            description: *id004
            type: str
            required: true
          efs_sub_path:
            description:
            - C(efs_sub_path) of the API's body (see the API reference).
            type: str
          read_only:
            description:
            - C(read_only) of the API's body (see the API reference).
            type: bool
          host_cache:
            description:
            - C(host_cache) of the API's body (see the API reference).
            type: bool
          os_warm_up:
            description:
            - C(os_warm_up) of the API's body (see the API reference).
            type: bool
          source_name:
            description:
            - C(source_name) of the API's body (see the API reference).
            type: str
          asset_id:
            description:
            - C(asset_id) of the API's body (see the API reference).
            type: str
      advanced_config:
        description:
        - C(advanced_config) of the API's body (see the API reference).
        type: dict
        suboptions:
          deploy_timeout_minutes:
            description: &id023
            - Minutes a deployment may take, 0 to 300.
            type: int
          upgrade_config:
            description: &id017
            - 'How a new version replaces the running one (C(upgrade_config)): V(ROLLING) with C(max_surge) and C(max_unavailable), each
              V(1%) to V(100%).'
            type: dict
            suboptions:
              type:
                description: *id014
                type: str
                choices: &id018
                - ROLLING
              rolling_update:
                description:
                - C(rolling_update) of the API's body (see the API reference).
                type: dict
                suboptions:
                  max_surge:
                    description: &id019
                    - Instances above the count during a roll, V(1%) to V(100%).
                    type: str
                  max_unavailable:
                    description: &id020
                    - Instances that may be missing during a roll, V(1%) to V(100%).
                    type: str
          service_secret:
            description:
            - C(service_secret) of the API's body (see the API reference).
            type: dict
            suboptions:
              secret_enable:
                description:
                - C(secret_enable) of the API's body (see the API reference).
                type: bool
              secret_type:
                description:
                - C(secret_type) of the API's body (see the API reference).
                type: str
              secret_volumes:
                description:
                - C(secret_volumes) of the API's body (see the API reference).
                type: list
                elements: dict
                suboptions:
                  secret_name:
                    description:
                    - C(secret_name) of the API's body (see the API reference).
                    type: str
                  secret_key:
                    description:
                    - C(secret_key) of the API's body (see the API reference).
                    type: str
                  secret_value:
                    description: &id016
                    - Value of the secret; never logged.
                    type: str
                  mount_path:
                    description: *id004
                    type: str
                    required: true
              group_enable:
                description:
                - C(group_enable) of the API's body (see the API reference).
                type: bool
              group_id:
                description:
                - C(group_id) of the API's body (see the API reference).
                type: int
          dynamic_routing_enable:
            description:
            - C(dynamic_routing_enable) of the API's body (see the API reference).
            type: bool
          strategy:
            description:
            - C(strategy) of the API's body (see the API reference).
            type: str
          ems_enable:
            description:
            - C(ems_enable) of the API's body (see the API reference).
            type: bool
          metric_api_scheme:
            description:
            - C(metric_api_scheme) of the API's body (see the API reference).
            type: str
          metric_api_port:
            description:
            - C(metric_api_port) of the API's body (see the API reference).
            type: str
          metric_api_path:
            description:
            - C(metric_api_path) of the API's body (see the API reference).
            type: str
          custom_metrics_path:
            description: &id022
            - Where the service exposes custom metrics. Not shown by the service's details, so never compared.
            type: str
          mooncake_enable:
            description:
            - C(mooncake_enable) of the API's body (see the API reference).
            type: bool
          port:
            description: *id015
            type: int
            required: true
          protocol:
            description:
            - C(protocol) of the API's body (see the API reference).
            type: str
            required: true
  runtime_config:
    description:
    - How the service is called and limited (C(runtime_config)); required to create. A change is a new version.
    type: dict
    suboptions:
      service_invoke:
        description:
        - 'How the service is called: C(port), C(protocol) (V(HTTP), V(HTTPS), V(WS), V(WSS); asynchronous services V(HTTP) or V(HTTPS))
          and C(auth_type).'
        type: dict
        required: true
        suboptions:
          port:
            description: *id015
            type: int
            required: true
          protocol:
            description:
            - C(protocol) of the API's body (see the API reference).
            type: str
            required: true
            choices:
            - HTTP
            - HTTPS
            - WS
            - WSS
          auth_type:
            description:
            - C(auth_type) of the API's body (see the API reference).
            type: str
            required: true
            choices:
            - TOKEN
            - API_KEY
            - NONE
          internet_access_enable:
            description:
            - C(internet_access_enable) of the API's body (see the API reference).
            type: bool
          intranet_approval_enable:
            description:
            - C(intranet_approval_enable) of the API's body (see the API reference).
            type: bool
          dynamic_routing_enable:
            description:
            - C(dynamic_routing_enable) of the API's body (see the API reference).
            type: bool
          strategy:
            description:
            - C(strategy) of the API's body (see the API reference).
            type: str
          metric_api_scheme:
            description:
            - C(metric_api_scheme) of the API's body (see the API reference).
            type: str
          metric_api_port:
            description:
            - C(metric_api_port) of the API's body (see the API reference).
            type: str
          metric_api_path:
            description:
            - C(metric_api_path) of the API's body (see the API reference).
            type: str
          ems_enable:
            description:
            - C(ems_enable) of the API's body (see the API reference).
            type: bool
          request_retry_enable:
            description:
            - C(request_retry_enable) of the API's body (see the API reference).
            type: bool
          request_retry_cnt_max:
            description:
            - C(request_retry_cnt_max) of the API's body (see the API reference).
            type: int
          request_retry_interval_ms:
            description:
            - C(request_retry_interval_ms) of the API's body (see the API reference).
            type: int
          fuse_configs:
            description:
            - C(fuse_configs) of the API's body (see the API reference).
            type: dict
            suboptions:
              error_rate_fuse_enable:
                description:
                - C(error_rate_fuse_enable) of the API's body (see the API reference).
                type: bool
              error_rate_threshold:
                description:
                - C(error_rate_threshold) of the API's body (see the API reference).
                type: float
          elb_connection:
            description:
            - C(elb_connection) of the API's body (see the API reference).
            type: dict
            suboptions:
              elb_id:
                description:
                - C(elb_id) of the API's body (see the API reference).
                type: str
                required: true
              m_tls:
                description:
                - C(m_tls) of the API's body (see the API reference).
                type: bool
              ca_cert_id:
                description:
                - C(ca_cert_id) of the API's body (see the API reference).
                type: str
              server_cert_id:
                description:
                - C(server_cert_id) of the API's body (see the API reference).
                type: str
              sni_cert_ids:
                description:
                - C(sni_cert_ids) of the API's body (see the API reference).
                type: list
                elements: str
          custom_urls:
            description:
            - C(custom_urls) of the API's body (see the API reference).
            type: list
            elements: str
      service_limit:
        description:
        - 'Limits: C(rate_limit) (1 to 10000 per V(SECONDS) or V(MINUTES)), C(request_size_limit) (MB, 1 to 50) and C(request_timeout)
          (seconds, 1 to 7200).'
        type: dict
        required: true
        suboptions:
          rate_limit:
            description:
            - Requests allowed per unit of time.
            type: dict
            required: true
            suboptions:
              num:
                description:
                - C(num) of the API's body (see the API reference).
                type: int
                required: true
              unit:
                description:
                - C(unit) of the API's body (see the API reference).
                type: str
                required: true
                choices:
                - SECONDS
                - MINUTES
          request_size_limit:
            description:
            - Largest request in MB, 1 to 50.
            type: int
            required: true
          request_timeout:
            description:
            - Request timeout in seconds, 1 to 7200.
            type: int
            required: true
          ip_white_list:
            description:
            - C(ip_white_list) of the API's body (see the API reference).
            type: list
            elements: str
          ip_black_list:
            description:
            - C(ip_black_list) of the API's body (see the API reference).
            type: list
            elements: str
      service_secret:
        description:
        - C(service_secret) of the API's body (see the API reference).
        type: dict
        suboptions:
          secret_enable:
            description:
            - C(secret_enable) of the API's body (see the API reference).
            type: bool
          secret_type:
            description:
            - C(secret_type) of the API's body (see the API reference).
            type: str
          secret_volumes:
            description:
            - C(secret_volumes) of the API's body (see the API reference).
            type: list
            elements: dict
            suboptions:
              secret_name:
                description:
                - C(secret_name) of the API's body (see the API reference).
                type: str
              secret_key:
                description:
                - C(secret_key) of the API's body (see the API reference).
                type: str
              secret_value:
                description: *id016
                type: str
              mount_path:
                description: *id004
                type: str
                required: true
          group_enable:
            description:
            - C(group_enable) of the API's body (see the API reference).
            type: bool
          group_id:
            description:
            - C(group_id) of the API's body (see the API reference).
            type: int
      server_task_limit:
        description:
        - C(server_task_limit) of the API's body (see the API reference).
        type: dict
        suboptions:
          max_task:
            description:
            - C(max_task) of the API's body (see the API reference).
            type: int
      smart_routing_enable:
        description:
        - C(smart_routing_enable) of the API's body (see the API reference).
        type: bool
  upgrade_config:
    description: *id017
    type: dict
    suboptions:
      type:
        description: *id014
        type: str
        choices: *id018
      rolling_update:
        description:
        - C(rolling_update) of the API's body (see the API reference).
        type: dict
        suboptions:
          max_surge:
            description: *id019
            type: str
          max_unavailable:
            description: *id020
            type: str
  lts_strategy:
    description:
    - 'Where the logs go in LTS: V(POOL), V(AUTO_CREATE) or V(DEFAULT).'
    type: str
    choices:
    - POOL
    - AUTO_CREATE
    - DEFAULT
  log_configs:
    description:
    - Log settings, at most 3, one per C(type) (V(STDOUT), V(EVENT), V(FILE)).
    type: list
    elements: dict
    suboptions:
      status:
        description:
        - V(ON) or V(OFF).
        type: str
        required: true
        choices:
        - 'ON'
        - 'OFF'
      type:
        description: *id014
        type: str
        required: true
        choices:
        - STDOUT
        - EVENT
        - FILE
      log_group_id:
        description:
        - C(log_group_id) of the API's body (see the API reference).
        type: str
      log_stream_id:
        description:
        - C(log_stream_id) of the API's body (see the API reference).
        type: str
      files:
        description: *id021
        type: list
        elements: dict
        suboptions:
          log_path:
            description:
            - C(log_path) of the API's body (see the API reference).
            type: str
            required: true
          file_pattern:
            description:
            - C(file_pattern) of the API's body (see the API reference).
            type: str
            required: true
  tags:
    description:
    - Tags, at most 20, keys unique; keys and values without V(,) or V(|). Tags the task does not name are kept; changed in place (no
      new version).
    type: list
    elements: dict
    suboptions:
      key:
        description:
        - Tag key.
        type: str
        required: true
      value:
        description:
        - Tag value.
        type: str
  workspace_id:
    description:
    - 'Workspace of the service: V(0) (the default) or 32 lowercase letters and digits. Cannot change.'
    type: str
  schedule:
    description:
    - 'Stop the service after a while: at most one entry, V(STOP) after 1 minute to 7 days. Changed in place.'
    type: list
    elements: dict
    suboptions:
      type:
        description: *id014
        type: str
        required: true
        choices:
        - STOP
      duration:
        description:
        - How long, in O(schedule[].time_unit).
        type: int
        required: true
      time_unit:
        description:
        - V(MINUTES), V(HOURS) or V(DAYS).
        type: str
        required: true
        choices:
        - MINUTES
        - HOURS
        - DAYS
  custom_metrics_path:
    description: *id022
    type: str
  deploy_timeout_minutes:
    description: *id023
    type: int
  task_type:
    description:
    - Task type of the service, as the API names it.
    type: str
  workload_type:
    description:
    - V(DEPLOYMENT) or V(LWS). Not shown by the service's details, so never compared.
    type: str
    choices:
    - DEPLOYMENT
    - LWS
  service_id:
    description:
    - ID of an existing new-version service, instead of O(name). A service that does not exist cannot be created by its id.
    type: str
  state:
    description:
    - V(present) creates the service when it does not exist and updates it when it differs; a stopped service stays stopped.
    - V(running) as V(present), then starts the service when it is C(STOPPED), C(FAILED) or C(ERROR).
    - V(stopped) as V(present), then stops it when it is running, deploying or failed.
    - V(absent) deletes it (C(POST /v2/{project_id}/services/delete)); a service that does not exist is left alone.
    type: str
    choices:
    - present
    - running
    - stopped
    - absent
    default: present
  wait:
    description:
    - Wait until the service and its deployment settle (C(RUNNING), C(CONCERNING), C(STOPPED)), or until it is gone. C(FAILED) or C(ERROR)
      fails the task with the server's C(failure_reason).
    type: bool
    default: true
  wait_timeout:
    description:
    - Seconds to wait in all, for every wait of the task.
    type: int
    default: 1200
notes:
  - The options are the body of CreateInferService; the API reference is the authority on what each field means.
  - The SDK marks C(custom_metrics_path) as required on create, but the API takes a create without it (the pages' examples
    and Terraform's C(huaweicloud_modelartsv2_service) leave it out); the module sends it only when set.
  - Services created with C(X-Auth-Token-Provider) (provider services) are not supported.
seealso:
  - module: hwcloud.modelarts.modelarts_v2_service_info
  - module: hwcloud.modelarts.modelarts_service
  - name: Creating a Service (CreateInferService)
    description: The ModelArts API reference of C(POST /v2/{project_id}/services), with every field of the body.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/CreateInferService.html
  - name: Querying Service Details (ShowInferService)
    description: The call the module compares an existing service with and polls while it changes.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ShowInferService.html
  - name: Updating Service Configurations (UpdateInferService)
    description: The update call; a changed configuration is a new version.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/UpdateInferService.html
  - name: Starting a Service (StartInferService)
    description: The start call.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/StartInferService.html
  - name: Stopping a Service (StopInferService)
    description: The stop call.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/StopInferService.html
  - name: Deleting Services (BatchDeleteInferServices)
    description: The delete call, C(POST /v2/{project_id}/services/delete).
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/BatchDeleteInferServices.html
'''

EXAMPLES = r'''
- name: Stand up a new-version service from an SWR image and wait until it runs
  hwcloud.modelarts.modelarts_v2_service:
    name: detector-v2
    type: REAL_TIME
    deploy_type: SINGLE
    deployments:
      - name: deploy-1
        count: 1
        weight: 100
        unit_configs:
          - image:
              source: SWR
              swr_path: swr.cn-north-4.myhuaweicloud.com/team/detector:1.0.0
            custom_spec:
              cpu: 2
              memory: 4096
            port: 8080
            envs:
              LOG_LEVEL: info
            readiness_health:
              check_method: HTTP
              url: /health
              initial_delay_seconds: 10
              timeout_seconds: 3
              period_seconds: 10
              failure_threshold: 3
    runtime_config:
      service_invoke:
        port: 8080
        protocol: HTTPS
        auth_type: TOKEN
      service_limit:
        rate_limit:
          num: 200
          unit: SECONDS
        request_size_limit: 20
        request_timeout: 30
    upgrade_config:
      type: ROLLING
      rolling_update:
        max_surge: 50%
        max_unavailable: 50%
    tags:
      - key: team
        value: vision
  register: service

- name: Scale it to two instances (a new version, 1.0.1)
  hwcloud.modelarts.modelarts_v2_service:
    name: detector-v2
    deployments:
      - name: deploy-1
        count: 2
        weight: 100
        unit_configs:
          - image:
              source: SWR
              swr_path: swr.cn-north-4.myhuaweicloud.com/team/detector:1.0.0

- name: Stop it for the night
  hwcloud.modelarts.modelarts_v2_service:
    name: detector-v2
    state: stopped

- name: Delete it
  hwcloud.modelarts.modelarts_v2_service:
    name: detector-v2
    state: absent
'''

RETURN = r'''
service:
  description:
    - The service as C(GET /v2/{project_id}/services/{service_id}) returns it, its current version under C(version) with
      the deployments as C(version.instance_groups).
    - In check mode, the service as the change would leave it (for a create, the body with the predicted C(status)).
    - With O(state=absent), V({}) once it is deleted.
  returned: success
  type: dict
  sample:
    id: 2b0f6e3c-7d4a-4e0b-9d7e-5f1c2a3b4c5d
    name: detector-v2
    type: REAL_TIME
    deploy_type: SINGLE
    status: RUNNING
    workspace_id: "0"
    version:
      version: 1.0.0
      instance_groups:
        - name: deploy-1
          count: 1
          weight: 100
          status: RUNNING
waited:
  description: Seconds spent waiting for the service to settle (or to be deleted).
  returned: when the module waited
  type: float
  sample: 42.5
differing_fields:
  description: The options that differ from the existing service, when the task fails for that.
  returned: failure
  type: list
  elements: str
  sample: [deploy_type]
diff:
  description: Before and after, when run with C(--diff).
  returned: changed and diff mode
  type: dict
error:
  description:
    - Details of the failed API call, when the module fails on an API error.
  returned: failure
  type: dict
  contains:
    status:
      description: HTTP status.
      type: int
      sample: 401
    error_code:
      description: ModelArts or API gateway error code.
      type: str
      sample: APIG.0301
    error_msg:
      description: Error message of the API.
      type: str
      sample: "Incorrect IAM authentication information: verify aksk signature fail"
    request_id:
      description: Request ID (C(X-Request-Id)) to quote to Huawei Cloud support.
      type: str
      sample: 3b1d4a8f0f4c4e1e9d6c2b7a5e8f0c1d
    method:
      description: HTTP method.
      type: str
      sample: GET
    url:
      description: Request URL.
      type: str
      sample: https://modelarts.cn-north-4.myhuaweicloud.com/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/models
'''

from ansible.module_utils.basic import AnsibleModule

# First: the rest of this collection's imports then compile once from the module's zip.
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _compile_once  # noqa: F401 pylint: disable=unused-import
from ansible_collections.hwcloud.modelarts.plugins.module_utils._arguments import new_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import module_args, run_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.lifecycle import (
    V2_SERVICE_OPTIONS,
    V2_SERVICE_RULES,
    run_v2_service,
)


def main():
    run_module(new_module(AnsibleModule, **module_args(V2_SERVICE_OPTIONS, **V2_SERVICE_RULES)), run_v2_service)


if __name__ == "__main__":
    main()
