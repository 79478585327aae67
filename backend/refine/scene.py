"""The ICT head as a refinement scene: differentiable blend, albedo and the project's renderer.

Cameras are framed once on the concrete head (the bounding box of its "face" region, which spans face
and scalp, so the portrait fills the image as in the photos CLIP learned from), and a change of shape
then shows as a change in the image rather than being reframed away.  The transparent overlay meshes
are left out, as in preview.png.  A head with a hair mesh is drawn with it (`hair.py`: it follows the head's
vertices), as one mesh in one z-buffer: head and hair triangles together, the two albedos side by side in one image
(`albedo` makes that image, so the hair's colour can follow the texture parameters: `hair_colour`).
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from ..render import Camera, Light, Renderer, RenderSettings, framing_distance
from ..render.camera import DEFAULT_FOV
from ..render.preview import atlas_uvs, opaque_triangles, triangle_uv_ids
from .views import View

AlbedoFn = Callable[[dict[str, torch.Tensor]], torch.Tensor]  # params -> (H, W, 3) float in [0, 1]


class FaceScene:
    """geometry(identity) -> (V, 3); albedo(texture) -> (H, W, 3); render(...) -> (N, 3, S, S)."""

    def __init__(self, face_module, model, expression: np.ndarray | None, uvs: np.ndarray,
                 face_uv_indices: np.ndarray, albedo_fn: AlbedoFn, device: str | torch.device = "cpu",
                 antialias: bool = True, hair=None, hair_colour=None, hair_colour_note: str = ""):
        self.device = torch.device(device)
        self.face = face_module.to(self.device)
        self.expression = (None if expression is None else
                           torch.as_tensor(np.asarray(expression, np.float32), device=self.device)[None])
        keep = opaque_triangles(model)
        self.triangles = torch.as_tensor(np.asarray(model.triangles)[keep], dtype=torch.int64)
        self.uv_triangles = torch.as_tensor(triangle_uv_ids(model, face_uv_indices)[keep], dtype=torch.int64)
        self.uvs = torch.tensor(atlas_uvs(uvs), device=self.device)  # a copy: cached UVs are read-only
        self.albedo_fn = albedo_fn
        self.antialias = antialias
        self._renderers: dict[int, Renderer] = {}
        self._frame: tuple[tuple[float, float, float], float] | None = None
        self._frame_vertices = torch.as_tensor(np.asarray(model.regions["face"], np.int64))
        # the hair (a backend.hair HairMesh, or None): prepared once, drawn with the head in every render
        self.hair = None
        if hair is not None:
            from .hair import HairLayer

            self.hair = HairLayer(hair, model, self.device, colour=hair_colour, colour_note=hair_colour_note)
            self._n_head = int(model.n_vertices)
            self._merge_hair()
            self._atlas_uvs: dict[tuple[int, int], torch.Tensor] = {}  # (H, W + 1 + w) of the image -> UVs
            self._tiles: dict[int, torch.Tensor] = {}  # the mesh's own albedo (fixed colour), per height
            self._last_atlas: tuple[torch.Tensor, torch.Tensor] | None = None

    def geometry(self, identity: torch.Tensor) -> torch.Tensor:
        return self.face(identity[None].to(self.device), self.expression)[0]

    def albedo(self, texture: dict[str, torch.Tensor]) -> torch.Tensor:
        """The image the renderer samples: the head's albedo, or with hair [head | gutter | hair] (`_atlas`)."""
        head = self.albedo_fn(texture)
        return head if self.hair is None else self._atlas(head, texture)

    def _merge_hair(self) -> None:
        self._with_hair = (torch.cat([self.triangles, self.hair.triangles_tensor(self._n_head)]),
                           torch.cat([self.uv_triangles, self.hair.uv_triangles_tensor(len(self.uvs))]))

    def frame_on(self, vertices: torch.Tensor) -> None:
        """Fix the camera target and framing radius from the face region of these vertices (and the hair above its
        lowest point: the hairdo's top is in the picture, long hair below the head is not framed, as in preview.png)."""
        v = vertices.detach().reshape(-1, 3)[self._frame_vertices.to(vertices.device)]
        lo, hi = v.min(0).values, v.max(0).values
        if self.hair is not None:
            hv = self.hair.positions(vertices.detach().reshape(-1, 3))
            hv = hv[hv[:, 1] >= lo[1]]
            if len(hv):
                lo, hi = torch.minimum(lo, hv.min(0).values), torch.maximum(hi, hv.max(0).values)
        self._frame = (tuple(float(c) for c in 0.5 * (lo + hi)), 0.55 * float((hi - lo).max()))

    def cameras(self, views: list[View]) -> list[Camera]:
        if self._frame is None:
            raise RuntimeError("FaceScene.frame_on(vertices) must be called before rendering")
        centre, radius = self._frame
        cams = []
        for v in views:
            fov = DEFAULT_FOV * v.fov_scale
            cams.append(Camera.orbit(v.yaw, v.pitch, distance=framing_distance(radius, fov) * v.distance_scale,
                                     target=centre, fov_deg=fov))
        return cams

    def _renderer(self, size: int) -> Renderer:
        if size not in self._renderers:
            self._renderers[size] = Renderer(RenderSettings(resolution=size, antialias=self.antialias))
        return self._renderers[size]

    def render(self, vertices: torch.Tensor, albedo: torch.Tensor, views: list[View], size: int) -> torch.Tensor:
        if self._frame is None:
            self.frame_on(vertices)
        lights = [Light(direction=v.light_dir, space="camera", intensity=v.light_intensity, ambient=v.ambient)
                  for v in views]
        tris, uvs, uv_tris = self.triangles, self.uvs, self.uv_triangles
        if self.hair is not None:
            tris, uv_tris = self._with_hair
            uvs = self._atlas_uvs.get(tuple(albedo.shape[:2]))
            if uvs is None:
                raise ValueError(f"a scene with hair renders the image its albedo() makes, got {tuple(albedo.shape)}")
            vertices = torch.cat([vertices, self.hair.positions(vertices)])
        images = self._renderer(size).render(
            vertices, tris, uvs, uv_tris, albedo, self.cameras(views),
            lights=lights, backgrounds=[v.background for v in views])
        return images.permute(0, 3, 1, 2)

    def _atlas(self, albedo: torch.Tensor, texture: dict[str, torch.Tensor]) -> torch.Tensor:
        """The head's albedo (H, W, 3), a gutter column and the hair's colour at H rows (its own albedo resized, or
        with a live colour the colour of these texture parameters), side by side.  A fixed head albedo and hair colour
        (no gradient, the same head tensor as last time) reuse the last image."""
        live = self.hair.colour is not None
        last = self._last_atlas
        if not live and last is not None and not albedo.requires_grad and last[0] is albedo:
            return last[1]
        H, W = int(albedo.shape[0]), int(albedo.shape[1])
        if live:
            tile = self.hair.tile(texture, H)
        else:
            if H not in self._tiles:
                self._tiles[H] = self.hair.fixed_tile(H)
            tile = self._tiles[H]
        key = (H, W + 1 + int(tile.shape[1]))
        if key not in self._atlas_uvs:
            self._atlas_uvs[key] = self.hair.atlas_uvs(self.uvs, H, W)
        head = albedo.to(tile.dtype)
        out = torch.cat([head, head[:, -1:], tile], dim=1)
        self._last_atlas = (albedo, out) if not (live or albedo.requires_grad) else None
        return out


def fixed_albedo(image: np.ndarray, device: str | torch.device = "cpu") -> AlbedoFn:
    """An albedo that refinement does not change (uint8 or float image, row 0 = top)."""
    a = torch.as_tensor(np.asarray(image), device=torch.device(device))
    a = a.float() / 255.0 if a.dtype == torch.uint8 else a.float()
    return lambda texture: a


