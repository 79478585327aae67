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


def with_extra_mesh(vertices, tris, uvs, uv_t, albedo, extra):
    """One mesh of the head and an extra one (hair) so the z-buffer sorts them: vertices, triangles and UVs
    appended, the two albedos side by side in one image (the extra's resized to the head's height, its alpha, if
    any, laid over its own mean colour: the rasterizer draws opaque surfaces).  `extra`: (vertices (H, 3),
    triangles (T, 3), uvs (N, 2) 0..1, uv triangles (T, 3), albedo (h, w, 3|4) uint8)."""
    from PIL import Image

    ev, et, euv, eut, ealb = extra
    head = np.asarray(albedo if not torch.is_tensor(albedo) else albedo.cpu().numpy())
    if head.dtype != np.uint8:
        head = (np.clip(head, 0, 1) * 255 + 0.5).astype(np.uint8)
    ealb = np.asarray(ealb)
    if ealb.shape[2] == 4:
        a = ealb[..., 3:].astype(np.float32) / 255.0
        rgb = ealb[..., :3].astype(np.float32)
        under = 0.7 * (rgb * a).sum((0, 1)) / max(float(a.sum()), 1.0)  # the hair's own colour, darker, under thin tips
        ealb = (rgb * a + under * (1 - a) + 0.5).astype(np.uint8)
    h, w = head.shape[:2]
    ealb = np.asarray(Image.fromarray(ealb).resize((h, h), Image.BILINEAR))
    image = np.concatenate([head[..., :3], ealb], axis=1)
    uv = np.asarray(uvs, np.float32) * np.array([w / (w + h), 1.0], np.float32)
    euv = np.asarray(euv, np.float32) * np.array([h / (w + h), 1.0], np.float32) + np.array([w / (w + h), 0.0], np.float32)
    verts = np.concatenate([np.asarray(vertices, np.float32), np.asarray(ev, np.float32)])
    return (verts, np.concatenate([np.asarray(tris), np.asarray(et) + len(vertices)]).astype(np.int64),
            np.concatenate([uv, euv]), np.concatenate([np.asarray(uv_t), np.asarray(eut) + len(uv)]).astype(np.int64),
            image)


def render_preview(vertices, model_or_topology, albedo, uvs, uv_tris, *, size: int = 512,
                   names=PREVIEW_VIEWS, device: str = "cpu", extra=None) -> np.ndarray:
    """uint8 (size, size * len(names), 3): the head seen from each named view (see camera.views).

    vertices (V, 3) model units; model_or_topology: a FaceModel (its `triangles`), (T, 3) triangles
    or a Topology; albedo (H, W, 3) uint8 or float in [0, 1], row 0 = top; uvs (Tuv, 2), 0..1 atlas
    or raw ICT UDIM layout; uv_tris (T, 3) or per polygon corner (with a FaceModel).  `extra`: a second mesh
    drawn with the head (the hair; see with_extra_mesh), framed with it down to the head's lowest point."""
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
    if extra is not None:
        ev = torch.as_tensor(np.asarray(extra[0], np.float32))
        ev = ev[ev[:, 1] >= lo[1]]  # long hair below the head is not framed: the head stays the size it was
        if len(ev):
            lo, hi = torch.minimum(lo, ev.min(0).values), torch.maximum(hi, ev.max(0).values)
        merged, tris, uvs_all, uv_t, albedo = with_extra_mesh(v.cpu().numpy(), tris, atlas_uvs(uvs), uv_t, albedo, extra)
        v, uvs = torch.as_tensor(merged).to(device), uvs_all
    centre = tuple(float(c) for c in 0.5 * (lo + hi))
    radius = 0.55 * float((hi - lo).max())  # half the largest extent, with a margin
    cams = views(names, target=centre, radius=radius, fov_deg=DEFAULT_FOV)
    settings = RenderSettings(resolution=size, background=(1.0, 1.0, 1.0),
                              light=Light(direction=(0.4, 0.5, 1.0), intensity=0.75, ambient=0.35))
    with torch.no_grad():
        img = Renderer(settings).render(v, tris, atlas_uvs(uvs), uv_t, albedo_tensor(albedo, device), cams)
    strip = torch.cat(list(img), dim=1)  # (size, size * n, 3)
    return (strip.clamp(0, 1) * 255 + 0.5).to(torch.uint8).cpu().numpy()
