"""Typo repair, said (backend/parser/spelling.py): short words too, every repair named in a warning, near misses
named, real words and names left alone."""
import json
from pathlib import Path

import pytest

from backend.parser import parse
from backend.parser.vocabulary import dictionary

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(dictionary() is None, reason="no English word list (open_clip): typo repair is off")


@pytest.mark.parametrize("text, expect, read", [
    ("a wman wth brwn eyes and a wide nse", {"gender": "female", "eye_color": "brown", "nose_width": "wide"},
     [("wman", "woman"), ("wth", "with"), ("brwn", "brown"), ("nse", "nose")]),
    ("a man with a beerd", {"gender": "male", "beard": "full"}, [("beerd", "beard")]),
    ("an old mna with gray hiar", {"gender": "male", "age": "old", "hair_color": "gray"},
     [("mna", "man"), ("hiar", "hair")]),
    ("a womn with blu eyes", {"gender": "female", "eye_color": "blue"}, [("womn", "woman")]),
    ("a man wiht a beard", {"gender": "male", "beard": "full"}, [("wiht", "with")]),
    ("a womna with freckels", {"gender": "female", "freckles": "some"}, [("womna", "woman"), ("freckels", "freckles")]),
])
def test_typos_are_repaired_and_said(text, expect, read):
    r = parse(text)
    assert r.concrete == expect
    for typo, word in read:
        assert f"read {typo!r} as {word!r} (a typo?)" in r.warnings
    assert r.abstract == []


@pytest.mark.parametrize("text", [
    "a man who eats bread", "I heard he is tall", "a man with a grip like iron", "a woman named Bron with red hair",
    "a girl called Mia, freckled", "Brad, a tall man", "a man who loves beer",
])
def test_real_words_and_names_are_not_repaired(text):
    r = parse(text)
    assert not any(w.startswith("read ") or "not understood" in w for w in r.warnings), r.warnings
    assert "beard" not in r.concrete and r.concrete.get("hair_color") in (None, "red")  # "Bron" is no "brown"


def test_a_near_miss_not_repaired_is_named():
    r = parse("an old man with a hooked noze")  # "none" or "nose": one edit from both, not guessed
    assert any("not understood" in w and "'noze'" in w for w in r.warnings), r.warnings


def test_no_repair_in_the_evaluation_sets_turns_a_real_word_into_another():
    words = dictionary()
    texts = [json.loads(line)["text"] for f in sorted((ROOT / "tests" / "data").glob("parser_*.jsonl"))
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) > 400
    repaired = []
    for text in texts:
        for w in parse(text).warnings:
            if w.startswith("read '"):
                typo = w.split("'")[1]
                repaired.append(typo)
                assert typo.lower() not in words, (text, w)
                # a name is never repaired: a capitalised word inside a sentence
                assert not (typo[:1].isupper() and not typo.isupper() and not text.startswith(typo)), (text, w)
    assert repaired  # the sets hold typos ("freckels", "womna"): the check ran on some


def test_a_dropped_letter_before_an_s_is_a_typo_not_an_inflection():
    # "freckls" was taken for "freckle" + s (an inflection) and never repaired
    r = parse("freckls and a smiel")
    assert r.concrete == {"freckles": "some", "expression": "smile"}
    assert "read 'freckls' as 'freckles' (a typo?)" in r.warnings
