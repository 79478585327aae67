"""Abstract phrases that repeat a word the code already read ("a grinning old Black woman" -> "Black woman").

Such a word is pushed twice: once as the attribute's value, once more by CLIP through the phrase (and an ancestry
word, "Black woman", through a model with its biases).  `eval parser` counts the prompts where this happens, and
`tests/test_parser_phrases_leaks.py` keeps it at 0 on the parser's own sets.

This check works on the finished phrases (whatever step made them), word by word; `abstract.without_read` removes
the words where the phrases are made.  A word is read when it made an explicit statement of a value the code keeps
(an ancestry, a gender noun, an age, an expression, a colour, a shape) and no other place of the text has that word
unread ("old" of "an old man ... like a villain from an old movie" is not).  Not counted, on purpose (the same
rules as `abstract.read_positions`): implied values ("weary-looking" says more than heavy eyelids), person nouns
that say more than a gender ("wise wizard"), the feature noun a phrase ends on ("kind smile", "patchy beard"), and
shape words of a feature worth a phrase itself ("sunken cheeks"; its colour words do count: "silver curls").
"""
from __future__ import annotations


def repeats(text: str, result=None) -> dict[str, list[str]]:
    """Abstract phrases of parse(text) (or of `result`, its ParseResult) that repeat a read word -> those words ({}
    when none, or when the text is refused)."""
    from . import ParseError, parse
    from .abstract import _COLOURS, PLAIN_PERSONS, makeup_amount
    from .features import FEATURES
    from .lexicon import PERSONS, look_person
    from .reader import _read
    from .tokens import merge_phrases, tokenize

    try:
        result = parse(text) if result is None else result
        _, _, tokens, _, _, statements, _ = _read(text)
    except ParseError:
        return {}
    attrs: dict[int, set[str]] = {}
    amounts = set()
    for s in statements:
        # a make-up amount ("heavy eyeliner") is read though implied (abstract.makeup_amount)
        if (s.explicit or makeup_amount(s, tokens)) and s.value is not None and result.concrete.get(s.attr) == s.value:
            attrs.setdefault(s.pos, set()).add(s.attr)
            amounts |= {tokens[s.pos].w} if makeup_amount(s, tokens) else set()
    unread = {t.w for k, t in enumerate(tokens) if k not in attrs}
    read = {tokens[k].w: a for k, a in attrs.items() if tokens[k].w not in unread
            and not (tokens[k].w in PERSONS and tokens[k].w not in PLAIN_PERSONS)}
    out = {}
    for phrase in result.abstract:
        words = [t for t in merge_phrases(tokenize(phrase)) if not t.punct]
        head = words[-1].w if words else ""
        presence = any(FEATURES[t.w].presence for t in words if t.w in FEATURES)
        # "shieldmaiden" is read as "woman" but says a look too: no repeat (lexicon.look_person)
        hits = sorted({phrase[t.start:t.end].lower() for t in words if t.w in read and not look_person(
            t.w, phrase[t.start:t.end]) and not (
            t.w == head and t.w in FEATURES) and not (presence and not read[t.w] <= _COLOURS and t.w not in amounts)})
        if hits:
            out[phrase] = hits
    return out
