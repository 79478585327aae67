"""Installer: tiny synthetic archives (every path, bad archives) and URLs served on 127.0.0.1."""
from __future__ import annotations

import http.server
import io
import struct
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

from backend.errors import AssetError
from backend.face_model import assets, blend, load_face_model, model_path
from tests.ict_fixtures import CUBE_V, tiny_archive


def _install(tmp_path: Path, data: bytes, **kw) -> Path:
    archive = tmp_path / "ICT-FaceKit-master.zip"
    archive.write_bytes(data)
    return assets.install(str(archive), tmp_path / "cache", expected_vertices=None, **kw)


def test_install_tiny_archive_roundtrip(tmp_path):
    data, truth = tiny_archive()
    path = _install(tmp_path, data)
    m = load_face_model(path)
    assert m.neutral.shape == (8, 3) and np.allclose(m.neutral, CUBE_V)
    assert m.identity_basis.shape == (100, 8, 3)
    np.testing.assert_allclose(m.identity_basis, truth["identity"], atol=2e-6)
    np.testing.assert_allclose(m.expression_basis, truth["expression"], atol=2e-6)
    assert len(m.expression_names) == 53 and m.landmarks.shape == (68,)
    assert m.n_faces == 7 and list(np.diff(m.face_offsets)) == [4, 4, 4, 4, 4, 3, 3]
    assert m.triangles.shape == (12, 3)  # 5 quads -> 10 triangles, plus 2 triangles
    assert (tmp_path / "cache" / assets.LICENSE_NAME).read_text().startswith("MIT")


def test_reinstall_is_skipped_unless_forced(tmp_path):
    data, _ = tiny_archive()
    path = _install(tmp_path, data)
    mtime = path.stat().st_mtime_ns
    messages = []
    _install(tmp_path, data, progress=messages.append)
    assert path.stat().st_mtime_ns == mtime and any("already installed" in m for m in messages)
    _install(tmp_path, data, force=True)
    assert path.stat().st_mtime_ns != mtime


@pytest.mark.parametrize("case, expect", [
    ("not_zip", "not a zip"),
    ("truncated", "truncated"),
    ("foreign", "not the ICT-FaceKit archive"),
    ("topology", "does not share"),
    ("no_license", "LICENSE"),
])
def test_bad_archives_give_clear_errors_and_leave_nothing(tmp_path, case, expect):
    good, _ = tiny_archive()
    data = {
        "not_zip": b"<html>404 not found</html>" * 10,
        "truncated": good[: len(good) // 2],
        "foreign": tiny_archive(top="x")[0].replace(b"generic_neutral_mesh.obj", b"generic_neutral_mesh.txt"),
        "topology": tiny_archive(break_identity=7)[0],
        "no_license": tiny_archive(drop_license=True)[0],
    }[case]
    with pytest.raises(AssetError, match=expect):
        _install(tmp_path, data)
    cache = tmp_path / "cache"
    assert not model_path(cache).exists()
    assert not any(p.name.startswith(".install-") for p in cache.iterdir()) if cache.exists() else True


def test_real_vertex_count_is_enforced(tmp_path):
    data, _ = tiny_archive()
    archive = tmp_path / "a.zip"
    archive.write_bytes(data)
    with pytest.raises(AssetError, match="26719"):
        assets.install(str(archive), tmp_path / "cache")


def test_missing_archive_and_bad_scheme(tmp_path):
    with pytest.raises(AssetError, match="not found"):
        assets.install(str(tmp_path / "nope.zip"), tmp_path / "cache")
    with pytest.raises(AssetError, match="scheme"):
        assets.install("ftp://example.invalid/a.zip", tmp_path / "cache")


def test_install_from_file_url(tmp_path):
    data, _ = tiny_archive()
    archive = tmp_path / "src.zip"
    archive.write_bytes(data)
    path = assets.install(archive.as_uri(), tmp_path / "cache", expected_vertices=None)
    assert load_face_model(path).neutral.shape == (8, 3)


def test_install_from_local_http_server(tmp_path):
    data, _ = tiny_archive()
    served = tmp_path / "www"
    served.mkdir()
    (served / "master.zip").write_bytes(data)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(served), **kw)

        def log_message(self, *a):
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        path = assets.install(f"{url}/master.zip", tmp_path / "cache", expected_vertices=None)
        assert load_face_model(path).identity_basis.shape == (100, 8, 3)
        with pytest.raises(AssetError, match="cannot download"):
            assets.install(f"{url}/missing.zip", tmp_path / "cache2", expected_vertices=None)
    finally:
        server.shutdown()


