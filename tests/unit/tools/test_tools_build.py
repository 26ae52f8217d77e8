"""The artifact `ansible-galaxy collection build` makes holds the collection, not the development set-up.

galaxy.yml's manifest is an allow-list, and so is this test: the artifact holds exactly the files of the checkout
that SHIPPED names (less NOT_SHIPPED), plus the MANIFEST.json and FILES.json the build writes. The tests run from a
checkout only; the artifact keeps tests/config.yml (the modules' Python versions) and .ansible-lint (galaxy-importer
lints the artifact with it)."""

import fnmatch
import os
import subprocess
import sys
import tarfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
# Paths from the collection root, as fnmatch patterns ("*" also matches "/").
SHIPPED = ("README.md", "COPYING", "CHANGELOG.rst", "requirements.txt", "bindep.txt", ".ansible-lint",
           "meta/runtime.yml", "meta/execution-environment.yml",
           "plugins/*.py", "roles/*.yml", "roles/*.md",
           "playbooks/*.yml",
           "docs/*.md", "docs/*.rst", "docs/*.yml",
           "awx/execution-environment.yml", "awx/credential_type/*.yml",
           "changelogs/changelog.yaml", "changelogs/config.yaml",
           "tests/config.yml")
# The demo playbook runs against the emulator, which does not ship; docs/site/ is the docs site's Sphinx set-up.
NOT_SHIPPED = ("playbooks/demo.yml", "docs/site/*")
WRITTEN_BY_THE_BUILD = {"MANIFEST.json", "FILES.json"}


def checkout_files():
    """Every file of the checkout, less hidden directories (.venv, .build, .git, ...), caches and test output."""
    for directory, subdirectories, files in os.walk(ROOT):
        relative = os.path.relpath(directory, ROOT)
        subdirectories[:] = [name for name in subdirectories
                             if not name.startswith(".") and name != "__pycache__"
                             and os.path.join(relative, name) != os.path.join("tests", "output")]
        for name in files:
            if not name.endswith(".pyc"):
                yield os.path.normpath(os.path.join(relative, name)).replace(os.sep, "/")


def expected_files():
    return {path for path in checkout_files()
            if any(fnmatch.fnmatch(path, pattern) for pattern in SHIPPED)
            and not any(fnmatch.fnmatch(path, pattern) for pattern in NOT_SHIPPED)} | WRITTEN_BY_THE_BUILD


def test_built_collection_holds_exactly_the_allowed_files(tmp_path):
    galaxy = os.path.join(os.path.dirname(sys.executable), "ansible-galaxy")
    subprocess.run([galaxy, "collection", "build", "--output-path", str(tmp_path), ROOT],
                   check=True, capture_output=True, text=True)
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        version = yaml.safe_load(handle)["version"]
    with tarfile.open(str(tmp_path / ("hwcloud-modelarts-%s.tar.gz" % version))) as artifact:
        shipped = {member.name for member in artifact.getmembers() if member.isfile()}
    expected = expected_files()
    assert sorted(shipped - expected) == []
    assert sorted(expected - shipped) == []
    # What the allow-list is for: the content is there, and the test code and the development set-up are not.
    for present in ("plugins/modules/modelarts_service.py", "plugins/modules/modelarts_service_info.py",
                    "plugins/module_utils/_service/api.py", "plugins/inventory/modelarts_services.py",
                    "roles/canary_rollout/meta/argument_specs.yml", "playbooks/update_service.yml",
                    "docs/docsite/links.yml", "docs/docsite/extra-docs.yml", "docs/awx.md", "meta/runtime.yml",
                    "changelogs/changelog.yaml", "tests/config.yml", ".ansible-lint"):
        assert present in shipped
    for absent in ("tests/module_runner.py", "tests/hostile/server.py", "tests/conftest.py", "playbooks/demo.yml",
                   "Makefile", "galaxy.yml", "tools/demo.py", "requirements-dev.txt", "constraints-dev.txt",
                   "changelogs/.plugin-cache.yaml", "CONTRIBUTING.md", "docs/site/rst/index.rst"):
        assert absent not in shipped
    assert not [name for name in shipped if name.startswith(("tests/", ".venv", ".build")) and name != "tests/config.yml"]
