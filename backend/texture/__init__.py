"""Texture synthesis: descriptive code -> UV albedo in one 0..1 atlas.

`make_texture_model("parametric" | "stylegan:PATH")` (models.py) is what the pipeline calls.
Modules: atlas.py (layout + UVs), fields.py/raster.py/regions.py (geometry baked per size),
params.py (TextureParams, code -> params), pigments.py (colour from pigments), seeded.py/noise.py
(per-seed noise), parametric.py (the differentiable albedo), quality.py (measurements),
stylegan/ (conditional StyleGAN2).  Importing this package loads neither torch nor the model.
"""
from .models import TextureResult, make_texture_model

__all__ = ["TextureResult", "make_texture_model"]
