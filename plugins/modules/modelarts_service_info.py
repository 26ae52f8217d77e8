#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: modelarts_service_info
short_description: Read ModelArts services, with their update records and events
version_added: 0.1.0
description:
  - Reads the Huawei Cloud ModelArts services of a project, one by O(service_id), or all those that match
    O(name) and the list filters (O(infer_type), O(status), O(model_id), O(workspace_id)).
    With none of these options it reads every service of the project.
  - O(name) and the filters combine, and every option you set must match; O(name) narrows the filters down
    to the services with exactly that name.
  - Matches are found with the list API C(GET /v1/{project_id}/services), paged through until every match
    is read, 1000 services a request, so 1205 services take 2 list requests (3 if the server counts
    C(offset) in records rather than pages, see the notes).
  - The list answers with summaries, without C(config). See O(details) for when the module also reads
    each match in full with C(GET /v1/{project_id}/services/{service_id}), one request per service.
  - Nothing matching is not an error, the module then returns an empty RV(services).
    So does an unknown O(service_id).
  - O(include_update_records) and O(include_events) add one more request per service each (events are
    paged too), so use them with O(service_id), O(name) or narrow filters in large projects.
  - The module only reads. It never reports a change, and runs the same in check mode.
  - With O(watch) it reads one service again and again for a while, and returns early when its health
    degrades.
author:
  - hwcloud.modelarts developers (@hwcloud)
extends_documentation_fragment:
  - hwcloud.modelarts.connection
  - hwcloud.modelarts.attributes
attributes:
  check_mode:
    support: full
    details: The module only reads, so it does the same in check mode.
  diff_mode:
    support: N/A
    details: The module changes nothing.
options:
  service_id:
    description:
      - ID of the one service to read.
      - Cannot be combined with O(name), O(infer_type), O(status), O(model_id) or O(workspace_id).
    type: str
  name:
    description:
      - Exact name (C(service_name)) of the services to read. The list API is asked with this name, and every
        service whose name is not exactly this one is dropped from its answer.
      - Names need not be unique in a project, so this may match more than one service.
    type: str
    aliases: [service_name]
  infer_type:
    description:
      - Only services of this kind.
    type: str
    choices: [real-time, batch, edge]
  status:
    description:
      - Only services in this status when the list API is asked. The choices are the statuses the list API
        filters by.
      - The status returned in RV(services) is read afterwards and may have moved on in between, for example
        from C(deploying) to C(running).
    type: str
    choices: [running, deploying, concerning, failed, stopped, finished]
  model_id:
    description:
      - Only services that serve this model.
    type: str
  workspace_id:
    description:
      - Only services of this workspace. C(0) is the default workspace.
    type: str
  details:
    description:
      - Whether to read each matching service in full (C(GET /v1/{project_id}/services/{service_id}), one
        request per service, with its C(config) and C(access_address)) or to return the list entries as the
        list API gives them (no extra request).
      - When not set, services selected by O(service_id) or O(name) are read in full (a name normally
        matches one service), and the list entries are returned for a listing by the other filters or of
        the whole project.
      - V(true) reads every match in full, so 1205 matches cost 1205 GET requests after the list.
      - V(false) never does; with O(service_id) the list API is asked for that one service instead.
      - What a service looks like therefore depends on the options only, never on how many services match.
    type: bool
  include_update_records:
    description:
      - Add each service's update records (C(GET /v1/{project_id}/services/{service_id}/logs)) to it as
        RV(services[].update_records).
    type: bool
    default: false
  include_events:
    description:
      - Add each service's events (C(GET /v1/{project_id}/services/{service_id}/events)) to it as
        RV(services[].events), oldest first.
    type: bool
    default: false
  event_type:
    description:
      - Only events of this type. Requires O(include_events=true).
    type: str
    choices: [normal, abnormal]
  watch:
    description:
      - Watch the one service of O(service_id) for O(watch.seconds) seconds in this one task, reading it every
        O(watch.poll_seconds), and return as soon as it degrades or when the time is over, with the last read in
        RV(services) and the verdict in RV(watch). A soak needs no C(until) loop, so a healthy one prints no
        C(FAILED - RETRYING) line.
      - The service degrades when it is not C(running) any more (C(concerning), C(failed), C(deploying) ... or
        gone), or when its C(failed_times) counter has grown by more than O(watch.max_failed_times_increase)
        from O(watch.failed_times_baseline), or, with O(include_monitor), when a model runs fewer instances than
        it has.
      - A degraded service is not a module failure; check RV(watch.healthy).
      - Requires O(service_id). The other options apply to every read (each O(include_update_records) or
        O(include_events) costs its requests at every read).
    type: dict
    suboptions:
      seconds:
        description:
          - How long to watch, in seconds; C(0) reads the service once.
        type: int
        required: true
      poll_seconds:
        description:
          - Seconds between two reads; at least 1. The last pause is cut short so that the last read is at
            the end of the watch.
        type: int
        default: 30
      failed_times_baseline:
        description:
          - The C(failed_times) count the growth is measured from, for example as read before an update.
          - When not set, the count of the first read.
        type: int
      max_failed_times_increase:
        description:
          - How much C(failed_times) may grow from O(watch.failed_times_baseline) before the service counts as
            degraded.
        type: int
        default: 0
  include_monitor:
    description:
      - Also read each service's monitoring, C(GET /v1/{project_id}/services/{service_id}/monitor)
        (ShowServiceMonitorInfo), into RV(services[].monitor); one request per service.
      - With O(watch), a model running fewer instances than it has (C(model_running_instance_count) below
        C(model_instance_count)) also counts as degraded, which C(failed_times) cannot show (instances that do
        not come up answer no calls, so none fail).
    type: bool
    default: false
  include_specifications:
    description:
      - Also return RV(specifications), the flavors services can be deployed with, read with
        C(GET /v1/{project_id}/services/specifications) (ShowServiceSpecifications); with O(infer_type), those of
        that kind of service.
      - An option of this module rather than a module of its own, as the flavors are what O(infer_type) services
        are deployed with, and a task that looks at services often wants them beside.
    type: bool
    default: false
