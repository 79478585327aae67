"""Differentiable rasterizer (pure PyTorch, CPU and CUDA), renderer and preview images.

Ops in the style of nvdiffrast (shapes in each docstring):
    rast = rasterize(clip_pos (B,V,4), tris (T,3), resolution)     # tri_id, bary, depth (z-buffered)
    attr_img = interpolate(attr (V,C)|(B,V,C), rast, tris)         # (B,H,W,C)
    colour = texture(tex (H,W,C)|(B,H,W,C), uv (B,H,W,2))          # bilinear
    image = antialias(colour (B,H,W,C), rast, clip_pos, tris)       # silhouette gradients
Composed by `Renderer(RenderSettings(...)).render(vertices, triangles, uvs, uv_triangles, albedo,
cameras)` with cameras from `views()` / `Camera.orbit`; `render_preview` makes preview.png.
`reference` holds a slow, obvious implementation of the same ops for tests.
"""
from .antialias import antialias
from .camera import Camera, framing, framing_distance, look_at, perspective, views
from .errors import RenderError
from .interpolate import interpolate, interpolate_fragments
from .normals import vertex_normals
from .preview import render_preview
from .rasterize import Rasterization, rasterize
from .renderer import Renderer, RenderOutput, RenderSettings
from .shading import Light
from .texture import sample, texture
from .topology import Topology

__all__ = ["Camera", "Light", "Rasterization", "RenderError", "RenderOutput", "RenderSettings", "Renderer",
           "Topology", "antialias", "framing", "framing_distance", "interpolate", "interpolate_fragments",
           "look_at", "perspective", "rasterize", "render_preview", "sample", "texture", "vertex_normals",
           "views"]
