"""Abstract phrases: what describes the face but maps to no attribute, sized for CLIP.

CLIP's text encoder reads 77 tokens, two of them start/end markers, and the refinement wraps
each phrase in a template of up to ~10 tokens.  A BPE token covers at least one byte of a word, so
a phrase whose words hold at most PHRASE_BUDGET bytes always fits; longer ones are split at word
boundaries (with a warning), never dropped.
"""
from __future__ import annotations

from .age import TENS, UNITS
from .features import FEATURES
from .slang import keeps_particle
from .lexicon import COPULAS, DEGREES, DETERMINERS, NEGATIONS, NOT_VERY, look_person
from .tokens import BOUNDARY, ITEM_MARKS, SEPARATORS, Token
from .words import FILLER, STOP

_NAMED = frozenset(w for w, f in FEATURES.items() if f.mods or f.intrinsic or f.negated)
PHRASE_BUDGET = 60  # bytes of non-space characters; 60 + 2 markers + ~10 template tokens < 77
_KEEP_AT_START = frozenset({"like", "looks", "look", "looking", "seems", "seem", "appears", "appear"})
_TRIM = (STOP | DETERMINERS | FILLER | {"and", "or", "but", "with", "who", "which", "that", "has", "have",
                                         "is", "are", "was"} | DEGREES) - _KEEP_AT_START
_EMPTY = frozenset(UNITS) | frozenset(TENS) | STOP | FILLER | DETERMINERS | COPULAS | DEGREES | NEGATIONS | NOT_VERY | _KEEP_AT_START


def _cost(phrase: str) -> int:
    return len("".join(phrase.split()).encode("utf-8"))


def fit(phrase: str) -> list[str]:
    """Split a phrase into pieces that each fit the budget (a single over-long word is cut)."""
    if _cost(phrase) <= PHRASE_BUDGET:
        return [phrase]
    pieces, cur = [], []
    for word in phrase.split():
        while _cost(word) > PHRASE_BUDGET:
            cut = PHRASE_BUDGET
            while len(word[:cut].encode("utf-8")) > PHRASE_BUDGET:
                cut -= 1
            if cur:
                pieces.append(" ".join(cur))
                cur = []
            pieces.append(word[:cut])
            word = word[cut:]
        if _cost(" ".join(cur + [word])) > PHRASE_BUDGET:
            pieces.append(" ".join(cur))
            cur = []
        if word:
            cur.append(word)
    if cur:
        pieces.append(" ".join(cur))
    return [p for p in pieces if p]


def _content(tokens: list[Token]) -> bool:
    """Some word says something: not a function word, number, filler or bare feature name ("eyes")."""
    return any(t.w not in _EMPTY and not t.w.isdigit() and not t.punct and t.w not in _NAMED for t in tokens)


def leftovers(tokens: list[Token], used: list[bool]) -> list[tuple[int, int]]:
    """Runs of tokens nothing understood, split at punctuation -> (first, last) after trimming."""
    runs, cur = [], []
    for i, t in enumerate(tokens):
        if used[i] or t.w in BOUNDARY or t.w in SEPARATORS or t.w == ";":
            if cur:
                runs.append(cur)
            cur = []
        else:
            cur.append(i)
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        while run and (tokens[run[0]].w in _TRIM or tokens[run[0]].punct):
            run = run[1:]
        while run and (tokens[run[-1]].w in _TRIM | (_KEEP_AT_START - {"looking"}) or tokens[run[-1]].punct) and (
                not keeps_particle(tokens, run, _TRIM)):  # "looks spaced out" keeps "out" (slang.py)
            run = run[:-1]
        if run and _content([tokens[i] for i in run]):
            out.append((run[0], run[-1]))
    return _label_fields(tokens, out)


