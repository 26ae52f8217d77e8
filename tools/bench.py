"""`make bench`: what a task, a fleet, a listing and a wait cost, measured against the emulator.

Usage (from the repository root)::

    .venv/bin/python tools/bench.py [--repeats 3] [--fleet 100] [--per-host-repeats 1] [--pace-fleet 1000] [--lag-samples 3] [--only NAMES]

Everything runs in this process tree: one emulator (in this process, on a free loopback port) and
ansible-playbook runs as child processes. Compared variants run alternately (A, B, A, B, ...) so a
load change on the machine hits both alike. Each figure is printed as median (min-max) with the ratio of
medians; nothing is asserted, the figures are for reading (docs/performance.md keeps them).

Scenarios:
  tasks    per-task cost of a no-op task of each module vs an ansible.builtin.uri GET of the same service
           (a play of N tasks minus an empty play, divided by N); then the module process alone: the CPU time of
           the kept AnsiballZ file of one modelarts_service task and of one uri task, run alternately, and of the
           same modelarts_service file with the bytecode cache off (what every task cost before the cache)
  fleet    100 services no-op and changed: fleet_update.yml (one host per service, forks 4) vs
           fleet_reconcile.yml (one modelarts_fleet task) and a play of only that task, with request counts
  listing  1205 services whose names share a prefix: listing them all, and looking up the name that is
           the prefix (requests and time)
  pace     the per-service cost of a no-op modelarts_fleet play (the slope between --pace-fleet services and a tenth
           of them) against the per-request cost of the same GETs from a tight requests.Session loop: a ratio
           with its limit (goal: at most 1.5), and the same slope of a module that sends nothing but takes the
           same arguments and returns a result of the same shape (Ansible's own share); then the module process
           of that fleet alone at max_concurrency 1, 2 and 8 (CPU, wall, context switches per request); then a
           tenth of the fleet changing
  inventory ansible-inventory --list of the modelarts_services plugin at 1,000 and 10,000 services (--inventory-sizes):
           from its jsonfile cache vs a live read (twice --repeats runs each); the ratio cached / live with its
           limit (goal: below 1.0), and the same of the CPU time of the command
  lag      how late a wait sees a 3 s / 30 s deployment reach running (poll interval cap)
  budget   the GETs of one wait for a 10-minute deployment, on the emulator's held clock advanced by the wait's
           pauses: against a third of one GET per 1.5 s, and its lag against 2 s
  sessions 200 GETs from 8 threads: one requests.Session per thread (what the transport does) vs one
           shared session behind a lock
Peak RSS is the largest resident size of any process of a run (ansible-playbook or its module).
"""

import argparse
import glob
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, ".build", "collections")
PLAYBOOKS = os.path.join(ROOT, "playbooks")
sys.path[:0] = [COLLECTIONS, os.path.join(ROOT, "tests")]

from emulator.server import Emulator  # noqa: E402
from integration.harness import (  # noqa: E402
    MODEL_V1,
    PROJECT_ID,
    REGION,
    SERVICE_ID,
    TOKEN,
    EmulatorHandle,
)

# Runs one command and prints the largest RSS (KiB) of any of its descendants: a peak per run.
RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "sys.stderr.write('\\nBENCH_MAXRSS_KIB=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def summary(values, unit="s", digits=2):
    if not values:
        return "-"
    fmt = "%%.%df" % digits
    median = statistics.median(values)
    if len(values) == 1:
        return (fmt + " %s (1 run)") % (median, unit)
    return (fmt + " %s (" + fmt + "-" + fmt + ", %d runs)") % (median, unit, min(values), max(values), len(values))


def ratio(a, b):
    if not a or not b:
        return "-"
    return "%.2f" % (statistics.median(a) / statistics.median(b))


# A module that sends nothing: it takes a modelarts_fleet task's services and returns a result of the same shape
# (result_detail summary, every service unchanged). A play of it costs, per service, what Ansible itself spends on
# the task's arguments and result, which no module of that interface can save.
FLEET_SHAPED_NOOP = """#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(services=dict(type="list", elements="dict", required=True)),
                           supports_check_mode=True)
    results = []
    for index, item in enumerate(module.params["services"]):
        service_id = "5e0c1d2e-be4c-4bbb-8ccc-%012d" % index
        results.append(dict(index=index, item="services[%d] (name %s)" % (index, item["name"]), service_id=service_id,
                            name=item["name"], changed=False, service=dict(service_id=service_id, service_name=item["name"],
                            status="running", update_time=1796374484948), changed_fields=[], waited=0.0, msg="unchanged",
                            failed=False, skipped=False))
    module.exit_json(changed=False, results=results, total=len(results), changed_count=0, failed_count=0,
                     skipped_count=0, msg="%d services, 0 changed." % len(results))


main()
"""


