"""PNG writing that a stop can interrupt: the same bytes as `Image.fromarray(a).save(path)`, in short calls.

A stop (the service's cancel: `_thread.interrupt_main`) lands only between Python instructions, and PIL holds it
for a whole C call: `Image.fromarray` of a 2048 px albedo (one copy of 12 MB) and each `encode(64 KiB)` of its
deflate stream (a hair albedo that is mostly empty compresses ~100:1, so 64 KiB out is megabytes in).  So the
file is made here with public APIs only (numpy for PNG's row filters, the standard library's zlib for deflate), in
bands of rows and short deflate calls, as PIL makes it: per row the filter PIL's encoder picks (None, Up, Sub,
Paeth: the first with the least sum of |byte| read as signed), deflated with its settings (default level,
Z_FILTERED, window 15, memory level 9), regrouped into the IDAT chunks PIL writes (one per full 64 KiB block, the
rest in the last), so the file is byte for byte PIL's (tests/test_io_chunked_writers.py checks that against PIL on
a real head; tests/test_io_public_apis.py against bytes recorded from the PIL-driven writer this replaced).
"""
from __future__ import annotations

import threading
import zlib
from pathlib import Path

import numpy as np

from ..errors import Cancelled
from .atomic import replaced

_MAGIC = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPE = {3: 2, 4: 6}  # channels -> PNG colour type (RGB, RGBA), 8 bits each
BAND_BYTES = 1 << 20  # pixel bytes filtered per call
PIECE = 1 << 16  # filtered bytes deflated per call
BLOCK = 1 << 16  # PIL's ImageFile.MAXBLOCK: the IDAT chunk size it writes (or 4 bytes a pixel of a row, if more)
_FILTER_ORDER = (0, 2, 1, 4)  # PIL tries None, Up, Sub, Paeth and keeps a later one only when strictly better
_DISTANCE = np.minimum(np.arange(256), 256 - np.arange(256)).astype(np.uint8)  # a byte's |value| read as signed


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("cancelled")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(data, zlib.crc32(kind)).to_bytes(4, "big")


def _filtered(rows: np.ndarray, above: np.ndarray, bpp: int) -> np.ndarray:
    """Rows (n, W*bpp) uint8 as PNG scanlines (n, 1 + W*bpp): each behind the filter type PIL's encoder picks for
    it; `above` the row before the first (zeros for the image's first)."""
    cur = rows.astype(np.int16)
    up_row = np.concatenate([above[None].astype(np.int16), cur[:-1]])
    left = np.zeros_like(cur)
    left[:, bpp:] = cur[:, :-bpp]
    corner = np.zeros_like(cur)
    corner[:, bpp:] = up_row[:, :-bpp]
    pa, pb, pc = np.abs(up_row - corner), np.abs(left - corner), np.abs(left + up_row - 2 * corner)
    paeth = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, up_row, corner))
    candidates = np.stack([cur, cur - up_row, cur - left, cur - paeth]).astype(np.uint8)  # (4, n, W*bpp), mod 256
    cost = _DISTANCE[candidates].sum(axis=2, dtype=np.int64)
    best = np.argmin(cost, axis=0)  # the first least: PIL's strict "<" in the order tried
    out = np.empty((len(rows), rows.shape[1] + 1), np.uint8)
    out[:, 0] = np.asarray(_FILTER_ORDER, np.uint8)[best]
    out[:, 1:] = candidates[best, np.arange(len(rows))]
    return out


def png_parts(array: np.ndarray, cancel: threading.Event | None = None):
    """The PNG file of an (H, W, 3|4) uint8 image, as successive byte strings; `cancel` (set) is checked between
    the short calls and raises Cancelled."""
    a = np.asarray(array)
    if a.dtype != np.uint8 or a.ndim != 3 or a.shape[2] not in _COLOUR_TYPE or min(a.shape[:2]) < 1:
        raise ValueError(f"a PNG here is an (H, W, 3|4) uint8 image with at least one pixel, got {a.dtype} {a.shape}")
    h, w, channels = a.shape
    yield _MAGIC + _chunk(b"IHDR", w.to_bytes(4, "big") + h.to_bytes(4, "big")
                          + bytes((8, _COLOUR_TYPE[channels], 0, 0, 0)))
    block = max(BLOCK, w * 4)
    deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, 15, 9, zlib.Z_FILTERED)
    pending = bytearray()
    rows = a.reshape(h, w * channels)
    above = np.zeros(w * channels, np.uint8)
    band = max(1, BAND_BYTES // (w * channels))
    for top in range(0, h, band):
        _check(cancel)
        lines = memoryview(_filtered(rows[top:top + band], above, channels)).cast("B")
        above = rows[min(top + band, h) - 1]
        for start in range(0, len(lines), PIECE):
            _check(cancel)
            pending += deflate.compress(lines[start:start + PIECE])
            while len(pending) > block:  # keep the last block back: it may be the stream's end
                yield _chunk(b"IDAT", bytes(pending[:block]))
                del pending[:block]
    _check(cancel)
    pending += deflate.flush()
    while len(pending) > block:
        yield _chunk(b"IDAT", bytes(pending[:block]))
        del pending[:block]
    yield _chunk(b"IDAT", bytes(pending))
    yield _chunk(b"IEND", b"")


def png_bytes(array: np.ndarray, cancel: threading.Event | None = None) -> bytes:
    return b"".join(png_parts(array, cancel))


def write_png(path: str | Path, array: np.ndarray, cancel: threading.Event | None = None) -> Path:
    """Write atomically (a temporary file renamed into place; a stop or `cancel` leaves neither)."""
    path = Path(path)
    with replaced(path) as tmp, open(tmp, "wb") as f:
        for part in png_parts(array, cancel):
            f.write(part)
    return path
