"""OBJ/MTL round trip in ICT order, wire format validation, sidecar validation, sample command."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from backend.io import wire
from backend.io.obj import read_obj, write_mtl, write_obj
from backend.io.sidecar import SidecarError, read_sidecar, write_sidecar
from tests.ict_fixtures import CUBE_F, CUBE_V

OFFSETS = np.cumsum([0] + [len(f) for f in CUBE_F]).astype(np.int32)
CORNERS = np.concatenate(CUBE_F).astype(np.int32)


def test_obj_roundtrip_keeps_order_and_quads(tmp_path):
    uvs = np.random.default_rng(0).uniform(size=(len(CORNERS), 2))
    path = write_obj(tmp_path / "h.obj", CUBE_V * 3.3, CORNERS, OFFSETS, uvs, np.arange(len(CORNERS)), "h.mtl",
                     header="two\nlines")
    write_mtl(tmp_path / "h.mtl", "h_albedo.png")
    back = read_obj(path)
    np.testing.assert_allclose(back["vertices"], CUBE_V * 3.3, atol=1e-6)
    assert (back["face_vertices"] == CORNERS).all() and (back["face_offsets"] == OFFSETS).all()
    np.testing.assert_allclose(back["uvs"], uvs, atol=1e-6)
    text = path.read_text()
    assert text.startswith("# two\n# lines\nmtllib h.mtl") and "usemtl head" in text
    assert "map_Kd h_albedo.png" in (tmp_path / "h.mtl").read_text()


def _wire_arrays(v=8, k=4, e=3):
    rng = np.random.default_rng(0)
    return dict(neutral=CUBE_V, face_vertices=CORNERS, face_offsets=OFFSETS,
                loop_uvs=rng.uniform(size=(len(CORNERS), 2)), identity_basis=rng.normal(size=(k, v, 3)),
                identity=rng.normal(size=k), expression_basis=rng.normal(size=(e, v, 3)),
                expression_names=["jawOpen", "eyeBlink_L", "eyeBlink_R"], expression=np.zeros(e),
                albedo=np.zeros((4, 4, 3), np.uint8), sidecar={"prompt": "x"})


def test_wire_roundtrip_from_path_and_bytes(tmp_path):
    arrays = wire.pack(**_wire_arrays())
    path = wire.write_wire(tmp_path / "h.npz", arrays)
    for source in (path, path.read_bytes(), wire.to_bytes(arrays)):
        back = wire.read_wire(source)
        assert back["expression_names"].tolist() == ["jawOpen", "eyeBlink_L", "eyeBlink_R"]
        np.testing.assert_array_equal(back["identity"], arrays["identity"])
        assert wire.sidecar_of(back) == {"prompt": "x"}


@pytest.mark.parametrize("mutate, message", [
    (lambda a: a.pop("albedo"), "missing albedo"),
    (lambda a: a.update(wire_version=np.asarray(4, np.int32)), "version 4"),
    (lambda a: a.update(identity_basis_q=a["identity_basis_q"].astype(np.float32)), "int16"),
    (lambda a: a.update(expression_rows=a["expression_rows"] + 100), "expression_rows"),
    (lambda a: a.update(expression_basis_scale=np.full(3, np.inf, np.float32)), "infinite"),
    (lambda a: a.pop("identity_basis_scale"), "missing identity_basis_scale"),
    (lambda a: a.update(identity=np.zeros(5, np.float32)), "identity length"),
    (lambda a: a.update(face_vertices=a["face_vertices"] + 100), "out of range"),
    (lambda a: a.update(neutral=np.full((8, 3), np.nan, np.float32)), "NaN"),
    (lambda a: a.update(loop_uvs=np.zeros((3, 2), np.float32)), "loop_uvs"),
    (lambda a: a.update(wire_version=np.array([2, 2], np.int32)), "not a single number"),
    (lambda a: a.update(albedo=np.zeros((4, 0, 3), np.uint8)), "at least one pixel"),
])
def test_wire_rejects_inconsistent_files(tmp_path, mutate, message):
    disk = wire.encode(wire.pack(**_wire_arrays()))
    mutate(disk)
    path = tmp_path / "bad.npz"
    np.savez(path, **disk)
    with pytest.raises(wire.WireFormatError, match=message):
        wire.read_wire(path)


def test_wire_bases_are_quantised_within_their_bound(tmp_path):
    raw = _wire_arrays(v=8, k=4, e=3)
    raw["expression_basis"][:, 2:5] = 0.0  # vertices no expression moves are not stored
    arrays = wire.pack(**raw)
    disk = wire.encode(arrays)
    assert disk["identity_basis_q"].dtype == np.int16 and disk["expression_rows"].tolist() == [0, 1, 5, 6, 7]
    back = wire.read_wire(wire.to_bytes(arrays))
    for key in ("identity_basis", "expression_basis"):
        bound = np.abs(arrays[key]).max(axis=(1, 2)) / 65534 + 1e-7
        assert (np.abs(back[key] - arrays[key]).max(axis=(1, 2)) <= bound).all(), key
    assert not back["expression_basis"][:, 2:5].any()


def test_wire_version_1_files_still_read(tmp_path):
    arrays = wire.pack(**_wire_arrays())
    np.savez(tmp_path / "v1.npz", **dict(arrays, wire_version=np.asarray(1, np.int32)))
    back = wire.read_wire(tmp_path / "v1.npz")
    np.testing.assert_array_equal(back["identity_basis"], arrays["identity_basis"])


def test_wire_rejects_foreign_and_pickled_files(tmp_path):
    (tmp_path / "junk.npz").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(wire.WireFormatError, match="not a readable"):
        wire.read_wire(tmp_path / "junk.npz")
    np.savez(tmp_path / "pickled.npz", neutral=np.array([{"a": 1}], dtype=object))
    with pytest.raises(wire.WireFormatError):
        wire.read_wire(tmp_path / "pickled.npz")
    with pytest.raises(wire.WireFormatError, match="cannot open"):
        wire.read_wire(tmp_path / "missing.npz")


def _sidecar():
    return {"schema_version": 1, "prompt": "a man", "seed": 3, "parsed": {"concrete": {}, "abstract": []},
            "identity": [0.0] * 100, "expression": {}, "texture": {"model": "parametric", "params": {}}}


def test_sidecar_roundtrip_and_errors(tmp_path):
    path = write_sidecar(tmp_path / "head.json", _sidecar())
    assert read_sidecar(path)["seed"] == 3
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(SidecarError, match="not valid JSON"):
        read_sidecar(tmp_path / "bad.json")
    (tmp_path / "other.json").write_text(json.dumps({"hello": 1}))
    with pytest.raises(SidecarError, match="missing"):
        read_sidecar(tmp_path / "other.json")
    bad = _sidecar() | {"identity": ["x"]}
    with pytest.raises(SidecarError, match="numbers"):
        write_sidecar(tmp_path / "x.json", bad)


def test_sample_command_writes_a_readable_head(tmp_path, face_model):
    out = tmp_path / "s"
    subprocess.run([sys.executable, "-m", "backend", "sample", "--seed", "5", "--out", str(out)], check=True)
    back = read_obj(out / "head.obj")
    ident = np.asarray(json.loads((out / "head_identity.json").read_text())["identity"])
    from backend.face_model import blend

    np.testing.assert_allclose(back["vertices"], blend(face_model, ident)[0], atol=1e-5)
    assert (back["face_offsets"] == face_model.face_offsets).all()


class _FullDisk:
    """A writable, seekable binary file whose writes fail after `room` bytes, as a full disk's do."""

    def __init__(self, room: int):
        import io

        self.buf, self.room = io.BytesIO(), room

    def write(self, b):
        if self.buf.tell() + len(b) > self.room:
            raise OSError(28, "No space left on device")
        return self.buf.write(b)

    def __getattr__(self, name):
        return getattr(self.buf, name)


