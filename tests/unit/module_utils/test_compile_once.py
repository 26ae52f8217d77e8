# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_compile_once: this collection's module_utils, run from a zip as Ansible runs a module, compile once each,
and not at all once the bytecode cache holds them.

Each check of the finder runs in a fresh interpreter with a zip of the collection on ``sys.path`` (what
AnsiballZ does), so the finder it installs never touches the test process. The cache's own rules are
checked in this process, on folders of the test's own.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import glob
import json
import os
import subprocess
import sys
import zipfile

import marshal
import stat

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils import _compile_once

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PACKAGE = _compile_once.PACKAGE_PREFIX.rstrip(".")

# Counts every compile by file name, imports a module that pulls in most of the collection, and reports
# what the import system recorded about it.
PROBE = r'''
import builtins, collections, importlib, json, sys, traceback
sys.path.insert(0, sys.argv[1])
compiled = collections.Counter()
real_compile = builtins.compile
def counting_compile(source, filename, *args, **kwargs):
    compiled[str(filename)] += 1
    return real_compile(source, filename, *args, **kwargs)
builtins.compile = counting_compile
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _compile_once
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service import lifecycle
from ansible_collections.hwcloud.modelarts.plugins.module_utils import _json_pointer
try:
    _json_pointer.parse_pointer("no slash")  # an exception raised inside a zipped file
except ValueError:
    frames = traceback.format_exc()
try:
    importlib.import_module("ansible_collections.hwcloud.modelarts.plugins.module_utils._no_such_file")
    missing = "imported"
except ImportError as error:
    missing = type(error).__name__
ours = dict((name, count) for name, count in compiled.items() if "/ansible_collections/" in name)
print(json.dumps({
    "installed": any(type(finder).__name__ == "ZipSourceFinder" for finder in sys.meta_path),
    "compiled": ours,
    "lifecycle_file": lifecycle.__file__,
    "lifecycle_loader": type(lifecycle.__loader__).__name__,
    "service_path": list(sys.modules[lifecycle.__package__].__path__),
    "frames": frames,
    "missing": missing,
}))
'''


def zip_of_the_collection(path):
    """The collection's module_utils under ansible_collections/, each package with an __init__.py, as AnsiballZ packs them."""
    with zipfile.ZipFile(path, "w") as archive:
        for package in ("ansible_collections", "ansible_collections/hwcloud", "ansible_collections/hwcloud/modelarts",
                        "ansible_collections/hwcloud/modelarts/plugins"):
            archive.writestr(package + "/__init__.py", "")
        source_root = os.path.join(ROOT, "plugins", "module_utils")
        for folder, _dirs, files in os.walk(source_root):
            relative = os.path.relpath(folder, source_root)
            target = "ansible_collections/hwcloud/modelarts/plugins/module_utils" + ("" if relative == "." else "/" + relative)
            if "__init__.py" not in files:
                archive.writestr(target + "/__init__.py", "")
            for name in files:
                if name.endswith(".py"):
                    archive.write(os.path.join(folder, name), target + "/" + name)
    return path


def probe(tmp_path, cache_home=None, archive_name="module_payload.zip"):
    """Import from a zip of the collection in a fresh interpreter. Without ``cache_home`` the bytecode cache is
    an empty folder Python may not write to, so every file compiles; with it, the cache is kept there."""
    (tmp_path / archive_name).parent.mkdir(exist_ok=True)
    archive = zip_of_the_collection(str(tmp_path / archive_name))
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home or tmp_path / "no-cache"))
    if cache_home is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPATH", None)
    answer = subprocess.run([sys.executable, "-c", PROBE, archive], capture_output=True, text=True, env=env, check=True,
                            cwd=str(tmp_path))
    return archive, json.loads(answer.stdout)


@pytest.fixture(scope="module")
def zipped(tmp_path_factory):
    return probe(tmp_path_factory.mktemp("zipped"))


def test_each_file_after_the_first_compiles_once(zipped):
    archive, seen = zipped
    assert seen["installed"] is True
    module_utils = archive + "/" + PACKAGE.replace(".", "/") + "/"
    ours = dict((name, count) for name, count in seen["compiled"].items() if name.startswith(module_utils))
    # The packages down to module_utils and _compile_once itself came through zipimport before the finder
    # existed: twice, as every file did before.
    assert ours.pop(module_utils + "__init__.py") == 2 and ours.pop(module_utils + "_compile_once.py") == 2
    assert module_utils + "_service/lifecycle.py" in ours and len(ours) > 15
    assert set(ours.values()) == {1}, ours


