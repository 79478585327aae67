"""backend/io/png.py and backend/io/wire.py use public APIs only (before: PIL's `Image._getencoder` and the
`Image.im` core object, numpy's `np.lib.format._write_array_header`), and write the same bytes as before: the
digests below were recorded from the writers as they were, on fixed inputs (PNG: RGB and RGBA, a row of 17,000
pixels, rows repeated, a mostly empty hair-like image, a smooth gradient that makes every filter win somewhere; npz:
views, Fortran order, empty, strings, and a structured array whose header needs .npy format 2.0)."""
from __future__ import annotations

import ast
import hashlib
import io
from pathlib import Path

import numpy as np
import pytest

from backend.io import wire
from backend.io.png import png_bytes

ROOT = Path(__file__).resolve().parents[1]


def _png_inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    out = {}
    for shape in [(1, 1, 3), (1, 1, 4), (3, 17000, 3), (333, 257, 4)]:
        a = rng.integers(0, 256, shape, dtype=np.uint8)
        a[: shape[0] // 2] = 0
        out[f"noise{shape}"] = a
    y, x = np.mgrid[0:512, 0:384]
    smooth = np.stack([(x * 255 // 383), (y * 255 // 511), ((x + y) % 256)], -1).astype(np.uint8)
    out["smooth_rgb"] = (smooth.astype(np.int16) + rng.integers(-3, 4, smooth.shape)).clip(0, 255).astype(np.uint8)
    hair = np.zeros((1024, 1024, 4), np.uint8)
    hair[300:420, 200:800] = rng.integers(0, 256, (120, 600, 4))
    out["sparse_rgba"] = hair
    out["repeat_rows"] = np.tile(rng.integers(0, 256, (1, 999, 3), dtype=np.uint8), (40, 1, 1))
    return out


def _npz_inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(8)
    big = rng.standard_normal((700, 600, 3)).astype(np.float32)
    names = [f"f{k:05d}_a_long_field_name" for k in range(2600)]  # a header over 64 KiB: .npy format 2.0
    return {"zero_d": np.asarray(7, np.int32), "fortran": np.asfortranarray(np.arange(12.0).reshape(3, 4)),
            "strided": np.arange(20.0)[::3], "empty": np.zeros((0, 3), np.float32),
            "names": np.asarray(["a", "bc"]), "big": big, "flipped": big[::-1], "columns": big[:, ::2],
            "big_fortran": np.asfortranarray(big), "u8": rng.integers(0, 256, (3000, 1000), dtype=np.uint8),
            "long_header": np.zeros(3, dtype=[(n, "<i2") for n in names])}


# recorded with the writers before this change (commit 3c512e3): length, SHA-256
PNG_RECORDED = {
    "noise(1, 1, 3)": (69, "bc00fc6995471db767d46236d8a0b8938c997dbecdddfbd71c9a44996a8b76bb"),
    "noise(1, 1, 4)": (70, "40215f2a4f0e3f8c277e2faca023d4c658db33e042e12e09e3bbf4a62a1b1aac"),
    "noise(3, 17000, 3)": (102385, "e0204f21a6bf95ed1a799cefbd858edc3037d83a239df4747be4596778cd3745"),
    "noise(333, 257, 4)": (172687, "673e4c3392ad06d718e32b8ea8a63b6ecd3170ba719987b105e1acc5b1425d40"),
    "smooth_rgb": (266805, "61c74eb2b2d88f48b4e33068e303acceaeb8c5ed3c9d05c04947eb630dba47d9"),
    "sparse_rgba": (296843, "43e1e50905a625d775afd297aa3e7611f9f7497561aaebc7d82fa606824ea871"),
    "repeat_rows": (3515, "2d01166db01e1186ae2ddcacef3cec6058080e970ae8a9bbcfa94a130be7462c"),
}
NPZ_RECORDED = (20754680, "130d9e6057df35d218c55ba6b2dcc4117a3e9cd107e834e877692308e9171d06")


@pytest.mark.parametrize("name", sorted(PNG_RECORDED))
def test_png_bytes_are_those_recorded_before(name):
    data = png_bytes(_png_inputs()[name])
    assert (len(data), hashlib.sha256(data).hexdigest()) == PNG_RECORDED[name]


def test_npz_bytes_are_those_recorded_before():
    buf = io.BytesIO()
    wire.save_npz(buf, _npz_inputs())
    data = buf.getvalue()
    assert (len(data), hashlib.sha256(data).hexdigest()) == NPZ_RECORDED


def test_a_header_only_npy_3_holds_is_written_by_numpy_and_reads_back():
    a = np.arange(4, dtype=np.int16).view([("é✓", "<i2")])  # a field name beyond Latin-1
    buf = io.BytesIO()
    with pytest.warns(UserWarning, match="format 3.0"):
        wire.save_npz(buf, {"u": a})
    buf.seek(0)
    with np.load(buf, allow_pickle=False) as back:
        assert back["u"].dtype == a.dtype and back["u"].tobytes() == a.tobytes()


@pytest.mark.parametrize("module", ["backend/io/png.py", "backend/io/wire.py"])
def test_the_writers_reach_no_private_name_of_a_library(module):
    """No `lib._name` nor `obj.im` (PIL's core image): what a library keeps private may change in any release."""
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    private = sorted({f"{ast.unparse(node.value)}.{node.attr}" for node in ast.walk(tree)
                      if isinstance(node, ast.Attribute) and isinstance(node.value, (ast.Name, ast.Attribute))
                      and ast.unparse(node.value).split(".")[0] in {"np", "numpy", "Image", "ImageFile", "PIL", "zlib"}
                      and (node.attr.startswith("_") and not node.attr.startswith("__"))}
                     | {f"{ast.unparse(node.value)}.im" for node in ast.walk(tree)
                        if isinstance(node, ast.Attribute) and node.attr == "im"})
    assert private == []
