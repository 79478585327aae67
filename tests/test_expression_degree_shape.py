"""An expression as strong as its words (backend/shape/expression_degree.py, expression_degree_goal.py)."""
import numpy as np
import pytest

from backend.shape.expression import MOUTH_KEYS, PRESETS, SEAL, expression_weights, preset
from backend.shape.expression_degree import GRADED, STRONG, STRONG_SEAL, WEAK_SHARE, graded
from backend.shape.expression_degree_goal import ANGER_BROWS_MM, ANGER_LIP_MM, expression_degree, goals
from backend.shape.lips import sealing_keys
from backend.shape.model import ShapeModel
from backend.schema import BY_NAME

EXPRESSIONS = [e for e in BY_NAME["expression"].values if e != "neutral"]


def test_weak_is_a_share_of_the_preset_and_its_seal():
    for e in EXPRESSIONS:
        own, seal = graded(e, 0.5, PRESETS, SEAL)
        assert own == pytest.approx({k: WEAK_SHARE * w for k, w in PRESETS[e].items()})
        assert seal == pytest.approx({k: WEAK_SHARE * w for k, w in SEAL.get(e, {}).items()})
    own, _ = graded("anger", 0.75, PRESETS, SEAL)  # halfway between the softest word and none
    assert own["browDown_L"] == pytest.approx(0.75 * PRESETS["anger"]["browDown_L"])


def test_plain_is_the_preset_and_strong_the_strong_version():
    for e in EXPRESSIONS:
        assert graded(e, 1.0, PRESETS, SEAL) == (dict(PRESETS[e]), dict(SEAL.get(e, {})))
    for e in GRADED:
        for f in (2.0, 2.5):  # "very" / "furious" and "extremely": the strong version, no further
            own, seal = graded(e, f, PRESETS, SEAL)
            assert own == pytest.approx(dict(STRONG[e])) and seal == pytest.approx(dict(STRONG_SEAL[e]))
    # no strong version: the preset as it is
    assert graded("frown", 2.0, PRESETS, SEAL) == (dict(PRESETS["frown"]), dict(SEAL["frown"]))


def test_strong_anger_adds_the_snarl():
    plain, strong = PRESETS["anger"], STRONG["anger"]
    assert set(plain) <= set(strong)
    assert all(strong[k] >= plain[k] for k in plain if k != "mouthFrown_L" and k != "mouthFrown_R")
    for k in ("browDown_L", "noseSneer_R", "mouthUpperUp_L", "mouthStretch_R", "jawOpen", "eyeSquint_L"):
        assert strong[k] > 0
    assert strong["browDown_L"] == 1.0 and strong["eyeSquint_L"] > plain["eyeSquint_L"]


@pytest.mark.parametrize("degree", [0.5, 0.75, 1.0, 1.5, 2.0, 2.5])
def test_every_weight_at_most_one(degree):
    for e in EXPRESSIONS:
        for extra in ({}, {"mouth": "closed"}, {"mouth": "parted"}, {"mouth": "open"}, {"eyelids": "wide"}):
            assert max(preset({"expression": e, **extra}, degree).values(), default=0.0) <= 1.0


def test_stated_lids_and_the_open_looks_are_not_scaled():
    weak = preset({"expression": "anger", "eyelids": "closed"}, 0.5)
    assert weak["eyeBlink_L"] == 1.0 and weak["browDown_L"] == pytest.approx(0.5)
    shout = preset({"expression": "anger", "mouth": "open"}, 1.0)
    assert preset({"expression": "anger", "mouth": "open"}, 0.5) == shout == preset(
        {"expression": "anger", "mouth": "open"}, 2.0)


def test_expression_weights_take_the_degree(face_model):
    names = face_model.expression_names
    plain = expression_weights({"expression": "anger"}, names)
    assert np.array_equal(plain, expression_weights({"expression": "anger"}, names, 1.0))
    weak, strong = (expression_weights({"expression": "anger"}, names, f) for f in (0.5, 2.0))
    i = list(names).index("browDown_L")
    assert weak[i] < plain[i] <= strong[i]
    j = list(names).index("mouthStretch_L")
    assert weak[j] < plain[j] < strong[j]


def test_the_strong_seal_table_is_what_the_model_measures(face_model):
    """STRONG_SEAL holds what SEAL holds for PRESETS: the key that brings the mean head's lips back to rest along the
    lip line once STRONG's opening keys are gone."""
    names = list(face_model.expression_names)
    for e in GRADED:
        stripped = np.zeros(len(names))
        for k, w in STRONG[e].items():
            if k not in MOUTH_KEYS:
                stripped[names.index(k)] = w
        got, want = sealing_keys(face_model, stripped), STRONG_SEAL[e]
        assert set(got) == set(want) and all(abs(got[k] - want[k]) < 0.003 for k in got), (e, got, want)


@pytest.fixture(scope="module")
def figures(face_model):
    shape = ShapeModel.load()
    heads = np.concatenate([shape.sample_identity({}, seed=s) for s in range(6)]
                           + [shape.sample_identity({"gender": "female", "face_width": "narrow"}, seed=7)])
    return expression_degree(face_model, heads)


def test_weak_plain_strong_in_order_on_every_head(figures):
    for e, measures in figures["expressions"].items():
        for name, m in measures.items():
            assert m["ordered_share"] == 1.0, (e, name, m)


def test_plain_anger_reads(figures):
    """Before: the brows 3.0 mm down and the upper lip 2.9 mm up (eval shape's heads): a wince, not anger."""
    a = figures["expressions"]["anger"]
    assert a["brows_down_mm"]["1"]["min"] > ANGER_BROWS_MM
    assert a["upper_lip_up_mm"]["1"]["min"] > ANGER_LIP_MM
    assert a["brows_down_mm"]["2"]["min"] > a["brows_down_mm"]["1"]["max"]


def test_lip_line_at_every_strength(figures):
    assert figures["lip_line_missed"] == [] and figures["max_weight"] <= 1.0
    assert all(goals(figures).values())


def test_the_pipeline_makes_the_face_as_strong_as_the_words(face_model):
    from backend.pipeline import GenerateOptions, generate_head

    opts = GenerateOptions(seed=1, refine=False, texture_size=256, hair="none")
    head = generate_head("a furious man", opts)
    assert head.parsed["strength"] == {"expression": 2.0}
    want = expression_weights({"expression": "anger"}, face_model.expression_names, 2.0)
    assert np.allclose(head.expression, want)
    assert not np.allclose(head.expression, expression_weights({"expression": "anger"}, face_model.expression_names))
