"""Vertex sets and weights of the region-weighted vertex loss: landmarks >> eyes/nose/mouth > rest of
the face > back of head.  Feature regions are the face vertices near each landmark group (neutral
head); each set is subsampled (fixed seed) to keep training cheap on a CPU."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LANDMARK_GROUPS = {"eyes": range(36, 48), "nose": range(27, 36), "mouth": range(48, 68)}
RADIUS_CM = {"eyes": 1.2, "nose": 1.0, "mouth": 1.0}
WEIGHTS = {"landmarks": 10.0, "eyes": 3.0, "nose": 3.0, "mouth": 3.0, "face": 1.0, "back": 0.2}
SAMPLES = {"eyes": 400, "nose": 400, "mouth": 400, "face": 1200, "back": 300}
# Attributes whose triplet loss acts on a region.
REGION_ATTRIBUTES = {
    "face": ("face_shape", "face_width", "chin"),
    "eyes": ("eye_size", "eye_distance", "eye_tilt"),
    "nose": ("nose_length", "nose_width", "nose_bridge", "nose_tip"),
    "mouth": ("mouth_width", "lip_thickness"),
}


@dataclass(frozen=True)
class RegionSets:
    ids: dict  # region -> (n,) int vertex ids (landmarks first)
    weights: dict  # region -> float

    def all_ids(self) -> np.ndarray:
        return np.concatenate(list(self.ids.values()))


def region_sets(model, seed: int = 0) -> RegionSets:
    rng = np.random.default_rng(seed)
    face = model.regions["face"]
    pos = model.neutral[face]
    taken = np.zeros(len(face), bool)
    ids = {"landmarks": np.asarray(model.landmarks, np.int64)}
    for name, group in LANDMARK_GROUPS.items():
        lm = model.neutral[model.landmarks[list(group)]]
        near = np.min(np.linalg.norm(pos[:, None] - lm[None], axis=-1), 1) < RADIUS_CM[name]
        near &= ~taken
        taken |= near
        ids[name] = np.sort(rng.choice(face[near], min(SAMPLES[name], int(near.sum())), replace=False))
    ids["face"] = np.sort(rng.choice(face[~taken], SAMPLES["face"], replace=False))
    back = model.regions["head_and_neck"]
    ids["back"] = np.sort(rng.choice(back, min(SAMPLES["back"], len(back)), replace=False))
    return RegionSets(ids={k: v.astype(np.int64) for k, v in ids.items()}, weights=dict(WEIGHTS))
