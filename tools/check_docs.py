"""Check that every module's (and role's) documentation renders and lints cleanly.

Usage (from anywhere; ``make docs`` runs it)::

    .venv/bin/python tools/check_docs.py

Checks:

1. For every module in ``plugins/modules/``:
   - ``ansible-doc -t module hwcloud.modelarts.<name>`` exits 0, prints something and
     no ``[WARNING]``/``[ERROR]`` (ansible-doc exits 0 with only a warning when it
     cannot find or load a module, so the exit code alone proves nothing);
   - ``ansible-doc --json`` output parses and has non-empty ``doc``, ``examples``
     and ``return``.
2. The same for every role with ``meta/argument_specs.yml`` (``ansible-doc -t role``;
   JSON must have ``entry_points``), and for every inventory plugin in ``plugins/inventory/``
   (``ansible-doc -t inventory``; no ``return``, inventory plugins have none).
3. ``antsibull-docs lint-collection-docs --plugin-docs`` (the linter used for the
   Ansible documentation site: docs schema, markup, references to this collection and
   ansible.builtin, RST generation and rstcheck, roles' argument specs, extra docs).
   Any message is a failure.

The collection is found through ANSIBLE_COLLECTIONS_PATH; if it is unset, this script
points it at ``.build/collections`` and creates the same symlink as ``make
collection-link``.  Exits 1 on any failure, listing what failed for which plugin.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import subprocess
import sys
from pathlib import Path

NAMESPACE = "hwcloud"
NAME = "modelarts"
FQCN_PREFIX = f"{NAMESPACE}.{NAME}."

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_COLLECTIONS_ROOT = ROOT / ".build" / "collections"

BIN_DIR = Path(sys.executable).parent  # .venv/bin; not resolved, so it stays the venv's bin

# (plugin type, fqcn) -> list of failure messages
Failures = dict[tuple[str, str], list[str]]


def log(message: str = "") -> None:
    print(message, flush=True)


def prepare_environment() -> tuple[dict[str, str], Path]:
    """Return the environment for ansible-doc/antsibull-docs and the collection path to lint."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(BIN_DIR), env.get("PATH", os.defpath)])
    env["ANSIBLE_NOCOLOR"] = "1"
    env.pop("ANSIBLE_FORCE_COLOR", None)
    env["PAGER"] = "cat"
    # Only the collections path decides which hwcloud.modelarts is documented, not a copy
    # that happens to be installed in site-packages.
    env["ANSIBLE_COLLECTIONS_SCAN_SYS_PATH"] = "False"

    if not env.get("ANSIBLE_COLLECTIONS_PATH"):
        link = DEFAULT_COLLECTIONS_ROOT / "ansible_collections" / NAMESPACE / NAME
        link.parent.mkdir(parents=True, exist_ok=True)

        if link.is_symlink() or not link.exists():
            if os.path.realpath(link) != str(ROOT):
                tmp = link.with_name(f".{NAME}.{os.getpid()}.tmp")
                tmp.unlink(missing_ok=True)
                tmp.symlink_to(ROOT)
                os.replace(tmp, link)

        env["ANSIBLE_COLLECTIONS_PATH"] = str(DEFAULT_COLLECTIONS_ROOT)

    collection_path = None

    for entry in env["ANSIBLE_COLLECTIONS_PATH"].split(os.pathsep):
        if not entry:
            continue

        base = Path(entry).expanduser()

        for candidate in (base / "ansible_collections" / NAMESPACE / NAME, base / NAMESPACE / NAME):
            if (candidate / "galaxy.yml").is_file() or (candidate / "MANIFEST.json").is_file():
                collection_path = candidate
                break

        if collection_path:
            break

    if collection_path is None:
        raise SystemExit(
            f"check_docs: {NAMESPACE}.{NAME} not found under ANSIBLE_COLLECTIONS_PATH="
            f"{env['ANSIBLE_COLLECTIONS_PATH']} (run `make collection-link`)"
        )

    if collection_path.resolve() != ROOT:
        log(f"note: checking the collection at {collection_path.resolve()}, not this checkout ({ROOT})")

    return env, collection_path


def discover_modules() -> list[str]:
    """Short names of the modules in plugins/modules (subdirectories give dotted names)."""
    modules_dir = ROOT / "plugins" / "modules"
    names = []

    for path in sorted(modules_dir.rglob("*.py")) if modules_dir.is_dir() else []:
        if path.name == "__init__.py" or "__pycache__" in path.parts:
            continue

        names.append(".".join(path.relative_to(modules_dir).with_suffix("").parts))

    return names


def discover_inventory_plugins() -> list[str]:
    """Short names of the inventory plugins in plugins/inventory."""
    plugins_dir = ROOT / "plugins" / "inventory"
    return sorted(path.stem for path in plugins_dir.glob("*.py") if path.name != "__init__.py") if plugins_dir.is_dir() else []


def discover_roles() -> list[str]:
    roles_dir = ROOT / "roles"
    names = []

    for role in sorted(roles_dir.iterdir()) if roles_dir.is_dir() else []:
        if any((role / "meta" / f"argument_specs.{ext}").is_file() for ext in ("yml", "yaml")):
            names.append(role.name)

    return names


def problem_lines(stderr: str) -> list[str]:
    return [line.strip() for line in stderr.splitlines() if "[WARNING]" in line or "[ERROR]" in line or "ERROR!" in line]


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)


