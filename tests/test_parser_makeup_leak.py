"""A make-up amount is the code's, not a CLIP phrase: "heavy eyeliner" (phrase_leaks.py, abstract.py)."""
from dataclasses import replace

import pytest

from backend.parser import parse
from backend.parser.phrase_leaks import repeats


@pytest.mark.parametrize("text, amount", [("heavy eyeliner", "heavy"), ("a woman with heavy mascara", "heavy"),
                                          ("heavy eye makeup", "heavy"), ("light eyeliner", "light")])
def test_amount_and_noun_leave_the_phrases(text, amount):
    r = parse(text)
    assert r.concrete["makeup"] == amount and r.abstract == []


def test_what_the_amount_does_not_say_stays():
    # (a colour of eyeliner is the eyeliner field's: no phrase, test_parser_acceptance2.py; was "black eyeliner")
    assert parse("thick black eyeliner").abstract == []
    assert parse("winged eyeliner").abstract == ["winged eyeliner"]


def test_the_leak_check_counts_a_makeup_amount():
    # the phrase the parser sent before is now counted as repeating the read amount
    leaked = replace(parse("heavy eyeliner"), abstract=["heavy eyeliner"])
    assert repeats("heavy eyeliner", leaked) == {"heavy eyeliner": ["heavy"]}


def test_blush_the_make_up_is_no_flush():
    assert parse("heavy eyeliner and a light dusting of blush").skin_flush is None
    assert parse("a blushing bride").skin_flush == "flushed"
