"""What the health call reports about models: cheap checks (file headers), no model is loaded.

The ICT cache is opened lazily and only its small records read (meta, expression names: the API
process loads no model); weights files are checked to exist.  A job still fails with the loader's
full message when a file turns out to be broken.
"""
from __future__ import annotations

import functools
import json
import zipfile
from pathlib import Path

from .config import ServiceConfig


@functools.lru_cache(maxsize=4)
def _ict_check(path: str, mtime_ns: int, size: int) -> tuple[bool, str, tuple[str, ...] | None]:
    """(usable, message, expression names) of the model cache at `path`, from its small records only."""
    import numpy as np

    from ..face_model.model import CACHE_VERSION

    try:
        with np.load(path, allow_pickle=False) as data:
            if "meta_json" not in data.files:
                return False, f"{path} is not a TextFace model cache (no meta record)", None
            meta = json.loads(bytes(data["meta_json"]).decode("utf-8"))
            names = tuple(str(n) for n in data["expression_names"]) if "expression_names" in data.files else None
    except (OSError, ValueError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        return False, f"{path} is unreadable ({exc}); reinstall with python -m backend assets install --force", None
    if meta.get("cache_version") != CACHE_VERSION:
        return False, f"{path} has cache version {meta.get('cache_version')}, expected {CACHE_VERSION}", None
    return True, path, names


def _ict() -> tuple[bool, str, tuple[str, ...] | None]:
    from ..face_model.model import model_path

    p = model_path()
    if not p.is_file():
        return False, f"not installed ({p}); run python -m backend assets install --from ICT-FaceKit-master.zip", None
    stat = p.stat()
    return _ict_check(str(p.resolve()), stat.st_mtime_ns, stat.st_size)


def ict_model() -> tuple[bool, str]:
    ok, message, _ = _ict()
    return ok, message


def ict_expression_names() -> tuple[str, ...] | None:
    """The installed model's expression names, or None when it is missing or unusable (a job then
    fails with the loader's full message)."""
    return _ict()[2]


def shape_weights() -> tuple[bool, str]:
    from ..shape.weights import paths

    missing = [str(p) for p in paths(None) if not p.is_file()]
    if missing:
        return False, f"missing {', '.join(missing)}; train with python -m backend train shape"
    return True, str(paths(None)[1])


def texture_model(cfg: ServiceConfig) -> tuple[bool, str]:
    if cfg.stylegan is None:
        return True, "parametric albedo (built in); no StyleGAN checkpoint configured (serve --stylegan PATH)"
    from ..texture.stylegan.checkpoint_header import checkpoint_problem  # torch-free

    problem = checkpoint_problem(cfg.stylegan)  # expands ~ as the texture loader does
    if problem:
        return False, f"{problem}; parametric albedo still works"
    return True, f"parametric albedo and StyleGAN {cfg.stylegan}"


def clip_weights(cfg: ServiceConfig) -> tuple[bool, str]:
    if cfg.clip_weights is None:
        return False, ("no CLIP weights configured (serve --clip-weights PATH); abstract phrases are "
                       "left unrefined and each head's refinement record says so")
    from ..refine.weights_file import weights_path_problem

    problem = weights_path_problem(cfg.clip_weights)  # serve refuses these at start; a file may go later
    if problem:
        return False, problem
    if not Path(cfg.clip_weights).expanduser().is_file():
        return True, (f"{cfg.clip_model} with open_clip pretrained tag {cfg.clip_weights} (not checked here: "
                      "read from the Hugging Face cache or downloaded on first use)")
    return True, f"{cfg.clip_model} from {cfg.clip_weights}"


def report(cfg: ServiceConfig) -> dict[str, dict]:
    checks = {"ict_model": ict_model(), "shape_weights": shape_weights(), "texture_model": texture_model(cfg),
              "clip_weights": clip_weights(cfg)}
    return {name: {"available": ok, "detail": detail} for name, (ok, detail) in checks.items()}
