"""Self-describing checkpoint: `shape_regressor.safetensors` (tensors) + `shape_regressor.json` (config,
code layout, the tensors' sha256).  Anything missing, truncated, foreign or mis-shaped -> CheckpointError."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from ..errors import CheckpointError
from ..schema import BY_NAME
from .code import CODE_DIM, IDENTITY_ATTRIBUTES

FORMAT = "textface-shape-regressor"
VERSION = 1
STEM = "shape_regressor"
DEFAULT_DIR = Path(__file__).resolve().parent / "weights"


def code_layout() -> list[list]:
    return [[a, list(BY_NAME[a].values)] for a in IDENTITY_ATTRIBUTES]


def paths(location: str | Path | None) -> tuple[Path, Path]:
    p = Path(location) if location is not None else DEFAULT_DIR
    if p.suffix in (".json", ".safetensors"):
        p = p.with_suffix("")
        return p.with_suffix(".json"), p.with_suffix(".safetensors")
    return p / f"{STEM}.json", p / f"{STEM}.safetensors"


def save(location: str | Path, tensors: dict[str, np.ndarray], config: dict) -> tuple[Path, Path]:
    from safetensors.numpy import save_file

    cfg_path, st_path = paths(location)
    st_path.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: np.ascontiguousarray(v, np.float32) for k, v in tensors.items()}, str(st_path))
    full = {"format": FORMAT, "version": VERSION, "code_layout": code_layout(), **config,
            "tensors": {k: list(v.shape) for k, v in tensors.items()},
            "sha256": hashlib.sha256(st_path.read_bytes()).hexdigest()}
    cfg_path.write_text(json.dumps(full, indent=1) + "\n", encoding="utf-8")
    return cfg_path, st_path


def expected_shapes(cfg: dict) -> dict[str, tuple[int, ...]]:
    dims = (CODE_DIM + cfg["noise_dim"], *cfg["hidden"], cfg["n_identity"])
    out = {}
    for i, (a, b) in enumerate(zip(dims[:-1], dims[1:])):
        out[f"layers.{i}.weight"], out[f"layers.{i}.bias"] = (b, a), (b,)
    return out


def load(location: str | Path | None = None) -> tuple[dict[str, np.ndarray], dict]:
    """-> (tensors, config).  Raises CheckpointError with the reason and what to do."""
    cfg_path, st_path = paths(location)
    hint = "retrain with: python -m backend train shape"
    for p in (cfg_path, st_path):
        if not p.is_file():
            raise CheckpointError(f"shape weights incomplete: {p} not found; {hint}")
    try:
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(f"shape config {cfg_path} is not valid JSON ({exc}); {hint}") from None
    if not isinstance(cfg, dict) or cfg.get("format") != FORMAT:
        raise CheckpointError(f"{cfg_path} is not a shape regressor config (format {FORMAT!r} expected)")
    if cfg.get("version") != VERSION:
        raise CheckpointError(f"{cfg_path} has version {cfg.get('version')}, this build reads {VERSION}; {hint}")
    if cfg.get("code_layout") != code_layout():
        raise CheckpointError(f"{cfg_path} was trained for another attribute schema; {hint}")
    data = st_path.read_bytes()
    if hashlib.sha256(data).hexdigest() != cfg.get("sha256"):
        raise CheckpointError(f"{st_path} does not match its config (truncated or replaced); {hint}")
    from safetensors import SafetensorError
    from safetensors.numpy import load as load_bytes

    try:
        tensors = load_bytes(data)
        want = expected_shapes(cfg)
    except (SafetensorError, KeyError, TypeError) as exc:
        raise CheckpointError(f"shape weights {st_path} unreadable ({exc}); {hint}") from None
    got = {k: tuple(v.shape) for k, v in tensors.items()}
    if got != want:
        raise CheckpointError(f"shape weights {st_path} have tensors {got}, expected {want}; {hint}")
    return tensors, cfg
