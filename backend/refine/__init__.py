"""CLIP refinement of abstract phrases: open_clip registry/loading, objective, loop, head integration.

Importing this package is cheap (no torch, no open_clip, no network); names load on first use.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "ClipModel": "registry", "load_clip": "registry", "build_clip": "registry",
    "available_models": "registry", "UnknownClipModel": "registry", "ClipWeightsMissing": "registry",
    "NO_WEIGHTS_REASON": "registry", "DEFAULT_MODEL": "registry",
    "read_state_dict": "checkpoint",
    "ClipObjective": "objective",
    "View": "views", "sample_views": "views", "EVALUATION_VIEWS": "views",
    "RefineSettings": "loop", "RefineOutcome": "loop", "refine": "loop",
    "RefineStatus": "status",
    "refine_head_arrays": "head",
}


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = sorted(_EXPORTS)
