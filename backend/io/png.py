"""PNG writing that a stop can interrupt: the same bytes as `Image.fromarray(a).save(path)`, in short calls.

A stop (the service's cancel: `_thread.interrupt_main`) lands only between Python instructions, and PIL holds it
for a whole C call: `Image.fromarray` of a 2048 px albedo (one copy of 12 MB) and each `encode(64 KiB)` of its
deflate stream (a hair albedo that is mostly empty compresses ~100:1, so 64 KiB out is megabytes in).  Here the
image is copied in row bands and deflated in 8 KiB pieces, regrouped into the 64 KiB IDAT chunks PIL writes, so
the file is byte for byte PIL's (tests/test_io_png.py checks that against PIL on a real head).
"""
from __future__ import annotations

import threading
import zlib
from pathlib import Path

import numpy as np

from ..errors import Cancelled
from .atomic import replaced

_MAGIC = b"\x89PNG\r\n\x1a\n"
_COLOUR_TYPE = {3: ("RGB", 2), 4: ("RGBA", 6)}  # channels -> (PIL mode, PNG colour type), 8 bits each
BAND_BYTES = 1 << 20  # pixel bytes copied per call
PIECE = 8192  # deflate output per call


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("cancelled")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(data, zlib.crc32(kind)).to_bytes(4, "big")


def png_parts(array: np.ndarray, cancel: threading.Event | None = None):
    """The PNG file of an (H, W, 3|4) uint8 image, as successive byte strings; `cancel` (set) is checked between
    the short calls and raises Cancelled."""
    from PIL import Image, ImageFile

    a = np.asarray(array)
    if a.dtype != np.uint8 or a.ndim != 3 or a.shape[2] not in _COLOUR_TYPE or min(a.shape[:2]) < 1:
        raise ValueError(f"a PNG here is an (H, W, 3|4) uint8 image with at least one pixel, got {a.dtype} {a.shape}")
    h, w, channels = a.shape
    mode, colour_type = _COLOUR_TYPE[channels]
    image = Image.new(mode, (w, h))
    band = max(1, BAND_BYTES // (w * channels))
    for top in range(0, h, band):
        _check(cancel)
        image.paste(Image.fromarray(a[top:top + band]), (0, top))
    yield _MAGIC + _chunk(b"IHDR", w.to_bytes(4, "big") + h.to_bytes(4, "big") + bytes((8, colour_type, 0, 0, 0)))
    # PIL's PNG encoder as PngImagePlugin sets it up (rawmode = mode; optimize off, default level, strategy and
    # dictionary); it writes each `encode(block)` call's output, a full block but the last, as one IDAT chunk
    block = max(ImageFile.MAXBLOCK, w * 4)
    encoder = Image._getencoder(mode, "zip", mode, (False, -1, -1, b""))
    try:
        encoder.setimage(image.im, (0, 0, w, h))
        pending = bytearray()
        while True:
            _check(cancel)
            _, status, data = encoder.encode(PIECE)
            pending += data
            if status:
                break
            if len(pending) > block:  # keep the last block back: it may be the stream's end
                yield _chunk(b"IDAT", bytes(pending[:block]))
                del pending[:block]
        if status < 0:
            raise OSError(f"PNG encoder error {status}")
        while len(pending) > block:
            yield _chunk(b"IDAT", bytes(pending[:block]))
            del pending[:block]
        yield _chunk(b"IDAT", bytes(pending))
    finally:
        encoder.cleanup()
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
