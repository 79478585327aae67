"""A crowd regenerated from its list (a CSV edited and run again): `api.delete_head` deletes a head whole, and
`if_exists=` of generate_head(s) / generate_batch keeps, replaces or refuses a head of the name asked for.  Before,
every script compared the sidecars itself and `bpy.data.objects.remove(head)` left the hair (unlinked, in the scene),
the mesh, materials and albedos behind, and the new head was "Anna.001" with "Anna.001 hair"."""
from __future__ import annotations

import warnings

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api
from conftest import synthetic_arrays
from hair_wire import synthetic_hair
from test_operators import fake  # noqa: F401 - fixture

ALL_DATA = ("objects", "meshes", "materials", "images", "shape_keys")


def _data():
    return {kind: sorted(b.name for b in getattr(bpy.data, kind)) for kind in ALL_DATA}


def _with_hair(fake):
    fake.payload = wire.to_bytes(wire.pack(**synthetic_arrays(), hair=synthetic_hair()))


def _generates(fake) -> list[tuple[str, int]]:
    return [(p, o["seed"]) for kind, p, o in fake.submitted if kind == "generate"]


def _albedo(obj):
    return next(n.image for n in obj.data.materials[0].node_tree.nodes if n.bl_idname == "ShaderNodeTexImage")


def test_delete_head_leaves_nothing_and_undo_brings_it_back_whole(fake):
    _with_hair(fake)
    empty = _data()
    api.generate_head("a tall man", seed=1, refine=False, name="Bob", location=(2, 0, 0))
    bob = _data()
    ann = api.generate_head("a young woman", seed=2, refine=False, name="Ann")
    assert api.hair_of(ann).name == "Ann hair"
    bpy.ops.ed.undo_push(message="made")
    api.delete_head("Ann")
    bpy.ops.ed.undo_push(message="deleted")
    assert _data() == bob  # head, hair, meshes, shape keys, materials, albedos: none left (no orphans)
    assert bob != empty and all(len(bob[k]) == 2 for k in ("objects", "meshes", "materials", "images"))
    assert bpy.ops.ed.undo() == {"FINISHED"}
    ann = bpy.data.objects["Ann"]
    assert api.hair_of(ann).name == "Ann hair" and _albedo(ann).packed_file is not None
    assert bpy.ops.ed.redo() == {"FINISHED"}
    assert _data() == bob


def test_delete_head_takes_a_head_its_hair_or_its_name_and_refuses_the_rest(fake):
    _with_hair(fake)
    ann = api.generate_head("a young woman", seed=2, refine=False, name="Ann")
    prop = bpy.data.objects.new("Prop", bpy.data.meshes.new("Prop"))
    bpy.context.scene.collection.objects.link(prop)
    with pytest.raises(ValueError, match="no object named 'Nobody'"):
        api.delete_head("Nobody")
    with pytest.raises(api.NotAHead, match="Prop is no TextFace head"):
        api.delete_head(prop)
    with pytest.raises(TypeError, match="expected a head object"):
        api.delete_head(3)
    api.delete_head(api.hair_of(ann))  # the hair stands for its head, as in Refine Selected and the exports
    assert sorted(o.name for o in bpy.data.objects) == ["Prop"]
    assert sorted(m.name for m in bpy.data.materials) == []


def test_delete_head_keeps_a_painted_albedo(fake):
    ann = api.generate_head("a young woman", seed=2, refine=False, name="Ann")
    image = _albedo(ann)
    pixels = np.empty(len(image.pixels), np.float32)
    image.pixels.foreach_get(pixels)
    pixels[:4] = 0.25
    image.pixels.foreach_set(pixels)  # unsaved paint: the artist's
    with pytest.warns(api.AlbedoKept, match="Ann albedo painted"):
        api.delete_head(ann)
    assert [i.name for i in bpy.data.images] == ["Ann albedo painted"] and bpy.data.images[0].use_fake_user
    assert not bpy.data.objects and not bpy.data.meshes


