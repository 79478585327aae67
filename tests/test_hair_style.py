"""The hairstyle: read from the prompt (backend/parser/hairstyle.py), or drawn from gender, age and the painted scalp
(backend/hair/style.py), denials respected."""
from __future__ import annotations

import pytest

from backend.hair.style import HairStyle, HairStyleError, choose
from backend.parser import parse
from backend.texture.params import params_from_code


@pytest.mark.parametrize("prompt, expected", [
    ("a young woman with long black hair", {"length": "long"}),
    ("a woman with a blonde bob", {"length": "chin"}),
    ("a woman with a bun", {"style": "bun"}),
    ("a girl with a ponytail", {"style": "ponytail"}),
    ("a man with short brown hair", {"length": "short"}),
    ("her hair is very long", {"length": "very_long"}),
    ("a woman with hair down to her waist and bangs", {"length": "very_long", "fringe": "yes"}),
    ("a woman with curly hair in two braids", {"volume": "curly", "style": "pigtails"}),
    ("a man with a buzz cut", {"length": "cropped"}),
    ("a man with shoulder-length hair", {"length": "shoulder"}),
    ("a woman with an afro", {"volume": "afro"}),
    ("a woman with no long hair", {"denied": ["long"]}),
    ("a woman, no ponytail, no bangs", {"denied": ["ponytail", "fringe"]}),
])
def test_stated_hairstyle_is_read(prompt, expected):
    assert parse(prompt).hair == expected


@pytest.mark.parametrize("prompt", ["a long face with a short beard", "a man with a long nose", "a bald old man",
                                    "a woman"])
def test_words_about_other_features_state_no_hairstyle(prompt):
    assert parse(prompt).hair == {}
    assert "hair" not in parse(prompt).to_dict()


def test_hairstyle_words_stay_phrases_and_imply_scalp_hair():
    r = parse("a young woman with long black hair")
    assert r.concrete["scalp_hair"] == "full" and r.abstract == []  # (black: the colour; long: `hair`)
    assert r.to_dict()["hair"] == {"length": "long"}


def _choose(prompt, seed):
    r = parse(prompt)
    params = params_from_code(r.concrete, seed=seed, denied=r.denied).to_dict()
    return choose(r.hair, r.concrete, params, seed)[0], params


def test_stated_style_is_kept_and_recorded_as_stated():
    s, _ = _choose("a woman with a blonde bob", 3)
    assert (s.length, s.style, s.has_mesh) == ("chin", "loose", True) and "length" in s.stated
    s, _ = _choose("a girl with a ponytail", 3)
    assert s.style == "ponytail" and s.length in ("shoulder", "long", "very_long")  # long enough to tie


def test_bald_shaved_and_buzz_cut_heads_get_no_mesh():
    for prompt in ("a bald old man", "a man with a shaved head", "a man with a buzz cut"):
        for seed in range(3):
            s, _ = _choose(prompt, seed)
            assert not s.has_mesh, (prompt, seed)


def test_unstated_hair_most_women_longer_most_men_short():
    women = [_choose("a woman", k)[0] for k in range(40)]
    men = [_choose("a man", k)[0] for k in range(40)]
    assert sum(s.length in ("chin", "shoulder", "long", "very_long") for s in women) >= 28
    assert sum(s.length in ("short", "cropped") for s in men) >= 30
    assert all(not s.stated for s in women + men)


def test_receding_or_balding_men_get_short_hair_only():
    for k in range(10):
        s, params = _choose("an old man with a receding hairline", k)
        assert s.length in ("short", "cropped"), k


def test_unstated_draw_follows_the_painted_scalp():
    for k in range(30):  # whatever the scalp draw gives an old man: no mesh on a bald or shaved crop
        s, params = _choose("an old man", k)
        if params["scalp_hair"] < 0.3 or params["scalp_length"] < 0.5:
            assert not s.has_mesh


def test_a_denied_length_or_style_is_never_drawn():
    for k in range(30):
        s, _ = _choose("a woman with no long hair", k)
        assert s.length != "long"
        s, _ = _choose("a woman, no ponytail and no bun", k)
        assert s.style not in ("ponytail", "bun")
        s, _ = _choose("a woman with long hair and no bangs", k)
        assert not s.fringe


def test_same_seed_same_style():
    assert _choose("a woman", 7)[0] == _choose("a woman", 7)[0]


def test_style_round_trips_through_head_json_and_bad_sections_are_refused():
    s = HairStyle("long", "braid", "curly", True, ("length",))
    assert HairStyle.from_dict({"mode": "auto", **s.to_dict(), "mesh": True}) == s
    with pytest.raises(HairStyleError, match="length 'huge'"):
        HairStyle.from_dict({"length": "huge"})
    with pytest.raises(HairStyleError, match="no length"):
        HairStyle.from_dict({"style": "bun"})
