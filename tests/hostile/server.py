"""Small hostile HTTP servers on loopback: they redirect, echo, lie about bodies, drip and flood.

Stdlib only. Each server listens on 127.0.0.1 port 0, records every request it reads (method,
path, headers, body) and answers with a ``behaviour(request) -> Answer``. It stops itself after
``lifetime`` seconds even if a test forgets to, and every dripping or flooding answer gives up
when the server stops or the client goes away, so no test can hang on it.
"""

import json
import threading

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_LIFETIME = 120.0


class Request:
    def __init__(self, method, path, headers, body):
        self.method = method
        self.path, _sep, self.query = path.partition("?")
        self.headers = headers
        self.body = body

    def header(self, name, default=""):
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return default

    def as_text(self):
        """Everything the client sent, as one string, for secret checks."""
        lines = ["%s %s?%s" % (self.method, self.path, self.query)]
        lines += ["%s: %s" % item for item in self.headers.items()]
        lines.append(self.body.decode("utf-8", "replace"))
        return "\n".join(lines)


class Answer:
    """What to send: status, headers and a body (bytes, str or JSON-able), or a generator of chunks.

    ``length`` False sends no Content-Length (the body ends when the connection closes).
    ``interval`` > 0 sends the body one byte at a time with that pause between bytes.
    """

    def __init__(self, status=200, body=b"", headers=None, length=True, interval=0.0, header_interval=0.0):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        self.length = length
        self.interval = interval
        self.header_interval = header_interval


def json_answer(status, body, headers=None):
    return Answer(status, json.dumps(body).encode("utf-8"), dict({"Content-Type": "application/json"}, **(headers or {})))


def error_answer(status, code, msg, headers=None):
    return json_answer(status, {"error_code": code, "error_msg": msg}, headers)


def _encode(body):
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body).encode("utf-8")


class HostileServer:
    def __init__(self, behaviour=None, lifetime=DEFAULT_LIFETIME):
        self.requests = []
        self.behaviour = behaviour or (lambda request: json_answer(200, {}))
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):  # pylint: disable=arguments-differ
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(self.command, self.path, dict(self.headers.items()), body)
                with owner._lock:
                    owner.requests.append(request)
                answer = owner.behaviour(request)
                try:
                    owner._send(self, answer)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    # The client gave up on a drip or a flood, as it should.
                    pass
                self.close_connection = True

            do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = do_HEAD = _handle

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._timer = threading.Timer(lifetime, self.stop)
        self._timer.daemon = True

    def _pause(self, seconds):
        # Returns at once when the server stops, so a drip never outlives it.
        return not self._stopped.wait(seconds)

    def _send(self, handler, answer):
        if answer is None:
            return
        chunks = answer.body if hasattr(answer.body, "__next__") else None
        data = None if chunks is not None else _encode(answer.body)
        head = "HTTP/1.0 %d Hostile\r\n" % answer.status
        for name, value in answer.headers.items():
            head += "%s: %s\r\n" % (name, value)
        if answer.length and data is not None:
            head += "Content-Length: %d\r\n" % len(data)
        head += "\r\n"
        head_bytes = head.encode("latin-1")
        if answer.header_interval:
            for index in range(len(head_bytes)):
                handler.wfile.write(head_bytes[index:index + 1])
                handler.wfile.flush()
                if not self._pause(answer.header_interval):
                    return
        else:
            handler.wfile.write(head_bytes)
        if chunks is not None:
            for chunk in chunks:
                if self._stopped.is_set():
                    return
                handler.wfile.write(chunk)
            return
        if answer.interval:
            for index in range(len(data)):
                handler.wfile.write(data[index:index + 1])
                handler.wfile.flush()
                if not self._pause(answer.interval):
                    return
            return
        handler.wfile.write(data)

    def start(self):
        self._thread.start()
        self._timer.start()
        return self

    def stop(self):
        if self._stopped.is_set():
            return
        self._stopped.set()
        self._timer.cancel()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def seen(self):
        with self._lock:
            return list(self.requests)

    def everything_received(self):
        return "\n\n".join(request.as_text() for request in self.seen())


def flood(total_bytes, chunk=b"x" * 65536):
    """A body of ``total_bytes`` made on the fly, never held in memory."""
    sent = 0
    while sent < total_bytes:
        piece = chunk[:total_bytes - sent]
        sent += len(piece)
        yield piece


def substrings(secret, size=8):
    """The secret and every ``size``-character piece of it: a leak of any of them is a leak."""
    return [secret] + [secret[index:index + size] for index in range(len(secret) - size + 1)]


def leaks(text, secret):
    """The pieces of ``secret`` found in ``text`` (empty when none)."""
    return [piece for piece in substrings(secret) if piece in text]
