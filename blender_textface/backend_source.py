"""Where the backend's source lives, and loading its two self-contained modules.

The built extension bundles the `backend` package beside the add-on modules (so both versions always
match); a development checkout has it beside this folder.  The add-on never imports the `backend`
package itself (its package chain may pull torch); it loads only `backend/io/wire.py` and
`backend/client.py`, which by contract need nothing but the stdlib and numpy, each from its file.
"""
from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path
from types import ModuleType

from .errors import BackendError

ADDON_DIR = Path(__file__).resolve().parent
_MODULES = {"wire": ("io", "wire.py"), "client": ("client.py",)}
_load_lock = threading.Lock()  # job workers and Blender's main thread may ask for a module at once


class BackendSourceMissing(BackendError):
    """Neither a bundled nor a development copy of the backend source was found."""


def source_root() -> Path:
    """The folder to put on PYTHONPATH so that `python -m backend` runs the matching backend."""
    for root in (ADDON_DIR, ADDON_DIR.parent):
        if (root / "backend" / "__main__.py").is_file():
            return root
    raise BackendSourceMissing(
        f"the backend source is missing: neither {ADDON_DIR / 'backend'} nor {ADDON_DIR.parent / 'backend'} "
        "exists (reinstall the extension built by build_addon.py)")


def load(name: str) -> ModuleType:
    """Load backend/io/wire.py ('wire') or backend/client.py ('client') once, under a private name."""
    private = f"_textface_backend_{name}"
    # under the lock: sys.modules holds the module while its file still runs, half made
    with _load_lock:
        return sys.modules.get(private) or _load(name, private)


def _load(name: str, private: str) -> ModuleType:
    path = source_root().joinpath("backend", *_MODULES[name])
    if not path.is_file():
        raise BackendSourceMissing(f"the backend source has no {path.relative_to(source_root())}; "
                                   "the add-on and backend versions do not match")
    spec = importlib.util.spec_from_file_location(private, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[private] = module  # dataclasses look their module up here while the file runs
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[private]
        raise
    return module
