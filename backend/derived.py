"""A disk cache for arrays derived from the installed model (the texture atlas's baked geometry).

Some per-model tables take seconds to compute and are the same on every run: a one-off CLI run, a
service worker's first job or the add-on's first head would pay for them each time.  They are kept
in TEXTFACE_CACHE_DIR/derived as uncompressed npz (read with allow_pickle=False), named by a key
that hashes what they depend on: the model arrays used, the parameters, and the source of the
modules that compute them, so a changed model or changed code never reads a stale table.  A file
that cannot be read back whole is computed again and replaced, with a warning; writing a table
removes the files of the same name under other keys (an earlier model or code: stale).
TEXTFACE_NO_DERIVED_CACHE=1 turns the cache off.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import zipfile
from pathlib import Path
from typing import Callable, Iterable, Mapping

import numpy as np

from .io.wire import save_npz
from .paths import cache_dir

log = logging.getLogger(__name__)

KEY_ENTRY = "derived_key"  # the full key, stored inside the file and checked on reading


def enabled() -> bool:
    return os.environ.get("TEXTFACE_NO_DERIVED_CACHE", "") in ("", "0")


def fingerprint(arrays: Iterable, sources: Iterable[str | os.PathLike] = (), **params) -> str:
    """sha256 over arrays (numpy arrays, or nested dicts / lists of them), source files and params."""
    h = hashlib.sha256()

    def feed(x):
        if isinstance(x, Mapping):
            for k in sorted(x):
                h.update(str(k).encode())
                feed(x[k])
        elif isinstance(x, (list, tuple)) and not (x and isinstance(x[0], (int, float))):
            for v in x:
                feed(v)
        else:
            a = np.ascontiguousarray(np.asarray(x))
            h.update(f"{a.dtype.str}{a.shape}".encode())
            h.update(a.tobytes())

    for a in arrays:
        feed(a)
    for src in sources:
        h.update(Path(src).read_bytes())
    h.update(json.dumps(params, sort_keys=True, default=str).encode())
    return h.hexdigest()


def cached_arrays(name: str, key: str, compute: Callable[[], dict[str, np.ndarray]],
                  expect: Iterable[str] = ()) -> dict[str, np.ndarray]:
    """The arrays `compute()` returns, read from the cache file of (name, key) when it holds them
    (and every name in `expect`)."""
    if not enabled():
        return compute()
    path = cache_dir() / "derived" / f"{name}-{key[:24]}.npz"
    if path.is_file():
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            missing = [k for k in expect if k not in arrays]
            if str(arrays.pop(KEY_ENTRY, "")) != key:
                log.warning("derived cache %s belongs to another key; computing it again", path)
            elif missing:
                log.warning("derived cache %s lacks %s; computing it again", path, ", ".join(missing))
            else:
                return arrays
        except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
            log.warning("derived cache %s is unreadable (%s); computing it again", path, exc)
    arrays = compute()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        save_npz(tmp, {**arrays, KEY_ENTRY: np.array(key)})
        os.replace(tmp, path)  # whole or not at all, also with another process writing it
        for old in path.parent.glob(f"{name}-*.npz"):  # tables of an earlier model or code: stale
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:  # a read-only or full cache folder costs time, not correctness
        log.warning("could not write the derived cache %s (%s); it is computed on every run", path, exc)
    finally:  # also when the write is stopped (a job cancelled inside it): no half-written file stays
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # the folder itself is unusable: there is no temporary file either
            pass
    return arrays
