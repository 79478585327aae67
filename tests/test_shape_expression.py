"""Expression presets: ARKit names of the model, separate from identity."""
from __future__ import annotations

import numpy as np
import pytest

from backend.face_model import blend
from backend.schema import BY_NAME, SchemaError
from backend.shape import PRESETS, expression_weights
from backend.shape.expression import EYE_KEYS, EYELIDS


def test_every_schema_value_has_a_preset():
    assert set(PRESETS) == set(BY_NAME["expression"].values)
    assert set(EYELIDS) == set(BY_NAME["eyelids"].values)


def test_presets_use_the_model_names(face_model):
    names = face_model.expression_names
    assert not expression_weights({}, names).any()
    assert not expression_weights({"expression": "neutral"}, names).any()
    seen = []
    values = [v for v in BY_NAME["expression"].values if v != "neutral"]
    for value in values:
        w = expression_weights({"expression": value, "nose_width": "wide"}, names)
        assert w.shape == (53,) and w.dtype == np.float32 and 0 < w.max() <= 1
        seen.append(tuple(np.round(w, 3)))
    assert len(set(seen)) == len(values)  # distinct presets
    smile = expression_weights({"expression": "smile"}, names)
    assert smile[names.index("mouthSmile_L")] > 0 and smile[names.index("mouthSmile_R")] > 0


def test_bad_values_and_missing_names():
    with pytest.raises(SchemaError):
        expression_weights({"expression": "smirking"}, ["a"])
    with pytest.raises(SchemaError):
        expression_weights({"eyelids": "half"}, ["a"])
    with pytest.raises(ValueError, match="absent from the model"):
        expression_weights({"expression": "smile"}, ["jawOpen"])


def test_eyelids_replace_the_expressions_eye_keys(face_model):
    """'laughing with his eyes closed': the laugh's mouth and cheeks, closed lids instead of its narrowed
    eyes (a blink on top of a squint would not be a closed eye); a wink closes one eye only."""
    names = list(face_model.expression_names)
    w = lambda **c: dict(zip(names, expression_weights(c, names).tolist()))  # noqa: E731
    laugh, closed = w(expression="laugh"), w(expression="laugh", eyelids="closed")
    assert laugh["eyeSquint_L"] > 0 and laugh["jawOpen"] > 0
    assert closed["eyeBlink_L"] == closed["eyeBlink_R"] == 1.0 and closed["eyeSquint_L"] == 0.0
    assert all(closed[k] == v for k, v in laugh.items() if k not in EYE_KEYS)
    wink = w(eyelids="wink")
    assert wink["eyeBlink_L"] == 1.0 and wink["eyeBlink_R"] == 0.0
    assert w(expression="surprise", eyelids="open")["eyeWide_L"] == 0.0  # "open" clears the preset's lids
    assert w(eyelids="wide")["eyeWide_R"] > 0 and w(eyelids="squint")["eyeSquint_R"] > 0
    smirk = w(expression="smirk")
    assert smirk["mouthSmile_L"] > 0 and smirk["mouthSmile_R"] == 0.0  # one-sided
    sad, frown = w(expression="sad"), w(expression="frown")
    assert sad["browInnerUp_L"] > frown["browInnerUp_L"] and sad["browDown_L"] == 0 < frown["browDown_L"]


def test_more_expressions_leave_the_trained_codes_as_they_were():
    """The regressor's code and the StyleGAN label are as wide as their own attributes' values: the
    schema's MAX_OPTIONS grew with the expressions (6 -> 11 -> 13), the committed weights' inputs did not."""
    from backend.schema import MAX_OPTIONS
    from backend.shape.code import CODE_DIM, N_ATTR
    from backend.texture.stylegan.labels import LABEL_ATTRIBUTES, LABEL_DIM

    assert MAX_OPTIONS == 13
    assert CODE_DIM == N_ATTR * 6 + N_ATTR == 98
    assert LABEL_DIM == len(LABEL_ATTRIBUTES) * 7 == 70


