"""What refinement optimises of the texture, per texture model.

A `TextureProblem` gives the loop its free texture parameters (tensors), a differentiable albedo
function of them, and `finish` to turn the optimised parameters into the head's albedo image and JSON
params.  Parameters that carry a concrete attribute the prompt stated (skin tone, hair colour, beard,
...) stay fixed, so refinement cannot undo what was asked for; the others move under the regulariser.
A texture model without differentiable parameters keeps its albedo, and `note` says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np
import torch

from .hair import HAIR_COLOUR_PARAMS, HAIR_FIXED_PARAMS
from .scene import AlbedoFn, fixed_albedo

# Albedo size during refinement: renders are 224 px, where the face spans ~150 px; the 256 atlas
# gives the face tile 192 px.  The final albedo is regenerated at the head's own size.
REFINE_TEXTURE_SIZE = 256

# Texture parameters (backend.texture.params.TextureParams) fixed by each stated attribute.
PINNED_BY: Mapping[str, tuple[str, ...]] = {
    "skin_tone": ("melanin", "haemoglobin", "carotene"),
    "ancestry": ("melanin", "haemoglobin", "carotene"),  # the tone drawn for it stays
    # brows and (its colour unstated) the beard are drawn from the scalp's colour: they stay with it
    "hair_color": ("hair_eumelanin", "hair_pheomelanin", "hair_grey", "brow_grey", "brow_eumelanin",
                   "beard_eumelanin", "beard_pheomelanin", "beard_grey", "brow_pheomelanin"),
    "beard_color": ("beard_eumelanin", "beard_pheomelanin", "beard_grey"),
    "eyebrow_density": ("brow_density", "brow_height"),
    "eye_color": ("iris_melanin", "iris_lipochrome", "iris_grey", "iris_ring"),
    "beard": ("stubble", "mustache", "goatee", "beard", "mustache_shape", "beard_length"),
    "makeup": ("eyeshadow", "eyeliner", "blush", "lipstick", "makeup_cover", "shadow_spread"),
    "lip_color": ("lip_tint", "lipstick", "lip_contrast"),
    "freckles": ("freckles",),
    "under_eyes": ("under_eye",),
    "scalp_hair": ("scalp_hair", "scalp_length", "hairline_recession", "crown_thinning", "scalp_sun", "top_thinning"),
    "age": ("age", "hair_grey", "brow_grey", "beard_grey", "teeth_yellow", "lentigines", "speckle", "lip_contrast"),
    # a stated gender keeps facial hair and make-up where the texture stage put them
    "gender": ("stubble", "mustache", "goatee", "beard", "eyeshadow", "eyeliner", "blush", "lipstick",
               "lip_contrast"),
}


@dataclass
class TextureProblem:
    albedo_fn: AlbedoFn
    params: dict[str, torch.Tensor]  # the free parameters the loop optimises
    finish: Callable[[dict[str, np.ndarray]], tuple[np.ndarray, dict]]  # -> (albedo uint8, params JSON)
    note: str
    uvs: np.ndarray  # (T, 2) UVs the albedo is laid out for
    face_uv_indices: np.ndarray  # (N_corners,)
    # the hair mesh's colour from the same parameters (hair_colour.LiveHairColour), or None: its own albedo
    hair_colour: object | None = None
    hair_colour_note: str = ""  # what the refinement record says about the hair's colour


# Texture parameters that are rendering fixes or a version's way of drawing rather than looks (1 now, 0 for
# older heads): never optimised, so a refined head draws its hair the way its version does.
ALWAYS_FIXED: tuple[str, ...] = ("scalp_filter", "beard_contrast", "hair_grain", "seam_fix", "brow_fill",
                                 "age_skin", "sparse_hair", "brow_strokes",  # (params version 12's)
                                 "freckle_density",  # (13: the stated amount, or the old dots at 0.5)
                                 "side_shave", "shave_shape", "cornrows",  # (14: a named cut, painted)
                                 "grey_strands", "cornrow_nape", "age_cues",  # (15's ways of drawing)
                                 "flush", "sunburn",  # (16: a stated flush or sunburn, painted)
                                 # (17: stated shades and where freckles lie, and its ways of drawing)
                                 "lipstick_shade", "lipstick_cover", "hair_silver", "scalp_covered", "freckle_sun",
                                 "beard_strokes", "sideburn_taper",
                                 "eyeliner_shade", "eyeliner_low",  # (18: the stated eyeliner's colour and lower line,
                                 "cheek_soft",  # and the cheeks' diffuse colour, a way of drawing)
                                 "scar_left_cheek", "scar_right_cheek", "scar_forehead", "scar_left_brow",
                                 "scar_right_brow", "scar_lip", "scar_chin",  # (19: the stated scars, painted,
                                 "temple_grey", "scar_tone", "nude_depth")  # and grey at the temples, stated; the scars' tone)


def pinned_parameters(concrete: Mapping[str, str]) -> set[str]:
    return {p for name in concrete if name in PINNED_BY for p in PINNED_BY[name]}


def _kept(albedo_image, params_json, uvs, face_uv_indices, device, reason: str) -> TextureProblem:
    image = np.asarray(albedo_image)
    return TextureProblem(albedo_fn=fixed_albedo(image, device), params={},
                          finish=lambda _: (image, params_json), note=f"albedo kept: {reason}",
                          uvs=uvs, face_uv_indices=face_uv_indices, hair_colour_note=f"fixed: {reason}")


def texture_problem(head, device, model=None) -> TextureProblem:
    """The problem for a pipeline Head: parametric albedo -> free parameters, otherwise kept.  A head with a hair
    mesh (`head.hair`) keeps the parameters the mesh's shape is drawn from (hair.HAIR_FIXED_PARAMS); its colour
    follows the hair colour parameters (`hair_colour`)."""
    if head.texture_model != "parametric":
        return _kept(head.albedo, head.texture_params, head.uvs, head.face_uv_indices, device,
                     f"texture model {head.texture_model!r} has no parameters refinement can change")
    parsed = head.parsed if isinstance(head.parsed, dict) else {}
    return parametric_problem(head.texture_params, int(head.seed), int(np.asarray(head.albedo).shape[0]),
                              head.uvs, head.face_uv_indices, parsed.get("concrete", {}), device, model,
                              denied=parsed.get("denied", {}), hair_mesh=getattr(head, "hair", None))


def parametric_problem(params_json: Mapping, seed: int, final_size: int, uvs, face_uv_indices,
                       concrete: Mapping[str, str], device, model=None,
                       denied: Mapping[str, object] | None = None, hair_mesh=None) -> TextureProblem:
    """`hair_mesh`: the head's HairMesh (drawn from these params with `seed`), or None."""
    from ..face_model import load_face_model
    from ..texture.parametric import albedo, to_uint8
    from ..texture.params import TextureParams

    model = model if model is not None else load_face_model()
    start = TextureParams.from_dict(params_json)
    dev = torch.device(device)
    # a denied value ("no grey hair": parsed.denied) was kept out of the draw; refinement keeps it out too
    pinned = pinned_parameters(concrete) | pinned_parameters(denied or {})
    if hair_mesh is not None and not hasattr(hair_mesh, "albedo"):
        raise TypeError(f"hair_mesh must be the head's HairMesh or None, got {hair_mesh!r}")
    # the hair mesh's outline is drawn from these, and the mesh the loop draws does not follow them; its colour does
    # (hair_colour.py) where refine's copy of the hair albedo reproduces the mesh's own
    colour_note, layout, ports, levels = "", None, [], None
    if hair_mesh is not None:
        from .hair_colour import TILES, match

        layout, ports, levels = match(start.to_dict(), seed, np.asarray(hair_mesh.albedo))
    colour_params = tuple(k for t in (layout or ()) for k in TILES[t][0])
    # the colour is fixed too where refine's copy cannot draw it (no layout matched)
    by_hair = (set(HAIR_FIXED_PARAMS) | (set(HAIR_COLOUR_PARAMS) if layout is None else set())) - pinned \
        if hair_mesh is not None else set()
    # parameters stay on the CPU with the albedo's cached fields (a few dozen element-wise ops);
    # only the finished image moves to the render device
    tensors = start.tensors()
    fixed = {k: v for k, v in tensors.items() if k in pinned or k in by_hair or k in ALWAYS_FIXED}
    free = {k: v for k, v in tensors.items() if k not in fixed}

    live = None
    if hair_mesh is not None:
        moving = tuple(k for k in colour_params if k in free)
        if layout is None:
            colour_note = ("fixed: refine's copy of the hair albedo does not reproduce the mesh's own ("
                           + (f"{levels} uint8 levels off" if levels is not None else "an unknown layout")
                           + f"), so {', '.join(HAIR_COLOUR_PARAMS)} are fixed too")
        elif not moving:
            colour_note = f"fixed: {', '.join(colour_params)} are fixed by stated or denied attributes"
        else:
            from .hair_colour import LiveHairColour

            def hair_params(free_now: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
                p = {**fixed, **free_now}  # clamped to 0..1 as the albedo clamps them (as_tensors)
                return {k: p[k].reshape(()).clamp(0.0, 1.0) for k in colour_params}

            live = LiveHairColour(layout, ports, hair_params, moving)
            kept = [k for k in live.names if k not in moving]
            painted = " and ".join({"hair": "scalp hair", "beard": "beard"}[t] for t in layout)
            colour_note = (f"follows {', '.join(moving)}, one colour with the painted {painted}"
                           + (f" ({', '.join(kept)} fixed by stated or denied attributes)" if kept else ""))

    def albedo_fn(free_now: dict[str, torch.Tensor]) -> torch.Tensor:
        image = albedo({**fixed, **free_now}, REFINE_TEXTURE_SIZE, seed, model)  # (3, S, S), clamps params
        return image.to(dev).permute(1, 2, 0)

    def finish(free_final: dict[str, np.ndarray]) -> tuple[np.ndarray, dict]:
        # pinned values straight from the start params (not via float32 tensors), so they stay exact
        values = {**{k: getattr(start, k) for k in fixed}, **{k: float(v) for k, v in free_final.items()}}
        final = TextureParams.from_tensors(values)  # clips to 0..1
        with torch.no_grad():
            image = to_uint8(albedo(final, final_size, seed, model))
        return image, final.to_dict()

    note = (f"{len(free)} parametric texture parameters optimised; "
            + (f"{len(pinned)} fixed by stated attributes ({', '.join(sorted(pinned))})" if pinned
               else "none fixed by stated attributes")
            + (f"; {len(by_hair)} fixed because the hair mesh is drawn from them ({', '.join(sorted(by_hair))})"
               if by_hair else ""))
    return TextureProblem(albedo_fn=albedo_fn, params=free, finish=finish, note=note, uvs=np.asarray(uvs),
                          face_uv_indices=np.asarray(face_uv_indices), hair_colour=live, hair_colour_note=colour_note)


def bench_texture_problem(model, device, hair_mesh=None) -> TextureProblem:
    """The parametric albedo with default parameters over its atlas UVs, nothing pinned by attributes (benchmark;
    `hair_mesh`: the head's HairMesh, drawn with seed 0, or None)."""
    from ..texture.atlas import atlas_uvs
    from ..texture.params import TextureParams

    layout = atlas_uvs(model)
    return parametric_problem(TextureParams().to_dict(), 0, REFINE_TEXTURE_SIZE, layout.uvs,
                              layout.face_uv_indices, {}, device, model, hair_mesh=hair_mesh)
