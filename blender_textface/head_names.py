"""A head's dependants follow its name: renaming a head `Ann` to `Bob` renames its mesh (`Bob`), material (`Bob`)
and albedo image (`Bob albedo`), and its hair object, mesh, material and image (`Bob hair`, `Bob hair albedo`), so
that the outliner and an FBX/GLB export show Bob's names only; a Shift+D copy `Ann.001`'s hair becomes
`Ann.001 hair` (not `Ann hair.001`).

Blender has no rename event.  A rename tags the object for the depsgraph, so `depsgraph_update_post` sees it in
`depsgraph.updates` (in the UI and in bpy-as-a-module alike, at the next depsgraph update); the handler looks at
the updated objects only (O(updates): one custom-property lookup each, never a scan of the file).  A full pass
(O(heads)) runs after a file load, an undo or redo, before a save and when the add-on is enabled, and the exports
follow the names of the heads they write first, so a script that renames heads without a depsgraph update still
exports and saves the new names.  (`bpy.msgbus` would notify in the UI only: it never fires without an event loop.)

What follows the head: only the head's own data whose name still follows TextFace's pattern for the name it was
given (`textface_name` on the head): "<old>", "<old> albedo", "<old> hair", "<old> hair albedo", each possibly
with Blender's ".001".  A name the artist gave (`Skin_Master`) stays theirs, and so does data another object uses
too (a material shared with other heads, a mesh of a linked duplicate): it cannot be named after both.  A new name
already taken gets Blender's ".001" (what a deleted head left under it goes first, as a new head's build does);
the hair is found by its link to the head (hair.linked_head), never by its name or parent.  Shape key datablocks
keep Blender's "Key.001" names and the add-on makes no actions: neither is named after the head.
"""
from __future__ import annotations

import contextlib

import bpy

from . import hair, head_data
from .stored import SIDECAR_PROP

NAME_PROP = "textface_name"  # on a head: the name its dependants were last given
_paused = 0


@contextlib.contextmanager
def paused():
    """No renaming meanwhile: the exports rename the heads for a moment (`<name>.textface-original`)."""
    global _paused
    _paused += 1
    try:
        yield
    finally:
        _paused -= 1


def _follows(name: str, stems, suffix: str) -> bool:
    """`name` is TextFace's for one of the old names `stems` with `suffix` ("", " albedo", " hair", ...), maybe with
    Blender's ".001"."""
    return any(name == f"{stem}{suffix}" or head_data._base(name) == f"{stem}{suffix}" for stem in stems)


def _given_names(head, hairs) -> set[str]:
    """The names the head's dependants were given: `textface_name`; for a head of an add-on version before it,
    the name its hair was built for, its mesh's name and that name without ".001" (a head named `Head.001` at
    build has a mesh `Head.001`; one whose name `Ann` was taken by the user's mesh has `Ann.001`)."""
    recorded = head.get(NAME_PROP)
    if isinstance(recorded, str):
        return {recorded}
    stems = {head.data.name, head_data._base(head.data.name)}
    stems.update(h.get(hair.HAIR_PROP) for h in hairs if isinstance(h.get(hair.HAIR_PROP), str))
    return stems


def needs_following(obj) -> bool:
    """A head (local, built) whose name is not the one its dependants were given: cheap (the handler's test)."""
    return (SIDECAR_PROP in obj and obj.get(NAME_PROP) != obj.name and obj.type == "MESH"
            and head_data._editable(obj) and not obj.get(head_data.BUILDING_PROP))


def _albedo_images(material) -> list:
    tree = material.node_tree
    return [n.image for n in (tree.nodes if tree is not None else ())
            if n.bl_idname == "ShaderNodeTexImage" and n.image is not None]


def _hairs_of(heads) -> dict:
    """The hair objects of each head, found by their link to it (hair.linked_head: a hair the artist unparented
    is still its head's), in one pass over the objects (`Object.children` makes one per head)."""
    found = {head: [] for head in heads}
    for obj in bpy.data.objects:
        if hair.HAIR_PROP in obj:
            head = hair.linked_head(obj)
            if head in found:
                found[head].append(obj)
    return found


