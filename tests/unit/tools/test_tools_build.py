"""The artifact `ansible-galaxy collection build` makes holds the collection, not the development set-up.

The tests run from a checkout only; the artifact keeps tests/config.yml (the modules' Python versions) and
.ansible-lint (galaxy-importer lints the artifact with it)."""

import os
import subprocess
import sys
import tarfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
# Paths from the collection root that must not ship, and names that must not ship anywhere.
DEV_ONLY_PATHS = (".venv", ".build", ".ci", "tools", "Makefile", "requirements-dev.txt", "constraints-dev.txt",
                  ".gitignore", "pytest.ini", ".pytest_cache", ".ruff_cache", "pyproject.toml", "tests/output",
                  "requirements-matrix.txt", "constraints-2.17.txt", "constraints-2.21.txt", "requirements-importer.txt",
                  "constraints-importer.txt", "tests/conftest.py", "tests/emulator", "tests/sdk_contract.py", "tests/integration", "tests/unit",
                  "tests/live", "tests/fixtures")
# Virtual environments of the version matrix and of galaxy-importer (.venv-2.17, .venv-importer, ...).
DEV_ONLY_PREFIXES = (".venv-",)
DEV_ONLY_NAMES = ("__pycache__", ".pytest_cache")


def test_built_collection_has_the_content_and_no_development_files(tmp_path):
    galaxy = os.path.join(os.path.dirname(sys.executable), "ansible-galaxy")
    subprocess.run([galaxy, "collection", "build", "--output-path", str(tmp_path), ROOT],
                   check=True, capture_output=True, text=True)
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        version = yaml.safe_load(handle)["version"]
    with tarfile.open(str(tmp_path / ("hwcloud-modelarts-%s.tar.gz" % version))) as artifact:
        names = artifact.getnames()
    for expected in ("plugins/modules/modelarts_service.py", "plugins/modules/modelarts_service_patch.py",
                     "plugins/modules/modelarts_service_info.py", "meta/runtime.yml", "requirements.txt",
                     "roles/canary_rollout/meta/argument_specs.yml", "README.md", "COPYING", "CHANGELOG.rst",
                     "changelogs/changelog.yaml", "docs/docsite/links.yml", "docs/docsite/extra-docs.yml", "docs/awx.md",
                     "tests/config.yml", ".ansible-lint"):
        assert expected in names
    leaked = [name for name in names
              if any(name == path or name.startswith(path + "/") for path in DEV_ONLY_PATHS)
              or name.startswith(DEV_ONLY_PREFIXES)
              or any(part in DEV_ONLY_NAMES for part in name.split("/")) or name.endswith(".pyc")]
    assert leaked == []
