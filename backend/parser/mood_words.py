"""Expression words of strong and mild moods that the plain tables lack (mood_degree.py grades them): taken into
features.FEATURES beside the plain words, as slang.MOOD_SLANG, and their two-word forms merged into one token first
(`PHRASES`, added to lexicon.MWE).  Before, "a devastated woman" and "a grief-stricken woman" had no expression.

"nervous" and "anxious" are left alone: a disposition as often as a look ("a nervous young man" is labelled without
an expression in tests/data/parser_holdout.jsonl); "a bit scared" is the mild fear.
"""
from __future__ import annotations

WORDS = {
    "sad": ("devastated", "distraught", "anguished", "inconsolable", "grief_stricken", "sobbing", "despairing"),
    "anger": ("incensed", "infuriated", "outraged", "irked", "vexed"),
    "surprise": ("thunderstruck",),
    "fear": ("panic_stricken", "terror_stricken"),
}
PHRASES = {("grief", "stricken"): "grief_stricken", ("panic", "stricken"): "panic_stricken",
           ("terror", "stricken"): "terror_stricken"}
