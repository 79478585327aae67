"""The job kinds the service runs in its worker process: generate and refine, through backend.pipeline.

Each is `fn(request, job_dir, progress, cancel) -> {result name: file name in job_dir/result}`.
`request` is what request.json holds: the validated API body under "params" and the server's
settings (CLIP weights, StyleGAN checkpoint, device) under "server", so a job folder says everything
that made its head.
"""
from __future__ import annotations

import shutil
import threading
import zipfile
from pathlib import Path

from .store import RESULT_DIR

BUNDLE_NAME = "head_bundle.zip"
# the hair mesh's files where the head has one (write_head's keys): submit --out writes what generate writes
BUNDLE_KEYS = ("obj", "mtl", "albedo", "json", "preview", "hair_obj", "hair_mtl", "hair_albedo", "timings")


def _options(params: dict, server: dict, seed: int):
    from ..pipeline import GenerateOptions

    texture = "parametric" if params.get("texture", "parametric") == "parametric" else f"stylegan:{server['stylegan']}"
    refine = params.get("refine", True)
    # a job without refinement does not need the CLIP weights: one moved away after start must not fail it
    return GenerateOptions(seed=seed, refine=refine, refine_steps=params["refine_steps"],
                           texture=texture, texture_size=params.get("texture_size", 1024),
                           clip_weights=server.get("clip_weights") if refine else None,
                           clip_model=server["clip_model"], device=server["device"],
                           hair=params.get("hair", "auto"))


def _bundle(paths: dict[str, Path], out: Path) -> Path:
    """OBJ + MTL + albedo PNG + JSON (+ preview) in one zip, written atomically."""
    target = out / BUNDLE_NAME
    tmp = out / f".{BUNDLE_NAME}.tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for key in BUNDLE_KEYS:
            if key in paths:
                z.write(paths[key], arcname=Path(paths[key]).name)
    return tmp.replace(target)


def _finish(head, job_dir: Path, params: dict, progress, cancel: threading.Event) -> dict[str, str]:
    from ..errors import Cancelled
    from ..pipeline import _stoppable, timings_name, write_head
    from .worker import StretchStopped

    if cancel.is_set():
        raise Cancelled("cancelled before writing")
    result = job_dir / RESULT_DIR
    paths = write_head(head, result, preview=params.get("preview", True), progress=progress, cancel=cancel,
                       obj_units=params.get("obj_units", "cm"))  # (a refine job's: resolved at submission)
    if (result / timings_name()).is_file():  # the run's seconds per stage: fetched as generate writes them
        paths["timings"] = result / timings_name()
    try:
        if cancel.is_set():  # the bundle re-packs every file: seconds at 2048 px
            raise Cancelled("cancelled while the result was written; the result is discarded")
        with _stoppable(cancel):  # a temporary file renamed into place: stopped, it is removed below
            paths["bundle"] = _bundle(paths, result)
        if cancel.is_set():  # a cancel answered "cancelling" while the files were written is kept, not ignored
            raise Cancelled("cancelled while the result was written; the result is discarded")
    except (Cancelled, StretchStopped):  # a cancelled job keeps no result files: ~30 MB nobody can fetch
        shutil.rmtree(result)
        raise
    return {key: Path(paths[key]).name for key in ("npz", "json", "bundle", "preview") if key in paths}


def run_generate(request: dict, job_dir: Path, progress, cancel: threading.Event) -> dict[str, str]:
    from ..pipeline import generate_head

    params, server = request["params"], request["server"]
    head = generate_head(params["prompt"], _options(params, server, params["seed"]), progress=progress,
                         cancel=cancel)
    return _finish(head, job_dir, params, progress, cancel)


def run_refine(request: dict, job_dir: Path, progress, cancel: threading.Event) -> dict[str, str]:
    from ..pipeline import refine_head

    params, server = request["params"], request["server"]
    sidecar = request["sidecar"]
    head = refine_head(sidecar, params["text"], _options(params, server, int(sidecar["seed"])),
                       progress=progress, cancel=cancel)
    return _finish(head, job_dir, params, progress, cancel)


KINDS = {"generate": run_generate, "refine": run_refine}
