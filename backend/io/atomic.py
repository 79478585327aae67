"""Atomic file writes: a temporary file in the same folder, then os.replace (readers never see half,
and a failure leaves neither half a file nor the temporary one)."""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def replaced(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed over `path` when the block ends normally,
    removed when it fails (a full disk, an interrupt)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes, durable: bool = False) -> Path:
    """Write `data` to `path` atomically; `durable` also fsyncs (terminal states, requests)."""
    with replaced(path) as tmp, open(tmp, "wb") as f:
        f.write(data)
        if durable:
            f.flush()
            os.fsync(f.fileno())
    return Path(path)


def write_text(path: Path, text: str) -> Path:
    """Write `text` (UTF-8) to `path` atomically."""
    return write_bytes(path, text.encode("utf-8"))


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
