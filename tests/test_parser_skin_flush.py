"""A flushed or sunburnt face (backend/parser/skin_flush.py): a side field, not a CLIP phrase."""
import pytest

from backend.parser import parse


@pytest.mark.parametrize("text, flush", [
    ("a chubby grandfather with rosy cheeks", "flushed"),
    ("a woman with flushed cheeks", "flushed"),
    ("a man with red cheeks", "flushed"),
    ("a red-faced man", "flushed"),
    ("a blushing girl", "flushed"),
    ("rosy-cheeked girl", "flushed"),
    ("a sunburnt fisherman", "sunburnt"),
    ("a sunburned man", "sunburnt"),
    ("a man with a painful sunburn", "sunburnt"),
])
def test_read_and_no_phrase(text, flush):
    r = parse(text)
    assert r.skin_flush == flush
    assert r.to_dict()["skin_flush"] == flush
    assert not any(w in p.lower() for p in r.abstract for w in ("rosy", "flush", "red", "blush", "sunburn", "cheek"))


def test_last_said_wins_and_negation():
    assert parse("rosy cheeks, and later a bad sunburn").skin_flush == "sunburnt"
    r = parse("not sunburnt, a pale woman")
    assert r.skin_flush is None and "skin_flush" not in r.to_dict()


def test_other_red_things_are_not_a_flush():
    r = parse("a man with red hair and a red beard")
    assert r.skin_flush is None
    assert parse("a ruddy farmer").abstract == ["farmer"]  # the rest of the phrase stays
