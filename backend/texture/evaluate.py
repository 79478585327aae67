"""`python -m backend eval texture`: quality figures of the parametric albedo (or a StyleGAN checkpoint).

Checks (the same measures as tests/test_texture_albedo.py, over several seeds):
skin-tone luminance falls monotonically very-fair -> dark; a dark full beard on fair skin is darker
than the bare cheeks; a stated grey beard (hair unstated) is grey over a darker scalp, a stated black beard
under stated grey hair darker than the scalp (CIELAB L*); lip redness (CIELAB a*) rises pale -> natural -> red; the iris hue follows the
eye colour; freckles raise the luminance spread of the freckle zone; dark circles darken the skin under the
eyes against the cheek on very fair and dark skin (L* at least 5 below that of no dark circles); scalp hair
stated full covers >= 90 % of the top and sides of the scalp and < 2 % of the forehead's centre, bald < 5 % of
the top; no seam between the face and back-of-head tiles (mean Delta E < SEAM_MEAN_DE, 95th
percentile < SEAM_P95_DE, max < SEAM_MAX_DE); salt-and-pepper scalp hair (grey 0.35) reads as a mix of dark and white
tufts on the back-of-head tile, nearly white hair (0.92) stays even (parametric only); brows read in the hair's colour
(red, blond, black: Delta E < BROW_HAIR_DE), stated thick brows cover >= BROW_HEAVY_OVER_THIN times the skin sparse
ones do, heavy make-up's shadow darkens past the lid (smoky); a long beard (beard_length 1) reaches >= LONG_BEARD_CM
below the chin, a short one (0.25) <= 3 cm, and the mustache runs from a thin line to over the upper lip (parametric
only); params version 12 (parametric only): unstated light eyes are rare on brown and dark skin (blue < 1 %, light
< 2 % of 1000 draws per band) and common on very fair skin (> 30 %), fair skin at 85 is no paler than the same person
at 30 and sallower (chroma up), age lines darken every zone by > AGE_LINES_DL at 85 and none at 30, thin white hair on
fair skin covers > THIN_HAIR_COVER of the top, brows break into < BROW_PIECES_PER_CM2 pieces per cm^2 (strokes,
not dots); params version 15 (parametric only, evaluate_v15.py): greying hair reads as fine strands at preview scale,
cornrows run down the back side by side, the first age lines show from the thirties; a stated ancestry's
melanin (5th..95th percentile of 1000 draws) lies in its measured range (tone_prior_measures.py, parametric only);
one seed is deterministic.  Exit
status 1 when a check fails.
"""
from __future__ import annotations

import argparse
from dataclasses import replace

import numpy as np

from .. import checks

IRIS_HUES = {"brown": (10, 45), "hazel": (40, 85), "green": (80, 150), "blue": (190, 240)}
BEARD_GREY_SHOWS = 10.0  # L*: a stated grey beard is at least this much lighter than the same man's black one
BEARD_SCALP_DL = 3.0  # L*: a grey beard's scalp (hair unstated) lies at least this far below the beard (mean)
# L*: a black beard at least this far below stated grey scalp hair (with one pigment for both, params version
# <= 8, the same hair rendered 3.6-4.7 darker as a full beard than as the cropped scalp; now ~36)
BLACK_UNDER_GREY_DL = 15.0
SALT_PEPPER_MIX = 3.0  # L* std (3 cm window) of the back tile's scalp at a grey fraction of 0.35 at least this
WHITE_CALM = 2.5  # and at 0.92 (nearly white) at most this
BROW_HAIR_DE = 15.0  # Delta E: brow hairs (darkest tenth of the brow) at most this far from the scalp hair
BROW_HEAVY_OVER_THIN = 4.0  # stated thick brows cover at least this many times the skin thin ones do
SMOKY_OUT_DL = 5.0  # L*: heavy make-up's shadow at least this much darker than the skin past the lid
LONG_BEARD_CM = 7.0  # beard_length 1 reaches at least this far below the chin
EYE_DRAWS = 1000  # unstated eye colours drawn for the shares per skin band
AGE_LINES_DL = 6.0  # L*: every zone's age lines at least this much darker than the skin around them at 85
THIN_HAIR_COVER = 0.5  # share of the top that thin white hair on fair skin covers (version 11: 0.02-0.27)
BROW_PIECES_PER_CM2 = 6.0  # separate pieces of brow hair per cm^2 of it at most (version 11's strands: 2-9)


