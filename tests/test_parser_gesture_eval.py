"""`python -m backend eval parser` scores gestures apart (backend/parser/evaluate.py): an "expect" line's "gestures"
entry is recovered only with its side and degree, gestures not listed are unexpected, and the attribute figures do
not count them."""
from __future__ import annotations

import json

import pytest

from backend.parser.evaluate import OWN_SET, EvalDataError, load_cases, main, score

LINES = [
    {"text": "he raised his left eyebrow", "expect": {"gender": "male", "gestures": {"brow_raise": {"side": "left"}}}},
    # the side is wrong: the gesture is read but not recovered
    {"text": "she raised her right eyebrow", "expect": {"gender": "female", "gestures": {"brow_raise": {}}}},
    {"text": "a confused man whistling", "expect": {"gender": "male", "gestures": {"confused": {}}}},  # whistle extra
    {"text": "a bored man", "expect": {"gender": "male"}},  # not labelled for gestures
]


def test_gestures_are_scored_apart_from_attributes():
    s = score("t", LINES)
    assert (s.prompts, s.expected, s.recovered, s.unexpected) == (4, 4, 4, 0)  # the gestures are not attributes
    assert (s.gesture_prompts, s.gesture_expected, s.gesture_recovered, s.gesture_unexpected) == (3, 3, 2, 1)
    assert s.gestures_unlabelled == 1
    assert [f["text"] for f in s.failures] == [LINES[1]["text"], LINES[2]["text"]]
    assert s.failures[0]["gestures"] == {"expected": {"brow_raise": {}}, "got": {"brow_raise": {"side": "right"}}}
    assert s.to_dict()["gesture_recall"] == round(2 / 3, 4)


def test_the_eval_prints_a_gesture_line(tmp_path, capsys):
    data = tmp_path / "g.jsonl"
    data.write_text("".join(json.dumps(c) + "\n" for c in LINES))
    assert main(["--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "4 prompts, 4 expected values, recall 100.0%" in out
    assert "gestures: 3 prompts labelled, recall 66.7% of 3, unexpected gestures 1" in out
    assert "prompts not labelled for gestures where some are read: 1" in out


def test_a_malformed_gestures_entry_is_refused(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a man winking", "expect": {"gestures": ["wink"]}}\n')
    with pytest.raises(EvalDataError, match="gestures"):
        load_cases(bad)


def test_the_own_set_labels_gestures_and_reads_them_all():
    cases = load_cases(OWN_SET)
    labelled = [c for c in cases if "gestures" in c["expect"]]
    assert len(labelled) >= 20 and sum(not c["expect"]["gestures"] for c in labelled) >= 8  # negatives too
    s = score(OWN_SET.name, cases)
    assert s.gesture_recall == 1.0 and s.gesture_unexpected == 0, [f for f in s.failures if "gestures" in f]
