"""A head's hair as the wire format carries it: rest positions on the model's neutral, the head vertex each hair
vertex follows, polygons, UVs and albedo; and its positions on a head with given identity and expression."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .style import HairStyle


@dataclass(frozen=True, eq=False)
class HairMesh:
    style: HairStyle
    vertices: np.ndarray  # (H, 3) float32 rest positions on the model's neutral (model units)
    anchor: np.ndarray  # (H,) int32
    face_vertices: np.ndarray  # int32 corners
    face_offsets: np.ndarray  # int32 (F + 1,)
    loop_uvs: np.ndarray  # float32 (corners, 2), 0..1 on albedo
    albedo: np.ndarray  # (h, w, 4) uint8
    parts: dict

    def wire(self) -> dict:
        """The mapping `wire.pack(hair=...)` takes."""
        return {"vertices": self.vertices, "anchor": self.anchor, "face_vertices": self.face_vertices,
                "face_offsets": self.face_offsets, "loop_uvs": self.loop_uvs, "albedo": self.albedo}

    def posed(self, model, identity: np.ndarray, expression: np.ndarray | None = None) -> np.ndarray:
        """(H, 3) float32 positions on the head with `identity` (and `expression`): each vertex moved by its anchor's
        key offsets, as the add-on's shape keys move it."""
        a = self.anchor
        out = self.vertices.astype(np.float64) + np.einsum("k,kvc->vc", np.asarray(identity, np.float64),
                                                            model.identity_basis[:, a].astype(np.float64))
        if expression is not None and np.any(expression):
            out += np.einsum("k,kvc->vc", np.asarray(expression, np.float64),
                             model.expression_basis[:, a].astype(np.float64))
        return out.astype(np.float32)

    def triangles(self) -> np.ndarray:
        """(T, 3) vertex ids (quads split (0,1,2), (0,2,3), as the model's are)."""
        from ..face_model.model import split_polygons

        return split_polygons(self.face_offsets, self.face_vertices)[0]

    def triangle_corners(self) -> np.ndarray:
        """(T, 3) corner ids (into loop_uvs) of the same triangles."""
        from ..face_model.model import split_polygons

        return split_polygons(self.face_offsets, np.arange(len(self.face_vertices), dtype=np.int32))[0]


# volumes whose albedo shows coils, not straight strands (texture.strand_maps)
CURLY = ("curly", "afro")


def build_hair(model, identity: np.ndarray, texture_params: dict, style: HairStyle, seed: int) -> HairMesh | None:
    """The hair of `style` built on the head with `identity` (no expression) -> HairMesh, or None (no mesh)."""
    from ..face_model import blend
    from .geometry import build
    from .texture import hair_albedo

    head = blend(model, np.asarray(identity, np.float32)[None], None)[0]
    geo = build(model, head, texture_params, style, seed)
    # a full beard long enough for volume joins the hair (beard.py); a bald or covered head gets it alone
    from .beard import with_beard
    def scalp_albedo():
        # grey at the temples follows the hair rooted there (texture.root_temples), not a UV band: on a long drape
        # the band's low rows are the side locks' ends
        temples = None
        if geo is not None and float(texture_params.get("temple_grey", 0.0)) > float(texture_params.get("hair_grey", 0.0)):
            from .texture import root_temples
            temples = root_temples(head, geo.anchor, geo.face_vertices, geo.loop_uvs)
        return hair_albedo(texture_params, seed, curly=style.volume in CURLY, temples=temples)

    geo, albedo = with_beard(model, head, texture_params, seed, geo, scalp_albedo)
    if geo is None:
        return None
    # rest = neutral[anchor] + (hair - head[anchor]): under the keys, rest + offsets at the anchor is the hair again
    rest = np.asarray(model.neutral, np.float64)[geo.anchor] + (geo.vertices.astype(np.float64) - head[geo.anchor])
    return HairMesh(style=style, vertices=rest.astype(np.float32), anchor=geo.anchor, face_vertices=geo.face_vertices,
                    face_offsets=geo.face_offsets, loop_uvs=geo.loop_uvs, albedo=albedo,
                    parts=geo.parts)
