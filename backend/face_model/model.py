"""The ICT Face Model as a frozen dataclass of arrays, loaded from the installed npz cache."""
from __future__ import annotations

import functools
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
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
    model = FaceModel(
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
        regions=MappingProxyType({k: _read_only(v) for k, v in regions.items()}),
        triangles=tris,
        triangle_uvs=tri_uvs,
        triangle_faces=tri_faces,
        source=source,
    )
    # load_face_model hands one cached instance to every caller: none may change it for the others
    for value in vars(model).values():
        if isinstance(value, np.ndarray):
            _read_only(value)
    return model


def _read_only(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


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


_CACHE_KEYS = ("neutral", "identity_basis", "expression_basis", "expression_names", "face_vertices",
               "face_uv_indices", "face_offsets", "face_materials", "material_names", "uvs", "landmarks")


def check_cache_arrays(a: Mapping[str, np.ndarray]) -> str | None:
    """What is wrong with the cache's arrays (one line), or None: a damaged or foreign file that still
    opens must not pass as installed (it would fail later, far from its cause, or never be replaced)."""
    missing = [k for k in _CACHE_KEYS if k not in a]
    if missing:
        return f"lacks {', '.join(missing)}"
    kinds = {"neutral": "f", "identity_basis": "f", "expression_basis": "f", "uvs": "f", "expression_names": "U",
             "material_names": "U", "face_vertices": "iu", "face_uv_indices": "iu", "face_offsets": "iu",
             "face_materials": "iu", "landmarks": "iu"}
    for k, kind in kinds.items():
        if a[k].dtype.kind not in kind:
            return f"{k} has dtype {a[k].dtype}"
    v = a["neutral"].shape[0] if a["neutral"].ndim == 2 else -1
    shapes = {"neutral": (v, 3), "identity_basis": (N_IDENTITY, v, 3), "expression_basis": (N_EXPRESSION, v, 3),
              "expression_names": (N_EXPRESSION,), "landmarks": (68,)}
    for k, want in shapes.items():
        if a[k].shape != want or v < 1:
            return f"{k} has shape {a[k].shape}, expected {want}"
    corners, offsets = a["face_vertices"], a["face_offsets"]
    if corners.ndim != 1 or a["face_uv_indices"].shape != corners.shape or offsets.ndim != 1 or len(offsets) < 2:
        return "face arrays have the wrong shapes"
    sizes = np.diff(offsets)
    if offsets[0] != 0 or offsets[-1] != len(corners) or not np.all((sizes == 3) | (sizes == 4)):
        return "face_offsets do not describe triangles and quads"
    uvs, materials = a["uvs"], a["face_materials"]
    if (uvs.ndim != 2 or uvs.shape[1] != 2 or materials.shape != (len(offsets) - 1,)
            or a["material_names"].ndim != 1):
        return "uvs or face_materials have the wrong shapes"
    for k, n in (("face_vertices", v), ("face_uv_indices", len(uvs)), ("landmarks", v),
                 ("face_materials", len(a["material_names"]))):
        if a[k].size and (a[k].min() < 0 or a[k].max() >= n):
            return f"{k} out of range"
    for k in ("neutral", "identity_basis", "expression_basis", "uvs"):
        if not np.all(np.isfinite(a[k])):
            return f"{k} holds NaN or infinite values"
    return None


@functools.lru_cache(maxsize=2)
def _load_cached(path: str, mtime_ns: int, size: int) -> FaceModel:
    reinstall = "reinstall with python -m backend assets install --force"
    try:
        data = np.load(path, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):  # a lone .npy array
            raise ValueError("not an npz archive")
        with data:
            arrays = {k: data[k] for k in data.files}
        meta = json.loads(bytes(arrays.pop("meta_json")).decode("utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("meta_json is not a JSON object")
    except KeyError:
        raise AssetError(f"model cache {path} lacks meta_json; {reinstall}") from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise AssetError(f"model cache {path} is unreadable ({exc}); {reinstall}") from None
    if meta.get("cache_version") != CACHE_VERSION:
        raise AssetError(f"model cache {path} has version {meta.get('cache_version')}, expected "
                         f"{CACHE_VERSION}; {reinstall}")
    problem = check_cache_arrays(arrays)
    if problem:
        raise AssetError(f"model cache {path} is damaged ({problem}); {reinstall}")
    return from_arrays(arrays, source=str(meta.get("source", "")))
