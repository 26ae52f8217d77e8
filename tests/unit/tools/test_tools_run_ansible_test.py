"""Tests for tools/run_ansible_test.py and the emulator daemon of the setup_emulator integration target."""

import http.client
import json
import os
import subprocess
import sys

import pytest

from tool_loader import ROOT, load_file, load_tool

DAEMON = os.path.join(ROOT, "tests", "integration", "targets", "setup_emulator", "files", "emulator_daemon.py")


@pytest.fixture
def runner():
    return load_tool("run_ansible_test.py")


@pytest.fixture
def daemon():
    return load_file("emulator_daemon_under_test", DAEMON)


def test_units_run_locally_with_two_workers_unless_told(runner):
    command = runner.command_line("units", ["tests/unit/module_utils"])
    assert command[1:] == ["units", "--local", "--python", "%d.%d" % sys.version_info[:2], "--color", "no",
                           "--num-workers", "2", "tests/unit/module_utils"]
    assert command[0].endswith("ansible-test")
    assert runner.command_line("units", ["--num-workers=1"]).count("--num-workers=1") == 1
    assert "--num-workers" not in runner.command_line("units", ["--num-workers=1"])
    assert "--num-workers" not in runner.command_line("integration", ["modelarts_service"])


def test_an_unknown_command_is_refused_before_anything_is_copied(runner, capsys):
    assert runner.main(["sanity"]) == 2
    assert "usage: tools/run_ansible_test.py {units,integration}" in capsys.readouterr().out


def test_the_owner_of_a_run_is_the_ansible_test_ancestor(daemon, monkeypatch):
    me = os.getpid()
    table = {
        me: (300, "python emulator_daemon.py start"),
        300: (200, "/venv/bin/python /venv/bin/ansible-playbook target.yml -i inventory"),
        200: (100, "/venv/bin/python /venv/bin/ansible-test integration --local"),
        100: (1, "bash"),
    }
    monkeypatch.setattr(daemon, "process_table", lambda: table)
    monkeypatch.setattr(daemon.os, "getppid", lambda: me)
    assert daemon.run_owner() == 200
    # Without ansible-test (a target run by hand): the outermost ansible-playbook.
    table[200] = (100, "bash")
    assert daemon.run_owner() == 300


def test_the_emulator_serves_until_its_owner_ends_then_removes_its_state(tmp_path):
    owner = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    state = tmp_path / "emulator.json"
    served = subprocess.Popen([sys.executable, DAEMON, "serve", str(owner.pid), str(state), os.path.join(ROOT, "tests")],
                              stdout=subprocess.PIPE, universal_newlines=True)
    try:
        first = json.loads(served.stdout.readline())
        assert json.loads(state.read_text()) == first
        assert first["pid"] == served.pid and first["owner"] == owner.pid
        connection = http.client.HTTPConnection(first["url"].split("://", 1)[1], timeout=10)
        connection.request("GET", "/_emulator/clock")
        clock = json.loads(connection.getresponse().read())
        connection.close()
        assert (clock["mode"], clock["release_after_reads"]) == ("held", 2)
    finally:
        owner.communicate(b"")
    assert served.wait(timeout=60) == 0
    assert not state.exists()
