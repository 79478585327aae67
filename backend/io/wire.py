"""The wire format between backend and add-on: one npz file, numpy only, no pickle.

Self-contained (stdlib + numpy) so the Blender add-on can use it.  See docs/ARCHITECTURE.md.

`pack` / `read_wire` deal in logical arrays (float32 bases).  On disk (versions 2 and 3) the two bases are
int16 with one scale per key (error <= max|delta| / 65534, about 0.2 um for the ICT model) and the
expression basis keeps only the vertices some expression moves: half the size of version 1 at no
write cost (deflate would save a third more but costs ~1 s per head).  Version 1 files still read.

Version 3 adds an optional hair mesh (the `hair_*` keys, all or none; see `HAIR_KEYS`): its own
polygons, UVs and albedo, and for each hair vertex the head vertex it follows (`hair_anchor`), so the
head's identity and expression offsets move the hair too (hair key k = `basis[k, hair_anchor]`).
A version-3 file without them is a head without hair geometry.  Versions 1 and 2 still read.
"""
from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import IO, Mapping

import numpy as np

WIRE_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
_Q = 32767  # int16 range used by the quantised bases

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

# The optional hair group (version 3): all of these keys or none of them.
_HAIR_FIELDS = {
    "hair_vertices": ("f", 2),      # (H, 3) rest positions on `neutral` (model units)
    "hair_anchor": ("i", 1),        # (H,) head vertex each hair vertex follows under the keys
    "hair_face_vertices": ("i", 1),  # polygon corners into hair_vertices
    "hair_face_offsets": ("i", 1),   # (F_h + 1,)
    "hair_loop_uvs": ("f", 2),      # (N_hair_corners, 2), 0..1 on hair_albedo
    "hair_albedo": ("u", 3),        # (h, w, 3|4) uint8, row 0 = top; a 4th channel is coverage (alpha)
}
HAIR_KEYS = tuple(_HAIR_FIELDS)


class WireFormatError(ValueError):
    """A wire file that is not TextFace's, is of another version, or is inconsistent."""