def test_blend_is_linear(tmp_path):
    data, _ = tiny_archive()
    m = load_face_model(_install(tmp_path, data))
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(2, 100))
    e = rng.normal(size=53)
    va, vb = blend(m, a)[0], blend(m, b)[0]
    np.testing.assert_allclose(blend(m, a + b)[0] - m.neutral, (va - m.neutral) + (vb - m.neutral), atol=1e-5)
    np.testing.assert_allclose(blend(m, 2 * a)[0] - m.neutral, 2 * (va - m.neutral), atol=1e-5)
    both = blend(m, a[None], e[None])[0]
    np.testing.assert_allclose(both, va + np.einsum("k,kvc->vc", e, m.expression_basis), atol=1e-5)
    assert blend(m, rng.normal(size=(5, 100))).shape == (5, 8, 3)
    with pytest.raises(ValueError, match="shape"):
        blend(m, np.zeros(99))


def _rezip(data: bytes, mutate) -> bytes:
    """The archive `data` with each member's bytes passed through mutate(name, bytes)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            out.writestr(name, mutate(name, src.read(name)))
    return buf.getvalue()


def _neutral_with(line_prefix: bytes, replacement: bytes) -> bytes:
    """The tiny archive with the neutral OBJ's first line starting with `line_prefix` replaced."""
    def mutate(name, body):
        if not name.endswith("generic_neutral_mesh.obj"):
            return body
        i = body.index(b"\n" + line_prefix)
        return body[:i + 1] + replacement + body[body.index(b"\n", i + 1):]
    return _rezip(tiny_archive()[0], mutate)


def test_corrupt_deflate_data_is_a_damaged_archive(tmp_path):
    data = bytearray(tiny_archive()[0])
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("ICT-FaceKit-master/FaceXModel/identity003.obj")
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26: info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    data[start:start + 4] = b"\xff" * 4  # a reserved deflate block type: zlib.error, not BadZipFile
    with pytest.raises(AssetError, match="damaged or truncated at .*identity003.obj"):
        _install(tmp_path, bytes(data))
    assert not (tmp_path / "cache").exists()


def test_non_integer_face_index_names_file_and_index(tmp_path):
    with pytest.raises(AssetError, match=r"generic_neutral_mesh.obj: face corner 'q/3' has a non-integer"):
        _install(tmp_path, _neutral_with(b"f ", b"f 1/1 2/2 q/3"))


@pytest.mark.parametrize("coords", [b"nan 0 0", b"0 inf 0", b"0 0 -inf"])
def test_non_finite_vertex_is_refused(tmp_path, coords):
    with pytest.raises(AssetError, match="generic_neutral_mesh.obj: vertex 1 has a NaN or infinite"):
        _install(tmp_path, _neutral_with(b"v ", b"v " + coords))
    def nan_identity(name, body):
        return body.replace(b"\nv ", b"\nv nan 0 0\nv ", 1) if name.endswith("identity010.obj") else body
    with pytest.raises(AssetError, match="identity010.obj: vertex .* NaN or infinite"):
        _install(tmp_path, _rezip(tiny_archive()[0], nan_identity))


def _disk_full_save(monkeypatch):
    """Make the installer's npz write hit a full disk (/dev/full answers every write with ENOSPC)."""
    from backend.io import wire

    real = wire.save_npz
    monkeypatch.setattr(wire, "save_npz", lambda path, arrays: real("/dev/full", arrays))


@pytest.mark.parametrize("case", ["cache_is_a_file", "disk_full"])
def test_unwritable_cache_is_an_asset_error_and_leaves_nothing(tmp_path, monkeypatch, case):
    data, _ = tiny_archive()
    archive = tmp_path / "a.zip"
    archive.write_bytes(data)
    cache = tmp_path / "cache"
    if case == "cache_is_a_file":
        cache.write_text("a file where the cache folder would be")
    else:
        _disk_full_save(monkeypatch)
    with pytest.raises(AssetError, match=rf"cannot write the model cache in {cache}: "):
        assets.install(str(archive), cache, expected_vertices=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == (["a.zip", "cache"] if case == "cache_is_a_file"
                                                         else ["a.zip"])


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_disk_full_install_is_one_line_without_tracebacks(tmp_path):
    """In a subprocess: the one message, and no 'Exception ignored' at exit from a ZipFile left open."""
    import subprocess
    import sys

    data, _ = tiny_archive()
    (tmp_path / "a.zip").write_bytes(data)
    code = ("import sys\nfrom backend.io import wire\nreal = wire.save_npz\n"
            "wire.save_npz = lambda p, a: real('/dev/full', a)\n"
            "from backend.face_model import assets\nfrom backend.errors import TextFaceError\n"
            "try:\n    assets.install(sys.argv[1], sys.argv[2], expected_vertices=None)\n"
            "except TextFaceError as e:\n    sys.exit(f'error: {e}')\n")
    root = Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.zip"), str(tmp_path / "c")], cwd=root,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and r.stderr.startswith("error: cannot write the model cache"), r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr and "Exception ignored" not in r.stderr


def test_stale_install_folders_are_removed_and_running_ones_kept(tmp_path):
    import os
    import time

    data, _ = tiny_archive()
    cache = tmp_path / "cache"
    cache.mkdir()
    dead = cache / ".install-999999999-0a1b2c3d"  # no such pid: a killed install's
    alive = cache / f".install-{os.getppid()}-0a1b2c3d"  # a running install's
    old = cache / ".install-k3j4h5"  # an earlier version's name (no pid), two hours old
    fresh = cache / ".install-zz9abc"  # the same, just made: may be running
    for d in (dead, alive, old, fresh):
        d.mkdir()
        (d / "download.zip").write_bytes(b"x" * 1000)
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    _install(tmp_path, data)
    assert sorted(p.name for p in cache.glob(".install-*")) == sorted([alive.name, fresh.name])


def test_killed_install_leaves_a_folder_the_next_one_removes(tmp_path):
    import subprocess
    import sys

    data, _ = tiny_archive()
    archive = tmp_path / "a.zip"
    archive.write_bytes(data)
    cache = tmp_path / "cache"
    code = ("import os, sys; from backend.face_model import assets; "
            "assets.read_archive = lambda *a, **k: os._exit(9); "  # dies as `kill -9` would, mid-install
            "assets.install(sys.argv[1], sys.argv[2], expected_vertices=None)")
    root = Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, "-c", code, str(archive), str(cache)], cwd=root, timeout=120)
    assert r.returncode == 9 and len(list(cache.glob(".install-*"))) == 1
    assets.install(str(archive), cache, expected_vertices=None)
    assert sorted(p.name for p in cache.iterdir()) == [assets.LICENSE_NAME, model_path(cache).name]


