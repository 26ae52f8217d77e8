"""tools/find_python.sh (the matrix's interpreters) and tools/galaxy_import.py (galaxy-importer's verdict)."""

import os
import subprocess
import sys

import pytest

from tool_loader import load_tool

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
FIND_PYTHON = os.path.join(ROOT, "tools", "find_python.sh")


def load_galaxy_import():
    return load_tool("galaxy_import.py")


def test_find_python_prints_a_working_interpreter():
    done = subprocess.run(["sh", FIND_PYTHON, sys.executable], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    found = done.stdout.strip()
    version = subprocess.run([found, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version == "%d.%d" % sys.version_info[:2]


def test_find_python_names_the_missing_interpreter(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path))  # neither python9.99 nor pyenv on PATH
    done = subprocess.run(["/bin/sh", FIND_PYTHON, "python9.99"], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "no working python9.99 on PATH (nor a pyenv installation of Python 9.99)" in done.stderr
    assert "PYTHON_OLDEST=" in done.stderr


@pytest.mark.parametrize("line, finding", [
    ("WARNING: plugins/modules/x.py:12: schema[playbook]: ...", True),
    ("ERROR: Timeout on call to ansible-lint", True),
    ("Loading module modelarts_service", False),
    ("Importer processing completed successfully", False),
])
def test_galaxy_import_counts_warning_and_error_lines(line, finding):
    assert bool(load_galaxy_import().FINDING.match(line)) is finding


def test_galaxy_import_wants_the_artifact_of_galaxy_yml_version(tmp_path):
    with pytest.raises(SystemExit) as raised:
        load_galaxy_import().artifact_path(tmp_path)
    assert "hwcloud-modelarts-" in str(raised.value) and "run `make build` first" in str(raised.value)


def test_galaxy_import_leaves_ansible_lint_to_make_lint():
    """galaxy-importer gives ansible-lint a fixed 180 s: on a busy machine the gate failed on its speed. make lint
    runs ansible-lint on the whole checkout without a limit, so the importer's run is turned off."""
    import configparser

    parser = configparser.ConfigParser()
    parser.read_string(load_galaxy_import().IMPORTER_CONFIG)
    section = parser["galaxy-importer"]
    assert section.getboolean("run_ansible_lint") is False
    assert section.getboolean("run_ansible_doc") is True
    with open(os.path.join(ROOT, "Makefile")) as makefile:
        assert "\t$(BIN)/ansible-lint --profile production\n" in makefile.read()


def test_no_gate_tool_has_a_fixed_timeout():
    """A gate passes or fails on the artifact, never on how busy the machine is: no tool a gate runs sets a timeout."""
    gates = ["galaxy_import.py", "sanity.py", "check_docsite.py"]
    for name in gates:
        with open(os.path.join(ROOT, "tools", name)) as tool:
            text = tool.read()
        assert "timeout=" not in text, name
