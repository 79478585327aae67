"""The JSON sidecar (head.json): everything needed to rebuild or refine a head."""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import TextFaceError

SCHEMA_VERSION = 1
REQUIRED = ("schema_version", "prompt", "seed", "parsed", "identity", "expression", "texture")


class SidecarError(TextFaceError):
    """A head.json that is missing, unreadable or not TextFace's."""


def validate(data: dict) -> dict:
    if not isinstance(data, dict):
        raise SidecarError("head JSON must be an object")
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise SidecarError(f"not a TextFace head file (missing {', '.join(missing)})")
    if data["schema_version"] != SCHEMA_VERSION:
        raise SidecarError(f"head file schema version {data['schema_version']}; expected {SCHEMA_VERSION}")
    ident = data["identity"]
    if not isinstance(ident, list) or not all(isinstance(x, (int, float)) for x in ident):
        raise SidecarError("identity must be a list of numbers")
    if not isinstance(data["expression"], dict):
        raise SidecarError("expression must be an object of name -> weight")
    return data


def write_sidecar(path: str | Path, data: dict) -> Path:
    validate(data)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_sidecar(path: str | Path) -> dict:
    from ..paths import existing_file

    p = existing_file(path, "head file", (".json",))
    if p.stat().st_size > 16 * 1024 * 1024:
        raise SidecarError(f"{p} is larger than 16 MB; not a TextFace head file")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SidecarError(f"{p} is not valid JSON: {exc}") from None
    return validate(data)
