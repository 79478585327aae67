"""Stated wrinkles, from the parser's abstract phrases, for the texture's age lines (params.py `wrinkles`).

The parser keeps "deeply wrinkled", "a lined face", "crow's feet" as phrases for CLIP (backend/parser/wrinkles.py says
the texture draws them by age; signs of age also imply old).  Said, they deepen the lines the age gives (params
version 12's wrinkle_depth, at least params.WRINKLES_STATED past youth).
"""
from __future__ import annotations

import re
from typing import Iterable

_SAID = re.compile(r"wrinkl|\blined\b|crow'?s[- ]?feet|crows_feet|\b(?:laugh|smile|frown|forehead|expression) ?lines\b"
                   r"|weather|craggy|wizened|leathery")


def stated_wrinkles(abstract: Iterable[str]) -> str | None:
    """"deep" where a phrase states wrinkles, else None."""
    return "deep" if any(_SAID.search(str(p).lower()) for p in abstract or ()) else None
