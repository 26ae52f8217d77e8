"""Fixtures of the flow tests: a fake ModelArts with the standard service, and the two modules' main()s."""

import os

import pytest

from ansible_collections.hwcloud.modelarts.plugins.modules import modelarts_service, modelarts_service_patch

import flow_fakes


@pytest.fixture(autouse=True)
def no_hw_environment(monkeypatch):
    """The connection options fall back to HW_* variables; a developer's own must not leak in."""
    for name in list(os.environ):
        if name.startswith("HW_"):
            monkeypatch.delenv(name)


@pytest.fixture
def fake():
    api = flow_fakes.FakeModelArts()
    api.add_service()
    return api


@pytest.fixture
def update(fake):  # pylint: disable=redefined-outer-name
    """modelarts_service's main() against the fake: update(check_mode=False, diff=False, **params)."""
    def run(check_mode=False, diff=False, **params):
        return flow_fakes.run_module(modelarts_service, fake, params, check_mode=check_mode, diff=diff)
    return run


@pytest.fixture
def patch(fake):  # pylint: disable=redefined-outer-name
    """modelarts_service_patch's main() against the fake."""
    def run(check_mode=False, diff=False, **params):
        return flow_fakes.run_module(modelarts_service_patch, fake, params, check_mode=check_mode, diff=diff)
    return run
