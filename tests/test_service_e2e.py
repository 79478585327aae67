"""End to end: `python -m backend serve` as a process, the real pipeline in its worker, the stdlib client
and `python -m backend submit`.  Needs the installed ICT model (the `face_model` fixture)."""
from __future__ import annotations

import json
import os
import queue
import signal
import stat
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

import backend.client as C
from backend.io.wire import WIRE_VERSION, read_wire, sidecar_of
from test_service_support import serve_refused

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
ROOT = Path(__file__).resolve().parents[1]
READY = "TEXTFACE_SERVICE_READY "


class _Served:
    """A `serve` process; its output lines are collected on threads so it never blocks on a full pipe."""

    def __init__(self, *args: str, env: dict | None = None):
        self.proc = subprocess.Popen([sys.executable, "-m", "backend", "serve", *args], cwd=ROOT, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, None), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr), daemon=True).start()

    def _pump(self, stream, keep):
        for line in stream:
            (keep.append if keep is not None else self.lines.put)(line)

    def ready(self, timeout: float = 120) -> dict:
        while True:
            line = self.lines.get(timeout=timeout)
            if line.startswith(READY):
                return json.loads(line[len(READY):])

    def stop(self) -> int:
        """SIGTERM; uvicorn shuts down gracefully, then re-raises the signal (exit status -SIGTERM)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


@pytest.fixture(scope="module")
def served(face_model, tmp_path_factory):
    data = tmp_path_factory.mktemp("served")
    s = _Served("--port", "0", "--data-dir", str(data))
    try:
        info = s.ready()
        yield info, data
    finally:
        assert s.stop() == -signal.SIGTERM, "".join(s.stderr)


@pytest.fixture()
def client(served):
    info, data = served
    return C.TextFaceClient(info["url"], Path(info["token_file"]).read_text().strip(), timeout=30)


def test_ready_line_and_token_file(served):
    info, data = served
    assert info["url"] == f"http://127.0.0.1:{info['port']}" and info["port"] > 0
    token = Path(info["token_file"])
    assert token.parent == data and stat.S_IMODE(token.stat().st_mode) == 0o600
    assert len(token.read_text().strip()) >= 32


def test_health_sees_the_installed_model(client):
    h = client.health()
    assert h["models"]["ict_model"]["available"] is True
    assert h["models"]["shape_weights"]["available"] is True
    assert h["wire_version"] == WIRE_VERSION


def test_real_generate_then_refine(client, tmp_path):
    prompt = "an old man with a wide nose and a grey beard who looks kind"
    job = client.submit_generate(prompt, seed=3, texture_size=256)
    stages = []
    final = client.wait(job["id"], timeout=300, poll=0.2, on_progress=lambda s: stages.append(s["stage"]))
    assert set(final["results"]) == {"npz", "bundle", "preview", "json"}
    assert {"shape", "texture"} & set(stages) or stages[-1] == "done"

    arrays = read_wire(client.fetch(job["id"], "npz", tmp_path))  # validates the wire format
    head = sidecar_of(arrays)
    assert (head["prompt"], head["seed"]) == (prompt, 3)
    assert arrays["albedo"].shape == (256, 256, 3) and arrays["identity"].shape == (100,)
    assert head["refinement"]["status"] == "skipped" and "CLIP weights" in head["refinement"]["reason"]
    with zipfile.ZipFile(client.fetch(job["id"], "bundle", tmp_path)) as z:
        hair = {"hair.obj", "hair.mtl", "hair_albedo.png"} if head["hair"]["mesh"] else set()  # (a drawn style)
        assert set(z.namelist()) == {"head.obj", "head.mtl", "head_albedo.png", "head.json", "preview.png",
                                     "head.timings.json", *hair}
        assert z.read("head.obj").startswith(b"#")
    assert client.fetch(job["id"], "preview", tmp_path).read_bytes()[:4] == b"\x89PNG"

    refined = client.submit_refine("looks wise and friendly", source_job=job["id"], refine_steps=5)
    done = client.wait(refined["id"], timeout=300, poll=0.2)
    again = json.loads(client.fetch(done["id"], "json", tmp_path / "refined.json").read_text())
    assert again["prompt"] == prompt and again["seed"] == 3
    assert again["identity"] == head["identity"]  # no CLIP weights: refinement skipped, head unchanged
    assert "looks wise and friendly" in " ".join(again["refinement"]["phrases"])


def test_real_job_cancelled(client):
    job = client.submit_generate("a young woman with red hair", texture_size=256)
    client.cancel(job["id"])
    with pytest.raises(C.JobCancelled):
        client.wait(job["id"], timeout=120, poll=0.1)


def test_submit_command(served, tmp_path):
    info, data = served
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "backend", "submit", "a bald man with a round face", "--seed", "2",
                          "--url", info["url"], "--data-dir", str(data), "--out", str(out), "--no-refine",
                          "--texture-size", "256", "--delete"], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert "queued" in run.stdout and "wrote" in run.stdout
    job_id = run.stdout.split()[1]
    assert f"deleted job {job_id}" in run.stdout and not (data / "jobs" / job_id).exists()
    assert {p.name for p in out.iterdir()} == {"head.npz", "head.obj", "head.mtl", "head_albedo.png", "head.json",
                                               "preview.png", "head.sha256", "head.timings.json"}
    assert sidecar_of(read_wire(out / "head.npz"))["seed"] == 2
    bad = subprocess.run([sys.executable, "-m", "backend", "submit", "x", "--url", info["url"], "--token",
                          "w" * 20], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "refused the token" in bad.stderr
    lost = subprocess.run([sys.executable, "-m", "backend", "submit", "x", "--url", info["url"], "--data-dir",
                           str(data), "--delete"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert lost.returncode == 2 and "--delete needs --out" in lost.stderr


def test_remote_binding_needs_the_flag(tmp_path):
    refused = subprocess.run([sys.executable, "-m", "backend", "serve", "--host", "0.0.0.0", "--port", "0",
                              "--data-dir", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "--allow-remote" in refused.stderr
    s = _Served("--host", "0.0.0.0", "--port", "0", "--data-dir", str(tmp_path), "--allow-remote",
                "--token", "given-token-0123456789")
    try:
        info = s.ready()
        assert info["token_file"] is None and not (tmp_path / "service_token").exists()
        health = C.TextFaceClient(f"http://127.0.0.1:{info['port']}", "given-token-0123456789").health()
        assert health["status"] == "ok"
    finally:
        assert s.stop() == -signal.SIGTERM
    assert any("warning: binding to 0.0.0.0" in line for line in s.stderr)
    short = subprocess.run([sys.executable, "-m", "backend", "serve", "--port", "0", "--data-dir", str(tmp_path),
                            "--token", "short"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert short.returncode == 2 and "at least 16" in short.stderr


def test_token_from_the_environment(tmp_path):
    """A parent process (the add-on) hands its token over in TEXTFACE_SERVICE_TOKEN, not on the command line."""
    env = dict(os.environ, TEXTFACE_SERVICE_TOKEN="env-token-0123456789")
    s = _Served("--port", "0", "--data-dir", str(tmp_path), env=env)
    try:
        info = s.ready()
        assert info["token_file"] is None and not (tmp_path / "service_token").exists()
        assert C.TextFaceClient(info["url"], "env-token-0123456789").health()["status"] == "ok"
        with pytest.raises(C.AuthError):
            C.TextFaceClient(info["url"], "w" * 20).list_jobs()
    finally:
        s.stop()


def test_token_file_readable_by_others_is_refused(tmp_path):
    token = tmp_path / "service_token"
    token.write_text("a" * 40)
    os.chmod(token, 0o644)
    run = subprocess.run([sys.executable, "-m", "backend", "serve", "--port", "0", "--data-dir", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "chmod 600" in run.stderr


@pytest.mark.parametrize("content, said", [(None, "not found"), (b"some notes, not weights\n", "neither safetensors"),
                                           (b"\x40\x00\x00\x00\x00\x00\x00\x00{\"a\"", "truncated safetensors")])
def test_clip_weights_that_cannot_load_refuse_the_start(tmp_path, content, said):
    """Every job would fail on them, refinement on or off: serve says so at once and does not start."""
    weights = tmp_path / "clip.safetensors"
    if content is not None:
        weights.write_bytes(content)
    err = serve_refused(tmp_path / "d", "--clip-weights", str(weights))
    assert said in err and "--clip-weights" in err, err
