"""Camera and light augmentations for refinement: several views per step, so the result holds from
every side and not only in the paper's single front view.

Angles in degrees.  Yaw turns the camera about the head's vertical (Y) axis: 0 looks at the face
(+Z), positive yaw moves the camera towards the head's left (+X).  Light direction is the direction
the light comes from, in the camera's frame (x right, y up, z towards the camera), so every view is lit
from its own front hemisphere.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# Yaw range sampled during refinement: front to near-profile on both sides.  Beyond ~80 degrees the
# face is mostly hidden and CLIP judges hair-less back of the head, which the phrases do not describe.
YAW_LIMIT = 80.0


@dataclass(frozen=True)
class View:
    yaw: float = 0.0
    pitch: float = 0.0
    distance_scale: float = 1.0  # multiplies the renderer's standard framing distance
    fov_scale: float = 1.0
    light_dir: tuple[float, float, float] = (0.3, 0.4, 1.0)
    light_intensity: float = 0.8
    ambient: float = 0.35
    background: tuple[float, float, float] = (1.0, 1.0, 1.0)


# Fixed views for before/after measurements (no randomness): front, three-quarters, profiles.
EVALUATION_VIEWS: dict[str, View] = {
    "front": View(),
    "three_quarter_left": View(yaw=40.0),
    "three_quarter_right": View(yaw=-40.0),
    "profile_left": View(yaw=75.0),
    "profile_right": View(yaw=-75.0),
}


def sample_views(rng: np.random.Generator, n: int, jitter: bool = True) -> list[View]:
    """n views for one step: yaw stratified over [-YAW_LIMIT, YAW_LIMIT] (one random yaw per stratum,
    so every step sees left, front and right), with jittered pitch, framing, light and background."""
    if n < 1:
        raise ValueError(f"need at least one view per step, got {n}")
    edges = np.linspace(-YAW_LIMIT, YAW_LIMIT, n + 1)
    if not jitter:
        centres = 0.5 * (edges[:-1] + edges[1:]) if n > 1 else np.zeros(1)
        return [View(yaw=float(y)) for y in centres]
    views = []
    for i in range(n):
        yaw = float(rng.uniform(edges[i], edges[i + 1])) if n > 1 else float(rng.uniform(-30.0, 30.0))
        views.append(View(
            yaw=yaw,
            pitch=float(rng.uniform(-12.0, 12.0)),
            distance_scale=float(rng.uniform(0.92, 1.1)),
            fov_scale=float(rng.uniform(0.95, 1.05)),
            light_dir=_light_direction(rng),
            light_intensity=float(rng.uniform(0.55, 1.0)),
            ambient=float(rng.uniform(0.2, 0.5)),
            # random flat backgrounds keep CLIP from reading the phrase into a fixed backdrop
            background=tuple(float(c) for c in rng.uniform(0.0, 1.0, size=3)),
        ))
    return views


def _light_direction(rng: np.random.Generator) -> tuple[float, float, float]:
    """A direction in the front hemisphere, at most ~70 degrees from the view axis."""
    azimuth = rng.uniform(-70.0, 70.0)
    elevation = rng.uniform(-20.0, 60.0)
    a, e = math.radians(azimuth), math.radians(elevation)
    return (math.sin(a) * math.cos(e), math.sin(e), math.cos(a) * math.cos(e))
