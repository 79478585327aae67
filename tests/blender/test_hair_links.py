"""A hair is linked to its head (hair.set_link: a driver's target on the hair object), not found by its parent, and
its key drivers read the head's mesh: a hair the artist unparented (Alt+P) still follows renames of its head and
stands for it (Refine, exports, Match Hair); a linked duplicate (Alt+D) of head and hair, which shares both meshes,
keeps its hair following the pose both heads share when either head is deleted or refined, and a head made
single-user (Make Single User) gets a hair of its own, driven by its own keys (hair_links.py)."""
from __future__ import annotations

import bpy
import numpy as np

from blender_textface import api, export, hair, refine
from test_hair import _evaluated, _refine_result
from test_hair_key_settings import _head, _moves_alike


def _select(*objects, active=None):
    bpy.context.view_layer.update()  # (the layer's bases of new objects)
    for obj in bpy.context.view_layer.objects:
        obj.select_set(obj in objects)
    bpy.context.view_layer.objects.active = active or objects[0]


def _linked_duplicate(head):
    """Alt+D of head and hair: (copy of the head, copy of the hair), both sharing the originals' meshes."""
    obj = api.hair_of(head)
    _select(head, obj)
    assert bpy.ops.object.duplicate(linked=True) == {"FINISHED"}
    new = [o for o in bpy.context.view_layer.objects if o.select_get()]
    copy = next(o for o in new if not hair.is_hair(o))
    copy_hair = next(o for o in new if hair.is_hair(o))
    assert copy.data == head.data and copy_hair.data == obj.data  # Alt+D shares the data
    return copy, copy_hair


def test_a_linked_duplicates_hair_follows_it_after_the_original_is_deleted(bpy_empty, tmp_path):
    """Before, the shared drivers read the original head object: deleted, they read nothing and the copy's hair
    stood still while the copy's jaw opened."""
    head, arrays = _head(tmp_path)
    copy, copy_hair = _linked_duplicate(head)
    assert hair.hair_of(copy) == copy_hair and hair.head_of(copy_hair) == copy
    _select(head, api.hair_of(head))
    assert bpy.ops.object.delete() == {"FINISHED"}  # the original, head and hair
    assert sorted(o.name for o in bpy.data.objects) == sorted([copy.name, copy_hair.name])
    assert _moves_alike(copy, copy_hair, arrays["hair_anchor"], "jawOpen", 0.8) > 0.001
    assert hair.left_behind() == []


def test_the_original_of_a_linked_pair_deleted_alone_leaves_its_hair_offered_and_the_copys_working(
        bpy_empty, tmp_path):
    head, arrays = _head(tmp_path)
    obj = api.hair_of(head)
    copy, copy_hair = _linked_duplicate(head)
    _select(head)
    assert bpy.ops.object.delete() == {"FINISHED"}  # the head alone (X)
    assert hair.left_behind() == [obj]  # the original's hair, not the copy's
    assert hair.remove(obj) is None and copy_hair.data.name in bpy.data.meshes  # the shared mesh stays the copy's
    assert _moves_alike(copy, copy_hair, arrays["hair_anchor"], "jawOpen", 0.7) > 0.001


def test_refining_one_of_a_linked_pair_gives_both_the_refined_hair(bpy_empty, tmp_path):
    """Refining a linked head refines the mesh both heads show: before, the copy kept the old hair on it."""
    head, arrays = _head(tmp_path)
    copy, copy_hair = _linked_duplicate(head)
    refine.apply_refinement(head, _refine_result())
    new = api.hair_of(head)
    assert copy_hair.name in bpy.data.objects and copy_hair.data == new.data
    assert hair.hair_of(copy) == copy_hair and hair.hair_of(head) == new
    assert _moves_alike(copy, copy_hair, arrays["hair_anchor"], "jawOpen", 0.6) > 0.001


