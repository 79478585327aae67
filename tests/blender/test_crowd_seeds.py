"""A list of prompts is seeded as a batch: `api.generate_heads([...])` gives each row the seed `generate --batch` and
`api.generate_batch` give line row + 1 of those prompts (the backend's seed of "head_<line>"), its `seed` the offset,
variations +1, +2 within a row; one prompt (a str) keeps seeds seed, seed+1, ...  Before, every prompt of a list had
the same seed: twenty "a villager, middle-aged man" were twenty near-identical faces.  The artist sees each head's
seed: the panel's line for the active head, and Generate's report of a batch names each head's seed and where the
seeds came from."""
from __future__ import annotations

import json

import bpy
import numpy as np
import pytest

from backend.batch_names import seed_of as backend_seed_of
from backend.io import wire
from blender_textface import api, stored
from conftest import synthetic_arrays
from test_operators import _ended, _harness, _heads, _tick_until, fake  # noqa: F401 - fixture

VILLAGER = "a villager, middle-aged man"


def _row_seed(row: int, offset: int = 0) -> int:
    """The backend's seed of unnamed line row + 1 ("head_<line>"), offset (modulo 2**31)."""
    return (backend_seed_of(f"head_{row + 1:04d}", api.MAX_SEED) + offset) % (api.MAX_SEED + 1)


def _seeded_payload(seed: int) -> bytes:
    """What the service makes of a seed: its own identity, the seed in the sidecar."""
    arrays = synthetic_arrays(n_id=6)
    identity = np.random.default_rng(seed).normal(size=6).astype(np.float32)
    arrays["identity"] = identity
    arrays["sidecar"] = dict(arrays["sidecar"], seed=seed, identity=identity.tolist())
    return wire.to_bytes(wire.pack(**arrays))


def _submitted_seeds(fake) -> list[int]:
    return [o["seed"] for kind, _p, o in fake.submitted if kind == "generate"]


def _text(body: str, name: str = "Crowd") -> bpy.types.Text:
    text = bpy.data.texts.new(name)
    text.write(body)
    return text


def test_twenty_identical_prompts_make_twenty_faces(fake):
    fake.payload_of = _seeded_payload
    heads = api.generate_heads([VILLAGER] * 20, refine=False, name="Villager")
    seeds = _submitted_seeds(fake)
    assert seeds == [_row_seed(k) for k in range(20)] and len(set(seeds)) == 20
    assert [stored.head_seed(h) for h in heads] == seeds  # each head the result of its own seed
    identities = {tuple(round(x, 5) for x in stored.stored_identity(h)) for h in heads}
    keys = {tuple(round(h.data.shape_keys.key_blocks[f"id_{i:03d}"].value, 5) for i in range(6)) for h in heads}
    assert len(identities) == 20 and len(keys) == 20  # twenty identities, on the heads' identity sliders too
    assert [h.name for h in heads] == [f"Villager {k}" for k in range(20)]


def test_a_list_and_a_batch_of_the_same_rows_agree(fake, tmp_path):
    """generate_heads(list) and generate_batch of a text block of those lines (and `generate --batch` of a .jsonl of
    them: the backend's own reader) send the same seeds: the list's `seed` offsets them as the panel seed does a
    batch's (wrapping past 2**31 - 1), variations +1 within a row."""
    from backend.commands.generate import read_batch as backend_read_batch

    rows = [VILLAGER, VILLAGER, "an old woman with a long face"]
    for seed, variations in ((0, 1), (7, 2), (api.MAX_SEED, 2)):
        fake.submitted.clear()
        api.generate_heads(rows, seed=seed, variations=variations, refine=False)
        listed = _submitted_seeds(fake)
        fake.submitted.clear()
        api.generate_batch(_text("\n".join(rows) + "\n", f"Crowd {seed}"), seed=seed, variations=variations,
                           refine=False)
        assert listed == _submitted_seeds(fake) == [_row_seed(r, seed + k) for r in range(3)
                                                    for k in range(variations)]
        settings = api.BackendSettings()
        assert api.crowd_requests(rows, seed, variations, False, 100, settings)[1] == api.batch_requests(
            api.read_batch(bpy.data.texts[f"Crowd {seed}"]), seed, variations, False, 100, settings).heads
    path = tmp_path / "crowd.jsonl"
    path.write_text("".join(json.dumps({"prompt": row}) + "\n" for row in rows))
    assert api.crowd_requests(rows, 0, 1, False, 100, api.BackendSettings())[1] == [
        (item["prompt"], item["seed"]) for item in backend_read_batch(str(path))]


