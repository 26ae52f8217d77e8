"""The HTTP side: one listener for IAM (/v3), ModelArts (/v1) and the admin interface (/_emulator).

``Emulator`` is the Python API (see README.md). HTTP/1.1 keep-alive works because every
answer carries Content-Length and bodies are read by Content-Length (or chunked).
"""

import json
import socket
import ssl
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from emulator import admin, handlers, iam, seeding, v2_handlers
from emulator.auth import auth_mode
from emulator.errors import ApiError
from emulator.messages import Reply, Request
from emulator.state import State

ADMIN_PREFIX = "/_emulator"
# A held request goes on by itself after this long, so a test that forgets to release cannot hang.
HOLD_LIMIT_SECONDS = 60

# Error bodies for injected faults that name only a status.
_FAULT_DEFAULTS = {
    409: ("ModelArts.5044", "Operations conflict, please try again later"),
    429: ("ModelArts.2799", "TooManyRequests"),
    500: ("ModelArts.6102", "The server has encountered an error and fails to process the request. Please try again later or submit a service ticket."),
    502: ("APIG.0201", "Backend unavailable"),
    503: ("APIG.0201", "Backend unavailable"),
    504: ("APIG.0202", "Backend timeout"),
}


class _Drop:
    """Marker: close the connection without any HTTP answer."""


DROP = _Drop()


class Emulator:
    """A ModelArts/IAM emulator bound to ``host:port`` (port 0 picks a free one).

    ``seed`` is "demo", a path to a seed JSON file or a seed document; ``settings`` a dict
    like POST /_emulator/settings takes. With ``tls_cert``/``tls_key`` it serves HTTPS.
    """

    def __init__(self, host="127.0.0.1", port=0, seed=None, settings=None, tls_cert=None, tls_key=None, verbose=False):
        self.state = State()
        self.verbose = verbose
        if settings:
            self.state.update_settings(settings)
        if seed is not None:
            self.seed(seed)
        self._server = _Server((host, port), self)
        self.scheme = "http"
        if tls_cert:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls_cert, tls_key)
            # Handshakes happen in the connection's thread, so a slow client cannot block accept().
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True, do_handshake_on_connect=False)
            self.scheme = "https"
        self.host = host
        self.port = self._server.server_address[1]
        self._thread = None

    @property
    def url(self):
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        if ":" in host:
            host = "[%s]" % host
        return "%s://%s:%d" % (self.scheme, host, self.port)

    def seed(self, document):
        """Load a seed: "demo", a file path or a seed document. Answers the created ids."""
        if isinstance(document, str):
            document = seeding.load_seed_file(document)
        return seeding.seed(self.state, document)

    def start(self):
        """Serve in a daemon thread; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                            name="modelarts-emulator", daemon=True)
            self._thread.start()
        return self

    def stop(self):
        """Stop serving, close the listener and every open (keep-alive) connection."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.close_connections()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # --- request processing ----------------------------------------------------------------

    def dispatch(self, request):
        """The Reply for a request, or DROP. Faults and the request log are applied here."""
        request_id = uuid.uuid4().hex
        path = request.raw_path
        if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
            return self._answer(request_id, lambda: admin.handle(self.state, request))
        api = "iam" if path.startswith("/v3/") else "modelarts"
        handler = iam.handle if api == "iam" else v2_handlers.handle if path.startswith("/v2/") else handlers.handle
        mode = "password" if request.path_segments == ["v3", "auth", "tokens"] else auth_mode(request)
        entry = self.state.log_request(request, api, mode)
        fault = self.state.take_fault(request.method, path)
        if fault is not None:
            entry["fault"] = fault.describe()
            if fault.hold:
                fault.released.wait(HOLD_LIMIT_SECONDS)
            if fault.delay:
                time.sleep(fault.delay)
            if fault.drop == "before":
                entry["dropped"] = True
                return DROP
            if fault.status is not None and not fault.landed:
                reply = self._fault_reply(fault, request_id)
                entry["status"] = reply.status
                return reply
            if fault.foreign_body is not None and not fault.landed:
                entry["status"] = 200
                return Reply(200, headers={"X-Request-Id": request_id}, text=fault.foreign_body)
        reply = self._answer(request_id, lambda: handler(self.state, request))
        entry["status"] = reply.status
        if fault is not None and fault.status is not None:
            reply = self._fault_reply(fault, request_id)
            entry["status"] = reply.status
            return reply
        if fault is not None and fault.drop == "after":
            entry["dropped"] = True
            return DROP
        if fault is not None and fault.delay_after:
            time.sleep(fault.delay_after)
        if fault is not None and fault.foreign_body is not None:
            return Reply(reply.status, headers=reply.headers, text=fault.foreign_body)
        return reply

    @staticmethod
    def _fault_reply(fault, request_id):
        code, message = _FAULT_DEFAULTS.get(fault.status, ("ModelArts.%04d" % fault.status, "Injected fault"))
        body = {"error_code": fault.error_code or code, "error_msg": fault.error_msg or message}
        if body["error_code"].startswith("APIG."):
            body["request_id"] = request_id
        headers = {"X-Request-Id": request_id}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after)
        return Reply(fault.status, body, headers)

    def _answer(self, request_id, produce):
        try:
            reply = produce()
        except ApiError as exc:
            reply = Reply(exc.status, exc.body(request_id), exc.headers)
        except Exception:  # pylint: disable=broad-except
            # An emulator bug must still produce an answer (and a trace), not a hung client.
            traceback.print_exc(file=sys.stderr)
            reply = Reply(500, {"error_code": "ModelArts.6102", "error_msg": "Emulator internal error, see its stderr."})
        reply.headers.setdefault("X-Request-Id", request_id)
        return reply


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, emulator):
        self.emulator = emulator
        self._connections = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request, client_address):
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self):
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address):
        # Clients that hang up (or fail a TLS handshake) are normal here, not worth a trace.
        if isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, socket.timeout)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # A buffered writer sends headers and body in one segment (flushed after each request);
    # with separate small writes, Nagle plus the client's delayed ACK adds 40 ms per answer.
    wbufsize = -1

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def version_string(self):
        return "api-gateway"

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if self.server.emulator.verbose:
            super().log_message(format, *args)

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _serve(self):
        try:
            body = self._read_body()
        except ValueError:
            self._send(Reply(400, {"error_code": "APIG.0201", "error_msg": "Malformed request body framing"}))
            self.close_connection = True
            return
        outcome = self.server.emulator.dispatch(Request(self.command, self.path, self.headers.items(), body))
        if outcome is DROP:
            self.close_connection = True
            return
        self._send(outcome)

    def _send(self, reply):
        text = getattr(reply, "text", None)
        if text is not None:
            payload = text.encode("utf-8")
        else:
            # A 204 (the tag calls) has no body at all.
            payload = b"" if reply.status == 204 else json.dumps(reply.body).encode("utf-8")
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json;charset=UTF-8" if text is None else "text/html;charset=UTF-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    # http.server looks handlers up as do_<METHOD>.
    do_GET = _serve
    do_POST = _serve
    do_PUT = _serve
    do_PATCH = _serve
    do_DELETE = _serve
