#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: modelarts_service
short_description: Update, start and stop a ModelArts real-time service, idempotently
version_added: 0.1.0
description:
  - Brings an existing Huawei Cloud ModelArts service to the configuration and run state you describe,
    with C(PUT /v1/{project_id}/services/{service_id}).
  - Reads the service first and compares only what you set, after normalising types
    (C("100") equals C(100), C(2) equals C(2.0), environment values are strings), ignoring the read-only
    fields the server adds. When nothing differs it sends no write and reports no change.
  - O(config) entries are matched to the served models by O(config[].model_id). A matched entry keeps the
    current value of every field you leave out, so a run never wipes a setting nobody asked to change.
    Models the service serves that O(config) does not list are removed from it.
  - The API applies only the status when a request carries both status and config, so this module never
    sends both at once. When the run also starts or stops the service, the config goes in while the service
    is stopped, which costs one deployment instead of two. Starting (O(state=running)) with a config change
    sends the config first, then C(status=running); a C(failed) service redeploys on the config change
    itself, and is started only if it does not come up running. Stopping (O(state=stopped)) with a config
    change sends C(status=stopped), waits until the service is stopped, then sends the config.
  - If the service is busy (C(deploying), C(stopping), C(deleting); for a start also C(waiting) or C(concerning))
    when the module starts and a change is needed, the module waits for it to settle first, within
    O(wait_timeout); with O(wait=false) it fails instead, so it never sends an update the API refuses.
  - When a task fails after a write landed (for example the deployment fails or the wait runs out),
    the result says C(changed=true).
  - A write that fails without a clear answer (connection lost, timeout, HTTP 5xx) is never sent again
    blindly. The module reads the service and reports success if the change landed.
author:
  - hwcloud.modelarts developers (@hwcloud)
extends_documentation_fragment:
  - hwcloud.modelarts.connection
  - hwcloud.modelarts.attributes
  - hwcloud.modelarts.service_change
attributes:
  check_mode:
    support: full
    details: Sends no write and returns the service as it would be after the change.
  diff_mode:
    support: full
    details: Shows the fields that change, before and after.
