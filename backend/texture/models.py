"""Texture models the pipeline can call: "parametric" (default) or "stylegan:PATH".

Both produce a `TextureResult` in the same atlas layout: image (H, W, 3) uint8, the atlas UVs and
per-corner UV ids for the mesh, and `params` for the JSON sidecar (from which `from_params`
reproduces the image).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from ..errors import TextFaceError

SPEC_HELP = 'texture model must be "parametric" or "stylegan:PATH"'


@dataclass
class TextureResult:
    params: dict  # JSON-ready; the sidecar's texture.params
    image: np.ndarray  # (H, W, 3) uint8, row 0 = top
    uvs: np.ndarray  # (T, 2) float32 atlas UVs
    face_uv_indices: np.ndarray  # (N_corners,) int32
    ignored: tuple[str, ...] = ()  # stated attributes for the texture that this model cannot draw
    ignored_denials: tuple[str, ...] = ()  # attributes whose denied values (the parser's `denied`) it cannot avoid


def _resolve_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise TextFaceError("device cuda asked for, but torch sees no CUDA device")
    if device not in ("cpu", "cuda"):
        raise TextFaceError(f"device must be cpu, cuda or auto, got {device!r}")
    return device


class ParametricTexture:
    """Pigment-based albedo (parametric.py); params are TextureParams.to_dict()."""

    name = "parametric"

    def __init__(self, model=None):
        from ..face_model import load_face_model

        self.model = model if model is not None else load_face_model()

    def _result(self, params, seed: int, size: int) -> TextureResult:
        import torch

        from .atlas import atlas_uvs
        from .parametric import albedo, to_uint8

        with torch.no_grad():
            image = to_uint8(albedo(params, size=size, seed=seed, model=self.model))
        at = atlas_uvs(self.model)
        return TextureResult(params=params.to_dict(), image=image, uvs=at.uvs, face_uv_indices=at.face_uv_indices)

    def generate(self, concrete: Mapping[str, str], seed: int = 0, size: int = 1024,
                 denied: Mapping | None = None, facial: Mapping | None = None,
                 wrinkles: str | None = None, freckle_amount: str | None = None,
                 cut: str | None = None, age_years: int | None = None,
                 skin_flush: str | None = None, looks: Mapping | None = None,
                 scar: Mapping | None = None) -> TextureResult:
        """`denied`: attribute -> values the draw avoids where it can (params.py DENIAL_FREE; the parser's warning
        says which it cannot: backend/parser/denials.py); `facial`: the parser's facial_hair (beard length, mustache
        shape, brow colour), drawn by params version 11; `wrinkles`: "deep" where the prompt states wrinkles
        (wrinkle_words.py), deepening params version 12's age lines; `freckle_amount`: the parser's "light" or
        "heavy", params version 13's freckle density; `cut`: the parser's hair["cut"], version 14's shaved sides or
        cornrows on the painted scalp; `age_years`: the parser's age in years, the texture's age from it (None: the
        age class's); `skin_flush`: the parser's "flushed" or "sunburnt", params version 16's flush or sunburn; `looks`: look_words.stated_looks of the prompt, version 17's shades; `scar`: the parser's scar
        ({"count", "places"}), version 19's painted scars."""
        from .params import params_from_code

        return self._result(params_from_code(concrete, seed, denied, facial, wrinkles, freckle_amount, cut,
                                             age_years=age_years, skin_flush=skin_flush, looks=looks,
                                             scar=scar), seed, size)

    def from_params(self, params: Mapping, seed: int = 0, size: int = 1024) -> TextureResult:
        from .params import TextureParams

        return self._result(TextureParams.from_dict(params), seed, size)

    def albedo(self, tensors: Mapping, seed: int = 0, size: int = 1024):
        """Differentiable (3, size, size) albedo from a dict of parameter tensors (the CLIP stage)."""
        from .parametric import albedo

        return albedo(tensors, size=size, seed=seed, model=self.model)


class StyleGANTexture:
    """A trained conditional StyleGAN2 (stylegan/); params record the label, seed and truncation."""

    truncation = 0.7

    def __init__(self, path: str, device: str = "cpu", model=None):
        from pathlib import Path

        from ..face_model import load_face_model
        from .stylegan.checkpoint import load_generator

        self.path = str(Path(path).expanduser().resolve())
        self.device = _resolve_device(device)
        self.G = load_generator(self.path, self.device)
        self.name = f"stylegan:{self.path}"
        self.model = model if model is not None else load_face_model()

    def _image(self, label: Mapping[str, str], seed: int, size: int, truncation: float) -> np.ndarray:
        import torch
        import torch.nn.functional as F

        from .stylegan.labels import label_vector

        gen = torch.Generator().manual_seed(int(seed))
        z = torch.randn(1, self.G.cfg.z_dim, generator=gen).to(self.device)
        c = torch.from_numpy(label_vector(label))[None].to(self.device) if self.G.cfg.c_dim else None
        with torch.no_grad():
            img = self.G(z, c, truncation=truncation, noise_mode="const")
            if img.shape[-1] != size:
                img = F.interpolate(img.float(), size=(size, size), mode="bilinear", align_corners=False,
                                    antialias=img.shape[-1] > size)
        img = ((img[0].float().clamp(-1, 1) + 1) * 127.5 + 0.5).to(torch.uint8)
        return img.permute(1, 2, 0).cpu().numpy()

    def _result(self, label, seed, size, truncation) -> TextureResult:
        from .atlas import atlas_uvs

        at = atlas_uvs(self.model)
        params = {"label": dict(label), "seed": int(seed), "truncation": float(truncation)}
        return TextureResult(params=params, image=self._image(label, seed, size, truncation), uvs=at.uvs,
                             face_uv_indices=at.face_uv_indices)

    def generate(self, concrete: Mapping[str, str], seed: int = 0, size: int = 1024,
                 denied: Mapping | None = None, facial: Mapping | None = None,
                 wrinkles: str | None = None, freckle_amount: str | None = None,
                 cut: str | None = None, age_years: int | None = None,
                 skin_flush: str | None = None, looks: Mapping | None = None,
                 scar: Mapping | None = None) -> TextureResult:
        """`facial` (beard length, mustache shape, brow colour), `wrinkles`, `freckle_amount`, `cut`, `age_years`,
        `skin_flush`, `looks` and `scar` have no input in the trained label: not drawn."""
        from ..schema import BY_NAME
        from .params import checked_denials
        from .stylegan.labels import LABEL_ATTRIBUTES

        checked_denials(denied)

        label = {k: v for k, v in concrete.items() if k in LABEL_ATTRIBUTES}
        result = self._result(label, seed, size, self.truncation)
        # the label is fixed by the trained weights: a prior (ancestry) or a texture attribute added later
        # (under_eyes) has no input there
        result.ignored = tuple(k for k in concrete
                               if k not in LABEL_ATTRIBUTES and BY_NAME[k].kind in ("texture", "prior"))
        # its label states values only: a denied one ("no grey hair") may be drawn all the same
        result.ignored_denials = _texture_denials(denied, concrete, frozenset())
        return result

    def from_params(self, params: Mapping, seed: int = 0, size: int = 1024) -> TextureResult:
        from ..schema import SchemaError, check

        if not isinstance(params, Mapping) or not isinstance(params.get("label", {}), Mapping):
            raise TextFaceError("stylegan texture params must be an object with a 'label' object")
        label = dict(params.get("label", {}))
        try:
            check(label)
        except SchemaError as exc:
            raise TextFaceError(f"stylegan texture params: {exc}") from None
        truncation = params.get("truncation", self.truncation)
        if isinstance(truncation, bool) or not isinstance(truncation, (int, float)) or not 0 <= truncation <= 1:
            raise TextFaceError(f"stylegan truncation must be a number in 0..1, got {truncation!r}")
        return self._result(label, int(params.get("seed", seed)), size, float(truncation))


def _texture_denials(denied: Mapping | None, concrete: Mapping[str, str], followed: frozenset) -> tuple[str, ...]:
    """Texture attributes with denied values a model cannot avoid: left unstated (a stated value is drawn as
    stated) and not among those the model follows (`followed`)."""
    from ..schema import BY_NAME

    return tuple(a for a, values in (denied or {}).items()
                 if values and a in BY_NAME and BY_NAME[a].kind in ("texture", "prior") and a not in concrete
                 and a not in followed)


def make_texture_model(spec: str = "parametric", device: str = "cpu", model=None):
    """"parametric" -> ParametricTexture; "stylegan:PATH" -> StyleGANTexture (CheckpointError if PATH is
    not a usable checkpoint).  Nothing falls back silently: a bad spec is an error."""
    kind, path = parse_texture_spec(spec)
    if kind == "parametric":
        return ParametricTexture(model)
    return StyleGANTexture(path, device=device, model=model)


def parse_texture_spec(spec: str) -> tuple[str, str | None]:
    """"parametric" -> ("parametric", None); "stylegan:PATH" -> ("stylegan", PATH); else TextFaceError."""
    if not isinstance(spec, str):
        raise TextFaceError(SPEC_HELP)
    if spec == "parametric":
        return "parametric", None
    if spec.startswith("stylegan:"):
        path = spec[len("stylegan:"):].strip()
        if not path:
            raise TextFaceError('"stylegan:" needs a checkpoint path, e.g. stylegan:~/weights/albedo.safetensors')
        return "stylegan", path
    raise TextFaceError(f"{SPEC_HELP}, got {spec!r}")
