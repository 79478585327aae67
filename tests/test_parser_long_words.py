"""The typo corrector on very long words: a prompt within the 2000-character limit must not tie up
the worker (every 2-letter deletion of an n-letter word is O(n^3) time and memory)."""
from __future__ import annotations

import random
import time

import pytest

import backend.parser.typos as typos
from backend.parser import parse
from backend.parser.vocabulary import corrector


@pytest.fixture()
def fix():
    c = corrector()
    if c is None:
        pytest.skip("no English word list (open_clip) installed: typo repair is off")
    return c


def _random_word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))


def test_a_word_longer_than_any_vocabulary_word_is_left_alone_without_work(fix, monkeypatch):
    calls = []
    real = typos._deletes
    monkeypatch.setattr(typos, "_deletes", lambda word, depth: calls.append(len(word)) or real(word, depth))
    long_word = "a" * (fix.longest + typos.MAX_EDITS + 1)
    for word in (long_word, "b" * 2000, _random_word(random.Random(0), 1000)):
        assert fix._correct(word) == word
    assert calls == []
    # at the bound (two edits from the longest vocabulary word) the word is still looked at
    fix._correct("q" * (fix.longest + typos.MAX_EDITS))
    assert calls and max(calls) <= fix.longest + typos.MAX_EDITS


def test_a_2000_character_prompt_of_long_words_parses_quickly(fix):
    rng = random.Random(1)
    words = []
    while sum(len(w) + 1 for w in words) < 2000:
        words.append(_random_word(rng, rng.randint(8, 60)))
    prompt = ("a man with " + " ".join(words))[:2000]  # English words, so it is read (gibberish alone is refused)
    for text in ("a" * 2000, _random_word(rng, 2000), prompt):
        t = time.perf_counter()
        parse(text)
        assert time.perf_counter() - t < 2.0, f"parse took {time.perf_counter() - t:.1f} s on {text[:30]!r}..."


def test_normal_typos_are_still_corrected(fix):
    for typo, meant in [("freckels", "freckles"), ("eldery", "elderly"), ("wrinkeld", "wrinkled")]:
        assert fix.correct(typo) == meant
    assert parse("a womna with freckels").concrete["freckles"] == "some"
    assert parse("an eldery man").concrete["age"] == "old"
