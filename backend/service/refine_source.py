"""The head a refine job starts from: a finished job's head.json or an inline sidecar, checked at submit.

Checked here rather than in the worker so that a wrong head is a 4xx at once, and so that a sidecar
cannot make the server open a texture checkpoint it was not started with.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import TextFaceError
from .availability import ict_expression_names
from .config import ServiceConfig


class BadSidecar(TextFaceError):
    """A head.json the refine job cannot start from (HTTP 422)."""


def check_sidecar(sidecar: dict, cfg: ServiceConfig) -> dict:
    from ..io.sidecar import SidecarError, validate

    try:
        validate(sidecar, expression_names=ict_expression_names())
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


def read_job_sidecar(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadSidecar(f"the source job's head.json is unreadable: {exc}") from None


def source_units(request: dict) -> str:
    """The OBJ units a source job's head was written in, from its request.json: a refined head keeps them (as
    `refine` keeps those of the head.obj beside HEAD).  A job from before the option wrote centimetres."""
    units = (request.get("params") or {}).get("obj_units", "cm")
    if units not in ("cm", "m"):
        raise BadSidecar(f"the source job's request.json names OBJ units {str(units)[:20]!r}; give obj_units")
    return units
