"""The head's hair mesh as refinement draws it: moved with the optimised head, in the head's z-buffer.

Each hair vertex follows its anchor head vertex (`HairMesh.anchor`) by a fixed offset, as the add-on's shape keys
move it: positions = head[anchor] + (rest - neutral[anchor]).  The head's positions come from the identity
coefficients being optimised, so the hair moves with them and their gradient reaches the hair's pixels through the
anchors.

Coverage (the albedo's alpha) is an alpha test per triangle: a hair triangle is drawn when the mean coverage over
its UV footprint is at least ALPHA_THRESHOLD, otherwise not at all, so the head (or the background) shows where the
strands thin out (the tips).  The renderer draws opaque surfaces only, and a per-pixel test would need a second
layer rendered behind the hair; at 224 px a hair triangle spans ~2-3 px, finer than CLIP's 32-px patches.

The hair's colour follows the head's hair colour parameters (hair_eumelanin, hair_pheomelanin, hair_grey), the ones
the painted scalp is drawn from, so scalp crop and mesh stay one colour: `hair_colour.py` evaluates `hair_albedo`'s
colour in torch, so CLIP's gradient reaches them through the hair's pixels too.  A stated hair colour (or age, for
the grey) keeps them fixed, as it does for the scalp.  The parameters the mesh's shape is drawn from (its outline,
and whether it has a mesh at all: `HAIR_FIXED_PARAMS`) are fixed while it is drawn, since the mesh drawn in the loop
does not follow them.  The hair written after refinement is rebuilt on the refined identity with the refined params:
it has the colour and hairline CLIP judged.
"""
from __future__ import annotations

import numpy as np
import torch

from ..hair.params_used import TEXTURE_PARAMS_READ

ALPHA_THRESHOLD = 0.5
# the texture parameters the hair mesh is drawn from, as backend/hair names them (hair/params_used.py: what it reads)
# the colour (scalp hair and a beard mesh) is followed in the renders (hair_colour.py); the shape is fixed
HAIR_COLOUR_PARAMS: tuple[str, ...] = TEXTURE_PARAMS_READ["colour"] + TEXTURE_PARAMS_READ["beard_colour"]
HAIR_FIXED_PARAMS: tuple[str, ...] = tuple(dict.fromkeys(
    p for k in ("colour_fixed", "outline", "beard_outline", "has_mesh") for p in TEXTURE_PARAMS_READ[k]))
HAIR_MESH_PARAMS: tuple[str, ...] = HAIR_COLOUR_PARAMS + HAIR_FIXED_PARAMS
# barycentric sample points per triangle for its mean coverage: the centroid and a 4-level grid
_LEVEL = 4
_BARY = np.array([(i, j, _LEVEL - i - j) for i in range(_LEVEL + 1) for j in range(_LEVEL + 1 - i)],
                 np.float64) / _LEVEL
_BARY = np.concatenate([np.full((1, 3), 1 / 3), 0.9 * _BARY + 0.1 / 3])  # pulled inwards off shared edges


