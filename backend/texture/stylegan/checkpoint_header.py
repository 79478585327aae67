"""What a StyleGAN checkpoint's first bytes say, without torch: the service and the commands refuse a
`--stylegan`/`stylegan:PATH` that cannot be one before any work (the service's main process never imports
torch), and `checkpoint.read_checkpoint` starts from the same check."""
from __future__ import annotations

import json
from pathlib import Path

FORMAT = "textface-texture-stylegan2"
FORMAT_VERSION = "1"
_HEADER_LIMIT = 100 * 1024 * 1024  # safetensors' own limit on the JSON header


def checkpoint_problem(path: str | Path) -> str | None:
    """Why `path` cannot be a TextFace StyleGAN checkpoint, from its header only, or None.  A file that
    passes may still be truncated further on or hold tensors that do not fit its config: reading it says."""
    path = Path(path).expanduser()
    if not path.is_file():
        return (f"StyleGAN checkpoint {path} is not a file" if path.exists()
                else f"StyleGAN checkpoint {path} does not exist")
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(9)
            # a safetensors file starts with an 8-byte little-endian header length and '{'; torch.save
            # writes a zip ("PK") or a raw pickle (protocol byte 0x80): recognised before any parser sees it
            if not (len(head) == 9 and head[8:9] == b"{") and (head[:2] == b"PK" or head[:1] == b"\x80"):
                return (f"{path} is a pickle / torch.save file; TextFace only loads .safetensors "
                        "checkpoints (pickles can run code)")
            if len(head) < 9:
                return f"{path} is too short to be a safetensors checkpoint ({len(head)} bytes)"
            n = int.from_bytes(head[:8], "little")
            if head[8:9] != b"{" or not 0 < n <= min(size - 8, _HEADER_LIMIT):
                return f"{path} is not a readable safetensors file (truncated or corrupt?)"
            f.seek(8)
            header = json.loads(f.read(n))
    except OSError as exc:
        return f"StyleGAN checkpoint {path} cannot be read: {exc.strerror or exc}"
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        return f"{path} is not a readable safetensors file (truncated or corrupt?): {exc}"
    meta = header.get("__metadata__") if isinstance(header, dict) else None
    meta = meta if isinstance(meta, dict) else {}
    if meta.get("format") != FORMAT:
        return f"{path} is not a TextFace texture checkpoint (format {meta.get('format')!r}, expected {FORMAT!r})"
    if meta.get("format_version") != FORMAT_VERSION:
        return (f"{path} has checkpoint format version {meta.get('format_version')!r}, "
                f"this TextFace reads {FORMAT_VERSION!r}")
    return None
