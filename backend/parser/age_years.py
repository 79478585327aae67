"""Age in years, `ParseResult.age_years`, beside the code's class (young < 35 <= middle-aged < 60 <= old): "a woman
in her thirties" is 35, "a 42-year-old" 42, "in his late forties" 48, "past fifty" 55 (age.py find_ages).  The class
alone cannot say it: "in her thirties" is young by the line at 35, and the texture would draw her at ~0.10 of its
age range, below its first signs of age (params version 15: from 30, full at 45).  None when only a class word
("an old man", "a teenager") was said: the texture draws from the class as before."""
from __future__ import annotations


def pick(ages: list[tuple[int, str, int]], concrete: dict, kept: set[int] | None = None) -> int | None:
    """(token, class, years) found in text order, the resolved code, the tokens of statements kept for the subject
    (None: all) -> the years of the last age said whose class is the code's age (the one the last-wins rule kept);
    None when the code's age came from elsewhere ("a 42-year-old who looks old": old, not 42)."""
    said = concrete.get("age")
    found = [years for pos, value, years in ages if value == said and (kept is None or pos in kept)]
    return found[-1] if found else None