def build_parser() -> argparse.ArgumentParser:
    p = checks.OptionParser(prog="python -m backend eval texture", description=__doc__.split("\n\n")[0])
    p.add_argument("--texture", default="parametric", help='"parametric" (default) or "stylegan:PATH"')
    p.add_argument("--size", type=int, default=512, choices=(256, 512, 1024, 2048))
    p.add_argument("--seeds", type=checks.int_in(1, 100), default=3, help="seeds per measurement, 1..100 (default 3)")
    p.add_argument("--json", dest="json_out", default=None, help="also write the figures to this JSON file")
    return p


def main(argv=None) -> int:
    from ..face_model import load_face_model
    from ..schema import BY_NAME
    from . import make_texture_model
    from . import quality as q
    from .parametric import albedo
    from .params import params_from_code

    args = build_parser().parse_args(argv)
    json_out = checks.json_out_path(args.json_out)  # before the run: its figures must not be lost at the end
    model = load_face_model()
    tm = make_texture_model(args.texture, model=model)
    seeds = range(args.seeds)

    def img(code, seed):
        return tm.generate(code, seed=seed, size=args.size).image

    report, ok = {"texture": tm.name, "size": args.size, "seeds": args.seeds}, {}
    print(f"texture model {tm.name}, {args.size}^2, seeds {list(seeds)}")

    tones = BY_NAME["skin_tone"].values
    lum = np.array([[q.skin_luminance(img({"skin_tone": t}, s), model) for t in tones] for s in seeds])
    ok["skin tone order"] = bool((np.diff(lum, axis=1) < 0).all())
    report["skin_luminance"] = dict(zip(tones, lum.mean(0).round(4).tolist()))
    print("skin luminance (mean over seeds): " + ", ".join(f"{t} {v:.3f}" for t, v in zip(tones, lum.mean(0))))

    beard = {hair: [q.beard_contrast(img({"skin_tone": "fair", "beard": "full", "hair_color": hair}, s), model)
                    for s in seeds] for hair in ("black", "brown")}
    shaved = [q.beard_contrast(img({"skin_tone": "fair", "beard": "none", "gender": "male"}, s), model) for s in seeds]
    ok["dark beard darker than cheeks"] = all(v < 0 for vals in beard.values() for v in vals)
    report["beard_minus_cheek_luminance"] = {**{k: float(np.mean(v)) for k, v in beard.items()},
                                             "none": float(np.mean(shaved))}
    print("beard minus cheek luminance, fair skin: " + ", ".join(
        f"{k} beard {np.mean(v):+.3f}" for k, v in beard.items()) + f", no beard {np.mean(shaved):+.3f}")

    # the beard's colour stated apart from the scalp's (params version 9; before, the beard took the scalp's):
    # a grey beard reads grey (>= BEARD_GREY_SHOWS L* above the same man's black beard) over a darker scalp, the
    # scalp drawn to go with it (less grey); a black beard under stated grey hair is darker than the scalp
    man = {"gender": "male", "age": "middle-aged", "beard": "full", "scalp_hair": "full", "skin_tone": "medium"}
    lab = {name: np.array([q.beard_and_scalp_lightness(img(code, s), model) for s in seeds]) for name, code in (
        ("grey beard", dict(man, beard_color="gray")), ("black beard", dict(man, beard_color="black")),
        ("black beard, grey hair", dict(man, beard_color="black", hair_color="gray")))}
    grey, black, under_grey = lab["grey beard"], lab["black beard"], lab["black beard, grey hair"]
    ok["grey beard over a darker scalp (hair unstated)"] = bool(
        (grey[:, 0] > black[:, 0] + BEARD_GREY_SHOWS).all() and (grey[:, 0] - grey[:, 1]).mean() > BEARD_SCALP_DL)
    ok["black beard darker than stated grey hair"] = bool((under_grey[:, 1] - under_grey[:, 0] > BLACK_UNDER_GREY_DL).all())
    report["beard_and_scalp_L"] = {k: {"beard": float(v[:, 0].mean()), "scalp": float(v[:, 1].mean())}
                                   for k, v in lab.items()}
    print("beard / scalp L*, middle-aged man, medium skin: " + ", ".join(
        f"{k} {v[:, 0].mean():.1f} / {v[:, 1].mean():.1f}" for k, v in lab.items()))

    lips = {c: [q.lip_redness(img({"skin_tone": "fair", "lip_color": c, "makeup": "none"}, s), model) for s in seeds]
            for c in ("pale", "natural", "red")}
    ok["lip redness rises"] = all(lips["pale"][i] < lips["natural"][i] < lips["red"][i] for i in range(len(seeds)))
    report["lip_a_star"] = {k: float(np.mean(v)) for k, v in lips.items()}
    print("lip redness a*: " + ", ".join(f"{k} {np.mean(v):.1f}" for k, v in lips.items()))

    freckles = {f: [q.freckle_contrast(img({"skin_tone": "fair", "freckles": f}, s), model) for s in seeds]
                for f in ("none", "some")}
    ok["freckles add spots"] = all(b > 1.5 * a for a, b in zip(freckles["none"], freckles["some"]))
    report["freckle_zone_luminance_std"] = {k: float(np.mean(v)) for k, v in freckles.items()}
    print("freckle-zone luminance std, fair skin: " + ", ".join(f"{k} {np.mean(v):.4f}" for k, v in freckles.items()))

    under = {tone: np.array([[q.under_eye_contrast(img({"skin_tone": tone, "under_eyes": u}, s), model)[0]
                              for u in ("none", "dark")] for s in seeds]) for tone in ("very-fair", "dark")}
    ok["dark circles darken under the eyes"] = all(bool((v[:, 1] < v[:, 0] - 5.0).all()) for v in under.values())
    report["under_eye_minus_cheek_L"] = {t: dict(zip(("none", "dark"), v.mean(0).round(2).tolist()))
                                         for t, v in under.items()}
    print("under-eye minus cheek L*, no / dark circles: " + ", ".join(
        f"{t} {v[:, 0].mean():+.1f} / {v[:, 1].mean():+.1f}" for t, v in under.items()))

    # scalp hair: stated full, it covers the top and the sides (>= 90 %) and leaves the forehead's centre bare;
    # bald, the top is skin (at most a few sun spots)
    def cover(code, where):
        return float(np.mean([q.scalp_hair_cover(img(code, s), model, where) for s in seeds]))

    # grey middle-aged: grey hair with no age now draws ~70 years (beard_age.py), whose forehead age spots and lines
    # read as "covered" here (a stated old grey head: 0.03-0.06 at 524027e)
    full = {f"{c} on {t}": {w: cover({"scalp_hair": "full", "hair_color": c, "skin_tone": t}
                                     | ({"age": "middle-aged"} if c == "gray" else {}), w)
                            for w in ("top", "fringe", "forehead")}
            for c, t in (("black", "dark"), ("blond", "fair"), ("gray", "medium"))}
    bald = cover({"scalp_hair": "bald", "skin_tone": "fair", "age": "old"}, "top")
    ok["scalp hair: full covers the scalp, bald does not, off the forehead"] = bool(
        all(v["top"] > 0.9 and v["fringe"] > 0.9 and v["forehead"] < 0.02 for v in full.values()) and bald < 0.05)
    report["scalp_hair_cover"] = {"full": {k: {w: round(x, 3) for w, x in v.items()} for k, v in full.items()},
                                  "bald_top": round(bald, 3)}
    print("scalp hair cover (top / sides / forehead centre): " + ", ".join(
        f"{k} {v['top']:.2f} / {v['fringe']:.2f} / {v['forehead']:.3f}" for k, v in full.items())
        + f"; bald top {bald:.3f}")

    iris, iris_ok = {}, True
    for colour in BY_NAME["eye_color"].values:
        hsv = np.array([q.iris_colour(img({"eye_color": colour}, s), model) for s in seeds])
        iris[colour] = {"hue": float(hsv[:, 0].mean()), "saturation": float(hsv[:, 1].mean())}
        if colour in IRIS_HUES:
            lo, hi = IRIS_HUES[colour]
            iris_ok &= bool(((hsv[:, 0] >= lo) & (hsv[:, 0] <= hi)).all())
        else:  # gray: unsaturated
            iris_ok &= bool((hsv[:, 1] < 0.2).all())
    ok["iris hue follows eye colour"] = iris_ok
    report["iris"] = iris
    print("iris hue/saturation: " + ", ".join(f"{k} {v['hue']:.0f} deg/{v['saturation']:.2f}" for k, v in iris.items()))

    codes = [{"skin_tone": "fair"}, {"skin_tone": "dark", "beard": "full", "age": "old"},
             {"skin_tone": "very-fair", "freckles": "some", "makeup": "heavy"},
             {"skin_tone": "fair", "scalp_hair": "full", "hair_color": "black"},
             {"skin_tone": "medium", "scalp_hair": "shaved", "gender": "male"}]
    de = np.concatenate([q.seam_delta_e(img(c, s), model) for c in codes for s in seeds])
    ok["no seam"] = bool(de.mean() < q.SEAM_MEAN_DE and np.percentile(de, 95) < q.SEAM_P95_DE
                         and de.max() < q.SEAM_MAX_DE)
    report["seam_delta_e"] = {"mean": float(de.mean()), "p95": float(np.percentile(de, 95)), "max": float(de.max()),
                              "thresholds": {"mean": q.SEAM_MEAN_DE, "p95": q.SEAM_P95_DE, "max": q.SEAM_MAX_DE}}
    print(f"seam Delta E (face / back of head, {len(de)} vertex samples): mean {de.mean():.2f} "
          f"(< {q.SEAM_MEAN_DE}), p95 {np.percentile(de, 95):.2f} (< {q.SEAM_P95_DE}), max {de.max():.2f} "
          f"(< {q.SEAM_MAX_DE})")

    # grey scalp hair: single texels standing out of the hair around them (L* std, 1 cm window); the coarse back
    # tile showed texel-wide dark dashes (a figure, no check)
    grey = {"scalp_hair": "full", "hair_color": "gray", "age": "old", "skin_tone": "medium"}
    texel = {slot: float(np.mean([q.scalp_texel_contrast(img(grey, s), model, slot) for s in seeds]))
             for slot in ("face", "back")}
    report["grey_scalp_texel_contrast_L"] = texel
    print("grey scalp hair, texel contrast L* (face / back tile): " + " / ".join(f"{v:.2f}" for v in texel.values()))

    # salt and pepper (params version 10): at a grey fraction of 0.35 the scalp shows dark and white tufts on both
    # tiles (L* std in a 3 cm window; version 9's back tile: 1.3-1.4, a flat grey), nearly white hair stays calm
    if tm.name == "parametric":
        man = {"gender": "male", "age": "middle-aged", "scalp_hair": "full", "skin_tone": "medium", "hair_color": "black"}
        mix = {g: np.array([[q.scalp_mix_contrast(albedo(replace(params_from_code(man, s), hair_grey=g), args.size, s,
                                                         model).detach(), model, slot)[0] for slot in ("face", "back")]
                            for s in seeds]) for g in (0.35, 0.92)}
        ok["salt and pepper reads as a mix"] = bool((mix[0.35][:, 1] > SALT_PEPPER_MIX).all()
                                                    and (mix[0.92][:, 1] < WHITE_CALM).all())
        report["scalp_mix_L_std"] = {str(g): dict(zip(("face", "back"), v.mean(0).round(2).tolist())) for g, v in mix.items()}
        print("scalp L* std in 3 cm, grey 0.35 / 0.92 (face, back tile): " + " / ".join(
            f"{v[:, 0].mean():.2f}, {v[:, 1].mean():.2f}" for v in mix.values()))

    _face_hair(tm, img, seeds, args.size, model, ok, report)
    if tm.name == "parametric":
        _age(seeds, args.size, model, ok, report)
        _freckle_amounts(seeds, args.size, model, ok, report)
        _tone_prior(ok, report)
        from .evaluate_v15 import check as version_15

        version_15(seeds, args.size, model, ok, report)

    a, b = img({"skin_tone": "medium"}, 11), img({"skin_tone": "medium"}, 11)
    c = img({"skin_tone": "medium"}, 12)
    ok["deterministic per seed"] = bool(np.array_equal(a, b))
    report["seed_difference_mean_abs"] = float(np.abs(a.astype(int) - c.astype(int)).mean())
    print(f"same seed identical: {np.array_equal(a, b)}; seeds 11 vs 12 differ by "
          f"{report['seed_difference_mean_abs']:.2f}/255 on average")

    return checks.finish(ok, report, json_out, indent=2)


