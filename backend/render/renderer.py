"""The renderer: a textured, lit mesh seen from a batch of perspective cameras, in one call.

Composes the ops: world -> clip (camera matrices), `rasterize`, vertex normals, `interpolate` of
normals and per-corner UVs, bilinear `sample` of the albedo, Lambert + ambient (+ SH) shading,
background, `antialias`.  Everything after rasterization works on the covered pixels only.
Differentiable w.r.t. vertices, albedo (and anything they were computed from).

    r = Renderer(RenderSettings(resolution=256))
    images = r.render(vertices, triangles, uvs, uv_triangles, albedo, views())  # (3, 256, 256, 3)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from .antialias import antialias_flat
from .camera import Camera
from .errors import RenderError
from .interpolate import interpolate_fragments
from .normals import normal_rows
from .rasterize import Rasterization, rasterize, resolution_hw
from .shading import Light, sh_coefficients, shade, triple
from .soa import rows
from .texture import sample
from .topology import Topology

Vec3 = tuple[float, float, float]


@dataclass(frozen=True)
class RenderSettings:
    resolution: int | tuple[int, int] = 512  # int (square) or (height, width)
    background: Vec3 = (1.0, 1.0, 1.0)
    light: Light = field(default_factory=Light)
    antialias: bool = True
    cull_backfaces: bool = False  # faster; only right for closed meshes seen from outside
    clamp: bool = True  # clamp colours to [0, 1] (bright lights saturate; no gradient where they do)

    def validated(self) -> "RenderSettings":
        resolution_hw(self.resolution)
        triple(self.background, "background")
        self.light.validated()
        return self


@dataclass(eq=False)
class RenderOutput:
    """What `Renderer.render_full` returns besides the image (for losses, masks and debugging)."""

    image: torch.Tensor  # (N, H, W, 3)
    rast: Rasterization
    clip_pos: torch.Tensor  # (N, V, 4)

    @property
    def alpha(self) -> torch.Tensor:
        """(N, H, W) 1 where the mesh is visible (before antialiasing); built on request."""
        return self.rast.mask.to(self.image.dtype)


def _tensor(x, name: str, device, dtype=None) -> torch.Tensor:
    if isinstance(x, np.ndarray):  # a read-only array (e.g. a model's) is copied: torch wants writable memory
        x = torch.from_numpy(np.ascontiguousarray(x) if x.flags.writeable else np.array(x, order="C"))
    if not torch.is_tensor(x):
        raise RenderError(f"{name} must be a tensor or numpy array, got {type(x).__name__}")
    return x.to(device=device, dtype=dtype) if dtype is not None else x.to(device)


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Exact equality of two arrays of one shape; a different mesh usually differs in its first rows
    (checked first), and numpy's comparison takes a third of torch.equal's time on 52 k triangles."""
    return bool(np.array_equal(a[:64], b[:64])) and bool(np.array_equal(a, b))


def albedo_tensor(albedo, device, dtype=torch.float32) -> torch.Tensor:
    """(H, W, 3) or (B, H, W, 3) image, uint8 (0..255) or float (0..1) -> float tensor."""
    a = albedo if torch.is_tensor(albedo) else _tensor(albedo, "albedo", device)
    if a.ndim not in (3, 4) or a.shape[-1] != 3:
        raise RenderError(f"albedo must be (H, W, 3) or (B, H, W, 3), got {tuple(a.shape)}")
    if a.dtype == torch.uint8:
        return a.to(device=device, dtype=dtype) / 255.0
    if not a.dtype.is_floating_point:
        raise RenderError(f"albedo must be uint8 or float, got {a.dtype}")
    return a.to(device=device, dtype=dtype if a.dtype != torch.float64 else a.dtype)


