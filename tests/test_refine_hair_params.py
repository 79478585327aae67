"""The texture parameters refinement keeps fixed (or follows) while it draws a hair mesh are the ones backend/hair
reads: `hair/params_used.py` names them, and these tests build meshes of every kind with an instrumented params
mapping, so a parameter the hair starts to read (or stops reading) fails here instead of going unnoticed."""
from __future__ import annotations

import numpy as np
import pytest


class Recording(dict):
    """A texture params dict that records the names read; reading them all at once (iteration, copies) fails."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.reads: set[str] = set()

    def _read(self, key):
        if key != "version":  # the params' format version (head.json's), no parameter: refinement never changes it
            self.reads.add(key)

    def __getitem__(self, key):
        self._read(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._read(key)
        return super().get(key, default)

    def __contains__(self, key):
        self._read(key)
        return super().__contains__(key)

    def _all(self, *_):
        raise AssertionError("the hair read every texture parameter at once (a copy or a loop over them): name the "
                             "ones it uses instead, so this test can follow them")

    __iter__ = keys = items = values = copy = __or__ = _all


def _same_if_recording(*args, **kw):
    """`dict` inside backend/hair's modules: a copy of the recorded params is the same recorded params (the builder
    keeps the params it was given), any other call is the builtin's."""
    if len(args) == 1 and not kw and isinstance(args[0], Recording):
        return args[0]
    return dict(*args, **kw)


@pytest.fixture
def follow_copies(monkeypatch):
    import importlib
    import pkgutil

    import backend.hair

    for info in pkgutil.iter_modules(backend.hair.__path__):
        module = importlib.import_module(f"backend.hair.{info.name}")
        monkeypatch.setattr(module, "dict", _same_if_recording, raising=False)


def _params(**changes) -> Recording:
    from backend.texture.params import TextureParams

    return Recording({**TextureParams().to_dict(), **changes})


def test_the_recording_params_notice_reads_and_copies():
    p = _params()
    p["hair_grey"], p.get("age"), "scalp_hair" in p
    assert p.reads == {"hair_grey", "age", "scalp_hair"}
    with pytest.raises(AssertionError, match="every texture parameter"):
        dict(p)
    with pytest.raises(AssertionError, match="every texture parameter"):
        {**p}


# every kind of mesh the builder makes: lengths, tied styles, volumes, a fringe, the modelled cuts, and a thinning
# scalp (short hair over the painted region) and a horseshoe one (the older masked cap)
STYLES = [dict(length="short"), dict(length="chin", fringe=True), dict(length="shoulder", volume="curly"),
          dict(length="long", style="ponytail"), dict(length="long", style="bun"), dict(length="long", style="braid"),
          dict(length="very_long", style="pigtails"), dict(length="shoulder", volume="afro"),
          dict(length="short", cut="mohawk"), dict(length="short", cut="faux_hawk"),
          dict(length="short", cut="slicked_back"), dict(length="long", cut="dreadlocks", volume="curly"),
          dict(length="long", cut="top_knot", style="bun"), dict(length="short", cut="undercut")]
# ... and a full long beard (a beard mesh joined to the hair, or alone on a cropped scalp)
SCALPS = [dict(), dict(hairline_recession=0.5, crown_thinning=0.6, top_thinning=0.5), dict(hairline_recession=0.95),
          dict(beard=0.9, beard_length=0.7, mustache=0.8, goatee=0.5), dict(side_shave=1.0, shave_shape=1.0)]


@pytest.fixture(scope="module")
def identity():
    return np.random.default_rng(1).normal(0, 0.5, 100).astype(np.float32)


def test_build_hair_reads_only_the_named_parameters(face_model, identity, follow_copies):
    from backend.hair.mesh import build_hair
    from backend.hair.params_used import TEXTURE_PARAMS_READ
    from backend.hair.style import HairStyle

    named = {p for k in ("colour", "colour_fixed", "beard_colour", "outline", "beard_outline") for p in TEXTURE_PARAMS_READ[k]}
    seen: set[str] = set()
    built = 0
    for scalp in SCALPS:
        extra = [dict(length="cropped")] if "beard" in scalp else [STYLES[-1]] if "side_shave" in scalp else []
        for style in (STYLES if not scalp else STYLES[:1] + extra):
            params = _params(**scalp)
            mesh = build_hair(face_model, identity, params, HairStyle(**style), 3)
            built += mesh is not None
            assert params.reads <= named, (style, scalp, sorted(params.reads - named))
            seen |= params.reads
    assert built == len(STYLES) + len(SCALPS) + 1
    assert seen == named  # none of the named ones is stale


def test_the_hair_albedo_reads_the_colour_parameters(follow_copies):
    from backend.hair.params_used import TEXTURE_PARAMS_READ
    from backend.hair.texture import hair_albedo

    for grey in (0.0, 0.4):
        params = _params(hair_grey=grey)
        hair_albedo(params, 3, 64)
        assert params.reads == set(TEXTURE_PARAMS_READ["colour"]) | set(TEXTURE_PARAMS_READ["colour_fixed"])


def test_only_the_named_parameters_decide_whether_there_is_a_mesh(follow_copies):
    """`style.choose` reads more (age, the painted cut), but whether a stated hairstyle gets a mesh at all follows
    only the `has_mesh` ones."""
    from backend.hair.params_used import TEXTURE_PARAMS_READ
    from backend.hair.style import choose

    stated = {"length": "long"}
    probe = _params()
    choose(stated, {}, probe, 0)
    decides = set()
    for name in sorted(probe.reads):
        for value in (0.0, 1.0):
            style, _ = choose(stated, {}, _params(**{name: value}), 0)
            if not style.has_mesh:
                decides.add(name)
    assert decides == set(TEXTURE_PARAMS_READ["has_mesh"])


def test_refinement_derives_its_lists_from_the_hair_package():
    from backend.hair.params_used import TEXTURE_PARAMS_READ
    from backend.refine.hair import HAIR_COLOUR_PARAMS, HAIR_FIXED_PARAMS, HAIR_MESH_PARAMS
    from backend.refine.hair_colour import COLOUR_PARAMS, TILES
    from backend.texture.params import TextureParams

    everything = {p for names in TEXTURE_PARAMS_READ.values() for p in names}
    assert set(HAIR_MESH_PARAMS) == everything and len(HAIR_MESH_PARAMS) == len(everything)
    colour = set(TEXTURE_PARAMS_READ["colour"]) | set(TEXTURE_PARAMS_READ["beard_colour"])
    assert set(HAIR_COLOUR_PARAMS) == colour == {p for names, _ in TILES.values() for p in names}
    assert TILES["hair"][0] == COLOUR_PARAMS == TEXTURE_PARAMS_READ["colour"]
    assert set(HAIR_FIXED_PARAMS) == everything - colour
    assert everything <= set(TextureParams.names())


def test_the_beard_tile_is_the_beard_albedo():
    from backend.hair.beard import beard_albedo
    from backend.refine.hair_colour import COLOUR_PARAMS, TILES, HairColour

    params = _params(beard_eumelanin=0.8, beard_pheomelanin=0.3, beard_grey=0.4)
    names, offset = TILES["beard"]
    port = HairColour(3 + offset, 512)
    assert port.levels_off(dict(zip(COLOUR_PARAMS, (params[k] for k in names))), beard_albedo(params, 3)) <= 1
