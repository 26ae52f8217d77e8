"""Shared pytest set-up: the collection on the import path and the ModelArts emulator fixtures."""

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, "tests")
COLLECTION_PARTS = ("ansible_collections", "hwcloud", "modelarts")


def _collections_root():
    """The directory that holds ``ansible_collections/hwcloud/modelarts`` for this checkout.

    A checkout at ``.../ansible_collections/hwcloud/modelarts`` (the layout ansible-test needs) is found where it is:
    ansible-test points ANSIBLE_COLLECTIONS_PATH there and loads these tests as part of the collection, so a second
    path to the same files would make pytest see every test under two names. Any other checkout is linked as
    ``.build/collections/ansible_collections/hwcloud/modelarts``.
    """
    parent = ROOT
    for part in reversed(COLLECTION_PARTS):
        parent, name = os.path.split(parent)
        if name != part:
            break
    else:
        return parent
    collections = os.path.join(ROOT, ".build", "collections")
    link = os.path.join(collections, *COLLECTION_PARTS)
    if not os.path.islink(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(ROOT, link)
    return collections


COLLECTIONS = _collections_root()


def _helper_directories():
    """tests/ (``emulator``, ``integration``, ``module_runner``) and every directory of tests/unit, whose helpers
    (``emulator_testkit``, ``flow_fakes``, ``tool_loader``) its tests import by their own names. pytest puts a test
    file's directory on the path itself, but not under ansible-test, which imports tests as part of the collection."""
    unit = os.path.join(TESTS, "unit")
    names = sorted(name for name in os.listdir(unit) if name[0] not in "._" and os.path.isdir(os.path.join(unit, name)))
    return [TESTS] + [os.path.join(unit, name) for name in names]


def _expose_collection():
    """Make ``ansible_collections.hwcloud.modelarts`` this checkout, for imports and ansible-playbook, and the test
    helpers importable by their own names."""
    os.environ["ANSIBLE_COLLECTIONS_PATH"] = COLLECTIONS
    for path in [COLLECTIONS] + _helper_directories():
        if path not in sys.path:
            sys.path.insert(0, path)


_expose_collection()

from emulator.server import Emulator  # noqa: E402  (needs the path set up above)
from integration.harness import EmulatorHandle, PlaybookRunner  # noqa: E402
from integration.in_process import InProcessRunner  # noqa: E402


@pytest.fixture(autouse=True)
def _no_ansible_test_plugins_in_children(monkeypatch):
    """Under ansible-test, PYTEST_PLUGINS loads its collection plugins, which refuse any test file outside the
    collection: a pytest that a test starts (tools/repeat_under_load.py) must not inherit them."""
    monkeypatch.delenv("PYTEST_PLUGINS", raising=False)


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