def test_a_zipped_module_looks_as_zipimport_would_make_it(zipped):
    archive, seen = zipped
    service = archive + "/" + PACKAGE.replace(".", "/") + "/_service"
    assert seen["lifecycle_file"] == service + "/lifecycle.py"
    assert seen["lifecycle_loader"] == "ZipSourceLoader"
    assert seen["service_path"] == [service]
    # Tracebacks still quote the zipped source: linecache reads it through the loader.
    assert service.rsplit("/", 1)[0] + "/_json_pointer.py" in seen["frames"]
    assert 'raise ValueError("a JSON pointer starts with /")' in seen["frames"]


def test_a_name_the_zip_lacks_fails_as_a_plain_import_error(zipped):
    _archive, seen = zipped
    assert seen["missing"] == "ModuleNotFoundError"


CACHED = os.path.join("hwcloud.modelarts", "bytecode", sys.implementation.cache_tag)


def test_a_second_run_compiles_none_of_the_files_the_first_kept(tmp_path):
    cache_home = tmp_path / "cache-home"
    first_archive, first = probe(tmp_path, cache_home, "first/payload.zip")
    folder = cache_home / CACHED
    kept = sorted(os.listdir(str(folder)))
    assert "_service.lifecycle-" in " ".join(kept) and all(name.endswith(".pyc") for name in kept)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert set(stat.S_IMODE((folder / name).stat().st_mode) for name in kept) == {0o600}

    second_archive, second = probe(tmp_path, cache_home, "second/payload.zip")
    module_utils = second_archive + "/" + PACKAGE.replace(".", "/") + "/"
    ours = set(name for name in second["compiled"] if name.startswith(module_utils))
    # Only what zipimport loaded before the finder existed compiles again.
    assert ours == {module_utils + "__init__.py", module_utils + "_compile_once.py"}
    assert sorted(os.listdir(str(folder))) == kept
    # Code kept from the first run names the second run's zip, as tracebacks must.
    service = module_utils + "_service"
    assert second["lifecycle_file"] == service + "/lifecycle.py"
    assert module_utils + "_json_pointer.py" in second["frames"] and first_archive not in second["frames"]
    assert 'raise ValueError("a JSON pointer starts with /")' in second["frames"]
    assert first["compiled"] and first_archive in first["frames"]


def test_when_python_may_not_write_bytecode_nothing_is_kept(tmp_path):
    probe(tmp_path)
    assert not os.path.exists(str(tmp_path / "no-cache" / "hwcloud.modelarts"))


def cache_in(tmp_path, write=True):
    return _compile_once.BytecodeCache(str(tmp_path / "cache"), write=write)


NAME = PACKAGE + "._service.lifecycle"
SOURCE = "def where():\n    raise ValueError('here')\n"


def kept_code(cache, source=SOURCE, name=NAME):
    digest = cache.digest(source)
    cache.store(name, digest, compile(source, "/old/payload.zip/lifecycle.py", "exec", dont_inherit=True))
    return cache.path(name, digest)


def loaded(cache, source=SOURCE, name=NAME, filename="/new/payload.zip/lifecycle.py"):
    return cache.load(name, cache.digest(source), filename)


def test_kept_code_loads_for_the_same_source_and_names_the_new_file(tmp_path):
    cache = cache_in(tmp_path)
    kept_code(cache)
    code = loaded(cache)
    assert code.co_filename == "/new/payload.zip/lifecycle.py"
    namespace = {}
    exec(code, namespace)
    assert namespace["where"].__code__.co_filename == "/new/payload.zip/lifecycle.py"
    assert loaded(cache, source=SOURCE + "# changed\n") is None


def test_a_new_version_of_a_file_replaces_its_old_one_and_no_other(tmp_path):
    cache = cache_in(tmp_path)
    old = kept_code(cache)
    package = kept_code(cache, name=PACKAGE + "._service")
    new = kept_code(cache, source=SOURCE + "# changed\n")
    assert sorted(os.listdir(cache.folder)) == sorted(os.path.basename(path) for path in (package, new))
    assert not os.path.exists(old)


@pytest.mark.parametrize("damage", ["another magic", "truncated", "not code", "empty"])
def test_a_damaged_file_is_not_used(tmp_path, damage):
    cache = cache_in(tmp_path)
    path = kept_code(cache)
    with open(path, "rb") as handle:
        data = handle.read()
    header = len(cache.header(cache.digest(SOURCE)))
    data = {"another magic": b"\0\0\0\0" + data[4:], "truncated": data[:header + 10],
            "not code": data[:header] + marshal.dumps(["a", "list"]), "empty": b""}[damage]
    with open(path, "wb") as handle:
        handle.write(data)
    assert loaded(cache) is None