notes:
  - Services are returned oldest first (ascending C(publish_at), the order the list is read in). A service
    deleted after the list was read is left out.
  - The API reference calls the list's C(offset) the start page, while generic clients treat it as a
    record offset. The module is right under both readings. It finds out from the second list request
    which one the server uses, drops duplicates, and fails with a clear message (never a partial list)
    when the server's pages do not add up to its C(total_count).
seealso:
  - module: hwcloud.modelarts.modelarts_service
  - module: hwcloud.modelarts.modelarts_service_patch
  - name: Obtaining Services (ListServices)
    description: The ModelArts API reference of C(GET /v1/{project_id}/services).
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ListServices.html
  - name: Obtaining Service Details (ShowService)
    description: The ModelArts API reference of C(GET /v1/{project_id}/services/{service_id}).
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ShowService.html
  - name: Obtaining Service Monitoring (ShowServiceMonitorInfo)
    description: The ModelArts API reference of C(GET /v1/{project_id}/services/{service_id}/monitor).
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ShowServiceMonitorInfo.html
  - name: Obtaining Supported Service Deployment Specifications (ShowServiceSpecifications)
    description: The ModelArts API reference of C(GET /v1/{project_id}/services/specifications).
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ShowServiceSpecifications.html
'''

EXAMPLES = r'''
# The connection (region, credentials) comes from the HW_* environment variables here, or from the play's
# module_defaults for the group/hwcloud.modelarts.modelarts action group (see the collection README).
- name: Find the service by its name
  hwcloud.modelarts.modelarts_service_info:
    name: image-classifier
  register: found

- name: Stop unless exactly one service has that name and it is running
  ansible.builtin.assert:
    that:
      - found.services | length == 1
      - found.services[0].status == 'running'
    fail_msg: "{{ found.services | map(attribute='service_id') }} {{ found.services | map(attribute='status') }}"

- name: Show what the last update of that service did
  hwcloud.modelarts.modelarts_service_info:
    service_id: "{{ found.services[0].service_id }}"
    include_update_records: true
    include_events: true
    event_type: abnormal
  register: history

- name: Report the last update record and the abnormal events
  ansible.builtin.debug:
    msg:
      - "{{ history.services[0].update_records | last }}"
      - "{{ history.services[0].events | map(attribute='event_info') }}"

