"""Every module registers the credential it sends with Ansible's no-log values, in the form it is sent."""

from ansible_collections.hwcloud.modelarts.plugins.modules import modelarts_service_info

import flow_fakes
from flow_fakes import CONNECTION, SERVICE_ID

TOKEN = CONNECTION["auth_token"]


def test_modelarts_service_registers_the_token(update):
    outcome = update(service_id=SERVICE_ID)
    assert not outcome.failed and TOKEN in outcome.registered


def test_modelarts_service_patch_registers_the_token(patch):
    outcome = patch(service_id=SERVICE_ID, patch=[{"op": "replace", "path": "/config/0/instance_count", "value": 1}])
    assert not outcome.failed and TOKEN in outcome.registered


def test_a_token_given_with_whitespace_is_registered_as_sent(update):
    outcome = update(service_id=SERVICE_ID, auth_token="  %s\n" % TOKEN)
    assert not outcome.failed and TOKEN in outcome.registered


def test_modelarts_service_info_registers_the_token(fake):
    outcome = flow_fakes.run_module(modelarts_service_info, fake, {"service_id": SERVICE_ID})
    assert not outcome.failed and TOKEN in outcome.registered
