"""What refinement optimises of the texture, per texture model.

A `TextureProblem` gives the loop its texture parameters (tensors), a differentiable albedo function of
them, and `finish` to turn the optimised parameters back into the head's albedo image and JSON params.
A texture model without differentiable parameters keeps its albedo, and `note` says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from .scene import AlbedoFn, fixed_albedo


@dataclass
class TextureProblem:
    albedo_fn: AlbedoFn
    params: dict[str, torch.Tensor]
    finish: Callable[[dict[str, np.ndarray]], tuple[np.ndarray, dict]]  # -> (albedo uint8, params JSON)
    note: str
    uvs: np.ndarray  # (T, 2) UVs the albedo is laid out for
    face_uv_indices: np.ndarray  # (N_corners,)


def _kept(head, device, reason: str) -> TextureProblem:
    image = np.asarray(head.albedo)
    return TextureProblem(albedo_fn=fixed_albedo(image, device), params={},
                          finish=lambda _: (image, head.texture_params),
                          note=f"albedo kept: {reason}", uvs=head.uvs, face_uv_indices=head.face_uv_indices)


def texture_problem(head, device) -> TextureProblem:
    return _kept(head, device, f"texture model {head.texture_model!r} has no differentiable parameters")


def bench_texture_problem(model, device) -> TextureProblem:
    """A plain skin-coloured 512 px atlas over the model's own UVs (benchmark)."""
    image = np.empty((512, 512, 3), np.uint8)
    image[...] = (205, 160, 140)
    head = type("BenchHead", (), {"albedo": image, "texture_params": {}, "uvs": model.uvs,
                                  "face_uv_indices": model.face_uv_indices, "texture_model": "flat"})
    return _kept(head, device, "flat skin colour (benchmark)")
