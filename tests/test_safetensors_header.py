"""The one safetensors header reader (backend/io/safetensors_header.py) that the StyleGAN checkpoint and
CLIP weights checks share: what it accepts, what it refuses and why, and that it needs no torch."""
from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file

from backend.io import safetensors_header as H

ROOT = Path(__file__).resolve().parents[1]


def _raw(path: Path, header: bytes, length: int | None = None, tail: bytes = b"") -> Path:
    n = len(header) if length is None else length
    path.write_bytes(n.to_bytes(8, "little") + header + tail)
    return path


def test_a_real_file_reads_back_its_tensors_and_metadata(tmp_path):
    path = tmp_path / "w.safetensors"
    save_file({"a.w": np.zeros((2, 3), np.float32)}, str(path), metadata={"format": "x"})
    header = H.read_header(path)
    assert header["__metadata__"] == {"format": "x"}
    assert header["a.w"]["shape"] == [2, 3] and header["a.w"]["dtype"] == "F32"
    assert H.looks_like_safetensors(path.read_bytes()[:16])


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, make, reason", [
    ("empty", lambda p: _bytes(p, b""), H.SHORT),
    ("short", lambda p: _bytes(p, b"\x05\0\0\0\0\0\0\0"), H.SHORT),
    ("zero length", lambda p: _raw(p, b"{}", length=0), H.NOT_SAFETENSORS),
    ("text", lambda p: _bytes(p, b"just some text, no weights\n"), H.NOT_SAFETENSORS),
    ("truncated", lambda p: _raw(p, b'{"a": 1}', length=4000), H.TRUNCATED),
    ("huge length", lambda p: _raw(p, b'{"a": 1}', length=2 ** 63), H.TRUNCATED),
    ("a list, not an object", lambda p: _raw(p, b'[{"a": 1}]'), H.NOT_SAFETENSORS),
    ("not json", lambda p: _raw(p, b"{not json at all}"), H.NOT_JSON),
    ("not utf-8", lambda p: _raw(p, b'{"\xff\xfe": 1}'), H.NOT_JSON),
])
def test_what_is_no_header_is_named(tmp_path, name, make, reason):
    path = make(tmp_path / "f.safetensors")
    with pytest.raises(H.HeaderError) as info:
        H.read_header(path)
    assert info.value.reason == reason, (name, str(info.value))
    assert str(info.value)  # a detail for the caller's sentence


def test_a_header_over_the_limit_is_not_read(tmp_path):
    """A length within the file but over the limit is refused before its bytes are read into memory."""
    path = _raw(tmp_path / "big.safetensors", b"{" + b" " * 2000 + b"}")
    with pytest.raises(H.HeaderError) as info:
        H.read_header(path, limit=1000)
    assert info.value.reason == H.TOO_LARGE and info.value.length == 2002
    assert H.read_header(path) == {}


def test_a_pickle_is_recognised_and_never_loaded(tmp_path):
    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('unpickled!')",))

    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps(Boom(), protocol=4))
    with pytest.raises(H.HeaderError) as info:
        H.read_header(path)
    assert info.value.reason == H.NOT_SAFETENSORS and H.looks_like_pickle(info.value.head)
    assert H.looks_like_pickle(b"PK\x03\x04rest") and not H.looks_like_pickle(b"\x10\0\0\0\0\0\0\0{")


def test_an_unreadable_file_is_an_oserror(tmp_path):
    with pytest.raises(OSError):
        H.read_header(tmp_path / "missing.safetensors")
    with pytest.raises(OSError):
        H.read_header(tmp_path)


def test_the_reader_needs_no_torch():
    code = ("import sys; import backend.io.safetensors_header as H; "
            "assert 'torch' not in sys.modules and 'safetensors' not in sys.modules, sorted(sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_both_callers_keep_their_own_words(tmp_path):
    from backend.refine.weights_file import file_problem
    from backend.texture.stylegan.checkpoint_header import checkpoint_problem

    bad = _raw(tmp_path / "bad.safetensors", b"{not json}")
    assert "cannot be read as safetensors" in file_problem(bad)
    assert "not a readable safetensors file (truncated or corrupt?)" in checkpoint_problem(bad)
    cut = _raw(tmp_path / "cut.safetensors", b'{"a": 1}', length=4000)
    assert file_problem(cut) == f"CLIP weights file {cut} is a truncated safetensors file (header of 4000 bytes)"
    assert checkpoint_problem(cut) == f"{cut} is not a readable safetensors file (truncated or corrupt?)"
