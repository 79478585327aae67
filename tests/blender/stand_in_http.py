"""A stand-in TextFace service over real HTTP for the Blender tests (as fake_client.py stands in for the client):
a threaded server on a free local port and a handler base that answers JSON quietly.  Each test's handler says
what its service does (test_service_versions.py: another wire version; test_cancel_hung_backend.py: a status
request that never returns)."""
from __future__ import annotations

import contextlib
import http.server
import json
import threading


class StandInService(http.server.ThreadingHTTPServer):
    """A server on 127.0.0.1 (a free port: `url`) with `handler`; a request's thread does not outlive the test."""

    daemon_threads = True

    def __init__(self, handler: type[http.server.BaseHTTPRequestHandler]):
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"


class JsonHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def answer(self, code: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextlib.contextmanager
def serving(server: StandInService):
    """`server` answering on its own thread inside the block, shut down and closed after it."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
