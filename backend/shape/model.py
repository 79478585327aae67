"""ShapeModel: the trained regressor run in numpy (no torch needed to generate a head).

sample_identity(concrete, seed, n) draws n noise vectors from `seed` and maps (code, noise) to
identity coefficients.  `strength` (attribute -> factor, 1 = as trained) reaches past the trained
quantile band ("very wide nose"): an ordinal value moves further along the regressor's own low -> high
change for that noise (a middle value has no direction and stays); a categorical value scales the
edit it makes on the noise head.  Coefficients
are then clipped to +-PLAUSIBLE standard deviations, the model's plausibility limit.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

import numpy as np

from ..errors import TextFaceError
from ..schema import BY_NAME
from . import weights as W
from .code import IDENTITY_ATTRIBUTES, conditions, encode_indices, values_to_indices
from .expression import expression_weights as _expression_weights

PLAUSIBLE = 3.5
MAX_STRENGTH = 3.0


class StrengthError(TextFaceError, ValueError):
    """A strength factor for an unknown attribute or out of range."""


def _silu(x: np.ndarray) -> np.ndarray:
    return x / (1.0 + np.exp(-x))


class ShapeModel:
    def __init__(self, tensors: Mapping[str, np.ndarray], config: dict):
        n = len(config["hidden"]) + 1
        self.layers = [(np.ascontiguousarray(tensors[f"layers.{i}.weight"].T), tensors[f"layers.{i}.bias"])
                       for i in range(n)]
        self.config = config
        self.noise_dim = int(config["noise_dim"])
        self.n_identity = int(config["n_identity"])

    @classmethod
    def load(cls, location: str | Path | None = None) -> "ShapeModel":
        """Weights from backend/shape/weights (default), a folder, or a .json/.safetensors path."""
        return cls(*W.load(location))

    def predict(self, idx: np.ndarray, z: np.ndarray) -> np.ndarray:
        """(B, N_ATTR) value indices (-1 unstated) and (B, noise) noise -> (B, n_identity) float32."""
        z = np.asarray(z, np.float32)
        h = np.concatenate([encode_indices(idx), z], 1)
        for w, b in self.layers[:-1]:
            h = _silu(h @ w + b)
        w, b = self.layers[-1]
        return z + (h @ w + b)

    def noise(self, seed: int, n: int) -> np.ndarray:
        """The first n noise vectors of a seed (what sample_identity uses before any redraw)."""
        return self._draw(np.random.default_rng(int(seed)), n)

    def sample_identity(self, concrete: Mapping[str, str], seed: int, n: int = 1,
                        strength: Mapping[str, float] | None = None, verify=None, tries: int = 8,
                        expression=None, accept=None, offset=None) -> np.ndarray:
        """Concrete attributes (any schema attributes; identity ones are used) -> (n, 100) float32.

        verify: None, or a face model; then every head is measured (landmarks only, ~0.1 ms; with
        `expression`, weights (E,), applied as the head will be written, see backend.measure) and a
        head missing a stated attribute is drawn again with the seed's next noise, up to `tries` draws.
        The draw meeting the most stated attributes is kept (the earliest of equals): a later draw is
        not better for being later.  Still deterministic for a seed.  With `verify` every draw is first
        fitted (backend/shape/gender_read.py): a stated gender's jaw, chin, brow and neck read as it, and the
        neck sits centred under the face, by the smallest change of coefficients.
        accept: None, or (B, K) identity -> (B,) bool, one more requirement of every head, counted like
        a stated attribute (the pipeline's closed-lid check, backend/shape/lids.py; torch stays out of
        this module).
        offset: None, or (K,) coefficients added to every draw before the fit and the checks (a stated face
        fullness, backend/shape/fullness.py); None leaves the draw as it always was.
        """
        if int(n) < 1:
            raise StrengthError(f"n must be >= 1, got {n}")
        idx = np.repeat(values_to_indices(conditions(concrete))[None], int(n), 0)
        rng = np.random.default_rng(int(seed))
        x = self._generate(idx, self._draw(rng, int(n)), concrete, strength, verify, offset)
        if verify is not None or accept is not None:
            from ..measure import labels_met

            def hits(heads):
                met = {} if verify is None else labels_met(verify, heads, concrete, expression)
                if accept is not None:
                    met["accept"] = np.asarray(accept(heads), bool)
                return sum((m.astype(int) for m in met.values()), np.zeros(len(heads), int)), len(met)

            best, wanted = hits(x)
            for _ in range(max(int(tries) - 1, 0)):
                bad = np.flatnonzero(best < wanted)
                if not len(bad):
                    break
                again = self._generate(idx[bad], self._draw(rng, len(bad)), concrete, strength, verify, offset)
                got, _ = hits(again)
                better = got > best[bad]
                x[bad[better]], best[bad[better]] = again[better], got[better]
        return x

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.standard_normal((n, self.noise_dim)).astype(np.float32)

    def _generate(self, idx, z, concrete, strength, face_model=None, offset=None) -> np.ndarray:
        x = self._coefficients(idx, z, concrete, strength)
        if offset is not None:
            x = np.clip(x + np.asarray(offset, np.float32)[None], -PLAUSIBLE, PLAUSIBLE).astype(np.float32)
        if face_model is None:
            return x
        # the stated gender's jaw, chin, brow and neck, and a centred neck (gender_read.py): the regressor
        # meets the score on average over its terms, and its noise leans some necks
        from .gender_read import fit

        return np.clip(fit(face_model, x, concrete), -PLAUSIBLE, PLAUSIBLE).astype(np.float32)

    def _coefficients(self, idx, z, concrete, strength) -> np.ndarray:
        x = self.predict(idx, z)
        for name, factor in (strength or {}).items():
            if name not in IDENTITY_ATTRIBUTES or name not in concrete:
                raise StrengthError(f"strength given for {name!r}, which is not a stated identity attribute")
            if not 0.0 <= float(factor) <= MAX_STRENGTH:
                raise StrengthError(f"strength of {name} must be in [0, {MAX_STRENGTH}], got {factor}")
            if float(factor) == 1.0:
                continue
            col = IDENTITY_ATTRIBUTES.index(name)
            attr = BY_NAME[name]
            if attr.ordinal:  # push along low -> high (same noise), away from the middle value
                top = len(attr.values) - 1
                side = np.sign(2 * idx[:, col] - top).astype(np.float32)[:, None]
                lo, hi = idx.copy(), idx.copy()
                lo[:, col], hi[:, col] = 0, top
                step = 0.5 * side * (self.predict(hi, z) - self.predict(lo, z))
            else:  # categorical: scale the edit the value makes on the noise head
                without = idx.copy()
                without[:, col] = -1
                step = x - self.predict(without, z)
            x = x + (float(factor) - 1.0) * step
        return np.clip(x, -PLAUSIBLE, PLAUSIBLE).astype(np.float32)

    def expression_weights(self, concrete: Mapping[str, str], names=None) -> np.ndarray:
        return _expression_weights(concrete, names)
