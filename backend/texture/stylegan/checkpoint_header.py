"""What a StyleGAN checkpoint's first bytes say, without torch: the service and the commands refuse a
`--stylegan`/`stylegan:PATH` that cannot be one before any work (the service's main process never imports
torch), and `checkpoint.read_checkpoint` starts from the same check."""
from __future__ import annotations

from pathlib import Path

from ...io.safetensors_header import NOT_JSON, NOT_SAFETENSORS, SHORT, HeaderError, looks_like_pickle, read_header

FORMAT = "textface-texture-stylegan2"
FORMAT_VERSION = "1"


def checkpoint_problem(path: str | Path) -> str | None:
    """Why `path` cannot be a TextFace StyleGAN checkpoint, from its header only, or None.  A file that
    passes may still be truncated further on or hold tensors that do not fit its config: reading it says."""
    path = Path(path).expanduser()
    if not path.is_file():
        return (f"StyleGAN checkpoint {path} is not a file" if path.exists()
                else f"StyleGAN checkpoint {path} does not exist")
    try:
        header = read_header(path)
    except OSError as exc:
        return f"StyleGAN checkpoint {path} cannot be read: {exc.strerror or exc}"
    except HeaderError as exc:
        # torch.save writes a zip ("PK") or a raw pickle: recognised before any parser sees it
        if exc.reason in (SHORT, NOT_SAFETENSORS) and looks_like_pickle(exc.head):
            return (f"{path} is a pickle / torch.save file; TextFace only loads .safetensors "
                    "checkpoints (pickles can run code)")
        if exc.reason == SHORT:
            return f"{path} is too short to be a safetensors checkpoint ({len(exc.head)} bytes)"
        if exc.reason == NOT_JSON:
            return f"{path} is not a readable safetensors file (truncated or corrupt?): {exc}"
        return f"{path} is not a readable safetensors file (truncated or corrupt?)"
    meta = header.get("__metadata__")
    meta = meta if isinstance(meta, dict) else {}
    if meta.get("format") != FORMAT:
        return f"{path} is not a TextFace texture checkpoint (format {meta.get('format')!r}, expected {FORMAT!r})"
    if meta.get("format_version") != FORMAT_VERSION:
        return (f"{path} has checkpoint format version {meta.get('format_version')!r}, "
                f"this TextFace reads {FORMAT_VERSION!r}")
    return None
