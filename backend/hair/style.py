"""Which hairstyle a head gets: the stated reading (backend/parser/hairstyle.py) or a draw from gender, age and the
painted scalp hair (the texture params), deterministic per seed.

The painted crop decides whether there is hair at all: a bald, shaved or buzz-cut scalp (density or length low in
the texture params) gets no mesh, and receding or balding hair is only ever drawn short, so the mesh covers only
where the albedo paints hair.  Unstated, most men get short hair and most women longer; a stated length is worn down
unless a tied style is stated; a denied value ("no long hair") is never drawn.  head.json keeps the result (`hair`:
style, length, volume, fringe, stated or drawn) so that refinement rebuilds the same hair on the refined identity.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Mapping

import numpy as np

from ..errors import TextFaceError
from ..parser.hair_cuts import CUT_NAMES, CUTS, covering_keeps
from ..parser.hairstyle import LENGTHS, STYLES, VOLUMES
from .locs import PLAIT_ROWS

# Unstated lengths (relative likelihoods; denied ones dropped).  Men: mostly short; women: mostly past the chin.
MALE_LENGTHS = {"cropped": 0.08, "short": 0.8, "chin": 0.05, "shoulder": 0.05, "long": 0.02}
FEMALE_LENGTHS = {"short": 0.12, "chin": 0.18, "shoulder": 0.3, "long": 0.32, "very_long": 0.08}
# Unstated styles of hair long enough to tie (shoulder and longer) whose length is unstated too; older women put it up
# more often.  A stated length with no stated style is worn down (loose): "long red hair" is long hair that shows, a
# tied style only when the prompt says so ("in a ponytail", "in a bun", "in a braid")
FEMALE_STYLES = {"loose": 0.72, "ponytail": 0.13, "bun": 0.11, "braid": 0.04}
MALE_STYLES = {"loose": 0.9, "ponytail": 0.08, "bun": 0.02}
VOLUME_PRIOR = {"straight": 0.82, "curly": 0.18}
# Unstated texture given the parsed ancestry (parser/lexicon.py ANCESTRY): natural hair of Black people is mostly
# coily (drawn as curly: a close bumpy crop when short), East Asian hair mostly straight.  No ancestry: VOLUME_PRIOR,
# drawn with the same single rng draw, so those heads keep their exact hair.
ANCESTRY_VOLUME = {"black": {"straight": 0.12, "curly": 0.88}, "east-asian": {"straight": 0.95, "curly": 0.05},
                   "south-asian": {"straight": 0.8, "curly": 0.2}, "hispanic": {"straight": 0.72, "curly": 0.28},
                   "middle-eastern": {"straight": 0.68, "curly": 0.32}, "white": VOLUME_PRIOR}
# Unstated fringe (a big change of look, so rare): women, and men, with hair to the chin or longer; never with
# hair pulled up or back (NO_FRINGE)
FRINGE_PRIOR = {"female": 0.08, "male": 0.03}
# ... and women's short hair (stated or drawn, loose, straight): a fringe share, so short hair is not always the same
# swept-back cap (drape.py moves the cap's hairline down the forehead).  Set by hand (no survey figure found): short
# cuts such as the pixie are often worn with a fringe.  Men's short hair: no fringe, as before
SHORT_FRINGE_FEMALE = 0.3
NO_FRINGE_CUTS = frozenset({"slicked_back", "top_knot", "mohawk", "faux_hawk", "cornrows"})
# Named cuts that are not modelled: what is drawn instead (the length and volume they force, if any) and how the note
# says it.  Modelled cuts: mohawk / faux-hawk (a crest, hair/crest.py), top knot (a high bun), slicked back (a flat
# short cap, no fringe), dreadlocks (ropes hanging from the cap, hair/locs.py).
CUT_AS = {"cornrows": {"length": "cropped"}, "dreadlocks": {"volume": "curly"}, "undercut": {"length": "short"},
          "mohawk": {"length": "short", "volume": "straight"}, "faux_hawk": {"length": "short", "volume": "straight"},
          "slicked_back": {"length": "short", "volume": "straight"}}
NOT_MODELLED = ("cornrows", "undercut", "side_part", "middle_part")
CHILD_AGES = ("young",)  # parsed age classes (girls, young women) that keep two pigtails for "braids"
TIED = frozenset({"ponytail", "bun", "braid", "pigtails"})
LONG_ENOUGH = ("shoulder", "long", "very_long")  # what a tied style's hanging length is drawn from
# The painted scalp (texture params) below these has no hair to build on: bald (density) or a shaved crop (length)
MIN_DENSITY, MIN_LENGTH = 0.3, 0.5
THINNING = 0.3  # hairline_recession, crown_thinning or top_thinning above this: receding or balding, short only


class HairStyleError(TextFaceError):
    """A head.json `hair` section that is not one this backend writes."""


@dataclass(frozen=True)
class HairStyle:
    length: str  # LENGTHS; "cropped": no mesh (the painted crop)
    style: str = "loose"  # STYLES
    volume: str = "straight"  # VOLUMES
    fringe: bool = False
    stated: tuple[str, ...] = ()  # the fields the prompt stated (the others were drawn)
    cut: str = ""  # a named cut (parser/hair_cuts.py CUTS) or ""; the modelled ones change the geometry
    plaits: bool = False  # "braids" on a Black adult: box braids (many thin plaits, locs.py), not two pigtails
    ears: str = ""  # "tucked": loose hair past the chin hangs from behind the ears (drape.py), "" as before

    @property
    def has_mesh(self) -> bool:
        return self.length != "cropped"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["stated"] = list(self.stated)
        if not self.cut:  # head.json stays as before for heads without a named cut
            del d["cut"]
        if not self.plaits:  # ... or box braids
            del d["plaits"]
        if not self.ears:  # ... or hair tucked behind the ears
            del d["ears"]
        return d

    @classmethod
    def from_dict(cls, data: Mapping) -> "HairStyle":
        if not isinstance(data, Mapping):
            raise HairStyleError("head.json hair must be an object")
        try:
            style = cls(length=str(data["length"]), style=str(data.get("style", "loose")),
                        volume=str(data.get("volume", "straight")), fringe=bool(data.get("fringe", False)),
                        stated=tuple(str(s) for s in data.get("stated", ())), cut=str(data.get("cut", "")),
                        plaits=bool(data.get("plaits", False)), ears=str(data.get("ears", "")))
        except KeyError:
            raise HairStyleError("head.json hair has no length") from None
        for value, allowed, what in ((style.length, LENGTHS, "length"), (style.style, STYLES, "style"),
                                     (style.volume, VOLUMES, "volume")):
            if value not in allowed:  # (ears: below)
                raise HairStyleError(f"head.json hair {what} {value!r} is not one of {', '.join(allowed)}")
        if style.ears not in ("", "tucked"):
            raise HairStyleError(f"head.json hair ears {style.ears!r} is not 'tucked'")
        if style.cut and style.cut not in CUTS:
            raise HairStyleError(f"head.json hair cut {style.cut!r} is not one of {', '.join(CUTS)}")
        return style


def _pick(rng: np.random.Generator, weights: Mapping[str, float]) -> str:
    keys = [k for k, w in weights.items() if w > 0]
    p = np.array([weights[k] for k in keys], np.float64)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def choose(stated: Mapping, concrete: Mapping[str, str], texture_params: Mapping[str, float], seed: int,
           ) -> tuple[HairStyle, list[str]]:
    """The head's hairstyle and the warnings to show.  `stated`: ParseResult.hair; `concrete`: the parsed code
    (gender, age); `texture_params`: the head's TextureParams as a dict (the painted scalp hair)."""
    rng = np.random.default_rng([int(seed), 11])  # 11: the hair's own stream (the texture's draws stay as they were)
    denied = set(stated.get("denied", ()))
    gender = concrete.get("gender")
    age = float(texture_params.get("age", 0.3))
    said = tuple(k for k in ("length", "style", "volume", "fringe", "cut") if k in stated)
    notes: list[str] = []
    if stated.get("covered") and not covering_keeps(stated):  # the parser's not-modelled note says so
        return HairStyle("cropped", stated=said), notes
    covered = bool(stated.get("covered"))
    cut = "" if covered else str(stated.get("cut", ""))  # under a hat only what shows below it
    # a cut's length and volume are defaults ("long slicked back hair" stays long), but a crest or cornrows are
    # never longer
    stated = {**CUT_AS.get(cut, {}), **{k: v for k, v in stated.items() if k not in ("cut", "covered", "covering")}}
    if cut in ("cornrows", "mohawk", "faux_hawk"):
        stated["length"] = CUT_AS[cut]["length"]
    density, crop = float(texture_params.get("scalp_hair", 0.9)), float(texture_params.get("scalp_length", 1.0))
    if density < MIN_DENSITY or crop < MIN_LENGTH:
        if any(stated.get(k) for k in ("length", "style")) and stated.get("length") != "cropped" or cut:
            notes.append(f"hair: the scalp is painted {'bald' if density < MIN_DENSITY else 'shaved'}, so the "
                         f"stated hairstyle has no hair mesh")
        return HairStyle("cropped", stated=said, cut=cut), notes
    thinning = max(float(texture_params.get(k, 0.0)) for k in ("hairline_recession", "crown_thinning", "top_thinning"))
    lengths = FEMALE_LENGTHS if gender == "female" else MALE_LENGTHS if gender == "male" else \
        {k: 0.5 * MALE_LENGTHS.get(k, 0.0) + 0.5 * FEMALE_LENGTHS.get(k, 0.0) for k in LENGTHS}
    if gender == "female" and age > 0.6:  # older women wear it shorter more often
        lengths = {**lengths, "short": lengths["short"] * 2.5, "very_long": lengths["very_long"] * 0.3}
    style = stated.get("style")
    if style is None:
        styles = FEMALE_STYLES if gender == "female" else MALE_STYLES
        if gender == "female" and age > 0.6:
            styles = {**styles, "bun": styles["bun"] * 2.5}
        style = "loose"  # drawn below once the length is known
    length = stated.get("length")
    if length is None:
        if thinning > THINNING and gender != "female":  # receding or balding: short where the painted hair is
            pool = {"short": 1.0}
        elif stated.get("style") in TIED or stated.get("fringe") == "yes" and gender == "female":
            pool = {k: lengths.get(k, 0.0) for k in (LONG_ENOUGH if stated.get("style") in TIED else LENGTHS[2:])}
        else:
            pool = dict(lengths)
        pool = {k: w for k, w in pool.items() if k not in denied and w > 0} or {"short": 1.0}
        length = _pick(rng, pool)
    elif thinning > THINNING and gender != "female" and length not in ("cropped", "short"):
        notes.append(f"hair: {length} hair stated on a receding or balding scalp: built where the scalp is painted")
    if stated.get("style") is None:
        if length in LONG_ENOUGH:
            pool = {k: w for k, w in styles.items() if k not in denied and not (covered and k == "bun")}
            style = _pick(rng, pool) if pool else "loose"
            # worn down when the prompt describes the hair's length or texture ("curly red hair": hair that shows);
            # the draw above is still made so volume and fringe draw as before
            if "length" in said or "volume" in said:
                style = "loose"
        else:
            style = "loose"
    prior = ANCESTRY_VOLUME.get(str(concrete.get("ancestry", "")), VOLUME_PRIOR)
    volume = stated.get("volume") or _pick(rng, {k: w for k, w in prior.items() if k not in denied}
                                           or {"straight": 1.0})
    if "fringe" in stated:
        fringe = True
    else:  # the last draw: a head whose fringe is not drawn consumes nothing here, so the other fields never move
        short_fringe = gender == "female" and length == "short" and style == "loose" and volume == "straight"
        share = SHORT_FRINGE_FEMALE if short_fringe else \
            FRINGE_PRIOR.get(gender) if length not in ("cropped", "short") else None
        fringe = (share is not None and style != "bun" and cut not in NO_FRINGE_CUTS and not covered
                  and "fringe" not in denied and bool(rng.random() < share))
    if cut in NOT_MODELLED:
        drawn = _drawn_cut(cut, length, style, volume, texture_params)
        notes.append(f"hairstyle not modelled: {CUT_NAMES[cut]} — {drawn}; shape it in Blender or use --hair none")
    # "braids" (the parser reads them as pigtails) on a Black adult are box braids: many thin plaits from the scalp
    plaits = (style == "pigtails" and "style" in said and not cut and concrete.get("ancestry") == "black"
              and concrete.get("age") not in CHILD_AGES)
    if plaits:
        notes.append(f"hair: braids drawn as box braids ({sum(n for _, n in PLAIT_ROWS)} thin plaits hanging from the "
                     "scalp), not two pigtails")
    # "tucked behind her ears" (the parser's hair["ears"]): only loose hair that hangs past the ears can be
    ears = "tucked" if (stated.get("ears") == "tucked" and style == "loose" and length not in ("cropped", "short")
                        and volume != "afro" and cut != "dreadlocks") else ""
    return HairStyle(length=length, style=style, volume=volume, fringe=fringe, stated=said, cut=cut,
                     plaits=plaits, ears=ears), notes


