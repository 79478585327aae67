"""Each hair follows its own head's keys, also after the artist made a linked duplicate's data single-user.

A linked duplicate (Alt+D) of head and hair shares both meshes: the hair's drivers (on the hair mesh's shape keys)
read the head mesh both heads show, which is right for both (hair.py).  Object > Relations > Make Single User then
gives one head a mesh of its own, and its hair would go on reading the other head's: `hair.rewire` gives that hair a
mesh of its own, driven by its head's.  Blender has no event for it; the depsgraph update that follows tags the
head's geometry, and `depsgraph_update_post` looks at the heads whose geometry it updated and whose mesh is not the
one it last saw them with (a posed head: one dictionary lookup; a moved head is a transform update: nothing is looked
at).  The hair's own mesh may change at will (its drivers read the head's).  Every hair is looked at after a file
load, undo or redo.  Only hairs linked to their head (hair.set_link: built by this add-on version) are rewired; none
while an export's copies exist (head_names.paused).  A hair of an older add-on version (no link: its parent's) is
given the link to its parent head after a file load and when the add-on is enabled (hair.link_old_hair), so it is
rewired and found unparented too.
A hair parented by hand to another head stays its linked head's (the link wins): it is looked at with that head.
"""
from __future__ import annotations

import bpy

from . import hair, head_names
from .stored import SIDECAR_PROP


_meshes_seen: dict[int, int] = {}  # head's session_uid -> its mesh's, when its hairs were last looked at


def rewire(hairs) -> list:
    """`hair.rewire` each linked hair of `hairs` to its head; returns the hairs changed."""
    changed = []
    for obj in dict.fromkeys(hairs):
        if hair.HEAD_LINK_PROP not in obj:
            continue
        head = hair.linked_head(obj)
        if head is not None and SIDECAR_PROP in head and hair.rewire(obj, head):
            changed.append(obj)
    return changed


@bpy.app.handlers.persistent
def _after_update(_scene, depsgraph):
    if head_names._paused or not depsgraph.id_type_updated("OBJECT"):
        return
    hairs, heads, object_type = [], set(), bpy.types.Object
    for update in depsgraph.updates:
        if not update.is_updated_geometry:
            continue
        obj = update.id
        if not isinstance(obj, object_type):
            continue
        obj = obj.original
        if SIDECAR_PROP in obj and obj.data is not None:
            mesh = obj.data.session_uid
            if _meshes_seen.get(obj.session_uid) != mesh:
                _meshes_seen[obj.session_uid] = mesh
                heads.add(obj)
    if heads:  # their hairs (linked to them: also unparented, or parented to another head), in one pass
        hairs += [o for o in bpy.data.objects if hair.HEAD_LINK_PROP in o and hair.linked_head(o) in heads]
    if hairs:
        rewire(hairs)


@bpy.app.handlers.persistent
def _rewire_all(*_args):
    _meshes_seen.clear()
    if not head_names._paused:
        rewire([o for o in bpy.data.objects if hair.HEAD_LINK_PROP in o])


def link_old_hairs() -> list:
    """Link the file's hairs of add-on versions before the link to their parent heads (hair.link_old_hair); returns
    those linked."""
    return [obj for obj in [o for o in bpy.data.objects if hair.HAIR_PROP in o] if hair.link_old_hair(obj)]


@bpy.app.handlers.persistent
def _after_load(*args):
    """A file opened: its old hairs linked to their parent heads (before Make Single User or Alt+P lose them), then
    every hair rewired."""
    if not head_names._paused:
        link_old_hairs()
    _rewire_all(*args)


HANDLERS = ((bpy.app.handlers.depsgraph_update_post, _after_update), (bpy.app.handlers.load_post, _after_load),
            (bpy.app.handlers.undo_post, _rewire_all), (bpy.app.handlers.redo_post, _rewire_all))


def register():
    for handlers, handler in HANDLERS:
        if handler not in handlers:
            handlers.append(handler)
    if isinstance(bpy.data, bpy.types.BlendData):  # enabled with a file open (as head_names follows its heads)
        link_old_hairs()


def unregister():
    _meshes_seen.clear()
    for handlers, handler in HANDLERS:
        if handler in handlers:
            handlers.remove(handler)
