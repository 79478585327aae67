"""Face fullness: the parser's body words (backend/parser/body.py read_fullness -> ParseResult.fullness) and the
identity offset along a measured soft-tissue direction (backend/shape/fullness.py)."""
import numpy as np
import pytest

from backend.parser import parse


# gaunt, hollow or sunken cheeks carry cheeks: hollow (parser f4141dd; shape/cheek_hollow.py draws it)
@pytest.mark.parametrize("prompt, want", [
    ("a very fat man with a double chin and chubby cheeks", {"value": "full", "degree": 2.0}),
    ("a fat man", {"value": "full", "degree": 1.0}),
    ("a slightly chubby woman", {"value": "full", "degree": 0.5}),
    ("an obese man", {"value": "full", "degree": 2.0}),
    ("a man with a double chin", {"value": "full", "degree": 1.0}),
    ("a heavyset man", {"value": "full", "degree": 1.0}),
    ("a gaunt man", {"value": "lean", "degree": 1.0, "cheeks": "hollow"}),
    ("an extremely thin woman with hollow cheeks", {"value": "lean", "degree": 2.5, "cheeks": "hollow"}),
    ("a skinny man with sunken cheeks", {"value": "lean", "degree": 1.0, "cheeks": "hollow"}),
    ("a double-chinned man", {"value": "full", "degree": 1.0}),
    ("a woman with full cheeks", {"value": "full", "degree": 1.0}),
    ("a woman with full lips and round eyes", {}),
    ("a man with thin lips and heavy eyebrows", {}),
    ("a woman, not fat", {}),
    ("a man", {}),
    ("a hollow-eyed man", {}),
])
def test_parser_reads_fullness(prompt, want):
    parsed = parse(prompt)
    assert parsed.fullness == want
    assert ("fullness" in parsed.to_dict()) == bool(want)


def test_bad_fullness_is_one_line():
    from backend.shape.fullness import FullnessError, check_fullness

    assert check_fullness({}) is None and check_fullness(None) is None
    for bad in ({"value": "huge"}, {"value": "full", "degree": 9}, {"value": "lean", "degree": "very"}):
        with pytest.raises(FullnessError) as exc:
            check_fullness(bad)
        assert "\n" not in str(exc.value)


def test_offset_moves_the_soft_tissue(face_model):
    from backend import measure as M
    from backend.shape.fullness import fullness_offset, fullness_score, population_stats

    assert population_stats(face_model)["r2"] > 0.9  # the score is a direction of the identity space
    assert fullness_offset(face_model, {}, {}) is None
    x = np.random.default_rng(0).standard_normal((16, 100)).astype(np.float32)
    base = fullness_score(face_model, x)
    full = fullness_score(face_model, x + fullness_offset(face_model, {"value": "full", "degree": 1.0}, {}))
    very = fullness_score(face_model, x + fullness_offset(face_model, {"value": "full", "degree": 2.0}, {}))
    lean = fullness_score(face_model, x + fullness_offset(face_model, {"value": "lean", "degree": 1.0}, {}))
    assert np.all(very > full) and np.all(full > base + 0.8) and np.all(lean < base - 0.8)
    # a stated face width keeps its measure: the offset has no component along it (to first order)
    kept = fullness_offset(face_model, {"value": "full", "degree": 2.0}, {"face_width": "narrow"})
    width = M.IDX["face_width"]
    z0 = M.measure(M.landmarks_for(face_model, x))[:, width]
    z1 = M.measure(M.landmarks_for(face_model, x + kept))[:, width]
    sd = M.population(face_model).std[width]
    assert np.abs(z1 - z0).mean() < 0.12 * sd and np.abs(z1 - z0).max() < 0.3 * sd  # first order: a residual
    assert fullness_score(face_model, x + kept).mean() > base.mean() + 1.0