class Renderer:
    """Renders meshes with the settings given once; caches the topology of the last meshes used."""

    def __init__(self, settings: RenderSettings = RenderSettings()):
        self.settings = settings.validated()
        self._topologies: list[tuple[torch.Tensor, Topology]] = []
        self._tables: dict = {}

    def topology(self, triangles, n_vertices: int) -> Topology:
        """Cached `Topology` for these triangles (compared by value with the last few used)."""
        if isinstance(triangles, Topology):
            triangles.check_vertices(n_vertices)
            return triangles
        # a numpy array is compared as it is: copying a read-only one into a tensor first (`_tensor`)
        # cost as much as the comparison, on every call
        arr = triangles if isinstance(triangles, np.ndarray) else None
        t = None if arr is not None else _tensor(triangles, "triangles", "cpu")
        if arr is None and t.layout == torch.strided and not t.requires_grad:
            arr = t.numpy()
        for known, topo in self._topologies:
            if arr is not None:
                kn = known.numpy()
                hit = kn.shape == arr.shape and kn.dtype == arr.dtype and _same(kn, arr)
            else:
                hit = known.shape == t.shape and known.dtype == t.dtype and torch.equal(known, t)
            if hit:
                topo.check_vertices(n_vertices)
                return topo
        if t is None:
            t = _tensor(triangles, "triangles", "cpu")
        topo = Topology(t, n_vertices)
        self._topologies = [(t.clone(), topo)] + self._topologies[:3]
        return topo

    def _view_tables(self, cameras, lights, bgs, aspect, device, dtype):
        """Camera matrices (N, 4, 4), light tables and backgrounds (N, 3) for these views, cached by
        value (cameras and lights are frozen dataclasses): building them is many tiny tensor ops."""
        try:
            key = (tuple(cameras), tuple(lights), tuple(tuple(float(x) for x in c) for c in bgs), aspect,
                   str(device), dtype)
            hash(key)
        except (TypeError, ValueError):  # unhashable or malformed values: no caching (checked below)
            key = None
        if key is not None and key in self._tables:
            return self._tables[key]
        with torch.inference_mode(False):  # cached: ordinary tensors whatever the caller's mode
            mats = torch.stack([c.matrix(aspect) for c in cameras]).to(device=device, dtype=dtype)
            bg = torch.stack([triple(c, "background") for c in bgs]).to(device=device, dtype=dtype)
            out = mats, _light_tables(lights, cameras, device, dtype), bg
        if key is not None:
            if len(self._tables) >= 16:
                self._tables.clear()
            self._tables[key] = out
        return out

    def render(self, vertices, triangles, uvs, uv_triangles, albedo, cameras, *, lights=None,
               backgrounds=None) -> torch.Tensor:
        """(N, H, W, 3) float images, one per camera, in [0, 1] unless settings.clamp is off.

        vertices: (V, 3) or (B, V, 3) model units, B = 1 or len(cameras); triangles (T, 3) int or a
        Topology; uvs (Tuv, 2) or (B, Tuv, 2); uv_triangles (T, 3) ids into uvs (same triangle order);
        albedo (H, W, 3) or (N, H, W, 3), float in [0, 1] or uint8, row 0 = top (v = 1);
        cameras: a list of `Camera`; lights / backgrounds: one per camera (default: the settings')."""
        return self.render_full(vertices, triangles, uvs, uv_triangles, albedo, cameras, lights=lights,
                                backgrounds=backgrounds).image

    def render_full(self, vertices, triangles, uvs, uv_triangles, albedo, cameras, *, lights=None,
                    backgrounds=None) -> RenderOutput:
        s = self.settings
        if not isinstance(cameras, (list, tuple)) or not cameras or not all(isinstance(c, Camera) for c in cameras):
            raise RenderError("cameras must be a non-empty list of Camera")
        n = len(cameras)
        v = vertices if torch.is_tensor(vertices) else _tensor(vertices, "vertices", "cpu", torch.float32)
        if not v.dtype.is_floating_point:
            raise RenderError(f"vertices must be float, got {v.dtype}")
        if v.ndim == 2:
            v = v[None]
        if v.ndim != 3 or v.shape[2] != 3 or v.shape[0] not in (1, n):
            raise RenderError(f"vertices must be (V, 3) or (B, V, 3) with B = 1 or {n}, got {tuple(v.shape)}")
        device, dtype = v.device, v.dtype
        V = v.shape[1]
        topo = self.topology(triangles, V)
        uv = _tensor(uvs, "uvs", device, dtype)
        if uv.ndim not in (2, 3) or uv.shape[-1] != 2:
            raise RenderError(f"uvs must be (Tuv, 2) or (B, Tuv, 2), got {tuple(uv.shape)}")
        uv_topo = self.topology(uv_triangles, uv.shape[-2])
        if uv_topo.n_triangles != topo.n_triangles:
            raise RenderError(f"uv_triangles has {uv_topo.n_triangles} rows, triangles {topo.n_triangles}")
        tex = albedo_tensor(albedo, device, dtype)
        if tex.ndim == 4 and tex.shape[0] not in (1, n):
            raise RenderError(f"a batch of albedos must hold one per camera ({n}), got {tex.shape[0]}")
        lights = [s.light] * n if lights is None else list(lights)
        bgs = [s.background] * n if backgrounds is None else list(backgrounds)
        if len(lights) != n or len(bgs) != n:
            raise RenderError(f"need one light and one background per camera ({n})")
        H, W = resolution_hw(s.resolution)
        aspect = W / H
        mats, (ldir, lrow, sh), bg = self._view_tables(cameras, lights, bgs, aspect, device, dtype)
        B, V = v.shape[:2]
        pos = rows(v.reshape(B * V, 3))  # (3, B*V) x, y, z rows, for both uses below
        clip = _clip_from_rows(pos, B, V, mats)
        rast = rasterize(clip, topo, (H, W), cull_backfaces=s.cull_backfaces)
        # normals only where fragments read them, as the (B, V, 3) view of (3, B, V) rows; one mesh:
        # the (V, 3) view itself (picking [0] of a batch of one costs a zeroed full-size gradient)
        n_rows = normal_rows(pos, B, V, topo, rast=rast)
        normals = n_rows.T if B == 1 else n_rows.view(3, B, V).permute(1, 2, 0)
        n_frag = interpolate_fragments(normals, rast, topo)
        uv_frag = interpolate_fragments(uv, rast, uv_topo)
        b = rast.batch_index if n > 1 else None
        alb = sample(tex, uv_frag, b if tex.ndim == 4 and tex.shape[0] > 1 else None)
        # clamped on the covered pixels and the background colours: no full-image pass
        colour = shade(alb, n_frag, ldir, lrow, sh, b, clamp=s.clamp)
        if s.clamp:
            bg = bg.clamp(0.0, 1.0)
        image = rast.scatter_flat(colour, bg)
        if s.antialias:  # blended into the fresh image in place
            image = antialias_flat(image, rast, clip, topo, in_place=True)
        return RenderOutput(image=image.view(n, H, W, -1), rast=rast, clip_pos=clip)