def test_skip_keeps_a_head_of_the_same_request_and_replaces_one_that_differs(fake):
    _with_hair(fake)
    anna = api.generate_head("a young woman", seed=1, refine=False, name="Anna", location=(0, 0, 0))
    bob = api.generate_head("an old man", seed=3, refine=False, name="Bob", location=(1, 0, 0))
    anna_hair = api.hair_of(anna)
    fake.submitted.clear()
    assert api.generate_head("a young woman", seed=1, refine=False, name="Anna", if_exists="skip") == anna
    assert fake.submitted == [] and api.hair_of(anna) == anna_hair  # nothing asked of the backend
    # the row edited: another seed, another prompt, another option each replace the head
    bob.location = (5, 0, 0)
    for prompt, seed, refine in (("an old man", 4, False), ("an old bald man", 4, False),
                                 ("an old bald man", 4, True)):
        new = api.generate_head(prompt, seed=seed, refine=refine, name="Bob", if_exists="skip")
        assert new.name == "Bob" and api.hair_of(new).name == "Bob hair"
        assert tuple(new.location) == (5, 0, 0)  # at the cursor: where the head it replaces stood
    assert _generates(fake) == [("an old man", 4), ("an old bald man", 4), ("an old bald man", 4)]
    assert sorted(o.name for o in bpy.data.objects) == ["Anna", "Anna hair", "Bob", "Bob hair"]
    assert len(bpy.data.meshes) == len(bpy.data.materials) == len(bpy.data.images) == 4  # no orphans
    fake.submitted.clear()
    api.generate_head("an old bald man", seed=4, refine=True, name="Bob", if_exists="skip")
    assert fake.submitted == []


def test_replace_error_and_new(fake):
    _with_hair(fake)
    api.generate_head("a young woman", seed=1, refine=False, name="Anna")
    fake.submitted.clear()
    with pytest.raises(ValueError, match="if_exists='error': 'Anna' is already in the scene"):
        api.generate_head("a young woman", seed=1, refine=False, name="Anna", if_exists="error")
    assert fake.submitted == []  # refused before any job
    again = api.generate_head("a young woman", seed=1, refine=False, name="Anna", if_exists="replace")
    assert again.name == "Anna" and len(bpy.data.objects) == 2 and len(fake.submitted) == 1
    beside = api.generate_head("a young woman", seed=1, refine=False, name="Anna")  # default: as before
    assert beside.name == "Anna.001" and len(bpy.data.objects) == 4
    with pytest.raises(ValueError, match="if_exists must be one of 'new', 'replace', 'skip', 'error'"):
        api.generate_head("a young woman", name="Anna", if_exists="overwrite")
    with pytest.raises(ValueError, match="finds heads by name"):
        api.generate_head("a young woman", if_exists="skip")


def test_a_name_that_is_no_heads_is_refused(fake):
    bpy.context.scene.collection.objects.link(bpy.data.objects.new("Anna", None))
    with pytest.raises(ValueError, match="'Anna' is an object that is no TextFace head"):
        api.generate_head("a young woman", name="Anna", if_exists="replace")
    assert fake.submitted == []


def test_a_failed_replacement_keeps_the_old_head(fake):
    anna = api.generate_head("a young woman", seed=1, refine=False, name="Anna")
    fake.fail_seeds[7] = "out of memory"
    with pytest.raises(api.BackendError):
        api.generate_head("a young woman", seed=7, refine=False, name="Anna", if_exists="replace")
    assert bpy.data.objects["Anna"] == anna


def test_a_crowd_list_regenerates_only_its_changed_rows_in_place(fake):
    rows = ["a young woman", "an old man", "a bald child"]
    crowd = api.generate_heads(rows, refine=False, name="Row", location=(0, 0, 0))
    places = [tuple(h.location) for h in crowd]
    fake.submitted.clear()
    rows[1] = "an old man with a beard"
    again = api.generate_heads(rows, refine=False, name="Row", location=(0, 0, 0), if_exists="skip")
    assert [p for p, _ in _generates(fake)] == ["an old man with a beard"]
    assert again[0] == crowd[0] and again[2] == crowd[2] and [h.name for h in again] == ["Row 0", "Row 1", "Row 2"]
    assert [tuple(h.location) for h in again] == places  # the new row 1 in its own cell
    assert len(bpy.data.objects) == 3


