# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: result_log
type: aggregate
short_description: Write every task result to a JSON lines file, for the integration tests
description:
  - Appends one JSON object per task result to the file named by E(RESULT_LOG_PATH).
requirements:
  - enabled with E(ANSIBLE_CALLBACKS_ENABLED=result_log)
'''

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'result_log'
    CALLBACK_NEEDS_ENABLED = True

    def _write(self, outcome, result):
        path = os.environ.get('RESULT_LOG_PATH')
        if not path:
            return
        # The task's own name: result.task_name carries the role prefix ("role : name") from ansible-core 2.21 on.
        # ansible-core 2.19 and later name the task `task`, older ones only `_task`.
        task = getattr(result, 'task', None) or result._task
        record = {
            'task': task.name or result.task_name,
            'outcome': outcome,
            'result': result._result,
        }
        with open(path, 'a') as handle:
            handle.write(json.dumps(record, default=str) + '\n')

    def v2_runner_on_ok(self, result):
        self._write('ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._write('failed', result)

    def v2_runner_on_skipped(self, result):
        self._write('skipped', result)