def test_a_linked_copy_made_single_user_gets_its_own_hair_driven_by_it(addon, tmp_path):
    """Object > Relations > Make Single User (object and data) of the copy: before, its hair (still sharing the
    original hair's mesh, or a copy of it driven by the original's mesh) followed the original head's keys."""
    head, arrays = _head(tmp_path)
    obj = api.hair_of(head)
    copy, copy_hair = _linked_duplicate(head)
    _select(copy)
    assert bpy.ops.object.make_single_user(object=True, obdata=True) == {"FINISHED"}
    bpy.context.view_layer.update()  # (the depsgraph update the UI makes after the operator)
    assert copy.data != head.data and copy_hair.data != obj.data
    assert hair.driven_by(copy_hair) == copy.data and hair.driven_by(obj) == head.data
    still = _evaluated(obj)
    assert _moves_alike(copy, copy_hair, arrays["hair_anchor"], "jawOpen", 0.9) > 0.001
    np.testing.assert_allclose(_evaluated(obj), still, atol=0)  # the original's hair stays with its head
    assert _moves_alike(head, obj, arrays["hair_anchor"], "eyeBlink_L", 0.4) > 0.001
    # both made single-user (head and hair of the copy): the hair's own mesh, its drivers still the original's
    head2, arrays = _head(tmp_path, "Bob")
    copy2, copy_hair2 = _linked_duplicate(head2)
    _select(copy2, copy_hair2)
    assert bpy.ops.object.make_single_user(object=True, obdata=True) == {"FINISHED"}
    bpy.context.view_layer.update()
    assert hair.driven_by(copy_hair2) == copy2.data
    assert _moves_alike(copy2, copy_hair2, arrays["hair_anchor"], "jawOpen", 0.5) > 0.001


def test_an_unparented_hair_follows_its_heads_rename(addon, tmp_path):
    """Before, the hair was found as the head's child: unparented (Alt+P), it kept `Ann hair`."""
    head, _ = _head(tmp_path)
    obj = api.hair_of(head)
    _select(obj)
    assert bpy.ops.object.parent_clear(type="CLEAR_KEEP_TRANSFORM") == {"FINISHED"}
    assert obj.parent is None and api.hair_of(head) == obj and hair.head_of(obj) == head
    head.name = "Bob"
    bpy.context.view_layer.update()
    assert (obj.name, obj.data.name, obj.data.materials[0].name) == ("Bob hair", "Bob hair", "Bob hair")
    assert obj["textface_hair"] == "Bob" and hair.left_behind() == []


def test_an_unparented_hair_stands_for_its_head(bpy_empty, tmp_path):
    """Refine Selected, the exports and Match Hair given the unparented hair act on its head (before: on the hair,
    refused as no head, or exported as a mesh of its own)."""
    head, _ = _head(tmp_path)
    obj = api.hair_of(head)
    obj.parent = None
    assert export.heads_to_export([obj]) == [head]
    assert api.match_hair(obj) == obj
    refine.apply_refinement(hair.head_of(obj), _refine_result())
    assert api.hair_of(head) not in (None, obj)


def _as_an_older_version_built_it(obj, head) -> None:
    """The hair as add-on versions before the link built it: no `textface_head` link (found by its parent only), its
    key drivers reading the head object (`data.shape_keys...`), not its mesh."""
    hair.unlink(obj)
    for block in obj.data.shape_keys.key_blocks[1:]:
        if block.name not in head.data.shape_keys.key_blocks:
            continue
        block.driver_remove("value")
        driver = block.driver_add("value").driver
        driver.type = "SCRIPTED"
        path = f'data.shape_keys.key_blocks["{bpy.utils.escape_identifier(block.name)}"]'
        for name, prop in (("value", "value"), ("muted", "mute")):
            hair.add_key_variable(driver, name, head, f"{path}.{prop}")
        driver.expression = "value * (1 - muted)"


def _reopened(tmp_path, *names):
    """Save the file and open it again (load_post runs): the objects of `names` in the opened file."""
    path = str(tmp_path / "old.blend")
    assert bpy.ops.wm.save_as_mainfile(filepath=path) == {"FINISHED"}
    assert bpy.ops.wm.open_mainfile(filepath=path) == {"FINISHED"}
    return [bpy.data.objects[name] for name in names]


