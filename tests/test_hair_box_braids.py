"""'braids' on a Black adult are box braids (HairStyle.plaits: many thin plaits from the cap, hair/locs.py), said
once in a note; a girl's braids and other heads' stay two pigtails; head.json carries the flag."""
import numpy as np
import pytest

from backend.hair.style import HairStyle, choose
from backend.parser import parse

FULL = {"scalp_hair": 0.9, "scalp_length": 1.0, "age": 0.3}


def _choose(prompt, seed):
    r = parse(prompt)
    return choose(r.hair, r.concrete, FULL, seed)


def test_a_black_woman_with_braids_gets_box_braids():
    for seed in range(20):
        style, notes = _choose("a Black woman with braids", seed)
        assert style.style == "pigtails" and style.plaits, seed
        assert any("box braids" in n for n in notes)


@pytest.mark.parametrize("prompt", ["a Black girl with braids", "a woman with braids", "a Black woman with a braid",
                                    "a girl with pigtails"])
def test_other_braids_stay_as_they_were(prompt):
    for seed in range(10):
        style, notes = _choose(prompt, seed)
        assert not style.plaits and not any("box braids" in n for n in notes)
        assert "plaits" not in style.to_dict()  # head.json as before


def test_head_json_keeps_the_plaits():
    style = _choose("a Black woman with braids", 0)[0]
    assert style.to_dict()["plaits"] is True
    assert HairStyle.from_dict(style.to_dict()) == style


def test_box_braids_are_many_plaits(face_model):
    from backend.hair.locs import PLAIT_ROWS
    from backend.hair.mesh import build_hair

    identity = np.zeros(face_model.identity_basis.shape[0], np.float32)
    params = {"scalp_hair": 0.9, "scalp_length": 1.0, "hairline_recession": 0.0}
    mesh = build_hair(face_model, identity, params, HairStyle("long", "pigtails", "curly", False, ("style",),
                                                               plaits=True), 3)
    plaits = [p for p in mesh.parts if p.startswith("loc_")]
    assert len(plaits) >= 0.9 * sum(n for _, n in PLAIT_ROWS) and not any(p.startswith("pigtail") for p in mesh.parts)
