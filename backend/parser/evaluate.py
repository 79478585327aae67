"""`python -m backend eval parser`: recall of expected attribute values and unexpected attributes
per prompt, on the shared dev set and on the parser's own test sets (or on --data files).  Lines
with a "strength" object ({attribute: factor}, {} for none) also score degree words: expected
factors recovered exactly, and factors reported that were not expected.  Lines whose "expect" holds "gestures"
({gesture: {"side": .., "degree": ..}}, {} for none; gestures.py) score those apart, on their own line: a gesture is
recovered when it is read with exactly the side and degree labelled; the attribute figures never count them."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import checks
from ..errors import TextFaceError

ROOT = Path(__file__).resolve().parents[2]
DEV_SET = ROOT.parent / "shared" / "eval" / "parser_dev.jsonl"
OWN_SET = ROOT / "tests" / "data" / "parser_cases.jsonl"
# Written after the rules in batches, each scored once before any fix (first 40: 95.3% recall,
# 0.000 unexpected per prompt; next 30: 97.0%, 0.067; the last 19, on beard colours and the mouth, written
# before those rules: 70.4% with the rules before them, 95.8% / 0.053 after, one label then corrected; the last 26,
# on screaming/yawning/singing, matching beards, denied grey hair, thin hair, object pronouns, "has gone grey" and
# a comma afterthought, written before those rules: 69.4% / 0.038 with the rules before, 100% / 0.000 after; two
# earlier lines then relabelled by the new rules: "thin white hair" is balding, "a screaming man" fear; the last 16,
# on the colours of two beard parts, pursed lips, teeth showing / bared / a toothy grin and terminal escape
# sequences, written before those rules: 65.2% / 0.125 with the rules before as first scored, 67.4% once one label
# was corrected (a white beard is gray in the schema), 100% / 0.000 after; one earlier line relabelled by the new
# rules: "thin pursed lips" is also a pout with the mouth closed; lines 132-206, 75 prompts in users' styles (casting
# calls, novel lines, NPC briefs, slang, typos, emoji, run-ons), written before any of session 11's rules: 93.4% /
# 0.027 with the rules before, 98.5% / 0.000 after; lines 207-230, 24 more (someone else's features, denials, toothy
# laughs), written after the first of those rules: 91.6% / 0.000 before theirs, 96.4% / 0.000 after; lines 231-242,
# 12 emoji prompts written before the emoji table: 55.0% / 0.000 before, 100% / 0.000 after; lines 243-261, 19
# general prompts written after all of session 11's rules and scored once: 98.8% / 0.000, the session's starting
# code 97.6%; lines 262-276, 15 prompts on today's rules (nose sizes, lipsticks, nationalities, slang, typos)
# written by another helper after those rules, not blind: 100% / 0.000 as written, one label then corrected ("gren
# eyes" are green): 97.9% before the typo rules that read it, 100% after), then used to find vocabulary gaps; kept as
# a regression set; lines 235-258, 24 on gestures (14 read, 10 that must not be: "a whistle-clean face", "a raised
# scar above one eyebrow"), written after gestures.py and after probing it, not blind: gesture recall 100% of 15 with
# 4 unexpected gestures on the code before, 0 after the fixes they found (tests/test_parser_gesture_misreadings.py);
# lines 277-288, 12 on wave 3's words (role nouns, bushy, hair made up, sheet cells, "at forty-five", a main clause
# after "When the girl ..."), written after those rules, not blind: 78.4% / 0.250 on the code before, 100% / 0.000.
# Lines re-labelled by newer rules are listed in backend/parser/README.md.
HOLDOUT_SET = ROOT / "tests" / "data" / "parser_holdout.jsonl"
# Degree words ("very wide nose" -> strength 2.0): 40 prompts written after the first strength rules and
# scored once before any fix (97.8% value recall, 97.4% strength recall, 0 unexpected strengths).
DEGREE_SET = ROOT / "tests" / "data" / "parser_degrees.jsonl"
# Casting-call and character-sheet phrasing (lists, slashes, form fields, shorthand, heights): 30 prompts
# written after the first casting rules and scored once before any fix (97.2% recall, 0.000 unexpected).
CASTING_SET = ROOT / "tests" / "data" / "parser_casting.jsonl"
# Novel-like passages about one person that also tell of others ("Children were afraid of him", "his mother was ..."):
# 11 written before subject.py, labelled with the described person's values only, scored once before any fix: 62.0%
# recall / 2.18 unexpected per prompt with the rules before (the last statement won, whoever it was about), 80.3% /
# 1.18 after (what is left: eye colours and ages the rules do not read, backstory words).
PASSAGE_SET = ROOT / "tests" / "data" / "parser_passages.jsonl"
# Six more passages (session 15) of the kinds fixed then (a subordinate clause's other person, kin with adjectives,
# "a startling green", "NAME was twenty-two", "looked older", "a shock of hair", "cut short at the jaw"), written
# after those rules, not blind, with new words: first scored 96.7% / 0.833 (two close-/wide-set eye labels were left
# out by the writer and then added; "His two elder brothers" then taught subject.py that "elder" is no person there).
PASSAGE_HOLDOUT_SET = ROOT / "tests" / "data" / "parser_passages_holdout.jsonl"


# Attributes the schema gained after the shared dev set was labelled (it is read-only, beside the
# repository), and what its labels state instead: a beard's colour as hair_color, nothing for the mouth's
# opening.  That set is scored in its own terms: the predicted beard colour counts as the hair colour where
# none is predicted, the mouth is not scored; the parser's own sets are labelled with today's schema.
# `python -m backend eval parser` prints which sets were scored so.
OLDER_TERMS: dict[str, str | None] = {"beard_color": "hair_color", "mouth": None}


# Rules newer than the shared dev set's labels, that give values of attributes it does label: its prompts were
# labelled before a nose's size words ("a big round nose" was labelled nose_width wide only; the size word now also
# says nose_length long, see sizes.py) and before nationalities were ancestries (demonyms.py).  These values are
# still counted as unexpected (nothing is hidden); `eval parser` says how many of its unexpected values they are,
# what the figure is without them, and names the rule beside each one it lists.
NEWER_RULES = ("nose size words", "nationalities")


def newer_rule(statement) -> str | None:
    """The rule of NEWER_RULES that made a statement, or None."""
    from .demonyms import DEMONYMS
    from .sizes import SIZE_WORDS

    word = statement.text.lower().replace(" ", "_").replace("-", "_")
    if statement.source == "nose" and statement.attr in ("nose_length", "nose_width") and word in SIZE_WORDS:
        return "nose size words"
    if statement.attr == "ancestry" and word in DEMONYMS:
        return "nationalities"
    return None


def from_newer_rules(text: str, values: dict[str, str]) -> dict[str, str]:
    """Of `values` predicted for `text`, those that only rules newer than the labels state: {attribute: rule}."""
    from .reader import read_statements

    made: dict[str, set] = {}
    for st in read_statements(text):
        if st.value is not None and values.get(st.attr) == st.value:
            made.setdefault(st.attr, set()).add(newer_rule(st))
    return {a: rules.pop() for a, rules in made.items() if len(rules) == 1 and None not in rules}


def in_older_terms(got: dict[str, str], terms: dict[str, str | None]) -> dict[str, str]:
    """A prediction restated in the terms of labels that predate some attributes (see OLDER_TERMS)."""
    out = dict(got)
    for new, old in terms.items():
        if new in out:
            value = out.pop(new)
            if old is not None:
                out.setdefault(old, value)
    return out


class EvalDataError(TextFaceError):
    """An evaluation file that is missing or malformed."""


@dataclass
class Score:
    name: str
    prompts: int = 0
    expected: int = 0
    recovered: int = 0
    unexpected: int = 0
    strength_prompts: int = 0
    strength_expected: int = 0
    strength_recovered: int = 0
    strength_unexpected: int = 0
    gesture_prompts: int = 0  # lines whose "expect" labels gestures ({} for none)
    gesture_expected: int = 0
    gesture_recovered: int = 0
    gesture_unexpected: int = 0  # gestures read on a labelled line that it does not list
    gestures_unlabelled: int = 0  # lines not labelled for gestures where some are read (not a score: a pointer)
    failures: list[dict] = field(default_factory=list)
    older_terms: dict[str, str | None] = field(default_factory=dict)
    newer_rules: tuple[str, ...] = ()
    unexpected_newer: int = 0  # of `unexpected`, the values only NEWER_RULES give (when newer_rules is set)
    # prompts with an abstract phrase repeating a word the code read (phrase_leaks.py), and those phrases
    phrase_repeats: int = 0
    repeated: list[dict] = field(default_factory=list)  # {"text", "phrases": {phrase: [read words]}}

    @property
    def strength_recall(self) -> float:
        return self.strength_recovered / self.strength_expected if self.strength_expected else 1.0

    @property
    def gesture_recall(self) -> float:
        return self.gesture_recovered / self.gesture_expected if self.gesture_expected else 1.0

    @property
    def recall(self) -> float:
        return self.recovered / self.expected if self.expected else 1.0

    @property
    def unexpected_per_prompt(self) -> float:
        return self.unexpected / self.prompts if self.prompts else 0.0

    def to_dict(self) -> dict:
        out = {"set": self.name, "prompts": self.prompts, "expected_values": self.expected,
               "recall": round(self.recall, 4), "unexpected_per_prompt": round(self.unexpected_per_prompt, 4)}
        if self.newer_rules:
            out.update(unexpected_from_newer_rules=self.unexpected_newer, unexpected_per_prompt_without_them=round(
                (self.unexpected - self.unexpected_newer) / self.prompts if self.prompts else 0.0, 4))
        out["phrase_repeats"] = self.phrase_repeats
        if self.strength_prompts:
            out.update(strength_prompts=self.strength_prompts, strength_expected=self.strength_expected,
                       strength_recall=round(self.strength_recall, 4), strength_unexpected=self.strength_unexpected)
        if self.gesture_prompts:
            out.update(gesture_prompts=self.gesture_prompts, gesture_expected=self.gesture_expected,
                       gesture_recall=round(self.gesture_recall, 4), gesture_unexpected=self.gesture_unexpected)
        out["gestures_on_unlabelled_prompts"] = self.gestures_unlabelled
        return out


def load_cases(path: Path) -> list[dict]:
    if not path.is_file():
        raise EvalDataError(f"evaluation file not found: {path}")
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalDataError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        if not isinstance(case, dict) or not isinstance(case.get("text"), str) or not isinstance(
                case.get("expect"), dict):
            raise EvalDataError(f"{path}:{n}: each line needs \"text\" (string) and \"expect\" (object)")
        if "strength" in case and not (isinstance(case["strength"], dict) and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in case["strength"].values())):
            raise EvalDataError(f"{path}:{n}: \"strength\" must be an object of attribute -> number")
        if "gestures" in case["expect"] and not (isinstance(case["expect"]["gestures"], dict) and all(
                isinstance(v, dict) for v in case["expect"]["gestures"].values())):
            raise EvalDataError(f"{path}:{n}: \"gestures\" must be an object of gesture -> object ({{}} for none)")
        cases.append(case)
    return cases


def score(name: str, cases: list[dict], older_terms: dict[str, str | None] | None = None,
          newer_rules: tuple[str, ...] = ()) -> Score:
    """Recall and unexpected attributes of the parser on `cases`; `older_terms` (e.g. OLDER_TERMS) for
    labels that predate some attributes, `newer_rules` (e.g. NEWER_RULES) for labels that predate some rules: the
    unexpected values only those rules give are counted, and also counted apart."""
    from . import ParseError, ParseResult, parse
    from .phrase_leaks import repeats

    s = Score(name, older_terms=dict(older_terms or {}), newer_rules=tuple(newer_rules))
    for case in cases:
        try:
            result = parse(case["text"])
        except ParseError as exc:  # a line the parser refuses (not English): nothing read, listed with its reason
            result = ParseResult(warnings=[f"refused: {exc}"])
        leaks = repeats(case["text"], result) if result.abstract else {}
        if leaks:
            s.phrase_repeats += 1
            s.repeated.append({"text": case["text"], "phrases": leaks})
        got = in_older_terms(result.concrete, s.older_terms)
        expect = {k: v for k, v in case["expect"].items() if k != "gestures"}  # scored apart, below
        s.prompts += 1
        s.expected += len(expect)
        hit = sum(got.get(k) == v for k, v in expect.items())
        extra = {k: v for k, v in got.items() if k not in expect}
        s.recovered += hit
        s.unexpected += len(extra)
        failure = {}
        if hit < len(expect) or extra:
            failure = {"missed": {k: [v, got.get(k)] for k, v in expect.items() if got.get(k) != v},
                       "unexpected": extra}
            newer = {a: r for a, r in from_newer_rules(case["text"], extra).items() if r in s.newer_rules} if (
                extra and s.newer_rules) else {}  # (extra is empty for a refused line)
            if newer:
                s.unexpected_newer += len(newer)
                failure["newer"] = newer
        if "strength" in case:
            want, have = case["strength"], result.strength
            s.strength_prompts += 1
            s.strength_expected += len(want)
            s.strength_recovered += sum(have.get(k) == v for k, v in want.items())
            s.strength_unexpected += sum(k not in want for k in have)
            if have != want:
                failure["strength"] = {"expected": want, "got": dict(have)}
        if "gestures" in case["expect"]:
            want, have = case["expect"]["gestures"], result.gestures
            s.gesture_prompts += 1
            s.gesture_expected += len(want)
            s.gesture_recovered += sum(have.get(k) == v for k, v in want.items())
            s.gesture_unexpected += sum(k not in want for k in have)
            if have != want:
                failure["gestures"] = {"expected": want, "got": dict(have)}
        elif result.gestures:
            s.gestures_unlabelled += 1
        if failure:
            failure.update({"refused": w for w in result.warnings[:1] if w.startswith("refused: ")})
            s.failures.append({"text": case["text"], "missed": failure.get("missed", {}),
                               "unexpected": failure.get("unexpected", {}), **{
                                   k: failure[k] for k in ("strength", "gestures", "newer", "refused") if k in failure}})
    return s


def main(argv: list[str] | None = None) -> int:
    p = checks.OptionParser(prog="python -m backend eval parser", description=__doc__.split("\n")[0])
    p.add_argument("--data", action="append", type=Path, default=None,
                   help="JSONL file(s) with {\"text\", \"expect\"} lines (default: dev, own, holdout, degree "
                        "and casting sets)")
    p.add_argument("--show-failures", action="store_true", help="list prompts with missed or unexpected values")
    p.add_argument("--json", dest="json_out", type=Path, default=None, help="also write the figures here")
    args = p.parse_args(argv)
    json_out = checks.json_out_path(args.json_out)  # before the run: its figures must not be lost at the end
    files = args.data or [DEV_SET, OWN_SET, HOLDOUT_SET, DEGREE_SET, CASTING_SET, PASSAGE_SET, PASSAGE_HOLDOUT_SET]
    sets = [(path, load_cases(path)) for path in files]  # every file read and checked before scoring
    results = []
    for path, cases in sets:
        dev = path.resolve() == DEV_SET.resolve()
        s = score(path.name, cases, OLDER_TERMS if dev else None, NEWER_RULES if dev else ())
        results.append(s)
        print(f"{s.name}: {s.prompts} prompts, {s.expected} expected values, recall {100 * s.recall:.1f}%, "
              f"unexpected attributes per prompt {s.unexpected_per_prompt:.3f}")
        if s.older_terms:
            print("  labels predate " + ", ".join(s.older_terms) + ": scored as " + ", ".join(
                f"{new} -> {old or 'not scored'}" for new, old in s.older_terms.items()))
        if s.newer_rules:
            print(f"  labels predate the rules for " + ", ".join(s.newer_rules) + f": {s.unexpected_newer} of its "
                  f"{s.unexpected} unexpected values come from them (counted above; named with --show-failures), "
                  f"{(s.unexpected - s.unexpected_newer) / max(s.prompts, 1):.3f} per prompt without them")
        print(f"  phrases repeating a read attribute: {s.phrase_repeats} of {s.prompts} prompts")
        for r in sorted(s.repeated, key=lambda r: -sum(map(len, r["phrases"].values())))[:5]:  # the worst first
            print(f"    {r['text'][:70]!r}: " + ", ".join(f"{p!r} repeats {', '.join(w)}" for p, w in r["phrases"].items()))
        if s.strength_prompts:
            print(f"  degree words: {s.strength_prompts} prompts, {s.strength_expected} expected strengths, "
                  f"recall {100 * s.strength_recall:.1f}%, unexpected strengths {s.strength_unexpected}")
        if s.gesture_prompts:
            print(f"  gestures: {s.gesture_prompts} prompts labelled, recall {100 * s.gesture_recall:.1f}% of "
                  f"{s.gesture_expected}, unexpected gestures {s.gesture_unexpected}")
        if s.gestures_unlabelled:
            print(f"  prompts not labelled for gestures where some are read: {s.gestures_unlabelled}")
        if args.show_failures:
            for f in s.failures:
                print(f"  - {f['text']}\n      missed {f['missed']} unexpected {f['unexpected']}"
                      + (f" strength {f['strength']}" if "strength" in f else "")
                      + (f" gestures {f['gestures']}" if "gestures" in f else "")
                      + (f" {f['refused']}" if "refused" in f else "")
                      + (" newer " + ", ".join(f"{a} ({r}, newer than the labels)" for a, r in f["newer"].items())
                         if "newer" in f else ""))
    if json_out:
        checks.write_json(json_out, [r.to_dict() for r in results], indent=1)
    return 0
