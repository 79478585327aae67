"""The head a refine job starts from: a finished job's head.json or an inline sidecar, checked at submit.

Checked here rather than in the worker so that a wrong head is a 4xx at once, and so that a sidecar
cannot make the server open a texture checkpoint it was not started with.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

from ..errors import TextFaceError
from .config import ServiceConfig
from .schemas import MAX_SEED


class BadSidecar(TextFaceError):
    """A head.json the refine job cannot start from (HTTP 422)."""


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def check_sidecar(sidecar: dict, cfg: ServiceConfig) -> dict:
    from ..face_model.model import N_IDENTITY
    from ..io.sidecar import SidecarError, validate

    try:
        validate(sidecar)
    except SidecarError as exc:
        raise BadSidecar(f"sidecar: {exc}") from None
    seed = sidecar["seed"]
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
        raise BadSidecar(f"sidecar: seed must be an integer in 0..{MAX_SEED}")
    if not isinstance(sidecar["prompt"], str):
        raise BadSidecar("sidecar: prompt must be a string")
    if len(sidecar["identity"]) != N_IDENTITY or not all(_number(x) for x in sidecar["identity"]):
        raise BadSidecar(f"sidecar: identity must be {N_IDENTITY} finite numbers")
    if not all(isinstance(k, str) and _number(v) for k, v in sidecar["expression"].items()):
        raise BadSidecar("sidecar: expression must map names to finite numbers")
    if not isinstance(sidecar["parsed"], dict):
        raise BadSidecar("sidecar: parsed must be an object")
    texture = sidecar["texture"]
    if not isinstance(texture, dict) or not isinstance(texture.get("params", {}), dict):
        raise BadSidecar("sidecar: texture must be an object with a params object")
    size = texture.get("size", 1024)
    if size not in (256, 512, 1024, 2048):
        raise BadSidecar("sidecar: texture size must be one of 256, 512, 1024, 2048")
    model = texture.get("model", "parametric")
    allowed = ["parametric"]
    if cfg.stylegan is not None:
        allowed.append(f"stylegan:{Path(cfg.stylegan).expanduser().resolve()}")
    if model not in allowed:
        raise BadSidecar(f"sidecar: texture model {str(model)[:200]!r} is not one this service runs "
                         f"({', '.join(allowed)})")
    return sidecar


def read_job_sidecar(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadSidecar(f"the source job's head.json is unreadable: {exc}") from None