def _plan(head, hairs) -> list[tuple]:
    """(collection, block, new name, owners) for each dependant of `head` still named after its old name.  `owners`:
    (block, the users it may have) pairs that must all hold for it to be renamed: it is used by the head's own
    objects and data only (an image: its material, which is the head mesh's alone, a mesh the object's alone), so
    that data shared with others is left alone; none for the hair object, which is the head's child."""
    stems, new = _given_names(head, hairs), head.name
    found = []

    def add(collection, block, suffix, owners):
        if head_data._editable(block) and _follows(block.name, stems, suffix) and block.name != f"{new}{suffix}":
            found.append((collection, block, f"{new}{suffix}", owners))

    # the hair's key drivers read the head's mesh: Blender's user map counts them among the mesh's users
    readers = {h.data.shape_keys for h in hairs if h.type == "MESH" and h.data is not None and h.data.shape_keys}

    def mesh_and_materials(obj, suffix):
        if obj.type != "MESH" or obj.data is None:
            return
        mesh = [(obj.data, {obj, *readers})]  # (a linked duplicate's mesh, and so its materials, are shared)
        add(bpy.data.meshes, obj.data, suffix, mesh)
        materials = {m for m in obj.data.materials if m is not None} | \
            {s.material for s in obj.material_slots if s.material is not None}
        for material in materials:
            own = [(material, {obj, obj.data}), *mesh]
            add(bpy.data.materials, material, suffix, own)
            for image in _albedo_images(material):
                add(bpy.data.images, image, f"{suffix} albedo", [(image, {material}), *own])

    mesh_and_materials(head, "")
    for obj in hairs:
        if head_data._editable(obj) and _follows(obj.name, stems, " hair") and obj.name != f"{new} hair":
            found.append((bpy.data.objects, obj, f"{new} hair", []))
        mesh_and_materials(obj, " hair")
    return found


def follow(heads) -> list:
    """Give the dependants of each head in `heads` whose name changed the head's name (see the module's
    docstring); returns the datablocks renamed."""
    heads = [h for h in dict.fromkeys(heads) if needs_following(h)]
    if not heads or _paused:
        return []
    hairs = _hairs_of(heads)
    plans = {head: _plan(head, hairs[head]) for head in heads}
    checked = {block for plan in plans.values() for *_, owners in plan for block, _ in owners}
    users = bpy.data.user_map(subset=list(checked)) if checked else {}  # (only when a head was renamed: one pass)
    renamed = []
    for head, plan in plans.items():
        for collection, block, name, owners in plan:
            if any(b.use_fake_user or not users.get(b, set()) <= allowed for b, allowed in owners):
                continue  # used by another object too (or kept by the artist): not this head's alone
            other = collection.get(name)
            if other is not None and head_data.left_by_a_deleted_head(other):
                head_data.remove_leftover(other)  # as a new head of that name does (writer._take_names)
                other = collection.get(name)
            if other is not None and head_data._base(block.name) == name:
                continue  # already Blender's ".001" of the name, which another holds
            block.name = name  # (taken: Blender's ".001")
            renamed.append(block)
        for obj in hairs[head]:
            if head_data._editable(obj):
                obj[hair.HAIR_PROP] = head.name
        head[NAME_PROP] = head.name
    return renamed


def follow_all() -> list:
    """Every head of the file (one property lookup per object, then the renamed heads only): after a load, undo
    or redo, before a save, on enable."""
    return follow([o for o in bpy.data.objects if SIDECAR_PROP in o])


@bpy.app.handlers.persistent
def _after_update(_scene, depsgraph):
    """Renamed or duplicated heads are among the objects the depsgraph updated: only those are looked at."""
    if _paused or not depsgraph.id_type_updated("OBJECT"):
        return
    heads = []
    for update in depsgraph.updates:
        obj = update.id
        if isinstance(obj, bpy.types.Object):
            obj = obj.original
            if needs_following(obj):
                heads.append(obj)
    if heads:
        follow(heads)


@bpy.app.handlers.persistent
def _follow_all(*_args):
    follow_all()


HANDLERS = ((bpy.app.handlers.depsgraph_update_post, _after_update), (bpy.app.handlers.load_post, _follow_all),
            (bpy.app.handlers.undo_post, _follow_all), (bpy.app.handlers.redo_post, _follow_all),
            (bpy.app.handlers.save_pre, _follow_all))


def register():
    for handlers, handler in HANDLERS:
        if handler not in handlers:
            handlers.append(handler)
    if isinstance(bpy.data, bpy.types.BlendData):  # enabled with a file open
        follow_all()


def unregister():
    for handlers, handler in HANDLERS:
        if handler in handlers:
            handlers.remove(handler)