def test_uninstall_removes_derived_tables_and_interrupted_installs(tmp_path):
    data, _ = tiny_archive()
    path = _install(tmp_path, data)
    cache = path.parent
    (cache / "derived").mkdir()
    (cache / "derived" / "atlas_fields_1024-abc.npz").write_bytes(b"baked from the model")
    (cache / ".install-999999999-0a1b2c3d").mkdir()
    (cache / "other.txt").write_text("not ours")
    removed = assets.uninstall(cache)
    assert {p.name for p in removed} == {path.name, assets.LICENSE_NAME, "derived", ".install-999999999-0a1b2c3d"}
    assert [p.name for p in cache.iterdir()] == ["other.txt"]
    assert assets.uninstall(cache) == []


def _damage(arrays: dict, case: str) -> dict:
    a = dict(arrays)
    if case == "missing_key":
        del a["landmarks"]
    elif case == "no_meta":
        del a["meta_json"]
    elif case == "meta_not_json":
        a["meta_json"] = np.frombuffer(b"{not json", np.uint8)
    elif case == "meta_not_object":
        a["meta_json"] = np.frombuffer(b"[1]", np.uint8)
    elif case == "neutral_short":
        a["neutral"] = a["neutral"][:5]
    elif case == "basis_short":
        a["identity_basis"] = a["identity_basis"][:99]
    elif case == "face_index":
        a["face_vertices"] = a["face_vertices"] + 100
    elif case == "uv_index":
        a["face_uv_indices"] = a["face_uv_indices"] - 100
    elif case == "offsets":
        a["face_offsets"] = a["face_offsets"][:-1]
    elif case == "nan":
        a["expression_basis"] = np.full_like(a["expression_basis"], np.nan)
    elif case == "dtype":
        a["uvs"] = a["uvs"].astype(np.int32)
    return a


@pytest.mark.parametrize("case", ["missing_key", "no_meta", "meta_not_json", "meta_not_object", "neutral_short",
                                  "basis_short", "face_index", "uv_index", "offsets", "nan", "dtype", "lone_npy"])
def test_damaged_cache_that_still_opens_is_reinstalled(tmp_path, capsys, case):
    from backend.cli import main

    data, _ = tiny_archive()
    path = _install(tmp_path, data)
    with np.load(path, allow_pickle=False) as f:
        arrays = {k: f[k] for k in f.files}
    if case == "lone_npy":
        with open(path, "wb") as f:
            np.save(f, arrays["neutral"])
    else:
        np.savez(path, **_damage(arrays, case))
    with pytest.raises(AssetError, match=r"model cache .* (is damaged|is unreadable|lacks meta_json)"):
        load_face_model(path)
    assert not assets.installed(path.parent)
    assert main(["assets", "status", "--cache-dir", str(path.parent)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: model cache") and err.count("\n") == 1 and "Traceback" not in err
    _install(tmp_path, data)  # not forced: the damaged cache is replaced, as setup.sh relies on
    assert load_face_model(path).neutral.shape == (8, 3)


def test_the_shared_model_cannot_be_changed_by_one_caller(tmp_path):
    data, _ = tiny_archive()
    m = load_face_model(_install(tmp_path, data))
    arrays = {k: v for k, v in vars(m).items() if isinstance(v, np.ndarray)}
    assert {"neutral", "uvs", "triangles", "landmarks", "face_vertices", "triangle_uvs"} <= set(arrays)
    for name, a in [*arrays.items(), *(("regions." + k, v) for k, v in m.regions.items())]:
        with pytest.raises(ValueError, match="read-only"):
            a[...] = 0
    with pytest.raises(TypeError):
        m.regions["face"] = np.arange(3)
    assert load_face_model(_install(tmp_path, data)) is m  # the cached instance others get