def check_plugin(plugin_type: str, fqcn: str, env: dict[str, str]) -> list[str]:
    """Return the failures of one module or role (empty list: fine)."""
    failures = []
    ansible_doc = str(BIN_DIR / "ansible-doc")

    text = run([ansible_doc, "-t", plugin_type, fqcn], env)
    label = f"ansible-doc -t {plugin_type} {fqcn}"

    if text.returncode:
        failures.append(f"{label} exited {text.returncode}")
    if not text.stdout.strip():
        failures.append(f"{label} printed nothing")
    failures.extend(f"{label}: {line}" for line in problem_lines(text.stderr))
    if text.returncode and not problem_lines(text.stderr) and text.stderr.strip():
        failures.append(f"{label} stderr: {text.stderr.strip()}")

    data = run([ansible_doc, "--json", "-t", plugin_type, fqcn], env)
    label = f"ansible-doc --json -t {plugin_type} {fqcn}"

    if data.returncode:
        failures.append(f"{label} exited {data.returncode}")
    failures.extend(f"{label}: {line}" for line in problem_lines(data.stderr))

    try:
        parsed = json.loads(data.stdout)
    except ValueError as ex:
        failures.append(f"{label} did not print JSON: {ex}")
        return failures

    entry = parsed.get(fqcn) if isinstance(parsed, dict) else None

    if not isinstance(entry, dict):
        failures.append(f"{label}: no entry for {fqcn} in the JSON output")
        return failures

    if plugin_type == "role":
        if not entry.get("entry_points"):
            failures.append(f"{label}: no entry_points (meta/argument_specs.yml empty?)")
        return failures

    if not isinstance(entry.get("doc"), dict) or not entry["doc"]:
        failures.append(f"{label}: DOCUMENTATION missing or empty ('doc')")
    if not isinstance(entry.get("examples"), str) or not entry["examples"].strip():
        failures.append(f"{label}: EXAMPLES missing or empty ('examples')")
    # Inventory plugins return nothing to a task, so they have no RETURN.
    if plugin_type != "inventory" and not entry.get("return"):
        failures.append(f"{label}: RETURN missing or empty ('return')")

    return failures


def check_ansible_doc(env: dict[str, str]) -> Failures:
    targets = [("module", FQCN_PREFIX + name) for name in discover_modules()]
    targets += [("inventory", FQCN_PREFIX + name) for name in discover_inventory_plugins()]
    targets += [("role", FQCN_PREFIX + name) for name in discover_roles()]

    if not any(target[0] == "module" for target in targets):
        log("ansible-doc: no modules in plugins/modules/ (nothing to check)")
    if not targets:
        return {}

    results: Failures = {}

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {target: pool.submit(check_plugin, target[0], target[1], env) for target in targets}

        for target in targets:
            failures = futures[target].result()
            results[target] = failures
            log(f"ansible-doc: {target[0]} {target[1]}: {'FAILED' if failures else 'ok'}")

    return {target: failures for target, failures in results.items() if failures}


def check_antsibull(env: dict[str, str], collection_path: Path) -> list[str]:
    """Run antsibull-docs' collection linter; return one string per message."""
    command = [
        str(BIN_DIR / "antsibull-docs"),
        "lint-collection-docs",
        "--plugin-docs",  # schema + markup + RST generation for modules and roles
        "--check-extra-docs-refs",  # references in docs/docsite/rst/*.rst, if any
        "--validate-collection-refs",
        "dependent",  # refs to this collection and ansible.builtin must exist
        "--message-format",
        "json",
        str(collection_path),
    ]
    log("antsibull-docs: " + " ".join(command[1:]))
    result = run(command, env)

    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError, TypeError):
        output = "\n".join(part for part in (result.stdout.strip(), result.stderr.strip()) if part)
        return [] if result.returncode == 0 else [f"antsibull-docs exited {result.returncode}:\n{output}"]

    findings = []

    for message in messages:
        path = message.get("path") or "?"
        try:
            path = str(Path(path).resolve().relative_to(collection_path.resolve()))
        except ValueError:
            pass
        where = ":".join(str(part) for part in (path, message.get("row"), message.get("column")) if part is not None)
        findings.append(f"{where}: {message.get('message', '').strip()}")

    if result.returncode and not findings:
        findings.append(f"antsibull-docs exited {result.returncode}: {result.stderr.strip()}")

    return findings


def main() -> int:
    env, collection_path = prepare_environment()

    doc_failures = check_ansible_doc(env)
    lint_findings = check_antsibull(env, collection_path)

    log(f"antsibull-docs: {'FAILED' if lint_findings else 'ok'}")

    if not doc_failures and not lint_findings:
        log("check_docs: all documentation checks passed")
        return 0

    log()
    log("check_docs: FAILED")

    for (plugin_type, fqcn), failures in doc_failures.items():
        log(f"- {plugin_type} {fqcn}:")
        for failure in failures:
            log(f"    {failure}")

    if lint_findings:
        log("- antsibull-docs lint-collection-docs:")
        for finding in lint_findings:
            first, *rest = finding.splitlines()
            log(f"    {first}")
            for line in rest:
                log(f"        {line}")

    return 1


if __name__ == "__main__":
    sys.exit(main())
