"""Wire format version 3: the optional hair mesh (all `hair_*` keys or none) and older versions."""
import numpy as np
import pytest

from backend.io import wire
from tests.test_io import _wire_arrays


def _hair(n_head=8):
    rng = np.random.default_rng(1)
    return dict(vertices=rng.normal(size=(4, 3)), anchor=np.array([0, 1, 2, n_head - 1]),
                face_vertices=np.array([0, 1, 2, 3]), face_offsets=np.array([0, 4]),
                loop_uvs=rng.uniform(size=(4, 2)), albedo=np.full((2, 2, 4), 200, np.uint8))


def test_hair_mesh_round_trips_and_a_head_without_hair_has_none(tmp_path):
    arrays = wire.pack(**_wire_arrays(), hair=_hair())
    back = wire.read_wire(wire.write_wire(tmp_path / "h.npz", arrays))
    assert wire.has_hair(back) and int(back["wire_version"]) == 3
    for key in wire.HAIR_KEYS:
        np.testing.assert_array_equal(back[key], arrays[key])
    assert back["hair_anchor"].dtype == np.int32 and back["hair_albedo"].shape == (2, 2, 4)
    bald = wire.read_wire(wire.to_bytes(wire.pack(**_wire_arrays())))
    assert not wire.has_hair(bald) and not any(k in bald for k in wire.HAIR_KEYS)


@pytest.mark.parametrize("mutate, message", [
    (lambda a: a.pop("hair_albedo"), "hair mesh incomplete .missing hair_albedo"),
    (lambda a: a.update(hair_anchor=a["hair_anchor"] + 1), "hair_anchor out of range"),
    (lambda a: a.update(hair_anchor=a["hair_anchor"][:3]), "one head vertex per hair vertex"),
    (lambda a: a.update(hair_face_vertices=a["hair_face_vertices"] + 1), "hair_face_vertices out of range"),
    (lambda a: a.update(hair_face_offsets=np.array([0, 3], np.int32)), "hair_face_offsets"),
    (lambda a: a.update(hair_loop_uvs=a["hair_loop_uvs"][:2]), "hair_loop_uvs"),
    (lambda a: a.update(hair_vertices=np.full((4, 3), np.nan, np.float32)), "hair_vertices holds NaN"),
    (lambda a: a.update(hair_albedo=np.zeros((2, 2, 2), np.uint8)), "hair_albedo"),
    (lambda a: a.update(hair_anchor=a["hair_anchor"].astype(np.float32)), "hair_anchor: expected kind"),
    (lambda a: a.update(wire_version=np.asarray(2, np.int32)), "version 2 has no hair mesh"),
])
def test_inconsistent_hair_is_refused_with_its_reason(tmp_path, mutate, message):
    disk = wire.encode(wire.pack(**_wire_arrays(), hair=_hair()))
    mutate(disk)
    np.savez(tmp_path / "bad.npz", **disk)
    with pytest.raises(wire.WireFormatError, match=message):
        wire.read_wire(tmp_path / "bad.npz")


def test_version_2_files_still_read(tmp_path):
    disk = wire.encode(wire.pack(**_wire_arrays()))
    np.savez(tmp_path / "v2.npz", **dict(disk, wire_version=np.asarray(2, np.int32)))
    back = wire.read_wire(tmp_path / "v2.npz")
    assert int(back["wire_version"]) == wire.WIRE_VERSION and not wire.has_hair(back)
    assert wire.READABLE_VERSIONS == (1, 2, 3)


@pytest.mark.parametrize("content, said", [
    (b'{"schema_version": 1}', "head.json is JSON"),
    (b"\x89PNG\r\n\x1a\n....", "head.json is a PNG image"),
    (b"# TextFace head\nv 0 0 0\n", "head.json is text .an OBJ or MTL file"),
    (b"", "head.json is empty"),
    (b"\x00\x01garbage", "head.json is not an npz file"),
])
def test_a_file_that_is_not_a_wire_file_is_named_for_what_it_is(tmp_path, content, said):
    (tmp_path / "head.json").write_bytes(content)
    with pytest.raises(wire.WireFormatError, match=f"{said}.*pick the head's .npz file"):
        wire.read_wire(tmp_path / "head.json")


def test_a_folder_is_named_as_one(tmp_path):
    with pytest.raises(wire.WireFormatError, match="is a folder: pick the head.npz inside it"):
        wire.read_wire(tmp_path)
