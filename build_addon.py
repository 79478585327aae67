"""Build the installable TextFace extension zip with Blender's own extension tool.

    .venv-blender/bin/python build_addon.py [--out dist] [--blender-ext PATH]

Stages a temporary folder (never touching tracked files): the add-on package `blender_textface/`,
`blender_manifest.toml`, and the `backend` package source (so add-on and backend versions always
match; the add-on runs it with the configured interpreter) with `backend/requirements.txt`, the
dependencies from pyproject.toml that the add-on's Create Environment installs.  Then `blender_ext.py validate` and
`build` (shipped inside the bpy package as bl_pkg/cli/blender_ext.py) make `textface-VERSION.zip`.
Exit status 0 on success; validation problems are printed and give status 1.
"""
from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".*")


def find_blender_ext() -> Path:
    """blender_ext.py inside the bpy package of this interpreter or of the repo's .venv-blender."""
    roots = []
    spec = importlib.util.find_spec("bpy")  # locates the package without starting Blender
    if spec is not None and spec.submodule_search_locations:
        roots += [Path(p) for p in spec.submodule_search_locations]
    roots += sorted(REPO.glob(".venv-blender/lib/python3*/site-packages/bpy"))
    for root in roots:
        found = sorted(root.glob("*/scripts/addons_core/bl_pkg/cli/blender_ext.py"))
        if found:
            return found[-1]
    raise SystemExit("error: Blender's blender_ext.py not found; install bpy (scripts/setup.sh makes "
                     ".venv-blender) or pass --blender-ext PATH")


def manifest_version(text: str) -> str:
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
    if match is None:
        raise SystemExit("error: blender_manifest.toml has no version")
    return match.group(1)


def backend_version() -> str:
    text = (REPO / "backend" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if match is None:
        raise SystemExit("error: backend/__init__.py has no __version__")
    return match.group(1)


def stage(dest: Path) -> Path:
    """Copy add-on, manifest and backend source into dest/textface; return that folder."""
    pkg = dest / "textface"
    shutil.copytree(REPO / "blender_textface", pkg, ignore=IGNORE)
    shutil.copy2(REPO / "blender_manifest.toml", pkg / "blender_manifest.toml")
    shutil.copytree(REPO / "backend", pkg / "backend", ignore=IGNORE)
    # the backend's dependencies, for the add-on's Create Environment (pyproject.toml stays out)
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (pkg / "backend" / "requirements.txt").write_text(
        "# written by build_addon.py from pyproject.toml\n" + "".join(f"{d}\n" for d in deps), encoding="utf-8")
    return pkg


def run_tool(tool: Path, *args: str) -> None:
    proc = subprocess.run([sys.executable, str(tool), *args], capture_output=True, text=True)
    output = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        print(output, file=sys.stderr)
        raise SystemExit(f"error: blender_ext.py {args[0]} failed (status {proc.returncode})")
    if output:
        print(output)


def build(out_dir: Path, tool: Path) -> Path:
    manifest = (REPO / "blender_manifest.toml").read_text(encoding="utf-8")
    version = manifest_version(manifest)
    if version != backend_version():
        raise SystemExit(f"error: manifest version {version} differs from backend version {backend_version()}; "
                         "release them together")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"textface-{version}.zip"
    with tempfile.TemporaryDirectory(prefix="textface-build-") as tmp:
        pkg = stage(Path(tmp))
        run_tool(tool, "validate", str(pkg))
        run_tool(tool, "build", "--source-dir", str(pkg), "--output-filepath", str(target))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "dist"), help="output folder (default: dist/)")
    parser.add_argument("--blender-ext", default=None, help="path of Blender's blender_ext.py")
    args = parser.parse_args(argv)
    tool = Path(args.blender_ext) if args.blender_ext else find_blender_ext()
    target = build(Path(args.out).resolve(), tool)
    print(f"built {target} ({target.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
