"""What the shape stage is drawn from, beyond the stated attributes: the ancestry's implied shape attributes
(ancestry_prior.py) and the stated face fullness's identity offset (fullness.py).  The pipeline calls
`shape_request`; with neither stated it returns the stated attributes as they are and no offset, so the head is
the same bits as before."""
from __future__ import annotations

from .ancestry_prior import with_ancestry
from .fullness import fullness_offset


def shape_request(parsed, seed: int, model) -> tuple[dict, object, dict]:
    """A ParseResult -> (attributes to draw the identity from, identity offset or None, what to add to head.json's
    `parsed`: {"implied_shape": {...}} where the ancestry implied some)."""
    concrete, implied = with_ancestry(parsed.concrete, seed, parsed.denied)
    offset = fullness_offset(model, getattr(parsed, "fullness", {}), parsed.concrete)
    return concrete, offset, ({"implied_shape": implied} if implied else {})
