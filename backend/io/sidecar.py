"""The JSON sidecar (head.json): everything needed to rebuild or refine a head."""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Sequence

from ..errors import TextFaceError
from .atomic import write_text

SCHEMA_VERSION = 1
REQUIRED = ("schema_version", "prompt", "seed", "parsed", "identity", "expression", "texture")


class SidecarError(TextFaceError):
    """A head.json that is missing, unreadable or not TextFace's."""


def validate(data: dict, expression_names: Sequence[str] | None = None) -> dict:
    """`data` if it is a head file the pipeline can rebuild, else SidecarError saying what is wrong.

    The one check of a head file's contents, shared by the CLI and the service, so that a malformed or
    hand-edited file is refused here and not deep in the pipeline.  With `expression_names` (the face
    model's), expression names outside them are refused too.
    """
    from ..face_model.model import N_IDENTITY
    from ..limits import IDENTITY_LIMIT, MAX_SEED  # (limits.py says why these)

    if not isinstance(data, dict):
        raise SidecarError("head JSON must be an object")
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise SidecarError(f"not a TextFace head file (missing {', '.join(missing)})")
    if data["schema_version"] != SCHEMA_VERSION:
        raise SidecarError(f"head file schema version {data['schema_version']}; expected {SCHEMA_VERSION}")
    if not isinstance(data["prompt"], str):
        raise SidecarError("prompt must be a string")
    seed = data["seed"]
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
        raise SidecarError(f"seed must be an integer in 0..{MAX_SEED}")
    ident = data["identity"]
    if not isinstance(ident, list) or len(ident) != N_IDENTITY:
        got = f"{len(ident)} items" if isinstance(ident, list) else type(ident).__name__
        raise SidecarError(f"identity must be a list of {N_IDENTITY} finite numbers (got {got})")
    bad = next((i for i, x in enumerate(ident) if not _number(x)), None)
    if bad is not None:
        raise SidecarError(f"identity must be {N_IDENTITY} finite numbers (item {bad} is {ident[bad]!r})")
    # a hand-edited 1e6 would build (and refine) a head kilometres wide
    bad = next((i for i, x in enumerate(ident) if abs(x) > IDENTITY_LIMIT), None)
    if bad is not None:
        raise SidecarError(f"identity item {bad} is {ident[bad]!r}; coefficients must be within "
                           f"-{IDENTITY_LIMIT:g}..{IDENTITY_LIMIT:g} standard deviations")
    _check_expression(data["expression"], expression_names)
    _check_parsed(data["parsed"])
    _check_texture(data["texture"])
    return data


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _strings(x) -> bool:
    return isinstance(x, list) and all(isinstance(s, str) for s in x)


def _check_expression(expression, names: Sequence[str] | None) -> None:
    from ..limits import EXPRESSION_RANGE

    if not isinstance(expression, dict) or not all(_number(v) for v in expression.values()):
        raise SidecarError("expression must be an object of name -> finite number")
    lo, hi = EXPRESSION_RANGE
    bad = next((k for k, v in expression.items() if not lo <= v <= hi), None)
    if bad is not None:  # blend-shape weights far outside 0..1 tear the face apart
        raise SidecarError(f"expression {str(bad)[:64]!r} is {expression[bad]!r}; "
                           f"weights must be in {lo:g}..{hi:g}")
    unknown = sorted(set(expression) - set(names)) if names is not None else []
    if unknown:  # the pipeline looks names up in the model; an unknown one would be dropped silently
        raise SidecarError(f"unknown expression name(s) {', '.join(map(repr, unknown[:5]))}; valid names: "
                           f"{', '.join(names)}")


def _check_parsed(parsed) -> None:
    from ..schema import SchemaError, check

    if not isinstance(parsed, dict):
        raise SidecarError("parsed must be an object")
    for key in ("abstract", "warnings"):
        if not _strings(parsed.get(key, [])):
            raise SidecarError(f"parsed.{key} must be a list of strings")
    concrete = parsed.get("concrete", {})
    if not isinstance(concrete, dict) or not all(isinstance(v, str) for v in concrete.values()):
        raise SidecarError("parsed.concrete must be an object of attribute -> value")
    try:
        check(concrete)  # the stated attributes refinement keeps
    except SchemaError as exc:
        raise SidecarError(f"parsed.concrete: {exc}") from None
    strength = parsed.get("strength", {})
    if not isinstance(strength, dict) or not all(_number(v) for v in strength.values()):
        raise SidecarError("parsed.strength must be an object of attribute -> finite number")
    _check_denied(parsed.get("denied", {}))  # absent in heads written before denials were recorded


def _check_denied(denied) -> None:
    """parsed.denied: attribute -> list of the values a negation denied ("no grey hair": {"hair_color": ["gray"]})."""
    from ..schema import BY_NAME

    if not isinstance(denied, dict):
        raise SidecarError("parsed.denied must be an object of attribute -> list of values")
    for attr, values in denied.items():
        if attr not in BY_NAME:
            raise SidecarError(f"parsed.denied: unknown attribute {str(attr)[:64]!r}")
        if not _strings(values) or not all(v in BY_NAME[attr].values for v in values):
            raise SidecarError(f"parsed.denied.{attr} must be a list of its values ({', '.join(BY_NAME[attr].values)})")


def _check_texture(texture) -> None:
    from ..limits import TEXTURE_SIZES

    if not isinstance(texture, dict) or not isinstance(texture.get("params", {}), dict):
        raise SidecarError("texture must be an object with a params object")
    if not isinstance(texture.get("model", "parametric"), str):
        raise SidecarError('texture model must be "parametric" or "stylegan:PATH"')
    size = texture.get("size", 1024)
    if isinstance(size, bool) or size not in TEXTURE_SIZES:
        raise SidecarError(f"texture size must be one of {', '.join(map(str, TEXTURE_SIZES))}")


def write_sidecar(path: str | Path, data: dict) -> Path:
    validate(data)
    return write_text(Path(path), json.dumps(data, indent=1))


def read_sidecar(path: str | Path, expression_names: Sequence[str] | None = None) -> dict:
    """The checked contents of a head file (`expression_names`: as for `validate`)."""
    from ..paths import existing_file

    p = existing_file(path, "head file", (".json",))
    if p.stat().st_size > 16 * 1024 * 1024:
        raise SidecarError(f"{p} is larger than 16 MB; not a TextFace head file")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SidecarError(f"{p} is not valid JSON: {exc}") from None
    except OSError as exc:
        raise SidecarError(f"cannot read {p}: {exc.strerror or exc}") from None
    try:
        return validate(data, expression_names)
    except SidecarError as exc:
        raise SidecarError(f"{p}: {exc}") from None
