"""`python -m backend assets install|status|uninstall`: the ICT-FaceKit model in the user cache."""
from __future__ import annotations

import os

from pathlib import Path

HELP = "install the ICT Face Model (from the ICT-FaceKit archive) or inspect the model assets"
# face_model.assets.OFFICIAL_URL (a test keeps them equal): the parser is built without importing numpy
OFFICIAL_URL = "https://github.com/ICT-VGL/ICT-FaceKit/archive/refs/heads/master.zip"
SHARED_ARCHIVE = Path("..") / "shared" / "assets" / "ICT-FaceKit-master.zip"  # beside the repository, as setup.sh reads it
ENV = "TEXTFACE_ICT_ARCHIVE"


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def _description() -> str:
    return (f"{HELP}.  install takes the archive from --from, else ${ENV} (a path or URL), else "
            f"{SHARED_ARCHIVE.as_posix()} beside the repository when present ({_repo_root().parent / SHARED_ARCHIVE.relative_to('..')}), "
            f"else the official archive ({OFFICIAL_URL}); it says which one it used.")


def default_source(root: Path | None = None, environ=os.environ) -> tuple[str, str]:
    """(archive, where it came from) for install without --from: as the help says."""
    if environ.get(ENV):
        return environ[ENV], f"${ENV}"
    shared = (root if root is not None else _repo_root()).parent / SHARED_ARCHIVE.relative_to("..")
    if shared.is_file():
        return str(shared), f"the shared copy {SHARED_ARCHIVE.as_posix()}"
    return OFFICIAL_URL, "the official ICT-FaceKit archive"


def add_arguments(p) -> None:
    p.description = _description()
    p.add_argument("action", choices=("install", "status", "uninstall"))
    p.add_argument("--from", dest="source", default=None,
                   help=f"archive path or URL (default: ${ENV}, else {SHARED_ARCHIVE.as_posix()} beside the "
                        "repository when present, else the official GitHub archive)")
    p.add_argument("--cache-dir", default=None, help="default: $TEXTFACE_CACHE_DIR or ~/.cache/textface")
    p.add_argument("--force", action="store_true", help="reinstall even when a valid cache exists")


def run(args) -> int:
    from ..face_model import assets
    from ..face_model.model import load_face_model, model_path
    from ..paths import cache_dir

    directory = Path(args.cache_dir) if args.cache_dir else None
    if args.action == "install":
        source = args.source
        if source is None:
            source, origin = default_source()
            print(f"archive: {source} ({origin})")
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
