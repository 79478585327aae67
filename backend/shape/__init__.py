"""Shape synthesis: descriptive code + noise -> ICT identity coefficients; expression presets.

Cheap to import (numpy only); training and evaluation modules import torch themselves.
"""
from __future__ import annotations

import functools

from .expression import PRESETS, expression_weights
from .model import ShapeModel


@functools.lru_cache(maxsize=1)
def load_shape_model() -> ShapeModel:
    """The default trained weights (backend/shape/weights), loaded once per process."""
    return ShapeModel.load()


def sample_identity(concrete, seed: int, n: int = 1, strength=None):
    return load_shape_model().sample_identity(concrete, seed=seed, n=n, strength=strength)


__all__ = ["PRESETS", "ShapeModel", "expression_weights", "load_shape_model", "sample_identity"]
