"""What a LOCAL backend's settings point at, checked before it is started (no bpy).

The service refuses to start with CLIP weights that are not there (`serve --clip-weights`; before, every job
failed on them, refinement off included), which the add-on would learn only after seconds of start-up, as
the backend's words about a command-line option: a CLIP weights path that does not exist is refused here,
naming the preference.  A value that is no path (an open_clip pretrained tag) is the service's to judge,
as is a file that exists but cannot load (its one-line refusal reaches the user: startup_output.py)."""
from __future__ import annotations

from pathlib import Path

from .errors import BackendError
from .startup_output import PREFS


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.startswith("~")


def check_local(settings) -> None:
    """BackendError when the CLIP weights setting names a file that is not there (or a folder)."""
    weights = settings.clip_weights.strip()
    if not weights:
        return
    path = Path(weights).expanduser()
    if path.is_file() or not (path.exists() or _looks_like_path(weights)):
        return
    what = "is a folder, not a checkpoint file" if path.is_dir() else "does not exist (moved or deleted?)"
    raise BackendError(f"the CLIP weights file {path} {what}: set {PREFS} > CLIP weights to an open_clip "
                       "checkpoint, or clear it (abstract phrases are then left unrefined); the backend was not "
                       "started")
