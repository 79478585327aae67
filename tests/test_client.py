"""backend/client.py: stdlib only, self-contained, clear exceptions; against a live uvicorn server."""
from __future__ import annotations

import ast
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_service_support import TOKEN, fake_http, live_server, not_http_server, send

import backend.client as C
from backend.io.wire import WIRE_VERSION

CLIENT = Path(C.__file__)


def test_client_imports_only_the_standard_library():
    tree = ast.parse(CLIENT.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import in client.py"
            names.add(node.module.split(".")[0])
    assert names <= set(sys.stdlib_module_names), names - set(sys.stdlib_module_names)


def test_client_file_works_alone(tmp_path):
    """A copy of the file, imported by a Python that cannot see backend/ (as inside Blender)."""
    (tmp_path / "textface_client.py").write_bytes(CLIENT.read_bytes())
    code = (f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import textface_client as c; "
            "assert 'backend' not in sys.modules and 'numpy' not in sys.modules; "
            "print(c.TextFaceClient('http://127.0.0.1:1', 'x').url)")
    out = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "http://127.0.0.1:1"


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("client-svc")) as base:
        yield base


@pytest.fixture()
def client(url):
    return C.TextFaceClient(url, TOKEN, timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_service():
    with pytest.raises(C.ServiceUnavailable, match="cannot reach"):
        C.TextFaceClient(f"http://127.0.0.1:{_free_port()}", TOKEN, timeout=2).health()
    with pytest.raises(ValueError, match="service URL"):
        C.TextFaceClient("127.0.0.1:8765", TOKEN)


def test_wrong_token(url):
    with pytest.raises(C.AuthError, match="wrong bearer token"):
        C.TextFaceClient(url, "not-the-token-at-all").health()


def test_health(client):
    h = client.health()
    assert h["wire_version"] == WIRE_VERSION and "ict_model" in h["models"]


def test_bad_requests(client):
    with pytest.raises(C.BadRequest, match="the description is empty") as info:  # the parser's words, as generate's
        client.submit_generate("   ")
    assert info.value.status == 422 and info.value.refused_text == "body.prompt"
    with pytest.raises(C.BadRequest, match="seed"):
        client.submit_generate("ok", seed=2**31)
    with pytest.raises(C.NotFound, match="no job with id"):
        client.status("f" * 32)
    with pytest.raises(ValueError, match="32 lowercase"):
        client.status("../service_token")
    with pytest.raises(ValueError, match="result kind"):
        client.fetch("f" * 32, "obj", ".")


def test_generate_wait_fetch_list(client, tmp_path):
    job = client.submit_generate("a young woman", seed=42)
    progress = []
    final = client.wait(job["id"], timeout=60, poll=0.05, on_progress=progress.append)
    assert final["state"] == progress[-1]["state"] == "done"
    path = client.fetch(job["id"], "json", tmp_path)
    assert path == tmp_path / "head.json" and '"a young woman"' in path.read_text()
    assert not list(tmp_path.glob(".*part"))
    assert job["id"] in {j["id"] for j in client.list_jobs()}
    assert all(j["state"] == "done" for j in client.list_jobs(state="done"))
    with pytest.raises(C.NotFound, match="no npz result"):
        client.fetch(job["id"], "npz", tmp_path / "x.npz")
    assert not (tmp_path / "x.npz").exists() and not (tmp_path / ".x.npz.part").exists()


def test_refine_from_job_and_from_sidecar(client):
    source = client.submit_generate("a tall man", seed=8)
    client.wait(source["id"], timeout=60, poll=0.05)
    refined = client.submit_refine("looks stern", source_job=source["id"])
    assert client.wait(refined["id"], timeout=60, poll=0.05)["kind"] == "refine"
    sidecar = {"schema_version": 1, "prompt": "p", "seed": 1, "parsed": {}, "identity": [0.0] * 100,
               "expression": {}, "texture": {"model": "parametric", "params": {}}}
    inline = client.submit_refine("looks kind", sidecar=sidecar)
    assert client.wait(inline["id"], timeout=60, poll=0.05)["state"] == "done"


def test_job_failed_carries_the_traceback(client):
    job = client.submit_generate("bug")
    with pytest.raises(C.JobFailed, match="ZeroDivisionError") as info:
        client.wait(job["id"], timeout=60, poll=0.05)
    assert "Traceback" in info.value.traceback and info.value.user_error is False
    job = client.submit_generate("fail")
    with pytest.raises(C.JobFailed, match="cannot be made into a head") as info:
        client.wait(job["id"], timeout=60, poll=0.05)
    assert info.value.user_error is True


def test_cancel_and_wait_timeout(client):
    job = client.submit_generate("steps:400:0.05")
    with pytest.raises(TimeoutError, match="still"):
        client.wait(job["id"], timeout=0.3, poll=0.05)
    assert client.cancel(job["id"])["state"] in ("cancelling", "cancelled")
    with pytest.raises(C.JobCancelled):
        client.wait(job["id"], timeout=30, poll=0.05)
    with pytest.raises(C.BadRequest, match="already ended") as info:
        client.cancel(job["id"])
    assert info.value.status == 409


def test_preview_and_delete(client, tmp_path):
    job = client.submit_generate("preview")
    client.wait(job["id"], timeout=60, poll=0.05)
    png = client.fetch_preview(job["id"], tmp_path / "p.png")
    assert png.read_bytes()[:4] == b"\x89PNG"
    client.delete(job["id"])
    with pytest.raises(C.NotFound):
        client.status(job["id"])


def test_queue_full_is_its_own_error(tmp_path):
    with live_server(tmp_path, max_queue=1) as base:
        c = C.TextFaceClient(base, TOKEN)
        running = c.submit_generate("steps:400:0.05")
        while c.status(running["id"])["state"] != "running":
            time.sleep(0.05)
        c.submit_generate("quick")
        with pytest.raises(C.QueueFull, match="queue is full"):
            c.submit_generate("quick")
        c.cancel(running["id"])


def test_a_download_that_breaks_off_leaves_no_file(tmp_path, monkeypatch):
    """A connection dropped mid-download: the error reaches the caller, and neither the target nor
    the temporary .part file is left behind (an earlier file at the target is kept as it was)."""
    import http.client

    class Broken:
        def __init__(self):
            self.chunks = [b"x" * 100]

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, n):
            if self.chunks:
                return self.chunks.pop()
            raise http.client.IncompleteRead(b"", 900)

    client = C.TextFaceClient("http://127.0.0.1:1", "x" * 32)
    monkeypatch.setattr(client, "_open", lambda *a, **k: Broken())
    with pytest.raises(C.ServiceUnavailable, match="broke off"):
        client.fetch("f" * 32, "json", tmp_path / "head.json")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "head.json").write_text("old")
    with pytest.raises(C.ServiceUnavailable, match="broke off"):
        client.fetch("f" * 32, "json", tmp_path / "head.json")
    assert [p.name for p in tmp_path.iterdir()] == ["head.json"] and (tmp_path / "head.json").read_text() == "old"


