"""Tests for tools/sanity.py: the clean copy and the offline get-pip stand-in."""

import os
import subprocess
import sys
import types

import pytest

from tool_loader import load_file, load_tool


@pytest.fixture
def sanity():
    return load_tool("sanity.py")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_pip_version_comes_from_ansible_test(sanity):
    from ansible_test._internal.python_requirements import get_venv_packages

    expected = get_venv_packages(types.SimpleNamespace(version=sanity.PYTHON_VERSION))["pip"]
    assert sanity.ansible_test_pip_version() == expected


def test_standin_written_at_ansible_test_cache_path_and_idempotent(sanity, home):
    version = sanity.ansible_test_pip_version()
    path = sanity.write_getpip_standin()

    assert str(path) == os.path.join(str(home), ".ansible", "test", "cache", "get_pip_%s.py" % version.replace(".", "_"))
    content = path.read_text(encoding="utf-8")
    compile(content, str(path), "exec")
    assert sanity.STANDIN_MARKER in content

    os.utime(path, (1, 1))
    assert sanity.write_getpip_standin() == path
    assert os.stat(path).st_mtime == 1  # unchanged content: not rewritten
    assert path.read_text(encoding="utf-8") == content


def test_standin_replaces_a_foreign_file(sanity, home):
    path = sanity.standin_path(sanity.ansible_test_pip_version())
    path.parent.mkdir(parents=True)
    path.write_text("print('a real get-pip, truncated')\n", encoding="utf-8")

    sanity.write_getpip_standin()

    assert sanity.STANDIN_MARKER in path.read_text(encoding="utf-8")


class _Recorder:
    """Stands in for subprocess.run inside the generated get-pip stand-in."""

    def __init__(self, installed, returncodes=None):
        self.calls = []
        self.installed = set(installed)
        self.returncodes = returncodes or {}

    def __call__(self, command, **kwargs):
        args = command[1:]
        self.calls.append(args)
        if args[0] == "-c":  # has_distribution(name)
            return subprocess.CompletedProcess(command, 0 if args[2] in self.installed else 1)
        if args[:2] == ["-m", "ensurepip"]:
            self.installed.update({"pip", "setuptools"})
        if args[:3] == ["-m", "pip", "uninstall"]:
            self.installed.discard(args[-1])
        return subprocess.CompletedProcess(command, self.returncodes.get(args[1], 0))


def _run_standin(sanity, home, monkeypatch, argv, recorder):
    path = sanity.write_getpip_standin()
    standin = load_file("get_pip_standin_under_test", str(path))
    monkeypatch.setattr(standin.subprocess, "run", recorder)
    monkeypatch.setattr(sys, "argv", [str(path)] + argv)
    return standin.main()


def test_standin_ensurepip_then_pip_install_without_get_pip_flags(sanity, home, monkeypatch):
    recorder = _Recorder(installed=[])
    argv = ["--disable-pip-version-check", "pip==24.2", "--no-setuptools", "--no-wheel"]

    assert _run_standin(sanity, home, monkeypatch, argv, recorder) == 0

    commands = [call for call in recorder.calls if call[0] == "-m"]
    assert commands[0] == ["-m", "ensurepip", "--upgrade"]
    assert commands[1] == ["-m", "pip", "install", "--disable-pip-version-check", "pip==24.2"]
    # --no-setuptools: ensurepip's setuptools is removed again, as get-pip would not install it
    assert commands[2][:3] == ["-m", "pip", "uninstall"] and commands[2][-1] == "setuptools"
    assert "setuptools" not in recorder.installed


def test_standin_keeps_setuptools_when_asked_for_or_already_there(sanity, home, monkeypatch):
    recorder = _Recorder(installed=[])
    argv = ["pip==24.2", "setuptools==70.0.0", "--no-setuptools"]
    assert _run_standin(sanity, home, monkeypatch, argv, recorder) == 0
    assert not any(call[:3] == ["-m", "pip", "uninstall"] for call in recorder.calls)

    recorder = _Recorder(installed=["setuptools"])
    assert _run_standin(sanity, home, monkeypatch, ["pip==24.2", "--no-setuptools"], recorder) == 0
    assert not any(call[:3] == ["-m", "pip", "uninstall"] for call in recorder.calls)


def test_standin_stops_when_ensurepip_fails(sanity, home, monkeypatch):
    recorder = _Recorder(installed=[], returncodes={"ensurepip": 3})

    assert _run_standin(sanity, home, monkeypatch, ["pip==24.2"], recorder) == 3
    assert not any(call[:2] == ["-m", "pip"] for call in recorder.calls)


def test_clean_copy_skips_symlinks_missing_and_excluded_paths(sanity, tmp_path, monkeypatch):
    root = tmp_path / "checkout"
    (root / "plugins" / "modules").mkdir(parents=True)
    (root / "plugins" / "modules" / "mod.py").write_text("# module\n", encoding="utf-8")
    (root / "galaxy.yml").write_text("namespace: hwcloud\n", encoding="utf-8")
    (root / "tools").mkdir()
    (root / "tools" / "run.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    os.chmod(root / "tools" / "run.sh", 0o755)
    (root / "link.py").symlink_to(root / "galaxy.yml")
    for excluded in (".venv/bin/python", ".build/x", "tests/output/y"):
        (root / excluded).parent.mkdir(parents=True, exist_ok=True)
        (root / excluded).write_text("x\n", encoding="utf-8")

    listed = ["galaxy.yml", "plugins/modules/mod.py", "tools/run.sh", "link.py", "deleted.py",
              ".venv/bin/python", ".build/x", "tests/output/y"]

    def fake_run(command, **kwargs):
        assert command[:2] == ["git", "ls-files"] and "--others" in command and "--exclude-standard" in command
        assert kwargs["cwd"] == root
        return subprocess.CompletedProcess(command, 0, stdout="\0".join(listed).encode() + b"\0")

    build = tmp_path / "build"
    monkeypatch.setattr(sanity, "ROOT", root)
    monkeypatch.setattr(sanity, "BUILD_ROOT", build)
    monkeypatch.setattr(sanity, "COLLECTION_COPY", build / "ansible_collections" / "hwcloud" / "modelarts")
    monkeypatch.setattr(sanity.subprocess, "run", fake_run)

    stale = build / "ansible_collections" / "hwcloud" / "modelarts" / "stale.py"
    stale.parent.mkdir(parents=True)
    stale.write_text("old\n", encoding="utf-8")

    assert sanity.make_clean_copy() == 3

    copy = sanity.COLLECTION_COPY
    copied = sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file() or p.is_symlink())
    assert copied == ["galaxy.yml", "plugins/modules/mod.py", "tools/run.sh"]
    assert os.access(copy / "tools" / "run.sh", os.X_OK)
