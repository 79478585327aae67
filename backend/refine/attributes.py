"""Do the concrete attributes still hold after refinement?  Measured with backend.measure.

For every shape attribute the prompt stated, the measured label of the refined head is compared with
the stated value and with the label before refinement.  The record goes into the refinement status.
"""
from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np


def check_attributes(model, identity_before, identity_after, expression, concrete: dict) -> dict[str, Any]:
    if importlib.util.find_spec("backend.measure") is None:
        return {"status": "not checked", "reason": "the measurement module (backend.measure) is not in this build"}
    from ..face_model import blend
    from ..measure import measure_labels

    expr = None if expression is None else np.asarray(expression, np.float32)[None]
    before = measure_labels(blend(model, np.asarray(identity_before, np.float32)[None], expr)[0], model)
    after = measure_labels(blend(model, np.asarray(identity_after, np.float32)[None], expr)[0], model)
    rows = {}
    for name, stated in sorted(concrete.items()):
        if name not in after:
            continue  # not a measurable (shape) attribute, e.g. skin tone or gender
        rows[name] = {"stated": stated, "before": before[name], "after": after[name],
                      "holds": after[name] == stated, "held_before": before[name] == stated}
    held_before = [r for r in rows.values() if r["held_before"]]
    kept = [r for r in held_before if r["holds"]]
    return {"status": "checked", "attributes": rows, "measured": len(rows),
            "held_before": len(held_before), "still_held": len(kept),
            "lost": sorted(n for n, r in rows.items() if r["held_before"] and not r["holds"])}
