"""The person described, in a passage that also tells of others: set the others' sentences aside.

A novel-like paragraph about "him" also says "Children were afraid of him", "The women in the village said ...",
"His mother was a small, frightened woman", "She told him ...".  Read whole, the last statement wins and the head
is a frightened young woman.  So the subject is the person referred to most (he/him/his and male nouns against
she/her and female nouns; a tie goes to the first said), and a sentence (or a clause after ";" or ", and/but")
whose first person word is someone else is set aside before anything is read: a plural or indefinite person
("children", "the women", "they", "nobody", "some"), a kin or partner of the subject's ("his mother", "her
husband"), or a person of the other gender ("she told him" in a text about him).  A clause without a person word
("A nose that had been broken ...") is the subject's.  A backstory clause ("since he was a boy", "when she was a
girl") says nothing of the face now and goes too.  One note names what was set aside.  Only text of two sentences
or clauses or more is looked at: "an old man with his granddaughter" is one clause and read as before.
"""
from __future__ import annotations

import re

from .lexicon import PERSONS, PRONOUNS
from .tokens import Token

_THEY = frozenset({"they", "them", "their", "theirs", "themselves"})
_OTHERS = frozenset({"nobody", "everybody", "everyone", "others", "some", "people", "children",
                     "kids", "villagers", "neighbours", "neighbors", "strangers", "folk", "folks", "girls", "boys",
                     "men", "women", "gentlemen", "ladies", "males", "females", "parents", "friends", "crowd"})
_KIN = frozenset({"mother", "father", "wife", "husband", "son", "daughter", "brother", "sister", "aunt", "uncle",
                  "grandmother", "grandfather", "granddaughter", "grandson", "mom", "dad", "mum", "mama", "papa",
                  "boyfriend", "girlfriend", "friend", "partner", "niece", "nephew", "stepmother", "stepfather",
                  "parent", "parents", "children", "kids", "widow", "widower", "bride", "groom", "lover", "sweetheart",
                  "neighbour", "neighbor", "master", "servant", "companion", "cousin", "fiancee", "fiance"})
_POSSESSIVE = frozenset({"his", "her", "their", "my", "your", "our"})
_CLAUSE_JOIN = frozenset({"and", "but", "while", "whereas", "yet"})
# a past the face no longer shows: "since he was a boy", "when she was a girl", "as a child"
_BACKSTORY = re.compile(r"\b(?:since|when|as|back when) (?:(?:he|she|they) (?:was|were) )?(?:a |an |only a )?"
                        r"(?:boy|girl|child|kid|lad|youngster|teenager|young (?:man|woman|girl|boy))\b", re.I)


def _kin(w: str) -> bool:
    """A kin word, plurals too ("brothers", "sisters")."""
    return w in _KIN or w.endswith("s") and w[:-1] in _KIN


def _gender(w: str) -> str | None:
    if w in PRONOUNS:
        return PRONOUNS[w]
    found = PERSONS.get(w)
    return found[0] if found else None


