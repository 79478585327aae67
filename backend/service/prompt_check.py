"""A prompt (or refine text) the parser would refuse, refused at submission instead of failing as a job.

The parser refuses text that is empty, too long, holds a NUL (normalize.clean) or is not English
(language.looks_foreign: reader._read raises NotEnglish with its message).  These are the same public steps,
in the same order, that parse() takes before it reads anything, so the message is the one `generate` prints;
the first call imports the parser and builds its word sets (1.0-1.7 s), then a prompt takes 0.05-30 ms (2000
characters: the most); no model is loaded.  The worker's parse() still checks (a job queued some other way, a
parser that learns a new refusal).
"""
from __future__ import annotations


def refusal(text: object) -> str | None:
    """The parser's one-line message for text it would refuse, or None for text it reads."""
    from ..parser.language import looks_foreign
    from ..parser.normalize import clean
    from ..parser.result import ParseError
    from ..parser.tokens import tokenize

    try:
        cleaned = clean(text)
    except ParseError as exc:
        return str(exc)
    return looks_foreign(cleaned, tokenize(cleaned))
