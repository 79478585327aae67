"""Perspective cameras: look-at view matrices, OpenGL-style projection, standard views of a head.

Conventions: world units are the model's (cm, Y up, the face looks along +Z).  A camera looks along
its own -Z with +Y up and +X right (OpenGL).  Clip space is OpenGL's: a point is in front of the near
plane when z_clip >= -w_clip, and NDC y = +1 is the top row of the image.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import torch

from .errors import RenderError

Vec3 = tuple[float, float, float]

# Framing of the ICT head (cm): centre of its bounding box and a radius that holds head and neck.
HEAD_CENTER: Vec3 = (0.0, -2.4, 1.9)
HEAD_RADIUS = 19.0
DEFAULT_FOV = 20.0  # degrees, vertical; a portrait lens with little perspective distortion


def _vec(x, name: str) -> torch.Tensor:
    v = torch.as_tensor(x, dtype=torch.float64)
    if v.shape != (3,) or not torch.isfinite(v).all():
        raise RenderError(f"{name} must be 3 finite numbers, got {x!r}")
    return v


def look_at(eye, target, up=(0.0, 1.0, 0.0)) -> torch.Tensor:
    """(4, 4) float64 world-to-camera matrix of a camera at `eye` looking at `target`."""
    e, t, u = _vec(eye, "eye"), _vec(target, "target"), _vec(up, "up")
    f = t - e
    if f.norm() == 0:
        raise RenderError("camera eye and target coincide")
    f = f / f.norm()
    r = torch.linalg.cross(f, u)
    if r.norm() < 1e-9:
        raise RenderError("camera up vector is parallel to the viewing direction")
    r = r / r.norm()
    u2 = torch.linalg.cross(r, f)
    m = torch.eye(4, dtype=torch.float64)
    m[0, :3], m[1, :3], m[2, :3] = r, u2, -f
    m[:3, 3] = -m[:3, :3] @ e
    return m


def perspective(fov_deg: float, aspect: float, near: float, far: float) -> torch.Tensor:
    """(4, 4) float64 OpenGL projection; fov is vertical, aspect = width / height."""
    if not 0 < fov_deg < 180:
        raise RenderError(f"field of view must be in (0, 180) degrees, got {fov_deg}")
    if not 0 < near < far:
        raise RenderError(f"need 0 < near < far, got near={near}, far={far}")
    f = 1.0 / math.tan(math.radians(fov_deg) / 2)
    m = torch.zeros(4, 4, dtype=torch.float64)
    m[0, 0], m[1, 1] = f / aspect, f
    m[2, 2], m[2, 3] = (far + near) / (near - far), 2 * far * near / (near - far)
    m[3, 2] = -1.0
    return m


@dataclass(frozen=True)
class Camera:
    """A perspective camera.  near/far default to a range around `target` that holds the head."""

    eye: Vec3
    target: Vec3 = HEAD_CENTER
    up: Vec3 = (0.0, 1.0, 0.0)
    fov_deg: float = DEFAULT_FOV
    near: float | None = None
    far: float | None = None

    def view_matrix(self) -> torch.Tensor:
        return look_at(self.eye, self.target, self.up)

    def clip_range(self) -> tuple[float, float]:
        dist = float(torch.linalg.vector_norm(_vec(self.eye, "eye") - _vec(self.target, "target")))
        near = self.near if self.near is not None else max(dist - 3 * HEAD_RADIUS, 0.05 * dist)
        far = self.far if self.far is not None else dist + 3 * HEAD_RADIUS
        return near, far

    def projection_matrix(self, aspect: float = 1.0) -> torch.Tensor:
        near, far = self.clip_range()
        return perspective(self.fov_deg, aspect, near, far)

    def matrix(self, aspect: float = 1.0) -> torch.Tensor:
        """(4, 4) float64 world-to-clip matrix."""
        return self.projection_matrix(aspect) @ self.view_matrix()

    @staticmethod
    def orbit(yaw: float = 0.0, pitch: float = 0.0, distance: float | None = None, target: Vec3 = HEAD_CENTER,
              fov_deg: float = DEFAULT_FOV, radius: float = HEAD_RADIUS) -> "Camera":
        """A camera on a sphere around `target`.  yaw 0 looks at the face (camera on +Z); positive yaw
        moves the camera towards the head's left (+X); positive pitch moves it up.  Degrees.
        `distance` defaults to `framing_distance(radius, fov_deg)`."""
        d = framing_distance(radius, fov_deg) if distance is None else float(distance)
        if not d > 0:
            raise RenderError(f"camera distance must be positive, got {distance}")
        y, p = math.radians(yaw), math.radians(pitch)
        offset = (d * math.cos(p) * math.sin(y), d * math.sin(p), d * math.cos(p) * math.cos(y))
        eye = tuple(t + o for t, o in zip(target, offset))
        return Camera(eye=eye, target=tuple(target), fov_deg=fov_deg)


def framing_distance(radius: float = HEAD_RADIUS, fov_deg: float = DEFAULT_FOV) -> float:
    """Distance at which a sphere of `radius` just fills the vertical field of view."""
    return radius / math.sin(math.radians(fov_deg) / 2)


STANDARD_YAWS = {"front": 0.0, "three_quarter": 45.0, "profile": 90.0,
                 "three_quarter_right": -45.0, "profile_right": -90.0, "back": 180.0}


def views(names=("front", "three_quarter", "profile"), *, target: Vec3 = HEAD_CENTER, radius: float = HEAD_RADIUS,
          fov_deg: float = DEFAULT_FOV, pitch: float = 0.0) -> list[Camera]:
    """Standard cameras around a head: front, three_quarter (45 degrees towards the head's left),
    profile (90 degrees), their `_right` mirrors and back.  Framed so a sphere of `radius` about
    `target` fills the image height (defaults: the ICT head in cm)."""
    cams = []
    for n in names:
        if n not in STANDARD_YAWS:
            raise RenderError(f"unknown view {n!r}; valid: {', '.join(STANDARD_YAWS)}")
        cams.append(Camera.orbit(STANDARD_YAWS[n], pitch, target=target, fov_deg=fov_deg, radius=radius))
    return cams


def framing(vertices) -> tuple[Vec3, float]:
    """(centre, radius) of the bounding box of (V, 3) or (B, V, 3) vertices, to pass to `views`."""
    v = torch.as_tensor(vertices).detach().reshape(-1, 3).to(torch.float64)
    lo, hi = v.min(0).values, v.max(0).values
    centre = 0.5 * (lo + hi)
    return tuple(float(c) for c in centre), float((v - centre).norm(dim=1).max())


def with_distance_scale(camera: Camera, scale: float) -> Camera:
    """The same camera moved along its viewing ray by `scale` times its distance to the target."""
    e, t = _vec(camera.eye, "eye"), _vec(camera.target, "target")
    return replace(camera, eye=tuple(float(x) for x in t + scale * (e - t)))
