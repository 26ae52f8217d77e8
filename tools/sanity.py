"""Run ``ansible-test sanity`` on a clean copy of this collection, offline-friendly.

Usage (from the repository root, or via ``make sanity``)::

    .venv/bin/python tools/sanity.py [extra ansible-test sanity arguments]

What it does:

1. Copies the files git knows about (tracked, plus untracked files that are not
   ignored) into ``.build/sanity/ansible_collections/hwcloud/modelarts/``, which is
   recreated on every run.  Symlinks, ``.venv/``, ``.build/`` and ``tests/output/``
   are never copied: ansible-test must see the collection as it will be shipped,
   not the developer's scratch files.
2. Writes a stand-in for pip's ``get-pip.py`` to the cache path ansible-test uses
   (``~/.ansible/test/cache/get_pip_<version>.py``).  ansible-test normally
   downloads that script from ci-files.testing.ansible.com, which a machine that
   reaches only package indexes cannot fetch; the stand-in bootstraps pip with ``ensurepip`` and then
   installs the requested packages from the configured package index.
3. Runs ``ansible-test sanity --venv --requirements --python X.Y --color no`` (X.Y: the
   Python running this script) in the
   copy (with ANSIBLE_TEST_CONTENT_ROOT pointing at it, see ``run_sanity``) and exits
   with ansible-test's exit code.  Extra arguments are passed on, e.g.
   ``--test pylint`` or file paths relative to the collection root.

Why ``--venv``: every sanity test always runs in its own cached virtual environment
(``~/.ansible/test/venv/sanity.<test>/``) holding exactly the tool versions
ansible-test pins (pylint, pycodestyle, yamllint, voluptuous, antsibull-changelog,
...), whatever the mode.  ``--venv`` additionally runs ansible-test itself (the
controller) from a fresh, empty virtual environment instead of our development
``.venv``, so the dev tools and libraries installed there stay out of the way - the
closest we get to upstream CI's containers without Docker.
``--local`` works too (a few seconds faster) but lets ``.venv`` leak in, and
``--local --requirements`` would pip-install ansible-test's pins into ``.venv``.

ansible-test strips the environment (it keeps essentially PATH and HOME) for the
tools it runs, so pip settings (index, CA bundle) must come from pip's
configuration files (``/etc/pip.conf``, ``~/.config/pip/pip.conf``), not from
``PIP_*`` variables.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

NAMESPACE = "hwcloud"
NAME = "modelarts"
# The Python that runs this script (the venv of the ansible-core under test) runs the sanity tests too:
# each ansible-core accepts only its own controller Pythons (3.10 for 2.17, 3.11 for .venv, 3.13 for 2.21).
PYTHON_VERSION = "%d.%d" % sys.version_info[:2]

ROOT = Path(__file__).resolve().parent.parent
BUILD_ROOT = ROOT / ".build" / "sanity"
COLLECTION_COPY = BUILD_ROOT / "ansible_collections" / NAMESPACE / NAME
# One sanity run at a time owns .build/sanity (`make test` and `make matrix` may be run side by side).
LOCK_FILE = ROOT / ".build" / "sanity.lock"

# Never copied, even if git does not ignore them (first path component, or prefix).
EXCLUDED_PREFIXES = (".git/", ".venv/", ".build/", "tests/output/")

# ansible-test's default mode here.  See the module docstring.
MODE_ARGS = ["--venv", "--requirements"]

STANDIN_MARKER = "hwcloud.modelarts tools/sanity.py get-pip stand-in"

# The get-pip stand-in.  ansible-test runs it as ``<venv python> quiet_pip.py`` with
# GET_PIP pointing at this file (runpy with alter_sys=True, so sys.argv[1:] are the
# get-pip arguments), e.g.:
#   --disable-pip-version-check pip==24.2 --no-setuptools --no-wheel
STANDIN_TEMPLATE = '''\
\"\"\"{marker} (generated; do not edit, rewritten when it differs).

ansible-test {ansible_test_version} bootstraps pip {pip_version} in each new virtual
environment by running get-pip.py from ci-files.testing.ansible.com, which is not
reachable here.  This file behaves like that script for ansible-test's purposes:

1. ``python -m ensurepip --upgrade`` in a child process.  (Calling
   ``ensurepip.bootstrap()`` in this process would set PIP_CONFIG_FILE=/dev/null for
   the rest of the process, and the next pip call would lose the machine's pip
   configuration - index and CA bundle - and fail.)
2. ``python -m pip install <the arguments>``, without get-pip's own
   ``--no-setuptools`` / ``--no-wheel`` flags, which pip does not know.
3. As get-pip does with ``--no-setuptools``: leaves no setuptools behind (ensurepip
   on Python < 3.12 always installs it), unless it was there before or was asked for,
   so the sanity environments hold the same packages as upstream CI's.
\"\"\"

import re
import subprocess
import sys

GET_PIP_ONLY_FLAGS = ("--no-setuptools", "--no-wheel")


def has_distribution(name):
    code = "import importlib.metadata as m, sys; m.distribution(sys.argv[1])"
    return subprocess.run([sys.executable, "-c", code, name], stderr=subprocess.DEVNULL, check=False).returncode == 0


def run(command):
    return subprocess.run([sys.executable] + command, check=False).returncode


def main():
    argv = sys.argv[1:]
    args = [arg for arg in argv if arg not in GET_PIP_ONLY_FLAGS]
    requirements = [arg for arg in args if not arg.startswith("-")]
    drop_setuptools = (
        "--no-setuptools" in argv
        and not any(re.match(r"setuptools\\b", req, re.IGNORECASE) for req in requirements)
        and not has_distribution("setuptools")
    )

    returncode = run(["-m", "ensurepip", "--upgrade"])

    if returncode:
        sys.stderr.write("get-pip stand-in: ensurepip failed with exit code %d\\n" % returncode)
        return returncode

    if requirements:
        returncode = run(["-m", "pip", "install"] + args)

        if returncode:
            return returncode

    if drop_setuptools and has_distribution("setuptools"):
        returncode = run(["-m", "pip", "uninstall", "--disable-pip-version-check", "-q", "-y", "setuptools"])

    return returncode


if __name__ == "__main__":
    sys.exit(main())
'''


def log(message: str) -> None:
    print(f"[sanity] {message}", flush=True)


def ansible_test_pip_version() -> str:
    """Return the pip version ansible-test pins for new virtual environments.

    Read from the installed ansible-test itself (``get_venv_packages``), so an
    ansible-core upgrade that changes the pin is picked up automatically.
    """
    try:
        import types

        from ansible_test._internal.python_requirements import get_venv_packages

        return get_venv_packages(types.SimpleNamespace(version=PYTHON_VERSION))["pip"]
    except Exception as ex:  # pragma: no cover - fallback for a changed internal API
        log(f"could not ask ansible-test for its pip version ({ex!r}); reading its source instead")

    import ansible_test

    source = Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py"
    match = re.search(r"""\bpip\s*=\s*['"]([0-9][^'"]*)['"]""", source.read_text(encoding="utf-8"))

    if not match:
        raise SystemExit(f"[sanity] cannot find the pip version ansible-test pins in {source}")

    return match.group(1)


def ansible_test_version() -> str:
    from ansible.release import __version__

    return __version__


def standin_path(pip_version: str) -> Path:
    # Same expression as ansible_test/_util/target/setup/requirements.py:bootstrap().
    return Path(os.path.expanduser(f"~/.ansible/test/cache/get_pip_{pip_version.replace('.', '_')}.py"))


def write_getpip_standin() -> Path:
    """Write the get-pip stand-in where ansible-test looks for its cached copy. Idempotent."""
    pip_version = ansible_test_pip_version()
    path = standin_path(pip_version)
    content = STANDIN_TEMPLATE.format(
        marker=STANDIN_MARKER,
        pip_version=pip_version,
        ansible_test_version=ansible_test_version(),
    )

    if path.is_file() and not path.is_symlink():
        existing = path.read_text(encoding="utf-8", errors="replace")

        if existing == content:
            log(f"get-pip stand-in for pip {pip_version} is up to date: {path}")
            return path

        if STANDIN_MARKER not in existing:
            log(f"replacing {path} (not written by this script) with the offline stand-in")

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)  # atomic: a concurrent ansible-test never sees a half-written file
    log(f"wrote get-pip stand-in for pip {pip_version}: {path}")

    return path


def collection_files() -> list[str]:
    """Relative paths git tracks plus untracked, not-ignored files that exist."""
    output = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
    ).stdout.decode("utf-8", errors="surrogateescape")

    files = []
    skipped_links = []

    for rel in sorted(set(filter(None, output.split("\0")))):
        if rel.startswith(EXCLUDED_PREFIXES):
            continue

        path = ROOT / rel

        if path.is_symlink():
            skipped_links.append(rel)
            continue

        if not path.is_file():  # deleted in the work tree, or a submodule directory
            continue

        files.append(rel)

    for rel in skipped_links:
        log(f"not copying symlink: {rel}")

    return files


def make_clean_copy() -> int:
    if BUILD_ROOT.exists():
        shutil.rmtree(BUILD_ROOT)

    files = collection_files()

    for rel in files:
        target = COLLECTION_COPY / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target, follow_symlinks=False)

    COLLECTION_COPY.mkdir(parents=True, exist_ok=True)

    return len(files)


def main(argv: list[str]) -> int:
    LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)

    with open(LOCK_FILE, "w", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"another sanity run holds {LOCK_FILE.relative_to(ROOT)}; waiting for it to finish")
            fcntl.flock(lock, fcntl.LOCK_EX)

        return run_sanity(argv)


def run_sanity(argv: list[str]) -> int:
    started = time.monotonic()

    count = make_clean_copy()
    log(f"copied {count} files to {COLLECTION_COPY.relative_to(ROOT)}")

    write_getpip_standin()

    bin_dir = Path(sys.executable).parent  # .venv/bin (not resolved: keep the venv's bin)
    ansible_test = bin_dir / "ansible-test"

    if not ansible_test.exists():
        log(f"{ansible_test} not found: run `make venv` first")
        return 2

    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", os.defpath)])
    env.setdefault("HOME", os.path.expanduser("~"))
    # Do not let a developer's ANSIBLE_COLLECTIONS_PATH make ansible-test see the work tree
    # (through the .build/collections link) next to the clean copy.
    env.pop("ANSIBLE_COLLECTIONS_PATH", None)
    env.pop("ANSIBLE_COLLECTIONS_PATHS", None)
    # The copy lives inside this git work tree (in the ignored .build/).  Left alone,
    # ansible-test walks up from the copy, finds the checkout's .git, asks git for the
    # files under .build/... and gets none ("All targets skipped").  Pinning the
    # content root (what ansible-test's own delegation does) stops that walk, so the
    # copy is read as an unversioned directory: exactly the files copied above.
    env["ANSIBLE_TEST_CONTENT_ROOT"] = str(COLLECTION_COPY)

    command = [
        str(ansible_test),
        "sanity",
        *MODE_ARGS,
        "--python",
        PYTHON_VERSION,
        "--color",
        "no",
        *argv,
    ]

    log("running: " + " ".join(command))
    log(f"in: {COLLECTION_COPY}")
    sys.stdout.flush()

    result = subprocess.run(command, cwd=COLLECTION_COPY, env=env, check=False)

    log(f"ansible-test exited with {result.returncode} after {time.monotonic() - started:.0f} s")

    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
