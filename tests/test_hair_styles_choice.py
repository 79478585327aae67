"""What a named cut or a head covering draws (backend/hair/style.py with parser/hair_cuts.py): modelled cuts change
the style, the rest are named once with what is drawn; coverings give no hanging hair; the unstated fringe is rare."""
import pytest

from backend.hair.style import HairStyle, HairStyleError, choose
from backend.parser import parse

FULL = {"scalp_hair": 0.9, "scalp_length": 1.0, "age": 0.3}


def _choose(prompt, seed=0, params=FULL):
    r = parse(prompt)
    return choose(r.hair, r.concrete, params, seed)


@pytest.mark.parametrize("prompt,drawn", [
    ("a man with cornrows", "cornrows — drawn as the painted close crop (no hair mesh)"),
    ("a man with an undercut", "an undercut — drawn as loose straight short hair on top, ending above the temples (sides not shaved)"),
    ("a man with short hair and a side part", "a side part — drawn as loose straight short hair with no part line"),
])
def test_not_modelled_cut_is_named_once_with_what_is_drawn(prompt, drawn):
    for seed in range(5):
        style, notes = _choose(prompt, seed)
        said = [n for n in notes if n.startswith("hairstyle not modelled")]
        assert said == [f"hairstyle not modelled: {drawn}; shape it in Blender or use --hair none"], notes


def test_cornrows_have_no_hanging_hair_and_dreadlocks_keep_their_length():
    assert not _choose("a man with cornrows")[0].has_mesh
    for seed in range(10):
        s, notes = _choose("a man with long dreadlocks", seed)
        assert (s.length, s.volume, s.style, s.cut) == ("long", "curly", "loose", "dreadlocks") and not notes
        assert _choose("a man with dreadlocks", seed)[0].length == "shoulder"


@pytest.mark.parametrize("prompt,cut", [("a young man with a mohawk", "mohawk"),
                                        ("a man with a faux-hawk", "faux_hawk")])
def test_mohawk_is_a_short_straight_crest_without_fringe_or_note(prompt, cut):
    for seed in range(20):
        s, notes = _choose(prompt, seed)
        assert (s.cut, s.length, s.volume, s.fringe, s.style) == (cut, "short", "straight", False, "loose")
        assert not notes


def test_slicked_back_is_flat_straight_and_never_has_a_fringe():
    for seed in range(40):
        s, notes = _choose("slicked back black hair", seed)
        assert (s.cut, s.length, s.volume, s.fringe) == ("slicked_back", "short", "straight", False) and not notes
        s = _choose("a woman with long slicked back hair", seed)[0]
        assert (s.length, s.fringe) == ("long", False)


def test_top_knot_and_man_bun_are_a_high_bun():
    for prompt in ("a woman with a top knot", "a man with a man bun"):
        for seed in range(10):
            s = _choose(prompt, seed)[0]
            assert (s.style, s.cut, s.fringe) == ("bun", "top_knot", False)


@pytest.mark.parametrize("prompt", ["a woman wearing a hijab", "a woman with long hair in a headscarf",
                                    "a man in a turban", "a woman in a niqab", "a man wearing a hood",
                                    "a woman in a beanie", "a man in a baseball cap", "a soldier in a helmet",
                                    "a man with a mohawk under a helmet", "a woman with a bun under a hat"])
def test_covering_gives_no_hair_mesh(prompt):
    for seed in range(10):
        s, notes = _choose(prompt, seed)
        assert not s.has_mesh and not notes


@pytest.mark.parametrize("prompt,style,length", [("a man with a ponytail under a cap", ("ponytail",), None),
                                                 ("a woman with long hair under a beanie",
                                                  ("loose", "ponytail", "braid"), "long")])
def test_stated_hair_below_a_hat_is_kept_without_fringe(prompt, style, length):
    for seed in range(20):
        s = _choose(prompt, seed)[0]
        assert s.has_mesh and s.style in style and not s.fringe and not s.cut
        assert length is None or s.length == length


def test_unstated_fringe_is_rare():
    women = [_choose("a woman", seed)[0] for seed in range(200)]
    men = [_choose("a man", seed)[0] for seed in range(200)]
    assert 2 <= sum(s.fringe for s in women) <= 30  # ~8 % of women with hair past the crop (was ~20 %)
    assert sum(s.fringe for s in men) <= 6
    assert all(s.fringe for s in (_choose("a woman with bangs", k)[0] for k in range(10)))  # stated: as before
    assert not any(_choose("a woman with no bangs", k)[0].fringe for k in range(50))


def test_choice_is_deterministic_per_seed():
    for prompt in ("a young man with a mohawk", "a woman", "a man with long dreadlocks"):
        assert _choose(prompt, 7) == _choose(prompt, 7)


def test_denied_cut_is_never_drawn():
    for seed in range(30):
        s = _choose("a man with no mohawk", seed)[0]
        assert s.cut == ""


def test_cut_round_trips_through_head_json_and_bad_cut_is_refused():
    s = _choose("a young man with a mohawk")[0]
    assert HairStyle.from_dict(s.to_dict()) == s
    assert HairStyle.from_dict({"length": "short"}).cut == ""
    assert "cut" not in HairStyle("short").to_dict() and s.to_dict()["cut"] == "mohawk"  # head.json as before
    with pytest.raises(HairStyleError, match="cut 'mullet' is not one of"):
        HairStyle.from_dict({"length": "short", "cut": "mullet"})
