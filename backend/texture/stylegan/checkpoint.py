"""Self-describing StyleGAN2 checkpoints: one safetensors file whose metadata holds the JSON config.

Keys: "G.*" the generator used for inference (the EMA copy when trained here), and optionally
"G_train.*" and "D.*" for resuming training.  Metadata: format, format_version, config (JSON),
label (the attribute names and values the label was built from), steps.  Loading never unpickles:
anything that is not such a safetensors file raises CheckpointError with one clear message.
"""
from __future__ import annotations

import json
from pathlib import Path

import torch

from ...errors import CheckpointError
from ...schema import BY_NAME
from .checkpoint_header import FORMAT, FORMAT_VERSION, checkpoint_problem
from .labels import LABEL_ATTRIBUTES, LABEL_DIM
from .networks import Discriminator, Generator, StyleGANConfig


def _label_schema() -> list:
    return [[name, list(BY_NAME[name].values)] for name in LABEL_ATTRIBUTES]


def save_checkpoint(path: str | Path, G: Generator, D: Discriminator | None = None, G_train: Generator | None = None,
                    steps: int = 0) -> Path:
    """Write atomically (temp file + rename)."""
    from safetensors.torch import save_file

    path = Path(path)
    tensors = {f"G.{k}": v.detach().cpu().contiguous() for k, v in G.state_dict().items()}
    for prefix, net in (("D.", D), ("G_train.", G_train)):
        if net is not None:
            tensors.update({prefix + k: v.detach().cpu().contiguous() for k, v in net.state_dict().items()})
    meta = {"format": FORMAT, "format_version": FORMAT_VERSION, "config": json.dumps(G.cfg.to_dict()),
            "label": json.dumps(_label_schema()), "steps": str(int(steps))}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    save_file(tensors, str(tmp), metadata=meta)
    return tmp.replace(path)


def read_checkpoint(path: str | Path) -> tuple[StyleGANConfig, dict, dict]:
    """-> (config, metadata, tensors).  Raises CheckpointError for missing, pickled, truncated or
    foreign files."""
    from safetensors import SafetensorError, safe_open

    path = Path(path).expanduser()
    problem = checkpoint_problem(path)  # missing, pickled, not safetensors, another format or version
    if problem:
        raise CheckpointError(problem)
    try:
        with safe_open(str(path), framework="pt") as f:
            meta = f.metadata() or {}
            tensors = {k: f.get_tensor(k) for k in f.keys()}
    except (SafetensorError, OSError, ValueError) as exc:
        raise CheckpointError(f"{path} is not a readable safetensors file (truncated or corrupt?): {exc}") from None
    try:
        cfg = StyleGANConfig(**json.loads(meta["config"])).validate()
        label = json.loads(meta["label"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"{path} has an unreadable config in its metadata: {exc}") from None
    if label != _label_schema() or cfg.c_dim not in (0, LABEL_DIM):
        raise CheckpointError(f"{path} was trained with a different attribute schema; retrain it with this version")
    return cfg, meta, tensors


def _build(cls, cfg: StyleGANConfig, tensors: dict, prefix: str, path: Path) -> torch.nn.Module:
    """A `cls` network holding the file's `prefix` weights.  Names and shapes are checked against a
    network built on the meta device first (no memory), so a file whose config and tensors disagree
    is refused before anything is allocated."""
    state = {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}
    with torch.device("meta"):
        expected = cls(cfg).state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    if missing or unexpected:
        raise CheckpointError(f"{path}: {prefix[:-1]} weights do not match the config "
                              f"(missing {missing[:3]}{'...' if len(missing) > 3 else ''}, "
                              f"unexpected {unexpected[:3]}{'...' if len(unexpected) > 3 else ''})")
    for k, v in state.items():
        if tuple(v.shape) != tuple(expected[k].shape):
            raise CheckpointError(f"{path}: {prefix}{k} has shape {tuple(v.shape)}, the config needs "
                                  f"{tuple(expected[k].shape)}")
        if not torch.isfinite(v).all():
            raise CheckpointError(f"{path}: {prefix}{k} holds NaN or infinite values")
    net = cls(cfg)
    net.load_state_dict(state)
    return net


def load_generator(path: str | Path, device: str = "cpu") -> Generator:
    cfg, _, tensors = read_checkpoint(path)
    G = _build(Generator, cfg, tensors, "G.", Path(path))
    return G.eval().requires_grad_(False).to(device)


def load_training_state(path: str | Path) -> tuple[Generator, Generator, Discriminator, int]:
    """(G_train, G_ema, D, steps) for resuming."""
    cfg, meta, tensors = read_checkpoint(path)
    if not any(k.startswith("D.") for k in tensors):
        raise CheckpointError(f"{path} holds no discriminator; it cannot resume training")
    G_ema = _build(Generator, cfg, tensors, "G.", Path(path))
    G = _build(Generator, cfg, tensors, "G_train.", Path(path))
    D = _build(Discriminator, cfg, tensors, "D.", Path(path))
    try:
        steps = int(meta.get("steps", 0))
    except ValueError:
        raise CheckpointError(f"{path} has a step count that is not a number: {meta['steps']!r}") from None
    return G, G_ema, D, steps
