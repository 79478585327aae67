"""Fast parsing of the ICT-FaceKit OBJ files (bytes in, numpy out).

The ICT OBJs share one topology; only `v` lines differ between them.  We parse vertices with one
numpy conversion per file and fingerprint everything else (`vt`, `f`, `usemtl` lines) so the
installer can prove every file shares the neutral mesh's topology without keeping 157 copies.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np


class ObjFormatError(ValueError):
    """An OBJ file that does not parse as the ICT face model expects."""


@dataclass(frozen=True)
class ObjTopology:
    face_vertices: np.ndarray  # (N,) int32, 0-based polygon corners
    face_uv_indices: np.ndarray  # (N,) int32, 0-based
    face_offsets: np.ndarray  # (F+1,) int32
    face_materials: np.ndarray  # (F,) int16
    material_names: tuple[str, ...]
    uvs: np.ndarray  # (T, 2) float32


def _lines(data: bytes) -> list[bytes]:
    return data.replace(b"\r\n", b"\n").split(b"\n")


def parse_vertices(data: bytes, name: str) -> tuple[np.ndarray, str]:
    """Return ((V,3) float64 positions, topology fingerprint) of one OBJ file."""
    lines = _lines(data)
    vlines = [ln[2:] for ln in lines if ln.startswith(b"v ")]
    if not vlines:
        raise ObjFormatError(f"{name}: no vertices")
    try:
        flat = np.array(b" ".join(vlines).split(), dtype=np.float64)
    except ValueError as exc:
        raise ObjFormatError(f"{name}: unreadable vertex line ({exc})") from None
    if flat.size != 3 * len(vlines):
        raise ObjFormatError(f"{name}: vertex lines must have exactly 3 coordinates")
    if not np.all(np.isfinite(flat)):  # float() takes "nan"/"inf"; they would poison every head made later
        bad = int(np.argmax(~np.isfinite(flat))) // 3
        raise ObjFormatError(f"{name}: vertex {bad + 1} has a NaN or infinite coordinate")
    digest = hashlib.sha256()
    for ln in lines:
        if ln.startswith((b"vt ", b"f ", b"usemtl ")):
            digest.update(ln.rstrip())
            digest.update(b"\n")
    return flat.reshape(-1, 3), digest.hexdigest()


def parse_topology(data: bytes, name: str, n_vertices: int) -> ObjTopology:
    """Faces (quads and triangles kept, in file order), UVs and material groups of one OBJ."""
    lines = _lines(data)
    uv_lines = [ln[3:] for ln in lines if ln.startswith(b"vt ")]
    try:
        uvs = np.array(b" ".join(uv_lines).split(), dtype=np.float64).reshape(-1, 2)
    except ValueError as exc:
        raise ObjFormatError(f"{name}: UV lines must have exactly 2 coordinates ({exc})") from None
    if not np.all(np.isfinite(uvs)):
        raise ObjFormatError(f"{name}: a UV coordinate is NaN or infinite")
    corners_v: list[int] = []
    corners_t: list[int] = []
    offsets = [0]
    materials: list[int] = []
    material_names: list[str] = []
    current = -1
    for ln in lines:
        if ln.startswith(b"usemtl "):
            mat = ln[7:].strip().decode("utf-8", "replace")
            if mat not in material_names:
                material_names.append(mat)
            current = material_names.index(mat)
        elif ln.startswith(b"f "):
            parts = ln[2:].split()
            if len(parts) not in (3, 4):
                raise ObjFormatError(f"{name}: polygon with {len(parts)} corners (expected 3 or 4)")
            for part in parts:
                fields = part.split(b"/")
                if len(fields) < 2 or not fields[1]:
                    raise ObjFormatError(f"{name}: face corner without a UV index: {part!r}")
                try:
                    corners_v.append(int(fields[0]) - 1)
                    corners_t.append(int(fields[1]) - 1)
                except ValueError:
                    raise ObjFormatError(f"{name}: face corner {part.decode('utf-8', 'replace')!r} "
                                         "has a non-integer index") from None
            offsets.append(len(corners_v))
            materials.append(max(current, 0))
    if not materials:
        raise ObjFormatError(f"{name}: no faces")
    fv = np.asarray(corners_v, np.int64)
    ft = np.asarray(corners_t, np.int64)
    if fv.min() < 0 or fv.max() >= n_vertices:
        raise ObjFormatError(f"{name}: face refers to a vertex out of range")
    if ft.min() < 0 or ft.max() >= len(uvs):
        raise ObjFormatError(f"{name}: face refers to a UV out of range")
    return ObjTopology(
        face_vertices=fv.astype(np.int32),
        face_uv_indices=ft.astype(np.int32),
        face_offsets=np.asarray(offsets, np.int32),
        face_materials=np.asarray(materials, np.int16),
        material_names=tuple(material_names or ["default"]),
        uvs=uvs.astype(np.float32),
    )
