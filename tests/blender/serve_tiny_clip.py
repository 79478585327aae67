"""A real TextFace service whose CLIP is a tiny open_clip model with random weights (tests only), so that
refinement runs for real (rasterizer, loop, progress previews) in seconds.  Run with the backend's .venv:

    .venv/bin/python tests/blender/serve_tiny_clip.py DIR [serve options]

It writes the tiny config and weights into DIR, then runs `python -m backend serve --port 0 --clip-model
textface-tiny-clip --clip-weights DIR/tiny.safetensors ...` (the READY line tells the port).  The service's
worker processes are spawned and re-import this file (as __mp_main__): the config is registered at import,
so every process knows the tiny model.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
_DIR_ENV = "TEXTFACE_TINY_CLIP_DIR"

if os.environ.get(_DIR_ENV):  # a spawned worker: the parent has written the config there
    from tests.test_refine_clip import register_tiny_configs

    register_tiny_configs(Path(os.environ[_DIR_ENV]))


def main(argv: list[str]) -> int:
    from backend.cli import main as backend_main
    from tests.test_refine_clip import TINY_NAME, tiny_weights_file

    folder = Path(argv[0]).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    weights = tiny_weights_file(folder)
    os.environ[_DIR_ENV] = str(folder)  # inherited by the spawned workers
    return backend_main(["serve", "--port", "0", "--clip-model", TINY_NAME, "--clip-weights", str(weights),
                         *argv[1:]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
