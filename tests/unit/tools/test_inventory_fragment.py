"""tools/inventory_fragment.py: the inventory plugin's connection options are the modules', with their environment."""

import os

import pytest
import yaml

from tool_loader import load_tool

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


@pytest.fixture
def tool():
    return load_tool("inventory_fragment.py")


def fragment_documentation():
    from ansible_collections.hwcloud.modelarts.plugins.doc_fragments.inventory_connection import ModuleDocFragment
    return yaml.safe_load(ModuleDocFragment.DOCUMENTATION)


def test_committed_fragment_is_what_the_tool_writes(tool):
    with open(tool.TARGET, encoding="utf-8") as handle:
        assert handle.read() == tool.render(), "run tools/inventory_fragment.py"


def test_every_connection_option_is_there_with_its_environment_variable():
    from ansible_collections.hwcloud.modelarts.plugins.module_utils._connection import CONNECTION_ARGUMENT_SPEC
    from ansible_collections.hwcloud.modelarts.plugins.inventory.modelarts_services import DOCUMENTATION

    options = fragment_documentation()["options"]
    plugin_options = yaml.safe_load(DOCUMENTATION)["options"]
    for name, spec in CONNECTION_ARGUMENT_SPEC.items():
        # region and project_id are the plugin's own (regions, a project per region), with the same variables.
        documented = options.get(name) or plugin_options[{"region": "regions"}.get(name, name)]
        fallback = spec.get("fallback")
        assert [entry["name"] for entry in documented.get("env", [])] == (list(fallback[1]) if fallback else []), name
        assert documented.get("type") == spec["type"] or name in ("region", "project_id"), name
        assert documented.get("default") == spec.get("default"), name
    assert plugin_options["regions"]["aliases"] == ["region"]


def test_module_wording_is_reworded_and_the_env_sentence_dropped():
    text = yaml.safe_dump(fragment_documentation())
    assert "If not set, the value of" not in text
    assert "module" not in text
