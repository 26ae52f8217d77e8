"""The artifact `ansible-galaxy collection build` makes holds the collection, not the development set-up."""

import os
import subprocess
import sys
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
# Paths from the collection root that must not ship, and names that must not ship anywhere.
DEV_ONLY_PATHS = (".venv", ".build", ".ci", "tools", "Makefile", "requirements-dev.txt", "constraints-dev.txt",
                  ".ansible-lint", ".gitignore", "pytest.ini", ".pytest_cache", "tests/output")
DEV_ONLY_NAMES = ("__pycache__", ".pytest_cache")


def test_built_collection_has_the_content_and_no_development_files(tmp_path):
    galaxy = os.path.join(os.path.dirname(sys.executable), "ansible-galaxy")
    subprocess.run([galaxy, "collection", "build", "--output-path", str(tmp_path), ROOT],
                   check=True, capture_output=True, text=True)
    with tarfile.open(str(tmp_path / "hwcloud-modelarts-0.1.0.tar.gz")) as artifact:
        names = artifact.getnames()
    for expected in ("plugins/modules/modelarts_service.py", "plugins/modules/modelarts_service_patch.py",
                     "plugins/modules/modelarts_service_info.py", "meta/runtime.yml", "requirements.txt",
                     "roles/canary_rollout/meta/argument_specs.yml", "README.md"):
        assert expected in names
    leaked = [name for name in names
              if any(name == path or name.startswith(path + "/") for path in DEV_ONLY_PATHS)
              or any(part in DEV_ONLY_NAMES for part in name.split("/")) or name.endswith(".pyc")]
    assert leaked == []
