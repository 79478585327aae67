"""Look words that were only phrases or went unrecorded: "a wistful woman" is the schema's wistful (features.py,
one_intent.py), and a denied look is in `denied` (negated_looks.py), as "not an angry face" was."""
import pytest

from backend.parser import parse
from backend.parser.evaluate import CASTING_SET, DEGREE_SET, DEV_SET, HOLDOUT_SET, OWN_SET, load_cases


@pytest.mark.parametrize("text", ["a wistful woman", "she looks wistful", "a wistful face", "a wistful look",
                                  "a wistful, smiling woman", "a sad, wistful girl"])
def test_wistful_alone_is_the_wistful_expression(text):
    r = parse(text)
    assert r.concrete["expression"] == "wistful" and r.abstract == [], r.to_dict()
    assert not any("contradiction" in w for w in r.warnings), r.warnings


def test_wistful_beside_another_look_is_still_a_contradiction():
    assert any("contradiction" in w for w in parse("a wistful angry man").warnings)


@pytest.mark.parametrize("text, expression, denied", [
    ("a woman, not smiling", "neutral", ["smile"]),
    ("he never smiles", "neutral", ["smile"]),
    ("no smile", "neutral", ["smile"]),
    ("neither smiling nor frowning", "neutral", ["smile", "frown"]),
    ("a big smile, not a frown", "smile", ["frown"]),
    ("not an angry face", "neutral", ["anger"]),  # (as before)
])
def test_a_denied_look_is_recorded(text, expression, denied):
    r = parse(text)
    assert r.concrete["expression"] == expression
    assert r.denied == {"expression": denied}
    assert not any("denied" in w for w in r.warnings), r.warnings


def test_a_look_stated_anyway_is_not_denied():
    assert parse("smiling, not smiling").denied == {}


@pytest.mark.parametrize("path", [OWN_SET, HOLDOUT_SET, CASTING_SET, DEGREE_SET, DEV_SET], ids=lambda p: p.name)
def test_no_set_gets_a_note_on_a_denied_look(path):
    if not path.is_file():
        pytest.skip(f"{path} not present")
    for case in load_cases(path):
        assert not any(w.startswith("expression not ") for w in parse(case["text"]).warnings), case["text"]
