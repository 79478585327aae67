"""One head-file check for the CLI and the service: malformed head.json files are refused up front."""
from __future__ import annotations

import json

import pytest

from backend.io.sidecar import SidecarError, read_sidecar, validate

ICT_NAMES = ("browDown_L", "jawOpen", "mouthSmile_L")  # a few of the model's, enough for the check


def good() -> dict:
    from backend.texture.params import TextureParams

    return {"schema_version": 1, "prompt": "a young woman with a wide nose", "seed": 2,
            "parsed": {"concrete": {"nose_width": "wide"}, "abstract": ["kind"], "warnings": [],
                       "strength": {"nose_width": 1.0}},
            "identity": [0.1] * 100, "expression": {"jawOpen": 0.2},
            "texture": {"model": "parametric", "params": TextureParams().to_dict(), "size": 256},
            "refinement": {"status": "not needed"}, "timings": {}, "backend_version": "test"}


BAD = [  # (change, words of the message)
    ({"identity": [0.1, 0.2]}, "identity must be a list of 100"),
    ({"identity": [float("nan")] * 100}, "item 0 is nan"),
    ({"identity": [0.0] * 99 + [True]}, "item 99 is True"),
    ({"texture": [1, 2]}, "texture must be an object"),
    ({"texture": {"model": 5, "params": {}}}, "texture model must be"),
    ({"texture": {"model": "parametric", "params": {}, "size": 300}}, "texture size must be one of"),
    ({"texture": {"model": "parametric", "params": []}}, "params object"),
    ({"parsed": "hello"}, "parsed must be an object"),
    ({"parsed": {"abstract": 5}}, "parsed.abstract must be a list of strings"),
    ({"parsed": {"abstract": ["ok", 5]}}, "parsed.abstract must be a list of strings"),
    ({"parsed": {"warnings": "w"}}, "parsed.warnings must be a list of strings"),
    ({"parsed": {"concrete": ["x"]}}, "parsed.concrete must be an object"),
    ({"parsed": {"concrete": {"hat": "big"}}}, "unknown attribute 'hat'"),
    ({"parsed": {"concrete": {"age": "ancient"}}}, "unknown value 'ancient' for age"),
    ({"parsed": {"strength": {"age": "x"}}}, "parsed.strength must be"),
    ({"parsed": {"denied": ["hair_color"]}}, "parsed.denied must be an object"),
    ({"parsed": {"denied": {"hat": ["big"]}}}, "parsed.denied: unknown attribute 'hat'"),
    ({"parsed": {"denied": {"hair_color": "gray"}}}, "parsed.denied.hair_color must be a list of its values"),
    ({"parsed": {"denied": {"hair_color": ["blue"]}}}, "parsed.denied.hair_color must be a list of its values"),
    ({"expression": {"x": "x"}}, "expression must be an object of name -> finite number"),
    ({"expression": {"jawOpen": float("inf")}}, "finite number"),
    # finite but absurd: a head kilometres wide, a face torn apart (each names the bad item)
    ({"identity": [1e6] + [0.1] * 99}, "identity item 0 is 1000000.0; coefficients must be within -10..10"),
    ({"identity": [0.1] * 42 + [-10.5] + [0.1] * 57}, "identity item 42 is -10.5"),
    ({"expression": {"jawOpen": 1000}}, "expression 'jawOpen' is 1000; weights must be in 0..1"),
    ({"expression": {"jawOpen": 0.2, "mouthSmile_L": -0.25}}, "expression 'mouthSmile_L' is -0.25"),
    ({"expression": {"jawOpen": 1.0001}}, "weights must be in 0..1"),
    ({"seed": "abc"}, "seed must be an integer"),
    ({"seed": -1}, "seed must be an integer"),
    ({"seed": 2**31}, "seed must be an integer"),
    ({"seed": True}, "seed must be an integer"),
    ({"prompt": 5}, "prompt must be a string"),
]


def test_a_well_formed_head_passes():
    assert validate(good(), ICT_NAMES)["seed"] == 2
    minimal = good() | {"parsed": {}, "expression": {}, "texture": {"model": "parametric", "params": {}}}
    assert validate(minimal) is minimal


