"""Conditional StyleGAN2: network pieces, checkpoints (good and bad), a CPU smoke training run."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from backend.errors import CheckpointError, TextFaceError
from backend.texture.stylegan.checkpoint import load_generator, load_training_state, read_checkpoint, save_checkpoint
from backend.texture.stylegan.labels import LABEL_DIM, label_vector
from backend.texture.stylegan.networks import Discriminator, Generator, StyleGANConfig, modulated_conv2d
from backend.texture.stylegan.training import make_config

TINY = make_config("tiny", 16, conditional=True)


def test_label_vector_marks_stated_texture_attributes_only():
    v = label_vector({"skin_tone": "dark", "nose_width": "wide", "gender": "female"})
    assert v.shape == (LABEL_DIM,) and v.sum() == 4  # two one-hots + two stated flags
    assert label_vector({}).sum() == 0


def test_demodulation_normalises_output_scale():
    torch.manual_seed(0)
    x = torch.randn(2, 8, 16, 16)
    w = torch.randn(4, 8, 3, 3)
    small = modulated_conv2d(x, w, torch.full((2, 8), 0.1))
    big = modulated_conv2d(x, w, torch.full((2, 8), 10.0))
    assert torch.allclose(small, big, atol=1e-4)  # style scale cancels with demodulation
    raw = modulated_conv2d(x, w, torch.full((2, 8), 10.0), demodulate=False)
    assert raw.std() > 50 * small.std() * 0.1


def test_per_sample_styles_act_per_sample():
    torch.manual_seed(0)
    x = torch.randn(1, 8, 8, 8).repeat(2, 1, 1, 1)
    w = torch.randn(4, 8, 3, 3)
    styles = torch.rand(2, 8) + 0.5
    out = modulated_conv2d(x, w, styles)
    one = modulated_conv2d(x[:1], w, styles[1:])
    assert torch.allclose(out[1:], one, atol=1e-5) and not torch.allclose(out[0], out[1])


def test_generator_and_discriminator_shapes_and_label_effect():
    torch.manual_seed(0)
    G, D = Generator(TINY), Discriminator(TINY)
    z = torch.randn(3, TINY.z_dim)
    c = torch.from_numpy(np.stack([label_vector({"skin_tone": t}) for t in ("fair", "dark", "olive")]))
    img = G(z, c, noise_mode="const")
    assert img.shape == (3, 3, 16, 16) and torch.isfinite(img).all()
    assert D(img, c).shape == (3,)
    other = G(z, torch.from_numpy(np.stack([label_vector({"skin_tone": "dark"})] * 3)), noise_mode="const")
    assert not torch.allclose(img[0], other[0])  # the label reaches the image
    with pytest.raises(ValueError, match="label"):
        G(z)


def test_noise_inputs_and_truncation():
    torch.manual_seed(0)
    G = Generator(TINY)
    for layer in G.modules():
        if hasattr(layer, "noise_strength"):
            layer.noise_strength.data.fill_(0.5)
    z, c = torch.randn(1, TINY.z_dim), torch.zeros(1, TINY.c_dim)
    assert torch.equal(G(z, c, noise_mode="const"), G(z, c, noise_mode="const"))
    assert not torch.equal(G(z, c, noise_mode="random"), G(z, c, noise_mode="random"))
    a = G(z, c, truncation=0.0, noise_mode="none")
    b = G(torch.randn(1, TINY.z_dim), c, truncation=0.0, noise_mode="none")
    assert torch.allclose(a, b, atol=1e-5)  # psi = 0: everything collapses to w_avg


def test_config_validation():
    with pytest.raises(ValueError, match="power of two"):
        StyleGANConfig(resolution=48).validate()


def test_checkpoint_round_trip(tmp_path):
    torch.manual_seed(1)
    G = Generator(TINY)
    path = save_checkpoint(tmp_path / "g.safetensors", G, Discriminator(TINY), steps=7)
    cfg, meta, _ = read_checkpoint(path)
    assert cfg == TINY and meta["steps"] == "7"
    G2 = load_generator(path)
    z, c = torch.randn(2, TINY.z_dim), torch.zeros(2, TINY.c_dim)
    assert torch.equal(G(z, c, noise_mode="const"), G2(z, c, noise_mode="const"))


def _good(tmp_path):
    torch.manual_seed(0)
    return save_checkpoint(tmp_path / "good.safetensors", Generator(TINY))


def test_missing_checkpoint(tmp_path):
    with pytest.raises(CheckpointError, match="does not exist"):
        load_generator(tmp_path / "nope.safetensors")


def test_truncated_checkpoint(tmp_path):
    data = _good(tmp_path).read_bytes()
    bad = tmp_path / "cut.safetensors"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="truncated or corrupt"):
        load_generator(bad)


def test_pickled_checkpoint_is_refused_without_loading(tmp_path):
    bad = tmp_path / "evil.pt"
    torch.save({"G": Generator(TINY).state_dict()}, bad)
    with pytest.raises(CheckpointError, match="pickle"):
        load_generator(bad)
    raw = tmp_path / "raw.pkl"
    raw.write_bytes(b"\x80\x04\x95" + b"\x00" * 40)
    with pytest.raises(CheckpointError, match="pickle"):
        load_generator(raw)


def test_foreign_safetensors(tmp_path):
    from safetensors.torch import save_file

    other = tmp_path / "other.safetensors"
    save_file({"weight": torch.zeros(3)}, str(other), metadata={"format": "pt"})
    with pytest.raises(CheckpointError, match="not a TextFace texture checkpoint"):
        load_generator(other)


def test_wrong_shapes(tmp_path):
    from safetensors import safe_open
    from safetensors.torch import save_file

    good = _good(tmp_path)
    with safe_open(str(good), framework="pt") as f:
        meta = f.metadata()
        tensors = {k: f.get_tensor(k) for k in f.keys()}
    meta = dict(meta, config=json.dumps(dict(json.loads(meta["config"]), w_dim=64)))
    bad = tmp_path / "shapes.safetensors"
    save_file(tensors, str(bad), metadata=meta)
    with pytest.raises(CheckpointError, match="shape"):
        load_generator(bad)
    tensors.pop(next(k for k in tensors if k.endswith("const")))
    save_file(tensors, str(bad), metadata=json.loads(json.dumps(dict(meta, config=json.dumps(TINY.to_dict())))))
    with pytest.raises(CheckpointError, match="missing"):
        load_generator(bad)


def test_selector_loads_a_checkpoint(tmp_path, face_model):
    from backend.texture import make_texture_model

    path = _good(tmp_path)
    tm = make_texture_model(f"stylegan:{path}", model=face_model)
    r = tm.generate({"skin_tone": "dark", "nose_width": "wide"}, seed=3, size=256)
    assert tm.name.startswith("stylegan:") and r.image.shape == (256, 256, 3) and r.image.dtype == np.uint8
    assert r.params["label"] == {"skin_tone": "dark"}
    assert np.array_equal(tm.from_params(r.params, size=256).image, r.image)
    with pytest.raises(TextFaceError, match="truncation"):
        tm.from_params({"label": {}, "truncation": 3})
    with pytest.raises(CheckpointError):
        make_texture_model(f"stylegan:{tmp_path / 'missing.safetensors'}", model=face_model)


def test_a_texture_attribute_added_later_stays_out_of_the_label(tmp_path, face_model):
    """The label is what trained weights take: a checkpoint written before under_eyes existed (its metadata
    names the ten label attributes of then) still loads, and the StyleGAN path names what it cannot draw
    (the ancestry prior, under_eyes, scalp_hair) in the head's warnings instead of dropping it silently."""
    from safetensors import safe_open
    from safetensors.torch import save_file

    from backend.pipeline import GenerateOptions, generate_head
    from backend.schema import BY_NAME

    then = ("gender", "age", "skin_tone", "hair_color", "eyebrow_density", "eye_color", "beard", "makeup",
            "lip_color", "freckles")
    good = _good(tmp_path)
    with safe_open(str(good), framework="pt") as f:
        meta, tensors = f.metadata(), {k: f.get_tensor(k) for k in f.keys()}
    older = tmp_path / "older.safetensors"
    label = json.dumps([[n, list(BY_NAME[n].values)] for n in then])
    save_file(tensors, str(older), metadata=dict(meta, label=label))
    assert load_generator(older).cfg.c_dim == LABEL_DIM
    assert label_vector({"under_eyes": "dark"}).sum() == 0
    head = generate_head("a bald Black man with dark circles under his eyes",
                         GenerateOptions(seed=0, refine=False, texture=f"stylegan:{older}", texture_size=256))
    assert head.texture_params["label"] == {"gender": "male"}
    note = [w for w in head.parsed["warnings"] if "does not draw" in w]
    assert len(note) == 1 and "under_eyes 'dark'" in note[0] and "ancestry 'black'" in note[0], head.parsed
    assert "scalp_hair 'bald'" in note[0] and LABEL_DIM == len(then) * (6 + 1)  # (the label's width as trained)