def _label_fields(tokens: list[Token], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sheet's field no table knows, "Cheekbones: high", "Eye shape: almond": its label (one or two words opening
    an item, a face noun or "shape" last) and value (one or two words closing one) are one phrase, read in prose
    order by without_read ("Occupation: sailor" stays two)."""
    out = []
    for a, b in runs:
        if out and tokens[a - 1].w == ":" and out[-1][1] == a - 2 and out[-1][1] - out[-1][0] <= 1 and b - a <= 1 and (
                tokens[a - 2].w in FEATURES or tokens[a - 2].w == "shape") and (
                out[-1][0] == 0 or tokens[out[-1][0] - 1].w in ITEM_MARKS or tokens[out[-1][0] - 1].w in BOUNDARY) and (
                b + 1 >= len(tokens) or tokens[b + 1].w in ITEM_MARKS or tokens[b + 1].w in BOUNDARY):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def negated(tokens: list[Token], first: int, last: int, used: list[bool]) -> bool:
    """A negation just before or inside the run: "not a villain", "never looks tired"."""
    lo = first
    while lo > 0 and not used[lo - 1] and tokens[lo - 1].w in _TRIM | NEGATIONS:
        lo -= 1
    return any(tokens[k].w in NEGATIONS or tokens[k].w in NOT_VERY for k in range(lo, last + 1))


# Person nouns that say only a gender, an age or an ancestry, all read into the code: no phrase keeps them ("a
# grinning old Black woman" -> none).  Other person nouns say more ("wizard", "cowboy", "grandmother") and stay
# beside a word of their own ("wise old wizard" -> "wise wizard"), never alone (alone they never were a phrase).
PLAIN_PERSONS = frozenset({
    "man", "men", "woman", "women", "male", "males", "female", "females", "guy", "gal", "girl", "boy", "lady",
    "gentleman", "gentlemen", "gent", "lad", "lass", "lassie", "bloke", "chap", "fella", "fellow", "dude", "chick",
    "mister", "sir", "madam", "madame", "kid", "child", "teen", "teens", "youngster", "youth", "person",
    "individual", "human", "someone", "somebody", "adult", "latina", "latino"})
# Colours are drawn as stated, so they are read in full even inside a phrase kept for its feature ("silver curls").
_COLOURS = frozenset({"hair_color", "eye_color", "skin_tone", "beard_color", "lip_color"})
# Nouns that name a shade with the colour word after them ("steel grey hair"): read with it, not left alone.
_SHADE_NOUNS = frozenset({"steel", "snow", "ice", "ash", "iron", "slate", "charcoal", "coal", "raven", "honey",
                          "copper", "rust", "bone", "sky", "ocean", "sea", "emerald", "bottle", "chocolate", "coffee",
                          "caramel", "ivory", "milk", "pitch", "ink", "inky", "platinum", "golden", "sandy"})
# Words left at an edge where read words went ("buzzcut going grey" -> "buzzcut"); not the leftovers' wider _TRIM,
# which would take a feature noun ("a long horse face" -> "horse face", not "horse").
_EDGE = DETERMINERS | DEGREES | {"and", "or", "but", "with", "who", "which", "that", "has", "have", "had", "is", "are",
                                 "was", "were", "going", "gone", "turning", "turned", "getting", "in", "of", "to"}


_LINKED = frozenset({"set", "spaced", "placed", "positioned", "worn", "cut", "kept"})  # extract._LINKS


def read_positions(tokens: list[Token], first: int, last: int, statements, concrete: dict, text: str) -> set[int]:
    """Tokens of first..last whose words made an explicit statement of a value the code keeps, and so are said by
    the code already: CLIP would push them a second time.  Not read: implied values (a hint such as
    "weary-looking" says more than heavy eyelids), a person noun that says more than its gender, the feature noun
    a phrase is about ("kind smile"), and shape words of a feature worth a phrase itself ("sunken cheeks": the
    cheeks say more than face_width narrow)."""
    from .lexicon import PERSONS

    stated: dict[int, set[str]] = {}
    amounts = set()
    for s in statements:
        if first <= s.pos <= last and s.value is not None and concrete.get(s.attr) == s.value and (
                s.explicit or makeup_amount(s, tokens)):
            stated.setdefault(s.pos, set()).add(s.attr)
            amounts |= {s.pos} if makeup_amount(s, tokens) else set()
    content = [k for k in range(first, last + 1) if not tokens[k].punct]
    head = content[-1] if content else last
    presence = any(FEATURES[tokens[k].w].presence for k in content if tokens[k].w in FEATURES)
    out = set()
    for k, attrs in stated.items():
        w = tokens[k].w
        if w in PERSONS and (w not in PLAIN_PERSONS or look_person(w, text[tokens[k].start:tokens[k].end])) or (
                k == head and w in FEATURES):
            continue
        if presence and not attrs <= _COLOURS and k not in amounts:
            continue
        out.add(k)
    return out


# How much eye make-up ("heavy eyeliner", "thick mascara"): the code's makeup amount, which the texture draws; such a
# word is read although its statement is implied (the noun's presence), and the bare noun left is no phrase either
MAKEUP_AMOUNTS = frozenset("heavy heavily thick thickly light lightly lots loads minimal subtle bold".split())
MAKEUP_NOUNS = frozenset("eyeliner liner mascara eyeshadow kohl makeup".split())


def makeup_amount(s, tokens) -> bool:
    """Statement s is a make-up amount word ("heavy" of "heavy eyeliner")."""
    return s.attr == "makeup" and 0 <= s.pos < len(tokens) and tokens[s.pos].w in MAKEUP_AMOUNTS


def _is_colour(k: int, statements, concrete: dict) -> bool:
    return any(s.pos == k and s.attr in _COLOURS and concrete.get(s.attr) == s.value for s in statements)


def without_read(tokens: list[Token], text: str, first: int, last: int, statements, concrete: dict) -> str:
    """The phrase of tokens first..last less the words the code read (read_positions): "" when nothing is left that
    CLIP could use ("Black woman"), else the rest ("weary-looking", "twinkly blue eyes" -> "twinkly eyes")."""
    from .lexicon import PERSONS

    drop = read_positions(tokens, first, last, statements, concrete, text)
    field = first + 2 <= last and tokens[first + 1].w == ":" and tokens[first].w in FEATURES
    # a post-posed aside "(brown) eyebrows, bushy and arched": the noun goes after its words, as prose has it
    # or a predicate "eyes were a startling green" -> "startling eyes" (when a word after the noun was read)
    aside = next((p for p in range(first, last - 1) if tokens[p].w in FEATURES and (
        tokens[p + 1].w == "," or tokens[p + 1].w in _EDGE) and any(k > p + 1 for k in drop)), None)
    field = field or aside is not None
    if not drop and not field:
        colon = next((k for k in range(first + 1, min(first + 3, last)) if tokens[k].w == ":"), None)
        if colon is not None:  # "Cheekbones: high" -> "high cheekbones" (_label_fields)
            return (text[tokens[colon + 1].start:tokens[last].end].strip() + " "
                    + text[tokens[first].start:tokens[colon - 1].end].strip().lower())
        return text[tokens[first].start:tokens[last].end].strip()
    grown = True
    while grown:  # a hyphen joins a word to a read one: "sun-tanned", "ice-blue" go whole; so does "steel grey"
        more = {j for k in drop for j in (k - 1, k + 1) if first <= j <= last and j not in drop and (
            text[tokens[min(j, k)].end:tokens[max(j, k)].start] == "-"
            or j == k - 1 and tokens[j].w in _SHADE_NOUNS and _is_colour(k, statements, concrete))}
        drop, grown = drop | more, bool(more)
    keep = [k for k in range(first, last + 1) if k not in drop and not (
        tokens[k].punct and (k - 1 in drop or k + 1 in drop))]  # "thin, arched brows": no stray comma
    while keep and (tokens[keep[0]].w in _EDGE or tokens[keep[0]].punct):
        keep = keep[1:]
    while keep and (tokens[keep[-1]].w in _EDGE or tokens[keep[-1]].punct):
        keep = keep[:-1]
    rest = [tokens[k] for k in keep]
    if not _content(rest) or all(t.w in PERSONS and not look_person(t.w, text[t.start:t.end]) or t.w in _EMPTY
                                 or t.punct for t in rest):
        return ""  # a bare "grandmother" or "eyes" was never a phrase; a bare "wizard" is (lexicon.look_person)
    if "makeup" in concrete and any(k in drop for k in range(first, last + 1) if tokens[k].w in MAKEUP_AMOUNTS) and all(
            t.w in MAKEUP_NOUNS or t.w in ("eye", "eyes") or t.punct for t in rest):
        return ""  # "heavy eyeliner": the amount is the code's, the noun alone says it again
    noun = ""
    if aside is not None and len([k for k in keep if not tokens[k].punct]) > 1:
        noun = text[tokens[aside].start:tokens[aside].end].lower()
        keep = [k for k in keep if k < aside or k > aside + 1 and not tokens[k].punct and tokens[k].w not in _EDGE
                and tokens[k].w not in _LINKED]  # "hair was grey and worn long": no "worn hair"
    elif field and keep and keep[0] == first and len([k for k in keep if not tokens[k].punct]) > 1:
        # a sheet's field "Eyes: green, almond-shaped" reads as the prose form: "almond-shaped eyes", not "Eyes
        # almond-shaped" or "Eyes: twinkly"
        noun = text[tokens[first].start:tokens[first].end].lower()
        keep = [k for k in keep[1:] if k != first + 1]
        while keep and tokens[keep[0]].punct:
            keep = keep[1:]
    parts, start = [], keep[0] if keep else 0
    for n, k in enumerate(keep):
        if n + 1 == len(keep) or keep[n + 1] != k + 1:  # a gap where read words went: one space
            parts.append(text[tokens[start].start:tokens[k].end].strip())
            start = keep[n + 1] if n + 1 < len(keep) else k
    return " ".join(parts + [noun] if noun else parts)
