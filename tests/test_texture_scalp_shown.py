"""A stated scalp hair colour shows hair: with scalp_hair unstated, no seed draws a bald head or a shaved crop
(before: "a man with black hair and a white beard" seed 1 drew scalp_length 0.03, bald in every view; bald 0.03 and
shaved 0.5 of their unstated chances).  Said bald or shaved heads, and heads with no stated hair, draw as before."""
from backend.texture.params import params_from_code


def _hairless(p) -> bool:
    return p.scalp_hair < 0.3 or p.scalp_length < 0.5


def test_a_stated_hair_colour_is_never_bald_or_a_shaved_crop():
    for colour in ("black", "brown", "blond", "red", "gray"):
        for age in ("young", "middle-aged", "old"):
            code = {"gender": "male", "age": age, "hair_color": colour, "beard": "full", "beard_color": "gray"}
            bad = [s for s in range(60) if _hairless(params_from_code(code, s))]
            assert not bad, (colour, age, bad)
    assert not _hairless(params_from_code({"gender": "male", "hair_color": "black", "beard": "full",
                                           "beard_color": "gray"}, 1))


def test_said_bald_or_shaved_and_unstated_hair_keep_their_draws():
    assert params_from_code({"gender": "male", "hair_color": "black", "scalp_hair": "bald"}, 1).scalp_hair == 0.0
    assert params_from_code({"gender": "male", "hair_color": "black", "scalp_hair": "shaved"}, 1).scalp_length < 0.1
    old = {"gender": "male", "age": "old"}
    assert 0.1 < sum(_hairless(params_from_code(old, s)) for s in range(100)) / 100 < 0.4
