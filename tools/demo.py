"""`make demo`: start the ModelArts emulator, run playbooks/demo.yml against it, say what happened."""

import collections
import json
import os
import signal
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "tests", "emulator", "seed_demo.json")
PLAYBOOK = os.path.join(ROOT, "playbooks", "demo.yml")


def start_emulator():
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "tests"))
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--host", "127.0.0.1", "--port", "0", "--seed", "demo",
         "--deploy-seconds", "2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    first_line = process.stdout.readline()
    if not first_line:
        process.wait(timeout=10)
        sys.exit("The emulator did not start (exit code %s)." % process.returncode)
    return process, json.loads(first_line)["url"]


def job_environment(url, seed):
    """What an operator's shell or an AWX credential would hold: HW_* variables only."""
    access_key = seed["access_keys"][0]
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("HW_"))
    env.update({
        "HW_REGION_NAME": seed["projects"][0]["name"],
        "HW_MODELARTS_ENDPOINT": url,
        "HW_AUTH_URL": url + "/v3",
        "HW_ACCESS_KEY": access_key["access_key"],
        "HW_SECRET_KEY": access_key["secret_key"],
        "ANSIBLE_COLLECTIONS_PATH": os.path.join(ROOT, ".build", "collections"),
        "ANSIBLE_LOCALHOST_WARNING": "0",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
    })
    return env


def request_log(url):
    import requests  # installed in the project's .venv, which runs this script
    return requests.get(url + "/_emulator/requests", timeout=10).json()["requests"]


def summary(log):
    counts = collections.Counter("%s %s" % (r["api"], r["method"]) for r in log)
    lines = ["  %-16s %d" % (key, counts[key]) for key in sorted(counts)]
    return "\n".join(lines)


def main():
    with open(SEED) as handle:
        seed = json.load(handle)
    emulator, url = start_emulator()
    print("ModelArts emulator listening on %s (seeded from %s)" % (url, os.path.relpath(SEED, ROOT)))
    try:
        ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
        command = [ansible_playbook, "-i", "localhost,", "-c", "local", "--diff", PLAYBOOK]
        print("$ " + " ".join(os.path.relpath(part, ROOT) if part.startswith(ROOT) else part for part in command))
        sys.stdout.flush()
        outcome = subprocess.run(command, env=job_environment(url, seed), cwd=ROOT, check=False)
        log = request_log(url)
    finally:
        emulator.send_signal(signal.SIGTERM)
        emulator.wait(timeout=10)
    print("\nRequests the collection sent to the emulator:\n%s" % summary(log))
    if outcome.returncode == 0:
        print("\nDemo finished: every step above ran against the emulator through the real modules.")
    else:
        print("\nDemo FAILED: ansible-playbook exited with %d." % outcome.returncode)
    return outcome.returncode


if __name__ == "__main__":
    sys.exit(main())
