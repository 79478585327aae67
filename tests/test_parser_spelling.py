"""Typo repair, said (backend/parser/spelling.py): short words too, every repair named in a warning, near misses
named, real words and names left alone."""
import json
from pathlib import Path

import pytest

from backend.parser import parse
from backend.parser.spelling import WEB_TYPOS
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
    r = parse("an old man with a hooked noxe")  # "none" or "nose": one edit from both, not guessed
    assert any("not understood" in w and "'noxe'" in w for w in r.warnings), r.warnings
    assert "nose_tip" not in r.concrete


@pytest.mark.parametrize("text, expect, read", [
    ("a yung woman", {"gender": "female", "age": "young"}, [("yung", "young")]),
    ("an ederly man", {"gender": "male", "age": "old"}, [("ederly", "elderly")]),
    ("a roud face", {"face_shape": "round"}, [("roud", "round")]),
    ("thik eyebrows", {"eyebrow_density": "thick"}, [("thik", "thick")]),
    ("a hooked noze", {"nose_tip": "hooked"}, [("noze", "nose")]),  # a sound-alike letter breaks the none/nose tie
    ("gren eyes", {"eye_color": "green"}, [("gren", "green")]),
    ("a gurl with bigg eyes", {"gender": "female", "age": "young", "eye_size": "big"},
     [("gurl", "girl"), ("bigg", "big")]),
])
def test_misspellings_users_write_are_repaired_and_said(text, expect, read):
    # "yung", "roud", "thik", "gren", "gurl", "bigg" are in CLIP's word list (names, web slang) and were left alone
    # silently; "ederly" was taken for the name "eder" + ly; "noze" was a near miss of none and nose
    r = parse(text)
    assert r.concrete == expect, r.to_dict()
    for typo, word in read:
        assert f"read {typo!r} as {word!r} (a typo?)" in r.warnings
    assert r.abstract == []


def test_a_capitalised_web_typo_inside_a_sentence_is_still_a_name():
    r = parse("a tall man called Yung")
    assert "age" not in r.concrete and not any(w.startswith("read ") for w in r.warnings), r.to_dict()


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
                # a word of the dictionary only where it is a listed misspelling, no English word ("mna", "yung")
                assert typo.lower() not in words or typo.lower() in WEB_TYPOS, (text, w)
                # a name is never repaired: a capitalised word inside a sentence
                assert not (typo[:1].isupper() and not typo.isupper() and not text.startswith(typo)), (text, w)
    assert repaired  # the sets hold typos ("freckels", "womna"): the check ran on some


def test_a_dropped_letter_before_an_s_is_a_typo_not_an_inflection():
    # "freckls" was taken for "freckle" + s (an inflection) and never repaired
    r = parse("freckls and a smiel")
    assert r.concrete == {"freckles": "some", "expression": "smile"}
    assert "read 'freckls' as 'freckles' (a typo?)" in r.warnings
