"""Small real job callables for the service tests (no tests here).

They run in the service's worker process exactly like the pipeline jobs; the prompt picks the
behaviour: "steps:N:DT" (N steps of DT s, cancellable), "stubborn:S" (ignores cancel for S s), "busy:S" (S s of work a cancel stops at once),
"preview" (reports a progress preview), "previews:N:DT" (N steps, a preview at every odd one), "fail" (a user error), "bug" (an exception with a traceback),
"exit" (the process exits).  Anything else finishes at once.  Results: a head.json sidecar holding
the prompt and seed, so tests can see that results belong to their job.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np

from backend.errors import Cancelled, TextFaceError


def _sidecar(prompt: str, seed: int, **extra) -> dict:
    return {"schema_version": 1, "prompt": prompt, "seed": seed, "parsed": {}, "identity": [0.0] * 100,
            "expression": {}, "texture": {"model": "parametric", "params": {}, "size": 256}, **extra}


def _write(job_dir: Path, sidecar: dict) -> dict:
    out = job_dir / "result"
    out.mkdir(exist_ok=True)
    (out / "head.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return {"json": "head.json"}


def fake_generate(request: dict, job_dir: Path, progress, cancel) -> dict:
    prompt, seed = request["params"]["prompt"], request["params"]["seed"]
    if prompt.startswith("steps:"):
        _, n, dt = prompt.split(":")
        for step in range(int(n)):
            if cancel.is_set():
                raise Cancelled("cancelled")
            progress("work", step, int(n), f"step {step}")
            time.sleep(float(dt))
    elif prompt.startswith("busy:"):  # S s of computation without a check, as texture synthesis at 2048 px
        progress("work", 0, 1, "busy")
        with cancel.stoppable_stretch():
            deadline = time.monotonic() + float(prompt.split(":")[1])
            while time.monotonic() < deadline:
                sum(range(1000))
    elif prompt.startswith("stubborn:"):
        progress("work", 0, 1, "not listening")
        time.sleep(float(prompt.split(":")[1]))
    elif prompt == "preview":
        progress("work", 1, 2, "with a picture", np.full((8, 8, 3), 200, np.uint8))
    elif prompt.startswith("previews:"):  # a preview every second step, preview k filled with value 10 * k
        _, n, dt = prompt.split(":")
        for step in range(int(n)):
            picture = np.full((4, 4, 3), 10 * (step // 2 + 1), np.uint8) if step % 2 else None
            progress("refine", step, int(n), f"step {step}", picture)
            time.sleep(float(dt))
    elif prompt == "fail":
        raise TextFaceError("this description cannot be made into a head")
    elif prompt == "bug":
        return {"json": 1 / 0}
    elif prompt == "exit":
        os._exit(3)
    return _write(job_dir, _sidecar(prompt, seed))


def fake_refine(request: dict, job_dir: Path, progress, cancel) -> dict:
    sidecar = request["sidecar"]
    progress("refine", 1, 1, "refined")
    return _write(job_dir, _sidecar(sidecar["prompt"], sidecar["seed"], refined_with=request["params"]["text"]))


class SlowShapeModel:
    """A shape model whose draw computes for `seconds` (no check of its own, as the real one's ~4 s)
    before giving the real model's answer; `finished` says whether it got to the end."""

    finished = False

    def __init__(self, seconds: float):
        self.seconds = seconds

    def sample_identity(self, *args, **kwargs):
        from backend.shape.model import ShapeModel

        deadline = time.monotonic() + self.seconds
        while time.monotonic() < deadline:
            sum(range(1000))
        SlowShapeModel.finished = True
        return ShapeModel.load().sample_identity(*args, **kwargs)


def real_or_slow_shape(request: dict, job_dir: Path, progress, cancel) -> dict:
    """The real generate job; a prompt "slowshape:S" makes its shape stage last S s more (for "a man")."""
    import backend.shape
    from backend.service.kinds import run_generate

    original = backend.shape.load_shape_model
    prompt = request["params"]["prompt"]
    if prompt.startswith("slowshape:"):
        backend.shape.load_shape_model = lambda: SlowShapeModel(float(prompt.split(":")[1]))
        request = {**request, "params": {**request["params"], "prompt": "a man"}}
    try:
        return run_generate(request, job_dir, progress, cancel)
    finally:
        backend.shape.load_shape_model = original


KINDS = {"generate": fake_generate, "refine": fake_refine}
# the real pipeline, where a prompt "slowshape:S" makes the shape stage last S s (the worker's own copy)
REAL_KINDS = {"generate": real_or_slow_shape}
