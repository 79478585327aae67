"""What a LOCAL backend's settings point at, checked before it is started (no bpy).

The service refuses to start with CLIP weights that are not there (`serve --clip-weights`; before, every job
failed on them), which the add-on would learn only after seconds of start-up, as the backend's words about a
command-line option: a CLIP weights path that does not exist or cannot be read is refused here, naming the
preference.  A value that is no path (an open_clip pretrained tag) is the service's to judge, as is a file that
exists but cannot load (its one-line refusal reaches the user: startup_output.py).

The service starts with a StyleGAN checkpoint (`serve --stylegan`, the Texture model preference 'stylegan:PATH')
that is not there, and every generate job then fails on it: the same check, naming that preference."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import BackendError
from .startup_output import PREFS


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.startswith("~")


def _file_problem(path: Path) -> str | None:
    """Why `path` cannot be a checkpoint the backend opens, or None (whether it loads is the backend's to say)."""
    if path.is_dir():
        return "is a folder, not a checkpoint file"
    if not path.exists():
        return "does not exist (moved or deleted?)"
    if not path.is_file():
        return "is not a regular file"
    if not os.access(path, os.R_OK):
        return "cannot be read (no read permission for this user)"
    return None


def check_local(settings) -> None:
    """BackendError when the CLIP weights or the StyleGAN checkpoint setting names a file that is not there, or
    that cannot be read (or a folder)."""
    weights = settings.clip_weights.strip()
    path = Path(weights).expanduser()
    if weights and (path.exists() or _looks_like_path(weights)) and (problem := _file_problem(path)):
        raise BackendError(f"the CLIP weights file {path} {problem}: set {PREFS} > CLIP weights to an open_clip "
                           "checkpoint, or clear it (abstract phrases are then left unrefined); the backend was not "
                           "started")
    kind, generator = settings.texture_kind()
    path = Path(generator).expanduser()
    if kind == "stylegan" and generator and (problem := _file_problem(path)):
        raise BackendError(f"the StyleGAN checkpoint {path} {problem}: set {PREFS} > Texture model to "
                           "'stylegan:PATH' of a trained generator checkpoint, or to 'parametric' (the built-in "
                           "albedo); the backend was not started")
