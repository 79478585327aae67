"""Blender import/export of one real head (runs tests/blender/bench_import.py in .venv-blender).

The add-on needs bpy, which lives in its own environment (`scripts/setup.sh` makes `.venv-blender`);
this target only starts that script, so `python -m backend bench blender` sits beside the others.
"""
from __future__ import annotations

HELP = "Blender: import one head (153 keys, 1024² albedo), FBX and GLB export (needs .venv-blender)"


def add_arguments(p) -> None:
    p.add_argument("--blender-python", default=None,
                   help="interpreter with bpy 5.0.1 (default: .venv-blender/bin/python of this checkout)")
    p.add_argument("--wire", default=None, help="wire file to import (default: one built from the ICT model)")


def run(args) -> int:
    import subprocess
    from pathlib import Path

    from ..cli import UserError

    repo = Path(__file__).resolve().parents[2]
    script = repo / "tests" / "blender" / "bench_import.py"
    python = Path(args.blender_python) if args.blender_python else repo / ".venv-blender" / "bin" / "python"
    if not script.is_file():
        raise UserError(f"{script} is missing (it ships with the repository, not the installed package)")
    if not python.is_file():
        raise UserError(f"no Blender environment at {python}: run scripts/setup.sh or pass --blender-python")
    cmd = [str(python), str(script), "--repeat", str(max(1, args.repeat))]
    # absolute paths: the script runs in the repository, not in the caller's folder
    if args.wire:
        cmd += ["--wire", str(Path(args.wire).expanduser().absolute())]
    if args.json_out:
        cmd += ["--json-out", str(Path(args.json_out).expanduser().absolute())]
    return subprocess.run(cmd, cwd=repo).returncode
