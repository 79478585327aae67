"""The head a refine job starts from: a finished job's head.json or an inline sidecar, checked at submit.

Checked here rather than in the worker so that a wrong head is a 4xx at once, and so that a sidecar
cannot make the server open a texture checkpoint it was not started with.
"""
from __future__ import annotations

import functools
import json
import zipfile
from pathlib import Path

from ..errors import TextFaceError
from .config import ServiceConfig


class BadSidecar(TextFaceError):
    """A head.json the refine job cannot start from (HTTP 422)."""


def check_sidecar(sidecar: dict, cfg: ServiceConfig) -> dict:
    from ..io.sidecar import SidecarError, validate

    try:
        validate(sidecar, expression_names=_installed_expression_names())
    except SidecarError as exc:
        raise BadSidecar(f"sidecar: {exc}") from None
    model = sidecar["texture"].get("model", "parametric")
    allowed = ["parametric"]
    if cfg.stylegan is not None:
        allowed.append(f"stylegan:{Path(cfg.stylegan).expanduser().resolve()}")
    if model not in allowed:
        raise BadSidecar(f"sidecar: texture model {str(model)[:200]!r} is not one this service runs "
                         f"({', '.join(allowed)})")
    return sidecar


def _installed_expression_names() -> tuple[str, ...] | None:
    """The installed face model's expression names, or None when it is missing or unreadable (the job
    then fails with the loader's full message)."""
    from ..face_model.model import model_path

    p = model_path()
    if not p.is_file():
        return None
    stat = p.stat()
    return _expression_names(str(p.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)
def _expression_names(path: str, mtime_ns: int, size: int) -> tuple[str, ...] | None:
    import numpy as np

    # only the names member is read, not the model's bases: the API process loads no model
    try:
        with np.load(path, allow_pickle=False) as data:
            return tuple(str(n) for n in data["expression_names"])
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def read_job_sidecar(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadSidecar(f"the source job's head.json is unreadable: {exc}") from None
