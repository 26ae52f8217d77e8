#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: modelarts_fleet
short_description: Bring many ModelArts real-time services to their desired state in one task, concurrently
version_added: 0.2.0
description:
  - One task for a whole fleet of services. Each item of O(services) takes the options of
    M(hwcloud.modelarts.modelarts_service) and is brought to its state by exactly the flow that module
    runs, with the same write safety (never status and config in one PUT, a busy service waits first,
    a write that fails without a clear answer is never re-sent blindly but read back).
  - Every item is validated before any request is sent, with the argument spec and the checks of
    M(hwcloud.modelarts.modelarts_service); when any item is invalid the task fails naming each bad item
    (its index and name or id) and the option, and sends nothing.
  - Items that name the service by C(name) are resolved from one listing of the project
    (as few list requests as the API's paging allows), matching exact names locally, instead of
    one lookup per service.
  - Up to O(max_concurrency) items send requests at once, each on its own thread with its own read, write and
    wait; an item whose deployment settles gives its place up between polls. When the API throttles (HTTP 429)
    one of them, every thread pauses for the time the API asks.
  - A failed item does not stop the others. The task fails after every item has finished, with one
    entry per item in RV(results); O(max_fail_percentage) stops starting new items once too many failed.
  - The task reports C(changed) when any item changed.
  - Compared with one M(hwcloud.modelarts.modelarts_service) task per inventory host, this costs one
    task instead of one per service (the Ansible per-task cost dominates a no-op run), but AWX and the
    play recap show one status for the whole fleet rather than one per service.
author:
  - hwcloud.modelarts developers (@hwcloud)
extends_documentation_fragment:
  - hwcloud.modelarts.connection
  - hwcloud.modelarts.attributes
attributes:
  check_mode:
    support: full
    details: Each item is planned as in M(hwcloud.modelarts.modelarts_service) check mode; nothing is written.
  diff_mode:
    support: full
    details: One diff per changed item, headed with the item's index and name.
options:
  services:
    description:
      - The services and their desired state, one item per service.
      - Each item takes the options of M(hwcloud.modelarts.modelarts_service) (without the connection
        options, which are set once for the task), with the same meaning, defaults and rules, that is
        C(service_id) or C(name), and C(config), C(description), C(schedule), C(additional_properties),
        C(infer_type), C(state), C(wait), C(wait_timeout) and the options only a create sets. As in that module,
        a named service that does not exist is created (C(config) required) and C(state=absent) deletes it.
      - Each service may be listed once (by id or by name); two items for one service would race.
    type: list
    elements: dict
    required: true
  defaults:
    description:
      - Values shared by every item, merged under each item before it is validated.
      - Dictionaries merge key by key, recursively (an item's C(additional_properties.websocket_upgrade)
        keeps the shared C(additional_properties.smn_notification)); any other value, lists included,
        is replaced by the item's own (an item's C(config) replaces the shared C(config) as a whole).
      - C(service_id) and C(name) cannot be shared.
    type: dict
    default: {}
  max_concurrency:
    description:
      - At most how many items send requests at once, 1 to 64.
      - All of them work while the requests wait for the API, as against any remote endpoint. While the module's
        process keeps a CPU busy instead (an endpoint on the same machine answers at once), fewer take new items,
        down to 2, because more threads would only contend for Python's interpreter lock. Each round of items decides
        again, one worker at a time.
      - An item whose deployment settles gives its place up between
        two polls, so the next item starts meanwhile (a fleet where some services deploy takes about the no-op
        time plus the longest deployment); it takes a place again for each poll. Each waiting item polls as
        M(hwcloud.modelarts.modelarts_service) does (paced by the deployment's progress, up to 30 seconds apart
        while the end is far, a read when it is due and a few 0.25 seconds apart after it; every 1.5 seconds
        without progress).
    type: int
    default: 8
  max_fail_percentage:
    description:
      - Once more than this percentage of all items failed, items not yet started are not started
        (reported with C(skipped=true)); items already running finish.
      - Unset, every item runs whatever happens to the others.
    type: int
  result_detail:
    description:
      - How much of each service RV(results[].service) holds.
      - V(summary) keeps C(service_id), C(service_name), C(status), C(update_time) and, when the service has one,
        C(error_msg). A result of 1,000 services is then about a tenth of the size, and Ansible and AWX (which
        stores every task result) handle it in less time.
      - V(full) returns each service as M(hwcloud.modelarts.modelarts_service) returns it.
    type: str
    choices: [summary, full]
    default: summary
