"""Heights, weights and clothing sizes ("6'2\"", "5 11", "180 cm", "180 lbs", "90 kg", "size 16"): found before
ages so their numbers never read as one ("5 11" is no age range, "she's a size 16" no teenager).  The schema has
no body size, so they are left out with a warning; only height and weight together say something about the
face: a BMI of 30 or more implies a wide face, under 18.5 a narrow one (implied, so any stated face width wins)."""
from __future__ import annotations

from dataclasses import dataclass

from .age import TENS, UNITS, _number
from .hollow_cheeks import says_hollow
from .lexicon import ANCESTRY, COPULAS, LOOK_PERSONS, PERSON_MODIFIERS, PERSONS, PRONOUNS, ROLES
from .tokens import Token

_FEET = frozenset({"ft", "feet", "foot"})
_INCHES = frozenset({"in", "inch", "inches"})
_METRIC = {"cm": 0.01, "centimeters": 0.01, "centimetres": 0.01, "m": 1.0, "meter": 1.0, "meters": 1.0,
           "metre": 1.0, "metres": 1.0}
_WEIGHT = {"lbs": 0.4536, "lb": 0.4536, "pounds": 0.4536, "pound": 0.4536, "kg": 1.0, "kgs": 1.0, "kilos": 1.0,
           "kilo": 1.0, "kilograms": 1.0, "kilogram": 1.0, "stone": 6.35, "st": 6.35}
# Words that only introduce a measurement; read with it ("weighing 250 pounds", "Height: 6'2\"").
_LEAD = frozenset({"weighing", "weighs", "weighed", "weight", "height", "standing", "stands", "stood"})
_AFTER = frozenset({"tall", "high"})  # "6 feet tall"
BMI_WIDE, BMI_NARROW = 30.0, 18.5
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS)


@dataclass(frozen=True)
class Measure:
    start: int   # first token
    end: int     # after the last token
    kind: str    # "height" (metres), "weight" (kilograms) or "size" (of clothes, as written)
    value: float


def _gap(tokens: list[Token], text: str, i: int) -> str:
    """Text between token i-1 and token i (marks the tokenizer dropped: "'" and "-")."""
    return text[tokens[i - 1].end:tokens[i].start] if i > 0 else ""


def _decimal(words: list[str], tokens: list[Token], text: str, i: int) -> tuple[float, int] | None:
    """A number at i, "1.80" included -> (value, tokens used)."""
    num = _number(words, i)
    if num is None:
        return None
    value, used = num
    k = i + used
    if (k + 1 < len(words) and words[k] == "." and words[k + 1].isdecimal() and not _gap(tokens, text, k)
            and not _gap(tokens, text, k + 1)):
        return float(f"{value}.{words[k + 1]}"), used + 2
    return float(value), used


def _inches(words: list[str], i: int) -> tuple[int, int] | None:
    """Inches after a feet figure: "2", "11 in", "two" -> (inches, tokens used)."""
    num = _number(words, i) if i < len(words) else None
    if num is None or not 0 <= num[0] <= 11:
        return None
    used = num[1] + (i + num[1] < len(words) and words[i + num[1]] in _INCHES)
    return num[0], used


def number_tokens(words: list[str]) -> list[int]:
    """Indices of the numbers, in digits or words."""
    return [k for k, w in enumerate(words) if w[0].isdigit() or w in NUMBER_WORDS]


