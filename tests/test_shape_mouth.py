"""`mouth` (closed, parted, open) replaces what the expression does with the lips' opening keys; measured at
the mouth's centre on generated heads (backend/shape/lips.py): closed = the head's neutral lips, parted = a
few mm with the incisors showing, open = about 2 cm, for every expression."""
from __future__ import annotations

import numpy as np
import pytest

from backend.face_model import blend
from backend.schema import BY_NAME, SchemaError
from backend.shape import PRESETS, ShapeModel, expression_weights
from backend.shape.expression import MOUTH, MOUTH_KEYS, SEAL
from backend.shape.lips import SEAL_TOLERANCE_MM, lip_rows, mouth_gap, sealing_keys

EXPRESSIONS = BY_NAME["expression"].values
CODES = ({"gender": "male"}, {"gender": "female"}, {"lip_thickness": "full"}, {"lip_thickness": "thin"},
         {"mouth_width": "wide"}, {"mouth_width": "narrow"}, {"chin": "prominent", "age": "old"})


def weights(names, **concrete) -> dict[str, float]:
    return {k: round(w, 6) for k, w in zip(names, expression_weights(concrete, names).tolist()) if w}  # (float32)


def test_every_value_has_keys_and_the_keys_are_the_models(face_model):
    assert set(MOUTH) == set(BY_NAME["mouth"].values)
    assert set(SEAL) <= set(EXPRESSIONS)
    names = set(face_model.expression_names)
    assert set(MOUTH_KEYS) <= names and all(set(k) <= set(MOUTH_KEYS) for k in MOUTH.values())


def test_lip_rows_run_round_the_inner_contour(face_model):
    upper, lower, upper_teeth, lower_teeth = lip_rows(face_model)
    v, lm = face_model.neutral, face_model.landmarks
    assert np.allclose(v[upper, 0], 0.0, atol=1e-4) and np.allclose(v[lower, 0], 0.0, atol=1e-4)
    assert upper[0] == lm[51] and lm[62] in upper and lower[0] == lm[57] and lm[66] in lower
    assert v[upper, 1].min() > v[lower, 1].max() - 0.05  # neutral lips about meet
    assert len(upper_teeth) and len(lower_teeth) and v[upper_teeth, 1].min() > v[lower_teeth, 1].min()


def test_figures_move_the_right_way(face_model):
    names = list(face_model.expression_names)
    v = face_model.neutral.astype(np.float64)
    rest = mouth_gap(face_model, v)
    jaw = np.zeros(len(names), np.float32)
    jaw[names.index("jawOpen")] = 0.3
    opened = mouth_gap(face_model, blend(face_model, None, jaw))
    assert opened["gap_mm"][0] > rest["gap_mm"][0] + 8 and opened["teeth_mm"][0] > 0
    assert rest["overlap_mm"][0] == 0.0
    upper, _, _, _ = lip_rows(face_model)
    through = v.copy()
    inner = upper[np.argmin(v[upper, 1])]
    through[inner, 1] -= 0.2  # the upper lip's lowest point 2 mm down into the lower lip
    got = mouth_gap(face_model, np.stack([v, through]))
    assert got["overlap_mm"][1] > 1.0 and got["gap_mm"][1] < rest["gap_mm"][0] - 1.5


def test_unstated_mouth_leaves_every_preset_as_it_was(face_model):
    """Heads without `mouth` get the expression's preset (its own jaw: surprise 0.35, laugh 0.3); a preset
    without opening keys also gets its seal's opening keys, so that its lips do not pass through each other."""
    names = list(face_model.expression_names)
    for e in EXPRESSIONS:
        want = dict(PRESETS[e])
        if not set(want) & set(MOUTH_KEYS):
            want.update({k: w for k, w in SEAL.get(e, {}).items() if k != "mouthClose"})
        assert weights(names, expression=e) == {k: pytest.approx(w) for k, w in want.items() if w}
        assert weights(names, expression=e, eyelids="closed")["eyeBlink_L"] == 1.0
    assert PRESETS["surprise"]["jawOpen"] == 0.35 and PRESETS["laugh"]["jawOpen"] == 0.3
    assert PRESETS["fear"]["jawOpen"] == 0.15
    assert weights(names, expression="frown")["mouthUpperUp_L"] == pytest.approx(SEAL["frown"]["mouthUpperUp_L"])
    assert "mouthClose" not in weights(names, expression="disgust")  # a sneer's parted lips are its look
    # the smile carries its seal in its own preset (a smiling head's weights are PRESETS["smile"])
    assert {k: PRESETS["smile"][k] for k in SEAL["smile"]} == SEAL["smile"]


