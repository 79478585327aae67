"""Install the ICT Face Model from the ICT-FaceKit GitHub archive into a compact npz cache.

The archive is parsed once (157 OBJ files + vertex_indices.json), verified (vertex counts, one
shared topology, the 53 ARKit expressions, 68 landmarks) and written atomically; later loads read
one uncompressed npz.  The MIT notice is copied beside the cache: it must accompany the data.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import AssetError
from ..io.pids import pid_alive
from ..paths import cache_dir
from .model import CACHE_VERSION, N_EXPRESSION, N_IDENTITY, N_VERTICES, model_path
from .obj_parse import ObjFormatError, parse_topology, parse_vertices

OFFICIAL_URL = "https://github.com/ICT-VGL/ICT-FaceKit/archive/refs/heads/master.zip"
LICENSE_NAME = "ICT-FaceKit-LICENSE.txt"
MAX_DOWNLOAD_BYTES = 2 * 1024**3

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def fetch(source: str, workdir: Path, progress: Progress = _quiet) -> Path:
    """A local path is used as is; an http(s)/file URL is downloaded into `workdir`."""
    parsed = urllib.parse.urlparse(source)
    if parsed.scheme in ("http", "https", "file"):
        target = workdir / "download.zip"
        progress(f"downloading {source}")
        try:
            with urllib.request.urlopen(source, timeout=60) as response, open(target, "wb") as out:
                total = 0
                while chunk := response.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_DOWNLOAD_BYTES:
                        raise AssetError(f"download from {source} exceeds {MAX_DOWNLOAD_BYTES} bytes")
                    out.write(chunk)
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise AssetError(f"cannot download {source}: {reason}. Download the archive yourself "
                             "and pass it with --from PATH") from None
        progress(f"downloaded {total / 1e6:.1f} MB")
        return target
    if parsed.scheme and len(parsed.scheme) > 1:
        raise AssetError(f"unsupported URL scheme {parsed.scheme!r}; use http, https, file or a path")
    path = Path(source).expanduser()
    if not path.is_file():
        raise AssetError(f"archive not found: {path}")
    return path


def _find_root(names: list[str]) -> str:
    for name in names:
        if name.endswith("FaceXModel/generic_neutral_mesh.obj"):
            return name[: -len("generic_neutral_mesh.obj")]
    raise AssetError("this is not the ICT-FaceKit archive (no FaceXModel/generic_neutral_mesh.obj); "
                     f"download it from {OFFICIAL_URL}")


def read_archive(archive: Path, expected_vertices: int | None = N_VERTICES,
                 progress: Progress = _quiet) -> tuple[dict[str, np.ndarray], bytes]:
    """Parse and verify the archive; return (cache arrays, licence text)."""
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile:
        raise AssetError(f"{archive} is not a zip archive or is truncated; download the "
                         f"ICT-FaceKit archive again ({OFFICIAL_URL})") from None
    with zf:
        names = zf.namelist()
        root = _find_root(names)
        top = root[: -len("FaceXModel/")]

        def read(name: str) -> bytes:
            try:
                return zf.read(name)
            except KeyError:
                raise AssetError(f"archive lacks {name}; is it the ICT-FaceKit archive?") from None
            except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError) as exc:
                # zlib.error: corrupt deflate data; NotImplementedError: a compression zipfile lacks
                raise AssetError(f"archive is damaged or truncated at {name}: {exc}") from None

        try:
            indices = json.loads(read(root + "vertex_indices.json"))
            expressions = [str(e) for e in indices["expressions"]]
            landmarks = np.asarray(indices["idx_to_landmark_verts"], np.int64)
        except (ValueError, KeyError, TypeError) as exc:
            raise AssetError(f"vertex_indices.json is not the ICT-FaceKit one: {exc}") from None
        if len(expressions) != N_EXPRESSION or len(landmarks) != 68:
            raise AssetError(f"vertex_indices.json lists {len(expressions)} expressions and "
                             f"{len(landmarks)} landmarks; expected {N_EXPRESSION} and 68")
        license_text = read(top + "LICENSE") if top + "LICENSE" in names else b""
        if b"Permission is hereby granted" not in license_text:
            raise AssetError("archive lacks the ICT-FaceKit MIT LICENSE; it must accompany the data")

        try:
            neutral_bytes = read(root + "generic_neutral_mesh.obj")
            neutral, fingerprint = parse_vertices(neutral_bytes, "generic_neutral_mesh.obj")
            if expected_vertices is not None and len(neutral) != expected_vertices:
                raise AssetError(f"generic_neutral_mesh.obj has {len(neutral)} vertices; the ICT "
                                 f"Face Model has {expected_vertices}")
            topo = parse_topology(neutral_bytes, "generic_neutral_mesh.obj", len(neutral))
            if landmarks.min() < 0 or landmarks.max() >= len(neutral):
                raise AssetError("landmark indices out of range of the neutral mesh")

            identity_files = sorted(n for n in names if re.fullmatch(re.escape(root) + r"identity\d{3}\.obj", n))
            expected_identity = [f"{root}identity{i:03d}.obj" for i in range(N_IDENTITY)]
            if identity_files != expected_identity:
                raise AssetError(f"archive has {len(identity_files)} identity OBJs; expected "
                                 f"identity000..identity{N_IDENTITY - 1:03d}")
            expression_objs = [n for n in names if n.startswith(root) and n.endswith(".obj")
                               and n not in identity_files and not n.endswith("generic_neutral_mesh.obj")]
            missing = [e for e in expressions if f"{root}{e}.obj" not in expression_objs]
            if missing:
                raise AssetError(f"archive lacks expression OBJs: {', '.join(missing[:5])}")

            def load(name: str) -> np.ndarray:
                verts, fp = parse_vertices(read(name), name.rsplit("/", 1)[-1])
                if verts.shape != neutral.shape:
                    raise AssetError(f"{name} has {len(verts)} vertices; the neutral mesh has {len(neutral)}")
                if fp != fingerprint:
                    raise AssetError(f"{name} does not share the neutral mesh's faces/UVs")
                return verts

            identity = np.empty((N_IDENTITY, *neutral.shape), np.float32)
            for i, name in enumerate(identity_files):
                identity[i] = load(name) - neutral
                if i % 25 == 24:
                    progress(f"identity modes {i + 1}/{N_IDENTITY}")
            expression = np.empty((N_EXPRESSION, *neutral.shape), np.float32)
            for i, name in enumerate(expressions):
                expression[i] = load(f"{root}{name}.obj") - neutral
            for name in sorted(set(expression_objs) - {f"{root}{e}.obj" for e in expressions}):
                load(name)  # extra expressions (cheekRaiser, PupilDilate) are verified, not kept
            progress(f"verified {1 + len(identity_files) + len(expression_objs)} OBJ files")
        except ObjFormatError as exc:
            raise AssetError(f"archive OBJ unreadable: {exc}") from None

    meta = {"cache_version": CACHE_VERSION, "source": str(archive.name),
            "n_obj_verified": 1 + len(identity_files) + len(expression_objs)}
    arrays = {
        "neutral": neutral.astype(np.float32),
        "identity_basis": identity,
        "expression_basis": expression,
        "expression_names": np.asarray(expressions, dtype="<U32"),
        "face_vertices": topo.face_vertices,
        "face_uv_indices": topo.face_uv_indices,
        "face_offsets": topo.face_offsets,
        "face_materials": topo.face_materials,
        "material_names": np.asarray(topo.material_names, dtype="<U64"),
        "uvs": topo.uvs,
        "landmarks": landmarks.astype(np.int32),
        "meta_json": np.frombuffer(json.dumps(meta).encode("utf-8"), np.uint8),
    }
    return arrays, license_text


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def installed(directory: Path | None = None) -> bool:
    from ..errors import TextFaceError
    from .model import load_face_model

    try:
        load_face_model(model_path(directory))
    except TextFaceError:  # missing, unreadable or outdated cache: the caller reinstalls
        return False
    return True


STALE_AGE_S = 3600  # a temporary folder without a pid in its name this old is an interrupted install's


def _work_dir_stale(work: Path, max_age_s: float) -> bool:
    """An `.install-PID-TOKEN` folder is stale once PID is gone (a killed install: its folder holds
    a half-written cache and perhaps the ~120 MB download); other `.install-*` names (an earlier
    version's, no pid) once they are older than `max_age_s`."""
    m = re.fullmatch(r"\.install-(\d+)-[0-9a-f]+", work.name)
    if m:
        return not pid_alive(int(m.group(1)))
    try:
        return time.time() - work.stat().st_mtime > max_age_s
    except OSError:
        return False


def _remove_work_dirs(directory: Path, max_age_s: float = STALE_AGE_S) -> list[Path]:
    """Remove the stale `.install-*` folders in `directory` (a running install's stays)."""
    removed = []
    for work in directory.glob(".install-*") if directory.is_dir() else ():
        if work.is_dir() and not work.is_symlink() and _work_dir_stale(work, max_age_s):
            shutil.rmtree(work, ignore_errors=True)
            removed.append(work)
    return removed


def install(source: str | None = None, directory: Path | None = None, force: bool = False,
            expected_vertices: int | None = N_VERTICES, progress: Progress = _quiet) -> Path:
    """Install the model into `directory` (default: the user cache); return the cache file path.

    Nothing is half-written: the npz is written to a temporary folder and renamed into place, and on
    failure the cache folders this call created are removed again; an earlier install's temporary
    folder (killed mid-way) is removed first.  OSError (read-only, full, a file in the way) becomes
    AssetError.
    """
    from ..io.staging import made_dirs
    from ..io.wire import save_npz

    directory = Path(directory) if directory is not None else cache_dir()
    target = model_path(directory)
    _remove_work_dirs(directory)
    if not force and installed(directory):
        progress(f"already installed: {target}")
        return target
    try:
        with made_dirs(directory):  # a bad archive must not leave the folder behind
            work = directory / f".install-{os.getpid()}-{secrets.token_hex(4)}"
            work.mkdir()
            try:
                archive = fetch(source or OFFICIAL_URL, work, progress)
                progress(f"reading {archive.name} ({archive.stat().st_size / 1e6:.0f} MB)")
                arrays, license_text = read_archive(archive, expected_vertices, progress)
                meta = json.loads(bytes(arrays["meta_json"]).decode())
                meta["archive_sha256"] = _sha256(archive)
                arrays["meta_json"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
                staged = work / target.name
                save_npz(staged, arrays)
                (work / LICENSE_NAME).write_bytes(license_text)
                os.replace(work / LICENSE_NAME, directory / LICENSE_NAME)
                os.replace(staged, target)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    except OSError as exc:
        raise AssetError(f"cannot write the model cache in {directory}: {exc.strerror or exc}") from None
    progress(f"installed {target}")
    return target


def uninstall(directory: Path | None = None) -> list[Path]:
    """Remove the model cache, its licence notice, the tables derived from it (derived/) and any
    interrupted install's temporary folder (not a running one's) from `directory`; return what was
    removed (empty when nothing was installed there)."""
    directory = Path(directory) if directory is not None else cache_dir()
    if directory.exists() and not directory.is_dir():
        raise AssetError(f"cache folder {directory} is a file, not a folder; nothing to uninstall there")
    removed = []
    try:
        for p in (model_path(directory), directory / LICENSE_NAME):
            if p.exists():
                p.unlink()
                removed.append(p)
        derived = directory / "derived"  # baked from ICT data: must not outlive the data and its notice
        if derived.is_dir() and not derived.is_symlink():
            shutil.rmtree(derived)
            removed.append(derived)
        removed += _remove_work_dirs(directory, max_age_s=0)
    except OSError as exc:
        raise AssetError(f"cannot uninstall the model cache in {directory}: {exc.strerror or exc}") from None
    return removed
