"""Drive the emulator's admin interface and run real ansible-playbook against it."""

import json
import os
import subprocess
import sys
import threading

import requests
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CALLBACKS = os.path.join(HERE, "callback_plugins")

# The standard test world: one account, one project, every kind of credential, a few models.
PROJECT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
OTHER_PROJECT_ID = "f9e8d7c6b5a4938271605f4e3d2c1b0a"
REGION = "cn-north-4"
DOMAIN = "test-domain"
USER = "ops"
PASSWORD = "Passw0rd-for-tests!"
ACCESS_KEY = "HPUAXTESTACCESSKEY01"
SECRET_KEY = "testSecretKeyForTheModelArtsEmulator0001"
TOKEN = "MIItest-token-for-cn-north-4"
MODEL_V1 = "7f3c8d0e-1111-4a5b-9c8d-000000000001"
MODEL_V2 = "7f3c8d0e-2222-4a5b-9c8d-000000000002"
MODEL_BROKEN = "7f3c8d0e-9999-4a5b-9c8d-000000000009"
SERVICE_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000001"
SERVICE_NAME = "image-classifier"
SECRETS = (PASSWORD, SECRET_KEY, TOKEN)


def module_task(module, title, args, ignore_errors=False, check_mode=None, diff=None):
    """One playbook task calling ``module`` with ``args``, with the task keywords tests set."""
    step = {"name": title, module: args}
    if ignore_errors:
        step["ignore_errors"] = True
    if check_mode is not None:
        step["check_mode"] = check_mode
    if diff is not None:
        step["diff"] = diff
    return step