def _face_hair(tm, img, seeds, size, model, ok, report) -> None:
    """Params version 11's brows, mustache, long beard and smoky eyes (face_hair_measures.py)."""
    from . import face_hair_measures as fm
    from .parametric import albedo
    from .params import params_from_code

    # brows in the hair's colour: the brow hairs lie within BROW_HAIR_DE of the scalp hair (red brows of version 10:
    # 18-25, grey-brown)
    de = {c: [float(np.linalg.norm(np.subtract(*fm.brow_and_hair_colour(img(code, s), model)))) for s in seeds]
          for c, code in (("red", {"gender": "female", "hair_color": "red", "scalp_hair": "full"}),
                          ("blond", {"gender": "male", "hair_color": "blond", "scalp_hair": "full"}),
                          ("black", {"gender": "male", "age": "young", "hair_color": "black", "scalp_hair": "full"}))}
    ok["brows in the hair's colour"] = all(v < BROW_HAIR_DE for vals in de.values() for v in vals)
    report["brow_minus_hair_delta_e"] = {k: round(float(np.mean(v)), 2) for k, v in de.items()}
    print("brow hairs vs scalp hair Delta E (< %.0f): " % BROW_HAIR_DE
          + ", ".join(f"{k} {np.mean(v):.1f}" for k, v in de.items()))
    # heavy brows cover more skin than thin ones (version 10: the same band for both, ~9 cm^2 at full density)
    area = {d: [fm.brow_cover_cm2(img({"gender": "male", "eyebrow_density": d}, s), model) for s in seeds]
            for d in ("sparse", "medium", "thick")}
    ok["heavy brows cover more than thin ones"] = all(t > BROW_HEAVY_OVER_THIN * max(n, 0.1) for t, n in
                                                       zip(area["thick"], area["sparse"]))
    report["brow_hair_area_cm2"] = {k: round(float(np.mean(v)), 2) for k, v in area.items()}
    print("brow hair area cm^2, man: " + ", ".join(f"{k} {np.mean(v):.1f}" for k, v in area.items()))
    smoky = np.array([fm.smoky_depth(img({"gender": "female", "makeup": "heavy"}, s), model) for s in seeds])
    ok["smoky eyes blend out past the lid"] = bool((smoky[:, 1] > SMOKY_OUT_DL).all())
    report["heavy_makeup_shadow_L_below_skin"] = {"lid": float(smoky[:, 0].mean()), "out": float(smoky[:, 1].mean())}
    print(f"heavy make-up eye shadow, L* below the skin: lid {smoky[:, 0].mean():.1f}, brow bone and outer corner "
          f"{smoky[:, 1].mean():.1f} (> {SMOKY_OUT_DL})")
    if tm.name != "parametric":
        return

    def paint(p, s):
        return albedo(p, size, s, model).detach()

    # the parser states no beard length nor mustache shape yet: the drawing's range, and the draw by age
    beard = {"gender": "male", "age": "old", "beard": "full", "beard_color": "gray"}
    reach = {k: [fm.beard_reach_cm(paint(replace(params_from_code(beard, s), beard_length=k), s), model) for s in seeds]
             for k in (0.0, 0.25, 1.0)}
    drawn = {a: [fm.beard_reach_cm(img(dict(beard, age=a), s), model) for s in seeds] for a in ("young", "old")}
    ok["a long beard hangs down the neck"] = bool(min(reach[1.0]) >= LONG_BEARD_CM and max(reach[0.25]) <= 3.0
                                                 and max(reach[0.0]) <= 1.0)
    report["beard_reach_cm"] = {**{f"length {k}": float(np.mean(v)) for k, v in reach.items()},
                                **{f"drawn {k}": float(np.mean(v)) for k, v in drawn.items()}}
    print("beard reach below the chin, cm: " + ", ".join(f"length {k} {np.mean(v):.1f}" for k, v in reach.items())
          + "; drawn " + ", ".join(f"{k} {np.mean(v):.1f}" for k, v in drawn.items()))
    man = {"gender": "male", "beard": "mustache", "hair_color": "black"}
    cover = {k: np.array([fm.mustache_cover(paint(replace(params_from_code(man, s), mustache_shape=k), s), model)
                          for s in seeds]) for k in (0.0, 0.5, 1.0)}
    ok["mustache shapes: a thin line .. over the lip"] = bool(
        (cover[0.0] < 0.2).all() and (cover[1.0] > 0.8).all() and (cover[0.5][:, 1] > 0.5).all())
    report["mustache_cover_lip_and_above"] = {str(k): v.mean(0).round(2).tolist() for k, v in cover.items()}
    print("mustache hair cover (upper lip / above it), shape 0 thin, 0.5 (drawn), 1 thick: " + ", ".join(
        f"{k} {v[:, 0].mean():.2f}/{v[:, 1].mean():.2f}" for k, v in cover.items()))