def test_an_old_hair_is_linked_to_its_head_when_the_file_is_opened(addon, tmp_path):
    """Before, such a hair was its parent's only: unparented (Alt+P) it was no head's (no rename, export or refine
    took it, and the panel offered it as left behind), and its head made single-user left it reading the other
    head."""
    head, arrays = _head(tmp_path)
    _as_an_older_version_built_it(api.hair_of(head), head)
    bob, _ = _head(tmp_path, "Bob")
    prop = bpy.data.objects.new("Prop", bpy.data.meshes.new("Prop"))
    bpy.context.scene.collection.objects.link(prop)
    stray = api.hair_of(bob)
    _as_an_older_version_built_it(stray, bob)
    stray.parent = prop  # an old hair parented to what is no head: whose it is cannot be told, left as it is
    assert hair.HEAD_LINK_PROP not in api.hair_of(head)
    head, obj, stray = _reopened(tmp_path, "Ann", "Ann hair", "Bob hair")
    assert hair.HEAD_LINK_PROP in obj and hair.linked_head(obj) == head and hair.HEAD_LINK_PROP not in stray
    obj.parent = None  # Alt+P
    assert api.hair_of(head) == obj and hair.head_of(obj) == head and hair.left_behind() == []
    head.name = "Carl"
    bpy.context.view_layer.update()
    assert obj.name == "Carl hair"
    assert _moves_alike(head, obj, arrays["hair_anchor"], "jawOpen", 0.3) > 0.001


def test_an_old_hairs_head_made_single_user_gets_its_own_hair(addon, tmp_path):
    head, arrays = _head(tmp_path)
    _as_an_older_version_built_it(api.hair_of(head), head)
    head, obj = _reopened(tmp_path, "Ann", "Ann hair")
    copy, copy_hair = _linked_duplicate(head)
    _select(copy, copy_hair)
    assert bpy.ops.object.make_single_user(object=True, obdata=True) == {"FINISHED"}
    bpy.context.view_layer.update()
    assert hair.driven_by(copy_hair) == copy.data  # before: still the original head, whose pose it showed
    still = _evaluated(obj)
    assert _moves_alike(copy, copy_hair, arrays["hair_anchor"], "jawOpen", 0.5) > 0.001
    np.testing.assert_allclose(_evaluated(obj), still, atol=0)
    assert _moves_alike(head, obj, arrays["hair_anchor"], "jawOpen", 0.6) > 0.001


def test_a_hair_parented_by_hand_to_another_head_stays_its_linked_heads(addon, tmp_path):
    """The link wins: Ann's hair parented to Bob (Ctrl+P) is Ann's, and Bob's lookup leaves it out.  Before, it was
    neither head's: Ann's refine left it beside her new hair and her export left it out."""
    ann, arrays = _head(tmp_path)
    bob, _ = _head(tmp_path, "Bob")
    ann_hair, bob_hair = api.hair_of(ann), api.hair_of(bob)
    _select(ann_hair, bob, active=bob)
    assert bpy.ops.object.parent_set(type="OBJECT") == {"FINISHED"}
    assert ann_hair.parent == bob
    assert api.hair_of(ann) == ann_hair and hair.hair_objects(bob) == [bob_hair]
    assert hair.head_of(ann_hair) == ann and export.heads_to_export([ann_hair]) == [ann]
    assert hair.left_behind() == []
    assert _moves_alike(ann, ann_hair, arrays["hair_anchor"], "jawOpen", 0.4) > 0.001
    old = ann_hair.session_uid
    refine.apply_refinement(ann, _refine_result())  # her hair replaced (the old one removed), Bob's kept
    assert old not in {o.session_uid for o in bpy.data.objects}
    assert api.hair_of(ann).name == "Ann hair" and api.hair_of(bob) == bob_hair


def test_an_old_hair_is_linked_when_the_add_on_is_enabled(bpy_empty, tmp_path):
    """A file opened while the add-on was off: its old hair is linked when the add-on is enabled (before: only its
    parent's until a reload)."""
    import addon_utils

    head, _ = _head(tmp_path)
    obj = api.hair_of(head)
    _as_an_older_version_built_it(obj, head)
    assert addon_utils.enable("blender_textface", default_set=True) is not None
    try:
        assert hair.HEAD_LINK_PROP in obj and hair.linked_head(obj) == head
        obj.parent = None
        assert api.hair_of(head) == obj
    finally:
        addon_utils.disable("blender_textface", default_set=True)
