"""Wrinkles, said as the texture draws them: its wrinkle depth follows age (backend/texture/parametric.py: the
skin's detail less age x wrinkle noise), and nothing else draws them.

"lots of wrinkles", "deeply wrinkled" already imply old (lexicon.AGE_SIGNS); "crow's feet" and "laugh lines" come
with smiling at any adult age and imply none.  A note says what each head gets: the wrinkles of its age, stated or
drawn from the seed.  The phrase stays for CLIP: where age is unstated, refinement may age the skin's texture
(backend/refine/texture.py frees its `age` field then), which deepens them; the shape keeps its age.
Before, they were phrases only, and without CLIP weights nothing said what became of them.
"""
from __future__ import annotations

import re

_WRINKLES = re.compile(r"wrinkl|crow'?s[- ]?feet|crows_feet|\b(?:laugh|smile|frown|forehead|expression) ?lines\b")


def note(concrete: dict, abstract: list[str]) -> str | None:
    said = [p for p in abstract if _WRINKLES.search(p.lower())]
    if not said:
        return None
    words = ", ".join(repr(p) for p in said[:3])
    age = concrete.get("age")
    if age:
        article = "an" if age[0] in "aeiou" else "a"
        return f"wrinkles ({words}): the texture draws wrinkles by age only, here those of {article} {age} face"
    return (f"wrinkles ({words}): the texture draws wrinkles by age only, and the age is unstated (drawn from the "
            "seed); CLIP refinement may deepen them by ageing the skin, not the shape")
