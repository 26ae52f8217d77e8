"""Live mode: the tests marked ``live_capable`` run against a real ModelArts project.

They need no emulator admin interface (no fault injection, no request log): every assertion is
made from what the modules return. Without the variables below they are skipped, with a reason
that names what is missing. See README.md next to this file.
"""

import os
import uuid

import pytest

from integration.harness import PlaybookRunner
from live_mode import MODEL_VARIABLE, missing_variables

SERVICE_MODULE = "hwcloud.modelarts.modelarts_service"


class LiveTarget:
    """Stands where the emulator handle stands for PlaybookRunner: the HW_* variables of this shell."""

    url = None

    @staticmethod
    def env(_auth=None):
        return dict((name, value) for name, value in os.environ.items() if name.startswith("HW_"))


def pytest_collection_modifyitems(config, items):  # pylint: disable=unused-argument
    missing = missing_variables()
    if not missing:
        return
    skip = pytest.mark.skip(reason="live mode needs a real ModelArts project; set %s (tests/live/README.md)" % missing)
    for item in items:
        if "live_capable" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def live():
    """A PlaybookRunner against the real project, and the test model."""
    class Live:
        model_id = os.environ.get(MODEL_VARIABLE)
        specification = os.environ.get("HW_MODELARTS_TEST_SPECIFICATION", "modelarts.vm.cpu.2u")
        wait_timeout = int(os.environ.get("HW_MODELARTS_TEST_WAIT_TIMEOUT", "1800"))
    return Live


@pytest.fixture(scope="module")
def live_service(live, tmp_path_factory):  # pylint: disable=redefined-outer-name
    """A uniquely named service for this test module, created by the collection and deleted
    afterwards, also when a test (or the creation itself) failed."""
    runner = PlaybookRunner(LiveTarget(), tmp_path_factory.mktemp("live"))
    name = "ansible-test-%s" % uuid.uuid4().hex[:12]
    config = [{"model_id": live.model_id, "specification": live.specification, "instance_count": 1, "weight": 100}]

    def task(title, **args):
        return {"name": title, SERVICE_MODULE: dict(dict(name=name, wait_timeout=live.wait_timeout), **args)}

    def delete():
        deleted = runner.run([task("delete %s" % name, state="absent")])
        assert deleted.rc == 0, "could not delete the live test service %s; delete it by hand:\n%s" % (name, deleted.stdout)

    service = {"name": name, "config": config, "runner": runner, "task": task, "delete": delete}
    try:
        created = runner.run([task("create", state="present", description="hwcloud.modelarts live test", config=config)])
        assert created.rc == 0, created.stdout
        service["id"] = created.task("create")["service"]["service_id"]
        yield service
    finally:
        delete()
