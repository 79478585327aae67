"""The head's texture parameters a hair mesh depends on (what refinement must keep fixed, or follow, while it draws
the mesh).  Kept beside the code that reads them; `tests/test_refine_hair_params.py` builds meshes of every kind with
an instrumented params mapping and fails when the hair reads a parameter not named here (or no longer reads one)."""
from __future__ import annotations

TEXTURE_PARAMS_READ: dict[str, tuple[str, ...]] = {
    # texture.hair_albedo: the hair's colour (pigments and the share of white strands)
    "colour": ("hair_eumelanin", "hair_pheomelanin", "hair_grey"),
    # texture.hair_albedo too: silver strands (v17) and grey at the temples (v19), stated or a version's way of drawing;
    # refine's torch copy of the colour (refine/hair_colour.py) does not draw them, so refinement keeps them fixed
    "colour_fixed": ("hair_silver", "temple_grey"),
    # beard.beard_albedo: a beard mesh's colour (hair_albedo in the beard's pigments and grey)
    "beard_colour": ("beard_eumelanin", "beard_pheomelanin", "beard_grey"),
    # geometry.build (scalp.scalp_field): the painted hairline and the density inside it, which the cap follows, and
    # (drape.shaved_band) the painted shaved band an undercut's cap stops at
    "outline": ("scalp_hair", "hairline_recession", "crown_thinning", "top_thinning", "side_shave", "shave_shape"),
    # beard.add_beard: whether a beard mesh is built (full and long enough), its length and the painted beard's density
    "beard_outline": ("beard", "beard_length", "mustache", "goatee", "mustache_shape"),
    # style.choose: a bald or shaved crop has no mesh at all (MIN_DENSITY, MIN_LENGTH)
    "has_mesh": ("scalp_hair", "scalp_length"),
}
