"""parse(text) -> ParseResult: the whole text-to-code stage."""
from __future__ import annotations

import re

from .abstract import fit, leftovers, negated, without_read
from .age_years import pick as age_years
from .anger_senses import read as anger_senses
from .archetypes import notes as archetype_notes
from .body import read_fullness
from .brow_ridge import read as brow_ridge
from .hollow_cheeks import drop_phrases as drop_hollow
from .degree import strengths
from .denials import denied_values, drawn_as
from .drawn_instead import notes as drawn_instead
from .extract import extract
from .eyeliner import drop_phrases as drop_eyeliner, read as read_eyeliner
from .facial_hair import imply_male
from .freckle_amount import read as freckle_amount
from .greying import read_amount as grey_amount
from .hair_doing import hair_done_up
from .gestures import drop_phrases as drop_gesture_phrases, read as read_gestures
from .facial_shapes import brow_statements, read as read_facial_shapes
from .hair_cuts import covering_note, drop_phrases, imply_scalp, second_cut_notes
from .hair_phrases import drop_read_hair, place_notes
from .hair_shades import notes as hair_shade_notes
from .hairstyle import read as read_hairstyle
from .implausible_age import age_notes
from .language import EMPTY_WORDS, NotEnglish, looks_foreign
from .lexicon import DEGREE_FACTORS
from .learner_grammar import mend
from .lip_shades import shade as shade_lips
from .mood_degree import with_expression
from .negated_looks import record as record_denied_looks
from .no_prior import notes as no_prior_notes
from .markup import unmark
from .normalize import MAX_CHARS, clean
from .not_modelled import read as not_modelled, styles_off
from .one_intent import merge as one_intent
from .tone_priors import as_tones
from .resolve import Statement, resolve
from .scars import read as read_scars
from .result import ParseResult
from .skin_flush import drop_phrases as drop_flush, read as skin_flush
from .sizes import yield_to_dimension_words
from .spelling import repair
from .subject import aside, blank
from .undrawn import find as undrawn_colours, notes as undrawn_notes
from .wrinkles import note as wrinkle_note
from .tokens import merge_phrases, tokenize
from .vocabulary import NO_DICTIONARY, corrector, english_words
from .words import FAITHS, NOT_FACE, faith_note


_LOOSE_JOINER = re.compile(r"^(?:and|or|but|yet|nor)\s+|\s+(?:and|or|but|yet|nor)$", re.IGNORECASE)


def _no_loose_joiner(phrase: str) -> str:
    """A phrase whose list neighbour was read and taken out lost its joiner's other side: "and weary" -> "weary"."""
    return _LOOSE_JOINER.sub("", phrase).strip()


def _read(text: str):
    """-> (None, cleaned text, tokens, typo notes, reading, the statements resolve takes, undrawn colours); NotEnglish
    for text not in English (language.py)."""
    marks = []
    if isinstance(text, str) and len(text) <= MAX_CHARS:  # a wiki's HTML or markdown (markup.py); clean judges the rest
        text, marks = unmark(text)
    cleaned = clean(text)
    tokens = tokenize(cleaned)
    foreign = looks_foreign(cleaned, tokens)
    if foreign:
        raise NotEnglish(foreign)
    fix, known, notes = corrector(), english_words(), marks
    if fix is None:
        notes.append(NO_DICTIONARY)
    else:
        notes += repair(tokens, cleaned, fix, known)  # 'read "wman" as "woman"' (spelling.py)
    tokens = merge_phrases(mend(styles_off(hair_done_up(tokens))))  # "his hair it is all white", "cat-eye glasses"
    # (hair_done_up: "hair made up in braids" is no make-up, hair_doing.py)
    spans, note = aside(tokens, cleaned)  # "Children were afraid of him": not the subject's (subject.py)
    tokens, cleaned = blank(tokens, cleaned, spans)
    notes += [note] if note else []
    tokens = anger_senses(tokens, cleaned)  # "a cross old woman", "he looks mad": angry (anger_senses.py)
    reading = extract(tokens, cleaned)
    statements = shade_lips(tokens, yield_to_dimension_words(reading.statements))  # "pale pink lips" (lip_shades.py)
    statements, undrawn = undrawn_colours(tokens, statements)  # undrawn.py
    statements = as_tones(statements)  # "Mediterranean", "mixed-race": implied skin tones (tone_priors.py)
    statements = one_intent(statements, [t.w for t in tokens])  # "an angry frown" is anger (one_intent.py)
    statements = record_denied_looks(statements)  # "not smiling": denied smile, beside the neutral (negated_looks.py)
    statements = brow_statements(statements)  # "dark eyebrows": the brows' colour, not the hair's (facial_shapes.py)
    return None, cleaned, tokens, notes, reading, statements, undrawn