def find_measures(tokens: list[Token], text: str, words: list[str], numbers: list[int]) -> list[Measure]:
    """`words`: the tokens' words; `numbers`: number_tokens(words).  -> measures in text order."""
    out, n, i = [], len(words), 0
    for start_at in numbers:
        if start_at < i:
            continue  # inside the last measure
        i = start_at
        num = _decimal(words, tokens, text, i)
        if num is None:
            continue
        value, used = num
        k = i + used
        unit = words[k] if k < n else ""
        found = None
        feet_mark = k < n and "'" in _gap(tokens, text, k) or (k == n and text[tokens[-1].end:].startswith("'"))
        bare = (unit.isdecimal() and _gap(tokens, text, k).strip() == "" and 4 <= value <= 7 and value.is_integer()
                and (k + 1 >= n or not words[k + 1][0].isalpha() or words[k + 1] in _INCHES))
        if unit in _FEET or feet_mark or bare:
            # "6 ft", "6'2\"", "5 ft 4 in", "six foot two", and a bare "5 11" (feet and inches, no mark)
            k += unit in _FEET
            extra = _inches(words, k) if 4 <= value <= 8 else None
            inches = 0
            if extra:
                inches, step = extra
                k += step
            if 3 <= value <= 8:
                found = ("height", (value * 12 + inches) * 0.0254)
        elif unit in _INCHES and 48 <= value <= 96:
            found, k = ("height", value * 0.0254), k + 1
        elif unit in _METRIC and 1.2 <= value * _METRIC[unit] <= 2.5:
            found, k = ("height", value * _METRIC[unit]), k + 1
        elif unit in _WEIGHT and 25 <= value * _WEIGHT[unit] <= 400:
            found, k = ("weight", value * _WEIGHT[unit]), k + 1
        if found is None and i > 0 and words[i - 1] == "size" and value <= 60:
            found, k = ("size", value), i + used
        if found is None:
            i += 1
            continue
        start = i - (found[0] == "size")
        if start > 1 and words[start - 1] == ":" and words[start - 2] in _LEAD:
            start -= 2
        elif start > 0 and words[start - 1] in _LEAD:
            start -= 1
        if k < n and words[k] == '"':
            k += 1
        if k < n and words[k] in _AFTER:
            k += 1
        out.append(Measure(start, k, found[0], found[1]))
        i = k
    return out


def body_width(measures: list[Measure]) -> str | None:
    """Face width implied by a stated height and weight together (None when neither end of BMI)."""
    heights = [m.value for m in measures if m.kind == "height"]
    weights = [m.value for m in measures if m.kind == "weight"]
    if not heights or not weights:
        return None
    bmi = weights[-1] / heights[-1] ** 2
    return "wide" if bmi >= BMI_WIDE else "narrow" if bmi < BMI_NARROW else None


# Face fullness (ParseResult.fullness, backend/shape/fullness.py): body words say how much soft tissue the face
# carries, beside face_width (which the lexicon already reads from them).  Words before a feature noun are that
# feature's ("thin lips", "full lips", "heavy brows"), not the face's.
FULL_WORDS = frozenset({"fat", "chubby", "plump", "overweight", "heavyset", "stout", "portly", "pudgy", "chunky",
                        "rotund", "tubby", "fleshy", "corpulent", "heavy", "chubbier", "fatter", "podgy", "jowly",
                        "puffy", "doughy", "moon", "roly"})
LEAN_WORDS = frozenset({"thin", "gaunt", "skinny", "emaciated", "skeletal", "scrawny", "bony", "haggard", "hollow",
                        "sunken", "cadaverous", "wasted", "underweight", "slim", "slender", "lean", "thinner",
                        "gaunter", "skinnier", "drawn"})
# words that are a strong degree by themselves ("obese" is "very fat")
_STRONG_BY_ITSELF = {"obese": "full", "morbidly": "full", "emaciated": "lean", "skeletal": "lean",
                     "cadaverous": "lean", "corpulent": "full"}
