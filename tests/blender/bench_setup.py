"""What the Blender benchmark scripts share: a private Blender user folder and cache, the wire file to
import (a given one, or one written from the installed ICT model by the backend's .venv), and the
report at the end."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def prepare(wire: str | None, prefix: str = "textface-bench-") -> tuple[Path, Path]:
    """(temporary folder, wire file): sets BLENDER_USER_RESOURCES and XDG_CACHE_HOME to the temporary
    folder, keeping the user's TEXTFACE_CACHE_DIR (the installed model) for make_real_wire.py."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "textface"
    os.environ.setdefault("TEXTFACE_CACHE_DIR", str(cache))
    os.environ["BLENDER_USER_RESOURCES"] = str(tmp / "blender")
    os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")
    # absolute: the measuring processes run in the repository, not in the caller's folder
    path = Path(wire).expanduser().absolute() if wire else tmp / "head.npz"
    if wire is not None and not path.is_file():
        raise SystemExit(f"error: wire file {path} not found")
    if wire is None:
        made = subprocess.run([str(REPO / ".venv" / "bin" / "python"),
                               str(REPO / "tests" / "blender" / "make_real_wire.py"), str(path)], cwd=REPO)
        if made.returncode != 0:  # it has said why (e.g. the model not installed in TEXTFACE_CACHE_DIR)
            raise SystemExit(f"error: no wire file to import (make_real_wire.py exited with {made.returncode}); "
                             "pass --wire HEAD.npz or install the model")
    return tmp, path


def finish(report: dict, ok: bool, json_out: str | None) -> int:
    """Print the report (and write it to json_out): exit status 0 when the goals are met, else 1."""
    report["goals_met"] = ok
    print(json.dumps(report, indent=2))
    if json_out:
        Path(json_out).write_text(json.dumps(report, indent=2))
    return 0 if ok else 1
