"""CLIP models by name, in the style of open_clip: a named config plus weights.

Weights come from a local file (safetensors, or a state dict read with `weights_only=True`) or, when
online, from an open_clip pretrained tag (downloaded by open_clip into the Hugging Face cache, then read
with the same safe reader).  `build_clip` gives randomly initialised weights for benchmarks and tests;
nothing here pretends random weights are a usable model.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import torch

from ..errors import CheckpointError, TextFaceError
from .checkpoint import fit_state_dict, read_state_dict
from .fast_attention import speed_up_image_tower
from .weights_file import weights_path_problem

DEFAULT_MODEL = "ViT-B-32"
NO_WEIGHTS_REASON = ("no CLIP weights configured: pass --clip-weights PATH (a safetensors file or a torch "
                     "state dict of the --clip-model, default ViT-B-32) or, when online, an open_clip "
                     "pretrained tag such as laion2b_s34b_b79k")  # (starts with weights_file.NO_WEIGHTS)
_HUB_HOST = "huggingface.co"


class UnknownClipModel(TextFaceError, ValueError):
    """A CLIP model name or pretrained tag open_clip does not know; the message lists valid ones."""


class ClipWeightsMissing(TextFaceError):
    """No CLIP weights were configured; refinement cannot run (callers record it as skipped)."""


@dataclass(frozen=True, eq=False)
class ClipModel:
    """A loaded CLIP model, frozen (no gradients to its weights), with what is needed to feed it."""

    model: torch.nn.Module
    tokenizer: object  # open_clip tokenizer: list[str] -> (N, context) int64
    name: str
    source: str  # weights file path, "pretrained:TAG" or "random-init"
    image_size: tuple[int, int]
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    device: torch.device

    @property
    def random_weights(self) -> bool:
        return self.source == "random-init"


def available_models() -> list[str]:
    import open_clip

    return sorted(open_clip.list_models())


def _check_name(model_name: str) -> None:
    names = available_models()
    if model_name not in names:
        raise UnknownClipModel(f"unknown CLIP model {model_name!r}; valid names: {', '.join(names)}")


def build_clip(model_name: str = DEFAULT_MODEL, device: str | torch.device = "cpu",
               quick_gelu: bool = False) -> ClipModel:
    """The named architecture with random weights (benchmarks, tests, and the base of `load_clip`)."""
    import open_clip

    _check_name(model_name)
    dev = torch.device(device)
    model = open_clip.create_model(model_name, pretrained=None, device=dev, force_quick_gelu=quick_gelu)
    model.eval().requires_grad_(False)
    speed_up_image_tower(model)  # same numbers, ~40% less time per refinement step
    pre = getattr(model.visual, "preprocess_cfg", {}) or {}
    size = model.visual.image_size
    size = (size, size) if isinstance(size, int) else tuple(size)
    return ClipModel(model=model, tokenizer=open_clip.get_tokenizer(model_name), name=model_name,
                     source="random-init", image_size=size,
                     mean=tuple(pre.get("mean", open_clip.OPENAI_DATASET_MEAN)),
                     std=tuple(pre.get("std", open_clip.OPENAI_DATASET_STD)), device=dev)


def load_clip(model_name: str = DEFAULT_MODEL, weights: str | Path | None = None,
              device: str | torch.device = "cpu") -> ClipModel:
    """The named open_clip model with weights from a local file or an open_clip pretrained tag."""
    if weights is None or str(weights).strip() == "":
        raise ClipWeightsMissing(NO_WEIGHTS_REASON)
    _check_name(model_name)
    path = Path(str(weights)).expanduser()
    if path.is_file():
        state = read_state_dict(path)  # a bad file is reported before seconds of model building
        return _with_state(_build_for_weights(model_name, device), state, str(path))
    problem = weights_path_problem(weights)
    if problem:
        raise CheckpointError(problem)
    return _from_tag(model_name, str(weights), device)


def _build_for_weights(model_name: str, device, quick_gelu: bool = False) -> ClipModel:
    """build_clip for weights that are loaded next: open_clip's warning that the model was "initialized
    randomly" would be false there, so it is dropped (that message only, and only while building)."""
    import logging

    quiet = _DropRandomInitWarning()
    root = logging.getLogger()  # open_clip logs through the root logger
    root.addFilter(quiet)
    try:
        return build_clip(model_name, device, quick_gelu=quick_gelu)
    finally:
        root.removeFilter(quiet)


class _DropRandomInitWarning:
    def filter(self, record) -> bool:
        return not str(record.msg).startswith("No pretrained weights loaded for model")


def _with_state(clip: ClipModel, state: dict, source: str) -> ClipModel:
    fit_state_dict(clip.model, state, source, clip.name)
    clip.model.to(clip.device).eval().requires_grad_(False)
    return ClipModel(**{**clip.__dict__, "source": source})


def _from_tag(model_name: str, tag: str, device) -> ClipModel:
    import open_clip

    cfg = open_clip.get_pretrained_cfg(model_name, tag)
    if not cfg:
        tags = open_clip.list_pretrained_tags_by_model(model_name)
        known = f"pretrained tags of {model_name}: {', '.join(tags)}" if tags else f"{model_name} has no pretrained tags"
        raise UnknownClipModel(f"CLIP weights {tag!r} are neither an existing file nor a pretrained tag; {known}")
    path = _download(model_name, tag, cfg)
    state = read_state_dict(path)
    clip = _build_for_weights(model_name, device, quick_gelu=bool(cfg.get("quick_gelu", False)))
    clip = ClipModel(**{**clip.__dict__, "mean": tuple(cfg.get("mean", clip.mean)),
                        "std": tuple(cfg.get("std", clip.std))})
    return _with_state(clip, state, f"pretrained:{tag} ({path})")


def _download(model_name: str, tag: str, cfg: dict) -> str:
    """Path of the tag's weights: from the local hub cache, else downloaded by open_clip."""
    import open_clip
    from open_clip.constants import HF_SAFE_WEIGHTS_NAME, HF_WEIGHTS_NAME

    hub = cfg.get("hf_hub", "")
    if hub:
        from huggingface_hub import try_to_load_from_cache

        repo, filename = hub.rstrip("/"), None
        if not hub.endswith("/"):
            repo, filename = hub.rsplit("/", 1)
        for name in ([filename] if filename else [HF_SAFE_WEIGHTS_NAME, HF_WEIGHTS_NAME]):
            cached = try_to_load_from_cache(repo, name)
            if isinstance(cached, str):
                return cached
    host = _HUB_HOST if hub else urlparse(cfg.get("url", "")).hostname or _HUB_HOST
    # Offline, open_clip retries for about a minute before failing; a name lookup fails at once.
    try:
        socket.getaddrinfo(host, 443)
    except OSError as exc:
        raise CheckpointError(f"CLIP pretrained tag {tag!r} of {model_name} must be downloaded from {host}, "
                              f"which cannot be reached ({exc}); pass --clip-weights PATH to a local "
                              f"weights file instead") from exc
    try:
        path = open_clip.download_pretrained(cfg)
    except (OSError, RuntimeError, ValueError) as exc:  # FileNotFoundError, hub and HTTP errors
        raise CheckpointError(f"could not download CLIP pretrained tag {tag!r} of {model_name}: {exc}") from exc
    if not path:
        raise CheckpointError(f"open_clip gave no download location for tag {tag!r} of {model_name}")
    return path
