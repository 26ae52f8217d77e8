"""Fixtures of the flow tests: the emulator's standard world seen through ``FlowWorld``, and the two modules' main()s."""

import os

import pytest

from ansible_collections.hwcloud.modelarts.plugins.modules import modelarts_service, modelarts_service_patch

import flow_world


@pytest.fixture(autouse=True)
def no_hw_environment(monkeypatch):
    """The connection options fall back to HW_* variables; a developer's own must not leak in."""
    for name in list(os.environ):
        if name.startswith("HW_"):
            monkeypatch.delenv(name)


@pytest.fixture
def world(emu):
    """The emulator's standard world (tests/conftest.py ``emu``), its clock held."""
    return flow_world.FlowWorld(emu)


@pytest.fixture
def update(world):  # pylint: disable=redefined-outer-name
    """modelarts_service's main() against the emulator: update(check_mode=False, diff=False, **params)."""
    def run(check_mode=False, diff=False, **params):
        return flow_world.run_module(modelarts_service, world, params, check_mode=check_mode, diff=diff)
    return run


@pytest.fixture
def patch(world):  # pylint: disable=redefined-outer-name
    """modelarts_service_patch's main() against the emulator."""
    def run(check_mode=False, diff=False, **params):
        return flow_world.run_module(modelarts_service_patch, world, params, check_mode=check_mode, diff=diff)
    return run
