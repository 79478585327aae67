"""`python -m backend assets install|status|uninstall`: the ICT-FaceKit model in the user cache."""
from __future__ import annotations

import os

HELP = "install (from the ICT-FaceKit GitHub archive) or inspect the model assets"


def add_arguments(p) -> None:
    p.add_argument("action", choices=("install", "status", "uninstall"))
    p.add_argument("--from", dest="source", default=None,
                   help="archive path or URL (default: $TEXTFACE_ICT_ARCHIVE or the official GitHub archive)")
    p.add_argument("--cache-dir", default=None, help="default: $TEXTFACE_CACHE_DIR or ~/.cache/textface")
    p.add_argument("--force", action="store_true", help="reinstall even when a valid cache exists")


def run(args) -> int:
    from pathlib import Path

    from ..face_model import assets
    from ..face_model.model import load_face_model, model_path
    from ..paths import cache_dir

    directory = Path(args.cache_dir) if args.cache_dir else None
    if args.action == "install":
        source = args.source or os.environ.get("TEXTFACE_ICT_ARCHIVE") or None
        assets.install(source, directory, force=args.force, progress=print)  # a failed one leaves no folder
        return 0
    if args.action == "uninstall":
        where = directory if directory is not None else cache_dir()
        removed = assets.uninstall(directory)
        print(f"removed {', '.join(str(p) for p in removed)}" if removed else f"nothing installed at {where}")
        return 0
    m = load_face_model(model_path(directory))
    print(f"installed: {model_path(directory)}")
    print(f"vertices {m.n_vertices}, polygons {m.n_faces}, triangles {len(m.triangles)}, "
          f"identity modes {m.identity_basis.shape[0]}, expressions {len(m.expression_names)}")
    return 0