def test_pipeline_draw_is_fuller_for_a_fat_man(face_model):
    from backend.shape import load_shape_model
    from backend.shape.fullness import fullness_score
    from backend.shape.request import shape_request

    shape = load_shape_model()

    def scores(prompt):
        parsed, out = parse(prompt), []
        for seed in range(6):
            drawn, offset, _ = shape_request(parsed, seed, face_model)
            out.append(shape.sample_identity(drawn, seed=seed, verify=face_model, offset=offset)[0])
        return fullness_score(face_model, np.stack(out))

    fat, man, gaunt = scores("a very fat man"), scores("a man"), scores("a gaunt man")
    assert np.all(fat > man) and np.all(gaunt < man)


def test_fullness_is_kept_in_head_json():
    from backend.io.sidecar import validate

    parsed = parse("a very fat man").to_dict()
    side = {"schema_version": 1, "prompt": "a very fat man", "seed": 0, "parsed": parsed,
            "identity": [0.0] * 100, "expression": {}, "texture": {"model": "parametric", "params": {}}}
    assert validate(side)["parsed"]["fullness"] == {"value": "full", "degree": 2.0}


def test_lean_offset_holds_the_stated_gender_and_age_scores(face_model):
    from backend import measure as M
    from backend.shape.fullness import fullness_offset, fullness_score

    x = np.random.default_rng(2).standard_normal((16, 100)).astype(np.float32)
    pop = M.population(face_model)

    def sc(v):
        z = pop.z(M.measure(M.landmarks_for(face_model, v)))
        return M.mean_terms(z, M.GENDER_TERMS), M.mean_terms(z, M.AGE_TERMS)

    g0, a0 = sc(x)
    unheld = fullness_offset(face_model, {"value": "lean", "degree": 2.5}, {})
    assert np.mean(sc(x + unheld)[0] - g0) < -0.5 and np.mean(sc(x + unheld)[1] - a0) < -1.0  # reads young, female
    d = fullness_offset(face_model, {"value": "lean", "degree": 2.5}, {"gender": "male", "age": "old"})
    g1, a1 = sc(x + d)
    assert np.abs(g1 - g0).mean() < 0.15 and np.abs(a1 - a0).mean() < 0.15  # held to first order
    assert np.abs(g1 - g0).max() < 0.3 and np.abs(a1 - a0).max() < 0.3
    assert np.all(fullness_score(face_model, x + d) < fullness_score(face_model, x) - 2.0)  # still as lean


@pytest.mark.parametrize("prompt", ["an emaciated old woman", "an extremely thin man with hollow cheeks",
                                    "a very thin old man"])
def test_strong_lean_prompts_meet_their_own_gender_and_age(face_model, prompt):
    from backend.measure import unmet
    from backend.shape import load_shape_model
    from backend.shape.request import shape_request

    parsed, shape = parse(prompt), load_shape_model()
    missed = []
    for seed in range(6):  # were 6/6 age, 5/6 gender and 6/6 misses
        drawn, offset, _ = shape_request(parsed, seed, face_model)
        x = shape.sample_identity(drawn, seed=seed, verify=face_model, offset=offset)[0]
        missed.append(unmet(face_model, x, parsed.concrete))
    assert sum(bool(m) for m in missed) <= 1, missed


def test_lean_offset_keeps_a_man_s_jaw_angle_and_lets_a_woman_s_narrow(face_model):
    from backend.shape.fullness import fullness_offset
    from backend.shape.gender_read import _geometry

    jaw = _geometry(face_model)["width"]["jaw_angle_width"][1]  # cm per coefficient
    lean = {"value": "lean", "degree": 2.5}
    man = fullness_offset(face_model, lean, {"gender": "male", "face_width": "narrow"})
    woman = fullness_offset(face_model, lean, {"gender": "female", "face_width": "narrow"})
    assert abs(float(jaw @ man)) < 0.01  # held: 4 of 20 such men read as women by their jaw angle
    assert float(jaw @ woman) < -0.05  # a thin woman's jaw narrows, the stated way
