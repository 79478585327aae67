"""What the parser returns, and the one error it raises."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..errors import TextFaceError


class ParseError(TextFaceError):
    """The description cannot be parsed (empty, too long, not text)."""


@dataclass(frozen=True)
class ParseResult:
    """concrete: schema attribute -> value; abstract: phrases for CLIP; warnings: what the user should know;
    strength: attribute -> factor of its degree words ("very wide" -> 2.0), only where one was said; absent
    means 1.0, as trained (see degree.py for which attributes and words); denied: attribute -> the values a negation
    denied, in schema order ("no grey hair" -> {"hair_color": ["gray"]}; denials.py), which the texture's draw never
    draws where it can follow them (backend/texture/params.py)."""

    concrete: dict[str, str] = field(default_factory=dict)
    abstract: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    strength: dict[str, float] = field(default_factory=dict)
    denied: dict[str, list[str]] = field(default_factory=dict)
    hair: dict = field(default_factory=dict)  # the stated hairstyle (hairstyle.py): beside the code, not in it
    # the stated beard length, mustache shape and brow colour, and the bones the shape draws (cheekbones: high/flat,
    # brow_ridge: heavy/flat; facial_shapes.py, backend/shape/face_bones.py): beside the code, not in it
    facial_hair: dict = field(default_factory=dict)
    # how many freckles, "light" or "heavy", where stated (freckle_amount.py): beside the code, not in it
    freckle_amount: str | None = None
    # gestures layered on the expression (gestures.py): {"brow_raise": {"side": "left"}}; beside the code, not in it
    gestures: dict = field(default_factory=dict)
    # face fullness from body words (body.py read_fullness): {"value": "full"|"lean", "degree": 2.0}; beside the code
    fullness: dict = field(default_factory=dict)
    # the age in years where a number or decade was said ("in her thirties" 35; age_years.py): beside the code
    age_years: int | None = None
    # "flushed" (rosy cheeks, blushing, red-faced) or "sunburnt" where stated (skin_flush.py): beside the code
    skin_flush: str | None = None
    # the stated scars, {"count": n, "places": [...]} (scars.py): beside the code, for the texture to paint
    scar: dict = field(default_factory=dict)
    # the stated eyeliner, {"amount": "none"|"light"|"heavy", "color"?: ...} (eyeliner.py): beside the code
    eyeliner: dict = field(default_factory=dict)
    # how grey the gray hair is, {"scalp"?: amount, "beard"?: amount}: salt_pepper, temples, some, mostly (greying.py)
    hair_grey: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = {"concrete": dict(self.concrete), "abstract": list(self.abstract), "warnings": list(self.warnings),
               "strength": dict(self.strength), "denied": {k: list(v) for k, v in self.denied.items()}}
        if self.hair:
            out["hair"] = dict(self.hair)
        if self.facial_hair:
            out["facial_hair"] = dict(self.facial_hair)
        if self.freckle_amount:
            out["freckle_amount"] = self.freckle_amount
        if self.gestures:
            out["gestures"] = {k: dict(v) for k, v in self.gestures.items()}
        if self.fullness:
            out["fullness"] = dict(self.fullness)
        if self.age_years is not None:
            out["age_years"] = self.age_years
        if self.skin_flush:
            out["skin_flush"] = self.skin_flush
        if self.scar:
            out["scar"] = {"count": self.scar["count"], "places": list(self.scar["places"])}
        if self.eyeliner:
            out["eyeliner"] = dict(self.eyeliner)
        if self.hair_grey:
            out["hair_grey"] = dict(self.hair_grey)
        return out

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
