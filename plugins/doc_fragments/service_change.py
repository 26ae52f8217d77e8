# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The options of every module that changes one service (argument spec: _service_change.SERVICE_CHANGE_OPTIONS).
    DOCUMENTATION = r'''
options:
  service_id:
    description:
      - ID of the service. Exactly one of O(service_id) and O(name) is required.
      - Selects an existing service only; the API chooses the ids of new services.
    type: str
  name:
    description:
      - Exact name (C(service_name)) of the service, looked up with the list API.
      - Fails when more than one service has this name, and changes nothing. When none has it, a module that
        creates services creates it under this name; the others fail.
    type: str
    aliases: [service_name]
  wait:
    description:
      - Wait until the service reaches the state the change leads to (C(running), C(stopped), C(concerning) or
        C(finished)). Fails if it ends C(failed), with the service's C(error_msg).
      - C(concerning) (some instances are abnormal) ends the wait like C(running), with a warning. It is no
        transition (nothing under way ends it by itself, and the API takes config changes in it as in C(running)),
        so waiting on would only end in a O(wait_timeout) failure while the service serves.
      - With V(false) the module returns right after the last write, with the service as it is predicted to be.
        A change that needs two writes (status and config) still waits between them, because the API refuses
        the second while the service is in transition.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait in all, for a busy service to settle before the change and for the change itself.
    type: int
    default: 1200
'''
