# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Start the ModelArts emulator for an ``ansible-test integration`` run, or find the one already started.

``python emulator_daemon.py start`` prints one JSON line: ``{"url": ..., "pid": ..., "started": bool}``.

Every target of a run includes setup_emulator, and each target is its own ansible-playbook process, so the emulator
must outlive the playbook that started it and be found again by the next one. It runs in a process of its own
session that serves until the run is over: until the ``ansible-test`` process among this process's ancestors has
exited (without one, the outermost ``ansible-playbook``), or after MAX_LIFETIME at the latest. Its address is kept in
a state file named after that process, which the next target's start finds.

The emulator runs as tests/emulator/README.md describes for tests: the demo seed (its credentials), its clock held,
and every transition ending on the resource's second read, so a module that polls sees the transitional state once
and the settled one on its next poll, however slow the machine is.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import http.client
import json
import os
import subprocess
import sys
import tempfile
import time


MAX_LIFETIME = 3 * 3600
WATCH_INTERVAL = 1.0
RELEASE_AFTER_READS = 2


def process_table():
    """{pid: (parent pid, command line)} of every process, from ps (Linux and macOS alike)."""
    output = subprocess.check_output(["ps", "-A", "-o", "pid=,ppid=,args="], universal_newlines=True)
    table = {}
    for line in output.splitlines():
        parts = line.split(None, 2)
        if len(parts) >= 2:
            table[int(parts[0])] = (int(parts[1]), parts[2] if len(parts) == 3 else "")
    return table


def run_owner():
    """The process whose end ends the run: the nearest ansible-test ancestor, else the outermost ansible-playbook."""
    table = process_table()
    pid = os.getppid()
    playbook = None
    seen = set()
    while pid in table and pid not in seen and pid > 1:
        seen.add(pid)
        parent, command = table[pid]
        words = [os.path.basename(word) for word in command.split()[:3]]
        if "ansible-test" in words:
            return pid
        if "ansible-playbook" in words:
            playbook = pid
        pid = parent
    return playbook or os.getppid()


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def state_path(owner):
    return os.path.join(tempfile.gettempdir(), "hwcloud-modelarts-emulator-%d.json" % owner)


def answers(url):
    host_port = url.split("://", 1)[1]
    connection = http.client.HTTPConnection(host_port, timeout=5)
    try:
        connection.request("GET", "/_emulator/health")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def emulator_tests_dir():
    """The collection's tests/ directory (it holds the emulator package), found on ANSIBLE_COLLECTIONS_PATH."""
    for root in os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep):
        for candidate in (os.path.join(root, "ansible_collections", "hwcloud", "modelarts", "tests"),
                          os.path.join(root, "hwcloud", "modelarts", "tests")):
            if os.path.isfile(os.path.join(candidate, "emulator", "__main__.py")):
                return candidate
    raise SystemExit("emulator_daemon.py: no hwcloud/modelarts/tests/emulator on ANSIBLE_COLLECTIONS_PATH (%s)"
                     % os.environ.get("ANSIBLE_COLLECTIONS_PATH", "not set"))


def start():
    owner = run_owner()
    path = state_path(owner)
    if os.path.isfile(path):
        with open(path) as handle:
            state = json.load(handle)
        if alive(state["pid"]) and answers(state["url"]):
            print(json.dumps(dict(state, started=False)))
            return 0
    child = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "serve", str(owner), path, emulator_tests_dir()],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
        universal_newlines=True)
    line = child.stdout.readline()
    child.stdout.close()
    if not line:
        raise SystemExit("emulator_daemon.py: the emulator exited before it listened (exit code %s)" % child.wait())
    print(json.dumps(dict(json.loads(line), started=True)))
    return 0


def serve(owner, path, tests_dir):
    sys.path.insert(0, tests_dir)
    from emulator.server import Emulator

    emulator = Emulator(host="127.0.0.1", port=0, seed="demo")
    emulator.state.clock.configure({"mode": "held", "release_after_reads": RELEASE_AFTER_READS})
    emulator.start()
    state = {"url": emulator.url, "pid": os.getpid(), "owner": owner}
    temporary = "%s.%d.tmp" % (path, os.getpid())
    with open(temporary, "w") as handle:
        json.dump(state, handle)
    os.replace(temporary, path)
    # The first line tells the starting process where the emulator listens; nothing is written after it.
    sys.stdout.write(json.dumps(state) + "\n")
    sys.stdout.flush()
    ends = time.monotonic() + MAX_LIFETIME
    try:
        while alive(owner) and time.monotonic() < ends:
            time.sleep(WATCH_INTERVAL)
    finally:
        emulator.stop()
        if os.path.isfile(path):
            os.remove(path)
    return 0


def main(argv):
    if argv[:1] == ["start"]:
        return start()
    if argv[:1] == ["serve"] and len(argv) == 4:
        return serve(int(argv[1]), argv[2], argv[3])
    sys.stderr.write("usage: emulator_daemon.py start\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
