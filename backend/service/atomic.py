"""Atomic file writes: a temporary file in the same folder, then os.replace (readers never see half)."""
from __future__ import annotations

import json
import os
from pathlib import Path


def write_bytes(path: Path, data: bytes, durable: bool = False) -> Path:
    """Write `data` to `path` atomically; `durable` also fsyncs (terminal states, requests)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:  # a full disk or an interrupt: no temporary file is left beside `path`
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_json(path: Path, data: dict, durable: bool = False) -> Path:
    return write_bytes(path, json.dumps(data, indent=1).encode("utf-8"), durable=durable)


def sync_folder(folder: Path) -> None:
    """fsync every file in `folder` (not below) and the folder itself, if it exists: files written
    by ordinary means are then durable, as a terminal status written with `durable=True` is."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.is_file():
            with open(path, "rb") as f:
                os.fsync(f.fileno())
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
