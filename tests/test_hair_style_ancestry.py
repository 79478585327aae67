"""An unstated hair texture follows the parsed ancestry (hair/style.py ANCESTRY_VOLUME): Black heads mostly curly
(a close bumpy crop when short), East Asian mostly straight; heads with no ancestry keep their exact draw."""
from __future__ import annotations

from backend.hair.style import choose
from backend.parser import parse
from backend.texture.params import params_from_code


def _style(prompt, seed):
    r = parse(prompt)
    params = params_from_code(r.concrete, seed=seed, denied=r.denied).to_dict()
    return choose(r.hair, r.concrete, params, seed)[0]


def test_acceptance_nigerian_man_gets_curly_hair():
    # acceptance test 2: seed 5 drew `volume: straight` (a sleek straight helmet on a Nigerian man)
    s = _style("a young Nigerian man with a short fade and a thin moustache", 5)
    assert (s.length, s.volume) == ("short", "curly")


def test_ancestry_shifts_the_unstated_texture():
    def curly(prompt):
        return sum(_style(prompt, seed).volume == "curly" for seed in range(40)) / 40
    assert curly("a Black woman") >= 0.75 and curly("a young Nigerian man") >= 0.75
    assert curly("a Japanese man") <= 0.15 and curly("a Korean woman") <= 0.15
    assert _style("a Black woman with straight hair", 1).volume == "straight"  # stated stays


# The old code's draws (before the ancestry prior): the volume of an unstated male head and the fringe of an unstated
# female head for seeds 0..59 (the fringe is drawn after the volume, so it pins the rng consumption too); the female
# line since women's short hair got a fringe share (hair/style.py SHORT_FRINGE_FEMALE): seeds 35 and 57, drawn short,
# now have one (the last draw: nothing else moved; at 3c512e3 it was
# "sssscsssssssccscssssssssssssscssssssssscssssssssscsssssscsss")
_MALE_CURLY = "ssssssssssssscssssssssssscsssscssssscssscsssssscscsscsssssss"
_FEMALE_FRINGE = "sssscsssssssccscssssssssssssscssssscssscssssssssscssssssccss"


def test_no_ancestry_keeps_its_exact_draw():
    male = "".join("sc"[choose({}, {"gender": "male"}, {"age": 0.3}, s)[0].volume == "curly"] for s in range(60))
    female = "".join("sc"[choose({}, {"gender": "female"}, {"age": 0.3}, s)[0].fringe] for s in range(60))
    assert (male, female) == (_MALE_CURLY, _FEMALE_FRINGE)
