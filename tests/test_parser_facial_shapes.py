"""Beard length, mustache shape and eyebrow colour: read by the parser as `facial_hair` (backend/parser/facial_shapes.py)
beside the code, and drawn by the texture params of version 11 (backend/texture/params.py `_shapes`)."""
import json

import pytest

from backend.parser import parse
from backend.texture.params import params_from_code

SEEDS = range(8)


@pytest.mark.parametrize("text, value", [
    ("a long beard", "long"), ("a long white beard", "long"), ("an old man with a long, flowing beard", "long"),
    ("a wizard-like beard", "long"), ("a beard down to his chest", "long"), ("his beard is long", "long"),
    ("a short beard", "short"), ("a neatly trimmed beard", "short"), ("a close-cropped beard", "short"),
])
def test_beard_length(text, value):
    r = parse(text)
    assert r.concrete["beard"] == "full"
    assert r.facial_hair.get("beard_length") == value
    assert json.loads(r.to_json())["facial_hair"]["beard_length"] == value


@pytest.mark.parametrize("text, value", [
    ("a thin mustache", "thin"), ("a pencil mustache", "thin"), ("a pencil-thin moustache", "thin"),
    ("a thick mustache", "thick"), ("a bushy mustache", "thick"), ("a walrus mustache", "thick"),
    ("a handlebar mustache", "thick"),
])
def test_mustache_shape(text, value):
    r = parse(text)
    assert r.concrete["beard"] == "mustache"
    assert r.facial_hair == {"mustache": value}


@pytest.mark.parametrize("text, value", [
    ("a woman with dark eyebrows", "black"), ("blond brows", "blond"), ("grey eyebrows", "gray"),
    ("a man with red brows", "red"), ("a man with black eyebrows", "black"),
])
def test_brow_colour_is_the_brows(text, value):
    r = parse(text)
    assert r.facial_hair.get("brow_color") == value
    assert "hair_color" not in r.concrete and "beard_color" not in r.concrete
    assert not any("nothing in the description" in w for w in r.warnings)


def test_blond_hair_dark_eyebrows_no_contradiction():
    r = parse("a man with blond hair and dark eyebrows")
    assert r.concrete["hair_color"] == "blond"
    assert r.facial_hair == {"brow_color": "black"}
    assert not any("contradiction" in w for w in r.warnings)


@pytest.mark.parametrize("text", ["long hair and a beard", "a man with a mustache", "not a long beard",
                                  "a bearded man", "black hair"])
def test_nothing_stated(text):
    assert parse(text).facial_hair == {}
    assert "facial_hair" not in parse(text).to_dict()


def _params(text, seed):
    r = parse(text)
    return params_from_code(r.concrete, seed, r.denied, r.facial_hair)


def test_long_beard_reaches_further():
    for seed in SEEDS:
        long = _params("a long white beard", seed).beard_length
        short = _params("a short beard", seed).beard_length
        unstated = _params("a white beard", seed).beard_length
        assert long > 0.6 and short < 0.15, (seed, long, short)
        assert long > short + 0.5 and long > unstated + 0.1, (seed, long, short, unstated)


def test_mustache_shapes_drawn():
    for seed in SEEDS:
        pencil = _params("a pencil mustache", seed).mustache_shape
        walrus = _params("a walrus mustache", seed).mustache_shape
        plain = _params("a mustache", seed).mustache_shape
        assert pencil < 0.2 < 0.8 < walrus and plain == 0.5


def test_dark_brows_on_blond_hair():
    for seed in SEEDS:
        p = _params("a man with blond hair and dark eyebrows", seed)
        blond = _params("a man with blond hair", seed)
        assert p.hair_eumelanin == blond.hair_eumelanin  # the hair stays blond
        assert p.brow_eumelanin > 0.85 > blond.brow_eumelanin + 0.5 and p.brow_grey == 0.0


def test_grey_brows_and_red_brows():
    for seed in SEEDS:
        grey = _params("a man with brown hair and grey eyebrows", seed)
        assert grey.brow_grey >= 0.5 and grey.hair_grey < 0.5
        red = _params("a man with black hair and red brows", seed)
        black = _params("a man with black hair", seed)
        assert red.brow_pheomelanin > 0.5 > black.brow_pheomelanin and red.brow_eumelanin < 0.3


def test_unstated_draw_unchanged():
    """Without facial_hair the draw is exactly the one before (the seeded draws stay in their order)."""
    for text in ("an old man with a white beard", "a young woman", "a man with a mustache and black hair"):
        r = parse(text)
        for seed in SEEDS:
            assert params_from_code(r.concrete, seed, r.denied) == params_from_code(r.concrete, seed, r.denied, {})
    # a stated shape changes only its own field
    for seed in SEEDS:
        a, b = _params("a man with a mustache", seed), _params("a man with a walrus mustache", seed)
        assert {k for k in a.names() if getattr(a, k) != getattr(b, k)} == {"mustache_shape"}
        a, b = _params("a man with a beard", seed), _params("a man with a long beard", seed)
        assert {k for k in a.names() if getattr(a, k) != getattr(b, k)} == {"beard_length"}


# The face's bones (facial_shapes.py, brow_ridge.py ridge_value): drawn by the shape (backend/shape/face_bones.py)
@pytest.mark.parametrize("text, want", [
    ("a man with high cheekbones", "high"), ("a woman with prominent cheekbones", "high"),
    ("chiselled cheekbones", "high"), ("a woman with high cheek bones", "high"),
    ("a man with flat cheekbones", "flat"), ("a face with low cheekbones", "flat"),
])
def test_cheekbones_are_read(text, want):
    assert parse(text).facial_hair.get("cheekbones") == want


@pytest.mark.parametrize("text, want", [
    ("a man with a prominent brow ridge", "heavy"), ("a man with a heavy brow", "heavy"),
    ("a man with a strong brow", "heavy"), ("a heavy brow-ridge", "heavy"),
    ("a woman with a flat brow", "flat"), ("a man with a weak brow ridge", "flat"),
])
def test_brow_ridge_is_read_without_the_not_modelled_note(text, want):
    r = parse(text)
    assert r.facial_hair.get("brow_ridge") == want and not any("not modelled" in w for w in r.warnings)
    assert "eyebrow_density" not in r.concrete


@pytest.mark.parametrize("text", ["a man with heavy brows", "a man with heavy eyebrows", "a man without high cheekbones",
                                  "a man with no prominent brow ridge", "a woman with a smooth brow", "a man",
                                  "a man with a brow ridge"])
def test_no_bone_read_where_none_is_sized(text):
    facial = parse(text).facial_hair
    assert "cheekbones" not in facial and "brow_ridge" not in facial