def pack(*, neutral, face_vertices, face_offsets, loop_uvs, identity_basis, identity,
         expression_basis, expression_names, expression, albedo, sidecar: dict,
         hair: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """The logical arrays of a head.  `hair`: None (no hair geometry) or a mapping with the keys
    vertices, anchor, face_vertices, face_offsets, loop_uvs, albedo (stored as `hair_<key>`)."""
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
    if hair is not None:
        kinds = {"f": np.float32, "i": np.int32, "u": np.uint8}
        for key, (kind, _) in _HAIR_FIELDS.items():
            arrays[key] = np.asarray(hair[key.removeprefix("hair_")], kinds[kind])
    validate(arrays)
    return arrays


def has_hair(arrays: Mapping[str, np.ndarray]) -> bool:
    """Whether validated logical arrays carry the hair group."""
    return "hair_vertices" in arrays


def _quantise(basis: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(K, N, 3) float -> int16 (K, N, 3), float32 scale (K,): basis ~= q * scale[:, None, None].  One mode per
    numpy call (the same values as whole-array calls): a stop (the service's cancel) lands only between Python
    instructions, and the whole basis at once held it ~50 ms of CPU."""
    peak = np.array([np.abs(mode).max() if mode.size else 0 for mode in basis], basis.dtype).reshape(len(basis))
    scale = np.where(peak > 0, peak / _Q, 1.0).astype(np.float32)
    q = np.empty(basis.shape, np.int16)
    for k, mode in enumerate(basis):
        q[k] = np.rint(mode / scale[k]).clip(-_Q, _Q)
    return q, scale


def _moved_rows(basis: np.ndarray) -> np.ndarray:
    """The vertices (axis 1) some mode of a (K, N, 3) basis moves, one mode per call (see `_quantise`)."""
    moved = np.zeros(basis.shape[1], bool)
    for mode in basis:
        moved |= np.abs(mode).max(axis=1) > 0
    return np.flatnonzero(moved)


def _dequantise(q: np.ndarray, scale: np.ndarray, what: str) -> np.ndarray:
    if q.dtype != np.int16 or q.ndim != 3 or scale.dtype != np.float32 or scale.shape != q.shape[:1]:
        raise WireFormatError(f"{what}: expected int16 (K, N, 3) with float32 scales (K,)")
    if not np.all(np.isfinite(scale)):
        raise WireFormatError(f"{what}: scales hold NaN or infinite values")
    return q.astype(np.float32) * scale[:, None, None]


def encode(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Logical arrays -> what a version-3 file stores (version 2's layout plus the optional hair keys)."""
    disk = {k: v for k, v in arrays.items() if k not in ("identity_basis", "expression_basis")}
    disk["identity_basis_q"], disk["identity_basis_scale"] = _quantise(arrays["identity_basis"])
    expr = arrays["expression_basis"]
    rows = _moved_rows(expr) if expr.size else np.zeros(0, np.int64)
    disk["expression_rows"] = rows.astype(np.int32)
    disk["expression_basis_q"], disk["expression_basis_scale"] = _quantise(np.stack([mode[rows] for mode in expr])
                                                                           if len(expr) else expr[:, rows])
    disk["wire_version"] = np.asarray(WIRE_VERSION, np.int32)
    return disk


def decode(disk: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """What a file stores (version 1, 2 or 3) -> logical arrays (not yet validated)."""
    if "wire_version" not in disk or np.asarray(disk["wire_version"]).dtype.kind != "i":
        raise WireFormatError("not a TextFace wire file (missing wire_version)")
    if np.asarray(disk["wire_version"]).shape != ():
        raise WireFormatError("not a TextFace wire file (wire_version is not a single number)")
    version = int(disk["wire_version"])
    if version not in READABLE_VERSIONS:
        raise WireFormatError(f"wire format version {version}; this side reads "
                              f"{', '.join(map(str, READABLE_VERSIONS))} (update the add-on and the backend together)")
    if version < 3 and any(k in disk for k in HAIR_KEYS):
        raise WireFormatError(f"wire format version {version} has no hair mesh, but this file holds hair keys")
    arrays = dict(disk)
    if version >= 2:
        encoded = ("identity_basis_q", "identity_basis_scale", "expression_rows", "expression_basis_q",
                   "expression_basis_scale")
        missing = [k for k in (*encoded, "neutral") if k not in disk]
        if missing:
            raise WireFormatError(f"not a TextFace wire file (missing {', '.join(missing)})")
        for k in encoded:
            del arrays[k]
        arrays["identity_basis"] = _dequantise(disk["identity_basis_q"], disk["identity_basis_scale"],
                                               "identity basis")
        part = _dequantise(disk["expression_basis_q"], disk["expression_basis_scale"], "expression basis")
        rows, n_vertices = disk["expression_rows"], len(disk["neutral"])
        if rows.dtype.kind != "i" or rows.ndim != 1 or rows.shape[0] != part.shape[1] or \
                (rows.size and (rows.min() < 0 or rows.max() >= n_vertices)):
            raise WireFormatError("expression_rows do not match the expression basis or the vertices")
        full = np.zeros((part.shape[0], n_vertices, 3), np.float32)
        full[:, rows] = part
        arrays["expression_basis"] = full
    arrays["wire_version"] = np.asarray(WIRE_VERSION, np.int32)
    return arrays


def validate(a: dict[str, np.ndarray]) -> None:
    """Check logical arrays (as `pack` makes and `read_wire` returns them)."""
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
        (a["albedo"].shape[2] in (3, 4) and min(a["albedo"].shape[:2]) >= 1,
         "albedo must be (H, W, 3|4) uint8 with at least one pixel"),
    ]
    for ok, message in checks:
        if not ok:
            raise WireFormatError(message)
    for key in ("neutral", "loop_uvs", "identity_basis", "identity", "expression_basis", "expression"):
        if not np.all(np.isfinite(a[key])):
            raise WireFormatError(f"{key} holds NaN or infinite values")
    _validate_hair(a, v[0])


def _validate_hair(a: Mapping[str, np.ndarray], n_head_vertices: int) -> None:
    present = [k for k in HAIR_KEYS if k in a]
    if not present:
        return
    if len(present) != len(HAIR_KEYS):
        missing = [k for k in HAIR_KEYS if k not in a]
        raise WireFormatError(f"hair mesh incomplete (missing {', '.join(missing)})")
    for key, (kind, ndim) in _HAIR_FIELDS.items():
        if a[key].dtype.kind != kind or a[key].ndim != ndim:
            raise WireFormatError(f"{key}: expected kind {kind!r} with {ndim} dims, got "
                                  f"{a[key].dtype} {a[key].shape}")
    h = a["hair_vertices"].shape
    offsets, corners = a["hair_face_offsets"], a["hair_face_vertices"]
    anchor = a["hair_anchor"]
    checks = [
        (h[0] >= 3 and h[1] == 3, "hair_vertices must be (H >= 3, 3)"),
        (anchor.shape == h[:1], "hair_anchor must have one head vertex per hair vertex"),
        (anchor.size == 0 or (anchor.min() >= 0 and anchor.max() < n_head_vertices),
         "hair_anchor out of range of the head's vertices"),
        (len(offsets) >= 2 and offsets[0] == 0 and offsets[-1] == len(corners)
         and bool(np.all(np.diff(offsets) >= 3)), "hair_face_offsets inconsistent with hair_face_vertices"),
        (len(corners) == 0 or (corners.min() >= 0 and corners.max() < h[0]), "hair_face_vertices out of range"),
        (a["hair_loop_uvs"].shape == (len(corners), 2), "hair_loop_uvs must be (N_hair_corners, 2)"),
        (a["hair_albedo"].shape[2] in (3, 4) and min(a["hair_albedo"].shape[:2]) >= 1,
         "hair_albedo must be (h, w, 3|4) uint8 with at least one pixel"),
    ]
    for ok, message in checks:
        if not ok:
            raise WireFormatError(message)
    for key in ("hair_vertices", "hair_loop_uvs"):
        if not np.all(np.isfinite(a[key])):
            raise WireFormatError(f"{key} holds NaN or infinite values")


def save_npz(file: str | Path | IO[bytes], arrays: Mapping[str, np.ndarray]) -> None:
    """np.savez (uncompressed, no pickle, no time stamps), but a failed write (a full disk) closes its ZipFile here:
    numpy's leaves it open, and its __del__ later prints a traceback ("seek of closed file") after
    the caller's clean message.  Every npz the backend writes goes through this."""
    with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
        for key, value in arrays.items():
            # a fixed date (numpy's savez stamps the clock): one head written twice is the same bytes
            entry = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            with zf.open(entry, "w", force_zip64=True) as f:
                _write_npy(f, np.asanyarray(value))


_NPY_PIECE = 1 << 20


def _write_header(f: IO[bytes], header: dict) -> bool:
    """The .npy header write_array writes, with numpy's public writers: version 1.0, or 2.0 when the header is too
    long for 1.0; False, nothing written, when neither holds it (3.0: field names beyond Latin-1)."""
    for write in (np.lib.format.write_array_header_1_0, np.lib.format.write_array_header_2_0):
        try:
            write(f, header)  # (raises before writing: a header too long, or not Latin-1)
            return True
        except ValueError:  # (UnicodeEncodeError included)
            continue
    return False


def _write_npy(f: IO[bytes], array: np.ndarray) -> None:
    """np.lib.format.write_array's bytes, the data in ~1 MiB writes: numpy's takes 16 MiB at a time, one call (the
    copy and the zip entry's CRC) that held a stop (the service's cancel) ~40 ms of CPU."""
    if array.dtype.hasobject:  # numpy's own message (no pickles)
        np.lib.format.write_array(f, array, allow_pickle=False)
        return
    header = np.lib.format.header_data_from_array_1_0(array)
    if not _write_header(f, header):  # a header only format 3.0 holds (non-Latin-1 field names): numpy's writer
        np.lib.format.write_array(f, array, allow_pickle=False)
        return
    data = array.T if header["fortran_order"] else array  # what numpy writes: the elements in this C order
    if data.flags.c_contiguous:
        flat = memoryview(data.reshape(-1).view(np.uint8)) if data.size else memoryview(b"")
        for start in range(0, len(flat), _NPY_PIECE):
            f.write(flat[start:start + _NPY_PIECE])
        return
    rows = max(1, _NPY_PIECE // max(1, data[0].nbytes))  # not contiguous: copied a band of rows at a time
    for start in range(0, len(data), rows):
        f.write(np.ascontiguousarray(data[start:start + rows]).tobytes())


def write_wire(path: str | Path, arrays: dict[str, np.ndarray]) -> Path:
    """Write atomically (temp file + rename; written out here rather than with `io.atomic`: this file
    is loaded alone, outside the package, by the add-on)."""
    validate(arrays)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        save_npz(tmp, encode(arrays))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def to_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    validate(arrays)
    buf = io.BytesIO()
    save_npz(buf, encode(arrays))
    return buf.getvalue()


def read_wire(source: str | Path | bytes) -> dict[str, np.ndarray]:
    """Read and validate a wire file (path or bytes).  Never unpickles."""
    if not isinstance(source, bytes) and Path(source).is_dir():
        raise WireFormatError(f"{source} is a folder: pick the head.npz inside it")
    try:
        handle = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")
    except OSError as exc:
        raise WireFormatError(f"cannot open wire file: {exc}") from None
    with handle:
        start = handle.read(8)
        handle.seek(0)
        kind = _not_npz(start)
        if kind:
            name = "" if isinstance(source, bytes) else f"{Path(source).name} "
            raise WireFormatError(f"{name}is {kind}, not a TextFace wire file: pick the head's .npz file "
                                  "(head.npz, written beside head.json)")
        try:
            with np.load(handle, allow_pickle=False) as data:
                stored = {k: data[k] for k in data.files}
        except Exception as exc:  # noqa: BLE001 - zipfile/numpy raise many types; all mean "not ours"
            raise WireFormatError(f"not a readable TextFace wire file ({type(exc).__name__}: {exc})") from None
    arrays = decode(stored)
    validate(arrays)
    return arrays


def _not_npz(start: bytes) -> str | None:
    """What the first bytes of a file that is not an npz (zip) look like, for the message; None for a zip."""
    if start.startswith(b"PK"):
        return None
    if start.startswith(b"\x89PNG"):
        return "a PNG image"
    if start.startswith(b"\x93NUMPY"):
        return "a single numpy array (.npy)"
    if not start:
        return "empty"
    text = start.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return "JSON (e.g. head.json)"
    if text[:1] == b"#" or text[:2] in (b"v ", b"o ", b"mt"):
        return "text (an OBJ or MTL file?)"
    return "not an npz file"


def sidecar_of(arrays: dict[str, np.ndarray]) -> dict:
    try:
        return json.loads(bytes(arrays["sidecar"]).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WireFormatError(f"sidecar is not valid JSON: {exc}") from None
