"""The disk cache of derived model tables: read back exactly, keyed by inputs and source, robust to
damaged files and unwritable folders, and off when asked."""
from __future__ import annotations

import logging
import os

import numpy as np
import pytest

from backend import derived


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTFACE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TEXTFACE_NO_DERIVED_CACHE", raising=False)
    return tmp_path / "derived"


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return {"a": np.arange(6, dtype=np.float32).reshape(2, 3) + value, "b": np.array([True, False])}

    return compute, calls


def test_computed_once_then_read_back_exactly(cache):
    compute, calls = counting(1.0)
    first = derived.cached_arrays("t", "k" * 64, compute)
    again = derived.cached_arrays("t", "k" * 64, compute)
    assert len(calls) == 1 and len(list(cache.glob("t-*.npz"))) == 1
    assert again.keys() == first.keys() and all(np.array_equal(again[k], first[k]) for k in first)
    assert again["a"].dtype == np.float32 and again["b"].dtype == bool
    assert not list(cache.glob(".*.tmp"))  # no temporary file left


def test_another_key_replaces_the_stale_file_of_that_name(cache):
    compute, calls = counting(0.0)
    derived.cached_arrays("t", "a" * 64, compute)
    derived.cached_arrays("other", "a" * 64, compute)
    derived.cached_arrays("t", "b" * 64, compute)  # e.g. the code that computes "t" changed
    assert len(calls) == 3
    assert [p.name[:6] for p in sorted(cache.glob("t-*.npz"))] == ["t-bbbb"]  # the old key's file is gone
    assert len(list(cache.glob("other-*.npz"))) == 1  # other names are left alone


def test_key_changes_with_arrays_params_and_source(tmp_path):
    src = tmp_path / "mod.py"
    src.write_text("x = 1\n")
    base = derived.fingerprint([np.zeros(3), {"r": np.arange(4)}], sources=[src], size=1024)
    assert base == derived.fingerprint([np.zeros(3), {"r": np.arange(4)}], sources=[src], size=1024)
    assert base != derived.fingerprint([np.ones(3), {"r": np.arange(4)}], sources=[src], size=1024)
    assert base != derived.fingerprint([np.zeros(3), {"r": np.arange(5)}], sources=[src], size=1024)
    assert base != derived.fingerprint([np.zeros(3, np.float32), {"r": np.arange(4)}], sources=[src], size=1024)
    assert base != derived.fingerprint([np.zeros(3), {"r": np.arange(4)}], sources=[src], size=512)
    src.write_text("x = 2\n")  # the code that computes the table changed
    assert base != derived.fingerprint([np.zeros(3), {"r": np.arange(4)}], sources=[src], size=1024)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "other_key", "missing_array"])
def test_damaged_or_foreign_files_are_computed_again_with_a_warning(cache, caplog, damage):
    compute, calls = counting(2.0)
    key = "d" * 64
    derived.cached_arrays("t", key, compute, expect=["a", "b"])
    path = next(cache.glob("t-*.npz"))
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "garbage":
        path.write_bytes(b"not a zip file at all")
    elif damage == "other_key":
        np.savez(path, a=np.zeros(1), b=np.zeros(1), derived_key=np.array("e" * 64))
    else:
        np.savez(path, a=np.zeros(1), derived_key=np.array(key))
    with caplog.at_level(logging.WARNING, logger="backend.derived"):
        out = derived.cached_arrays("t", key, compute, expect=["a", "b"])
    assert len(calls) == 2 and "computing it again" in caplog.text
    assert np.array_equal(out["a"], compute()["a"])
    again = derived.cached_arrays("t", key, compute, expect=["a", "b"])  # replaced by a good file
    assert len(calls) == 3 and np.array_equal(again["a"], out["a"])


def test_unwritable_cache_folder_costs_time_not_correctness(tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("TEXTFACE_CACHE_DIR", str(blocker))
    compute, calls = counting(3.0)
    with caplog.at_level(logging.WARNING, logger="backend.derived"):
        out = derived.cached_arrays("t", "f" * 64, compute)
    assert len(calls) == 1 and np.array_equal(out["a"], compute()["a"])
    assert "could not write the derived cache" in caplog.text


def test_turned_off_by_the_environment(cache, monkeypatch):
    monkeypatch.setenv("TEXTFACE_NO_DERIVED_CACHE", "1")
    compute, calls = counting(0.0)
    derived.cached_arrays("t", "g" * 64, compute)
    derived.cached_arrays("t", "g" * 64, compute)
    assert len(calls) == 2 and not cache.exists()


@pytest.mark.slow
def test_atlas_geometry_read_from_disk_equals_the_bake(face_model, cache, monkeypatch):
    from backend.texture import fields

    fields.atlas_fields.cache_clear()
    monkeypatch.setattr(fields, "DISK_CACHE_MIN_SIZE", 256)
    try:
        monkeypatch.setenv("TEXTFACE_NO_DERIVED_CACHE", "1")
        baked = fields.atlas_fields(face_model, 256)
        fields.atlas_fields.cache_clear()
        monkeypatch.setenv("TEXTFACE_NO_DERIVED_CACHE", "0")
        fields.atlas_fields(face_model, 256)  # writes the file
        fields.atlas_fields.cache_clear()
        bakes = []
        monkeypatch.setattr(fields, "_bake_all", lambda *a: bakes.append(a) or baked)
        read = fields.atlas_fields(face_model, 256)
    finally:
        fields.atlas_fields.cache_clear()
    assert not bakes and len(list(cache.glob("atlas_fields_256-*.npz"))) == 1
    assert read.u_sign == baked.u_sign and read.slots.keys() == baked.slots.keys()
    for name, f in baked.slots.items():
        g = read.slots[name]
        assert np.array_equal(f.pos, g.pos) and f.pos.dtype == g.pos.dtype
        assert np.array_equal(f.covered, g.covered) and g.covered.dtype == bool
        assert f.extra.keys() == g.extra.keys() and all(np.array_equal(f.extra[k], g.extra[k]) for k in f.extra)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_disk_is_one_warning_and_no_open_zipfile(cache, monkeypatch):
    """The temporary file on a full disk: the write fails, is logged once, and the npz writer's ZipFile
    is closed (numpy's savez into a handle left it open: 'Exception ignored ... seek of closed file')."""
    import gc
    import sys

    seen, warnings = [], []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    # as text: a kept log record would keep the exception, its frames and so the ZipFile alive
    monkeypatch.setattr(derived.log, "warning", lambda msg, *args: warnings.append(msg % args))
    compute, calls = counting(4.0)
    key = "h" * 64
    cache.mkdir()
    (cache / f".t-{key[:24]}.npz.{os.getpid()}.tmp").symlink_to("/dev/full")
    out = derived.cached_arrays("t", key, compute)
    gc.collect()
    assert np.array_equal(out["a"], compute()["a"]) and len(warnings) == 1 and "No space left" in warnings[0]
    assert seen == [] and list(cache.iterdir()) == []


def test_a_write_stopped_midway_leaves_no_temporary_file(cache, monkeypatch):
    """A service job cancelled inside texture synthesis is stopped where it is (service/worker.py), also while
    the cache is written: the exception goes on and the half-written temporary file is removed."""
    from backend.errors import Cancelled

    def stopped(path, arrays):
        with open(path, "wb") as f:
            f.write(b"PK half a file")
        raise Cancelled("cancelled")

    monkeypatch.setattr(derived, "save_npz", stopped)
    compute, _ = counting(5.0)
    with pytest.raises(Cancelled):
        derived.cached_arrays("t", "s" * 64, compute)
    assert list(cache.iterdir()) == []
