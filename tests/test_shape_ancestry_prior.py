"""Ancestry shape priors (backend/shape/ancestry_prior.py, request.py): a stated ancestry draws unstated shape
attributes from broad shares; stated values win, denied values are never drawn, and heads with no ancestry are
the same bits as before."""
import hashlib

import numpy as np
import pytest

from backend.parser import parse
from backend.schema import BY_NAME
from backend.shape.ancestry_prior import GIVEN, implied_shape, with_ancestry


def _shares(ancestry, attr, seeds=600, **kw):
    got = [implied_shape({"ancestry": ancestry, **kw}, s).get(attr) for s in range(seeds)]
    values = BY_NAME[attr].values
    return {v: got.count(v) / seeds for v in values}


def test_no_ancestry_implies_nothing():
    concrete = {"gender": "female", "nose_width": "wide"}
    assert implied_shape(concrete, 3) == {}
    drawn, implied = with_ancestry(concrete, 3)
    assert drawn == concrete and implied == {}


def test_shares_lean_the_anthropometric_way_and_stay_broad():
    asian_bridge = _shares("east-asian", "nose_bridge")
    assert asian_bridge["low"] > 0.5 and asian_bridge["high"] < 0.1
    assert _shares("east-asian", "eye_tilt")["up"] > 0.45
    assert _shares("black", "nose_width")["wide"] > 0.5 and _shares("black", "lip_thickness")["full"] > 0.5
    assert _shares("white", "nose_width")["narrow"] > 0.25 and _shares("white", "nose_bridge")["high"] > 0.3
    assert _shares("middle-eastern", "nose_bridge")["high"] > 0.35
    for ancestry, attrs in GIVEN.items():  # broad: no value takes more than 70 %, every value keeps a chance
        for attr in attrs:
            shares = _shares(ancestry, attr)
            assert max(shares.values()) <= 0.75 and min(shares.values()) > 0.0, (ancestry, attr, shares)


def test_stated_value_wins_and_denied_is_never_drawn():
    for seed in range(300):
        assert "nose_bridge" not in implied_shape({"ancestry": "east-asian", "nose_bridge": "high"}, seed)
        got = implied_shape({"ancestry": "east-asian"}, seed, denied={"nose_bridge": ["low"]})
        assert got["nose_bridge"] != "low"
    # one stated attribute leaves the others' draws as they were (each attribute has its own draw)
    for seed in range(50):
        a = implied_shape({"ancestry": "black"}, seed)
        b = implied_shape({"ancestry": "black", "nose_width": "narrow"}, seed)
        assert {k: v for k, v in a.items() if k != "nose_width"} == b


def test_seeded_and_deterministic():
    assert [implied_shape({"ancestry": "south-asian"}, s) for s in range(20)] == \
           [implied_shape({"ancestry": "south-asian"}, s) for s in range(20)]
    assert len({str(implied_shape({"ancestry": "east-asian"}, s)) for s in range(20)}) > 5


# identity hashes of these prompts drawn by the code before the priors (sample_identity(parsed.concrete, verify))
OLD_HEADS = {("a woman with a wide nose", 3): "f2e86372b4459c9e", ("an old man", 6): "d5d939d4f1ef6102",
             ("a smiling young woman with full lips", 21): "729e0ff61762bfeb"}


def test_heads_without_ancestry_are_bit_identical(face_model):
    from backend.shape import load_shape_model
    from backend.shape.request import shape_request

    shape = load_shape_model()
    for (prompt, seed), digest in OLD_HEADS.items():
        parsed = parse(prompt)
        drawn, offset, record = shape_request(parsed, seed, face_model)
        assert drawn == parsed.concrete and offset is None and record == {}
        x = shape.sample_identity(drawn, seed=seed, n=1, verify=face_model, offset=offset,
                                  strength={a: f for a, f in parsed.strength.items() if a in parsed.concrete})
        assert hashlib.sha256(np.ascontiguousarray(x, np.float32).tobytes()).hexdigest()[:16] == digest


def test_the_prior_moves_the_mesh(face_model):
    """Same seeds with and without the prior: East Asian bridges lower, Black noses wider (landmark z-scores)."""
    from backend import measure as M
    from backend.shape import load_shape_model
    from backend.shape.request import shape_request

    shape, pop = load_shape_model(), M.population(face_model)

    def mean_z(prompt, measure, prior):
        parsed, zs = parse(prompt), []
        for seed in range(12):
            drawn = shape_request(parsed, seed, face_model)[0] if prior else parsed.concrete
            x = shape.sample_identity(drawn, seed=seed, verify=face_model)
            zs.append(pop.z(M.measure(M.landmarks_for(face_model, x)))[0, M.IDX[measure]])
        return float(np.mean(zs))

    assert parse("a Japanese woman").concrete.get("ancestry") == "east-asian"
    assert mean_z("a Japanese woman", "nose_bridge", True) < mean_z("a Japanese woman", "nose_bridge", False) - 0.3
    assert mean_z("a Nigerian man", "nose_width", True) > mean_z("a Nigerian man", "nose_width", False) + 0.3
    record = shape_request(parse("a Japanese woman"), 0, face_model)[2]
    assert set(record) == {"implied_shape"} and record["implied_shape"]


@pytest.mark.parametrize("ancestry", sorted(GIVEN))
def test_every_schema_ancestry_has_shares(ancestry):
    assert set(GIVEN) == set(BY_NAME["ancestry"].values)
    for attr, shares in GIVEN[ancestry].items():
        assert BY_NAME[attr].kind == "shape" and BY_NAME[attr].ordinal and len(shares) == 3
        assert abs(sum(shares) - 1.0) < 1e-9 and min(shares) >= 0.02
