# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures of the module_utils unit tests: a scripted local HTTP server and recording fakes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import sys
import threading

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
_COLLECTIONS = os.path.join(_ROOT, ".build", "collections")
# tests/conftest.py links the checkout there; this keeps the unit tests importable on their own too.
if os.path.isdir(os.path.join(_COLLECTIONS, "ansible_collections")) and _COLLECTIONS not in sys.path:
    sys.path.insert(0, _COLLECTIONS)

DROP = "drop"


class RecordedRequest:
    def __init__(self, method, raw_path, headers, body):
        self.method = method
        self.raw_path = raw_path
        self.path, _sep, self.query = raw_path.partition("?")
        self.headers = headers
        self.body = body


class ScriptedServer:
    """Answers each request with the next scripted reply; records every request it reads.

    A reply is ``(status, headers, body)`` (body: bytes, str or a JSON-able object) or DROP,
    which closes the connection without any answer. With the script empty it answers 200 ``{}``.
    """

    def __init__(self):
        self.requests = []
        self.script = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with owner._lock:
                    owner.requests.append(RecordedRequest(self.command, self.path, dict(self.headers.items()), body))
                    reply = owner.script.pop(0) if owner.script else (200, {}, {})
                if reply == DROP:
                    self.close_connection = True
                    return
                status, headers, payload = reply
                if isinstance(payload, bytes):
                    data = payload
                elif isinstance(payload, str):
                    data = payload.encode("utf-8")
                else:
                    data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = do_HEAD = _handle

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True

    def start(self):
        self._thread.start()

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()

    def reset(self, *script):
        with self._lock:
            self.requests = []
            self.script = list(script)


@pytest.fixture(scope="session")
def _scripted_server():
    server = ScriptedServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def http_server(_scripted_server, monkeypatch):
    """The session's scripted server, emptied; proxies from the environment are kept out of the way."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    _scripted_server.reset()
    yield _scripted_server
    _scripted_server.reset()


class SleepRecorder:
    def __init__(self):
        self.calls = []

    def __call__(self, seconds):
        self.calls.append(seconds)


@pytest.fixture
def sleeps():
    return SleepRecorder()