# lean words that need a face noun after them to mean the face ("hollow cheeks", not "a drawn-on brow")
_CHEEK_ONLY = frozenset({"hollow", "sunken", "drawn"})
# full words that mean the face only before the cheeks ("full cheeks", "round cheeks"; "full lips" are the lips')
_FULL_CHEEKS = frozenset({"full", "round", "rounded", "apple"})
_CHEEK_NOUNS = frozenset({"cheeks", "cheek", "cheeked", "face", "faced", "jowls", "temples"})
_FEATURE_NOUNS = frozenset({"lips", "lip", "lipped", "nose", "nosed", "eyebrows", "eyebrow", "brows", "brow",
                            "browed", "hair", "haired", "beard", "bearded", "mustache", "moustache", "lashes",
                            "eyelashes", "eyes", "eyed", "lids", "eyelids", "lidded", "chin", "jaw", "jawline",
                            "neck", "nostrils", "bridge", "smile", "mouth", "mouthed", "stubble", "sideburns",
                            "braids", "ponytail", "bun", "fringe", "bangs", "eyeliner", "frame", "glasses",
                            # "heavy makeup", "a heavy accent": no fuller face (was fullness full)
                            "makeup", "mascara", "eyeshadow", "kohl", "lipstick", "liner", "rouge", "foundation",
                            "accent", "eye_makeup", "heavy_makeup"})
_COLOURS_BETWEEN = frozenset("black dark brown blue green grey gray purple red white gold silver blonde blond "
                              "winged smoky smudged".split())
_FULL_NOUNS = {"double_chin": 1.0, "jowls": 1.0}  # fullness nouns of their own ("a double chin")
_STRONG_DEGREE, _SOFT_DEGREE = 2.0, 0.5


# "heavy" is a body word only of the person ("a heavy man", "heavy-set", "she was heavy"); of any other noun it is
# that thing's ("heavy freckles", "a heavy coat", "a heavy smoker", "a heavy heart"): no fuller face.
_PERSON_HEADS = frozenset(PERSONS) | ROLES | LOOK_PERSONS
_BEFORE_PERSON = frozenset(PERSON_MODIFIERS) | frozenset(ANCESTRY) | {",", "and", "looking", "set", "built", "a",
                                                                      "bit", "little", "rather", "quite", "pretty"}
_PREDICATE_ENDS = frozenset({"", ",", ".", ";", "!", "?", ")", "and", "but", "or", "with", "who", "yet", "for"})
_BUILD_LABELS = frozenset({"build", "body", "physique", "figure", "weight", "bodytype", "type"})


def _heavy_of_person(words: list[str], i: int, factors: dict) -> bool:
    """Word i ("heavy") says the person is heavy: a person noun follows past the person's other adjectives ("a
    heavy old man", "a heavy, bearded man"), or it stands as the person's predicate ("she was heavy", "a man,
    heavy and bald", "Build: heavy")."""
    n, k = len(words), i + 1
    while k < n and k <= i + 5:
        if words[k] in _PERSON_HEADS:
            return True
        if not (words[k] in _BEFORE_PERSON or words[k] in factors or words[k].endswith("ed")):
            break
        k += 1
    if (words[i + 1] if i + 1 < n else "") not in _PREDICATE_ENDS:
        return False  # a noun of its own follows: "heavy freckles", "a heavy coat"
    j = i - 1
    while j >= 0 and (words[j] in factors or words[j] in ("a", "bit", "little", "rather", "quite", "pretty")):
        j -= 1
    if j < 0:
        return True  # "Heavy, bearded, 50s"
    if words[j] == ":":
        return j > 0 and words[j - 1] in _BUILD_LABELS
    if words[j] in COPULAS - {"with", "has", "have", "had"} or words[j] in (",", "and"):
        subject = words[j - 1] if j > 0 else ""
        # "her eyelids were heavy", "her eyes, heavy with sleep": the feature's weight, not the body's
        return not (subject in _FEATURE_NOUNS or subject in _CHEEK_NOUNS or subject in ("eyes", "heart", "head"))
    return False