notes:
  - A task that fails because of one item may still have changed others; see RV(results) and RV(changed).
  - The threads share one connection setup and token; each thread keeps its own HTTP session.
seealso:
  - module: hwcloud.modelarts.modelarts_service
  - module: hwcloud.modelarts.modelarts_service_info
'''

EXAMPLES = r'''
- name: Bring the whole fleet to its configuration in one task
  hwcloud.modelarts.modelarts_fleet:
    region: cn-north-4
    max_concurrency: 8
    defaults:
      state: running
      wait_timeout: 1800
      additional_properties:
        smn_notification:
          topic_urn: urn:smn:cn-north-4:0a1b2c3d4e5f60718293a4b5c6d7e8f9:modelarts-alerts
          events: [1, 7]
    services:
      - name: image-classifier
        config:
          - model_id: 0e1d7c7b-3c39-4d4a-9a55-2b1b7f1a8c10
            instance_count: 3
      - name: text-ranker
        description: Ranking model, business hours only
      - service_id: 7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
        state: stopped
  register: fleet

- name: Build the items from inventory variables (one host per service)
  hwcloud.modelarts.modelarts_fleet:
    services: "{{ groups['modelarts_services'] | map('extract', hostvars, 'modelarts_service') | list }}"
    max_fail_percentage: 10
  check_mode: true
  diff: true
'''

RETURN = r'''
changed:
  description: Whether any item changed (or would change, in check mode).
  returned: always
  type: bool
msg:
  description: A summary; when items failed, the first failures with their item.
  returned: always
  type: str
  sample: 100 services, 3 changed.
total:
  description: Number of items.
  returned: always
  type: int
  sample: 100
changed_count:
  description: Number of items that changed.
  returned: always
  type: int
  sample: 3
failed_count:
  description: Number of items that failed.
  returned: always
  type: int
  sample: 0
skipped_count:
  description: Number of items not started because of O(max_fail_percentage).
  returned: always
  type: int
  sample: 0
results:
  description: One entry per item of O(services), in the same order.
  returned: always
  type: list
  elements: dict
  contains:
    index:
      description: Position of the item in O(services).
      type: int
      sample: 0
    item:
      description: The item as messages name it.
      type: str
      sample: services[0] (name image-classifier)
    service_id:
      description: ID of the service.
      type: str
      sample: 7f2b8b4e-2d0b-4a49-9d3b-0a8f1e6c5d21
    name:
      description: Name of the service when the item gave it or the service was read.
      type: str
      sample: image-classifier
    changed:
      description: Whether this item changed its service (also true when it failed after a write landed).
      type: bool
    failed:
      description: Whether this item failed.
      type: bool
    skipped:
      description: Whether this item was not started because of O(max_fail_percentage).
      type: bool
    msg:
      description: What happened to the item, or why it failed.
      type: str
      sample: "changed: config"
    changed_fields:
      description: Fields that changed (or would), as in M(hwcloud.modelarts.modelarts_service).
      type: list
      elements: str
      sample: [config]
    service:
      description:
        - The service after the change. With O(result_detail=summary) (the default) its C(service_id),
          C(service_name), C(status), C(update_time) and C(error_msg) (when it has one); with O(result_detail=full)
          as M(hwcloud.modelarts.modelarts_service) returns it.
      type: dict
    diff:
      description: Before and after of the changed fields, in diff mode.
      type: dict
    waited:
      description: Seconds this item spent waiting.
      type: float
    warnings:
      description: Warnings of this item (also shown as task warnings, prefixed with the item).
      type: list
      elements: str
    error:
      description: The API error or connection failure that failed this item, as in M(hwcloud.modelarts.modelarts_service).
      type: dict
'''

from ansible.module_utils.basic import AnsibleModule

# First: the rest of this collection's imports then compile once from the module's zip.
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _compile_once  # noqa: F401 pylint: disable=unused-import
from ansible_collections.hwcloud.modelarts.plugins.module_utils._arguments import new_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import module_args, run_module
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.fleet import FLEET_OPTIONS, ITEM_ARGUMENT_SPEC, run_fleet


def main():
    run_module(new_module(AnsibleModule, nested=dict(services=ITEM_ARGUMENT_SPEC, defaults=ITEM_ARGUMENT_SPEC), **module_args(FLEET_OPTIONS)),
               run_fleet)


if __name__ == "__main__":
    main()