def test_a_stated_beard_colour_is_named_as_ignored(tmp_path, face_model):
    """beard_color came after the label was frozen: the StyleGAN path draws the beard with its label's input
    (beard) and names the colour it cannot draw, which the pipeline turns into the head's warning."""
    from backend.texture import make_texture_model

    tm = make_texture_model(f"stylegan:{_good(tmp_path)}", model=face_model)
    r = tm.generate({"gender": "male", "beard": "stubble", "beard_color": "gray"}, seed=0, size=256)
    assert r.params["label"] == {"gender": "male", "beard": "stubble"} and r.ignored == ("beard_color",)
    assert label_vector({"beard_color": "gray"}).sum() == 0


def _dataset(folder, n=8, labels=True):
    from PIL import Image

    rng = np.random.default_rng(0)
    for i in range(n):
        im = np.zeros((32, 32, 3), np.uint8)
        im[:] = rng.integers(0, 255, 3)
        im[8:24, 8:24] = rng.integers(0, 255, 3)
        Image.fromarray(im).save(folder / f"{i}.png")
    if labels:
        (folder / "labels.json").write_text(json.dumps({f"{i}.png": {"skin_tone": ("fair", "dark")[i % 2]}
                                                         for i in range(n)}))


def test_smoke_training_moves_losses_and_round_trips(tmp_path, capsys):
    from backend.texture.train import main

    _dataset(tmp_path)
    out = tmp_path / "ck.safetensors"
    assert main(["--data", str(tmp_path), "--out", str(out), "--resolution", "16", "--preset", "tiny",
                 "--steps", "6", "--batch", "4", "--log-every", "1", "--r1-every", "2", "--device", "cpu",
                 "--lr", "0.01", "--threads", "1"]) == 0
    text = capsys.readouterr().out
    rows = [line for line in text.splitlines() if line.strip().startswith("step")]
    assert len(rows) == 6
    losses_g = [float(r.split("loss_G ")[1].split(",")[0]) for r in rows]
    losses_d = [float(r.split("loss_D ")[1].split(",")[0]) for r in rows]
    assert len(set(losses_g)) > 1 and len(set(losses_d)) > 1  # the losses move
    assert all(np.isfinite(losses_g + losses_d))
    assert "r1" in rows[0]
    _, _, _, steps = load_training_state(out)
    assert steps == 6
    G2 = load_generator(out)
    assert G2.cfg.c_dim == LABEL_DIM