def triangle_coverage(alpha: np.ndarray, uvs: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """(T,) mean of `alpha` (h, w) in 0..1 (row 0 = v 1) over sample points of each UV triangle
    (uvs[corners] (T, 3, 2))."""
    h, w = alpha.shape
    p = np.einsum("sk,tkc->tsc", _BARY, np.asarray(uvs, np.float64)[corners])  # (T, S, 2)
    col = np.clip((p[..., 0] % 1.0) * w, 0, w - 1).astype(np.int64)  # u wraps round the head
    row = np.clip((1.0 - p[..., 1]) * h, 0, h - 1).astype(np.int64)
    return alpha[row, col].mean(1)


class HairLayer:
    """A HairMesh prepared once for refinement renders: the drawn triangles (alpha-tested), compacted vertices with
    their anchors and offsets, UVs and the RGB albedo as float (h, w, 3); with `colour` (a LiveHairColour) the RGB
    follows the texture parameters instead (`colour_note`: what the record says about the colour)."""

    def __init__(self, hair, model, device: str | torch.device = "cpu", threshold: float = ALPHA_THRESHOLD,
                 colour=None, colour_note: str = ""):
        albedo = np.asarray(hair.albedo)
        if albedo.ndim != 3 or albedo.shape[2] != 4 or albedo.dtype != np.uint8:
            raise ValueError(f"hair albedo must be (h, w, 4) uint8, got {albedo.shape} {albedo.dtype}")
        dev = torch.device(device)
        tris = np.asarray(hair.triangles(), np.int64)
        corners = np.asarray(hair.triangle_corners(), np.int64)
        coverage = triangle_coverage(albedo[..., 3].astype(np.float32) / 255.0, hair.loop_uvs, corners)
        keep = coverage >= threshold
        self.n_triangles, self.n_drawn = len(tris), int(keep.sum())
        used, tris_kept = np.unique(tris[keep], return_inverse=True)  # only the vertices drawn triangles use
        self.triangles = tris_kept.reshape(-1, 3).astype(np.int64)
        self.uv_triangles = corners[keep]
        self.uvs = np.asarray(hair.loop_uvs, np.float32)
        anchor = np.asarray(hair.anchor, np.int64)[used]
        rest = np.asarray(hair.vertices, np.float64)[used]
        self.anchor = torch.as_tensor(anchor, device=dev)
        self.offset = torch.as_tensor((rest - np.asarray(model.neutral, np.float64)[anchor]).astype(np.float32),
                                      device=dev)
        self.rgb = torch.as_tensor(albedo[..., :3].astype(np.float32) / 255.0, device=dev)
        self.colour = colour
        self.colour_note = colour_note or ("follows the texture parameters" if colour is not None
                                           else "fixed: the mesh's own albedo")

    @property
    def n_vertices(self) -> int:
        return int(self.anchor.shape[0])

    def positions(self, head_vertices: torch.Tensor) -> torch.Tensor:
        """(H, 3) hair positions on the head `head_vertices` (V, 3) (the blend of identity and expression)."""
        return head_vertices.index_select(0, self.anchor) + self.offset

    def triangles_tensor(self, first_vertex: int) -> torch.Tensor:
        """(T, 3) int64 ids of the hair's vertices placed after `first_vertex` head vertices."""
        return torch.as_tensor(self.triangles + first_vertex)

    def uv_triangles_tensor(self, first_uv: int) -> torch.Tensor:
        return torch.as_tensor(self.uv_triangles + first_uv)

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    def atlas_uvs(self, head_uvs: torch.Tensor, height: int, width: int) -> torch.Tensor:
        """Head UVs then hair UVs in the image [head (height, width) | gutter | hair (height, self.width)]."""
        w = self.width
        # one gutter column between them (the caller repeats the head's last column there): a head lookup at its
        # right border blends with it as the renderer's clamp-to-border would
        total = width + 1 + w
        head = head_uvs * torch.tensor([width / total, 1.0], dtype=head_uvs.dtype, device=head_uvs.device)
        # hair UVs kept half a texel inside its tile: bilinear sampling does not reach into the head's texels
        uv = torch.as_tensor(self.uvs, device=head_uvs.device)
        u = uv[:, 0].clamp(0.5 / w, 1 - 0.5 / w)
        v = uv[:, 1].clamp(0.5 / height, 1 - 0.5 / height)
        hair = torch.stack([(width + 1 + u * w) / total, v], 1)
        return torch.cat([head, hair.to(head.dtype)])

    def fixed_tile(self, height: int) -> torch.Tensor:
        """The mesh's own albedo resized to `height` rows at its own width (height, w, 3)."""
        h = self.rgb.shape[0]
        img = self.rgb.permute(2, 0, 1)[None]
        mode = "area" if height <= h else "bilinear"
        tile = torch.nn.functional.interpolate(img, size=(height, self.width), mode=mode)[0]
        return tile.permute(1, 2, 0).contiguous()

    def tile(self, texture: dict[str, torch.Tensor], height: int) -> torch.Tensor:
        """The hair's colour at these texture parameters, `height` rows (live colour only)."""
        return self.colour.image(texture, height).to(self.rgb.device)

    def record(self) -> dict:
        """What the refinement record says about the hair in its renders."""
        return {"drawn": True, "triangles": self.n_triangles, "triangles_drawn": self.n_drawn,
                "alpha": f"per-triangle alpha test at {ALPHA_THRESHOLD} coverage", "colour": self.colour_note}