def _age(seeds, size, model, ok, report) -> None:
    """Params version 12: unstated eye colour by skin, age in the skin's colour and lines, thin white hair."""
    from . import age_measures as am
    from . import quality as q
    from .parametric import albedo
    from .params import _ageing, params_from_code

    shares = am.eye_colour_shares(EYE_DRAWS)
    light = {b: v["blue"] + v["green"] + v["gray"] for b, v in shares.items()}
    ok["unstated light eyes follow the skin"] = bool(
        shares["brown"]["blue"] < 0.01 and light["brown"] < 0.02 and light["dark"] < 0.02 and light["very-fair"] > 0.3)
    report["unstated_eye_colour_share"] = {b: {k: round(x, 3) for k, x in v.items()} for b, v in shares.items()}
    print(f"unstated eye colour per skin band ({EYE_DRAWS} draws; blue/green/grey/hazel/brown %): " + "; ".join(
        f"{b} " + "/".join(f"{100 * v[k]:.1f}" for k in ("blue", "green", "gray", "hazel", "brown"))
        for b, v in shares.items()))

    def paint(code, age, s):
        return albedo(_ageing(replace(params_from_code(code, s), age=age), s), size, s, model).detach()

    woman = {"gender": "female", "skin_tone": "fair"}
    skin = {a: np.array([am.skin_lch(paint(woman, a, s), model) for s in seeds]) for a in (0.3, 0.85)}
    ok["old fair skin keeps its tone (no paler, sallower)"] = bool(
        (skin[0.85][:, 0] <= skin[0.3][:, 0] + 0.3).all() and (skin[0.85][:, 1] > skin[0.3][:, 1] + 1.5).all())
    report["fair_skin_L_C_b_by_age"] = {str(a): v.mean(0).round(2).tolist() for a, v in skin.items()}
    print("fair skin L*/C*/b* at 30 / 85: " + " / ".join(
        "{:.1f}, {:.1f}, {:.1f}".format(*v.mean(0)) for v in skin.values()))

    man = {"gender": "male", "skin_tone": "fair"}
    lines = {a: [am.crease_contrast(paint(man, a, s), model) for s in seeds] for a in (0.3, 0.6, 0.85)}
    ok["age lines show at 85, none at 30"] = bool(all(v < -AGE_LINES_DL for c in lines[0.85] for v in c.values())
                                                 and all(v > -1.0 for c in lines[0.3] for v in c.values()))
    report["age_line_delta_L"] = {str(a): {z: round(float(np.mean([c[z] for c in v])), 2) for z in v[0]}
                                  for a, v in lines.items()}
    print("age lines, L* of the lines minus the skin around (fair man; forehead/eyes/mouth/neck) at 30 / 60 / 85: "
          + " / ".join(", ".join(f"{x:+.1f}" for x in report["age_line_delta_L"][str(a)].values()) for a in lines))

    thin = {"gender": "female", "age": "old", "hair_color": "gray", "scalp_hair": "balding", "skin_tone": "fair"}
    cover = [q.scalp_hair_cover(albedo(params_from_code(thin, s), size, s, model).detach(), model, "top")
             for s in seeds]
    ok["thin white hair shows on fair skin"] = bool(min(cover) > THIN_HAIR_COVER)
    report["thin_white_hair_top_cover"] = float(np.mean(cover))
    print(f"thin white hair on fair skin, cover of the top: {np.mean(cover):.2f} (> {THIN_HAIR_COVER})")

    # brows as strokes (brow_strokes 1) against version 11's short strands (0): pieces of brow hair per cm^2 of it
    from . import face_hair_measures as fm

    brows = {k: np.array([fm.brow_pieces(albedo(replace(params_from_code({"gender": "male", "hair_color": "brown"}, s),
                                                        brow_strokes=k), size, s, model).detach(), model)
                          for s in seeds]) for k in (0.0, 1.0)}
    per = {k: float(np.mean(v[:, 0] / np.maximum(v[:, 1], 1e-3))) for k, v in brows.items()}
    ok["brows read as strokes, not dots"] = bool(per[1.0] < BROW_PIECES_PER_CM2 and per[1.0] < per[0.0])
    report["brow_pieces_per_cm2"] = {"strands (v11)": round(per[0.0], 2), "strokes": round(per[1.0], 2)}
    print(f"brow hair pieces per cm^2 of brow (man, brown hair): short strands {per[0.0]:.1f}, strokes {per[1.0]:.1f} "
          f"(< {BROW_PIECES_PER_CM2})")


