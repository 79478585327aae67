"""preview.png: front, three-quarter and profile views of a head side by side (512 px each)."""
from __future__ import annotations

import math

import numpy as np
import torch

from .camera import DEFAULT_FOV, views
from .errors import RenderError
from .renderer import Renderer, RenderSettings, albedo_tensor
from .shading import Light

PREVIEW_VIEWS = ("front", "three_quarter", "profile")
# ICT overlay meshes drawn with transparency by real renderers; opaque they hide the eyes
OVERLAY_MATERIALS = ("M_EyeBlend", "M_EyeOcclusion", "M_LacrimalFluid")


def opaque_triangles(model) -> np.ndarray:
    """(T,) bool: triangles of a FaceModel that are not transparent overlay meshes."""
    names = getattr(model, "material_names", ())
    hidden = [i for i, n in enumerate(names) if n in OVERLAY_MATERIALS]
    return ~np.isin(np.asarray(model.face_materials)[np.asarray(model.triangle_faces)], hidden)


def triangle_uv_ids(model_or_topology, uv_ids) -> np.ndarray:
    """(T, 3) UV ids per triangle from `uv_ids`: either (T, 3) already, or (N_corners,) per polygon
    corner in the model's face order (split like the model's triangles; needs a FaceModel)."""
    ids = np.asarray(uv_ids)
    if ids.ndim == 2:
        return ids
    offsets = getattr(model_or_topology, "face_offsets", None)
    if ids.ndim != 1 or offsets is None:
        raise RenderError("uv_tris must be (T, 3), or (N_corners,) per polygon corner together with a FaceModel")
    if ids.shape[0] != int(offsets[-1]):
        raise RenderError(f"per-corner uv ids hold {ids.shape[0]} entries, the model has {int(offsets[-1])} corners")
    from ..face_model.model import split_polygons

    return split_polygons(np.asarray(offsets), ids)[0]


def atlas_uvs(uvs) -> np.ndarray:
    """UVs in 0..1 for the image.  The raw ICT layout (u in 0..n, one UDIM tile per unit of u) is read
    as an image holding the n tiles side by side: u -> u / n."""
    uv = np.asarray(uvs, dtype=np.float32)
    if uv.ndim != 2 or uv.shape[1] != 2 or not np.isfinite(uv).all():
        raise RenderError(f"uvs must be finite (N, 2), got shape {uv.shape}")
    tiles = math.ceil(float(uv[:, 0].max()) - 1e-6)
    if tiles > 1:
        uv = uv.copy()
        uv[:, 0] /= tiles
    return uv


def render_preview(vertices, model_or_topology, albedo, uvs, uv_tris, *, size: int = 512,
                   names=PREVIEW_VIEWS, device: str = "cpu") -> np.ndarray:
    """uint8 (size, size * len(names), 3): the head seen from each named view (see camera.views).

    vertices (V, 3) model units; model_or_topology: a FaceModel (its `triangles`), (T, 3) triangles
    or a Topology; albedo (H, W, 3) uint8 or float in [0, 1], row 0 = top; uvs (Tuv, 2), 0..1 atlas
    or raw ICT UDIM layout; uv_tris (T, 3) or per polygon corner (with a FaceModel)."""
    tris = getattr(model_or_topology, "triangles", model_or_topology)
    uv_t = triangle_uv_ids(model_or_topology, uv_tris)
    if hasattr(model_or_topology, "triangle_faces"):
        keep = opaque_triangles(model_or_topology)
        tris, uv_t = np.asarray(tris)[keep], uv_t[keep]
    v = torch.as_tensor(np.array(vertices, dtype=np.float32) if not torch.is_tensor(vertices) else vertices)
    v = v.detach().to(device=device, dtype=torch.float32)
    if v.ndim != 2 or v.shape[1] != 3 or not torch.isfinite(v).all():
        raise RenderError(f"vertices must be finite (V, 3), got shape {tuple(v.shape)}")
    lo, hi = v.min(0).values, v.max(0).values
    centre = tuple(float(c) for c in 0.5 * (lo + hi))
    radius = 0.55 * float((hi - lo).max())  # half the largest extent, with a margin
    cams = views(names, target=centre, radius=radius, fov_deg=DEFAULT_FOV)
    settings = RenderSettings(resolution=size, background=(1.0, 1.0, 1.0),
                              light=Light(direction=(0.4, 0.5, 1.0), intensity=0.75, ambient=0.35))
    with torch.no_grad():
        img = Renderer(settings).render(v, tris, atlas_uvs(uvs), uv_t, albedo_tensor(albedo, device), cams)
    strip = torch.cat(list(img), dim=1)  # (size, size * n, 3)
    return (strip.clamp(0, 1) * 255 + 0.5).to(torch.uint8).cpu().numpy()
