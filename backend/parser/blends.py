"""Looks that blend two expressions, read as one value instead of two that contradict.

A sad smile ("a sad smile", "a wistful / bittersweet / rueful smile", "smiling through tears", "smiling sadly") was
sad and smile stated together: the last won (smile) with a contradiction warned, or the smile alone with its
modifier left as a phrase.  It is `expression` wistful (backend/shape/expression.py: a softer smile under the sad
face's raised inner brows).  The set phrases are merged first (`PHRASES`, added to `lexicon.MWE`) into one token,
`SAD_SMILE`, which `features.FEATURES` reads as that value; "smiling and frowning" is still two expressions, and
still warned.  "smiling through" is the idiom (through tears, the pain, grief); the words after it are left as
they were, so "smiling through her tears" keeps her pronoun.

A yawn is its own expression (jaw dropped wide, eyes squeezed nearly shut), implied with the open mouth and the
heavy lids a yawning word implied before (`YAWN_IMPLIES`, used by `features.YAWN`): implied, so a stated value
still wins quietly ("a smiling man yawning" smiles, "yawning with her eyes closed" closes them).
"""
from __future__ import annotations

SAD_SMILE = "sad_smile"
_SAD = ("sad", "wistful", "bittersweet", "rueful", "melancholy", "melancholic", "sorrowful", "mournful", "tearful",
        "teary", "forlorn", "wan", "regretful")
_ADVERBS = ("sadly", "wistfully", "ruefully", "mournfully", "sorrowfully", "regretfully", "tearfully")
_SMILES = ("smile", "grin", "smiling")  # the lexicon's variants make "smiles", "smiled" smile and "grinning" grin
PHRASES = {
    **{(a, s): SAD_SMILE for a in _SAD for s in ("smile", "grin")},
    **{(a, "little", s): SAD_SMILE for a in _SAD for s in ("smile", "grin")},  # "a sad little smile"
    **{(s, a): SAD_SMILE for a in _ADVERBS for s in _SMILES},  # "smiling sadly", "she smiles wistfully"
    **{(a, s): SAD_SMILE for a in _ADVERBS for s in _SMILES},  # "wistfully smiling"
    **{(s, "through"): SAD_SMILE for s in _SMILES},  # "smiling through tears", "smiles through the pain"
}
YAWN_IMPLIES = (("expression", "yawn"), ("eyelids", "heavy"))  # besides the open mouth every voice word implies