def read_statements(text: str) -> list[Statement]:
    """The statements behind parse(text).concrete, with the words that made each (`Statement.text`, `.source`): what
    `eval parser` uses to tell which values come from rules newer than a set's labels."""
    return _read(text)[5]


def parse(text: str) -> ParseResult:
    """Read a free-text face description.  Raises ParseError (only) for unusable input: also NotEnglish."""
    _, cleaned, tokens, notes, reading, statements, undrawn = _read(text)
    concrete, warnings = resolve(statements)
    concrete = imply_male(concrete, statements, tokens[0].w if tokens else "")  # a man's face (facial_hair.py)
    warnings = notes + warnings + reading.notes
    warnings += age_notes(tokens, reading.statements, concrete)  # children, ages past a life (implausible_age.py)
    warnings += undrawn_notes(undrawn, concrete)  # black lipstick, blue hair: not drawn, said
    warnings += no_prior_notes([t.w for t in tokens], concrete)  # "an Inuit man": no ancestry prior (no_prior.py)

    spans = [(a, b, neg) for a, b, neg in reading.phrases]
    for a, b in leftovers(tokens, reading.used):
        if any(t.w in NOT_FACE for t in tokens[a:b + 1]):
            warnings.append(f"not about the face, left out: {cleaned[tokens[a].start:tokens[b].end]!r}")
            continue
        spans.append((a, b, negated(tokens, a, b, reading.used)))
    # A phrase inside another ("left cheek" in "scar across his left cheek") is said once.
    spans = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
    abstract = []
    # a denial understood is something recognised ("no beard", "without glasses", "no grey hair")
    denied = any(s.denied is not None for s in reading.statements)
    for a, b, neg in sorted(spans):
        phrase = cleaned[tokens[a].start:tokens[b].end].strip()
        if neg:
            denied = True
            warnings.append(f"negated phrase not used for refinement (CLIP cannot follow negation): {phrase!r}")
            continue
        phrase = without_read(tokens, cleaned, a, b, statements, concrete)  # no word the code read (abstract.py)
        phrase = re.sub(r"['\u2019]s$", "", phrase)  # "The monk's head was shaved": "monk", not "monk's"
        if not phrase:
            continue
        pieces = fit(phrase)
        if len(pieces) > 1:
            warnings.append(f"abstract phrase split into {len(pieces)} parts to fit CLIP's 77-token limit: "
                            f"{phrase[:40]!r}...")
        abstract += pieces
    abstract = list(dict.fromkeys(abstract))
    faiths = [p for p in abstract if set(p.lower().split()) <= FAITHS]  # "an old Sikh man": no phrase (words.py)
    warnings += [faith_note(p, [t.w for t in tokens]) for p in faiths]  # a religion sets no look (words.py)
    abstract = [p for p in abstract if p not in faiths]
    filler = [p for p in abstract if set(p.lower().split()) <= EMPTY_WORDS]  # "a man, blah blah" (language.py)
    warnings += [f"says nothing about the face, left out: {p!r}" for p in filler]
    abstract = [p for p in abstract if p not in filler]
    abstract, absent, warnings = not_modelled(abstract, warnings, cleaned)  # glasses, scars: said once, kept from CLIP
    hair = read_hairstyle(tokens, cleaned)  # named cuts and head coverings (hair_cuts.py): not CLIP's; a hijab's note
    abstract, absent = drop_read_hair(drop_phrases(abstract, hair), hair), covering_note(absent, hair)  # hair_phrases.py
    warnings += ([absent] if absent else []) + second_cut_notes(hair)  # "cornrows and a middle parting"
    warnings += place_notes(tokens, cleaned, hair)  # "a high ponytail": the tie's place (hair_phrases.py)
    warnings += hair_shade_notes(cleaned, concrete)  # "silver-blonde": drawn as blond, the silver said (hair_shades.py)
    concrete, abstract, warnings = drawn_instead(cleaned, concrete, abstract, warnings)  # one eye colour (drawn_instead.py)
    freckles, abstract, note = freckle_amount(cleaned, concrete, abstract)  # "a few freckles" (freckle_amount.py)
    warnings += [note] if note else []
    warnings += [n for n in [wrinkle_note(concrete, abstract)] if n]  # drawn by age (wrinkles.py)
    warnings += archetype_notes(abstract, concrete)  # "a wizard": no age or beard assumed (archetypes.py)
    not_drawn = denied_values(statements, concrete, warnings)
    concrete = imply_scalp(concrete, hair, not_drawn)  # "a faux-hawk": scalp hair, whatever the seed draws
    facial = read_facial_shapes(tokens, reading.statements)  # beard length, mustache shape, brow colour
    if not concrete and not abstract and not absent and not facial and not hair.get("cut"):  # "a side part"
        # "no grey hair" alone: the draw still follows the denial (denials.py)
        followed = any(drawn_as(a, v, vs) for a, vs in not_drawn.items() for v in vs)
        warnings.append("only denials were read, and none states a value: the head is made as if nothing were "
                        "described" + (", but without the denied values" if followed else "") if denied else
                        "nothing in the description was recognised as a facial attribute or appearance")
    gestures, spans, unshown = read_gestures(tokens, cleaned)  # one raised eyebrow, a lopsided grin (gestures.py)
    abstract, warnings = drop_gesture_phrases(abstract, tokens, cleaned, spans), warnings + unshown
    strength = with_expression(strengths(reading.statements, concrete), [t.w for t in tokens], reading.statements,
                               concrete)  # "slightly annoyed" .. "furious" (mood_degree.py)
    fullness = read_fullness([t.w for t in tokens], DEGREE_FACTORS)  # "very fat", "gaunt" (body.py)
    abstract = drop_hollow(abstract, fullness)  # "hollow cheeks": the shape draws them (hollow_cheeks.py)
    years = age_years(reading.ages, concrete)  # "in her thirties": 35 (age_years.py)
    flush = skin_flush(cleaned)[0]  # "rosy cheeks", "sunburnt": drawn by the texture, no phrase (skin_flush.py)
    abstract = drop_flush(abstract, flush)
    scar = read_scars(cleaned)  # where and how many scars, for the texture (scars.py); the note stays until painted
    eyeliner = read_eyeliner(cleaned, concrete)  # "heavy black eyeliner": amount and colour (eyeliner.py)
    abstract = drop_eyeliner(abstract, eyeliner)
    abstract = list(dict.fromkeys(p for p in map(_no_loose_joiner, abstract) if p))  # "(rosy-cheeked) and weary"
    concrete, strength, abstract, ridge = brow_ridge(cleaned, concrete, strength, abstract)  # "a heavy brow" (brow_ridge.py)
    warnings = list(dict.fromkeys(warnings + ridge))
    return ParseResult(concrete, abstract, list(dict.fromkeys(warnings)), strength,
                       not_drawn, hair, facial, freckles, gestures, fullness, years, flush, scar, eyeliner,
                       grey_amount(cleaned, concrete))  # "salt-and-pepper", "grey at the temples" (greying.py)
