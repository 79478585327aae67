"""--device cuda without a CUDA device: one line, exit status 2, before anything starts (serve: before
it listens, asked of a child process so the service's main process still never imports torch)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from test_cli_errors import cli, no_work, one_line_error  # noqa: F401  (no_work is a fixture)


def test_serve_refuses_cuda_without_a_cuda_device_and_without_importing_torch(tmp_path):
    code = ("import json, sys; from backend.cli import main; rc = main(sys.argv[1:]); "
            "print(json.dumps([rc, 'torch' in sys.modules]))")
    env = dict(os.environ)
    env["CUDA_VISIBLE_DEVICES"] = ""  # no device, whatever this machine has
    done = subprocess.run([sys.executable, "-c", code, "serve", "--device", "cuda", "--port", "0",
                           "--data-dir", str(tmp_path / "d")], capture_output=True, text=True, env=env,
                          timeout=120)  # the old serve started and never ended
    rc, imported_torch = json.loads(done.stdout.strip().splitlines()[-1])
    assert rc == 2 and not imported_torch, done.stderr
    one_line_error(done.stderr, "--device cuda", "no CUDA device")
    assert "TEXTFACE_SERVICE_READY" not in done.stdout
    assert not (tmp_path / "d").exists()  # refused before the data folder is made


def test_refine_refuses_cuda_before_loading_the_model(tmp_path, capsys, no_work, monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    head = tmp_path / "head.json"
    head.write_text("{}")  # never read: the device is refused first
    code, _, err = cli(capsys, "refine", str(head), "kind", "--device", "cuda", "--out", str(tmp_path / "o"))
    assert code == 2
    one_line_error(err, "cuda", "no CUDA device")
    assert [p.name for p in tmp_path.iterdir()] == ["head.json"]
