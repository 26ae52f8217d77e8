"""The AWX / AAP pieces: the credential type (awx/credential_type/), the execution environment definitions
(awx/execution-environment.yml, meta/execution-environment.yml) and a job run the way AWX runs one, with
ansible-runner and the environment the credential type injects.
"""

import os
import re
import subprocess
import sys

import yaml
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from integration.harness import ACCESS_KEY, MODEL_V1, PROJECT_ID, REGION, SECRET_KEY

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
CREDENTIAL_TYPE = os.path.join(ROOT, "awx", "credential_type")
CONNECTION_FRAGMENT = os.path.join(ROOT, "plugins", "doc_fragments", "connection.py")
COLLECTIONS = os.path.join(ROOT, ".build", "collections")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def credential_type():
    return load(os.path.join(CREDENTIAL_TYPE, "inputs.yml")), load(os.path.join(CREDENTIAL_TYPE, "injectors.yml"))


def inject(injectors, inputs):
    """The environment AWX gives a job: each injector template rendered with the credential's inputs.

    AWX renders with a sandboxed Jinja environment in which an input left empty is undefined, i.e. ''.
    """
    env = ImmutableSandboxedEnvironment()
    return dict((name, env.from_string(template).render(**inputs)) for name, template in injectors["env"].items())


def test_credential_type_injects_only_hw_variables_from_its_inputs():
    inputs, injectors = credential_type()
    assert set(injectors) == {"env"}, "only environment variables: no extra vars, no files"
    ids = [field["id"] for field in inputs["fields"]]
    assert len(ids) == len(set(ids))
    for field in inputs["fields"]:
        assert set(field) <= {"id", "type", "label", "help_text", "secret", "multiline"}, field
        assert field["type"] == "string" and field["label"]
    assert set(inputs["required"]) == {"access_key", "secret_key", "region", "project_id"}
    assert {f["id"] for f in inputs["fields"] if f.get("secret")} == {"secret_key", "security_token"}

    names = list(injectors["env"])
    assert all(name.startswith("HW_") for name in names), names
    assert not [name for name in names if name.startswith("ANSIBLE_")]
    # Each variable is one the modules read (the connection doc fragment names them as E(HW_...)).
    with open(CONNECTION_FRAGMENT, encoding="utf-8") as handle:
        documented = set(re.findall(r"E\((HW_[A-Z_]+)\)", handle.read()))
    assert set(names) <= documented, set(names) - documented

    # Each template uses only defined inputs, and every input is injected.
    env = ImmutableSandboxedEnvironment()
    used = set()
    for template in injectors["env"].values():
        used |= meta.find_undeclared_variables(env.parse(template))
    assert used == set(ids)


def test_collection_declares_its_ee_dependencies():
    """ansible-builder reads meta/execution-environment.yml of every collection it puts into an EE."""
    done = subprocess.run([os.path.join(BIN, "ansible-builder"), "introspect", COLLECTIONS],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    found = yaml.safe_load(done.stdout)
    with open(os.path.join(ROOT, "requirements.txt"), encoding="utf-8") as handle:
        python = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    assert python and all("%s  # from collection hwcloud.modelarts" % line in found["python"] for line in python), found
    assert any(line.startswith("ca-certificates ") for line in found["system"]), found


def test_execution_environment_build_context(tmp_path):
    context = tmp_path / "context"
    done = subprocess.run([os.path.join(BIN, "ansible-builder"), "create", "--file", "awx/execution-environment.yml",
                           "--context", str(context)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    containerfile = (context / "Dockerfile").read_text() if (context / "Dockerfile").exists() else (
        context / "Containerfile").read_text()
    assert "ansible-galaxy collection install" in containerfile
    assert "introspect" in containerfile, "the collections' own dependencies are installed"
    requirements = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert [c["name"] for c in requirements["collections"]] == ["hwcloud.modelarts"]


def test_update_service_playbook_through_ansible_runner(emu, tmp_path):
    """What an AWX job does: ansible-runner, the credential's injected environment, the survey's extra vars.

    ansible-runner runs as its own process, as in an AWX job: run in the test's process, its pty fork would
    happen beside the emulator's threads (Python 3.13 warns that such a fork may deadlock the child)."""
    _inputs, injectors = credential_type()
    credential = {"access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "region": REGION, "project_id": PROJECT_ID,
                  "modelarts_endpoint": emu.url, "iam_endpoint": emu.url + "/v3"}  # no security token: left empty
    envvars = inject(injectors, credential)
    assert envvars["HW_SECURITY_TOKEN"] == ""

    job = tmp_path / "job"
    (job / "env").mkdir(parents=True)
    (job / "env" / "envvars").write_text(yaml.safe_dump(
        dict(envvars, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR="1")))
    (job / "env" / "extravars").write_text(yaml.safe_dump(
        {"service_name": "image-classifier", "service_config": '[{"model_id": "%s", "instance_count": 3}]' % MODEL_V1}))
    # ansible-runner starts ansible-playbook from PATH; nothing of the test's own HW_* settings may leak in.
    runner_env = dict((k, v) for k, v in os.environ.items() if not k.startswith("HW_"))
    runner_env["PATH"] = BIN + os.pathsep + os.environ.get("PATH", "")
    done = subprocess.run(
        [os.path.join(BIN, "ansible-runner"), "run", str(job), "--project-dir", os.path.join(ROOT, "playbooks"),
         "-p", "update_service.yml", "--ident", "job"],
        env=runner_env, capture_output=True, text=True, timeout=600, check=False)
    output = done.stdout + done.stderr
    artifacts = job / "artifacts" / "job"
    assert (artifacts / "status").read_text() == "successful", output
    assert (artifacts / "rc").read_text() == "0" and done.returncode == 0, output
    assert emu.service()["config"][0]["instance_count"] == 3
    assert {r["auth"] for r in emu.requests()} == {"aksk"}
    assert [r["body"]["config"][0]["instance_count"] for r in emu.writes()] == [3]
    assert SECRET_KEY not in output
    assert SECRET_KEY not in (artifacts / "stdout").read_text()
