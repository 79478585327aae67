"""Keeping stated attributes after refinement: back-off of the identity change (fake labeller)."""
from __future__ import annotations

import numpy as np


def _labeller(threshold: float):
    """'wide' nose while coefficient 0 stays above threshold; 'long' face from coefficient 1 > 0."""
    calls = []

    def labels(identity):
        calls.append(np.array(identity))
        return {"nose_width": "wide" if identity[0] > threshold else "medium",
                "face_shape": "long" if identity[1] > 0 else "oval"}

    return labels, calls


def test_full_change_kept_when_attributes_hold():
    from backend.refine.attributes import keep_attributes

    labels, _ = _labeller(0.5)
    start = np.zeros(100, np.float32)
    start[0] = 1.0
    refined = start.copy()
    refined[0], refined[5] = 0.8, 0.3
    out, rec = keep_attributes(start, refined, {"nose_width": "wide", "skin_tone": "fair"}, labels)
    np.testing.assert_allclose(out, refined)
    assert rec["change_scale"] == 1.0 and rec["lost_at_full_change"] == []
    assert rec["measured"] == 1 and rec["held_before"] == 1 and rec["still_held"] == 1
    assert rec["attributes"]["nose_width"] == {"stated": "wide", "before": "wide", "after": "wide", "holds": True}


def test_change_scaled_back_until_attribute_holds():
    from backend.refine.attributes import keep_attributes

    labels, _ = _labeller(0.5)
    start = np.zeros(100, np.float32)
    start[0] = 1.0
    refined = start.copy()
    refined[0] = -0.2  # full change: 1.0 -> -0.2 loses "wide"; at 1/4 it is 0.7, at 1/2 it is 0.4
    out, rec = keep_attributes(start, refined, {"nose_width": "wide"}, labels)
    assert rec["lost_at_full_change"] == ["nose_width"] and rec["change_scale"] == 0.25
    assert out[0] == np.float32(1.0 + 0.25 * -1.2) and rec["still_held"] == 1


def test_attribute_not_shown_at_start_does_not_block():
    from backend.refine.attributes import keep_attributes

    labels, _ = _labeller(0.5)
    start = np.zeros(100, np.float32)  # nose is "medium" although "wide" was stated
    refined = start.copy()
    refined[1] = 0.5
    out, rec = keep_attributes(start, refined, {"nose_width": "wide", "face_shape": "oval"}, labels)
    # face_shape "oval" held at the start and is lost by the change (-> long): fully scaled back
    assert rec["held_before"] == 1 and rec["lost_at_full_change"] == ["face_shape"]
    assert rec["change_scale"] == 0.0 and np.array_equal(out, start)
    assert rec["attributes"]["nose_width"]["holds"] is False


def test_closed_lids_that_covered_the_eyes_keep_covering_them():
    """Unstated, but kept: a change that pushes the eyeballs through the closed lids is scaled back."""
    from backend.refine.attributes import keep_attributes

    def labels(identity):
        return {"nose_width": "wide", "closed_lids": "covered" if identity[3] < 0.6 else "showing"}

    start = np.zeros(100, np.float32)
    refined = start.copy()
    refined[3] = 1.0  # covered up to 1/2 of the change
    out, rec = keep_attributes(start, refined, {"nose_width": "wide"}, labels)
    assert rec["change_scale"] == 0.5 and rec["lost_at_full_change"] == ["closed_lids"]
    assert rec["closed_lids"] == {"before": "covered", "after": "covered"}
    assert rec["held_before"] == rec["still_held"] == 1  # the stated attributes only
    # a head whose lids never covered its eyes does not block the change
    out, rec = keep_attributes(start + 0.7 * np.eye(100, dtype=np.float32)[3], refined, {}, labels)
    assert rec["change_scale"] == 1.0 and rec["closed_lids"] == {"before": "showing", "after": "showing"}
