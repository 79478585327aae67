"""The write stage's writers in short calls (a stop lands between them): the same bytes as the one-call writers
they replaced (PIL's `Image.fromarray(a).save`, one `%` for the OBJ, whole-array quantisation, numpy's
write_array), on a real head; a cancel mid-file stops inside it and leaves no file."""
from __future__ import annotations

import io
import sys
import threading

import numpy as np
import pytest
from PIL import Image

from backend.errors import Cancelled
from backend.io import obj as obj_io
from backend.io import wire
from backend.io.obj import format_obj, read_obj, write_obj
from backend.io.png import png_bytes, write_png


class CancelAfter(threading.Event):
    """A cancel that reads set from its n-th check on; remembers the file of the code that saw it set."""

    def __init__(self, n: int):
        super().__init__()
        self.n, self.checks, self.seen_in = n, 0, None

    def is_set(self) -> bool:
        self.checks += 1
        if self.checks >= self.n and self.seen_in is None:
            self.seen_in = sys._getframe(1).f_code.co_filename
        return self.checks >= self.n


# -- the one-call writers, as they were: the references ---------------------------------------------------------
def _pil_png(array: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG")
    return buf.getvalue()


def _one_call_obj(vertices, face_vertices, face_offsets, uvs=None, face_uv_indices=None, mtl_name=None,
                  material="head", header=""):
    v = np.asarray(vertices, np.float64)
    parts = [f"# {line}\n" for line in header.splitlines()]
    if mtl_name:
        parts.append(f"mtllib {mtl_name}\n")
    parts.append(("v %.6f %.6f %.6f\n" * len(v)) % tuple(v.ravel()))
    if uvs is not None:
        parts.append(("vt %.6f %.6f\n" * len(uvs)) % tuple(np.asarray(uvs, np.float64).ravel()))
    if mtl_name:
        parts.append(f"usemtl {material}\n")
    parts.append("s 1\n")
    fv = (np.asarray(face_vertices) + 1).astype(str)
    corners = np.char.add(np.char.add(fv, "/"), (np.asarray(face_uv_indices) + 1).astype(str)) \
        if face_uv_indices is not None else fv
    sizes = np.diff(face_offsets)
    order = np.empty(len(sizes), dtype=object)
    for size in (3, 4):
        idx = np.nonzero(sizes == size)[0]
        rows = corners[face_offsets[idx][:, None] + np.arange(size)]
        joined = rows[:, 0]
        for k in range(1, size):
            joined = np.char.add(np.char.add(joined, " "), rows[:, k])
        order[idx] = joined
    parts.append("".join(f"f {s}\n" for s in order))
    return "".join(parts)


def _one_call_quantise(basis):
    peak = np.abs(basis).reshape(len(basis), -1).max(axis=1) if basis.size else np.zeros(len(basis))
    scale = np.where(peak > 0, peak / 32767, 1.0).astype(np.float32)
    return np.rint(basis / scale[:, None, None]).clip(-32767, 32767).astype(np.int16), scale


def _numpy_npz(arrays) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
        for key, value in arrays.items():
            entry = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            with zf.open(entry, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.asanyarray(value), allow_pickle=False)
    return buf.getvalue()


# -- a real head -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def written(face_model, tmp_path_factory):
    from backend.pipeline import GenerateOptions, generate_head, write_head

    head = generate_head("a young woman with long black hair", GenerateOptions(seed=3, refine=False, texture_size=512))
    assert head.hair is not None  # every file kind: the hair's OBJ and RGBA albedo too
    out = tmp_path_factory.mktemp("head")
    write_head(head, out)
    return head, out


def test_every_png_of_a_head_is_pils_bytes(written):
    head, out = written
    names = ["head_albedo.png", "hair_albedo.png", "preview.png"]
    for name in names:
        pixels = np.asarray(Image.open(out / name))
        assert (out / name).read_bytes() == _pil_png(pixels), name
    assert (out / "head_albedo.png").stat().st_size > 2 * 65536  # several IDAT chunks, regrouped as PIL writes them
    assert np.array_equal(np.asarray(Image.open(out / "head_albedo.png")), head.albedo)
    assert np.array_equal(np.asarray(Image.open(out / "hair_albedo.png")), head.hair.albedo)


@pytest.mark.parametrize("name, material", [("head.obj", "head"), ("hair.obj", "hair")])
def test_every_obj_of_a_head_is_the_one_call_formatters_text(written, name, material):
    _, out = written
    text = (out / name).read_text(encoding="utf-8")
    back = read_obj(out / name)  # %.6f of the values read back writes them again unchanged
    header = "\n".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    mtl = next(line.split()[1] for line in text.splitlines() if line.startswith("mtllib "))
    assert len(back["face_offsets"]) - 1 > 2 * obj_io.CHUNK or name == "hair.obj"
    assert text == _one_call_obj(back["vertices"], back["face_vertices"], back["face_offsets"], back["uvs"],
                                 back["face_uv_indices"], mtl, material, header)


def test_the_wire_files_arrays_are_the_one_call_quantisation(face_model):
    for basis in (face_model.identity_basis, face_model.expression_basis):
        basis = np.asarray(basis, np.float32)
        q, scale = wire._quantise(basis)
        q0, scale0 = _one_call_quantise(basis)
        assert q.dtype == q0.dtype and scale.dtype == scale0.dtype
        assert q.tobytes() == q0.tobytes() and scale.tobytes() == scale0.tobytes()
    expr = np.asarray(face_model.expression_basis, np.float32)
    assert np.array_equal(wire._moved_rows(expr), np.flatnonzero(np.abs(expr).max(axis=(0, 2)) > 0))
    empty = np.zeros((0, 4, 3), np.float32)
    assert [a.tobytes() for a in wire._quantise(empty)] == [a.tobytes() for a in _one_call_quantise(empty)]


def test_the_wire_file_is_numpys_npz_bytes(written, face_model):
    _, out = written
    disk = wire.encode(wire.read_wire(out / "head.npz"))
    disk.update(zero_d=np.asarray(7, np.int32), fortran=np.asfortranarray(np.arange(12.0).reshape(3, 4)),
                strided=np.arange(20.0)[::3], empty=np.zeros((0, 3), np.float32), names=np.asarray(["a", "bc"]),
                flipped=disk["albedo"][::-1], columns=disk["albedo"][:, ::2],
                big_fortran=np.asfortranarray(disk["albedo"]))
    buf = io.BytesIO()
    wire.save_npz(buf, disk)
    assert buf.getvalue() == _numpy_npz(disk)


# -- PNG edges ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(1, 1, 3), (1, 1, 4), (3, 17000, 3), (333, 257, 4)])
def test_png_edges_are_pils_bytes(shape):
    rng = np.random.default_rng(1)
    a = rng.integers(0, 256, shape, dtype=np.uint8)
    a[: shape[0] // 2] = 0  # half of it compresses ~1000:1
    assert png_bytes(a) == _pil_png(a)


@pytest.mark.parametrize("array", [np.zeros((4, 4), np.uint8), np.zeros((4, 4, 3), np.float32),
                                   np.zeros((0, 4, 3), np.uint8), np.zeros((4, 4, 2), np.uint8)])
def test_png_refuses_what_is_not_an_8_bit_rgb_or_rgba_image_in_one_line(array, tmp_path):
    with pytest.raises(ValueError, match=r"^a PNG here is an \(H, W, 3\|4\) uint8 image") as info:
        write_png(tmp_path / "x.png", array)
    assert "\n" not in str(info.value)
    assert list(tmp_path.iterdir()) == []


# -- a cancel mid-file -------------------------------------------------------------------------------------------
def test_a_cancel_mid_obj_stops_before_the_text_is_whole_and_leaves_no_file(face_model, tmp_path):
    m = face_model
    whole = CancelAfter(10**9)
    format_obj(m.neutral, m.face_vertices, m.face_offsets, m.uvs, m.face_uv_indices, "head.mtl", cancel=whole)
    assert whole.checks > 10  # 27k vertices, 27k UVs, 26k polygons: 4096 rows a call
    cancel = CancelAfter(3)
    with pytest.raises(Cancelled):
        write_obj(tmp_path / "head.obj", m.neutral, m.face_vertices, m.face_offsets, m.uvs, m.face_uv_indices,
                  "head.mtl", cancel=cancel)
    assert cancel.checks == 3 < whole.checks
    assert list(tmp_path.iterdir()) == []


def test_a_cancel_mid_png_stops_inside_the_encoding_and_leaves_no_file(tmp_path):
    a = np.random.default_rng(2).integers(0, 256, (1024, 1024, 3), dtype=np.uint8)
    whole = CancelAfter(10**9)
    write_png(tmp_path / "whole.png", a, whole)
    (tmp_path / "whole.png").unlink()
    cancel = CancelAfter(whole.checks // 2)  # half way through the deflate stream
    with pytest.raises(Cancelled):
        write_png(tmp_path / "albedo.png", a, cancel)
    assert list(tmp_path.iterdir()) == []


def test_a_cancel_during_write_head_is_seen_inside_the_first_file(written, tmp_path):
    """Before, write_head checked only between files: the 2048 px albedo was encoded whole first."""
    from backend.pipeline import write_head

    head, _ = written
    cancel = CancelAfter(2)
    with pytest.raises(Cancelled):
        write_head(head, tmp_path / "out", cancel=cancel)
    assert cancel.seen_in is not None and cancel.seen_in.endswith("png.py")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    assert [p.name for p in tmp_path.iterdir() if p.name != "out"] == []  # no staging folder left


def test_each_obj_uses_the_material_its_mtl_defines(written):
    """Before, hair.obj said `usemtl head` while hair.mtl defines `hair`: an importer found no material for it."""
    _, out = written
    for name in ("head", "hair"):
        text = (out / f"{name}.obj").read_text(encoding="utf-8")
        mtl = next(line.split()[1] for line in text.splitlines() if line.startswith("mtllib "))
        used = {line.split()[1] for line in text.splitlines() if line.startswith("usemtl ")}
        defined = {line.split()[1] for line in (out / mtl).read_text().splitlines() if line.startswith("newmtl ")}
        assert used == defined == {name}
