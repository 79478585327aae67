"""Expression words of strong and mild moods that the plain tables lack (mood_degree.py grades them): taken into
features.FEATURES beside the plain words, as slang.MOOD_SLANG, and their two-word forms merged into one token first
(`PHRASES`, added to lexicon.MWE).  Before, "a devastated woman" and "a grief-stricken woman" had no expression.

Worry (`WORRY`: nervous, anxious, worried, uneasy, apprehensive, jittery, fretful) is fear at a low degree
(mood_degree.INTENSITY: 0.5, "very nervous" 1.0): what the shape can draw of it is the mild fear preset, inner brows
raised, the eyes a little wide and the lips a little stretched (backend/shape/expression.py, a half share at 0.5),
which is the apprehension face; the frown (brows down, squint, pressed lips: a scowl) reads as cross, and "a worried
face" was one before.  "tense" stays a phrase: tension is in the clenched jaw and pressed lips, which no preset
draws on its own, and the frown's lowered brows are not said.  A worry word before another look is its manner, not a
second look: "a nervous grin" is a smile, "a worried frown" a frown (one_intent.py).  Before, all were phrases
("a nervous young man" was labelled without an expression; relabelled, backend/parser/README.md).
"""
from __future__ import annotations

WORDS = {
    "sad": ("devastated", "distraught", "anguished", "inconsolable", "grief_stricken", "sobbing", "despairing"),
    "anger": ("incensed", "infuriated", "outraged", "irked", "vexed"),
    "surprise": ("thunderstruck",),
    "fear": ("panic_stricken", "terror_stricken"),
}
WORRY = ("nervous", "anxious", "worried", "uneasy", "apprehensive", "jittery", "fretful")
WORDS["fear"] += WORRY
PHRASES = {("grief", "stricken"): "grief_stricken", ("panic", "stricken"): "panic_stricken",
           ("terror", "stricken"): "terror_stricken"}
