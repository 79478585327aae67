"""Reading CLIP weights files without unpickling arbitrary objects, and fitting them to a model.

Accepted: safetensors, or a torch file loaded with `weights_only=True` (a bare state dict, or open_clip's
training checkpoint `{"state_dict": {"module.…": …}}`).  Everything that goes wrong becomes a
`CheckpointError` that names the file and says what is wrong with it.
"""
from __future__ import annotations

import pickle
import re
import zipfile
from pathlib import Path

import torch

from ..errors import CheckpointError
from .weights_file import file_problem, looks_like_safetensors

_EXAMPLES = 3
_REFUSED_GLOBAL = re.compile(r"GLOBAL ([A-Za-z_][\w.]{0,200})")  # the class a weights_only load refused


def read_state_dict(path: str | Path) -> dict[str, torch.Tensor]:
    """Tensors of a weights file, keys without a DistributedDataParallel `module.` prefix."""
    p = Path(path)
    if not p.is_file():
        raise CheckpointError(f"CLIP weights file not found: {p}")
    problem = file_problem(p)  # empty, neither format, a cut safetensors header: the options' own check
    if problem:
        raise CheckpointError(problem)
    with p.open("rb") as fh:
        head = fh.read(16)
    if looks_like_safetensors(head):
        raw = _read_safetensors(p)
    else:
        raw = _read_torch(p, head)
    return _unwrap(raw, p)


def _read_safetensors(p: Path) -> dict:
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    try:
        return load_file(str(p), device="cpu")
    except SafetensorError as exc:
        raise CheckpointError(f"CLIP weights file {p} is not a readable safetensors file "
                              f"(truncated or corrupt?): {exc}") from exc


def _read_torch(p: Path, head: bytes) -> object:
    is_zip = head.startswith(b"PK\x03\x04")  # else torch's pre-1.6 pickle (file_problem allowed only these)
    if is_zip and _is_torchscript(p):
        # (torch.load refuses these with weights_only=True, as a RuntimeError that reads like corruption)
        raise CheckpointError(f"CLIP weights file {p} is a TorchScript archive (such as OpenAI's original "
                              f"ViT-B-32.pt), which cannot be loaded safely (weights_only=True); use open_clip's "
                              f"safetensors weights, or save the model's state_dict() from a trusted session")
    try:
        return torch.load(str(p), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        # weights_only refuses anything but tensors and plain containers: a whole pickled model and
        # arbitrary objects land here.  torch's own text advises weights_only=False (code execution for
        # an untrusted file) or allow-listing the class, so only the refused class's name is kept.
        found = _REFUSED_GLOBAL.search(str(exc))
        what = f" (it pickles {found.group(1)})" if found else ""
        raise CheckpointError(f"CLIP weights file {p} holds more than tensors{what} and cannot be loaded "
                              f"safely (weights_only=True); use open_clip's safetensors weights, or save "
                              f"model.state_dict() from a trusted session") from None
    except (RuntimeError, EOFError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise CheckpointError(f"CLIP weights file {p} is not a readable torch checkpoint "
                              f"(truncated or corrupt?): {str(exc).splitlines()[0]}") from exc


def _is_torchscript(p: Path) -> bool:
    """A zip written by torch.jit.save (it holds constants.pkl and the module's code; torch.save's
    zips hold neither).  A zip that cannot be read is left to torch.load's own error."""
    try:
        with zipfile.ZipFile(p) as z:
            return any(n.endswith("/constants.pkl") or "/code/" in n for n in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def _unwrap(raw: object, p: Path) -> dict[str, torch.Tensor]:
    if isinstance(raw, dict) and isinstance(raw.get("state_dict"), dict):
        raw = raw["state_dict"]
    if not isinstance(raw, dict) or not raw:
        raise CheckpointError(f"CLIP weights file {p} holds no state dict (found {type(raw).__name__})")
    bad = [k for k, v in raw.items() if not isinstance(k, str) or not isinstance(v, torch.Tensor)]
    if bad:
        raise CheckpointError(f"CLIP weights file {p} is not a state dict: entries that are not tensors, "
                              f"e.g. {', '.join(map(repr, bad[:_EXAMPLES]))}")
    if all(k.startswith("module.") for k in raw):
        raw = {k[len("module."):]: v for k, v in raw.items()}
    return raw


def fit_state_dict(model: torch.nn.Module, state: dict[str, torch.Tensor], source: str, model_name: str) -> None:
    """Load `state` into `model` strictly; mismatches become one CheckpointError that lists them."""
    state = _harmonise(model, state)
    own = model.state_dict()
    missing = [k for k in own if k not in state]
    unexpected = [k for k in state if k not in own]
    shapes = [f"{k}: file {tuple(state[k].shape)} vs model {tuple(own[k].shape)}"
              for k in own if k in state and state[k].shape != own[k].shape]
    if missing or unexpected or shapes:
        parts = []
        if missing:
            parts.append(f"{len(missing)} missing (e.g. {', '.join(missing[:_EXAMPLES])})")
        if unexpected:
            parts.append(f"{len(unexpected)} unexpected (e.g. {', '.join(unexpected[:_EXAMPLES])})")
        if shapes:
            parts.append(f"{len(shapes)} of another shape (e.g. {'; '.join(shapes[:_EXAMPLES])})")
        raise CheckpointError(f"CLIP weights {source} do not fit open_clip model {model_name!r}: "
                              f"{'; '.join(parts)}. Were they saved from another model? "
                              f"Pass the matching --clip-model.")
    nonfinite = [k for k, v in state.items() if v.is_floating_point() and not bool(torch.isfinite(v).all())]
    if nonfinite:
        raise CheckpointError(f"CLIP weights {source} contain NaN or infinite values "
                              f"(e.g. {', '.join(nonfinite[:_EXAMPLES])})")
    model.load_state_dict(state, strict=True)


def _harmonise(model: torch.nn.Module, state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Format differences open_clip itself tolerates: old text-tower layout, scalar vs 1-d logit scale."""
    from open_clip.factory import convert_to_custom_text_state_dict

    if "positional_embedding" in state and not hasattr(model, "positional_embedding"):
        state = convert_to_custom_text_state_dict(state)
    scale = getattr(model, "logit_scale", None)
    if isinstance(scale, torch.Tensor) and "logit_scale" in state and state["logit_scale"].numel() == scale.numel():
        state = {**state, "logit_scale": state["logit_scale"].reshape(scale.shape)}
    return state