def test_mouth_replaces_the_expressions_opening_keys(face_model):
    """"laughing with her mouth closed": the laugh's smile and narrowed eyes, no jaw; "surprised, lips parted":
    its raised brows and wide eyes with a small opening; eyelids and mouth together each replace their own."""
    names = list(face_model.expression_names)
    laugh = weights(names, expression="laugh")
    closed = weights(names, expression="laugh", mouth="closed")
    assert "jawOpen" in laugh and not set(closed) & set(MOUTH_KEYS) - set(SEAL["laugh"])
    assert closed == {**{k: w for k, w in laugh.items() if k not in MOUTH_KEYS}, **SEAL["laugh"]}
    surprise = weights(names, expression="surprise", mouth="parted")
    assert surprise["browInnerUp_L"] == 0.8 and surprise["eyeWide_L"] == 0.6 and "mouthFunnel" not in surprise
    assert surprise["jawOpen"] == MOUTH["parted"]["jawOpen"] < PRESETS["surprise"]["jawOpen"]
    opened = weights(names, expression="laugh", eyelids="closed", mouth="open")
    assert opened["jawOpen"] == MOUTH["open"]["jawOpen"] > laugh["jawOpen"]
    assert opened["eyeBlink_L"] == 1.0 and "eyeSquint_L" not in opened
    assert opened["mouthSmile_L"] == PRESETS["laugh"]["mouthSmile_L"]
    assert weights(names, mouth="closed") == {}  # the neutral face's lips
    # a seal adds to the value's opening: a frown's pressed lips are undone before they part
    frown = weights(names, expression="frown", mouth="parted")
    assert frown["mouthUpperUp_L"] == pytest.approx(SEAL["frown"]["mouthUpperUp_L"] + MOUTH["parted"]["mouthUpperUp_L"])
    assert frown["mouthFrown_L"] == PRESETS["frown"]["mouthFrown_L"]
    assert max(expression_weights({"expression": e, "mouth": "open"}, names)[names.index("jawOpen")]
               for e in EXPRESSIONS if e != "yawn") <= 0.7  # no absurd jaw
    assert expression_weights({"expression": "yawn", "mouth": "open"}, names)[names.index("jawOpen")] <= 0.8


def test_bad_values_say_mouth():
    with pytest.raises(SchemaError, match="mouth"):
        expression_weights({"mouth": "wide"}, ["jawOpen"])
    with pytest.raises(ValueError, match="'mouth': 'parted'.*absent from the model"):
        expression_weights({"mouth": "parted"}, ["jawOpen"])


def test_the_seal_table_is_what_the_model_measures(face_model):
    """SEAL holds, per expression, the key that brings the mean head's lips back to rest along the lip line
    once the opening keys are gone (a sneer's lifted upper lip, a smile's pressed lips)."""
    names = list(face_model.expression_names)
    for e in EXPRESSIONS:
        stripped = np.zeros(len(names))
        for k, w in PRESETS[e].items():
            if k not in MOUTH_KEYS:
                stripped[names.index(k)] = w
        got, want = sealing_keys(face_model, stripped), SEAL.get(e, {})
        assert set(got) == set(want) and all(abs(got[k] - want[k]) < 0.003 for k in got), (e, got, want)


