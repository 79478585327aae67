"""Closed eyelids must cover the eyeballs.

The ICT model's eyeBlink keys are one offset for every identity.  On heads whose eyeballs sit further
forward the closed lids leave the cornea showing (on this model: 26 of 150 N(0,1) heads, about 1 in 10
of the regressor's draws).  That breaks a rig driven by face capture as well as an "eyes closed" or
"winking" head, so the pipeline draws such a head again (`ShapeModel.sample_identity(accept=...)`).

The check renders the eye region from the front with both lids closed (the head's own expression,
its eye keys replaced by eyeBlink 1), 128 px over about 13 cm, and counts the eyeball pixels that show.
Rendering, not a depth comparison at fixed points: the lid's margin and the eye corners slide over the
eyeball as the identity changes, and fixed correspondences flagged three times as many heads as show
anything.  `python -m backend bench shape`: 20-31 ms per head (min-median, 2 threads, load 3).

The same view measures how much of the irises the head's own lids leave showing (`iris_shown`).  Heavy lids
("looks tired", expression.py) lower the upper lids part way, never to the lower lid: they need no redraw.
"""
from __future__ import annotations

import numpy as np

from .expression import EYE_KEYS

RESOLUTION = 128
DISTANCE_CM, FOV_DEG = 60.0, 12.0  # about 12.6 cm across at the eyes: both eyes and their lids
MARGIN_CM = 1.0  # around the eyeballs' box, for the lids and the skin around them

_CHECKS: dict = {}  # id(model) -> (model, LidCheck): built once per loaded model


class LidCheck:
    """The eye region of a FaceModel, planned once: `shown(identity, expression)` -> (B,) int."""

    def __init__(self, model):
        import torch

        from ..render.camera import Camera
        from ..render.preview import opaque_triangles
        from ..render.topology import Topology

        names = list(model.expression_names)
        self.blink = np.zeros(len(names), np.float32)
        self.blink[[names.index("eyeBlink_L"), names.index("eyeBlink_R")]] = 1.0
        self.eye_keys = [names.index(k) for k in EYE_KEYS]
        eye = model.region_mask("eyeball_left") | model.region_mask("eyeball_right")
        closed = model.neutral + np.tensordot(self.blink, model.expression_basis, 1)
        lo, hi = closed[eye].min(0) - MARGIN_CM, closed[eye].max(0) + MARGIN_CM
        hi[2] += 4 * MARGIN_CM  # the lids and brow ridge in front of the eyeballs
        tris = np.asarray(model.triangles)[opaque_triangles(model)]
        near = np.all((closed >= lo) & (closed <= hi), 1)
        tris = tris[near[tris].all(1)]
        self.vertices = np.unique(tris)
        local = np.full(model.n_vertices, -1, np.int64)
        local[self.vertices] = np.arange(len(self.vertices))
        # built once: with the tables the rasterizer adds (13.6k triangles) ~30 ms of CPU (median of 5, 2026-12)
        self.topology = Topology(torch.tensor(local[tris]), len(self.vertices))
        self.eyeball = eye[tris].all(1)  # (T,) the triangles that must not show
        self.iris = _cornea(model)[tris].all(1)
        self.neutral = model.neutral[self.vertices]
        self.identity_basis = model.identity_basis[:, self.vertices]
        self.expression_basis = model.expression_basis[:, self.vertices]
        centre = tuple(float(c) for c in closed[eye].mean(0))
        camera = Camera(eye=(centre[0], centre[1], centre[2] + DISTANCE_CM), target=centre, fov_deg=FOV_DEG)
        self.clip = (camera.projection_matrix() @ camera.view_matrix()).T.float().contiguous()  # rows: v @ clip

    def _pixels(self, identity: np.ndarray, weights: np.ndarray, triangles: np.ndarray) -> np.ndarray:
        """(B, K) identity, (E,) expression weights -> (B,) int: pixels of the `triangles` (T,) bool that show."""
        import torch

        from ..render.rasterize import rasterize

        base = self.neutral + np.tensordot(weights, self.expression_basis, 1)
        identity = np.atleast_2d(np.asarray(identity, np.float32))
        out = np.zeros(len(identity), np.int64)
        for i, x in enumerate(identity):
            v = torch.from_numpy((base + np.tensordot(x, self.identity_basis, 1)).astype(np.float32))
            with torch.no_grad():
                tri_id = rasterize(torch.cat([v, torch.ones(len(v), 1)], 1) @ self.clip, self.topology,
                                   RESOLUTION).tri_id
            tri_id = tri_id[tri_id >= 0].numpy()  # (-1: background)
            out[i] = int(triangles[tri_id].sum())
        return out

    def shown(self, identity: np.ndarray, expression: np.ndarray | None = None) -> np.ndarray:
        """(B, K) identity coefficients [+ the heads' expression weights (E,)] -> (B,) int: eyeball
        pixels that show with both lids closed (0: the lids cover the eyes)."""
        weights = self.blink.copy() if expression is None else np.asarray(expression, np.float32).copy()
        weights[self.eye_keys] = 0.0
        return self._pixels(identity, np.maximum(weights, self.blink), self.eyeball)

    def iris_shown(self, identity: np.ndarray, expression: np.ndarray | None = None) -> np.ndarray:
        """(B, K) identity [+ expression weights (E,), as they are: no lid is closed] -> (B,) int: iris
        pixels seen from the front (how far heavy or squinting lids cover the eyes)."""
        weights = np.zeros_like(self.blink) if expression is None else np.asarray(expression, np.float32)
        return self._pixels(identity, weights, self.iris)


def _cornea(model) -> np.ndarray:
    """(V,) bool: the eyeball surface in front of the irises (the iris meshes sit behind it, unseen)."""
    out = np.zeros(model.n_vertices, bool)
    for side in ("left", "right"):
        ball, iris = model.region_mask(f"eyeball_{side}"), model.region_mask(f"iris_{side}")
        centre = model.neutral[ball].mean(0)
        axis = model.neutral[iris].mean(0) - centre
        axis /= np.linalg.norm(axis)
        d = model.neutral - centre
        along = d @ axis
        off_axis = np.linalg.norm(d - along[:, None] * axis, axis=1)  # distance from the gaze axis
        out |= ball & (along > 0) & (off_axis < off_axis[iris].max())
    return out


def lid_check(model) -> LidCheck:
    """The LidCheck of `model`, built on first use."""
    entry = _CHECKS.get(id(model))
    if entry is None or entry[0] is not model:
        if len(_CHECKS) >= 4:  # (a process loads one model; tests load a few)
            _CHECKS.clear()
        entry = _CHECKS[id(model)] = (model, LidCheck(model))
    return entry[1]


def lids_cover(model, expression: np.ndarray | None = None):
    """An `accept` for `ShapeModel.sample_identity`: (B, K) identity -> (B,) bool, the closed lids
    cover the eyes.  Remembers its answers, so asking again about the head a draw chose costs nothing."""
    check, seen = lid_check(model), {}

    def covered(identity) -> np.ndarray:
        heads = np.atleast_2d(np.asarray(identity, np.float32))
        new = [x for x in heads if x.tobytes() not in seen]
        if new:
            for x, shown in zip(new, check.shown(np.stack(new), expression)):
                seen[x.tobytes()] = bool(shown == 0)
        return np.array([seen[x.tobytes()] for x in heads], bool)

    return covered
