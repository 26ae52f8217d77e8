"""Fixtures for the emulator's own tests: one server per test session, a fresh world per test."""

import os
import sys

import pytest

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from emulator.server import Emulator  # noqa: E402  pylint: disable=wrong-import-position

import emulator_testkit as kit  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope="session")
def emulator_server():
    server = Emulator().start()
    yield server
    server.stop()


@pytest.fixture
def emu(emulator_server):  # pylint: disable=redefined-outer-name
    """The session's emulator, reset to the test world, its clock held: a transition ends only
    when a test advances or releases it, never because the machine was slow."""
    state = emulator_server.state
    state.reset()
    state.update_settings(kit.FAST_SETTINGS)
    state.clock.mode = "held"
    emulator_server.seed(kit.test_world())
    return emulator_server


@pytest.fixture
def api(emu):  # pylint: disable=redefined-outer-name
    """A token-authenticated client of project P1."""
    return kit.ApiClient(emu.url, kit.P1, token=kit.TOKEN_P1)