def test_a_file_others_may_write_or_a_link_is_not_used(tmp_path):
    cache = cache_in(tmp_path)
    path = kept_code(cache)
    os.chmod(path, 0o620)
    assert loaded(cache) is None
    os.chmod(path, 0o600)
    assert loaded(cache) is not None
    os.rename(path, path + ".elsewhere")
    os.symlink(path + ".elsewhere", path)
    assert loaded(cache) is None


def test_a_file_of_another_user_is_not_used(tmp_path, monkeypatch):
    cache = cache_in(tmp_path)
    kept_code(cache)
    uid = os.geteuid()
    cache._usable = True  # the folder was checked as this user's; now the file's owner is somebody else
    monkeypatch.setattr(os, "geteuid", lambda: uid + 1)
    assert loaded(cache) is None


def test_a_folder_others_may_write_or_a_link_is_neither_read_nor_written(tmp_path):
    cache = cache_in(tmp_path)
    kept_code(cache)
    os.chmod(cache.folder, 0o777)
    open_folder = cache_in(tmp_path)
    assert loaded(open_folder) is None
    assert kept_code(open_folder, name=PACKAGE + "._errors") and len(os.listdir(cache.folder)) == 1
    os.chmod(cache.folder, 0o700)
    os.rename(cache.folder, str(tmp_path / "real"))
    os.symlink(str(tmp_path / "real"), cache.folder)
    assert loaded(cache_in(tmp_path)) is None


def test_a_folder_that_cannot_be_written_only_means_compiling(tmp_path):
    (tmp_path / "cache").write_text("a file where the folder should be")
    cache = cache_in(tmp_path)
    kept_code(cache)
    assert loaded(cache) is None


def test_a_read_only_cache_reads_but_never_writes(tmp_path):
    assert not cache_in(tmp_path, write=False).usable() and not os.path.exists(str(tmp_path / "cache"))
    kept_code(cache_in(tmp_path))
    reader = cache_in(tmp_path, write=False)
    assert loaded(reader) is not None
    kept_code(reader, name=PACKAGE + "._errors")
    assert len(os.listdir(reader.folder)) == 1


@pytest.mark.parametrize("xdg, expected", [
    ("/xdg", "/xdg"),
    (None, "HOME/.cache"),
    ("", "HOME/.cache"),
    ("relative/cache", None),
])
def test_the_folder_is_in_the_xdg_cache_home(monkeypatch, tmp_path, xdg, expected):
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    cache = _compile_once.BytecodeCache.for_this_user()
    if expected is None:
        assert cache is None
    else:
        assert cache.folder == os.path.join(expected.replace("HOME", str(tmp_path)), CACHED)


def test_no_cache_where_kept_code_cannot_be_renamed(monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    monkeypatch.setattr(_compile_once, "_fix_co_filename", None)
    assert _compile_once.BytecodeCache.for_this_user() is None


def test_the_folder_is_written_unless_python_may_not_write_bytecode(monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert _compile_once.BytecodeCache.for_this_user().write is False
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert _compile_once.BytecodeCache.for_this_user().write is True


def test_from_files_on_disk_nothing_is_installed():
    assert _compile_once.install() is False
    assert not any(isinstance(finder, _compile_once.ZipSourceFinder) for finder in sys.meta_path)


def test_the_finder_answers_only_for_this_collections_module_utils(tmp_path):
    archive = zip_of_the_collection(str(tmp_path / "payload.zip"))
    finder = _compile_once.ZipSourceFinder()
    inside = archive + "/" + PACKAGE.replace(".", "/")
    assert finder.find_spec("json", None) is None
    assert finder.find_spec("ansible_collections.other.thing.plugins.module_utils.x", [inside]) is None
    assert finder.find_spec(PACKAGE + "._errors", [str(tmp_path)]) is None  # a folder, not a zip
    spec = finder.find_spec(PACKAGE + "._errors", [inside])
    assert spec.origin == inside + "/_errors.py" and spec.has_location and spec.submodule_search_locations is None
    package = finder.find_spec(PACKAGE + "._service", [inside])
    assert package.origin == inside + "/_service/__init__.py" and package.submodule_search_locations == [inside + "/_service"]


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py"))),
                         ids=os.path.basename)
def test_every_module_imports_it_before_anything_else_of_this_collection(path):
    with open(path) as handle:
        tree = ast.parse(handle.read())
    ours = [node for node in tree.body if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
        "ansible_collections.hwcloud.modelarts.")]
    first = ours[0]
    assert (first.module, [alias.name for alias in first.names]) == (PACKAGE, ["_compile_once"])
