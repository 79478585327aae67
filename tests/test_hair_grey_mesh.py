"""The hair mesh's colour (hair/texture.py) for silver and partly grey hair.  Before, the mesh drew every white strand
in WHITE_HAIR (a silver head under a mesh: L* 69.6 / b* +1.8 like white's 70.8 / +1.8) and partly grey hair evenly
grey (salt-and-pepper, grey at the temples: 96 % grey texels at the temples and the crown alike):
`python -m backend.hair.grey_figures [--before]`."""
from __future__ import annotations

import numpy as np
import pytest

from backend.hair.grey_figures import measure
from backend.hair.texture import hair_albedo, temple_weight
from backend.texture.params import params_from_code


def test_silver_shows_on_the_mesh():
    white_l, white_b, *_ = measure("a woman with long white hair", 0)
    silver_l, silver_b, *_ = measure("a woman with long silver hair", 0)
    assert silver_l >= white_l + 5 and silver_b <= white_b - 4, (silver_l, silver_b, white_l, white_b)


def test_grey_at_the_temples_on_the_mesh():
    _, _, temple, crown = measure("a man grey at the temples", 0)
    assert temple >= 0.8 and crown <= 0.1, (temple, crown)
    # the front (u 0.5) and the back (u 0) are not temples
    w = temple_weight(512)
    assert w[:, 256].max() < 0.01 and w[:, 0].max() < 0.01 and w[450, int(512 * 0.65)] > 0.99


def _column(azimuth_deg: float) -> int:
    """The mesh albedo's column at `azimuth_deg` from the front (theta = -pi + 2 pi u)."""
    return int(512 * (180.0 + azimuth_deg) / 360.0)


def test_temple_grey_lies_in_front_of_the_ear():
    """The temples (HAIRLINE's temporal point ~51 deg, sideburn front ~59 deg about the chart centre) are grey, the
    ear (77-90 deg) and behind it are not (the zone was 60-100 deg: over and behind the ear); from the short hair's
    hairline (v ~0.15) to ~4 cm above it (v ~0.5), not the upper side."""
    w = temple_weight(512)
    row = lambda v: int(512 * (1.0 - v))  # noqa: E731
    for az in (45.0, 55.0, 62.0):
        assert w[row(0.2), _column(az)] > 0.95 and w[row(0.2), _column(-az)] > 0.95, az
    for az in (85.0, 95.0, 110.0):
        assert w[:, _column(az)].max() < 0.05, az
    assert w[row(0.45), _column(50.0)] > 0.5 and w[row(0.65), _column(50.0)] < 0.01


def test_salt_and_pepper_on_the_mesh_is_a_mix():
    l_star, _, temple, crown = measure("a man with salt-and-pepper hair", 0)
    assert 0.15 <= crown <= 0.7 and 0.15 <= temple <= 0.7 and 25 <= l_star <= 60, (l_star, temple, crown)


@pytest.mark.parametrize("code", [{"gender": "male", "hair_color": "gray"}, {"gender": "female", "hair_color": "brown"},
                                  {"gender": "male", "age": "old"}])
def test_without_silver_or_temples_the_mesh_is_as_before(code):
    """hair_silver 0 and temple_grey 0 (every head but silver and grey-at-the-temples ones) take the old path: the
    albedo is the same as from params without those keys (what the mesh read before)."""
    p = params_from_code(code, 3).to_dict()
    assert p["hair_silver"] == 0.0 and p["temple_grey"] == 0.0
    old = {k: v for k, v in p.items() if k not in ("hair_silver", "temple_grey")}
    assert np.array_equal(hair_albedo(p, 3), hair_albedo(old, 3))


def test_long_hair_grey_at_the_temples_follows_the_roots(face_model):
    """On a long drape the temple columns run from the crown to tips far below: the UV band (v < 0.45 until
    6849c86's successor) greyed their ends (an ombre) and left the temples dark.  By the mesh's roots
    (texture.root_temples) the hair growing at the temples is grey near its roots and along its length, the rest
    dark: `python -m backend.hair.grey_figures --mesh`."""
    from backend.hair.grey_figures import mesh_shares
    from backend.shape import load_shape_model

    temple, other, tips, roots = mesh_shares(face_model, load_shape_model(),
                                             "a woman with long hair, grey at the temples", 0)["roots"]
    assert roots >= 0.6 and tips >= 0.6 and temple >= 0.6 and other <= 0.1, (temple, other, tips, roots)


@pytest.mark.parametrize("prompt", ["a man with salt-and-pepper hair", "a woman with long greying hair"])
def test_partly_grey_is_dark_hair_peppered_with_grey(prompt):
    """Salt-and-pepper read as even light silver with regular pinstripes (the shared mix: texel mean L* 47.0 where
    the share puts it at 38.9; stripe autocorrelation 0.40): now irregular fine strands (0.10), L* by the share
    (`python -m backend.hair.grey_figures --pepper`)."""
    from backend.hair.grey_figures import pepper

    share, l_star, dark, white, regular = pepper(prompt, 3)
    assert 0.05 < share < 0.5
    assert abs(l_star - (dark + share * (white - dark))) < 3.0 and regular < 0.2, (share, l_star, dark, white, regular)


def test_white_hair_keeps_the_shared_mix():
    """At half grey and above (a grey or white head, not a mix) the albedo is drawn as before the pepper path."""
    from backend.hair import texture

    p = {**params_from_code({"gender": "male", "hair_color": "gray"}, 3).to_dict(), "hair_grey": 0.5}
    now = hair_albedo(p, 3)
    keep = texture.PEPPER_BELOW
    texture.PEPPER_BELOW = 0.0
    try:
        assert np.array_equal(now, hair_albedo(p, 3))
    finally:
        texture.PEPPER_BELOW = keep

