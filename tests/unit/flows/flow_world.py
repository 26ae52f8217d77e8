"""The flow tests' view of the emulator: its request log as (method, path) pairs, its faults, and a module clock.

The flows run over the whole client, transport and emulator (the ``emu`` fixture): a module's own
main() in-process (tests/module_runner.py), given the standard world's token and the emulator's
endpoints. ``FlowWorld`` reads the emulator's request log the way the tests assert it: paths under
``/v1/{project_id}/`` (``services/<id>``), bodies as sent. A transition the module starts ends on
the service's second GET (a polling flow sees it once, then settled), when the test releases it,
or never (``hold_transitions``); faults are the emulator's (``fail`` translates a path under the
project into the emulator's raw-path regex).

``ModuleClock`` is the module's time: it moves only when the module sleeps, so a 20-minute timeout
takes no wall-clock time; with ``drive`` it advances the emulator's held clock by each sleep, so a
transition with a duration ends after that many seconds of module time.
"""

import functools

import requests

from module_runner import run_main

from integration.harness import PROJECT_ID, REGION, TOKEN, standard_world
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _waiter

WRITES = ("PUT", "PATCH", "POST", "DELETE")
PREFIX = "/v1/%s/" % PROJECT_ID


class ModuleClock:
    """Time stands still except when the module sleeps."""

    def __init__(self, emu, start=1000.0):
        self.emu = emu
        self.now = start
        self.sleeps = []
        self.drive = False

    def time(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0, seconds
        self.sleeps.append(seconds)
        self.now += seconds
        if self.drive:
            self.emu.advance(seconds)


class FlowWorld:
    """The emulator as the flow tests set it up and assert it. See the module docstring."""

    def __init__(self, emu):
        self.emu = emu
        self.clock = ModuleClock(emu)
        self._own_reads = set()

    # --- set-up ----------------------------------------------------------------------------

    def empty_project(self):
        """The standard world without its service."""
        world = standard_world()
        world["services"] = []
        self.emu.admin("POST", "/reset")
        self.emu.settings(deploy_seconds=0.3, stop_seconds=0.2)
        self.emu.clock(mode="held", release_after_reads=2)
        self.emu.seed(world)

    def set_service(self, service_id, **fields):
        return self.emu.set_service(service_id, **fields)

    def begin(self, service_id, status, settle_to, error_msg=None, after_reads=None):
        """Someone else's change under way: ``status`` now, ``settle_to`` on the service's second GET
        (or its ``after_reads``-th)."""
        fields = dict(status=status, settle_to=settle_to)
        if error_msg:
            fields["error_msg"] = error_msg
        self.emu.set_service(service_id, **fields)
        self.emu.release(service_id, after_reads=after_reads or 2)

    def hold_transitions(self):
        """Transitions started from now on end only when released."""
        self.emu.clock(release_after_reads=0)

    def timed_transitions(self, seconds):
        """Transitions started from now on last ``seconds`` of module time (each module sleep advances the emulator)."""
        self.emu.clock(release_after_reads=0)
        self.emu.settings(deploy_seconds=seconds, stop_seconds=seconds)
        self.clock.drive = True

    def fail(self, method, path="", landed=None, answer=None, **spec):
        """The next ``method`` request whose path under the project matches ``path`` (a regex) gets the
        fault: ``status`` (+ ``error_code``, ``error_msg``, ``landed``), ``drop`` before/after, or a 200
        ``answer`` text that is not the API's (applied first if ``landed``), after ``skip`` matches."""
        pattern = "^" + PREFIX + path[1:] if path.startswith("^") else path
        fault = dict(spec, method=method, path=pattern)
        if answer is not None:
            fault["foreign_body"] = answer
            fault["landed"] = bool(landed)
        elif landed is not None:
            fault["landed"] = landed
        self.emu.fault(**fault)

    # --- what the test asserts -------------------------------------------------------------

    def log(self):
        return [(r["method"], r["path"][len(PREFIX):] if r["path"].startswith(PREFIX) else r["path"], r.get("body"))
                for r in self.emu.requests() if r["seq"] not in self._own_reads]

    def clear_log(self):
        self.emu.clear_log()

    def calls(self, *methods):
        return [(method, path) for method, path, _body in self.log() if not methods or method in methods]

    def writes(self):
        return [(method, path, body) for method, path, body in self.log() if method in WRITES]

    def bodies(self, method):
        return [body for verb, _path, body in self.log() if verb == method]

    def service(self, service_id):
        """The stored service (admin view, not logged), or None when there is none."""
        try:
            return self.emu.service(service_id)
        except requests.HTTPError as error:
            if error.response.status_code == 404:
                return None
            raise

    def service_ids(self):
        """The ids of the project's services, from the list API (that read is left out of ``log``)."""
        answer = requests.get(self.emu.url + PREFIX + "services", headers={"X-Auth-Token": TOKEN}, timeout=10)
        answer.raise_for_status()
        self._own_reads.add(self.emu.requests()[-1]["seq"])
        return sorted(service["service_id"] for service in answer.json()["services"])


# --- the module side ---------------------------------------------------------------------

def connection(emu):
    """What a job's credential would give the module: the standard world's token and the emulator's endpoints."""
    return {"region": REGION, "project_id": PROJECT_ID, "auth_token": TOKEN, "endpoint": emu.url,
            "iam_endpoint": emu.url + "/v3"}


def run_module(module_code, world, params, check_mode=False, diff=False):
    """The module's own main() in-process against the emulator, every Deadline on ``world.clock``."""
    params = dict(connection(world.emu), **params)
    deadline = functools.partial(_waiter.Deadline, clock=world.clock.time, sleep=world.clock.sleep)
    return run_main(module_code, params, check_mode=check_mode, diff=diff, replacements=[(_waiter.Deadline, deadline)])
