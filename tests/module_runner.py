"""A module's own main() run in-process: no ansible-playbook process, no AnsiballZ payload.

``run_main`` gives main() an ``InProcessModule`` in place of AnsibleModule (the params are checked by
the module's own argument spec with the validator AnsibleModule runs, environment fallbacks
included) and answers an ``Outcome``: the result exit_json or fail_json was called with, the
warnings and the values the module registered as secrets. Both users keep the whole client and transport
against the emulator; the flow tests (tests/unit/flows) also put the module's waits on a clock of their own.
"""

import copy
import sys

from ansible.module_utils import basic
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

_PLUGINS = "ansible_collections.hwcloud.modelarts.plugins."


class ModuleExit(Exception):
    """exit_json or fail_json was called: the run is over."""

    def __init__(self, result, failed):
        super(ModuleExit, self).__init__(result.get("msg", ""))
        self.result = result
        self.failed = failed


class InProcessModule:
    """What a module uses of AnsibleModule: params validated by the module's own argument spec (the
    same validator AnsibleModule runs), check_mode, _diff, warn, exit_json and fail_json."""

    def __init__(self, params, check_mode=False, diff=False, argument_spec=None, mutually_exclusive=None,
                 required_together=None, required_one_of=None, required_if=None, required_by=None, **_ignored):
        self.warnings = []
        # Every secret the module registers (build_client is given no_log_values.add).
        self.no_log_values = set()
        self.check_mode = check_mode
        self._diff = diff
        validator = ArgumentSpecValidator(argument_spec, mutually_exclusive=mutually_exclusive,
                                          required_together=required_together, required_one_of=required_one_of,
                                          required_if=required_if, required_by=required_by)
        outcome = validator.validate(params)
        if outcome.error_messages:
            raise ModuleExit({"msg": "; ".join(outcome.error_messages), "failed": True}, True)
        self.params = outcome.validated_parameters

    def warn(self, message):
        self.warnings.append(message)

    def exit_json(self, **result):
        raise ModuleExit(result, False)

    def fail_json(self, **result):
        raise ModuleExit(result, True)


class Outcome:
    def __init__(self, result, failed, warnings, registered=()):
        self.result = result
        self.failed = failed
        self.warnings = warnings
        # What the module registered with Ansible's no-log values.
        self.registered = set(registered)

    def __getitem__(self, key):
        return self.result[key]

    def get(self, key, default=None):
        return self.result.get(key, default)


def replace_everywhere(original, replacement):
    """Point every name the collection's loaded modules bound to ``original`` at ``replacement``;
    answers what to undo."""
    replaced = []
    for name, loaded in list(sys.modules.items()):
        if not name.startswith(_PLUGINS) or loaded is None:
            continue
        for attribute, value in list(vars(loaded).items()):
            if value is original:
                setattr(loaded, attribute, replacement)
                replaced.append((loaded, attribute, original))
    return replaced


def run_main(module_code, params, check_mode=False, diff=False, replacements=()):
    """``module_code.main()`` with ``params``; ``replacements`` are (original, replacement) pairs put
    in place wherever the collection bound the original (and put back afterwards)."""
    modules = []

    def ansible_module(**kwargs):
        module = InProcessModule(params, check_mode=check_mode, diff=diff, **kwargs)
        modules.append(module)
        return module

    undo = [(module_code, "AnsibleModule", module_code.AnsibleModule), (basic, "_load_params", basic._load_params)]
    module_code.AnsibleModule = ansible_module
    # What AnsibleModule reads as the task's arguments (the collection checks the values as given).
    basic._load_params = lambda: copy.deepcopy(params)
    for original, replacement in replacements:
        undo += replace_everywhere(original, replacement)
    try:
        module_code.main()
    except ModuleExit as done:
        return Outcome(done.result, done.failed, modules[0].warnings if modules else [],
                       modules[0].no_log_values if modules else ())
    finally:
        for owner, attribute, value in reversed(undo):
            setattr(owner, attribute, value)
    raise AssertionError("the module returned without exit_json or fail_json")
