"""The command line (first stdout line, --seed demo, signals) and HTTPS."""

import json
import os
import shutil
import signal
import subprocess
import sys

import pytest
import requests

from emulator.server import Emulator

import emulator_testkit as kit

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO = {"project": "f4aabe86d7d14d06a9bc38e4dbfacbfb", "service": "22dabd19-dc36-46d5-b3c3-f13e9e4a5ef6"}


def start_cli(*args):
    env = dict(os.environ, PYTHONPATH=TESTS_DIR + os.pathsep + os.environ.get("PYTHONPATH", ""))
    process = subprocess.Popen([sys.executable, "-m", "emulator", "--port", "0"] + list(args), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env, text=True)
    first_line = process.stdout.readline()
    return process, json.loads(first_line)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_cli_demo_seed_and_clean_shutdown(signum):
    process, address = start_cli("--seed", "demo", "--deploy-seconds", "0.1")
    try:
        assert address["url"] == "http://127.0.0.1:%d" % address["port"]
        token = requests.post(address["url"] + "/v3/auth/tokens", timeout=10, json={"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": "ops", "password": "Demo-Ops-Passw0rd!", "domain": {"name": "demo-domain"}}}},
            "scope": {"project": {"name": "cn-north-4"}}}}).headers["X-Subject-Token"]
        client = kit.ApiClient(address["url"], DEMO["project"], token)
        service = client.service(DEMO["service"])
        assert service["service_name"] == "image-classifier" and service["status"] == "running"
        entry = service["config"][0]
        assert (entry["model_name"], entry["model_version"], entry["weight"], entry["specification"], entry["instance_count"]) == \
            ("resnet50-classifier", "1.0.0", 100, "modelarts.vm.cpu.2u", 1)
        assert entry["envs"]
        statuses = sorted(item["status"] for item in client.get("/services").json()["services"])
        assert statuses == ["running", "stopped"]
        settings = requests.get(address["url"] + "/_emulator/settings", timeout=10).json()
        assert settings["deploy_seconds"] == 0.1
    finally:
        process.send_signal(signum)
        assert process.wait(timeout=10) == 0
        process.stdout.close()
        process.stderr.close()


def test_demo_seed_is_realistic():
    with open(os.path.join(TESTS_DIR, "emulator", "seed_demo.json"), encoding="utf-8") as handle:
        demo = json.load(handle)
    access_key = demo["access_keys"][0]["access_key"]
    assert len(access_key) == 20 and access_key.isupper() and access_key.isalnum()
    assert len(demo["projects"][0]["id"]) == 32 and int(demo["projects"][0]["id"], 16) >= 0
    assert [model for model in demo["models"] if model["deploy_fails"]]


def test_cli_rejects_half_tls():
    result = subprocess.run([sys.executable, "-m", "emulator", "--tls-cert", "x.pem"], capture_output=True, text=True, check=False,
                            env=dict(os.environ, PYTHONPATH=TESTS_DIR), timeout=30)
    assert result.returncode == 2 and "--tls-key" in result.stderr


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_https(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=60)
    with Emulator(seed=kit.test_world(), tls_cert=str(cert), tls_key=str(key)) as emu:
        assert emu.url.startswith("https://")
        session = requests.Session()
        session.headers["X-Auth-Token"] = kit.TOKEN_P1
        for _attempt in range(3):
            # verify per request: a session-level value loses to REQUESTS_CA_BUNDLE from the environment.
            response = session.get("%s/v1/%s/services" % (emu.url, kit.P1), timeout=10, verify=str(cert))
            assert response.status_code == 200 and response.json()["total_count"] == 3
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(emu.url + "/_emulator/health", timeout=10)


def test_cli_clock_options():
    process, address = start_cli("--clock", "held", "--release-after-reads", "2")
    try:
        assert requests.get(address["url"] + "/_emulator/clock", timeout=10).json() == {
            "mode": "held", "release_after_reads": 2, "transitions": []}
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        process.stdout.close()
        process.stderr.close()