def test_training_data_errors(tmp_path):
    from backend.texture.train import main

    with pytest.raises(TextFaceError, match="does not exist"):
        main(["--data", str(tmp_path / "none"), "--steps", "1"])
    with pytest.raises(TextFaceError, match="no images"):
        main(["--data", str(tmp_path), "--steps", "1"])
    _dataset(tmp_path, n=2, labels=False)
    (tmp_path / "labels.json").write_text(json.dumps({"0.png": {"skin_tone": "blue"}}))
    with pytest.raises(TextFaceError, match="skin_tone|blue"):
        main(["--data", str(tmp_path), "--steps", "1", "--resolution", "16", "--preset", "tiny"])
    (tmp_path / "labels.json").unlink()
    from PIL import Image

    Image.new("RGB", (32, 16)).save(tmp_path / "wide.png")
    with pytest.raises(TextFaceError, match="square"):
        main(["--data", str(tmp_path), "--steps", "1", "--resolution", "16", "--preset", "tiny"])
    with pytest.raises(TextFaceError, match="steps"):
        main(["--data", str(tmp_path), "--steps", "0"])


def test_synthetic_dataset_trains(tmp_path, face_model, capsys):
    from backend.texture.stylegan.synthetic import write_parametric_dataset
    from backend.texture.stylegan.training import load_dataset
    from backend.texture.train import main

    folder = write_parametric_dataset(tmp_path / "data", 3, size=256, seed=1, model=face_model)
    labels = json.loads((folder / "labels.json").read_text())
    assert len(labels) == 3 and all((folder / k).is_file() for k in labels)
    data = load_dataset(folder, 16)
    assert data.images.shape == (3, 3, 16, 16) and data.conditional
    with pytest.raises(TextFaceError, match="already holds images"):
        write_parametric_dataset(folder, 1, model=face_model)
    out = tmp_path / "g.safetensors"
    assert main(["--data", str(folder), "--out", str(out), "--resolution", "16", "--preset", "tiny",
                 "--steps", "2", "--batch", "2", "--device", "cpu", "--threads", "1"]) == 0
    assert load_generator(out).cfg.resolution == 16