@pytest.fixture(scope="module")
def heads(face_model):
    shape = ShapeModel.load()
    return np.concatenate([shape.sample_identity(c, seed=s) for c in CODES for s in (0, 1)])


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_gaps_on_generated_heads(face_model, heads, expression):
    """Every expression on 14 regressor heads: closed within 0.75 mm of the head's neutral lips, adding little
    overlap (< 0.4 mm; a pout presses the lips together: 0.31 mm, its own preset 0.28) where those do not
    overlap and < 0.8 mm where the model's own rest lips pass through each other; parted 3-8 mm with the
    incisors showing; open 15-30 mm."""
    names = face_model.expression_names
    rest = mouth_gap(face_model, blend(face_model, heads))
    clean = rest["overlap_mm"] == 0.0
    assert clean.sum() >= len(heads) // 2
    got = {}
    for value in BY_NAME["mouth"].values:
        w = expression_weights({"expression": expression, "mouth": value}, names)
        got[value] = mouth_gap(face_model, blend(face_model, heads, np.repeat(w[None], len(heads), 0)))
    closed, parted, open_ = got["closed"], got["parted"], got["open"]
    assert np.abs(closed["gap_mm"] - rest["gap_mm"]).max() < 0.75, closed["gap_mm"] - rest["gap_mm"]
    added = closed["overlap_mm"] - rest["overlap_mm"]
    assert added[clean].max() < 0.4 and added.max() < 0.8, added
    assert 3.0 < parted["gap_mm"].min() and parted["gap_mm"].max() < 8.0, parted["gap_mm"]
    assert np.median(parted["teeth_mm"]) > 2.0 and parted["overlap_mm"].max() == 0.0
    assert 15.0 < open_["gap_mm"].min() and open_["gap_mm"].max() < 30.0, open_["gap_mm"]
    assert open_["overlap_mm"].max() == 0.0


@pytest.mark.parametrize("expression", ["frown", "sad", "pout", "smirk"])
def test_unstated_mouths_lips_do_not_pass_through_each_other(face_model, heads, expression):
    """A frown's, a sad face's and a pout's raised chin pushed the lower lip up to 2.6 mm through the upper
    (lips.py's overlap on these heads); unstated, their lips now meet as the head's neutral lips do."""
    names = face_model.expression_names
    rest = mouth_gap(face_model, blend(face_model, heads))
    w = expression_weights({"expression": expression}, names)
    got = mouth_gap(face_model, blend(face_model, heads, np.repeat(w[None], len(heads), 0)))
    added = got["overlap_mm"] - rest["overlap_mm"]
    assert added[rest["overlap_mm"] == 0.0].max() < 0.4 and added.max() < 0.8, added
    assert np.abs(got["gap_mm"] - rest["gap_mm"]).max() < 0.75, got["gap_mm"] - rest["gap_mm"]


def test_the_generated_head_and_its_sidecar_carry_the_mouth(face_model):
    """Text -> head: "laughing with his mouth closed" is the laugh without its jaw, lips as at rest; the sidecar
    (and a refinement of it) keeps those weights."""
    from backend.pipeline import GenerateOptions, generate_head, refine_head

    opts = GenerateOptions(seed=1, refine=False, texture_size=256)
    head = generate_head("a laughing man with his mouth closed", opts)
    names = face_model.expression_names
    assert head.parsed["concrete"]["mouth"] == "closed"
    want = expression_weights({"expression": "laugh", "mouth": "closed"}, names)
    assert np.array_equal(head.expression, want) and not head.expression[names.index("jawOpen")]
    gap = mouth_gap(face_model, blend(face_model, np.stack([head.identity] * 2), np.stack([0 * want, want])))
    assert abs(gap["gap_mm"][1] - gap["gap_mm"][0]) < 0.75 and gap["overlap_mm"][1] <= gap["overlap_mm"][0] + 0.2
    refined = refine_head(head.sidecar(names), "kind eyes", opts)
    assert np.array_equal(refined.expression, want)


def test_eval_figures(face_model, heads):
    """`eval shape`'s mouth line: one entry per value, closed measured from the neutral lips, the goal met."""
    from backend.shape.evaluate import _mouth_ok, mouth_gaps

    got = mouth_gaps(face_model, heads)
    assert set(got["values"]) == set(BY_NAME["mouth"].values) and got["heads"] == len(heads)
    assert len(got["median_gap"]) == len(EXPRESSIONS) * 3
    assert abs(got["values"]["closed"]["gap_median"]) < 0.3 < got["values"]["parted"]["gap_min"]
    assert _mouth_ok(got["values"])
