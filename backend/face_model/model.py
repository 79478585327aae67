"""The ICT Face Model as a frozen dataclass of arrays, loaded from the installed npz cache."""
from __future__ import annotations

import functools
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import numpy as np

from ..errors import AssetError, ModelNotInstalled
from ..paths import cache_dir

N_VERTICES = 26719
N_IDENTITY = 100
N_EXPRESSION = 53
CACHE_VERSION = 1
CACHE_NAME = "ict_face_model_v1.npz"

# Vertex regions of the ICT Face Model (0-based, inclusive), as documented by ICT-FaceKit.
REGION_RANGES: Mapping[str, tuple[tuple[int, int], ...]] = {
    "face": ((0, 9408),),
    "narrow_face": ((0, 6705),),
    "head_and_neck": ((9409, 11247),),
    "mouth_socket": ((11248, 13293),),
    "eye_socket_left": ((13294, 13677),),
    "eye_socket_right": ((13678, 14061),),
    "gums_and_tongue": ((14062, 17038),),
    "teeth": ((17039, 21450),),
    "eyeball_left": ((21451, 23020),),
    "eyeball_right": ((23021, 24590),),
    "sclera_left": ((21451, 22220),),
    "iris_left": ((22221, 23020),),
    "sclera_right": ((23021, 23790),),
    "iris_right": ((23791, 24590),),
    "lacrimal_fluid": ((24591, 24998),),
    "eye_blend": ((24999, 25046),),
    "eye_occlusion": ((25047, 25350),),
    "eyelashes": ((25351, 26718),),
}


def model_path(directory: Path | None = None) -> Path:
    return (directory or cache_dir()) / CACHE_NAME


def _region_indices() -> dict[str, np.ndarray]:
    return {
        name: np.concatenate([np.arange(a, b + 1, dtype=np.int32) for a, b in spans])
        for name, spans in REGION_RANGES.items()
    }


def split_polygons(face_offsets: np.ndarray, corners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fan-split polygons (3 or 4 corners) into triangles: (T,3) corner-array values, (T,) polygon id."""
    sizes = np.diff(face_offsets)
    start = face_offsets[:-1]
    tri = np.stack([corners[start], corners[start + 1], corners[start + 2]], 1)
    quads = np.nonzero(sizes == 4)[0]
    tri2 = np.stack([corners[start[quads]], corners[start[quads] + 2], corners[start[quads] + 3]], 1)
    face_id = np.concatenate([np.arange(len(sizes)), quads])
    order = np.argsort(face_id, kind="stable")  # keep the two halves of a quad adjacent
    return np.concatenate([tri, tri2])[order].astype(np.int32), face_id[order].astype(np.int32)


@dataclass(frozen=True, eq=False)
class FaceModel:
    """ICT Face Model arrays.  Units cm, Y up, +Z forward.  See docs/ARCHITECTURE.md."""

    neutral: np.ndarray  # (V, 3) float32
    identity_basis: np.ndarray  # (100, V, 3) float32, offset per +1 standard deviation
    expression_basis: np.ndarray  # (53, V, 3) float32
    expression_names: tuple[str, ...]
    face_vertices: np.ndarray  # (N,) int32 polygon corners
    face_uv_indices: np.ndarray  # (N,) int32
    face_offsets: np.ndarray  # (F+1,) int32
    face_materials: np.ndarray  # (F,) int16
    material_names: tuple[str, ...]
    uvs: np.ndarray  # (T, 2) float32, raw ICT UDIM-style layout
    landmarks: np.ndarray  # (68,) int32
    regions: Mapping[str, np.ndarray] = field(repr=False)
    triangles: np.ndarray = field(repr=False)  # (52220, 3) int32
    triangle_uvs: np.ndarray = field(repr=False)  # (52220, 3) int32
    triangle_faces: np.ndarray = field(repr=False)  # (52220,) int32
    source: str = ""

    @property
    def n_vertices(self) -> int:
        return int(self.neutral.shape[0])

    @property
    def n_faces(self) -> int:
        return int(self.face_offsets.shape[0] - 1)

    def region_mask(self, name: str) -> np.ndarray:
        """(V,) bool mask of a named region (names: REGION_RANGES)."""
        if name not in self.regions:
            raise KeyError(f"unknown region {name!r}; valid: {', '.join(self.regions)}")
        mask = np.zeros(self.n_vertices, bool)
        mask[self.regions[name]] = True
        return mask


def from_arrays(arrays: Mapping[str, np.ndarray], source: str = "") -> FaceModel:
    """Build a FaceModel from the cache's arrays (also used by tests with a tiny synthetic model)."""
    names = tuple(str(n) for n in arrays["expression_names"])
    material_names = tuple(str(n) for n in arrays["material_names"])
    offsets = arrays["face_offsets"].astype(np.int32)
    tris, tri_faces = split_polygons(offsets, arrays["face_vertices"])
    tri_uvs, _ = split_polygons(offsets, arrays["face_uv_indices"])
    n_vertices = arrays["neutral"].shape[0]
    regions = _region_indices() if n_vertices == N_VERTICES else {
        "face": np.arange(n_vertices, dtype=np.int32)
    }
    for arr in (arrays["neutral"], arrays["identity_basis"], arrays["expression_basis"]):
        arr.setflags(write=False)
    return FaceModel(
        neutral=arrays["neutral"],
        identity_basis=arrays["identity_basis"],
        expression_basis=arrays["expression_basis"],
        expression_names=names,
        face_vertices=arrays["face_vertices"].astype(np.int32),
        face_uv_indices=arrays["face_uv_indices"].astype(np.int32),
        face_offsets=offsets,
        face_materials=arrays["face_materials"].astype(np.int16),
        material_names=material_names,
        uvs=arrays["uvs"].astype(np.float32),
        landmarks=arrays["landmarks"].astype(np.int32),
        regions=regions,
        triangles=tris,
        triangle_uvs=tri_uvs,
        triangle_faces=tri_faces,
        source=source,
    )


def load_face_model(path: str | Path | None = None) -> FaceModel:
    """Load the installed model (default: the user cache).  Cached per file version in-process."""
    p = Path(path) if path is not None else model_path()
    if p.is_dir():
        p = model_path(p)
    if not p.is_file():
        raise ModelNotInstalled(
            f"ICT face model not installed (no {p}); run: python -m backend assets install "
            "[--from ICT-FaceKit-master.zip]"
        )
    stat = p.stat()
    return _load_cached(str(p.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)
def _load_cached(path: str, mtime_ns: int, size: int) -> FaceModel:
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise AssetError(f"model cache {path} is unreadable ({exc}); reinstall with "
                         "python -m backend assets install --force") from None
    meta = json.loads(bytes(arrays.pop("meta_json")).decode("utf-8")) if "meta_json" in arrays else {}
    if meta.get("cache_version") != CACHE_VERSION:
        raise AssetError(f"model cache {path} has version {meta.get('cache_version')}, expected "
                         f"{CACHE_VERSION}; reinstall with python -m backend assets install --force")
    return from_arrays(arrays, source=meta.get("source", ""))
