"""Helpers of the service tests (no tests here): an app with the small job kinds, waiting, a live server, and the
`api` fixture (a module imports it by name to use it)."""
from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import test_service_kinds as K
from fastapi.testclient import TestClient

from backend.service.app import create_app
from backend.service.config import ServiceConfig

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ENDED = ("done", "failed", "cancelled")


def config(data_dir: Path, **overrides) -> ServiceConfig:
    return ServiceConfig(data_dir=Path(data_dir), token=TOKEN, **overrides)


@contextlib.contextmanager
def service(data_dir: Path, kinds=None, **overrides):
    """A TestClient with the lifespan running (workers started, stopped at exit)."""
    app = create_app(config(data_dir, **overrides), K.KINDS if kinds is None else kinds)
    with TestClient(app, headers=AUTH) as client:
        yield client


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """One running service per test module (the small job kinds); `api.data`: its data folder."""
    data = tmp_path_factory.mktemp("svc")
    with service(data) as client:
        client.data = data
        yield client


def wait_for(client, job_id: str, states=ENDED, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        status = client.get(f"/v1/jobs/{job_id}").json()
        if status["state"] in states:
            return status
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {status['state']} after {timeout} s: {status}")
        time.sleep(0.05)


def submit(client, prompt: str, **fields) -> dict:
    r = client.post("/v1/jobs/generate", json={"prompt": prompt, **fields})
    assert r.status_code == 202, r.text
    return r.json()


@contextlib.contextmanager
def live_server(data_dir: Path, kinds=None, **overrides):
    """uvicorn on a free loopback port in a thread; yields the base URL."""
    import uvicorn

    app = create_app(config(data_dir, **overrides), K.KINDS if kinds is None else kinds)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise AssertionError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@contextlib.contextmanager
def fake_http(answer):
    """A plain HTTP server on a free loopback port whose every request is answered by `answer(handler)`
    (a BaseHTTPRequestHandler: for answers the real service never gives, like a cut-off body);
    yields the base URL."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def _any(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            answer(self)

        do_GET = do_POST = do_DELETE = _any

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def not_http_server():
    """A loopback port that answers a request with an SSH banner (a URL pointing at another
    service); yields the base URL."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)

    def banner():
        conn, _ = srv.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")

    thread = threading.Thread(target=banner, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}"
    finally:
        thread.join(timeout=10)
        srv.close()


def send(handler, body: bytes, status: int = 200, length: int | None = None,
         content_type: str = "application/json") -> None:
    """Answer with `body`, announcing `length` bytes (default: the body's own length), then close."""
    import socket as _socket

    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body) if length is None else length))
    handler.end_headers()
    handler.wfile.write(body)
    handler.wfile.flush()
    handler.close_connection = True
    if length is not None and length != len(body):  # the backend died mid-transfer
        handler.connection.shutdown(_socket.SHUT_RDWR)


def serve_refused(data_dir: Path, *options: str) -> str:
    """Start `python -m backend serve` with `options`, which it must refuse before it starts: exit status 2, one
    error and no traceback, never ready.  -> its stderr, for the caller's checks of the message."""
    run = subprocess.run([sys.executable, "-m", "backend", "serve", "--port", "0", "--data-dir", str(data_dir),
                          *options], cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "TEXTFACE_SERVICE_READY" not in run.stdout, run.stderr
    return run.stderr


def read_until(proc: subprocess.Popen, word: str, timeout: float = 60, stream=None) -> list[str]:
    """Lines of `stream` (default: proc's stdout) up to the first holding `word`; kills `proc` and fails (naming its
    stderr when reading stdout) if the stream ends or `timeout` s pass first."""
    stream = proc.stdout if stream is None else stream
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        lines.append(line)
        if word in line:
            return lines
    proc.kill()
    raise AssertionError(f"no {word!r} in {lines} (stderr: {proc.stderr.read() if stream is proc.stdout else ''})")
