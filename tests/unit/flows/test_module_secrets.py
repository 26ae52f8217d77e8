"""Every module registers the credential it sends with Ansible's no-log values, in the form it is sent."""

from ansible_collections.hwcloud.modelarts.plugins.modules import modelarts_service_info

import flow_world
from integration.harness import SERVICE_ID, TOKEN


def test_modelarts_service_registers_the_token(update):
    outcome = update(service_id=SERVICE_ID)
    assert not outcome.failed and TOKEN in outcome.registered


def test_modelarts_service_patch_registers_the_token(patch):
    outcome = patch(service_id=SERVICE_ID, patch=[{"op": "replace", "path": "/config/0/instance_count", "value": 1}])
    assert not outcome.failed and TOKEN in outcome.registered


def test_a_token_given_with_whitespace_is_registered_as_sent(update):
    outcome = update(service_id=SERVICE_ID, auth_token="  %s\n" % TOKEN)
    assert not outcome.failed and TOKEN in outcome.registered


def test_modelarts_service_info_registers_the_token(world):
    outcome = flow_world.run_module(modelarts_service_info, world, {"service_id": SERVICE_ID})
    assert not outcome.failed and TOKEN in outcome.registered