@pytest.fixture
def unraisable(monkeypatch):
    """Exceptions raised in __del__ (Python prints them as 'Exception ignored in ...')."""
    import gc

    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    yield lambda: (gc.collect(), seen)[1]


@pytest.mark.parametrize("room", [0, 200, 5000])
def test_save_npz_failure_leaves_no_open_zipfile(unraisable, room):
    arrays = {"a": np.arange(1000, dtype=np.float64), "b": np.array("key")}
    try:
        wire.save_npz(_FullDisk(room), arrays)
    except OSError as exc:
        assert exc.errno == 28
    else:
        pytest.fail("the write did not fail")
    assert unraisable() == []


def test_save_npz_reads_back_as_numpy_writes_it(tmp_path):
    arrays = {"f": np.linspace(0, 1, 7, dtype=np.float32).reshape(7, 1), "u": np.array(["ab", "c"]),
              "i": np.int32(3), "e": np.zeros((0, 3), np.int16)}
    wire.save_npz(tmp_path / "a.npz", arrays)
    np.savez(tmp_path / "b.npz", **arrays)
    with np.load(tmp_path / "a.npz", allow_pickle=False) as a, np.load(tmp_path / "b.npz") as b:
        assert a.files == b.files
        for k in arrays:
            assert a[k].dtype == b[k].dtype and np.array_equal(a[k], b[k])
    with pytest.raises(ValueError, match="pickle"):  # object arrays are never written
        wire.save_npz(tmp_path / "c.npz", {"o": np.array([{"x": 1}], dtype=object)})


@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="needs /dev/full")
def test_write_wire_on_a_full_disk_leaves_nothing(tmp_path, unraisable):
    arrays = wire.pack(**_wire_arrays())
    (tmp_path / ".h.npz.tmp").symlink_to("/dev/full")  # the temporary file write_wire writes to
    with pytest.raises(OSError, match="No space left"):
        wire.write_wire(tmp_path / "h.npz", arrays)
    assert list(tmp_path.iterdir()) == [] and unraisable() == []
