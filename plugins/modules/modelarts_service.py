#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: modelarts_service
short_description: Create, update, start, stop and delete a ModelArts real-time service, idempotently
version_added: 0.1.0
description:
  - Brings a Huawei Cloud ModelArts service to the configuration and run state you describe,
    with C(PUT /v1/{project_id}/services/{service_id}).
  - When no service has O(name), creates it with C(POST /v1/{project_id}/services) (CreateService) and waits
    until it runs; O(state=absent) deletes it with C(DELETE /v1/{project_id}/services/{service_id}) (DeleteService).
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
  - A write that fails without a clear answer (connection lost, timeout, HTTP 5xx, or a success status whose
    body is not the API's, such as a gateway's HTML page) is never sent again blindly. The module reads the
    service and reports success (with a warning) if the change landed.
  - A create that fails without a clear answer is followed by a list of the services with O(name). One means
    the create landed (the module goes on with it and reports C(changed=true)); none means it did not, and the
    POST is sent once more; several mean another create ran at the same time, and the module fails without
    sending anything more. A delete that fails so is followed by a GET; C(404) or C(deleting) means it landed.
  - After a create the services with O(name) are listed once more. A second one means another create of the
    same name ran at the same time (another job, or an earlier run cancelled while its POST was under way,
    whose POST still landed); the task fails naming both service ids instead of reporting success, and the
    one that should not be there must be deleted by O(service_id). A create cancelled while it was sent may
    still land, so wait it out before running the task again (until the service shows up, or for
    O(api_timeout) times O(retries) + 1 seconds).
  - After every write the module reads the service again and checks that what the task asked for is there.
    If a concurrent change replaced it (two runs changing the same service at once), the change is planned
    again from that read and applied once more; if it is still not there, the task fails.
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
      - Service description. At most 100 characters, none of C(<>=&"').
    type: str
  schedule:
    description:
      - Scheduling, real-time services only, for example stop the service after 2 hours.
      - An empty list removes the schedule (see the notes).
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
  load_balancer_policy:
    description:
      - How requests are spread over the instances (CreateService/UpdateService C(load_balancer_policy)).
        Real-time services only. Can be changed on an existing service.
    type: str
    choices: [ROUND_ROBIN, LEAST_CONNECTIONS, SOURCE_IP]
  priority:
    description:
      - Service priority, C(1) to C(3) (CreateService/UpdateService C(priority)). Real-time and batch services
        only. Can be changed on an existing service.
    type: int
    choices: [1, 2, 3]
  service_secrets:
    description:
      - Secrets mounted into the service's instances (CreateService/UpdateService C(service_secrets)), a list
        of objects as the pages document them. Their members are sent as given; the list is compared as a whole.
      - Every value in it is treated as a secret (C(no_log)), so it is masked wherever it appears in the output.
    type: list
    elements: dict
  additional_properties:
    description:
      - Additional service properties (ServiceAdditionalProperties). Only the members you set are compared and changed.
    type: dict
    suboptions:
      smn_notification:
        description: SMN notification of service status changes.
        type: dict
        suboptions:
          topic_urn:
            description: URN of the SMN topic; must not be empty.
            type: str
            required: true
          events:
            description:
              - Events to notify, C(1) failed, C(3) running, C(7) concerning, C(11) pending. At least one.
            type: list
            elements: int
            required: true
            choices: [1, 3, 7, 11]
      log_report_channels:
        description:
          - LTS log channels (LogReportPipeline). Cannot be emptied again once enabled.
        type: list
        elements: dict
        suboptions:
          type:
            description: Log channel type.
            type: str
            required: true
            choices: [LTS]
          configuration:
            description: LTS configuration.
            type: dict
            suboptions:
              log_group_id:
                description: LTS log group ID, 1 to 64 characters (see the notes).
                type: str
                required: true
              log_stream_id:
                description: LTS log stream ID, 1 to 64 characters (see the notes).
                type: str
                required: true
      websocket_upgrade:
        description:
          - Upgrade the service interface to WebSocket. Cannot be set back to V(false) once enabled.
        type: bool
  config:
    description:
      - The models the service serves (ServiceConfig), one entry per model. At least one; a batch service
        serves exactly one.
      - Entries are matched to the current ones by O(config[].model_id); fields you leave out keep their current value.
      - For a real-time service the weights of all entries must add up to 100.
      - Batch-only fields are refused for real-time and edge services, and O(config[].nodes) for real-time and
        batch services.
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
            O(config[].custom_spec). C(custom) is available only in a dedicated resource pool, O(config[].cluster_id)
            or O(config[].pool_name) of the entry, or the pool the service runs in (O(pool_name), O(cluster_id)).
            An edge service needs no pool for it (the CreateService page's edge example).
          - Any other value must have the form of the flavor names the specifications API lists (words of letters,
            digits, C(-) or C(_) joined by dots); the flavors on offer depend on the region and the account.
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
          - Environment variables of the model. Values are sent as strings (booleans as C(true)/C(false)); a
            list or a map as a value is refused.
          - The map replaces the current one; V({}) removes all variables. To remove one variable, leave it out
            of the map; a null value (V(null) or V(~) in YAML) is refused before any request.
          - A variable name must not be empty nor contain whitespace, C(=) or control characters.
        type: dict
      custom_spec:
        description: Custom resources (CustomSpec), required when O(config[].specification=custom).
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
        description: Batch services only, and mandatory for them. OBS path of the input data.
        type: str
      dest_path:
        description: Batch services only, and mandatory for them. OBS path of the output data.
        type: str
      req_uri:
        description: Batch services only, and mandatory for them. Inference API path called for each input.
        type: str
      mapping_type:
        description: Batch services only, and mandatory for them. Mapping type of the input data.
        type: str
        choices: [file, csv]
      mapping_rule:
        description:
          - Batch services only. Mapping of input parameters to CSV columns; required when
            O(config[].mapping_type=csv).
        type: dict
      src_type:
        description:
          - Batch services only. Data source type; the only one is C(ManifestFile). Leave it out to read every
            file under O(config[].src_path).
        type: str
      nodes:
        description:
          - Edge services only. IEF edge node IDs. Optional, as the current CreateService page has it (older
            revisions of the page made it mandatory).
        type: list
        elements: str
      affinity:
        description:
          - Affinity of this model's instances to nodes of the resource pool, an object as the CreateService and
            UpdateService pages document it (ServiceConfig C(affinity)). Its members are sent as given and compared
            as a whole.
        type: dict
      additional_properties:
        description: Deployment properties of this model (ModelAdditionalProperties). Only the members you set are changed.
        type: dict
        suboptions:
          log_volume:
            description:
              - Host directories to mount. Dedicated resource pools only, set on the entry (O(config[].cluster_id),
                O(config[].pool_name)) or on the service; checked after the service is read, on the entry as it
                will be.
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
            description: Persistent storage mounts.
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
        A service that does not exist yet is created and waited for until it runs.
      - V(running) also starts the service if needed; a C(concerning) service counts as running.
      - V(stopped) also stops the service if needed; a new service is created, deployed, then stopped.
      - V(absent) deletes the service and, with O(wait), waits until it is gone (GET answers C(404)).
        A service that does not exist already is left alone (C(changed=false)). Other options are ignored.
        A service already C(deleting) (another task's delete) gets no second C(DELETE); with O(wait) the task
        waits until it is gone. Either way it reports C(changed=false) with a warning.
    type: str
    choices: [present, running, stopped, absent]
    default: present
  workspace_id:
    description:
      - ID of the workspace the service belongs to, when it is created; C(0) is the default workspace.
      - Set only at creation. For an existing service, a value other than the service's fails the task
        (the update API cannot change it).
    type: str
  vpc_id:
    description:
      - ID of the VPC the service instances are deployed to, when it is created. Needs O(subnet_network_id)
        and O(security_group_id). Set only at creation; a difference on an existing service fails the task.
    type: str
  subnet_network_id:
    description:
      - Network ID of the subnet in O(vpc_id), when the service is created. Set only at creation.
    type: str
  security_group_id:
    description:
      - Security group of the service instances in O(vpc_id), when the service is created. Set only at creation.
    type: str
  cluster_id:
    description:
      - ID of the dedicated resource pool the service is deployed in, when it is created (its network is used
        and O(vpc_id) has no effect). Set only at creation; a difference on an existing service fails the task.
    type: str
  check_specification:
    description:
      - Before anything else, read the specifications the API lists for O(infer_type) services
        (C(GET /v1/{project_id}/services/specifications), ShowServiceSpecifications) and fail, changing nothing,
        when a O(config[].specification) the task sets is not among them. C(custom) is always allowed.
      - Off by default, as it costs a read per task and the list may lag behind what a region offers.
    type: bool
    default: false
  pool_name:
    description:
      - ID of a new-version dedicated resource pool the service is deployed in, when it is created
        (CreateService C(pool_name)); it takes precedence over O(cluster_id). Like O(cluster_id), it lets the
        entries use C(specification=custom) and C(log_volume).
      - Set only at creation (the update API has no such field); a difference on an existing service fails the
        task.
    type: str
  tags:
    description:
      - Tags the service must have (real-time services only, as the tag pages say), added with
        C(POST /v1/{project_id}/services/{service_id}/tags/create) (BatchCreateServiceTags); a key the service has
        gets the value given here. Tags the list does not name are left alone; the module never removes a tag.
      - A service the task creates gets every tag right after it is created.
      - On an existing service the module cannot read the service's own tags, because the v1 API has no such
        call. Its only tag read, C(GET /v1/{project_id}/services/tms/tags) (ListServiceTags, one read per task),
        lists every key of the project's services with their values merged. A tag whose value no service of the
        project has is certainly missing and is added. A tag whose value some service has may be this service's or
        another's; it is not sent again and is listed under RV(tags_unconfirmed), so a re-run sends nothing.
      - In a M(hwcloud.modelarts.modelarts_fleet) task the list is read once, before any item runs, and every
        item plans from it; so a tag added by one item is still added to every other service that lacked it when
        the task started.
      - To manage a tag that other services share (say C(env=prod) on every service), set it when each service is
        created, or use new-version services (M(hwcloud.modelarts.modelarts_v2_service) reads each service's tags).
    type: list
    elements: dict
    suboptions:
      key:
        description:
          - Tag key, 1 to 128 letters of any language, digits, spaces or the characters C(_.:=+-@), without a space
            at either end and not starting with C(_sys_). Each key at most once.
        type: str
        required: true
      value:
        description:
          - Tag value, at most 255 letters of any language, digits, spaces or the characters C(_.:/=+-@). Left out,
            the empty value.
        type: str
notes:
  - Creating needs O(name) and O(config) with O(config[].specification), O(config[].instance_count) and, for
    real-time services, O(config[].weight) of every model. O(name) must have 1 to 64 letters, digits, C(-), C(_) or
    Chinese characters. A new service's O(description) must not contain any of C(!<>+&"'=) (the create and the
    update API together). O(service_id) only selects an existing service; a missing one fails the task.
  - A config naming a model that does not exist fails the task unchanged. The API's error code table has two codes
    for this, HTTP 404 C(ModelArts.3507) (model does not exist; remedy, a correct model ID) and HTTP 400
    C(ModelArts.3529) (model under the service does not exist; remedy, a model of the target service); both are
    handled alike, and neither means that the service is missing.
  - The API does not promise unique names; the module never relies on the server to refuse a duplicate.
    Several services with O(name) fail the task and nothing is changed; use O(service_id) to pick one.
  - Validation happens before any request for every rule that does not depend on the current service, namely
    types (a boolean or NaN/Infinity is no number), empty strings where the API needs a value, null or
    nested values in O(config[].envs), the documented ranges, choices and kind-specific fields, an empty
    O(config), more than one model for a batch service, empty SMN events, LTS ID lengths.
    Rules that do depend on it (weights of models you did not restate, O(additional_properties.websocket_upgrade) and
    O(additional_properties.log_report_channels) once enabled, required fields of a new model, mandatory
    batch fields, C(custom_spec) and a dedicated pool for C(specification=custom), a dedicated pool
    for C(log_volume)) are checked after the service is read, on the entries as they will be, and before
    anything is written.
  - "Where the API reference leaves the behaviour open, the module assumes the following; watch these on first
    use: a config change of a C(stopped) service does not redeploy it (the change takes effect at the next start),
    while one of a C(failed) service redeploys it; O(schedule=[]) removes the schedule; service
    O(additional_properties) members you leave out keep their value (documented only for C(websocket_upgrade));
    O(additional_properties.smn_notification) is optional although the reference marks it mandatory;
    O(schedule[].duration) and O(config[].custom_spec.memory) are at least 1, O(config[].custom_spec.ascend_a310) is
    not negative, and O(config[].additional_properties.max_unavailable) may be 0 (its default, though the reference
    says greater than 0); an LTS ID has at most 64 characters (the reference says it contains 64, while LTS shows
    36-character IDs)."
seealso:
  - module: hwcloud.modelarts.modelarts_service_patch
  - module: hwcloud.modelarts.modelarts_service_info
  - name: Updating Service Configurations (UpdateService)
    description: The ModelArts API reference of C(PUT /v1/{project_id}/services/{service_id}), with every field of the body.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/UpdateService.html
  - name: Deploying Services (CreateService)
    description: >-
      The ModelArts API reference of creating a service; it documents what a configuration must hold
      (one model for a batch service, pools set at service level).
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/CreateService.html
  - name: Deleting a Service (DeleteService)
    description: The ModelArts API reference of the call that deletes a service.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/DeleteService.html
  - name: Obtaining Supported Service Deployment Specifications (ShowServiceSpecifications)
    description: The ModelArts API reference of the flavor list O(check_specification) reads.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ShowServiceSpecifications.html
  - name: Adding a Resource Tag (BatchCreateServiceTags)
    description: The ModelArts API reference of the call that adds O(tags) to a real-time service.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/BatchCreateServiceTags.html
  - name: Obtaining Inference Service Tags (ListServiceTags)
    description: The project-wide tag read O(tags) is compared against; it does not say which service has a tag.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ListServiceTags.html
  - name: Error Codes
    description: The ModelArts API error code table, with C(ModelArts.3507) and C(ModelArts.3529) for a missing model.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/modelarts_03_0095.html
'''

EXAMPLES = r'''
# The connection (region, credentials) comes from the HW_* environment variables here, or from the play's
# module_defaults for the group/hwcloud.modelarts.modelarts action group (see the collection README).
- name: Create the classifier service if it does not exist, and wait until it runs
  hwcloud.modelarts.modelarts_service:
    name: image-classifier
    description: Image classification
    config:
      - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
        specification: modelarts.vm.cpu.2u
        instance_count: 1
        weight: 100

- name: Retire the canary service
  hwcloud.modelarts.modelarts_service:
    name: image-classifier-canary
    state: absent

- name: Create the classifier service with its team and cost-centre tags
  hwcloud.modelarts.modelarts_service:
    name: image-classifier
    config:
      - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
        specification: modelarts.vm.cpu.2u
        instance_count: 1
        weight: 100
    tags:
      - key: team
        value: vision
      - key: cost-centre
        value: cc-4711

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
    - With O(state=absent), V({}) once the service is gone (C(deleting) without O(wait)).
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
tags_added:
  description:
    - The tags of O(tags) added by this run (in check mode, that it would add), key to value.
  returned: success, when O(tags) is set
  type: dict
  sample:
    team: vision
tags_unconfirmed:
  description:
    - Keys of O(tags) whose value some service of the project has, so the project's tag list cannot say whether
      this service has them; they were not sent. See O(tags).
  returned: success, when O(tags) is set
  type: list
  elements: str
  sample: [env]
waited:
  description: Seconds spent waiting for the service to settle.
  returned: success
  type: float
  sample: 42.5
diff:
  description:
    - Before and after of the changed fields, when run with C(--diff).
    - For a create, C(before) is V({}) and C(after) the new service; for a delete the reverse.
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

# First: the rest of this collection's imports then compile once from the module's zip.
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _compile_once  # noqa: F401 pylint: disable=unused-import
from ansible_collections.hwcloud.modelarts.plugins.module_utils._arguments import new_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import module_args, run_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import SERVICE_CHANGE_OPTIONS, SERVICE_CHANGE_RULES
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.lifecycle import run_service
# Shared with modelarts_fleet, which validates each of its items with them.
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.options import SERVICE_OPTIONS


def main():
    run_module(new_module(AnsibleModule, **module_args(dict(SERVICE_CHANGE_OPTIONS, **SERVICE_OPTIONS), **SERVICE_CHANGE_RULES)),
               run_service)


if __name__ == "__main__":
    main()