def _degree_before(words: list[str], i: int, factors: dict) -> float | None:
    """The degree word(s) just before word i ("very", "a bit", "slightly"), or None; "not" before -> 0."""
    k, degree = i - 1, None
    while k >= 0 and (words[k] in factors or words[k] in ("a", "bit", "little")):
        if words[k] in factors:
            degree = (degree or 1.0) * factors[words[k]]
        elif words[k] == "bit" or (words[k] == "little" and k > 0 and words[k - 1] == "a"):
            degree = (degree or 1.0) * _SOFT_DEGREE
        k -= 1
    if k >= 0 and words[k] in ("not", "never", "no", "hardly", "barely", "nor", "not_very"):
        return 0.0
    return degree


_PREDICATE_LINKS = frozenset({"is", "are", "was", "were", "looked", "looks", "seemed", "seems", ":", ",",
                              "s", "still", "rather"})


def _said_of_feature(words: list[str], i: int, factors: dict) -> bool:
    """Word i is a predicate of a feature noun before it: "lips were very thin", "Lips: thin" (a few links back)."""
    k = i - 1
    while k >= 0 and i - k <= 4 and (words[k] in _PREDICATE_LINKS or words[k] in factors):
        k -= 1
    return k < i - 1 and k >= 0 and words[k] in _FEATURE_NOUNS


def read_fullness(words: list[str], factors: dict) -> dict:
    """Words (ParseResult tokens' `w`) and the degree words' factors (lexicon.DEGREE_FACTORS) -> {"value": "full" |
    "lean", "degree": factor} (+ "cheeks": "hollow" where hollow_cheeks.says_hollow) or {} where nothing says it.
    Opposite words ("a fat man with hollow cheeks") cancel to nothing; a denied word ("not fat") says nothing."""
    found: dict[str, float] = {}
    hollow = False  # "hollow cheeks", "gaunt": the cheek sinks (hollow_cheeks.py)
    n = len(words)
    for i, w in enumerate(words):
        after = words[i + 1] if i + 1 < n else ""
        if w == "double" and after == "chinned":  # "double-chinned"
            w = "double_chin"
        value = ("full" if w in FULL_WORDS or w in _FULL_NOUNS or _STRONG_BY_ITSELF.get(w) == "full"
                 or (w in _FULL_CHEEKS and after in ("cheeks", "cheeked")) else
                 "lean" if w in LEAN_WORDS or _STRONG_BY_ITSELF.get(w) == "lean" else None)
        if value is None:
            continue
        if after == "set" and w == "heavy":
            after = words[i + 2] if i + 2 < n else ""
        if w in _CHEEK_ONLY and after not in _CHEEK_NOUNS:
            continue
        k = i + 1
        while after in _COLOURS_BETWEEN and k + 1 < n:  # "heavy black eyeliner": the eyeliner's, past its colour
            k += 1
            after = words[k]
        if k > i + 1 and after.endswith("ed"):
            after = words[i + 1]  # "a skinny blue-eyed boy": a person's adjective ("blue-eyed") follows, not a feature
        if after in _FEATURE_NOUNS and w not in _FULL_NOUNS:
            continue  # "thin lips", "heavy brows", "a thin nose": the feature's, not the face's
        if _said_of_feature(words, i, factors):
            continue  # "her lips were very thin", "Lips: thin, pale", "his hair is thin": the feature's too
        if w == "moon" and after not in ("face", "faced"):
            continue
        if w == "heavy" and words[i + 1:i + 2] != ["set"] and not _heavy_of_person(words, i, factors):
            continue
        degree = _degree_before(words, i, factors)
        if degree == 0.0:
            continue
        if degree is None:
            degree = _STRONG_DEGREE if w in _STRONG_BY_ITSELF else 1.0
        found[value] = max(found.get(value, 0.0), float(min(max(degree, _SOFT_DEGREE), 2.5)))
        hollow = hollow or (value == "lean" and says_hollow(w, after))
    if len(found) != 1:
        return {}
    (value, degree), = found.items()
    return {"value": value, "degree": degree, **({"cheeks": "hollow"} if hollow and value == "lean" else {})}