- name: Watch the service for 5 minutes, returning early if it leaves running or a call fails
  hwcloud.modelarts.modelarts_service_info:
    service_id: "{{ found.services[0].service_id }}"
    watch:
      seconds: 300
      poll_seconds: 30
      failed_times_baseline: "{{ found.services[0].failed_times }}"
  register: soak

- name: Stop when it degraded
  ansible.builtin.assert:
    that: soak.watch.healthy
    fail_msg: "{{ soak.watch.reason }}"

- name: List the real-time services that have failed, with the models they serve
  hwcloud.modelarts.modelarts_service_info:
    infer_type: real-time
    status: failed
    details: true
  register: failed_services

- name: Report why each failed
  ansible.builtin.debug:
    msg: "{{ item.service_name }}: {{ item.error_msg | default('') }} ({{ item.config | map(attribute='model_id') | join(', ') }})"
  loop: "{{ failed_services.services }}"
  loop_control:
    label: "{{ item.service_id }}"

- name: List the services that serve a given model, in the default workspace
  hwcloud.modelarts.modelarts_service_info:
    model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
    workspace_id: "0"
  register: users_of_model

- name: List every service of the project (list requests only, 1000 services each)
  hwcloud.modelarts.modelarts_service_info:
  register: all_services

- name: Report how many are running
  ansible.builtin.debug:
    msg: "{{ all_services.services | selectattr('status', 'equalto', 'running') | list | length }} of {{ all_services.services | length }} running"
'''

RETURN = r'''
specifications:
  description:
    - The flavors services can be deployed with, as the specifications API lists them (all pages), with
      O(include_specifications=true).
  returned: when O(include_specifications=true)
  type: list
  elements: dict
  sample:
    - specification: modelarts.vm.cpu.2u
      category: CPU
      cpu_info: {arch: x86, cpu: 2.0}
      memory_info: {unit: GB, memory: 8}
      is_open: true
      spec_status: normal
