"""Hollow cheeks (backend/shape/cheek_hollow.py): the cheek's depth behind the cheekbone-jaw line and the identity
offset that deepens it for a lean face, and more where the cheeks are stated hollow."""

import numpy as np
import pytest

from backend.parser import parse

pytestmark = pytest.mark.usefixtures("face_model")


def test_depth_is_a_direction_and_the_mean_face_bulges(face_model):
    from backend.shape.cheek_hollow import hollow_mm, population_stats

    st = population_stats(face_model)
    assert st["r2"] > 0.99
    assert -4.0 < st["mean"] < -2.5 and 0.7 < st["sd"] < 1.5  # mm: N(0,1) cheeks bulge past the line
    assert hollow_mm(face_model, np.zeros(100)).shape == (1,)


def test_offset_hollows_the_cheek_and_holds_the_landmarks(face_model):
    from backend import measure as M
    from backend.shape.cheek_hollow import HOLLOW_MM, LEAN_MM, hollow_mm, hollow_offset
    from backend.shape.fullness import fullness_offset, fullness_score

    x = np.random.default_rng(1).standard_normal((16, 100)).astype(np.float32)
    pop = M.population(face_model)

    def z(x):
        return pop.z(M.measure(M.landmarks_for(face_model, x)))

    base = hollow_mm(face_model, x)
    for fullness, want in (({"value": "lean", "degree": 1.0}, LEAN_MM),
                           ({"value": "lean", "degree": 1.0, "cheeks": "hollow"}, HOLLOW_MM)):
        lean = fullness_offset(face_model, fullness, {})
        both = lean + hollow_offset(face_model, fullness, lean)
        got = hollow_mm(face_model, x + both) - base
        assert np.all(np.abs(got - want) < 0.3), got  # near linear: the asked mm on every head
        # the lean offset alone does not hollow the cheek (it fills it a little): what this module is for
        assert np.all(hollow_mm(face_model, x + lean) - base < 0.2)
        # the landmark measures (stated attributes, gender terms) and the fullness score are the lean offset's
        assert np.abs(z(x + both) - z(x + lean)).max() < 0.15
        assert np.abs(fullness_score(face_model, x + both) - fullness_score(face_model, x + lean)).max() < 0.1


def test_nothing_for_full_or_none_and_bad_cheeks_is_one_line(face_model):
    from backend.shape.cheek_hollow import hollow_offset
    from backend.shape.fullness import FullnessError

    assert hollow_offset(face_model, {}) is None and hollow_offset(face_model, None) is None
    assert hollow_offset(face_model, {"value": "full", "degree": 2.0}) is None
    with pytest.raises(FullnessError) as exc:
        hollow_offset(face_model, {"value": "lean", "degree": 1.0, "cheeks": "round"})
    assert "\n" not in str(exc.value)


def test_gaunt_heads_drawn_by_the_pipeline_have_hollower_cheeks(face_model):
    from backend.shape import load_shape_model
    from backend.shape.cheek_hollow import hollow_mm
    from backend.shape.request import shape_request

    shape = load_shape_model()

    def depth(parsed):
        out = []
        for seed in range(4):
            drawn, offset, _ = shape_request(parsed, seed, face_model)
            out.append(shape.sample_identity(drawn, seed=seed, verify=face_model, offset=offset)[0])
        return hollow_mm(face_model, np.stack(out))

    # "a thin man": a lean face without the hollow; the parser reads gaunt as hollow cheeks (fullness cheeks: hollow)
    man, thin = depth(parse("a man")), depth(parse("a thin man"))
    parsed = parse("a gaunt man with hollow cheeks")
    assert parsed.fullness.get("cheeks") == "hollow"
    hollow = depth(parsed)
    assert np.median(thin) >= np.median(man) + 0.8  # a lean offset deepens the cheek (it was fuller than "a man")
    assert np.all(hollow > thin + 1.5) and np.median(hollow) > 0.0  # behind the cheekbone-jaw line
