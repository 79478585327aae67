"""Parser speed: warm parse time per prompt (goal: <= 5 ms), cold first call, long input."""
from __future__ import annotations

import time

from ._report import Report

HELP = "text parser: warm and cold parse time per prompt"

PROMPTS = (
    "A young man with a round face, small brown eyes and a wide nose.",
    "old woman, grey hair, thin lips, looks exhausted",
    "She's in her late fifties with very pale skin, a few freckles, bushy brows and a button nose; no makeup.",
    "A chubby grandfather with a bulbous nose, a white mustache and rosy cheeks, like a villain from an old movie.",
    "tall guy 25yo, blonde hair blue eyes, not smiling, clean shaven, sharp jawline, high cheekbones",
    "a very wide nose, lips that are extremely thin, a slightly long face; his eyes aren't very big",
)


def add_arguments(p) -> None:
    pass


def run(args) -> int:
    from ..parser import parse

    report = Report("parser", args)
    t = time.perf_counter()
    parse(PROMPTS[0])
    report.add("cold first call (builds typo index)", [time.perf_counter() - t])
    for k, prompt in enumerate(PROMPTS):
        report.time(f"warm prompt {k} ({len(prompt)} chars)", lambda: parse(prompt), warmup=2)
    long_text = " ".join(PROMPTS * 7)[:2000]
    report.time("warm 2000-char prompt", lambda: parse(long_text), warmup=1)
    # one word as long as a prompt may be: typo correction must not grow with the word (it did as n^3)
    report.time("warm 2000-char single word", lambda: parse("a" * 2000), warmup=1)
    report.finish()
    return 0
