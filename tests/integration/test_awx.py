"""The AWX / AAP pieces: the credential type (awx/credential_type/), the execution environment definitions
(awx/execution-environment.yml, meta/execution-environment.yml) and a job run the way AWX runs one, with
ansible-runner and the environment the credential type injects.
"""

import os
import re
import subprocess
import sys

import ansible_runner
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


def test_update_service_playbook_through_ansible_runner(emu, tmp_path, monkeypatch):
    """What an AWX job does: ansible-runner, the credential's injected environment, the survey's extra vars."""
    _inputs, injectors = credential_type()
    credential = {"access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "region": REGION, "project_id": PROJECT_ID,
                  "modelarts_endpoint": emu.url, "iam_endpoint": emu.url + "/v3"}  # no security token: left empty
    envvars = inject(injectors, credential)
    assert envvars["HW_SECURITY_TOKEN"] == ""
    # ansible-runner starts ansible-playbook from PATH; nothing of the test's own HW_* settings may leak in.
    monkeypatch.setenv("PATH", BIN + os.pathsep + os.environ.get("PATH", ""))
    for name in list(os.environ):
        if name.startswith("HW_"):
            monkeypatch.delenv(name)

    job = tmp_path / "job"
    job.mkdir()
    result = ansible_runner.run(
        private_data_dir=str(job),
        playbook=os.path.join(ROOT, "playbooks", "update_service.yml"),
        envvars=dict(envvars, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR="1"),
        extravars={"service_name": "image-classifier",
                   "service_config": '[{"model_id": "%s", "instance_count": 3}]' % MODEL_V1},
        quiet=True,
    )
    output = result.stdout.read()
    assert (result.status, result.rc) == ("successful", 0), output
    assert emu.service()["config"][0]["instance_count"] == 3
    assert {r["auth"] for r in emu.requests()} == {"aksk"}
    assert [r["body"]["config"][0]["instance_count"] for r in emu.writes()] == [3]
    assert SECRET_KEY not in output
