"""Run galaxy-importer (the checks Galaxy runs on an uploaded collection) on the built artifact.

Usage (``make importer`` builds the artifact into .build/ first and runs this from .venv-importer)::

    .venv-importer/bin/python tools/galaxy_import.py [directory holding the artifact, default .build]

The artifact is the ``hwcloud-modelarts-<galaxy.yml version>.tar.gz`` in that directory. galaxy-importer runs
ansible-doc on every plugin and checks the artifact's layout, metadata and changelog; it reports findings as
``WARNING:``/``ERROR:`` lines and still ends with "Importer processing completed successfully". This script
prints its output and fails on any such line, or when galaxy-importer fails. Nothing reaches the network. Its
result (importer_result.json) is left in .build/importer/.

galaxy-importer's own ansible-lint run is turned off (IMPORTER_CONFIG): it gives ansible-lint a fixed 180 s and
reports a slower run as a finding, so on a busy machine (make test runs this beside the test suite) the gate
failed on the machine's speed, not on the artifact. ``make lint`` runs the same ``ansible-lint --profile
production --offline`` on everything the artifact ships, with no time limit.
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FINDING = re.compile(r"^(WARNING|ERROR|CRITICAL):")
# galaxy-importer's configuration (its galaxy-importer.cfg format): ansible-doc, the changelog check and the
# artifact checks as Galaxy runs them; no ansible-lint (make lint, see above), no ansible-test (make sanity).
IMPORTER_CONFIG = """[galaxy-importer]
run_ansible_doc = True
run_ansible_lint = False
run_ansible_test = False
"""


def artifact_path(directory: Path) -> Path:
    galaxy = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))
    path = directory / f"{galaxy['namespace']}-{galaxy['name']}-{galaxy['version']}.tar.gz"
    if not path.is_file():
        raise SystemExit(f"[importer] {path} not found: run `make build` first")
    return path


def main(argv: list) -> int:
    directory = (ROOT / (argv[0] if argv else ".build")).resolve()
    artifact = artifact_path(directory)
    work = ROOT / ".build" / "importer"
    work.mkdir(parents=True, exist_ok=True)

    env = dict(os.environ)
    # galaxy-importer calls ansible-doc and ansible-lint by name: the ones of its own venv.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", os.defpath)])
    # It must see the artifact alone, not this checkout through the development collection path.
    env.pop("ANSIBLE_COLLECTIONS_PATH", None)
    env.pop("ANSIBLE_COLLECTIONS_PATHS", None)
    config = work / "galaxy-importer.cfg"
    config.write_text(IMPORTER_CONFIG, encoding="utf-8")
    env["GALAXY_IMPORTER_CONFIG"] = str(config)

    started = time.monotonic()
    print(f"[importer] galaxy-importer on {artifact.relative_to(ROOT)}", flush=True)
    done = subprocess.run([sys.executable, "-m", "galaxy_importer.main", str(artifact)], cwd=work, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    print(done.stdout, end="", flush=True)

    findings = [line for line in done.stdout.splitlines() if FINDING.match(line)]
    elapsed = time.monotonic() - started
    if done.returncode or "Importer processing completed successfully" not in done.stdout:
        print(f"[importer] galaxy-importer failed (exit code {done.returncode}) after {elapsed:.0f} s")
        return 1
    if findings:
        print(f"[importer] {len(findings)} finding(s) after {elapsed:.0f} s:")
        for line in findings:
            print("  " + line)
        return 1
    print(f"[importer] no findings ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
