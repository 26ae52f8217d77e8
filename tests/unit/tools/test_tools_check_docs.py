"""Tests for tools/check_docs.py (ansible-doc and antsibull-docs are faked)."""

import json
import subprocess

import pytest

from tool_loader import load_tool


@pytest.fixture
def check_docs():
    return load_tool("check_docs.py")


GOOD_JSON = json.dumps({
    "hwcloud.modelarts.svc": {"doc": {"module": "svc"}, "examples": "- name: x\n", "metadata": None, "return": {"a": {}}},
})


def fake_runner(outputs):
    """outputs: {(json?, fqcn): (returncode, stdout, stderr)}"""

    def run(command, env):
        key = ("--json" in command, command[-1])
        returncode, stdout, stderr = outputs[key]
        return subprocess.CompletedProcess(command, returncode, stdout, stderr)

    return run


def test_good_module_passes(check_docs, monkeypatch):
    monkeypatch.setattr(check_docs, "run", fake_runner({
        (False, "hwcloud.modelarts.svc"): (0, "> HWCLOUD.MODELARTS.SVC\n", ""),
        (True, "hwcloud.modelarts.svc"): (0, GOOD_JSON, ""),
    }))
    assert not check_docs.check_plugin("module", "hwcloud.modelarts.svc", {})


def test_not_found_is_a_failure_even_with_exit_0(check_docs, monkeypatch):
    # ansible-doc exits 0 and only warns when it cannot find a module
    monkeypatch.setattr(check_docs, "run", fake_runner({
        (False, "hwcloud.modelarts.svc"): (0, "", "[WARNING]: hwcloud.modelarts.svc was not found\n"),
        (True, "hwcloud.modelarts.svc"): (0, "{}", "[WARNING]: hwcloud.modelarts.svc was not found\n"),
    }))
    failures = check_docs.check_plugin("module", "hwcloud.modelarts.svc", {})
    text = "\n".join(failures)
    assert "printed nothing" in text
    assert "was not found" in text
    assert "no entry for hwcloud.modelarts.svc" in text


def test_missing_examples_and_return_are_reported(check_docs, monkeypatch):
    data = json.dumps({"hwcloud.modelarts.svc": {"doc": {"module": "svc"}, "examples": "", "return": None}})
    monkeypatch.setattr(check_docs, "run", fake_runner({
        (False, "hwcloud.modelarts.svc"): (0, "text\n", ""),
        (True, "hwcloud.modelarts.svc"): (0, data, ""),
    }))
    failures = check_docs.check_plugin("module", "hwcloud.modelarts.svc", {})
    assert any("EXAMPLES" in failure for failure in failures)
    assert any("RETURN" in failure for failure in failures)


def test_discovery(check_docs, tmp_path, monkeypatch):
    (tmp_path / "plugins" / "modules" / "sub").mkdir(parents=True)
    for name in ("a.py", "__init__.py", "sub/b.py", "README.md"):
        (tmp_path / "plugins" / "modules" / name).write_text("", encoding="utf-8")
    (tmp_path / "roles" / "with_spec" / "meta").mkdir(parents=True)
    (tmp_path / "roles" / "with_spec" / "meta" / "argument_specs.yml").write_text("---\n", encoding="utf-8")
    (tmp_path / "roles" / "without_spec" / "tasks").mkdir(parents=True)
    monkeypatch.setattr(check_docs, "ROOT", tmp_path)

    assert check_docs.discover_modules() == ["a", "sub.b"]
    assert check_docs.discover_roles() == ["with_spec"]


def test_no_modules_passes(check_docs, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(check_docs, "ROOT", tmp_path)
    assert check_docs.check_ansible_doc({}) == {}
    assert "no modules" in capsys.readouterr().out


def test_antsibull_messages_are_findings(check_docs, tmp_path, monkeypatch):
    messages = {"messages": [{"path": str(tmp_path / "plugins/modules/a.py"), "row": 3, "column": None, "message": "bad markup"}]}

    def run(command, env):
        assert "--plugin-docs" in command and command[-1] == str(tmp_path)
        return subprocess.CompletedProcess(command, 3, json.dumps(messages), "")

    monkeypatch.setattr(check_docs, "run", run)
    assert check_docs.check_antsibull({}, tmp_path) == ["plugins/modules/a.py:3: bad markup"]


def test_inventory_plugins_are_discovered_and_need_no_return(check_docs, tmp_path, monkeypatch):
    (tmp_path / "plugins" / "inventory").mkdir(parents=True)
    for name in ("services.py", "__init__.py", "notes.txt"):
        (tmp_path / "plugins" / "inventory" / name).write_text("", encoding="utf-8")
    monkeypatch.setattr(check_docs, "ROOT", tmp_path)
    assert check_docs.discover_inventory_plugins() == ["services"]

    data = json.dumps({"hwcloud.modelarts.services": {"doc": {"name": "services"}, "examples": "plugin: x\n",
                                                      "return": None}})
    monkeypatch.setattr(check_docs, "run", fake_runner({
        (False, "hwcloud.modelarts.services"): (0, "> HWCLOUD.MODELARTS.SERVICES\n", ""),
        (True, "hwcloud.modelarts.services"): (0, data, ""),
    }))
    assert not check_docs.check_plugin("inventory", "hwcloud.modelarts.services", {})
    # A module without RETURN still fails.
    monkeypatch.setattr(check_docs, "run", fake_runner({
        (False, "hwcloud.modelarts.services"): (0, "text\n", ""),
        (True, "hwcloud.modelarts.services"): (0, data, ""),
    }))
    assert any("RETURN" in failure for failure in check_docs.check_plugin("module", "hwcloud.modelarts.services", {}))
