"""Shared pytest set-up: the collection on the import path and the ModelArts emulator fixtures."""

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, ".build", "collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "hwcloud", "modelarts")


def _expose_collection():
    """Make ``ansible_collections.hwcloud.modelarts`` this checkout, for imports and ansible-playbook."""
    if not os.path.islink(LINK):
        os.makedirs(os.path.dirname(LINK), exist_ok=True)
        os.symlink(ROOT, LINK)
    os.environ["ANSIBLE_COLLECTIONS_PATH"] = COLLECTIONS
    for path in (COLLECTIONS, os.path.join(ROOT, "tests")):
        if path not in sys.path:
            sys.path.insert(0, path)


_expose_collection()

from emulator.server import Emulator  # noqa: E402  (needs the path set up above)
from integration.harness import EmulatorHandle, PlaybookRunner  # noqa: E402
from integration.in_process import InProcessRunner  # noqa: E402


@pytest.fixture(scope="session")
def emulator_server():
    server = Emulator(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def emu(emulator_server):
    """The emulator, reset and seeded with the standard test world, its clock held: a transition
    ends on the service's second GET (a polling module sees it once, then settled) or when the test
    releases or advances it (tests/emulator/README.md, "The clock"), never because time passed."""
    handle = EmulatorHandle(emulator_server.url)
    handle.reset_world()
    return handle


@pytest.fixture
def playbook(emu, tmp_path):
    return PlaybookRunner(emu, tmp_path)


@pytest.fixture
def in_process(emu):
    """Runs a play's module tasks in-process against the emulator (tests/integration/in_process.py)."""
    return InProcessRunner(emu)
