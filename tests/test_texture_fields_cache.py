"""The atlas geometry's disk cache holds every region map: a file written by a process that imported an older
regions.py (under the key of the edited source, which the key reads from disk) is baked again, not served without
a newer map (params v17's beard_taper was missing at 1024 px and every bearded head crashed with a KeyError)."""
from __future__ import annotations

import numpy as np
import pytest

from backend.face_model import load_face_model
from backend.io.wire import save_npz
from backend.texture import fields
from backend.texture.regions import REGION_NAMES


@pytest.fixture
def model():
    return load_face_model()  # from the real cache folder, before the fixture below points it elsewhere


@pytest.fixture
def cache(model, tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTFACE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TEXTFACE_NO_DERIVED_CACHE", raising=False)
    return tmp_path / "derived"


def test_a_cached_file_without_a_region_map_is_baked_again(model, cache):
    size = fields.DISK_CACHE_MIN_SIZE
    bake = fields.atlas_fields.__wrapped__  # past the in-memory cache: other tests may have filled it
    first = bake(model, size)
    assert all(k in first.slots[s].extra for s in ("face", "back") for k in REGION_NAMES)
    (path,) = cache.glob(f"atlas_fields_{size}-*.npz")
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files if k not in ("face.extra.beard_taper", "back.extra.beard_taper")}
    save_npz(path, arrays)  # what the stale process wrote: the same key, one map short
    again = bake(model, size)
    assert np.array_equal(again.slots["face"].extra["beard_taper"], first.slots["face"].extra["beard_taper"])
    assert np.array_equal(again.slots["back"].extra["beard_taper"], first.slots["back"].extra["beard_taper"])
