"""OBJ + MTL writer/reader that keeps ICT vertex order exactly (downstream tools index by it)."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator

import numpy as np

from ..errors import Cancelled
from .atomic import write_text

# the header line of every OBJ TextFace writes: an OBJ has no unit field, and the ICT Face Model is in
# centimetres (the mesh, neck included, ~34 cm tall), which importers that take metres make 100 times too large
UNITS_NOTE = ("units: centimetres (the ICT Face Model's), Y up, +Z forward (the face looks along +Z); "
              "for metres import with scale 0.01 (Blender: Import OBJ > Scale 0.01, Unity: Scale Factor 0.01)")
METRES_NOTE = ("units: metres (the ICT Face Model's centimetres x 0.01, written with --obj-units m), Y up, +Z "
               "forward (the face looks along +Z); import with scale 1")
# --obj-units -> (factor on the model's centimetres, header line)
OBJ_UNITS = {"cm": (1.0, UNITS_NOTE), "m": (0.01, METRES_NOTE)}


def obj_units_of(path: str | Path) -> str:
    """The units an OBJ TextFace wrote says it is in ("m" or "cm"; one written before the header named its
    units is in centimetres).  Reads the leading comment lines only."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.startswith("#"):
                break
            if line.startswith("# units: metres"):
                return "m"
    return "cm"


# rows formatted per call: a stop (the service's cancel) lands only between Python instructions, and one `%` over
# a whole head (27k vertices, 100k corners) held it ~70 ms of CPU, seconds on a loaded machine at 2048 px
CHUNK = 4096


def format_obj(vertices: np.ndarray, face_vertices: np.ndarray, face_offsets: np.ndarray,
               uvs: np.ndarray | None = None, face_uv_indices: np.ndarray | None = None,
               mtl_name: str | None = None, material: str = "head", header: str = "",
               cancel: threading.Event | None = None) -> str:
    """OBJ text: `v` in the given order, optional `vt`, polygons (quads kept) as `f v/vt`.  Formatted
    `CHUNK` rows at a time; `cancel` (set) is checked between them and raises Cancelled."""
    parts = []
    for part in _obj_parts(vertices, face_vertices, face_offsets, uvs, face_uv_indices, mtl_name, material, header):
        if cancel is not None and cancel.is_set():
            raise Cancelled("cancelled")
        parts.append(part)
    return "".join(parts)


def _obj_parts(vertices, face_vertices, face_offsets, uvs, face_uv_indices, mtl_name, material,
               header) -> Iterator[str]:
    yield "".join(f"# {line}\n" for line in header.splitlines())
    if mtl_name:
        yield f"mtllib {mtl_name}\n"
    v = np.asarray(vertices, np.float64)
    for start in range(0, len(v), CHUNK):
        rows = v[start:start + CHUNK]
        yield ("v %.6f %.6f %.6f\n" * len(rows)) % tuple(rows.ravel())
    if uvs is not None:
        t = np.asarray(uvs, np.float64)
        for start in range(0, len(t), CHUNK):
            rows = t[start:start + CHUNK]
            yield ("vt %.6f %.6f\n" * len(rows)) % tuple(rows.ravel())
    yield (f"usemtl {material}\n" if mtl_name else "") + "s 1\n"
    face_vertices, face_offsets = np.asarray(face_vertices), np.asarray(face_offsets)
    uv_indices = None if face_uv_indices is None else np.asarray(face_uv_indices)
    for first in range(0, len(face_offsets) - 1, CHUNK):
        yield _face_lines(face_vertices, face_offsets[first:first + CHUNK + 1], uv_indices)


def _face_lines(face_vertices: np.ndarray, offsets: np.ndarray, uv_indices: np.ndarray | None) -> str:
    """The `f` lines of the polygons whose corners start at offsets[:-1] (`offsets[-1]`: where the last ends)."""
    lo, hi = int(offsets[0]), int(offsets[-1])
    corners = (face_vertices[lo:hi] + 1).astype(str)
    if uv_indices is not None:
        corners = np.char.add(np.char.add(corners, "/"), (uv_indices[lo:hi] + 1).astype(str))
    starts, sizes = offsets[:-1] - lo, np.diff(offsets)
    lines = np.empty(len(sizes), dtype=object)
    for size in np.unique(sizes):  # build each polygon size at once, then restore file order
        idx = np.nonzero(sizes == size)[0]
        rows = corners[starts[idx][:, None] + np.arange(size)]
        joined = rows[:, 0]
        for k in range(1, size):
            joined = np.char.add(np.char.add(joined, " "), rows[:, k])
        lines[idx] = joined
    return "".join(f"f {s}\n" for s in lines)


def write_obj(path: str | Path, vertices: np.ndarray, face_vertices: np.ndarray, face_offsets: np.ndarray,
              uvs: np.ndarray | None = None, face_uv_indices: np.ndarray | None = None,
              mtl_name: str | None = None, header: str = "", cancel: threading.Event | None = None,
              material: str = "head") -> Path:
    """Write atomically: a stop or `cancel` while formatting leaves no file (nothing is opened before the text is
    whole), one while writing no temporary file.  `material`: the name `usemtl` gives, the one `mtl_name` defines."""
    path = Path(path)
    write_text(path, format_obj(vertices, face_vertices, face_offsets, uvs, face_uv_indices,
                                mtl_name, material, header=header, cancel=cancel))
    return path


def write_mtl(path: str | Path, texture_name: str, material: str = "head") -> Path:
    path = Path(path)
    write_text(path, (
        f"newmtl {material}\nKa 1.000 1.000 1.000\nKd 1.000 1.000 1.000\nKs 0.040 0.040 0.040\n"
        f"Ns 20.0\nillum 2\nmap_Kd {texture_name}\n"))
    return path


def read_obj(path: str | Path) -> dict[str, np.ndarray]:
    """Read back vertices, UVs and polygons (quads kept) of an OBJ written by `write_obj`."""
    verts, uvs, corners_v, corners_t, offsets = [], [], [], [], [0]
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("v "):
                verts.append(line.split()[1:4])
            elif line.startswith("vt "):
                uvs.append(line.split()[1:3])
            elif line.startswith("f "):
                for c in line.split()[1:]:
                    fields = c.split("/")
                    corners_v.append(int(fields[0]) - 1)
                    corners_t.append(int(fields[1]) - 1 if len(fields) > 1 and fields[1] else -1)
                offsets.append(len(corners_v))
    return {
        "vertices": np.asarray(verts, np.float64),
        "uvs": np.asarray(uvs, np.float64).reshape(-1, 2),
        "face_vertices": np.asarray(corners_v, np.int32),
        "face_uv_indices": np.asarray(corners_t, np.int32),
        "face_offsets": np.asarray(offsets, np.int32),
    }
