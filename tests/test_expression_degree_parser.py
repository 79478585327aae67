"""How strong an expression is said to be: ParseResult.strength["expression"] (backend/parser/mood_degree.py)."""
import json

import pytest

from backend.parser import parse
from backend.parser.mood_degree import STRONG_EXPRESSIONS
from backend.shape.expression_degree import GRADED


@pytest.mark.parametrize("text, value, factor", [
    # anger: weak, plain, strong
    ("a slightly annoyed man", "anger", 0.5),
    ("an annoyed man", "anger", 0.5),
    ("a mildly irritated woman", "anger", 0.5),
    ("a bit angry man", "anger", 0.5),
    ("an angry man", "anger", None),
    ("an angry-looking man", "anger", None),
    ("a very angry man", "anger", 2.0),
    ("a furious man", "anger", 2.0),
    ("an enraged woman", "anger", 2.0),
    ("a livid man", "anger", 2.0),
    ("a seething man", "anger", 2.0),
    ("a raging man", "anger", 2.0),
    ("he looks extremely angry", "anger", 2.5),
    ("a man, very angry", "anger", 2.0),
    ("a furious NPC", "anger", 2.0),
    # smile
    ("a man with a faint smile", "smile", 0.5),
    ("a woman with a slight smile", "smile", 0.5),
    ("a slightly smiling woman", "smile", 0.5),
    ("a smiling woman", "smile", None),
    ("a man with a big smile", "smile", 2.0),
    ("a woman with a broad smile", "smile", 2.0),
    ("a beaming woman", "smile", 2.0),
    ("a grinning man", "smile", 2.0),
    ("a woman smiling broadly", "smile", 2.0),
    ("a man with a very big smile", "smile", 2.5),
    # sad
    ("a little sad woman", "sad", 0.5),
    ("a somewhat sad woman", "sad", 0.5),
    ("a sad woman", "sad", None),
    ("a heartbroken woman", "sad", 2.0),
    ("a devastated woman", "sad", 2.0),
    ("a grief-stricken woman", "sad", 2.0),
    # surprise
    ("a mildly surprised man", "surprise", 0.5),
    ("a surprised man", "surprise", None),
    ("an astonished man", "surprise", 2.0),
    ("a shocked man", "surprise", 2.0),
    ("a stunned man", "surprise", 2.0),
    # fear
    ("a bit scared man", "fear", 0.5),
    ("a scared man", "fear", None),
    ("a terrified man", "fear", 2.0),
])
def test_degree_and_intensity_words(text, value, factor):
    r = parse(text)
    assert r.concrete.get("expression") == value
    assert r.strength.get("expression") == factor


def test_parse_json_shows_it():
    assert json.loads(parse("a furious man").to_json())["strength"] == {"expression": 2.0}
    assert json.loads(parse("an angry man").to_json())["strength"] == {}


def test_weak_words_cancel_strong_ones_within_the_range():
    assert parse("a slightly furious man").strength == {}  # 0.5 x 2.0: as "angry"
    assert parse("a slightly annoyed man").strength == {"expression": 0.5}  # 0.25, the range's floor


def test_strong_only_where_the_face_has_a_strong_version():
    assert STRONG_EXPRESSIONS == GRADED
    assert parse("a man with a deep frown").strength == {}  # no strong frown: a frown
    assert parse("a man with a slight frown").strength == {"expression": 0.5}  # a share of any preset
    assert parse("a very disgusted man").strength == {}


def test_only_the_final_stated_expression():
    assert parse("a man yelling").strength == {}  # implied anger has no words of degree
    assert parse("a very angry man, now smiling").strength == {}
    assert parse("a man with a very wide nose and a faint smile").strength == {"nose_width": 2.0, "expression": 0.5}


def test_new_words_are_expressions():
    assert parse("a distraught mother").concrete["expression"] == "sad"
    assert parse("an incensed man").concrete["expression"] == "anger"
    assert parse("a panic-stricken boy").concrete["expression"] == "fear"