def test_variations_of_a_list_are_named_by_their_seeds(fake):
    heads = api.generate_heads([VILLAGER, VILLAGER], seed=3, variations=2, refine=False, name="Row")
    assert [h.name for h in heads] == [f"Row {r} seed {_row_seed(r, 3 + k)}" for r in range(2) for k in range(2)]


def test_one_prompt_keeps_its_seeds(fake):
    """A str: seeds seed, seed+1, ... as before (the Prompt mode's Seed and Variations)."""
    heads = api.generate_heads(VILLAGER, seed=5, variations=3, refine=False, name="Row")
    assert _submitted_seeds(fake) == [5, 6, 7] and [h.name for h in heads] == ["Row seed 5", "Row seed 6", "Row seed 7"]
    with pytest.raises(ValueError, match="seed"):  # its seeds are stated: seed + variations - 1 must be a seed
        api.generate_heads(VILLAGER, seed=api.MAX_SEED, variations=2, refine=False)


def _panel_seed_lines() -> list[str]:
    from test_hair import _panel_labels

    return [t for t in _panel_labels().split(" | ") if t.startswith("Seed: ")]


def test_the_panel_shows_the_active_heads_seed(fake):
    fake.payload_of = _seeded_payload
    heads = api.generate_heads([VILLAGER] * 2, refine=False, name="Villager")
    for head in heads:
        bpy.context.view_layer.objects.active = head
        assert _panel_seed_lines() == [f"Seed: {stored.head_seed(head)} ({head.name})"]
    sidecar = json.loads(heads[1]["textface_sidecar"])
    heads[1]["textface_sidecar"] = json.dumps(dict(sidecar, seed="x"))  # no seed to show: no line, no error
    assert _panel_seed_lines() == []
    heads[1]["textface_sidecar"] = "{"  # damaged: the panel still draws (Refine Selected names the damage)
    assert _panel_seed_lines() == []
    prop = bpy.data.objects.new("Prop", bpy.data.meshes.new("Prop"))
    bpy.context.scene.collection.objects.link(prop)
    bpy.context.view_layer.objects.active = prop
    assert _panel_seed_lines() == []


def test_a_batchs_report_names_each_heads_seed_and_where_the_seeds_came_from(fake):
    fake.payload_of = _seeded_payload
    props = bpy.context.scene.textface
    props.source, props.refine, props.seed = "TEXT", False, 2
    props.batch_text = _text(f'{VILLAGER}\n{{"prompt": "{VILLAGER}", "name": "Al"}}\n'
                             f'{{"prompt": "{VILLAGER}", "name": "Kid", "seed": 9}}\n')
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    al = (backend_seed_of("Al", api.MAX_SEED) + 2) % (api.MAX_SEED + 1)
    first = next(h.name for h in _heads() if h.name not in ("Al", "Kid"))  # (named after its prompt)
    assert [text for kind, text in op.reports if kind == {"INFO"}] == [
        f"TextFace: generated 3 heads (seeds from line names, unnamed lines' numbers (head_<line>); panel seed +2; "
        f"1 line's own seed): {first} seed {_row_seed(0, 2)}, Al seed {al}, Kid seed 9"]


@pytest.mark.parametrize("body, note", [
    ("a\nb\n", "seeds from line numbers (head_<line>); panel seed +0"),
    ('{"prompt": "a", "name": "A"}\n', "seeds from line names; panel seed +0"),
    ('{"prompt": "a", "seed": 1}\n{"prompt": "b", "seed": 2}\n', "each line's own seed"),
    ('a\n{"prompt": "a", "seed": 1}\n{"prompt": "b", "seed": 2}\n',
     "seeds from line numbers (head_<line>); panel seed +0; 2 lines' own seeds"),
])
def test_the_seeds_note(body, note):
    from blender_textface import batch

    assert batch.seeds_note(batch.read_text(body, "t"), 0) == note


def test_the_prompt_modes_report_names_the_seeds(fake):
    fake.payload_of = _seeded_payload
    props = bpy.context.scene.textface
    props.refine, props.seed, props.variations = False, 4, 2
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    first, second = sorted(h.name for h in _heads())
    assert ({"INFO"}, f"TextFace: generated {first} seed 4, {second} seed 5") in op.reports
