"""Texture synthesis: descriptive code -> UV albedo in one 0..1 atlas.

`make_texture_model("parametric" | "stylegan:PATH")` (models.py) is what the pipeline calls.
Modules: atlas.py (layout + UVs), fields.py/raster.py/regions.py (geometry baked per size),
params.py (TextureParams, code -> params), pigments.py (colour from pigments), seeded.py/noise.py
(per-seed noise), parametric.py (the differentiable albedo), quality.py (measurements),
stylegan/ (conditional StyleGAN2), flush.py (version 16's flush and sunburn), tone_prior_measures.py (the skin drawn
per stated ancestry).  Importing this package loads neither torch nor the model.

Prior changes (params_from_code's draw; saved params of any version render as before, bit for bit): 2026-12-02, a
stated ancestry draws its skin tone inside a measured range (params.TONE_RANGE_GIVEN): new heads with an ancestry
only; every other code draws as before.  2026-12-02, params version 17: a stated red lipstick draws lipstick 1.0 at
cover 0.97 (was 0.5 at 0.85: lips L* 55.8 / a* 34.5 on fair skin, now 41.1 / 49.3), and the prompt's shade words
(look_words.py: berry or nude lipstick, silver or white hair) draw their shades.
"""
from .models import TextureResult, make_texture_model

__all__ = ["TextureResult", "make_texture_model"]
