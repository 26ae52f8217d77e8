"""Run ``ansible-test units`` or ``ansible-test integration`` on a clean copy of this collection, offline.

Usage (from the repository root, or via ``make ansible-test-units`` / ``make ansible-test-integration``)::

    .venv/bin/python tools/run_ansible_test.py units [extra ansible-test units arguments]
    .venv/bin/python tools/run_ansible_test.py integration [extra ansible-test integration arguments]

The files git knows about are copied into ``.build/ansible-test/ansible_collections/hwcloud/modelarts/``
(recreated on every run; the same selection as tools/sanity.py), and ansible-test runs there with ``--local``
(the Python running this script: its venv has pytest and ansible-core) and the get-pip stand-in of
tools/sanity.py in place. Integration runs against the emulator unless
``tests/integration/integration_config.yml`` in the checkout gives a real project (it is copied too;
tests/integration/README.md).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sanity  # noqa: E402  (tools/ is not a package)

ROOT = sanity.ROOT
BUILD_ROOT = ROOT / ".build" / "ansible-test"
COLLECTION_COPY = BUILD_ROOT / "ansible_collections" / sanity.NAMESPACE / sanity.NAME
LOCK_FILE = ROOT / ".build" / "ansible-test.lock"
# ansible-test's own output inside the copy: kept out of the next copy by its recreation.
COMMANDS = ("units", "integration")
# The integration config is git-ignored (it holds credentials) and copied on its own.
INTEGRATION_CONFIG = Path("tests") / "integration" / "integration_config.yml"


def log(message: str) -> None:
    print(f"[ansible-test] {message}", flush=True)


def make_clean_copy() -> int:
    if BUILD_ROOT.exists():
        shutil.rmtree(BUILD_ROOT)
    files = sanity.collection_files()
    for rel in files:
        target = COLLECTION_COPY / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target, follow_symlinks=False)
    config = ROOT / INTEGRATION_CONFIG
    if config.is_file():
        (COLLECTION_COPY / INTEGRATION_CONFIG).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(config, COLLECTION_COPY / INTEGRATION_CONFIG)
    COLLECTION_COPY.mkdir(parents=True, exist_ok=True)
    return len(files)


def command_line(command: str, argv: list[str]) -> list[str]:
    ansible_test = Path(sys.executable).parent / "ansible-test"
    args = [str(ansible_test), command, "--local", "--python", sanity.PYTHON_VERSION, "--color", "no"]
    if command == "units":
        # Two workers: the unit tests are CPU-bound and each runs in its own fork (ansible-test's ansible_forked).
        if not any(arg.startswith("--num-workers") for arg in argv):
            args += ["--num-workers", os.environ.get("ANSIBLE_TEST_WORKERS", "2")]
    return args + argv


def run(command: str, argv: list[str]) -> int:
    started = time.monotonic()
    count = make_clean_copy()
    log(f"copied {count} files to {COLLECTION_COPY.relative_to(ROOT)}")
    sanity.write_getpip_standin()

    bin_dir = Path(sys.executable).parent
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", os.defpath)])
    env.setdefault("HOME", os.path.expanduser("~"))
    # ansible-test sets the collections path to the copy's root itself; a developer's value would add the work tree.
    env.pop("ANSIBLE_COLLECTIONS_PATH", None)
    env.pop("ANSIBLE_COLLECTIONS_PATHS", None)
    # The copy lives inside this git work tree: pinned, ansible-test reads it as an unversioned directory
    # (tools/sanity.py, run_sanity).
    env["ANSIBLE_TEST_CONTENT_ROOT"] = str(COLLECTION_COPY)

    args = command_line(command, argv)
    log("running: " + " ".join(args))
    result = subprocess.run(args, cwd=COLLECTION_COPY, env=env, check=False)
    log(f"ansible-test {command} exited with {result.returncode} after {time.monotonic() - started:.0f} s")
    return result.returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        log("usage: tools/run_ansible_test.py {%s} [ansible-test arguments]" % ",".join(COMMANDS))
        return 2
    LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
    with open(LOCK_FILE, "w", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"another run holds {LOCK_FILE.relative_to(ROOT)}; waiting for it to finish")
            fcntl.flock(lock, fcntl.LOCK_EX)
        return run(argv[0], argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