def test_a_batch_takes_if_exists(fake, tmp_path):
    path = tmp_path / "crowd.jsonl"
    path.write_text('{"prompt": "a young woman", "name": "Anna", "seed": 1}\n'
                    '{"prompt": "an old man", "name": "Bob", "seed": 2}\n')
    first = api.generate_batch(str(path), refine=False)
    fake.submitted.clear()
    path.write_text('{"prompt": "a young woman", "name": "Anna", "seed": 1}\n'
                    '{"prompt": "an old man", "name": "Bob", "seed": 9}\n')
    again = api.generate_batch(str(path), refine=False, if_exists="skip")
    assert _generates(fake) == [("an old man", 9)] and again[0] == first[0] and again[1].name == "Bob"


def test_names_differing_only_in_case_are_warned_at_generate_time(fake):
    api.generate_head("a young woman", seed=1, refine=False, name="Anna")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.generate_head("a young man", seed=2, refine=False, name="Anna.001")  # a copy's name: spelled alike
        api.generate_head("a young woman", seed=3, refine=False, name="anna")
    clashes = [str(w.message) for w in caught if issubclass(w.category, api.NameCaseClash)]
    assert len(clashes) == 1  # the copy's name gave none; "anna" names both it clashes with
    assert clashes[0].startswith("'anna' and 'Anna', 'anna' and 'Anna.001' differ only in case: ")
    assert "Windows, Unity and Unreal" in clashes[0] and "\n" not in clashes[0]


def test_generates_report_warns_of_a_name_differing_only_in_case(fake):
    from test_crowd_seeds import _text
    from test_operators import _ended, _harness, _tick_until

    api.generate_head("a young woman", seed=1, refine=False, name="Anna")
    props = bpy.context.scene.textface
    props.source, props.refine = "TEXT", False
    props.batch_text = _text('{"prompt": "a young woman", "name": "anna"}\n')
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    warned = [text for kind, text in op.reports if kind == {"WARNING"}]
    assert len(warned) == 1 and warned[0].startswith("TextFace: 'anna' and 'Anna' differ only in case: ")


def _readme_example() -> str:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "blender_textface" / "README.md").read_text()
    section = text[text.index("**Regenerating a crowd from a list**"):]
    start = section.index("```python\n") + len("```python\n")
    return section[start:section.index("\n```", start)]


def test_the_readmes_crowd_from_csv_example(fake, tmp_path):
    _with_hair(fake)
    bpy.context.scene.collection.children.link(bpy.data.collections.new("Crowd"))
    bpy.ops.wm.save_as_mainfile(filepath=str(tmp_path / "crowd.blend"))  # ("//crowd.csv" beside it)
    csv_path = tmp_path / "crowd.csv"
    csv_path.write_text("name,prompt,seed\nAnna,a young woman,1\nBob,an old man,2\nCy,a bald child,3\n")
    example = _readme_example()
    assert "if_exists=\"skip\"" in example and len(example.splitlines()) <= 10
    exec(example, {})
    crowd = bpy.data.collections["Crowd"]
    first = {o.name: o for o in crowd.objects}
    assert sorted(first) == ["Anna", "Anna hair", "Bob", "Bob hair", "Cy", "Cy hair"]
    fake.submitted.clear()
    csv_path.write_text("name,prompt,seed\nAnna,a young woman,1\nBob,an old man with a beard,2\n")
    exec(example, {})
    assert _generates(fake) == [("an old man with a beard", 2)]
    assert sorted(o.name for o in bpy.data.objects) == ["Anna", "Anna hair", "Bob", "Bob hair"]
    assert bpy.data.objects["Anna"] == first["Anna"] and len(bpy.data.meshes) == len(bpy.data.images) == 4


def test_a_head_being_edited_is_not_replaced_or_deleted(fake):
    anna = api.generate_head("a young woman", seed=1, refine=False, name="Anna")
    bpy.context.view_layer.objects.active = anna
    bpy.ops.object.mode_set(mode="EDIT")
    fake.submitted.clear()
    with pytest.raises(ValueError, match="Anna would be replaced but is not in Object Mode"):
        api.generate_head("a young woman", seed=2, refine=False, name="Anna", if_exists="skip")
    with pytest.raises(ValueError, match="Anna is not in Object Mode"):
        api.delete_head(anna)
    assert fake.submitted == [] and bpy.data.objects["Anna"] == anna
    bpy.ops.object.mode_set(mode="OBJECT")
