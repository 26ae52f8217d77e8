# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_compile_once: this collection's module_utils, run from a zip as Ansible runs a module, compile once each.

Each check runs in a fresh interpreter with a zip of the collection on ``sys.path`` (what AnsiballZ
does), so the finder it installs never touches the test process.
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


def probe(tmp_path):
    archive = zip_of_the_collection(str(tmp_path / "module_payload.zip"))
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
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
