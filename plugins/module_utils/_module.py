# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The shape every module shares: its AnsibleModule arguments and its one ``run`` entry.

A module's ``main()`` is ``run_module(AnsibleModule(**module_args(OPTIONS, ...)), run_<resource>)``.
``run_<resource>(run)`` takes a ModuleRun and returns the result dict or raises a ModelArtsError;
the failure result here carries the error's details and ``changed: true`` once anything may have
been written, so no module reports a failed write as "nothing happened".
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._connection import (
    build_client,
    connection_argument_spec,
    require_requests,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._write import WriteProtocol


def module_args(options, **rules):
    """AnsibleModule keyword arguments: the module's options beside the connection options, check mode on."""
    return dict(argument_spec=connection_argument_spec(**options), supports_check_mode=True, **rules)


class ModuleRun:
    """What one run of a module shares with its resource's code.

    ``module`` is the AnsibleModule (or anything module-like: ``params``, ``check_mode``, ``_diff``,
    ``warn()``, ``no_log_values``); ``protocol`` sends the writes and knows whether any landed;
    ``extra`` holds result keys learnt on the way (a request id), kept in a failure result too.
    """

    def __init__(self, module, client=None):
        self.module = module
        self.params = module.params
        self.protocol = WriteProtocol(module.warn)
        self.extra = {}
        self._client = client

    @property
    def client(self):
        """The ModelArtsClient, built on first use (after the options were checked), its secrets registered."""
        if self._client is None:
            self._client = build_client(self.params, register_secret=self.module.no_log_values.add)
        return self._client


def execute(module, run_resource, client=None):
    """``(result, None)``, or ``(failure result, error)`` for a ModelArtsError; never exits."""
    run = ModuleRun(module, client)
    try:
        return run_resource(run), None
    except ModelArtsError as error:
        result = dict(run.extra, changed=run.protocol.wrote)
        result.update(error.to_result())
        result["msg"] = str(error)
        return result, error


def run_module(module, run_resource):
    """The main of every module: run, then exit with the result or fail with the error's details."""
    require_requests(module)
    result, error = execute(module, run_resource)
    if error is not None:
        module.fail_json(**result)
    module.exit_json(**result)