# an undercut's mesh stops above the shaved band's line (hair/drape.py) whether or not the albedo shaved it
_MISSING = {"side_part": " with no part line", "middle_part": " with no part line",
            "undercut": " on top, ending above the temples (sides not shaved)"}
# ... where the painted scalp draws the cut (texture params version 14, backend/texture/scalp_cuts.py)
_PAINTED = {"undercut": " on top (the painted sides and back are shaved; the hair mesh stops above them)"}


def _drawn_cut(cut: str, length: str, style: str, volume: str, texture_params: Mapping[str, float]) -> str:
    """How a not-modelled cut is drawn, in words, with what the painted scalp adds (texture params version 14)."""
    if cut == "cornrows" and texture_params.get("cornrows", 0.0) > 0.0:
        return "painted as rows, no hair mesh"
    p = texture_params
    shaved = cut == "undercut" and p.get("side_shave", 0.0) > 0.0 and p.get("shave_shape") == 1.0
    return f"drawn as {_drawn_as(length, style, volume)}{(_PAINTED if shaved else _MISSING).get(cut, '')}"
_LENGTH_WORDS = {"short": "short", "chin": "chin-length", "shoulder": "shoulder-length", "long": "long",
                 "very_long": "very long"}


def _drawn_as(length: str, style: str, volume: str) -> str:
    """What a not-modelled cut is drawn as, in words ("loose curly shoulder-length hair")."""
    if length == "cropped":
        return "the painted close crop (no hair mesh)"
    kind = {"loose": "", "ponytail": " in a ponytail", "bun": " in a bun", "braid": " in a braid",
            "pigtails": " in pigtails"}[style]
    return f"{'loose ' if style == 'loose' else ''}{volume} {_LENGTH_WORDS[length]} hair{kind}"
