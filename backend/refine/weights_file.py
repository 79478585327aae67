"""Cheap checks of a CLIP weights option, without torch: a command or the service refuses a path that
cannot be a weights file before any work (the service's main process never imports torch)."""
from __future__ import annotations

from pathlib import Path

from ..io.safetensors_header import TRUNCATED, HeaderError, looks_like_safetensors, read_header

# looks_like_safetensors: also refine/checkpoint.py's, from here
__all__ = ["NO_WEIGHTS", "file_problem", "looks_like_safetensors", "weights_path_problem"]

# how the reason recorded for a refinement skipped for want of weights starts (registry.NO_WEIGHTS_REASON);
# readers that cannot import torch (submit, the add-on's copy in blender_textface/refine.py) match on it
NO_WEIGHTS = "no CLIP weights configured"


def weights_path_problem(weights: str | Path) -> str | None:
    """Why `weights` (a local file or an open_clip pretrained tag) cannot be a CLIP checkpoint, or None:
    a path that is not a file, or a file whose first bytes are no weights file's.  A tag is not checked
    here (it is read from the cache or downloaded).  Cheap: commands and the service check their options
    with it before any work."""
    path = Path(str(weights)).expanduser()
    if path.is_file():
        return file_problem(path)
    if path.exists():
        return f"CLIP weights path is not a file: {path}"
    if _looks_like_path(str(weights)):
        return f"CLIP weights file not found: {path}"
    return None


def _looks_like_path(text: str) -> bool:
    return any(sep in text for sep in ("/", "\\")) or Path(text).suffix.lower() in (
        ".safetensors", ".pt", ".pth", ".bin", ".ckpt")


def file_problem(path: str | Path) -> str | None:
    """Why the file at `path` cannot be a weights file, from its size and first bytes only (cheap: a
    command or the service checks it before any work; a full read may still find it truncated), or None."""
    p = Path(path)
    try:
        size = p.stat().st_size
        with p.open("rb") as fh:
            head = fh.read(16)
        if looks_like_safetensors(head):
            read_header(p)
            return None
    except HeaderError as exc:
        if exc.reason == TRUNCATED:
            return f"CLIP weights file {p} is a truncated safetensors file (header of {exc.length} bytes)"
        return f"CLIP weights file {p} cannot be read as safetensors: {exc}"
    except OSError as exc:
        return f"CLIP weights file {p} cannot be read as safetensors: {exc}"
    if size == 0:
        return f"CLIP weights file is empty: {p}"
    if not (head.startswith(b"PK\x03\x04") or head[:1] == b"\x80"):
        return f"CLIP weights file {p} is neither safetensors nor a torch checkpoint (first bytes {head[:8]!r})"
    return None
