"""Concrete attributes after refinement: measured, and kept.

Every shape attribute (schema kind "shape") the prompt stated and the start head shows (measured with backend.measure) must
still show after refinement.  If the refined identity loses one, the change is scaled back
(1, 3/4, 1/2, 1/4, 0 of it) until all hold again; the record says which scale was used and what would
have been lost at the full change.  So must the start head's closed lids covering its eyes
(backend/shape/lids.py), stated or not: a refined identity must not push the eyeballs through them.
"""
from __future__ import annotations

import importlib.util
from typing import Any, Callable, Mapping

import numpy as np

BACKOFF = (1.0, 0.75, 0.5, 0.25, 0.0)
Labeller = Callable[[np.ndarray], dict]  # identity (100,) -> {attribute: measured value}
LIDS = "closed_lids"  # a labeller's extra label: "covered" or "showing" (kept when the start is covered)


def measurement_available() -> bool:
    return importlib.util.find_spec("backend.measure") is not None


NOT_CHECKED = {"status": "not checked", "reason": "the measurement module (backend.measure) is not in this build"}


def face_labeller(model, expression) -> Labeller:
    """Measured attribute labels of the head with this identity (and the head's fixed expression)."""
    from ..face_model import blend
    from ..measure import measure_labels

    from ..shape.lids import lid_check

    expr = None if expression is None else np.asarray(expression, np.float32)[None]
    lids = lid_check(model)

    def labels(identity: np.ndarray) -> dict:
        # against heads making the same expression, as generation checks them (backend/measure.py)
        vertices = blend(model, np.asarray(identity, np.float32)[None], expr)[0]
        out = measure_labels(vertices, model, None if expr is None else expr[0])
        shown = lids.shown(np.asarray(identity, np.float32)[None], None if expr is None else expr[0])[0]
        out[LIDS] = "covered" if shown == 0 else "showing"
        return out

    return labels


def keep_attributes(start: np.ndarray, refined: np.ndarray, stated: Mapping[str, str],
                    labels: Labeller) -> tuple[np.ndarray, dict[str, Any]]:
    """(identity to use, record).  Only attributes the labeller measures are considered."""
    from ..schema import SHAPE_ATTRIBUTES

    # shape attributes only: gender and age are measured through weak shape proxies (see measure.py)
    stated = {n: v for n, v in stated.items() if n in SHAPE_ATTRIBUTES}
    start = np.asarray(start, np.float32)
    delta = np.asarray(refined, np.float32) - start
    before = labels(start)
    held = {n: v for n, v in stated.items() if n in before and before[n] == v}  # stated and shown
    wanted = dict(held, **({LIDS: "covered"} if before.get(LIDS) == "covered" else {}))
    measured = {n: v for n, v in stated.items() if n in before}
    full = labels(start + delta)
    lost_full = sorted(n for n, v in wanted.items() if full[n] != v)
    chosen, after = 0.0, before
    for scale in BACKOFF:
        now = full if scale == 1.0 else labels(start + scale * delta)
        if all(now[n] == v for n, v in wanted.items()):
            chosen, after = scale, now
            break
    rows = {n: {"stated": v, "before": before[n], "after": after[n], "holds": after[n] == v}
            for n, v in sorted(measured.items())}
    record = {"status": "checked", "measured": len(measured), "held_before": len(held),
              "still_held": sum(after[n] == v for n, v in held.items()),
              "change_scale": chosen, "lost_at_full_change": lost_full, "attributes": rows}
    if LIDS in before:
        record[LIDS] = {"before": before[LIDS], "after": after[LIDS]}
    return start + chosen * delta, record