def test_the_add_ons_slider_ranges_pass():
    # identity sliders reach Blender's hard shape-key limit of +-10 (Refine Selected sends their values);
    # expression weights span 0..1
    from backend.limits import IDENTITY_LIMIT

    data = good() | {"identity": [10.0, -10, 3.5, -5.0] + [0.0] * 96,
                     "expression": {"jawOpen": 1, "browDown_L": 0.0}}
    assert validate(data, ICT_NAMES) is data and IDENTITY_LIMIT == 10.0


def test_refine_head_validates_a_sidecar_given_directly(face_model):
    from backend.pipeline import refine_head

    with pytest.raises(SidecarError, match="identity item 0 is 1000000.0"):
        refine_head(good() | {"identity": [1e6] + [0.1] * 99}, "looks kind")


@pytest.mark.parametrize("change, words", BAD)
def test_malformed_heads_are_refused_with_what_is_wrong(change, words):
    with pytest.raises(SidecarError) as info:
        validate(good() | change)
    assert words in str(info.value)


def test_unknown_expression_names_list_the_valid_ones():
    data = good() | {"expression": {"bogus": 1.0, "jawOpen": 0.5}}
    assert validate(data) is data  # without the model's names only the values are checked
    with pytest.raises(SidecarError, match="unknown expression name.*'bogus'.*valid names: browDown_L, jawOpen"):
        validate(data, ICT_NAMES)


def test_read_sidecar_names_the_file(tmp_path):
    path = tmp_path / "head.json"
    path.write_text(json.dumps(good() | {"seed": "abc"}))
    with pytest.raises(SidecarError, match=f"{path.name}: seed must be an integer"):
        read_sidecar(path)


# -- the refine command ---------------------------------------------------------------------------
def _refine(tmp_path, data: dict, *extra: str) -> tuple[int, str]:
    import contextlib
    import io

    from backend.cli import main

    head = tmp_path / "head.json"
    head.write_text(json.dumps(data))
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["refine", str(head), "looks kind", "--out", str(tmp_path / "out"), "--no-preview", *extra])
    return code, err.getvalue()


@pytest.mark.parametrize("change, words", [c for c in BAD if c[0].keys() & {"identity", "texture", "parsed",
                                                                           "expression", "seed", "prompt"}])
def test_refine_command_refuses_malformed_heads_in_one_line(face_model, tmp_path, change, words):
    code, err = _refine(tmp_path, good() | change)
    assert code == 2 and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "head.json").exists()


def test_refine_command_refuses_unknown_expression_names(face_model, tmp_path):
    code, err = _refine(tmp_path, good() | {"expression": {"bogus": 1.0}})
    assert code == 2 and "unknown expression name(s) 'bogus'" in err and "mouthSmile_L" in err


def test_refine_does_not_open_a_checkpoint_the_head_file_names(face_model, tmp_path, monkeypatch):
    import backend.texture.stylegan.checkpoint as ckpt

    def never(*a, **k):
        raise AssertionError("a checkpoint named by the head file was opened")

    monkeypatch.setattr(ckpt, "load_generator", never)
    data = good() | {"texture": {"model": "stylegan:/etc/passwd", "params": {}}}
    code, err = _refine(tmp_path, data)
    assert code == 2 and "/etc/passwd" in err and "pass --texture stylegan:PATH" in err
    code, err = _refine(tmp_path, data, "--texture", f"stylegan:{tmp_path / 'missing.safetensors'}")
    assert code == 2 and "StyleGAN checkpoint not found" in err


def test_refine_texture_option_must_fit_the_head(face_model, tmp_path):
    code, err = _refine(tmp_path, good(), "--texture", "stylegan:/etc/passwd")
    assert code == 2 and "does not fit this head, whose texture is parametric" in err
    code, err = _refine(tmp_path, good(), "--texture", "bogus")
    assert code == 2 and "parametric" in err


def test_heads_with_and_without_denied_values_pass():
    """parsed.denied ("no grey hair": {"hair_color": ["gray"]}) came after the first heads: both kinds validate."""
    from backend.parser import parse

    old = good()
    assert "denied" not in old["parsed"] and validate(old) is old
    new = good() | {"parsed": parse("an old man with no grey hair").to_dict()}
    assert new["parsed"]["denied"] == {"hair_color": ["gray"]} and validate(new) is new