def _units(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges [a, b) of sentences and clauses after ";" or ", and/but/while" (the mark stays with the one
    before)."""
    out, a = [], 0
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1].w if i + 1 < len(tokens) else ""
        if t.w in (".", "!", "?", ";") or t.w == "," and nxt in _CLAUSE_JOIN:
            out.append((a, i + 1))
            a = i + 1
    if a < len(tokens):
        out.append((a, len(tokens)))
    return [(c, d) for a, b in out for c, d in _subordinate(tokens, a, b)
            if any(not tokens[k].punct for k in range(c, d))]


_SUBORDINATORS = frozenset({"when", "whenever", "as", "while", "after", "before", "although", "though", "once",
                            "until", "because", "if"})
_SUBJECTS = frozenset({"he", "she", "they", "i", "we"})


def _subordinate(tokens: list[Token], a: int, b: int) -> list[tuple[int, int]]:
    """A sentence opening with a subordinate clause, "When the girl smiled at him, he frowned": the clause and the
    main clause are two units, split at the comma before the main clause's subject pronoun, so the girl's clause
    can be set aside and his frown kept (before, the sentence went whole, or was read whole as hers and his)."""
    if tokens[a].w not in _SUBORDINATORS:
        return [(a, b)]
    for k in range(a + 2, b - 1):
        if tokens[k].w == "," and tokens[k + 1].w in _SUBJECTS:
            return [(a, k + 1), (k + 1, b)]
    return [(a, b)]


_LEAD = 5  # a clause's subject comes early: "In the evenings he sat", "But nobody in the village", "Behind her a man"
# "her" before these is the object ("Behind her a young man", "adored her."), not a possessive
_AFTER_OBJECT = frozenset({"a", "an", "the", ",", ".", ";", "!", "?", "and", "but", "in", "on", "at", "with", "to",
                           "from", "for", "by", "was", "is", "had", "when", "as", "that", "so"})


def _first_person(tokens: list[Token], text: str, a: int, b: int) -> tuple[int, str] | None:
    """The clause's subject: its first person word among its first few words, plurals as written ("Children": the
    tokens fold them to "child"), "kin" for a possessive before a kin or plural person ("his mother", "Her
    ladies-in-waiting"); object pronouns are passed over.  None where the clause names nobody early (", and said
    nothing to anyone": the subject's, unsaid)."""
    lead = [k for k in range(a, b) if not tokens[k].punct and tokens[k].w not in _CLAUSE_JOIN][:_LEAD]
    for k in lead:
        w, raw = tokens[k].w, text[tokens[k].start:tokens[k].end].lower()
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        nxt_w = nxt.w if nxt else ""
        nxt_raw = text[nxt.start:nxt.end].lower() if nxt else ""
        far = next((j for j in range(k + 2, min(k + 4, b)) if _kin(tokens[j].w) and all(
            tokens[m].w.isalpha() and tokens[m].w not in PRONOUNS for m in range(k + 1, j))), None)
        if w in _POSSESSIVE and far is not None:  # "His older brothers", "her two little sisters"
            return k, "kin" if w in ("his", "her", "their") else tokens[far].w
        if w in _POSSESSIVE and (_kin(nxt_w) or nxt_raw in _OTHERS):
            # "his mother", "their mother"; "my grandmother" may be the one described: her gender says (aside)
            return k, "kin" if w in ("his", "her", "their") or nxt_raw in _OTHERS else nxt_w
        if w in ("him", "them", "himself", "herself", "themselves") or w == "her" and nxt_w in _AFTER_OBJECT | {""}:
            continue
        if raw in _OTHERS:
            return k, raw
        if w in PRONOUNS or w in _THEY or w in _OTHERS or w in PERSONS:
            return k, w
    return None


def aside(tokens: list[Token], text: str) -> tuple[list[tuple[int, int]], str | None]:
    """-> (character spans of the cleaned text to set aside, a note naming them or None)."""
    units = _units(tokens)
    if len(units) < 2:
        return [], None
    words = [t.w for t in tokens]
    counts = {"male": 0, "female": 0}
    first = main = None
    # "As he walked in, she frowned": a subordinate clause's person is not the sentence's subject, so a tie goes
    # to the first person said outside such clauses
    lesser = {k for c, d in units if tokens[c].w in _SUBORDINATORS and tokens[d - 1].w == "," for k in range(c, d)}
    for k, w in enumerate(words):
        g = _gender(w) if (w in PRONOUNS or w in PERSONS and w not in _OTHERS) else None
        if g in counts:
            counts[g] += 1
            first = first or g
            main = main or (g if k not in lesser else None)
    first = main or first
    subject_they = not first and any(w in _THEY for w in words)
    subject = None if counts["male"] == counts["female"] and first is None else (
        first if counts["male"] == counts["female"] else max(counts, key=counts.get))
    spans, named = [], []
    seen_subject, last_other = False, False
    for a, b in units:
        found = _first_person(tokens, text, a, b)
        joined = a > 0 and tokens[a].w in _CLAUSE_JOIN  # ", and laughing": the clause before's person
        if found is None:
            other = joined and last_other
        else:
            k, w = found
            other = (
                w == "kin" or w in _OTHERS or w in _THEY and not subject_they
                # "she told him" in a text about him; "His nose: long" in a text about her is sloppy pronouns, kept
                or subject is not None and _gender(w) not in (None, subject) and w not in _POSSESSIVE)
            if other and not seen_subject and not any(_first_person(tokens, text, c, d) for c, d in units if c > a):
                other = False  # never the only person spoken of
        last_other = other
        if not other:
            seen_subject = seen_subject or found is not None
            continue
        spans.append((tokens[a].start, tokens[b - 1].end))
        named.append(text[tokens[a].start:tokens[b - 1].end].strip())
    for m in _BACKSTORY.finditer(text):
        if not any(s <= m.start() < e for s, e in spans):
            spans.append(m.span())
            named.append(m.group(0))
    if not spans:
        return [], None
    shown = "; ".join(repr(n if len(n) <= 50 else n[:47] + "...") for n in named)
    return sorted(spans), (f"read as one person's description: set aside {len(named)} part(s) about someone else "
                           f"or a past: {shown}")


def blank(tokens: list[Token], text: str, spans: list[tuple[int, int]]) -> tuple[list[Token], str]:
    """Tokens outside the spans, and the text with the spans as spaces (every offset stays)."""
    if not spans:
        return tokens, text
    inside = lambda t: any(s <= t.start and t.end <= e for s, e in spans)  # noqa: E731
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return [t for t in tokens if not inside(t)], text
