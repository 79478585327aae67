"""Everyday and slang words for moods, and phrasal verbs kept whole.

"always looks pissed off" was the phrase "looks pissed" (the particle trimmed as a function word) and no
expression; "stoked", "chuffed", "bummed" were phrases only.  Now they are the expression they name (`MOOD_SLANG`,
added to `features.FEATURES` beside the plain words: "angry", "happy", ...), the particle verbs are merged first
(`PHRASES`, added to `lexicon.MWE`), and a particle ending a left-over phrase after its verb stays in it ("looks
spaced out", not "looks spaced": `keeps_particle`, used by `abstract.leftovers`).

"cheerful" and "jolly" are left alone too: a disposition, not a smile on the face ("A cheerful grandmother" is
labelled without one in the shared dev set).  Bare "pissed" is left alone: in British English it means drunk; "pissed off" is angry everywhere.
"""
from __future__ import annotations

PHRASES = {
    ("pissed", "off"): "pissed_off", ("ticked", "off"): "ticked_off", ("cheesed", "off"): "cheesed_off",
    ("teed", "off"): "teed_off", ("hacked", "off"): "hacked_off", ("browned", "off"): "browned_off",
    ("fed", "up"): "fed_up", ("bummed", "out"): "bummed_out", ("freaked", "out"): "freaked_out",
    ("stressed", "out"): "stressed_out", ("over", "the", "moon"): "over_the_moon",
    ("down", "in", "the", "dumps"): "down_in_the_dumps",
}
MOOD_SLANG = {
    "anger": ("pissed_off", "ticked_off", "cheesed_off", "teed_off", "hacked_off", "browned_off", "miffed",
              "peeved", "hangry", "narked", "ticked"),
    "frown": ("cranky", "crabby", "grouchy", "fed_up", "stressed_out", "disgruntled"),
    "sad": ("bummed", "bummed_out", "down_in_the_dumps", "heartsick", "crestfallen"),
    "smile": ("stoked", "chuffed", "psyched", "over_the_moon", "thrilled", "delighted", "elated", "ecstatic"),
    "fear": ("freaked_out", "spooked"),
    "surprise": ("gobsmacked", "dumbfounded"),
}
PARTICLES = frozenset({"off", "out", "up", "down", "away"})


def keeps_particle(tokens, run: list[int], trimmed: frozenset[str]) -> bool:
    """Whether the last word of a left-over run is a verb's particle to keep ("spaced out", "fired up")."""
    if len(run) < 2 or tokens[run[-1]].w not in PARTICLES:
        return False
    verb = tokens[run[-2]]
    return not verb.punct and verb.w not in trimmed and verb.w.endswith(("ed", "ing", "en"))
