"""open_clip registry and weights loading, with a tiny config registered by the test itself."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

TINY_NAME = "textface-tiny-clip"
TINY_CONFIG = {
    "embed_dim": 32,
    "vision_cfg": {"image_size": 32, "layers": 2, "width": 64, "patch_size": 8, "head_width": 32},
    "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 64, "heads": 2, "layers": 2},
}
OTHER_NAME = "textface-tiny-clip-wide"  # same layout, other widths: a "foreign" checkpoint
OTHER_CONFIG = {**TINY_CONFIG, "embed_dim": 48}


def register_tiny_configs(directory: Path) -> None:
    """Write the tiny configs as JSON and register them with open_clip (process-wide, idempotent)."""
    import open_clip

    for name, cfg in ((TINY_NAME, TINY_CONFIG), (OTHER_NAME, OTHER_CONFIG)):
        path = directory / f"{name}.json"
        path.write_text(json.dumps(cfg))
        open_clip.add_model_config(path)


def save_random_weights(path: Path, name: str = TINY_NAME, seed: int = 0) -> dict:
    """Random weights of `name` saved to a safetensors or torch file (by suffix); returns the state."""
    import open_clip
    import torch
    from safetensors.torch import save_file

    torch.manual_seed(seed)
    state = {k: v.contiguous().clone() for k, v in open_clip.create_model(name).state_dict().items()}
    if path.suffix == ".safetensors":
        save_file(state, str(path))
    else:
        torch.save(state, str(path))
    return state


def tiny_weights_file(directory: Path) -> Path:
    """The tiny configs registered from `directory` and a random-weights file for them there."""
    register_tiny_configs(directory)
    path = Path(directory) / "tiny.safetensors"
    save_random_weights(path)
    return path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    directory = tmp_path_factory.mktemp("clip")
    register_tiny_configs(directory)
    weights = directory / "tiny.safetensors"
    state = save_random_weights(weights)
    return {"dir": directory, "weights": weights, "state": state}


def test_load_safetensors_sets_every_weight(tiny):
    import torch

    from backend.refine import load_clip

    clip = load_clip(TINY_NAME, weights=tiny["weights"])
    assert clip.source == str(tiny["weights"]) and not clip.random_weights
    assert clip.image_size == (32, 32)
    own = clip.model.state_dict()
    assert set(own) == set(tiny["state"])
    for k, v in tiny["state"].items():
        assert torch.equal(own[k], v), k
    assert not any(p.requires_grad for p in clip.model.parameters())


def test_load_torch_state_dict_with_ddp_prefix_and_wrapper(tiny, tmp_path):
    import torch

    from backend.refine import load_clip

    wrapped = {"epoch": 3, "state_dict": {f"module.{k}": v for k, v in tiny["state"].items()}}
    path = tmp_path / "train_ckpt.pt"
    torch.save(wrapped, path)
    clip = load_clip(TINY_NAME, weights=path)
    key = "visual.conv1.weight"
    assert torch.equal(clip.model.state_dict()[key], tiny["state"][key])


def test_unknown_model_lists_valid_names(tiny):
    from backend.refine import UnknownClipModel, load_clip

    with pytest.raises(UnknownClipModel) as err:
        load_clip("ViT-Q-99", weights=tiny["weights"])
    assert "ViT-B-32" in str(err.value) and TINY_NAME in str(err.value)


def test_unknown_pretrained_tag_lists_tags(tiny):
    from backend.refine import UnknownClipModel, load_clip

    with pytest.raises(UnknownClipModel) as err:
        load_clip("ViT-B-32", weights="no_such_tag")
    assert "laion2b_s34b_b79k" in str(err.value)


def test_missing_weights_is_reported_not_silent(tiny):
    from backend.refine import NO_WEIGHTS_REASON, ClipWeightsMissing, load_clip

    with pytest.raises(ClipWeightsMissing) as err:
        load_clip(TINY_NAME, weights=None)
    assert str(err.value) == NO_WEIGHTS_REASON and "--clip-weights" in NO_WEIGHTS_REASON


def test_missing_file(tiny, tmp_path):
    from backend.errors import CheckpointError
    from backend.refine import load_clip

    with pytest.raises(CheckpointError, match="not found"):
        load_clip(TINY_NAME, weights=tmp_path / "nope.safetensors")


@pytest.mark.parametrize("suffix", [".safetensors", ".pt"])
def test_truncated_file(tiny, tmp_path, suffix):
    from backend.errors import CheckpointError
    from backend.refine import load_clip

    full = tmp_path / f"full{suffix}"
    save_random_weights(full)
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    with pytest.raises(CheckpointError, match="truncated or corrupt"):
        load_clip(TINY_NAME, weights=cut)


@pytest.mark.parametrize("content,match", [
    (b"", "empty"),
    (b"this is a text file, not weights\n", "neither safetensors nor a torch checkpoint"),
])
def test_garbage_file(tiny, tmp_path, content, match):
    from backend.errors import CheckpointError
    from backend.refine import load_clip

    path = tmp_path / "weights.bin"
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match=match):
        load_clip(TINY_NAME, weights=path)


@pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated:FutureWarning")  # (only to make the archive)
def test_torchscript_archive_is_named_as_such(tiny, tmp_path):
    # OpenAI's original ViT-B-32.pt is a TorchScript archive: torch.load refuses it with
    # weights_only=True, and the message must say what it is and what to use instead
    import torch

    from backend.errors import CheckpointError
    from backend.refine import load_clip

    path = tmp_path / "ViT-B-32.pt"
    torch.jit.script(torch.nn.Linear(2, 2)).save(str(path))
    with pytest.raises(CheckpointError, match="TorchScript archive.*safetensors"):
        load_clip(TINY_NAME, weights=path)
    plain = tmp_path / "plain.pt"  # an ordinary torch.save zip is not mistaken for one
    torch.save({"a": torch.zeros(1)}, plain)
    with pytest.raises(CheckpointError) as err:
        load_clip(TINY_NAME, weights=plain)
    assert "TorchScript" not in str(err.value)


def test_foreign_weights_name_the_mismatch(tiny, tmp_path):
    from backend.errors import CheckpointError
    from backend.refine import load_clip

    other = tmp_path / "other.safetensors"
    save_random_weights(other, OTHER_NAME)
    with pytest.raises(CheckpointError) as err:
        load_clip(TINY_NAME, weights=other)
    message = str(err.value)
    assert "do not fit" in message and "of another shape" in message and "text_projection" in message


def test_partial_state_dict_names_missing_keys(tiny, tmp_path):
    from safetensors.torch import save_file

    from backend.errors import CheckpointError
    from backend.refine import load_clip

    part = {k: v for k, v in tiny["state"].items() if not k.startswith("transformer.")}
    part["extra.weight"] = next(iter(part.values()))[:1].clone()
    path = tmp_path / "part.safetensors"
    save_file(part, str(path))
    with pytest.raises(CheckpointError, match=r"missing \(e\.g\. transformer\..*1 unexpected \(e\.g\. extra\.weight"):
        load_clip(TINY_NAME, weights=path)


def test_pickled_object_is_refused(tiny, tmp_path):
    import torch

    from backend.errors import CheckpointError
    from backend.refine import build_clip, load_clip

    path = tmp_path / "whole_model.pt"
    torch.save(build_clip(TINY_NAME).model, path)  # a whole pickled module, not a state dict
    with pytest.raises(CheckpointError, match="weights_only") as info:
        load_clip(TINY_NAME, weights=path)
    _refusal_without_torchs_advice(str(info.value), path, "open_clip.model.CLIP")


def test_pickled_arbitrary_object_is_refused_without_advice_to_unpickle_it(tiny, tmp_path):
    import pathlib

    import torch

    from backend.errors import CheckpointError
    from backend.refine import load_clip

    path = tmp_path / "odd.pt"
    torch.save({"weight": torch.zeros(2), "where": pathlib.PurePosixPath("/x")}, path)
    with pytest.raises(CheckpointError) as info:
        load_clip(TINY_NAME, weights=path)
    _refusal_without_torchs_advice(str(info.value), path, "pathlib.PurePosixPath")


def _refusal_without_torchs_advice(message: str, path, refused: str) -> None:
    # torch's own text says "Re-running torch.load with weights_only set to False will likely succeed"
    # and suggests allow-listing the class: advice that runs an untrusted file's code
    assert str(path) in message and "holds more than tensors" in message and refused in message
    assert "safetensors" in message and "state_dict()" in message
    for advice in ("set to `False`", "set to False", "likely succeed", "add_safe_globals", "safe_globals",
                   "\x1b", "two options"):
        assert advice not in message, message
    assert "\n" not in message


def test_non_tensor_entries_refused(tiny, tmp_path):
    import torch

    from backend.errors import CheckpointError
    from backend.refine import load_clip

    path = tmp_path / "odd.pt"
    torch.save({"visual.proj": torch.zeros(2), "note": "hello"}, path)
    with pytest.raises(CheckpointError, match="not a state dict"):
        load_clip(TINY_NAME, weights=path)


def test_nan_weights_refused(tiny, tmp_path):
    from safetensors.torch import save_file

    from backend.errors import CheckpointError
    from backend.refine import load_clip

    state = dict(tiny["state"])
    state["visual.proj"] = state["visual.proj"].clone()
    state["visual.proj"][0, 0] = float("nan")
    path = tmp_path / "nan.safetensors"
    save_file(state, str(path))
    with pytest.raises(CheckpointError, match="NaN"):
        load_clip(TINY_NAME, weights=path)


def test_objective_preprocess_and_range(tiny):
    import torch

    from backend.refine import ClipObjective, load_clip

    clip = load_clip(TINY_NAME, weights=tiny["weights"])
    obj = ClipObjective(clip, ["kind", "  ", "a movie star"])
    assert obj.phrases == ["kind", "a movie star"] and obj.text.shape == (2, 32)
    images = torch.rand(3, 3, 64, 64)
    x = obj.preprocess(images)
    assert x.shape == (3, 3, 32, 32)
    # constant grey maps to (grey - mean) / std
    grey = obj.preprocess(torch.full((1, 3, 32, 32), 0.5))
    expect = (0.5 - torch.tensor(clip.mean)) / torch.tensor(clip.std)
    assert torch.allclose(grey[0, :, 0, 0], expect)
    loss = obj.loss(images)
    assert 0.0 <= float(loss) <= 2.0
    with pytest.raises(ValueError):
        ClipObjective(clip, [" "])


def test_import_is_cheap_and_offline():
    code = ("import sys, backend.refine as r; "
            "assert 'torch' not in sys.modules and 'open_clip' not in sys.modules, sorted(sys.modules); "
            "assert callable(r.load_clip)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


def test_directory_is_not_weights(tiny, tmp_path):
    from backend.errors import CheckpointError
    from backend.refine import load_clip

    with pytest.raises(CheckpointError, match="not a file"):
        load_clip(TINY_NAME, weights=tmp_path)


def test_pretrained_tag_offline_fails_fast_and_clearly(tiny, monkeypatch):
    import socket

    import huggingface_hub

    from backend.errors import CheckpointError
    from backend.refine import load_clip

    def unreachable(host, *args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(huggingface_hub, "try_to_load_from_cache", lambda *a, **k: None)
    monkeypatch.setattr(socket, "getaddrinfo", unreachable)
    with pytest.raises(CheckpointError, match="cannot be reached.*--clip-weights"):
        load_clip("ViT-B-32", weights="laion2b_s34b_b79k")


def test_packed_attention_matches_open_clip(tiny):
    import open_clip
    import torch

    from backend.refine import load_clip

    fast = load_clip(TINY_NAME, weights=tiny["weights"]).model
    plain = open_clip.create_model(TINY_NAME)
    plain.load_state_dict(tiny["state"])
    plain.eval()
    assert fast.visual.transformer.resblocks[0].attn.forward.__func__.__name__ == "_packed_forward"
    x = torch.rand(2, 3, 32, 32)
    grads = []
    for model in (fast, plain):
        xi = x.clone().requires_grad_(True)
        emb = model.encode_image(xi)
        (emb * torch.linspace(-1, 1, emb.shape[1])).sum().backward()
        grads.append((emb.detach(), xi.grad))
    torch.testing.assert_close(grads[0][0], grads[1][0], rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(grads[0][1], grads[1][1], rtol=1e-5, atol=1e-6)
    # text tower (causal mask) keeps the module's own path
    tokens = open_clip.get_tokenizer(TINY_NAME)(["a kind face"])
    torch.testing.assert_close(fast.encode_text(tokens), plain.encode_text(tokens))
