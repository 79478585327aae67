"""Form fields of character sheets and casting calls: "Gender: F", "Sex: M", "Name: John", "Ethnicity: Asian".

A field name is read (it describes nothing itself); the value is read by the usual rules, except the
one-letter genders ("F", "M"), which only count after a gender label, and a name, which says nothing
about the face and is left out with a warning.  Labels that are feature nouns ("Hair: grey", "Eyes:
blue") are not here: the features read their colon forms themselves.
"""
from __future__ import annotations

LABELS = frozenset({"name", "gender", "sex", "age", "ethnicity", "race", "nationality", "origin", "heritage",
                    "ancestry", "build", "body", "physique", "height", "weight", "notes", "note", "description",
                    "appearance", "role", "type", "character", "distinguishing", "marks", "misc", "other"})
GENDER_VALUES = {"m": "male", "f": "female", "male": "male", "female": "female", "man": "male",
                 "woman": "female"}
_END = frozenset({",", ";", ".", "/", "!", "?", "(", ")", "and"})


def read_labels(words: list[str]) -> tuple[list[int], list[tuple[int, str]], list[tuple[int, int]]]:
    """-> (indices of label words and their colons, [(index, gender)], [(first, last) of a name])."""
    read, genders, names = [], [], []
    for i in range(len(words) - 1):
        if words[i] not in LABELS or words[i + 1] != ":":
            continue
        read += [i, i + 1]
        k = i + 2
        if k >= len(words):
            continue
        if words[i] in ("gender", "sex") and words[k] in GENDER_VALUES:
            genders.append((k, GENDER_VALUES[words[k]]))
            read.append(k)
        elif words[i] == "name":
            end = k
            while end + 1 < min(len(words), k + 4) and words[end + 1] not in _END and words[end + 1] not in LABELS:
                end += 1  # "Name: John Smith"; at most four words
            names.append((k, end))
    return read, genders, names
