"""Expression presets: ARKit names of the model, separate from identity."""
from __future__ import annotations

import numpy as np
import pytest

from backend.schema import BY_NAME, SchemaError
from backend.shape import PRESETS, expression_weights


def test_every_schema_value_has_a_preset():
    assert set(PRESETS) == set(BY_NAME["expression"].values)


def test_presets_use_the_model_names(face_model):
    names = face_model.expression_names
    assert not expression_weights({}, names).any()
    assert not expression_weights({"expression": "neutral"}, names).any()
    seen = []
    for value in ("smile", "frown", "surprise", "anger"):
        w = expression_weights({"expression": value, "nose_width": "wide"}, names)
        assert w.shape == (53,) and w.dtype == np.float32 and 0 < w.max() <= 1
        seen.append(tuple(np.nonzero(w)[0]))
    assert len(set(seen)) == 4  # four distinct presets
    smile = expression_weights({"expression": "smile"}, names)
    assert smile[names.index("mouthSmile_L")] > 0 and smile[names.index("mouthSmile_R")] > 0


def test_bad_values_and_missing_names():
    with pytest.raises(SchemaError):
        expression_weights({"expression": "smirk"}, ["a"])
    with pytest.raises(ValueError, match="absent from the model"):
        expression_weights({"expression": "smile"}, ["jawOpen"])
