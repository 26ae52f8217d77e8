"""Run a play's module tasks in-process against the emulator: each task is the module's own main(),
with the whole client, transport, signer and waits, but no ansible-playbook process and no AnsiballZ
payload, so a task costs milliseconds of CPU instead of about half a second.

``InProcessRunner.run`` takes the same task dicts as ``PlaybookRunner.run`` (``module_task``) and
answers a result with the same ``task``/``failed`` accessors, so a test of what the collection does
with the API reads the same either way. What needs Ansible itself stays with ansible-playbook: Jinja,
module_defaults, type conversion of templated values, no-log masking of results, -vvv output, roles and
playbooks. A task key this runner cannot honour fails the test instead of being ignored.
"""

import os

from ansible_collections.hwcloud.modelarts.plugins.modules import (
    modelarts_fleet,
    modelarts_model,
    modelarts_model_info,
    modelarts_service,
    modelarts_service_info,
    modelarts_service_patch,
    modelarts_v2_service,
    modelarts_v2_service_info,
)

from module_runner import run_main

MODULES = dict(("hwcloud.modelarts." + code.__name__.rsplit(".", 1)[1], code) for code in (
    modelarts_fleet, modelarts_model, modelarts_model_info, modelarts_service, modelarts_service_info, modelarts_service_patch,
    modelarts_v2_service, modelarts_v2_service_info))
# `register` is allowed and does nothing: the test reads results with task(name), and no argument may be templated.
TASK_KEYS = {"name", "ignore_errors", "check_mode", "diff", "register"}


class InProcessResult:
    def __init__(self, records):
        self.records = records
        # As ansible-playbook's exit status: 2 when a task failed that did not ignore errors.
        self.rc = 2 if any(r["outcome"] == "failed" and not r["ignored"] for r in records) else 0
        # What a failed assertion shows (tests pass result.stdout as the message): each task's outcome and message.
        self.stdout = "\n".join("%s: %s %s" % (r["task"], r["outcome"], r["result"].get("msg", "")) for r in records)
        self.stderr = ""

    def task(self, name):
        """The result of the task named ``name`` (the last one, if it ran more than once)."""
        matches = [r for r in self.records if r["task"] == name]
        assert matches, "task %r did not run; ran: %s" % (name, [r["task"] for r in self.records])
        return dict(matches[-1]["result"], failed=matches[-1]["outcome"] == "failed")

    def failed(self, name):
        return self.task(name)["failed"]


class InProcessRunner:
    def __init__(self, emu):
        self.emu = emu

    def run(self, tasks, check=False, diff=False, auth="aksk", env=None):
        """Each task in turn, stopping after a failed one that does not ignore errors (as a play does);
        the job's environment is the HW_* variables of ``auth`` plus ``env``."""
        job_env = dict(self.emu.env(auth), **(env or {}))
        saved = dict((name, value) for name, value in os.environ.items() if name.startswith("HW_"))
        records = []
        try:
            for name in saved:
                del os.environ[name]
            os.environ.update(job_env)
            for task in tasks:
                record = self._run_task(task, check, diff)
                records.append(record)
                if record["outcome"] == "failed" and not record["ignored"]:
                    break
        finally:
            for name in job_env:
                os.environ.pop(name, None)
            os.environ.update(saved)
        return InProcessResult(records)

    @staticmethod
    def _run_task(task, check, diff):
        modules = [key for key in task if key in MODULES]
        unknown = set(task) - TASK_KEYS - set(modules)
        assert len(modules) == 1 and not unknown and "{{" not in repr(task), (
            "in-process tasks call one module, with %s and no templating: %r" % (sorted(TASK_KEYS), task))
        outcome = run_main(MODULES[modules[0]], dict(task[modules[0]]), check_mode=task.get("check_mode", check),
                           diff=task.get("diff", diff))
        result = dict(outcome.result)
        if outcome.warnings:
            # Where Ansible puts what a module warned of.
            result["warnings"] = list(outcome.warnings)
        return {"task": task.get("name", modules[0]), "outcome": "failed" if outcome.failed else "ok",
                "ignored": bool(task.get("ignore_errors")), "result": result}
