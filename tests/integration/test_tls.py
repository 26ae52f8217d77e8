"""TLS is verified by default; ca_bundle and validate_certs change that, against an HTTPS emulator."""

import subprocess

import pytest

from emulator.server import Emulator
from integration.harness import SERVICE_ID, EmulatorHandle, PlaybookRunner

MODULE = "hwcloud.modelarts.modelarts_service"


@pytest.fixture
def https_emulator(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    server = Emulator(host="127.0.0.1", port=0, tls_cert=str(cert), tls_key=str(key))
    server.start()
    handle = EmulatorHandle(server.url, verify=str(cert))
    handle.reset_world()
    yield handle, str(cert)
    server.stop()


def test_certificates_are_verified_unless_told_otherwise(https_emulator, tmp_path):
    emu, cert = https_emulator
    assert emu.url.startswith("https://")
    runner = PlaybookRunner(emu, tmp_path)
    result = runner.run([
        {"name": "default", "ignore_errors": True, MODULE: {"service_id": SERVICE_ID, "description": "default"}},
        {"name": "own CA", MODULE: {"service_id": SERVICE_ID, "description": "own CA", "ca_bundle": cert}},
        {"name": "unverified", MODULE: {"service_id": SERVICE_ID, "description": "unverified", "validate_certs": False}},
    ])
    refused = result.task("default")
    assert refused["failed"] is True
    assert "certificate verify failed" in refused["msg"]
    assert result.task("own CA")["changed"] is True
    assert result.task("unverified")["changed"] is True
    # The refused task never got past the TLS handshake, so the emulator saw only the two others' requests.
    descriptions = [r["body"]["description"] for r in emu.requests() if r["method"] == "PUT"]
    assert descriptions == ["own CA", "unverified"]
    assert emu.service()["description"] == "unverified"
