"""Quality gates on the shared dev set and the parser's own set, and fuzzing for crashes."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.parser import ParseError, parse
from backend.parser.degree import graded
from backend.parser.evaluate import (CASTING_SET, DEGREE_SET, DEV_SET, HOLDOUT_SET, OLDER_TERMS, OWN_SET,
                                     EvalDataError, in_older_terms, load_cases, score)
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
    assert all(a in r.concrete and graded(a, r.concrete[a]) and lo <= f <= hi and f != 1.0
               for a, f in r.strength.items())
    assert all(isinstance(p, str) and p.strip() for p in r.abstract)
    assert all(len("".join(p.split()).encode()) <= 60 for p in r.abstract)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=2001, max_size=2100))
def test_over_long_text_always_errors(text):
    with pytest.raises(ParseError):
        parse(text)