def _freckle_amounts(seeds, size, model, ok, report) -> None:
    """Params version 13: freckle dots per cm² on the cheeks for "a few freckles" / "freckles" / "covered in freckles"
    (freckle_measures.py), and on the forehead, which only dense freckles reach."""
    from .freckle_measures import per_cm2
    from .params import params_from_code

    code = {"gender": "female", "skin_tone": "fair", "hair_color": "red", "freckles": "some"}
    forehead = lambda g: (g["pos"][1] > 8) & (g["pos"][2] > 6) & ~g["scalp_mask"]  # noqa: E731
    amounts = ("light", None, "heavy")
    cheeks = np.array([[per_cm2(params_from_code(code, s, freckle_amount=a), model, s, size) for a in amounts]
                       for s in seeds])
    brow = np.array([[per_cm2(params_from_code(code, s, freckle_amount=a), model, s, size, forehead) for a in amounts]
                     for s in seeds])
    ok["freckle amount: a few < freckles < covered (dots per cm², cheeks)"] = bool(
        (cheeks[:, 0] < 0.5 * cheeks[:, 1]).all() and (cheeks[:, 2] > 1.6 * cheeks[:, 1]).all())
    ok["covered in freckles reaches the forehead"] = bool((brow[:, 2] > 5 * brow[:, 1]).all() and (brow[:, 2] > 4).all())
    names = ("a few", "plain", "covered")
    report["freckles_per_cm2"] = {"cheeks": dict(zip(names, cheeks.mean(0).round(2).tolist())),
                                  "forehead": dict(zip(names, brow.mean(0).round(2).tolist()))}
    print("freckle dots per cm², fair skin (a few / plain / covered): cheeks "
          + " / ".join(f"{v:.2f}" for v in cheeks.mean(0)) + ", forehead " + " / ".join(f"{v:.2f}" for v in brow.mean(0)))


def _tone_prior(ok, report) -> None:
    """A stated ancestry's skin: the 5th..95th percentile of melanin over 1000 seeds inside its measured range
    (tone_prior_measures.MELANIN_BOUNDS) and broad (p95 - p5 >= MIN_SPREAD)."""
    from . import tone_prior_measures as tp

    pct = {a: np.percentile(tp.melanin_draws(a), [5, 95]) for a in tp.ANCESTRIES}
    ok["a stated ancestry draws skin in its measured range"] = all(
        tp.MELANIN_BOUNDS[a][0] <= lo and hi <= tp.MELANIN_BOUNDS[a][1] and hi - lo >= tp.MIN_SPREAD
        for a, (lo, hi) in pct.items())
    report["ancestry_melanin_p5_p95"] = {a: [round(float(v), 3) for v in p] for a, p in pct.items()}
    print("melanin p5..p95 per stated ancestry (1000 seeds, men): " + ", ".join(
        f"{a} {p[0]:.2f}..{p[1]:.2f}" for a, p in pct.items()))