def test_heavy_lids_lower_the_upper_lids_and_leave_the_irises_showing(face_model):
    """'looks tired': the upper lids half lowered, both alike, whatever the mouth does; measured from the
    front on N(0,1) heads, the lids cover part of each head's irises but never close them."""
    from backend.shape.lids import lid_check

    names = list(face_model.expression_names)
    w = lambda **c: dict(zip(names, expression_weights(c, names).tolist()))  # noqa: E731
    heavy, laugh = w(eyelids="heavy"), w(expression="laugh", eyelids="heavy")
    assert 0.0 < heavy["eyeBlink_L"] == heavy["eyeBlink_R"] < 0.5
    assert laugh["jawOpen"] > 0 and laugh["mouthSmile_L"] > 0 and laugh["eyeSquint_L"] == 0.0
    assert laugh["eyeBlink_L"] == heavy["eyeBlink_L"]
    heads = np.random.default_rng(0).standard_normal((12, face_model.identity_basis.shape[0])).astype(np.float32)
    check = lid_check(face_model)
    open_, lowered = check.iris_shown(heads), check.iris_shown(heads, expression_weights({"eyelids": "heavy"}, names))
    share = lowered / open_
    assert (open_ > 50).all() and (share > 0.3).all() and (share < 0.9).all() and share.mean() < 0.75, share


def test_screaming_and_shouting_stretch_the_mouth_and_bare_the_teeth(face_model):
    """'a screaming man' (fear + open) and 'a man shouting' (anger + open) on N(0,1) heads, against the plain
    open mouth and 'surprised, mouth open': the corners pulled wide apart, the upper lip drawn up off the
    incisors, and the brows drawn together (a scream) or down (a shout).  Before the open looks, fear + open
    was the surprised O with wide eyes (corners 6.5 mm wider than the open mouth's, the teeth no more shown)."""
    from backend.shape.lips import lip_rows

    names = list(face_model.expression_names)
    heads = np.random.default_rng(0).standard_normal((12, face_model.identity_basis.shape[0])).astype(np.float32)
    upper, _, upper_teeth, _ = lip_rows(face_model)

    def figures(**concrete):
        w = expression_weights(concrete, names)
        v = blend(face_model, heads, np.repeat(w[None], len(heads), 0))
        lm = v[:, face_model.landmarks]
        return {"width": np.linalg.norm(lm[:, 48] - lm[:, 54], axis=1) * 10,  # mm between the mouth corners
                "teeth": (v[:, upper, 1].min(1) - v[:, upper_teeth, 1].min(1)) * 10,  # upper lip above the edge
                "brows": np.linalg.norm(lm[:, 21] - lm[:, 22], axis=1) * 10,  # inner brow ends apart
                "brow_height": (lm[:, [19, 24], 1].mean(1) - lm[:, [37, 44], 1].mean(1)) * 10}

    opened, surprised = figures(mouth="open"), figures(expression="surprise", mouth="open")
    scream, shout = figures(expression="fear", mouth="open"), figures(expression="anger", mouth="open")
    assert (scream["width"] > opened["width"] + 10).all() and (shout["width"] > opened["width"] + 8).all()
    assert (scream["teeth"] > opened["teeth"] + 5).all() and (shout["teeth"] > opened["teeth"] + 8).all()
    assert (scream["brows"] < surprised["brows"] - 2).all()
    assert (shout["brow_height"] < opened["brow_height"] - 3).all() and (shout["brows"] < opened["brows"] - 3).all()
    # a surprised open mouth stays the round O of surprise
    assert np.median(surprised["width"]) < np.median(opened["width"]) + 1


def test_an_open_look_keeps_stated_eyelids():
    names = ["eyeWide_L", "eyeWide_R", "eyeBlink_L", "eyeBlink_R", "jawOpen", "mouthStretch_L", "mouthStretch_R",
             "mouthUpperUp_L", "mouthUpperUp_R", "mouthLowerDown_L", "mouthLowerDown_R", "browInnerUp_L",
             "browInnerUp_R", "browDown_L", "browDown_R", "noseSneer_L", "noseSneer_R"]
    w = dict(zip(names, expression_weights({"expression": "fear", "mouth": "open", "eyelids": "closed"}, names)))
    assert w["eyeBlink_L"] == w["eyeBlink_R"] == 1.0 and w["eyeWide_L"] == 0.0 and w["mouthStretch_L"] > 0.5


def test_a_sad_face_lowers_its_lids_as_far_as_heavy_lids(face_model):
    """'a sad woman': inner brows up, corners down and the upper lids lowered about as far as heavy lids
    ('looks tired') on N(0,1) heads: the irises part covered (median share shown < 0.75; before, the sad face's
    lids left 80 % showing and most heads read as neutral), never near closed (> 0.4 of every iris)."""
    from backend.shape.lids import lid_check

    names = list(face_model.expression_names)
    heads = np.random.default_rng(0).standard_normal((12, face_model.identity_basis.shape[0])).astype(np.float32)
    check = lid_check(face_model)
    share = check.iris_shown(heads, expression_weights({"expression": "sad"}, names)) / check.iris_shown(heads)
    assert np.median(share) < 0.75 and share.min() > 0.4, share