def test_a_download_cut_short_without_an_error_is_not_saved(tmp_path):
    """The server announces 100000 bytes, sends 10 and closes: read(amt) just returns b"" (no
    IncompleteRead), so only the byte count tells; dest must not become those 10 bytes."""
    cut = lambda h: send(h, b"x" * 10, length=100_000, content_type="application/octet-stream")  # noqa: E731
    with fake_http(cut) as base:
        client = C.TextFaceClient(base, TOKEN, timeout=10)
        with pytest.raises(C.ServiceUnavailable, match="broke off after 10 of 100000 bytes"):
            client.fetch("f" * 32, "npz", tmp_path)
        assert list(tmp_path.iterdir()) == []
        (tmp_path / "head.npz").write_bytes(b"old")
        with pytest.raises(C.ServiceUnavailable, match="broke off"):
            client.fetch("f" * 32, "npz", tmp_path / "head.npz")
        assert [p.name for p in tmp_path.iterdir()] == ["head.npz"]
        assert (tmp_path / "head.npz").read_bytes() == b"old"


def test_a_whole_download_is_saved(tmp_path):
    with fake_http(lambda h: send(h, b"y" * 3000, content_type="application/octet-stream")) as base:
        path = C.TextFaceClient(base, TOKEN, timeout=10).fetch("f" * 32, "npz", tmp_path)
    assert path == tmp_path / "head.npz" and path.read_bytes() == b"y" * 3000


@pytest.mark.parametrize("url", ["http://127.0.0.1:abc", "http://127.0.0.1:99999", "http://[::1",
                                 "http://:8765", "127.0.0.1:8765"])
def test_a_bad_url_is_refused_before_any_request(url):
    with pytest.raises(ValueError, match="service URL must look like http://127.0.0.1:8765"):
        C.TextFaceClient(url, TOKEN)


@pytest.mark.parametrize("token", ["abc\ndef", "abc def", "tab\tbed", "caf\u00e9-token", "\u20ac" * 20,
                                   "nul\x00"])
def test_a_token_no_http_header_can_carry_is_refused_before_any_request(token):
    with pytest.raises(ValueError, match="printable ASCII"):
        C.TextFaceClient("http://127.0.0.1:8765", token)


def test_a_port_that_does_not_speak_http():
    with not_http_server() as url, pytest.raises(C.ServiceUnavailable, match="did not answer as an HTTP service"):
        C.TextFaceClient(url, TOKEN, timeout=10).health()


def test_an_answer_that_is_not_json():
    with fake_http(lambda h: send(h, b"<html>a proxy's page</html>", content_type="text/html")) as base:
        with pytest.raises(C.ServiceUnavailable, match="not JSON"):
            C.TextFaceClient(base, TOKEN, timeout=10).health()


def test_a_connection_closed_without_an_answer():
    def hang_up(handler):
        handler.close_connection = True

    with fake_http(hang_up) as base:
        with pytest.raises(C.ServiceUnavailable, match="cannot reach"):
            C.TextFaceClient(base, TOKEN, timeout=10).health()


def test_a_service_that_is_stopping_is_unavailable_not_failed():
    answer = lambda h: send(h, b'{"detail": "the service is stopping"}', status=503)  # noqa: E731
    with fake_http(answer) as base:
        with pytest.raises(C.ServiceUnavailable, match=r"unavailable \(HTTP 503\): the service is stopping"):
            C.TextFaceClient(base, TOKEN, timeout=10).submit_generate("a man")