options:
  infer_type:
    description:
      - The kind of service you expect. Rules that depend on it (weights adding up to 100, O(schedule),
        batch-only and edge-only config fields) are checked before any request; the module fails without
        writing if the service turns out to be of another kind.
    type: str
    choices: [real-time, batch, edge]
    default: real-time
  description:
    description:
      - Service description (Table 3). At most 100 characters, none of C(<>=&"').
    type: str
  schedule:
    description:
      - Scheduling (Table 4), real-time services only, for example stop the service after 2 hours.
      - An empty list removes the schedule.
    type: list
    elements: dict
    suboptions:
      duration:
        description: Number of O(schedule[].time_unit) units after which the action runs.
        type: int
        required: true
      time_unit:
        description: Unit of O(schedule[].duration).
        type: str
        required: true
        choices: [DAYS, HOURS, MINUTES]
      type:
        description: Scheduling type; only C(stop) exists.
        type: str
        required: true
        choices: [stop]
  additional_properties:
    description:
      - Additional service properties (Table 10). Only the members you set are compared and changed.
    type: dict
    suboptions:
      smn_notification:
        description: SMN notification of service status changes (Table 11).
        type: dict
        suboptions:
          topic_urn:
            description: URN of the SMN topic.
            type: str
            required: true
          events:
            description: Events to notify, C(1) failed, C(3) running, C(7) concerning, C(11) pending.
            type: list
            elements: int
            required: true
            choices: [1, 3, 7, 11]
      log_report_channels:
        description:
          - LTS log channels (Table 12). Cannot be emptied again once enabled.
        type: list
        elements: dict
        suboptions:
          type:
            description: Log channel type.
            type: str
            required: true
            choices: [LTS]
          configuration:
            description: LTS configuration (Table 13).
            type: dict
            suboptions:
              log_group_id:
                description: LTS log group ID.
                type: str
                required: true
              log_stream_id:
                description: LTS log stream ID.
                type: str
                required: true
      websocket_upgrade:
        description:
          - Upgrade the service interface to WebSocket. Cannot be set back to V(false) once enabled.
        type: bool
  config:
    description:
      - The models the service serves (ServiceConfig, Table 5), one entry per model.
      - Entries are matched to the current ones by O(config[].model_id); fields you leave out keep their current value.
      - For a real-time service the weights of all entries must add up to 100.
    type: list
    elements: dict
    suboptions:
      model_id:
        description: Model ID.
        type: str
        required: true
      specification:
        description:
          - Resource flavor, for example C(modelarts.vm.cpu.2u), C(modelarts.vm.gpu.p4), or C(custom) with
            O(config[].custom_spec) (dedicated resource pools only).
          - Required for a model the service does not serve yet.
        type: str
      weight:
        description:
          - Percentage of traffic for this model (0-100). Required for real-time services for a model
            the service does not serve yet.
        type: int
      instance_count:
        description:
          - Number of instances of this model. Required for a model the service does not serve yet.
          - The upper limit is an account quota that the API enforces.
        type: int
      envs:
        description:
          - Environment variables of the model. Values are sent as strings (booleans as C(true)/C(false)).
          - The map replaces the current one; V({}) removes all variables.
        type: dict
      custom_spec:
        description: Custom resources (Table 6), required when O(config[].specification=custom).
        type: dict
        suboptions:
          cpu:
            description: CPU cores, at least C(0.01).
            type: float
            required: true
          memory:
            description: Memory in MB.
            type: int
            required: true
          gpu_p4:
            description: GPUs, may be a fraction. Exclusive with O(config[].custom_spec.ascend_a310).
            type: float
          ascend_a310:
            description: Ascend chips. Exclusive with O(config[].custom_spec.gpu_p4).
            type: int
      deploy_timeout_in_seconds:
        description: Timeout for deploying one model instance.
        type: int
      cluster_id:
        description: ID of a dedicated resource pool.
        type: str
      pool_name:
        description: ID of a new-style dedicated resource pool; preferred over O(config[].cluster_id).
        type: str
      src_path:
        description: Batch services only. OBS path of the input data.
        type: str
      dest_path:
        description: Batch services only. OBS path of the output data.
        type: str
      req_uri:
        description: Batch services only. Inference API path called for each input.
        type: str
      mapping_type:
        description: Batch services only. Mapping type of the input data.
        type: str
        choices: [file, csv]
      mapping_rule:
        description: Batch services only. Mapping of input parameters to CSV columns.
        type: dict
      src_type:
        description: Batch services only. Data source type, for example C(ManifestFile).
        type: str
      nodes:
        description: Edge services only. IEF edge node IDs.
        type: list
        elements: str
      additional_properties:
        description: Deployment properties of this model (Table 7). Only the members you set are changed.
        type: dict
        suboptions:
          log_volume:
            description: Host directories to mount (Table 8). Dedicated resource pools only.
            type: list
            elements: dict
            suboptions:
              host_path:
                description: Log path on the host.
                type: str
                required: true
              mount_path:
                description: Log path in the container.
                type: str
                required: true
          max_surge:
            description:
              - Instances added during a rolling upgrade; below 1 a fraction of the instances, greater than 0.
            type: float
          max_unavailable:
            description:
              - Instances that may be unavailable during a rolling upgrade; below 1 a fraction of the instances.
            type: float
          termination_grace_period_seconds:
            description: Graceful stop time of a container, in seconds.
            type: int
          persistent_volumes:
            description: Persistent storage mounts (Table 9).
            type: list
            elements: dict
            suboptions:
              name:
                description: Name of the storage volume.
                type: str
              mount_path:
                description: Mount path in the container.
                type: str
                required: true
              storage_type:
                description: Storage type, for example C(obs_pfs).
                type: str
              source_address:
                description: Source of the volume, for example an OBS path.
                type: str
              storage_type_text:
                description: Console label of the storage type.
                type: str
  state:
    description:
      - V(present) applies the configuration and leaves the service running or stopped as it is.
      - V(running) also starts the service if needed; a C(concerning) service counts as running.
      - V(stopped) also stops the service if needed.
    type: str
    choices: [present, running, stopped]
    default: present
notes:
  - Validation happens before any request for every rule that does not depend on the current service.
    Rules that do (weights of models you did not restate, O(additional_properties.websocket_upgrade) and
    O(additional_properties.log_report_channels) once enabled, required fields of a new model) are checked
    after the service is read and before anything is written.
seealso:
  - module: hwcloud.modelarts.modelarts_service_patch
  - module: hwcloud.modelarts.modelarts_service_info
'''

EXAMPLES = r'''
- name: Set the connection once for every ModelArts task of the play
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/hwcloud.modelarts.modelarts:
      region: cn-north-4
      # access_key and secret_key come from HW_ACCESS_KEY and HW_SECRET_KEY
  tasks:
    - name: Scale the classifier out to 3 instances
      hwcloud.modelarts.modelarts_service:
        name: image-classifier
        config:
          - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
            instance_count: 3

    - name: Send 10 % of the traffic to the new model version
      hwcloud.modelarts.modelarts_service:
        name: image-classifier
        config:
          - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
            weight: 90
          - model_id: 6a7c1d20-5b9e-4e3f-8d2a-7c4e9b1f0a22
            weight: 10
            specification: modelarts.vm.cpu.2u
            instance_count: 1
            envs:
              MODEL_VERSION: "1.1.0"

    - name: Switch all traffic to the new version and stop serving the old one
      hwcloud.modelarts.modelarts_service:
        name: image-classifier
        config:
          - model_id: 6a7c1d20-5b9e-4e3f-8d2a-7c4e9b1f0a22
            weight: 100

- name: Stop the service for the night without waiting
  hwcloud.modelarts.modelarts_service:
    service_id: 7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
    state: stopped
    wait: false

- name: Start it again in the morning, with a new description
  hwcloud.modelarts.modelarts_service:
    service_id: 7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
    description: Image classifier, business hours only
    state: running
    wait_timeout: 1800

- name: Stop automatically 8 hours after each start and notify SMN on failures
  hwcloud.modelarts.modelarts_service:
    name: image-classifier
    schedule:
      - duration: 8
        time_unit: HOURS
        type: stop
    additional_properties:
      smn_notification:
        topic_urn: urn:smn:cn-north-4:0a1b2c3d4e5f60718293a4b5c6d7e8f9:modelarts-alerts
        events: [1, 7]
'''

RETURN = r'''
service:
  description:
    - The service as C(GET /v1/{project_id}/services/{service_id}) returns it after the change.
    - In check mode, the service as it would be after the change.
  returned: success
  type: dict
  sample:
    service_id: 7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
    service_name: image-classifier
    infer_type: real-time
    status: running
    description: Image classification
    config:
      - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
        model_name: resnet50
        model_version: 1.0.0
        specification: modelarts.vm.cpu.2u
        instance_count: 3
        weight: 100
        envs:
          LOG_LEVEL: info
        status: running
    update_time: 1700625410586
changed_fields:
  description: The top-level fields that differed and were (or in check mode would be) changed, C(status) included.
  returned: success
  type: list
  elements: str
  sample: [config]
waited:
  description: Seconds spent waiting for the service to settle.
  returned: success
  type: float
  sample: 42.5
diff:
  description: Before and after of the changed fields, when run with C(--diff).
  returned: changed and diff mode
  type: dict
  sample:
    before:
      config:
        - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
          instance_count: 1
    after:
      config:
        - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
          instance_count: 3
error:
  description:
    - Details of the failed API call, when the module fails on an API error.
  returned: failure
  type: dict
  contains:
    status:
      description: HTTP status.
      type: int
      sample: 400
    error_code:
      description: ModelArts or API gateway error code.
      type: str
      sample: ModelArts.3519
    error_msg:
      description: Error message of the API.
      type: str
      sample: The service is deploying and cannot be updated.
    request_id:
      description: Request ID (C(X-Request-Id)) to quote to Huawei Cloud support.
      type: str
      sample: 3b1d4a8f0f4c4e1e9d6c2b7a5e8f0c1d
    method:
      description: HTTP method.
      type: str
      sample: PUT
    url:
      description: Request URL.
      type: str
      sample: https://modelarts.cn-north-4.myhuaweicloud.com/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/services/7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import (
    run_service_change,
    service_change_argument_spec,
)
# Shared with modelarts_fleet, which validates each of its items with them.
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.options import (
    SERVICE_OPTIONS,
    check_options,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.update import ServiceUpdate


def main():
    module = AnsibleModule(
        argument_spec=service_change_argument_spec(**SERVICE_OPTIONS),
        mutually_exclusive=[("service_id", "name")],
        required_one_of=[("service_id", "name")],
        supports_check_mode=True,
    )
    run_service_change(module, check_options, ServiceUpdate)


if __name__ == "__main__":
    main()