def standard_world():
    return {
        "domains": [{"id": "d0000000000000000000000000000001", "name": DOMAIN}],
        "projects": [
            {"id": PROJECT_ID, "name": REGION, "domain": DOMAIN},
            {"id": OTHER_PROJECT_ID, "name": "ap-southeast-3", "domain": DOMAIN},
        ],
        "users": [{"name": USER, "password": PASSWORD, "domain": DOMAIN}],
        "access_keys": [{"access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "user": USER}],
        "tokens": [{"token": TOKEN, "project_id": PROJECT_ID, "user": USER, "expires_in": 3600}],
        "models": [
            {"model_id": MODEL_V1, "model_name": "resnet50", "model_version": "1.0.0", "project_id": PROJECT_ID},
            {"model_id": MODEL_V2, "model_name": "resnet50", "model_version": "1.1.0", "project_id": PROJECT_ID},
            {"model_id": MODEL_BROKEN, "model_name": "resnet50", "model_version": "2.0.0-rc1", "project_id": PROJECT_ID,
             "deploy_fails": "Failed to start the model container: liveness probe failed on port 8080"},
        ],
        "services": [{
            "service_id": SERVICE_ID,
            "service_name": SERVICE_NAME,
            "project_id": PROJECT_ID,
            "infer_type": "real-time",
            "status": "running",
            "description": "Image classification",
            "config": [{
                "model_id": MODEL_V1,
                "specification": "modelarts.vm.cpu.2u",
                "instance_count": 1,
                "weight": 100,
                "envs": {"LOG_LEVEL": "info"},
            }],
        }],
    }


class EmulatorHandle:
    """The admin interface of a running emulator."""

    def __init__(self, url, verify=True):
        self.url = url
        self.verify = verify
        self.session = requests.Session()

    def admin(self, method, path, body=None):
        # verify goes with each request: a session's verify loses to REQUESTS_CA_BUNDLE.
        response = self.session.request(method, self.url + "/_emulator" + path, json=body, timeout=10, verify=self.verify)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset_world(self, deploy_seconds=0.3, stop_seconds=0.2, clock="held", release_after_reads=2):
        """A fresh standard world. The clock is held by default: a transition ends on the
        ``release_after_reads``-th GET of the service (a polling module sees it transitional once,
        then settled), or when the test advances or releases it; never because time passed."""
        self.admin("POST", "/reset")
        self.admin("POST", "/settings", {"deploy_seconds": deploy_seconds, "stop_seconds": stop_seconds})
        self.clock(mode=clock, release_after_reads=release_after_reads)
        self.admin("POST", "/seed", standard_world())

    def clock(self, **changes):
        """Mode ("held"/"real") and read rule of the emulator clock; answers them (GET without changes)."""
        return self.admin("POST", "/clock", changes) if changes else self.admin("GET", "/clock")

    def advance(self, seconds, service_id=None):
        body = {"seconds": seconds}
        if service_id:
            body["service_id"] = service_id
        return self.admin("POST", "/clock/advance", body)["advanced"]

    def release(self, service_id=None, after_reads=None):
        """Finish the transition of one service (or of all) now, or on its ``after_reads``-th GET."""
        body = {}
        if service_id:
            body["service_id"] = service_id
        if after_reads is not None:
            body["after_reads"] = after_reads
            return self.admin("POST", "/clock/release", body)["armed"]
        return self.admin("POST", "/clock/release", body)["released"]

    def hold(self, service_id=SERVICE_ID, release_after_reads=0):
        """Hold the service's current transition until released (or read ``release_after_reads`` times)."""
        return self.admin("POST", "/clock/hold", {"service_id": service_id, "release_after_reads": release_after_reads})

    def wait_request(self, method=None, path=None, after_seq=0, count=1, timeout=120):
        """Block until ``count`` ModelArts/IAM requests after ``after_seq`` match (regexes); answers them.

        For tests that act at a point of a running playbook; the timeout only stops a test that
        would hang, it is reported as a failure."""
        body = {"after_seq": after_seq, "count": count, "timeout": timeout}
        if method:
            body["method"] = method
        if path:
            body["path"] = path
        response = self.session.post(self.url + "/_emulator/requests/wait", json=body, timeout=timeout + 30,
                                     verify=self.verify)
        response.raise_for_status()
        answer = response.json()
        if answer["timed_out"]:
            raise AssertionError("no %s request matching %r after seq %d within %s s; saw %s" % (
                method or "any", path, after_seq, timeout, answer["requests"]))
        return answer["requests"]

    def when_polled(self, action, service_id=SERVICE_ID, writes=1, polls=1):
        """Run ``action()`` in a thread once the ``writes``-th write to the service has landed and the
        module has then been seen polling it ``polls`` times (GETs in the request log). Returns the
        thread; join it after the playbook (``Watcher.join`` re-raises what went wrong in it)."""
        def watch():
            written = self.wait_request(method="PUT|PATCH|POST|DELETE", path=service_id, count=writes)[-1]
            self.wait_request(method="GET", path="/services/%s$" % service_id, after_seq=written["seq"], count=polls)
            action()
        return Watcher(watch)

    def seed(self, document):
        return self.admin("POST", "/seed", document)

    def settings(self, **values):
        return self.admin("POST", "/settings", values)

    def fault(self, **spec):
        return self.admin("POST", "/faults", spec)

    def service(self, service_id=SERVICE_ID):
        return self.admin("GET", "/services/" + service_id)

    def set_service(self, service_id=SERVICE_ID, **fields):
        return self.admin("PATCH", "/services/" + service_id, fields)

    def tags(self, service_id=SERVICE_ID, **replace):
        """One service's tags ``{key: value}`` (no API call reads them); with ``replace``, set to exactly those first."""
        if replace:
            return self.admin("PUT", "/services/%s/tags" % service_id, replace)["tags"]
        return self.admin("GET", "/services/%s/tags" % service_id)["tags"]

    def requests(self, api="modelarts"):
        log = self.admin("GET", "/requests")["requests"]
        return [r for r in log if api is None or r["api"] == api]

    def writes(self):
        return [r for r in self.requests() if r["method"] in ("PUT", "PATCH", "POST", "DELETE")]

    def clear_log(self):
        self.admin("DELETE", "/requests")

    def env(self, auth="aksk"):
        """Environment a job would have: endpoints plus one kind of credentials (HW_* variables)."""
        env = {"HW_REGION_NAME": REGION, "HW_MODELARTS_ENDPOINT": self.url, "HW_AUTH_URL": self.url + "/v3"}
        if auth == "aksk":
            env.update(HW_ACCESS_KEY=ACCESS_KEY, HW_SECRET_KEY=SECRET_KEY)
        elif auth == "token":
            env.update(HW_AUTH_TOKEN=TOKEN)
        elif auth == "password":
            env.update(HW_USER_NAME=USER, HW_USER_PASSWORD=PASSWORD, HW_DOMAIN_NAME=DOMAIN)
        return env


class Watcher(threading.Thread):
    """A daemon thread whose failure fails the test that joins it."""

    def __init__(self, target):
        super().__init__(daemon=True)
        self._work = target
        self.error = None
        self.start()

    def run(self):
        try:
            self._work()
        except BaseException as error:  # pylint: disable=broad-except
            self.error = error

    def join(self, timeout=None):
        super().join(timeout)
        if self.error is not None:
            raise self.error
        assert not self.is_alive(), "the watcher did not finish"


class PlaybookResult:
    def __init__(self, rc, stdout, stderr, records):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.records = records

    def task(self, name):
        """The result of the task named ``name`` (the last one, if it ran more than once)."""
        matches = [r for r in self.records if r["task"] == name]
        assert matches, "task %r did not run; ran: %s\n%s" % (name, [r["task"] for r in self.records], self.stdout)
        # ansible-core 2.19 keeps the outcome out of the result dict the callback sees.
        return dict(matches[-1]["result"], failed=matches[-1]["outcome"] == "failed")

    def failed(self, name):
        matches = [r for r in self.records if r["task"] == name]
        assert matches, "task %r did not run:\n%s" % (name, self.stdout)
        return matches[-1]["outcome"] == "failed"


class PlaybookRunner:
    """Runs playbooks with ansible-playbook, the way an operator would, against the emulator."""

    def __init__(self, emu, tmp_path):
        self.emu = emu
        self.tmp_path = tmp_path
        self.count = 0

    def run(self, tasks, check=False, diff=False, auth="aksk", env=None, extra_vars=None, verbosity=0,
            module_defaults=None, play_vars=None):
        self.count += 1
        play = {"name": "test", "hosts": "localhost", "gather_facts": False, "tasks": tasks}
        if module_defaults:
            play["module_defaults"] = module_defaults
        if play_vars:
            play["vars"] = play_vars
        path = self.tmp_path / ("play%d.yml" % self.count)
        path.write_text(yaml.safe_dump([play], sort_keys=False))
        return self.run_file(str(path), check=check, diff=diff, auth=auth, env=env, extra_vars=extra_vars,
                             verbosity=verbosity)

    def run_file(self, path, check=False, diff=False, auth="aksk", env=None, extra_vars=None, verbosity=0,
                 inventory="localhost,", limit=None):
        log = self.tmp_path / ("results%d.jsonl" % self.count)
        self.count += 1
        command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", inventory,
                   "-c", "local", path]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if verbosity:
            command.append("-" + "v" * verbosity)
        if limit:
            command += ["--limit", limit]
        if extra_vars:
            command += ["-e", json.dumps(extra_vars)]
        run_env = dict((k, v) for k, v in os.environ.items() if not k.startswith("HW_"))
        run_env.update(self.emu.env(auth))
        run_env.update({
            "ANSIBLE_CALLBACK_PLUGINS": CALLBACKS,
            "ANSIBLE_CALLBACKS_ENABLED": "result_log",
            "RESULT_LOG_PATH": str(log),
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            # Modules reach their Python on stdin instead of through a temporary file and four shell commands a task,
            # as most operators run them; it saves about a tenth of the CPU an ansible-playbook run takes.
            "ANSIBLE_PIPELINING": "1",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
            # Results keep `invocation` (the module's arguments as it saw them, no-log values masked), which
            # ansible-core 2.21 no longer adds by default; older releases ignore the variable.
            "ANSIBLE_INJECT_INVOCATION": "1",
        })
        run_env.update(env or {})
        done = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=600, check=False)
        if os.environ.get("PLAYBOOK_RUN_LOG"):
            # One line per ansible-playbook run, for tools/repeat_under_load.py and suite measurements.
            with open(os.environ["PLAYBOOK_RUN_LOG"], "a") as counter:
                counter.write("%s\n" % path)
        records = []
        if log.exists():
            records = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
        return PlaybookResult(done.returncode, done.stdout, done.stderr, records)
