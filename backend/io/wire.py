"""The wire format between backend and add-on: one npz file, numpy only, no pickle.

Self-contained (stdlib + numpy) so the Blender add-on can use it.  See docs/ARCHITECTURE.md.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import numpy as np

WIRE_VERSION = 1

# key -> (dtype kind, ndim); shapes are cross-checked in `validate`.
_FIELDS = {
    "wire_version": ("i", 0),
    "neutral": ("f", 2),
    "face_vertices": ("i", 1),
    "face_offsets": ("i", 1),
    "loop_uvs": ("f", 2),
    "identity_basis": ("f", 3),
    "identity": ("f", 1),
    "expression_basis": ("f", 3),
    "expression_names": ("U", 1),
    "expression": ("f", 1),
    "albedo": ("u", 3),
    "sidecar": ("u", 1),
}


class WireFormatError(ValueError):
    """A wire file that is not TextFace's, is of another version, or is inconsistent."""


def pack(*, neutral, face_vertices, face_offsets, loop_uvs, identity_basis, identity,
         expression_basis, expression_names, expression, albedo, sidecar: dict) -> dict[str, np.ndarray]:
    arrays = {
        "wire_version": np.asarray(WIRE_VERSION, np.int32),
        "neutral": np.asarray(neutral, np.float32),
        "face_vertices": np.asarray(face_vertices, np.int32),
        "face_offsets": np.asarray(face_offsets, np.int32),
        "loop_uvs": np.asarray(loop_uvs, np.float32),
        "identity_basis": np.asarray(identity_basis, np.float32),
        "identity": np.asarray(identity, np.float32).reshape(-1),
        "expression_basis": np.asarray(expression_basis, np.float32),
        "expression_names": np.asarray(list(expression_names), dtype="<U32"),
        "expression": np.asarray(expression, np.float32).reshape(-1),
        "albedo": np.asarray(albedo, np.uint8),
        "sidecar": np.frombuffer(json.dumps(sidecar).encode("utf-8"), np.uint8),
    }
    validate(arrays)
    return arrays


def validate(a: dict[str, np.ndarray]) -> None:
    missing = [k for k in _FIELDS if k not in a]
    if missing:
        raise WireFormatError(f"not a TextFace wire file (missing {', '.join(missing)})")
    if int(a["wire_version"]) != WIRE_VERSION:
        raise WireFormatError(f"wire format version {int(a['wire_version'])}; this side speaks "
                              f"{WIRE_VERSION} (update the add-on and the backend together)")
    for key, (kind, ndim) in _FIELDS.items():
        if a[key].dtype.kind != kind or a[key].ndim != ndim:
            raise WireFormatError(f"{key}: expected kind {kind!r} with {ndim} dims, got "
                                  f"{a[key].dtype} {a[key].shape}")
    v = a["neutral"].shape
    offsets = a["face_offsets"]
    n_corners = len(a["face_vertices"])
    checks = [
        (v[1] == 3, "neutral must be (V, 3)"),
        (len(offsets) >= 2 and offsets[0] == 0 and offsets[-1] == n_corners
         and bool(np.all(np.diff(offsets) >= 3)), "face_offsets inconsistent with face_vertices"),
        (n_corners == 0 or (a["face_vertices"].min() >= 0 and a["face_vertices"].max() < v[0]),
         "face_vertices out of range"),
        (a["loop_uvs"].shape == (n_corners, 2), "loop_uvs must be (N_corners, 2)"),
        (a["identity_basis"].shape[1:] == v, "identity_basis must be (K, V, 3)"),
        (a["identity"].shape == a["identity_basis"].shape[:1], "identity length != identity modes"),
        (a["expression_basis"].shape[1:] == v, "expression_basis must be (K, V, 3)"),
        (a["expression"].shape == a["expression_basis"].shape[:1] == a["expression_names"].shape,
         "expression, expression_basis and expression_names disagree"),
        (a["albedo"].shape[2] in (3, 4), "albedo must be (H, W, 3|4) uint8"),
    ]
    for ok, message in checks:
        if not ok:
            raise WireFormatError(message)
    for key in ("neutral", "loop_uvs", "identity_basis", "identity", "expression_basis", "expression"):
        if not np.all(np.isfinite(a[key])):
            raise WireFormatError(f"{key} holds NaN or infinite values")


def write_wire(path: str | Path, arrays: dict[str, np.ndarray]) -> Path:
    """Write atomically (temp file + rename)."""
    validate(arrays)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
    os.replace(tmp, path)
    return path


def to_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def read_wire(source: str | Path | bytes) -> dict[str, np.ndarray]:
    """Read and validate a wire file (path or bytes).  Never unpickles."""
    try:
        handle = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")
    except OSError as exc:
        raise WireFormatError(f"cannot open wire file: {exc}") from None
    with handle:
        try:
            with np.load(handle, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
        except Exception as exc:  # noqa: BLE001 - zipfile/numpy raise many types; all mean "not ours"
            raise WireFormatError(f"not a readable TextFace wire file ({type(exc).__name__}: {exc})") from None
    validate(arrays)
    return arrays


def sidecar_of(arrays: dict[str, np.ndarray]) -> dict:
    try:
        return json.loads(bytes(arrays["sidecar"]).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WireFormatError(f"sidecar is not valid JSON: {exc}") from None