def _with_config(tmp_path, name, **changes):
    """The good checkpoint with its metadata config changed (tensors as they are)."""
    from safetensors import safe_open
    from safetensors.torch import save_file

    good = _good(tmp_path)
    with safe_open(str(good), framework="pt") as f:
        meta, tensors = f.metadata(), {k: f.get_tensor(k) for k in f.keys()}
    bad = tmp_path / f"{name}.safetensors"
    save_file(tensors, str(bad), metadata=dict(meta, config=json.dumps({**TINY.to_dict(), **changes})))
    return bad


@pytest.mark.parametrize("changes, field", [
    (dict(z_dim=8.5), "z_dim must be an integer"),
    (dict(w_dim="32"), "w_dim must be an integer"),
    (dict(mapping_layers=True), "mapping_layers must be an integer"),
    (dict(channel_max=10**6, channel_base=10**9), "channel_base must be in"),
    (dict(resolution=2**40), "resolution must be in"),
    (dict(resolution=8192), "resolution must be in"),
    (dict(resolution=48), "power of two"),
    (dict(c_dim=-1), "c_dim must be in"),
    (dict(d_channel_max=0), "d_channel_max must be in"),
])
def test_config_fields_are_type_and_range_checked_before_building(tmp_path, monkeypatch, changes, field):
    from backend.texture.stylegan import checkpoint

    built = []
    monkeypatch.setattr(checkpoint, "Generator", lambda *a: built.append(a))  # must never be reached
    with pytest.raises(CheckpointError, match=f"unreadable config.*{field}"):
        load_generator(_with_config(tmp_path, "bad", **changes))
    assert built == []


def test_config_errors_list_every_bad_field():
    with pytest.raises(ValueError, match="z_dim must be an integer.*channel_max must be in"):
        StyleGANConfig(z_dim=1.0, channel_max=10**6).validate()
    assert make_config("paper", 1024, conditional=True).validate()  # the largest preset stays valid


def test_shapes_are_compared_before_the_network_is_allocated(tmp_path, monkeypatch):
    from backend.texture.stylegan import networks

    # within the caps, but not the file's tensors: refused from a meta-device probe, nothing allocated
    bad = _with_config(tmp_path, "big", channel_max=1024, channel_base=1 << 17)
    real_init = networks.SynthesisLayer.__init__
    devices = []

    def spy(self, *a, **kw):
        real_init(self, *a, **kw)
        devices.append(self.weight.device.type)

    monkeypatch.setattr(networks.SynthesisLayer, "__init__", spy)
    with pytest.raises(CheckpointError, match="shape"):
        load_generator(bad)
    assert devices and set(devices) == {"meta"}


def test_step_count_that_is_not_a_number(tmp_path):
    from safetensors import safe_open
    from safetensors.torch import save_file

    torch.manual_seed(0)
    path = save_checkpoint(tmp_path / "t.safetensors", Generator(TINY), Discriminator(TINY), G_train=Generator(TINY))
    with safe_open(str(path), framework="pt") as f:
        meta, tensors = f.metadata(), {k: f.get_tensor(k) for k in f.keys()}
    save_file(tensors, str(path), metadata=dict(meta, steps="abc"))
    with pytest.raises(CheckpointError, match="step count"):
        load_training_state(path)


def test_a_denial_the_label_cannot_hold_is_named(tmp_path, face_model):
    """The label states values only: "no grey hair" may be drawn grey by a StyleGAN texture, and the head says so
    (the parser's "drawn without grey" is the parametric draw's)."""
    from backend.texture import make_texture_model

    tm = make_texture_model(f"stylegan:{_good(tmp_path)}", model=face_model)
    r = tm.generate({"gender": "male", "age": "old"}, seed=0, size=256, denied={"hair_color": ["gray"]})
    assert r.ignored_denials == ("hair_color",)
    stated = tm.generate({"hair_color": "black"}, seed=0, size=256, denied={"hair_color": ["gray"]})
    assert stated.ignored_denials == ()  # drawn as stated
    from backend.pipeline import GenerateOptions, generate_head

    head = generate_head("an old man with no grey hair", GenerateOptions(
        seed=0, refine=False, texture=f"stylegan:{_good(tmp_path)}", texture_size=256))
    assert any("cannot avoid denied values (hair_color not gray)" in w for w in head.parsed["warnings"]), head.parsed
