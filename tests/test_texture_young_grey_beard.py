"""A grey beard at a stated young age is early greying: the unstated scalp stays mostly pigmented (before: "a 30 year
old man with a white beard" drew hair_grey 0.11-0.33, seed 1 0.33, a greying scalp he did not ask for).  From middle
age on the scalp follows the beard as before (SCALP_GREY_GIVEN_BEARD, SCALP_CATCH_UP)."""
from backend.texture.params import SCALP_YOUNG_LAG, params_from_code

GREY_BEARD = {"gender": "male", "beard": "full", "beard_color": "gray"}


def test_a_young_man_s_grey_beard_leaves_his_scalp_mostly_pigmented():
    for years in (25, 30, 35):
        greys = [params_from_code(dict(GREY_BEARD, age="young"), s, age_years=years).hair_grey for s in range(50)]
        assert max(greys) < 0.15, (years, max(greys))
    greys = [params_from_code(dict(GREY_BEARD, age="young"), s).hair_grey for s in range(50)]
    assert max(greys) < 0.15, max(greys)


def test_middle_aged_and_older_grey_beards_grey_the_scalp_as_before():
    assert SCALP_YOUNG_LAG[1] <= 0.45
    greys = [params_from_code(dict(GREY_BEARD, age="old"), s).hair_grey for s in range(30)]
    assert min(greys) > 0.4, min(greys)
    mid = [params_from_code(dict(GREY_BEARD), s, age_years=50).hair_grey for s in range(30)]
    assert max(mid) > 0.15, max(mid)