def cpu_between(before, after):
    """CPU seconds (user + system) of the child processes that ended between two RUSAGE_CHILDREN readings."""
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


class Bench:
    def __init__(self, args):
        self.args = args
        self.server = Emulator(host="127.0.0.1", port=0)
        self.server.start()
        self.emu = EmulatorHandle(self.server.url)
        self.tmp = tempfile.mkdtemp(prefix="modelarts-bench-")
        self.lines = []
        self.rss = {}

    def close(self):
        self.server.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def out(self, line=""):
        print(line, flush=True)
        self.lines.append(line)

    # -- running ansible-playbook -------------------------------------------------------------

    def env(self, forks=None):
        # Python as usually set up, which writes bytecode, here in folders of the bench's own, filled by the first
        # runs: Python's own under a prefix, this collection's compiled module_utils in a cache home.
        env = dict((k, v) for k, v in os.environ.items()
                   if not k.startswith(("HW_", "ANSIBLE_")) and k != "PYTHONDONTWRITEBYTECODE")
        env.update({
            "PYTHONPYCACHEPREFIX": os.path.join(self.tmp, "pycache"), "XDG_CACHE_HOME": os.path.join(self.tmp, "cache-home"),
            "HW_REGION_NAME": REGION, "HW_PROJECT_ID": PROJECT_ID, "HW_AUTH_TOKEN": TOKEN,
            "HW_MODELARTS_ENDPOINT": self.server.url, "HW_AUTH_URL": self.server.url + "/v3",
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS, "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_NOCOLOR": "1", "ANSIBLE_RETRY_FILES_ENABLED": "0", "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0", "ANSIBLE_HOST_KEY_CHECKING": "0",
        })
        if forks:
            env["ANSIBLE_FORKS"] = str(forks)
        return env

    def playbook(self, path, inventory="localhost,", forks=None, label=None, env=None):
        """Run one playbook; return (seconds, modelarts requests); record its peak RSS under ``label``.
        ``env`` adds to the environment of every run."""
        self.emu.clear_log()
        command = [sys.executable, "-c", RSS_WRAPPER, os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
                   "-i", inventory, "-c", "local", path]
        began = time.monotonic()
        done = subprocess.run(command, env=dict(self.env(forks), **(env or {})), capture_output=True, text=True, check=False)
        seconds = time.monotonic() - began
        if done.returncode != 0:
            sys.exit("bench: %s failed (rc %s):\n%s\n%s" % (path, done.returncode, done.stdout[-3000:], done.stderr[-2000:]))
        for line in done.stderr.splitlines():
            if line.startswith("BENCH_MAXRSS_KIB=") and label:
                self.rss[label] = max(self.rss.get(label, 0), int(line.split("=", 1)[1]))
        requests = [r for r in self.emu.requests(api=None) if r["path"].startswith("/v1/")]
        return seconds, len(requests)

    def client(self):
        """A ModelArtsClient of this run's emulator, as a module builds one from its connection options."""
        from ansible_collections.hwcloud.modelarts.plugins.module_utils._connection import CONNECTION_ARGUMENT_SPEC, build_client

        params = dict((name, spec.get("default")) for name, spec in CONNECTION_ARGUMENT_SPEC.items())
        params.update(region=REGION, project_id=PROJECT_ID, auth_token=TOKEN, endpoint=self.server.url,
                      iam_endpoint=self.server.url + "/v3")
        return build_client(params)

    def write_play(self, name, tasks, hosts="localhost"):
        path = os.path.join(self.tmp, name + ".yml")
        with open(path, "w") as handle:
            json.dump([{"name": name, "hosts": hosts, "gather_facts": False, "tasks": tasks}], handle)
        return path

    def kept_module(self, name, task):
        """The AnsiballZ file Ansible writes to run ``task``, kept (ANSIBLE_KEEP_REMOTE_FILES) in a folder of its own."""
        remote_tmp = os.path.join(self.tmp, "kept-" + name)
        self.playbook(self.write_play("kept-" + name, [task]), env={"ANSIBLE_KEEP_REMOTE_FILES": "1",
                                                                    "ANSIBLE_REMOTE_TMP": remote_tmp})
        found = glob.glob(os.path.join(remote_tmp, "*", "AnsiballZ_*.py"))
        if len(found) != 1:
            sys.exit("bench: the play of %s kept %d module files, not one" % (name, len(found)))
        return found[0]

    def module_runs(self, files, rounds):
        """Each kept module file run on its own, the files taking turns: per run, the module process's CPU seconds
        (user + system), wall seconds and voluntary context switches. ``files``: name -> (path, environment added
        to the bench's)."""
        runs = dict((name, []) for name in files)
        for _round in range(rounds):
            for name, (path, env) in files.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                began = time.monotonic()
                done = subprocess.run([sys.executable, path], env=dict(self.env(), **env), capture_output=True, text=True,
                                      check=False)
                wall = time.monotonic() - began
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if done.returncode != 0:
                    sys.exit("bench: the kept module of %s failed:\n%s" % (name, done.stdout[-3000:]))
                runs[name].append((cpu_between(before, after), wall,
                                   after.ru_nvcsw - before.ru_nvcsw))
        return runs

    def module_cpu(self, files, rounds):
        """CPU seconds of each kept module file run on its own, the files taking turns (see module_runs)."""
        return dict((name, [cpu for cpu, _wall, _switches in runs]) for name, runs in self.module_runs(files, rounds).items())

    def alternate(self, variants, rounds):
        """``variants``: list of (name, callable returning (seconds, requests)); runs them A, B, ... per round."""
        times = dict((name, []) for name, _run, _count in variants)
        counts = dict((name, []) for name, _run, _count in variants)
        for number in range(rounds):
            for name, run, count in variants:
                if number < count:
                    seconds, requests = run()
                    times[name].append(seconds)
                    counts[name].append(requests)
        return times, counts

    # -- scenarios -----------------------------------------------------------------------------

    def world(self, deploy_seconds=0.3, stop_seconds=0.2):
        # A real clock: the bench measures how long deployments take to be seen, so they must take their time.
        self.emu.reset_world(deploy_seconds=deploy_seconds, stop_seconds=stop_seconds, clock="real")

    def tasks(self):
        self.world()
        current = self.emu.service()
        n = self.args.tasks
        uri = {"ansible.builtin.uri": {
            "url": "%s/v1/%s/services/%s" % (self.server.url, PROJECT_ID, SERVICE_ID),
            "headers": {"X-Auth-Token": "{{ lookup('ansible.builtin.env', 'HW_AUTH_TOKEN') }}"}}}
        modules = [
            ("modelarts_service", {"hwcloud.modelarts.modelarts_service": {
                "service_id": SERVICE_ID, "description": current["description"]}}),
            ("modelarts_service_patch", {"hwcloud.modelarts.modelarts_service_patch": {
                "service_id": SERVICE_ID, "patch": [{"path": "/config/0/instance_count", "value": 1}]}}),
            ("modelarts_service_info", {"hwcloud.modelarts.modelarts_service_info": {"service_id": SERVICE_ID}}),
            ("modelarts_fleet (1 item)", {"hwcloud.modelarts.modelarts_fleet": {
                "services": [{"service_id": SERVICE_ID, "description": current["description"]}]}}),
        ]
        empty = self.write_play("empty", [])
        plays = [("empty play", empty), ("uri GET", self.write_play("uri", [dict(uri, name="t%d" % i) for i in range(n)]))]
        for name, task in modules:
            plays.append((name, self.write_play(name.split()[0], [dict(task, name="t%d" % i) for i in range(n)])))
        variants = [(name, (lambda path=path, name=name: self.playbook(path, label=name)), self.args.repeats)
                    for name, path in plays]
        times, _counts = self.alternate(variants, self.args.repeats)
        base = statistics.median(times["empty play"])
        per_task = dict((name, [(t - base) / n for t in values]) for name, values in times.items() if name != "empty play")
        self.out("### Per-task cost of a no-op task (%d tasks per play, minus an empty play of %.2f s)" % (n, base))
        self.out()
        self.out("| task | per task | ratio to uri GET | limit |")
        self.out("|---|---|---|---|")
        for name, values in per_task.items():
            # The goal is set for modelarts_service; the other modules are shown beside it.
            limit = "1.00" if name == "modelarts_service" else ""
            self.out("| %s | %s | %s | %s |" % (name, summary(values, digits=3), ratio(values, per_task["uri GET"]), limit))
        self.out()
        # A play's wall time spreads more from run to run than the difference between two modules' processes; the
        # CPU time of the module process alone, over many alternated runs, shows that difference.
        service = self.kept_module("modelarts_service", dict(modules)["modelarts_service"])
        # The same file with the bytecode cache empty and unwritten: every file of the collection compiles.
        no_cache = {"XDG_CACHE_HOME": os.path.join(self.tmp, "empty-cache-home"), "PYTHONDONTWRITEBYTECODE": "1"}
        files = {"uri GET": (self.kept_module("uri", uri), {}), "modelarts_service": (service, {}),
                 "modelarts_service, bytecode cache off": (service, no_cache)}
        rounds = self.args.repeats * 8
        cpu = self.module_cpu(files, rounds)
        self.out("### The module process alone: CPU time of the kept AnsiballZ file of one no-op task (%d runs each, "
                 "alternated)" % rounds)
        self.out()
        self.out("| task | module process CPU | ratio to uri GET | limit |")
        self.out("|---|---|---|---|")
        for name, values in cpu.items():
            self.out("| %s | %s | %s | %s |" % (name, summary([value * 1000 for value in values], unit="ms", digits=0),
                                                ratio(values, cpu["uri GET"]), "1.00" if name == "modelarts_service" else ""))
        self.out()

    def seed_fleet(self, size, instance_count=1):
        self.emu.seed({"services": [{
            "service_id": "5e0c1d2e-be4c-4bbb-8ccc-%012d" % number, "service_name": "bench-%03d" % number,
            "project_id": PROJECT_ID, "infer_type": "real-time", "status": "running", "description": "bench",
            "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                        "instance_count": instance_count, "weight": 100}],
        } for number in range(size)]})

    def fleet_inventory(self, size, instance_count):
        hosts = dict(("bench-%03d" % number, {"service_config": [{"model_id": MODEL_V1, "instance_count": instance_count}]})
                     for number in range(size))
        path = os.path.join(self.tmp, "fleet-%d.json" % instance_count)
        with open(path, "w") as handle:
            json.dump({"modelarts_services": {"hosts": hosts}}, handle)
        return path

    @staticmethod
    def fleet_services(size, instance_count=1):
        """modelarts_fleet's services for the seeded fleet, each with ``instance_count`` instances."""
        return [{"name": "bench-%03d" % number, "config": [{"model_id": MODEL_V1, "instance_count": instance_count}]}
                for number in range(size)]

    def fleet_task_play(self, size, instance_count):
        return self.write_play("fleet-task-%d-%d" % (size, instance_count), [{"name": "fleet", "hwcloud.modelarts.modelarts_fleet": {
            "services": self.fleet_services(size, instance_count)}}])

    def fleet(self):
        size = self.args.fleet
        self.world(deploy_seconds=0.3)
        self.seed_fleet(size)
        per_host = os.path.join(PLAYBOOKS, "fleet_update.yml")
        reconcile = os.path.join(PLAYBOOKS, "fleet_reconcile.yml")
        self.out("### A fleet of %d services: per host (fleet_update.yml, forks 4) vs one modelarts_fleet task "
                 "(max_concurrency 8): fleet_reconcile.yml with the same inventory, and a play of that one task" % size)
        self.out()
        self.out("| run | per host | fleet_reconcile.yml | one-task play | ratio reconcile / per host | "
                 "ratio one-task play / per host | requests per host | requests one task |")
        self.out("|---|---|---|---|---|---|---|---|")
        state = {"count": 1}

        def run(kind, change, label):
            if change:
                state["count"] = 2 if state["count"] == 1 else 1
            count = state["count"]
            if kind == "per host":
                return self.playbook(per_host, inventory=self.fleet_inventory(size, count), forks=4, label=label)
            if kind == "reconcile":
                return self.playbook(reconcile, inventory=self.fleet_inventory(size, count), label=label)
            return self.playbook(self.fleet_task_play(size, count), label=label)

        for change, title in ((False, "no-op"), (True, "config change (deploy 0.3 s)")):
            variants = [
                ("per host", lambda change=change, title=title: run("per host", change, "fleet %s, per host" % title),
                 self.args.per_host_repeats),
                ("reconcile", lambda change=change, title=title: run("reconcile", change, "fleet %s, fleet_reconcile.yml" % title),
                 self.args.repeats),
                ("task", lambda change=change, title=title: run("task", change, "fleet %s, one-task play" % title),
                 self.args.repeats),
            ]
            times, counts = self.alternate(variants, max(self.args.repeats, self.args.per_host_repeats))
            self.out("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                title, summary(times["per host"]), summary(times["reconcile"]), summary(times["task"]),
                ratio(times["reconcile"], times["per host"]), ratio(times["task"], times["per host"]),
                summary(counts["per host"], unit="", digits=0), summary(counts["task"], unit="", digits=0)))
        self.out()

    def pace(self):
        import requests

        size = self.args.pace_fleet
        small = max(1, size // 10)
        self.world()
        self.seed_fleet(size)
        url = "%s/v1/%s/services/5e0c1d2e-be4c-4bbb-8ccc-%%012d" % (self.server.url, PROJECT_ID)

        def tight():
            session = requests.Session()
            began = time.monotonic()
            for number in range(size):
                session.get(url % number, headers={"X-Auth-Token": TOKEN}).json()
            return (time.monotonic() - began) / size, size

        plays = dict((count, self.fleet_task_play(count, 1)) for count in (small, size))
        library = os.path.join(self.tmp, "library")
        os.makedirs(library, exist_ok=True)
        with open(os.path.join(library, "fleet_shaped_noop.py"), "w") as handle:
            handle.write(FLEET_SHAPED_NOOP)
        alone = dict((count, self.write_play("fleet-shaped-noop-%d" % count, [{"name": "noop", "fleet_shaped_noop": {
            "services": self.fleet_services(count)}}])) for count in (small, size))

        def play_alone(count):
            return self.playbook(alone[count], label="module that sends nothing, %d services" % count,
                                 env={"ANSIBLE_LIBRARY": library})

        variants = [
            ("tight", tight, self.args.repeats),
            ("small", lambda: self.playbook(plays[small], label="fleet no-op, %d services" % small), self.args.repeats),
            ("large", lambda: self.playbook(plays[size], label="fleet no-op, %d services" % size), self.args.repeats),
            ("alone small", lambda: play_alone(small), self.args.repeats),
            ("alone large", lambda: play_alone(size), self.args.repeats),
        ]
        times, _counts = self.alternate(variants, self.args.repeats)
        per_get = statistics.median(times["tight"])
        per_service = (statistics.median(times["large"]) - statistics.median(times["small"])) / (size - small)
        per_service_alone = (statistics.median(times["alone large"]) - statistics.median(times["alone small"])) / (size - small)
        self.out("### Fleet no-op at the pace of the wire: per-service cost of one modelarts_fleet task vs a tight GET loop")
        self.out()
        self.out("| measure | value | ratio | limit |")
        self.out("|---|---|---|---|")
        self.out("| tight requests.Session GET loop, per request | %s | 1.00 | - |" % summary(
            [value * 1000 for value in times["tight"]], unit="ms", digits=3))
        self.out("| no-op play of %d services | %s | - | - |" % (small, summary(times["small"])))
        self.out("| no-op play of %d services | %s | - | - |" % (size, summary(times["large"])))
        self.out("| fleet per service (slope %d to %d) | %.3f ms | %.2f | 1.50 |" % (
            small, size, per_service * 1000, per_service / per_get))
        self.out("| a module that sends nothing, same arguments and result, per service (Ansible's own share) | "
                 "%.3f ms | %.2f | - |" % (per_service_alone * 1000, per_service_alone / per_get))
        self.out("| what the fleet adds to that, per service | %.3f ms | %.2f | - |" % (
            (per_service - per_service_alone) * 1000, (per_service - per_service_alone) / per_get))
        self.out()
        self.pace_workers(size)
        self.pace_changes(size)

    def pace_workers(self, size, counts=(1, 2, 8)):
        """The module process of the same no-op fleet at several max_concurrency: on loopback it is CPU-bound, so
        what more workers add is their contention for Python's interpreter lock (a thread switch at every system
        call of a request), seen as CPU time and voluntary context switches."""
        files = {}
        for count in counts:
            task = {"name": "fleet", "hwcloud.modelarts.modelarts_fleet": {"max_concurrency": count,
                                                                           "services": self.fleet_services(size)}}
            files["%d" % count] = (self.kept_module("fleet-workers-%d" % count, task), {})
        rounds = self.args.repeats * 2
        runs = self.module_runs(files, rounds)
        requests = size + 2
        base = str(counts[-1])
        self.out("### The module process of that no-op fleet of %d services by max_concurrency (%d runs each, "
                 "alternated)" % (size, rounds))
        self.out()
        self.out("| max_concurrency | module process CPU | ratio to %s | wall | voluntary context switches per request |" % base)
        self.out("|---|---|---|---|---|")
        for name, values in runs.items():
            cpu = [value[0] for value in values]
            self.out("| %s | %s | %s | %s | %s |" % (
                name, summary(cpu), ratio(cpu, [value[0] for value in runs[base]]), summary([value[1] for value in values]),
                summary([value[2] / float(requests) for value in values], unit="", digits=1)))
        self.out()

    def pace_changes(self, size, share=10, deploy_seconds=3.0):
        """A tenth of the fleet changes (deployments of ``deploy_seconds``); the limit is the no-op run of the same
        fleet plus the longest single deployment plus 1 s, at the default max_concurrency. The no-op runs alternate
        with the changing runs, so a machine that slows down between them does not move the ratio."""
        self.world(deploy_seconds=deploy_seconds)
        self.seed_fleet(size)
        state = {"count": 1}

        def fleet_run(change):
            if change:
                state["count"] = 2 if state["count"] == 1 else 1
            label = "%d%% change" % (100 // share) if change else "no-op"
            path = self.write_play("fleet-%s-%d" % ("changes" if change else "noop", state["count"]), [{
                "name": "fleet", "hwcloud.modelarts.modelarts_fleet": {
                    "services": [{"name": "bench-%03d" % number, "config": [
                        {"model_id": MODEL_V1, "instance_count": state["count"] if number % share == 0 else 1}]}
                        for number in range(size)]}}])
            return self.playbook(path, label="fleet, %s, %d services" % (label, size))

        # The same tenth flips between 1 and 2 instances, so every changing run deploys a tenth of the fleet; a
        # no-op run restates what the last changing run left.
        fleet_run(True)
        times, counts = self.alternate([("no-op", lambda: fleet_run(False), self.args.repeats),
                                        ("changes", lambda: fleet_run(True), self.args.repeats)], self.args.repeats)
        limit = statistics.median(times["no-op"]) + deploy_seconds + 1.0
        self.out("### Fleet with changes: %d services, %d%% deploy for %g s, max_concurrency 8" % (
            size, 100 // share, deploy_seconds))
        self.out()
        self.out("| run | wall | requests | limit (no-op + longest deployment + 1 s) | ratio to the limit |")
        self.out("|---|---|---|---|---|")
        self.out("| no-op | %s | %s | - | - |" % (summary(times["no-op"]), summary(counts["no-op"], unit="", digits=0)))
        self.out("| %d%% change | %s | %s | %.2f s | %.2f (limit 1.00) |" % (
            100 // share, summary(times["changes"]), summary(counts["changes"], unit="", digits=0), limit,
            statistics.median(times["changes"]) / limit))
        self.out()

    def inventory(self):
        import pathlib
        import shutil

        from integration.inventory_runner import InventoryRunner

        self.world()
        runner = InventoryRunner(self.emu, pathlib.Path(self.tmp))
        # At 1,000 services both reads take about a second, almost all of it ansible-inventory's own start and
        # output, and the difference measured is a tenth of that: twice the rounds of the other scenarios.
        rounds = self.args.repeats * 2
        self.out("### Inventory: ansible-inventory --list from the plugin's cache vs a live read (%d runs each, "
                 "alternated)" % rounds)
        self.out()
        self.out("| services | live | cached | ratio cached / live | limit | CPU live | CPU cached | ratio of CPU |")
        self.out("|---|---|---|---|---|---|---|---|")
        for size in [int(value) for value in self.args.inventory_sizes.split(",")]:
            self.seed_fleet(size)
            cache_dir = os.path.join(self.tmp, "inventory-cache-%d" % size)
            shutil.rmtree(cache_dir, ignore_errors=True)
            config = {}
            cached_config = dict(config, cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=cache_dir,
                                 cache_timeout=3600)
            live_path = runner.write(config, name="live-%d" % size)
            cached_path = runner.write(cached_config, name="cached-%d" % size)

            def run(path):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                began = time.monotonic()
                done = runner.run(path=path, env={"ANSIBLE_COLLECTIONS_PATH": COLLECTIONS})
                seconds = time.monotonic() - began
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if done.rc != 0:
                    sys.exit("bench: ansible-inventory failed (rc %s):\n%s" % (done.rc, done.output[-2000:]))
                return seconds, cpu_between(before, after)

            run(cached_path)  # fills the cache
            times, cpu = self.alternate([("live", lambda path=live_path: run(path), rounds),
                                         ("cached", lambda path=cached_path: run(path), rounds)], rounds)
            self.out("| %d | %s | %s | %s | 1.00 | %s | %s | %s |" % (
                size, summary(times["live"]), summary(times["cached"]), ratio(times["cached"], times["live"]),
                summary(cpu["live"]), summary(cpu["cached"]), ratio(cpu["cached"], cpu["live"])))
        self.out()

    def listing(self):
        from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi

        self.world()
        total = 1205
        # One service is named by the prefix all the others share: its lookup matches every name.
        self.emu.seed({"services": [{
            "service_id": "5e0c1d2e-115e-4bbb-8ccc-%012d" % number,
            "service_name": "svc" if number == 0 else "svc-%04d" % number, "project_id": PROJECT_ID,
            "status": "stopped", "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u",
                                             "instance_count": 1, "weight": 100}],
        } for number in range(total - 1)]})
        api = ServiceApi(self.client())
        rows = []
        for label, call in (("list every service", api.list_services), ("look up the name svc", lambda: api.services_named("svc"))):
            seconds, requests = [], []
            for _round in range(self.args.repeats):
                self.emu.clear_log()
                began = time.monotonic()
                found = call()
                seconds.append(time.monotonic() - began)
                requests.append(len(self.emu.requests()))
            rows.append((label, len(found), requests[-1], seconds))
        self.out("### Listing %d services whose names share a prefix" % total)
        self.out()
        self.out("| call | found | list requests | time |")
        self.out("|---|---|---|---|")
        for label, found, requests, seconds in rows:
            self.out("| %s | %d | %d | %s |" % (label, found, requests, summary(seconds, digits=3)))
        self.out()

    def lag(self):
        from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
        from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.fleet import ItemModule, validate_items
        from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.update import update_flow

        api = ServiceApi(self.client())
        self.out("### Settle lag: how late the wait sees the deployment reach running")
        self.out()
        self.out("| deployment | lag | GET requests per wait |")
        self.out("|---|---|---|")
        for deploy_seconds, samples in ((3.0, self.args.lag_samples), (30.0, 1)):
            self.world(deploy_seconds=deploy_seconds)
            lags, gets = [], []
            for number in range(samples):
                item = validate_items([{"service_id": SERVICE_ID, "config": [
                    {"model_id": MODEL_V1, "instance_count": 2 + number % 2}]}], {})[0]
                self.emu.clear_log()
                update_flow(ItemModule(item.params, False, False), api).run()
                returned_ms = time.time() * 1000.0
                log = self.emu.requests()
                put = [r for r in log if r["method"] == "PUT"][0]
                lags.append((returned_ms - (put["time"] + deploy_seconds * 1000.0)) / 1000.0)
                gets.append(len([r for r in log if r["method"] == "GET"]))
            self.out("| %g s | %s | %s |" % (deploy_seconds, summary(lags), summary(gets, unit="", digits=0)))
        self.out()

    def budget(self):
        """The request budget of one wait: a 10-minute deployment on the emulator's held clock, which the wait's
        pauses advance (ten minutes pass in about a second). Limits: lag at most 2 s, GETs at most a third of
        one GET per 1.5 s (400 for ten minutes)."""
        from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
        from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.waiting import wait_until_settled
        from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import MAX_POLL, Deadline

        deploy_seconds = 600.0
        api = ServiceApi(self.client())
        self.emu.reset_world(deploy_seconds=deploy_seconds, clock="held", release_after_reads=0)
        current = api.get_service(SERVICE_ID)
        config = [dict((key, entry[key]) for key in ("model_id", "weight", "specification") if key in entry)
                  for entry in current["config"]]
        for entry, was in zip(config, current["config"]):
            entry["instance_count"] = was["instance_count"] + 1
        api.update_service(SERVICE_ID, {"config": config})
        self.emu.clear_log()
        elapsed = [0.0]

        def pause(seconds):
            elapsed[0] += seconds
            self.emu.advance(seconds)

        wait_until_settled(api, SERVICE_ID, Deadline(2 * deploy_seconds, clock=lambda: elapsed[0], sleep=pause))
        gets = len([r for r in self.emu.requests() if r["method"] == "GET"])
        without_progress = deploy_seconds / MAX_POLL
        lag = elapsed[0] - deploy_seconds
        self.out("### Request budget of one wait: a %d-minute deployment (emulator clock advanced by the wait's pauses)" % (
            deploy_seconds / 60))
        self.out()
        self.out("| measure | value | limit | ratio to the limit |")
        self.out("|---|---|---|---|")
        self.out("| GETs per wait | %d | %.0f (a third of %.0f, one per %.1f s) | %.2f |" % (
            gets, without_progress / 3, without_progress, MAX_POLL, gets / (without_progress / 3)))
        self.out("| settle lag | %.2f s | 2.00 s | %.2f |" % (lag, lag / 2.0))
        self.out()

    def sessions(self):
        import threading

        from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi

        self.world()

        def burst(locked):
            client = self.client()
            api = ServiceApi(client)
            if locked:
                lock = threading.Lock()
                shared = client.transport.session
                original = shared.request

                def one_at_a_time(*args, **kwargs):
                    with lock:
                        return original(*args, **kwargs)

                shared.request = one_at_a_time
                client.transport._session = shared
            todo = list(range(200))
            todo_lock = threading.Lock()

            def work():
                while True:
                    with todo_lock:
                        if not todo:
                            return
                        todo.pop()
                    api.get_service(SERVICE_ID)

            threads = [threading.Thread(target=work) for _number in range(8)]
            began = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return time.monotonic() - began, 200

        variants = [("per thread", lambda: burst(False), self.args.repeats),
                    ("shared + lock", lambda: burst(True), self.args.repeats)]
        times, _counts = self.alternate(variants, self.args.repeats)
        self.out("### 200 GETs from 8 threads: a session per thread vs one shared session behind a lock")
        self.out()
        self.out("| session | time | ratio to shared + lock |")
        self.out("|---|---|---|")
        for name in ("per thread", "shared + lock"):
            self.out("| %s | %s | %s |" % (name, summary(times[name], digits=3), ratio(times[name], times["shared + lock"])))
        self.out()

    def peak_rss(self):
        self.out("### Peak RSS (largest process of a run)")
        self.out()
        self.out("| run | peak RSS |")
        self.out("|---|---|")
        for label, kib in sorted(self.rss.items()):
            self.out("| %s | %.0f MiB |" % (label, kib / 1024.0))
        self.out("| this process (emulator, listing, lag) | %.0f MiB |" % (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0))
        self.out()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each fast variant (default 3)")
    parser.add_argument("--per-host-repeats", type=int, default=1,
                        help="runs of the per-host fleet playbook, about a minute each (default 1)")
    parser.add_argument("--tasks", type=int, default=8, help="tasks per play in the per-task scenario (default 8)")
    parser.add_argument("--fleet", type=int, default=100, help="services in the fleet scenario (default 100)")
    parser.add_argument("--pace-fleet", type=int, default=1000, help="services in the pace scenario (default 1000)")
    parser.add_argument("--inventory-sizes", default="1000,10000", help="services in the inventory scenario (default 1000,10000)")
    parser.add_argument("--lag-samples", type=int, default=3, help="waits for a 3 s deployment (default 3)")
    parser.add_argument("--only", default="tasks,fleet,pace,inventory,listing,lag,budget,sessions", help="comma-separated scenarios")
    args = parser.parse_args()
    bench = Bench(args)
    began = time.monotonic()
    try:
        bench.out("Machine: %d CPUs, load average %s at the start" % (
            os.cpu_count(), " ".join("%.2f" % value for value in os.getloadavg())))
        bench.out()
        for name in args.only.split(","):
            getattr(bench, name.strip())()
        bench.peak_rss()
        bench.out("Load average at the end: %s; bench took %.0f s." % (
            " ".join("%.2f" % value for value in os.getloadavg()), time.monotonic() - began))
    finally:
        bench.close()


if __name__ == "__main__":
    main()