services:
  description:
    - The matching services, oldest first, plus RV(services[].update_records) and RV(services[].events)
      when asked for.
    - Each service is exactly as C(GET /v1/{project_id}/services/{service_id}) returns it when read in full
      (see O(details)), otherwise exactly as the list API C(GET /v1/{project_id}/services) returns it, which
      has no RV(services[].config) and no RV(services[].access_address).
    - Empty when nothing matches.
    - Only the most used fields are described here; the API reference lists them all.
  returned: success
  type: list
  elements: dict
  contains:
    service_id:
      description: Service ID.
      type: str
      returned: success
    service_name:
      description: Service name.
      type: str
      returned: success
    description:
      description: Service description.
      type: str
      returned: success
    infer_type:
      description: Kind of service, C(real-time), C(batch) or C(edge).
      type: str
      returned: success
    status:
      description:
        - Service status, for example C(running), C(deploying), C(concerning), C(failed) or C(stopped).
      type: str
      returned: success
    error_msg:
      description: Why the service failed.
      type: str
      returned: when the service failed
    progress:
      description: Deployment progress in percent.
      type: int
      returned: while deploying, and when running
    access_address:
      description: Address to call a deployed real-time service at.
      type: str
      returned: when a real-time service was deployed and is read in full (O(details))
    workspace_id:
      description: Workspace of the service, C(0) for the default one.
      type: str
      returned: success
    update_time:
      description: Time of the last update, in milliseconds since the epoch.
      type: int
      returned: success
    config:
      description:
        - The models the service serves, one entry per model, with the server's read-only fields
          (C(model_name), C(model_version), per-model C(status)).
      type: list
      elements: dict
      returned: when the service is read in full (O(details))
    monitor:
      description:
        - The service's monitoring as C(GET /v1/{project_id}/services/{service_id}/monitor) returns it, with one
          entry per model (per model and node for an edge service) under C(monitors).
      type: dict
      returned: when O(include_monitor=true)
      sample:
        service_running_instance_count: 1
        service_instance_count: 1
        monitors:
          - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
            failed_times: 0
            invocation_times: 50
            model_running_instance_count: 1
            model_instance_count: 1
    update_records:
      description:
        - The update records of the service, as C(GET /v1/{project_id}/services/{service_id}/logs) returns
          them in C(logs).
      type: list
      elements: dict
      returned: when O(include_update_records=true)
      contains:
        update_time:
          description: Time of the update, in milliseconds since the epoch.
          type: int
          returned: success
        result:
          description: Outcome of the update, C(SUCCESS), C(FAIL) or C(RUNNING).
          type: str
          returned: success
        config:
          description: The models the update deployed.
          type: list
          elements: dict
          returned: success
        cluster_id:
          description: Dedicated resource pool of the update.
          type: str
          returned: when the service runs in a dedicated resource pool
        extend_config:
          description: Personalised configuration of the update.
          type: list
          elements: dict
          returned: success
    events:
      description:
        - The events of the service, of O(event_type) only when it is set, oldest first, as
          C(GET /v1/{project_id}/services/{service_id}/events) returns them in C(events) (every page;
          an event repeated with the same type, text and time is listed once).
      type: list
      elements: dict
      returned: when O(include_events=true)
      contains:
        event_type:
          description: C(normal) or C(abnormal).
          type: str
          returned: success
        event_info:
          description: What happened.
          type: str
          returned: success
        occur_time:
          description: When it happened, in milliseconds since the epoch.
          type: int
          returned: success
  sample:
    - service_id: 7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
      service_name: image-classifier
      description: Image classification
      tenant: 05041fffa40025702f6dc009cc6f8f33
      project: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
      owner: 05041fffa40025702f6dc009cc6f8f33
      publish_at: 1700611200512
      update_time: 1700625410586
      infer_type: real-time
      workspace_id: "0"
      status: running
      progress: 100
      config:
        - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
          model_name: resnet50
          model_version: 1.1.0
          status: running
          specification: modelarts.vm.cpu.2u
          weight: 100
          instance_count: 2
          envs:
            LOG_LEVEL: info
          additional_properties: {}
          scaling: false
          support_debug: false
      access_address: https://05041fffa40025702f6dc009cc6f8f33.apig.cn-north-4.huaweicloudapis.com/v1/infers/7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
      invocation_times: 1520
      failed_times: 3
      is_shared: false
      shared_count: 0
      is_free: false
      operation_time: 1700625410586
      transition_at: 1700625452117
      additional_properties: {}
      update_records:
        - update_time: 1700625410586
          result: SUCCESS
          config:
            - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
              model_name: resnet50
              model_version: 1.1.0
              weight: 100
              specification: modelarts.vm.cpu.2u
              envs:
                LOG_LEVEL: info
              instance_count: 2
          extend_config: []
      events:
        - event_type: normal
          event_info: start to update service
          occur_time: 1700625410586
        - event_type: normal
          event_info: deploy service success, the service is running
          occur_time: 1700625452117
watch:
  description:
    - The outcome of O(watch).
  returned: when O(watch) is set
  type: dict
  contains:
    healthy:
      description: Whether the service stayed healthy for the whole watch.
      type: bool
      returned: success
    reason:
      description: Why the service is not healthy (null while it is).
      type: str
      returned: success
      sample: failed_times grew from 3 to 8, more than the 2 allowed
    reads:
      description: How many times the service was read.
      type: int
      returned: success
    seconds:
      description: How long the watch lasted, in seconds.
      type: float
      returned: success
    failed_times_baseline:
      description: The C(failed_times) count the growth was measured from.
      type: int
      returned: success
    failed_times:
      description: The C(failed_times) count of the last read (null when the service was gone).
      type: int
      returned: success
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
      sample: https://modelarts.cn-north-4.myhuaweicloud.com/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/services
'''

from ansible.module_utils.basic import AnsibleModule

# First: the rest of this collection's imports then compile once from the module's zip.
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _compile_once  # noqa: F401 pylint: disable=unused-import
from ansible_collections.hwcloud.modelarts.plugins.module_utils._arguments import new_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import module_args, run_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.info import (
    INFO_MUTUALLY_EXCLUSIVE,
    INFO_OPTIONS,
    run_service_info,
)


def main():
    run_module(new_module(AnsibleModule, **module_args(INFO_OPTIONS, mutually_exclusive=INFO_MUTUALLY_EXCLUSIVE)), run_service_info)


if __name__ == "__main__":
    main()
