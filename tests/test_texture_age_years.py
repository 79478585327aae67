"""params_from_code(age_years=N): the texture's age from the years said, the seeded draws of the stated age class."""
from dataclasses import asdict

import pytest

from backend.texture.params import TextureParamsError, params_from_code, years_to_age

THIRTIES = {"gender": "female", "age": "young", "skin_tone": "fair"}


def test_none_draws_exactly_as_before():
    for code in (THIRTIES, {"gender": "male"}, {"gender": "male", "age": "old", "beard": "full"}):
        for s in range(5):
            assert params_from_code(code, s, age_years=None) == params_from_code(code, s)


def test_the_thirties_reach_version_15s_first_signs_of_age():
    """'a woman in her thirties' parsed as young drew age ~0.10, under version 15's first lines (from 0.3): with
    the years (35) her age is 0.35, while every draw that does not follow from the age stays that of the class."""
    for s in range(6):
        young, years = params_from_code(THIRTIES, s), params_from_code(THIRTIES, s, age_years=35)
        assert young.age < 0.2 and years.age == pytest.approx(0.35)
        same = {k for k, v in asdict(young).items() if getattr(years, k) == v}
        assert {"melanin", "haemoglobin", "carotene", "iris_melanin", "iris_lipochrome", "hair_eumelanin",
                "hair_pheomelanin", "lip_tint", "brow_height", "eyeshadow", "lipstick"} <= same, s


def test_years_map_onto_the_age_scale():
    assert [years_to_age(y) for y in (0, 30, 45, 85, 100, 120)] == [0.0, 0.3, 0.45, 0.85, 1.0, 1.0]
    old = params_from_code({"gender": "male", "age": "old"}, 3, age_years=62)
    assert old.age == pytest.approx(0.62) and 0.0 < old.wrinkle_depth < params_from_code(
        {"gender": "male", "age": "old"}, 3, age_years=90).wrinkle_depth


@pytest.mark.parametrize("bad", [-1, 131, 35.5, "35", True])
def test_bad_years_are_refused_in_one_line(bad):
    with pytest.raises(TextureParamsError, match="age_years must be"):
        params_from_code(THIRTIES, 0, age_years=bad)
