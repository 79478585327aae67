"""Quality gates on the shared dev set and the parser's own set, and fuzzing for crashes."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.parser import ParseError, parse
from backend.parser.degree import graded
from backend.parser.evaluate import (CASTING_SET, DEGREE_SET, DEV_SET, HOLDOUT_SET, NEWER_RULES, OLDER_TERMS,
                                     OWN_SET, EvalDataError, from_newer_rules, in_older_terms, load_cases, main, score)
from backend.parser.lexicon import DEGREE_RANGE
from backend.schema import check


def test_dev_set_thresholds():
    if not DEV_SET.is_file():
        pytest.skip(f"shared dev set not present: {DEV_SET}")
    s = score("dev", load_cases(DEV_SET), OLDER_TERMS)  # its labels predate beard_color and mouth
    assert s.prompts >= 30
    assert s.recall >= 0.95, s.failures
    assert s.unexpected_per_prompt <= 0.1, s.failures


def test_labels_that_predate_an_attribute_read_the_prediction_in_their_terms():
    got = {"gender": "male", "beard": "stubble", "beard_color": "gray", "mouth": "open"}
    assert in_older_terms(got, OLDER_TERMS) == {"gender": "male", "beard": "stubble", "hair_color": "gray"}
    # a stated hair colour stays the hair colour; the beard's is then not counted twice
    assert in_older_terms({"hair_color": "gray", "beard_color": "black"}, OLDER_TERMS) == {"hair_color": "gray"}
    assert in_older_terms(got, {}) == got
    # the own sets are labelled with today's schema: they name both newer attributes
    own = {k for path in (OWN_SET, HOLDOUT_SET) for case in load_cases(path) for k in case["expect"]}
    assert set(OLDER_TERMS) <= own


def test_values_from_rules_newer_than_the_labels_are_counted_and_named(tmp_path):
    assert from_newer_rules("a big round nose", {"nose_length": "long", "nose_width": "wide"}) == {
        "nose_length": "nose size words"}  # the width is round's, an older rule
    assert from_newer_rules("an Irish woman", {"ancestry": "white"}) == {"ancestry": "nationalities"}
    assert from_newer_rules("a Caucasian woman", {"ancestry": "white"}) == {}
    assert from_newer_rules("a big long nose", {"nose_length": "long"}) == {}  # "long" says it anyway
    data = tmp_path / "old.jsonl"
    data.write_text('{"text": "a man with a big round nose", "expect": {"gender": "male", "nose_width": "wide"}}\n'
                    '{"text": "a bald man", "expect": {"gender": "male"}}\n')
    s = score("old", load_cases(data), None, NEWER_RULES)
    assert (s.unexpected, s.unexpected_newer) == (2, 1)  # counted, nothing hidden; one of them a newer rule's
    assert s.failures[0]["newer"] == {"nose_length": "nose size words"} and "newer" not in s.failures[1]
    assert s.to_dict()["unexpected_per_prompt_without_them"] == 0.5
    assert "newer" not in score("own", load_cases(data)).failures[0]  # own sets: labelled with today's rules


def test_eval_says_which_dev_values_come_from_newer_rules(capsys):
    if not DEV_SET.is_file():
        pytest.skip(f"shared dev set not present: {DEV_SET}")
    main(["--data", str(DEV_SET), "--show-failures"])
    out = capsys.readouterr().out
    assert "labels predate the rules for nose size words, nationalities:" in out
    s = score("dev", load_cases(DEV_SET), OLDER_TERMS, NEWER_RULES)
    assert f"{s.unexpected_newer} of its {s.unexpected} unexpected values come from them" in out
    assert out.count("newer than the labels") >= s.unexpected_newer > 0


@pytest.mark.parametrize("path, size", [(OWN_SET, 120), (HOLDOUT_SET, 60), (CASTING_SET, 30)],
                         ids=["own", "holdout", "casting"])
def test_own_sets_thresholds(path, size):
    s = score(path.name, load_cases(path))
    assert s.prompts >= size
    assert s.recall >= 0.95, s.failures
    assert s.unexpected_per_prompt <= 0.1, s.failures


def test_degree_set_thresholds():
    s = score(DEGREE_SET.name, load_cases(DEGREE_SET))
    assert s.strength_prompts == s.prompts >= 40 and s.strength_expected >= 30
    assert s.recall >= 0.95, s.failures
    assert s.unexpected_per_prompt <= 0.1, s.failures
    assert s.strength_recall >= 0.95, s.failures
    assert s.strength_unexpected == 0, s.failures


def test_eval_rejects_a_malformed_strength(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a very wide nose", "expect": {}, "strength": {"nose_width": "very"}}\n')
    with pytest.raises(EvalDataError, match="strength"):
        load_cases(bad)


_WORDS = st.sampled_from(["a", "man", "woman", "no", "not", "very", "blue", "eyes", "nose", "big", "beard",
                          "grey", "hair", "with", "and", ",", ".", "old", "25", "years", "in", "her", "fifties",
                          "smiling", "without", "makeup", "freckles", "like", "-", "'", "n't", "lips", "is",
                          "extremely", "slightly", "a little", "much", "wider", "thin", "chubby"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(_WORDS, max_size=40).map(" ".join)))
def test_parse_never_raises_anything_but_parse_error(text):
    try:
        r = parse(text)
    except ParseError:
        return
    check(r.concrete)
    lo, hi = DEGREE_RANGE
    # the expression's strength is read by mood_degree.py: any stated expression but neutral
    assert all(a in r.concrete and (graded(a, r.concrete[a]) or (a == "expression" and r.concrete[a] != "neutral"))
               and lo <= f <= hi and f != 1.0 for a, f in r.strength.items())
    assert all(isinstance(p, str) and p.strip() for p in r.abstract)
    assert all(len("".join(p.split()).encode()) <= 60 for p in r.abstract)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=2001, max_size=2100))
def test_over_long_text_always_errors(text):
    with pytest.raises(ParseError):
        parse(text)


@pytest.mark.parametrize("path", [OWN_SET, HOLDOUT_SET, CASTING_SET, DEGREE_SET],
                         ids=["own", "holdout", "casting", "degrees"])
def test_own_sets_have_no_unexpected_values(path):
    # the own sets are labelled with today's rules: a new rule that gives a value a line does not name either
    # re-labels that line (the README's "Re-labelled" record says which and why) or is wrong
    s = score(path.name, load_cases(path))
    assert s.unexpected == 0, [f for f in s.failures if f["unexpected"]]