def _to_clip(v: torch.Tensor, mats: torch.Tensor) -> torch.Tensor:
    """(B, V, 3) world positions, (N, 4, 4) world-to-clip matrices -> (N, V, 4) (see `_clip_from_rows`)."""
    B, V = v.shape[:2]
    return _clip_from_rows(rows(v.reshape(B * V, 3)), B, V, mats)


def _clip_from_rows(pos: torch.Tensor, B: int, V: int, mats: torch.Tensor) -> torch.Tensor:
    """(3, B*V) world position rows, (N, 4, 4) world-to-clip matrices (B = 1 or N) -> (N, V, 4), as
    the transposed view of contiguous (N, 4, V) rows (what the rasterizer reads: no transposing
    copy there)."""
    n = mats.shape[0]
    p = pos.view(3, B, V).transpose(0, 1).expand(n, 3, V)
    return torch.baddbmm(mats[:, :, 3:], mats[:, :, :3], p).transpose(1, 2)


def _light_tables(lights, cameras, device, dtype):
    """Per view: world-space unit light direction (N, 3), (intensity, ambient, rgb) (N, 5), SH (N, 9, 3)."""
    dirs, rows, shs = [], [], []
    any_sh = any(lt.sh is not None for lt in lights)
    for light, cam in zip(lights, cameras):
        light.validated()
        d = torch.tensor(light.direction, dtype=torch.float64)
        d = d / d.norm()
        rot = cam.view_matrix()[:3, :3]  # world -> camera; its transpose takes camera -> world
        if light.space == "camera":
            d = rot.T @ d
        dirs.append(d)
        rows.append(torch.tensor([light.intensity, light.ambient, *light.color], dtype=torch.float64))
        if any_sh:
            c = sh_coefficients(light.sh) if light.sh is not None else torch.zeros(9, 3, dtype=torch.float64)
            if light.space == "camera" and light.sh is not None:
                c = _rotate_sh(c, rot.T)
            shs.append(c)
    to = dict(device=device, dtype=dtype)
    return (torch.stack(dirs).to(**to), torch.stack(rows).to(**to),
            torch.stack(shs).to(**to) if any_sh else None)


def _rotate_sh(c: torch.Tensor, rot: torch.Tensor) -> torch.Tensor:
    """SH coefficients (9, 3) of an environment rotated by `rot` (3, 3), fitted on sample directions
    (exact for l <= 2: the rotated basis stays in the span of the 9 functions)."""
    from .shading import sh_basis

    g = torch.randn(64, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    dirs = g / g.norm(dim=1, keepdim=True)
    # value of the rotated environment at d equals the original at rot^T d
    target = sh_basis(dirs @ rot) @ c
    return torch.linalg.lstsq(sh_basis(dirs), target).solution
