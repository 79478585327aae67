"""Export heads for game engines: FBX (Unity/Unreal) and GLB, from temporary baked copies.

Engines clamp morph weights to 0..1 while identity coefficients are often negative, so by default
each head is exported from a copy whose Basis is the head's identity (neutral + sum of id_ keys at
their values) and whose only keys are the expressions, re-based on that identity so each keeps its
exact offset (a light head, built without id_ keys, has its identity baked already: its copy is
exported as it is).  The copies' expression keys take ARKit's names by default (arkit_names.py).  The
originals are never changed; the copies are removed even when export fails.
"""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path

import bpy
import numpy as np
from mathutils import Matrix

from . import alpha_clip, animated_keys, arkit_names, export_names, gltf_log, hair, head_names, units
from .stored import SIDECAR_PROP
from .errors import ExportFailed
from .key_offsets import coords as _coords, vertex_group_weights as _weights
from .planning import IDENTITY_KEY_FORMAT

IDENTITY_PREFIX = IDENTITY_KEY_FORMAT.split("{")[0]


def bake_identity(obj: bpy.types.Object) -> None:
    """Fold the id_ keys (at their values) into the Basis and drop them; expressions keep their effect.

    Each id_ key adds what Blender shows of it: value x (key - its relative key), scaled by its vertex group's
    weights; an expression key relative to an id_ key keeps its offset from that key (it becomes relative to
    the Basis when the id_ key goes)."""
    keys = obj.data.shape_keys
    blocks = keys.key_blocks
    basis = keys.reference_key
    base = _coords(basis)
    identity = base.copy()
    id_blocks = [b for b in blocks if b.name.startswith(IDENTITY_PREFIX)]
    for block in id_blocks:
        if block.mute or block.value == 0.0:
            continue
        offset = _coords(block) - _coords(block.relative_key)  # (nothing is written before this loop ends)
        weights = _weights(obj, block.vertex_group)
        identity += block.value * (offset if weights is None else offset * weights)
    for block in blocks:
        if block == basis or block.name.startswith(IDENTITY_PREFIX):
            continue
        relative = block.relative_key
        if relative.name.startswith(IDENTITY_PREFIX):  # its reference goes: keep its offset from it
            block.points.foreach_set("co", identity + _coords(block) - _coords(relative))
            block.relative_key = basis
        else:  # every kept key moves alike: offsets between them stay
            block.points.foreach_set("co", _coords(block) - base + identity)
    basis.points.foreach_set("co", identity)
    obj.data.vertices.foreach_set("co", identity)
    for block in id_blocks:
        obj.shape_key_remove(block)
    obj.data.update()


def _deleted(obj) -> bool:
    """A Python object whose Blender object was removed (its attributes raise ReferenceError)."""
    try:
        obj.as_pointer()
    except ReferenceError:
        return True
    return False


def heads_of(objects) -> list[bpy.types.Object]:
    """The mesh objects, each once (a head listed twice would be copied and renamed twice).  A deleted
    object (a script's crowd list outlives the heads it removed) is an ExportFailed naming its place; what is no
    list of objects (one head alone, names) a TypeError saying what to pass."""
    if isinstance(objects, bpy.types.ID) or isinstance(objects, (str, bytes)) or not hasattr(objects, "__iter__"):
        hint = "; to export one head, pass it in a list: [head]" if isinstance(objects, bpy.types.Object) else ""
        raise TypeError(f"the objects to export must be a list of head objects, got {type(objects).__name__} "
                        f"{objects!r:.60}{hint}")
    objects = list(objects)
    odd = next((k for k, obj in enumerate(objects) if obj is not None and not isinstance(obj, bpy.types.Object)), None)
    if odd is not None:
        obj = objects[odd]
        hint = f"; use bpy.data.objects[{obj!r}]" if isinstance(obj, str) else ""
        raise TypeError(f"the objects to export must be head objects (bpy.types.Object), got {type(obj).__name__} "
                        f"{obj!r:.60} at list index {odd}{hint}")
    deleted = [k for k, obj in enumerate(objects) if isinstance(obj, bpy.types.ID) and _deleted(obj)]
    if deleted:
        where = (f"list index {deleted[0]}" if len(deleted) == 1
                 else f"list indices {', '.join(map(str, deleted))}")
        raise ExportFailed(f"cannot export: {len(deleted)} of the {len(objects)} objects given "
                           f"{'has' if len(deleted) == 1 else 'have'} been deleted ({where}); "
                           "drop deleted heads from the list (nothing was written)")
    heads = list(dict.fromkeys(o for o in objects if o is not None and o.type == "MESH"))
    if not heads:
        raise ExportFailed("nothing to export: select one or more TextFace heads (mesh objects)")
    return heads


def _why_not_a_head(obj) -> str:
    if hair.is_hair(obj):
        return f"{obj.name} is the hair of a deleted head"
    return f"{obj.name} is not a TextFace head"


def heads_to_export(objects) -> list[bpy.types.Object]:
    """The TextFace heads `objects` stand for, each once (a hair listed stands for its head).  Other meshes (a prop,
    the hair of a deleted head) are left out (`left_out` names them); none left is an ExportFailed naming them."""
    meshes = list(dict.fromkeys(hair.head_of(o) for o in heads_of(objects)))
    heads = [o for o in meshes if SIDECAR_PROP in o]
    if not heads:
        reasons = "; ".join(_why_not_a_head(o) for o in meshes[:3]) + ("; ..." if len(meshes) > 3 else "")
        raise ExportFailed(f"nothing to export: {reasons} (select heads made by Generate or imported from .npz; "
                           "nothing was written)")
    return heads


def left_out(objects) -> str | None:
    """One line naming the meshes of `objects` an export leaves out (not TextFace heads nor their hair), or None."""
    meshes = list(dict.fromkeys(hair.head_of(o) for o in heads_of(objects)))
    others = [o for o in meshes if SIDECAR_PROP not in o]
    if not others:
        return None
    return f"left out of the export: {'; '.join(_why_not_a_head(o) for o in others)} (the exports write TextFace heads)"


def exported_key_names(head, keep_identity_keys: bool) -> list[str]:
    """The head's shape keys (Basis aside) that an export writes as morphs, by their names in Blender."""
    keys = head.data.shape_keys
    if keys is None:
        return []
    return [b.name for b in keys.key_blocks[1:] if keep_identity_keys or not b.name.startswith(IDENTITY_PREFIX)]


def animated_heads(heads, keep_identity_keys: bool) -> list[bpy.types.Object]:
    """Of `heads`, those with an exported key whose value is animated (keyframes, NLA strips, a driver)."""
    return [h for h in heads
            if animated_keys.animated_values(h.data.shape_keys, exported_key_names(h, keep_identity_keys))]


def modifiers_note(objects) -> str | None:
    """One line naming the modifiers (shown in the viewport or render) that an export of `objects` does not apply
    (heads and their hairs): morph targets must have the vertices of the mesh they deform, so the exports write
    the base mesh; None when there are none."""
    found = []
    for head in heads_to_export(objects):
        for obj in [head, *hair.hair_objects(head)]:
            used = [m.name for m in obj.modifiers if m.show_viewport or m.show_render]
            if used:
                found.append(f"{', '.join(used)} on {obj.name}")
    if not found:
        return None
    return f"modifiers are not applied: morph targets need the base mesh ({'; '.join(found)})"


def _frame_range(heads, scene) -> tuple[int, int]:
    """The frames to bake: from the first to the last frame of the actions animating the heads' keys (the
    active action's, unmuted NLA strips'), as the glTF exporter takes each action's range; the scene's when
    only drivers animate them."""
    starts, ends = [], []
    for head in heads:
        data = head.data.shape_keys.animation_data
        if data.action is not None:
            start, end = data.action.frame_range
            starts.append(start)
            ends.append(end)
        for track in data.nla_tracks:
            if not track.mute:
                for strip in track.strips:
                    if not strip.mute:
                        starts.append(strip.frame_start)
                        ends.append(strip.frame_end)
    if not starts:
        return scene.frame_start, scene.frame_end
    return int(np.floor(min(starts))), max(int(np.ceil(max(ends))), int(np.floor(min(starts))))


@contextlib.contextmanager
def _scene_frames(scene, start: int, end: int):
    """The scene's frame range set to start..end for the exporter (which bakes the scene's range), then back."""
    before = scene.frame_start, scene.frame_end
    try:
        for _ in range(2):  # (Blender moves the other end when one passes it: twice settles both)
            scene.frame_start, scene.frame_end = start, end
        yield
    finally:
        for _ in range(2):
            scene.frame_start, scene.frame_end = before


def _follow_head(copy, head, names: str) -> None:
    """Drivers on an export copy's keys (a head's or its hair's, renamed) reading the original head's keys they
    come from, as the copy was made from them: the value (0 while muted), the mean of a merged pair's halves.
    The FBX exporter, baking frame by frame, then writes the head's animation, whatever animates it, on the
    head's morphs and the hair's alike.  Simple expressions: Blender evaluates them without Python."""
    keys = copy.data.shape_keys
    shown = head.data.shape_keys.key_blocks
    if keys is None:
        return
    keys.animation_data_clear()  # (the copied action, renamed: the drivers read the head itself)
    export_name = (lambda n: arkit_names.ICT_TO_ARKIT.get(n, n)) if names == "arkit" else (lambda n: n)
    for block in keys.key_blocks[1:]:
        sources = [b.name for b in shown[1:] if export_name(b.name) == block.name]
        if not sources:
            continue
        driver = block.driver_add("value").driver
        driver.type = "SCRIPTED"
        terms = []
        for k, source in enumerate(sources):
            path = f'data.shape_keys.key_blocks["{bpy.utils.escape_identifier(source)}"]'
            for var_name, prop in ((f"v{k}", "value"), (f"m{k}", "mute")):
                hair.add_key_variable(driver, var_name, head, f"{path}.{prop}")
            terms.append(f"v{k} * (1 - m{k})")
        driver.expression = terms[0] if len(terms) == 1 else f"({' + '.join(terms)}) / {len(terms)}"


def _hold_still(copy) -> None:
    """A still head's copy in an export that bakes animation: where it is now, with no animation of its own,
    parent or constraint to move it (its transform is not baked by accident; its hair, a child, stays with it)."""
    world = copy.matrix_world.copy()
    copy.animation_data_clear()
    copy.constraints.clear()
    copy.parent = None
    copy.matrix_world = world


@contextlib.contextmanager
def export_copies(objects, keep_identity_keys: bool, names: str = "arkit", animated=()):
    """_copies, the heads' dependants named after them first (a head a script renamed since the last depsgraph
    update), and no renaming by head_names while the originals carry their temporary names."""
    head_names.follow(heads_to_export(objects))
    with head_names.paused(), _copies(objects, keep_identity_keys, names, animated) as copies, \
            _short_data_names(copies):
        yield copies


def _copies_data(copies, kind: str) -> list:
    """The local materials (`kind` "materials") or images ("images": those of Image Texture nodes) the copies show."""
    materials = list(dict.fromkeys(m for c in copies for m in c.data.materials if m is not None))
    if kind == "materials":
        return [m for m in materials if m.library is None]
    images = dict.fromkeys(n.image for m in materials if m.node_tree is not None for n in m.node_tree.nodes
                           if n.bl_idname == "ShaderNodeTexImage" and n.image is not None)
    return [i for i in images if i.library is None]


@contextlib.contextmanager
def _short_data_names(copies):
    """The copies' materials and images of a head name too long for importers (over 51 bytes: see
    export_names.short_name) renamed for the export, "<cut>_<tag> hair albedo" as the objects are; put back after."""
    renamed = {}
    try:
        for block in _copies_data(copies, "materials") + _copies_data(copies, "images"):
            short = export_names.short_name(block.name)
            if short != block.name:
                renamed[block] = block.name
                block.name = short
        yield
    finally:
        for block, name in renamed.items():
            block.name = name


@contextlib.contextmanager
def _copies(objects, keep_identity_keys: bool, names: str = "arkit", animated=()):
    """Selected-only scene with a baked copy of each head, named like the original; `names` "arkit": the
    expression keys renamed (and split pairs merged) to ARKit's names, "ict": as they are.  A head's hair
    (hair.py) goes with it: a copy, child of the head's copy, its keys at the head's keys' values (its drivers
    dropped) and baked and renamed alike; a hair listed stands for its head (exported once, with it).
    `animated`: heads whose key animation the exporter is to bake: their copies' keys, and their hairs', follow
    the original head's keys through drivers (_follow_head), and the other heads' copies are held still
    (_hold_still).  Yields the heads' copies, then the hairs'."""
    if names not in arkit_names.NAME_STYLES:
        raise ValueError(f"names must be one of {', '.join(map(repr, arkit_names.NAME_STYLES))}, got {names!r}")
    # a hair stands for its head (the head is exported with it, once)
    heads = heads_to_export(objects)
    animated = set(animated)
    hairs = {obj: [h for h in hair.hair_objects(obj) if h.type == "MESH"] for obj in heads}
    scene = bpy.context.scene
    collection = bpy.data.collections.new("TextFace export")
    scene.collection.children.link(collection)
    copies = []
    # original name of every object and mesh, recorded once before any is renamed: heads sharing a mesh
    # (Alt+D) would otherwise record the mesh's temporary name and "restore" that
    object_names = {obj: obj.name for obj in heads} | {h: h.name for hs in hairs.values() for h in hs}
    mesh_names = {obj.data: obj.data.name for obj in object_names}
    # a head linked from a library keeps its name (it cannot be renamed; a local copy may share a linked name)
    renamed_objects = {obj: name for obj, name in object_names.items() if obj.library is None}
    renamed_meshes = {mesh: name for mesh, name in mesh_names.items() if mesh.library is None}
    previous_selection = _selection()
    active = bpy.context.view_layer.objects.active
    actions = []  # the copies' own copies of the heads' shape key actions
    hair_copies = []
    try:
        for obj in heads:
            if obj.mode == "EDIT":
                obj.update_from_editmode()  # the edits not yet written back to the mesh are exported too
            copy = obj.copy()
            copy.data = obj.data.copy()
            copies.append(copy)
            actions += _own_actions(copy.data.shape_keys)
            collection.objects.link(copy)  # obj.copy() keeps location/rotation/scale and parenting
            if not keep_identity_keys and copy.data.shape_keys is not None:
                bake_identity(copy)
            if names == "arkit":
                arkit_names.rename_to_arkit(copy)
            name = object_names[obj]
            if obj in renamed_objects:  # the copy takes the names engines see
                obj.name = f"{name}.textface-original"
            if obj.data in renamed_meshes:
                obj.data.name = f"{name}.textface-original"
            copy.name = copy.data.name = export_names.short_name(name)  # (what importers keep whole)
            if obj in animated:
                _follow_head(copy, obj, names)
            elif animated:
                _hold_still(copy)
            for hair_obj in hairs[obj]:
                hair_copy = _hair_copy(hair_obj, obj, copy, collection, keep_identity_keys, names)
                if obj in animated:
                    _follow_head(hair_copy, obj, names)
                elif animated:
                    hair_copy.animation_data_clear()
                    hair_copy.constraints.clear()
                hair_copies.append(hair_copy)
                name = object_names[hair_obj]
                if hair_obj in renamed_objects:
                    hair_obj.name = f"{name}.textface-original"
                if hair_obj.data in renamed_meshes:
                    hair_obj.data.name = f"{name}.textface-original"
                hair_copy.name = hair_copy.data.name = export_names.short_name(name)
        copies += hair_copies
        for o in previous_selection:
            o.select_set(False)
        for copy in copies:
            # a copy keeps the original's hidden / unselectable flags, and such an object cannot be
            # selected: the exporters (use_selection) would leave it out without a word
            copy.hide_viewport = copy.hide_select = False
            copy.hide_set(False)
            copy.select_set(True)
        left_out = [copy.name for copy in copies if not copy.select_get()]
        if left_out:
            raise ExportFailed(f"cannot export {', '.join(left_out)}: Blender would not select the temporary "
                               "copy the exporter writes (nothing was written)")
        bpy.context.view_layer.objects.active = copies[0]
        bpy.context.view_layer.update()  # world matrices of the new copies
        yield copies
    finally:
        for copy in copies:
            mesh = copy.data
            bpy.data.objects.remove(copy)
            bpy.data.meshes.remove(mesh)
        for action in actions:
            bpy.data.actions.remove(action)
        bpy.data.collections.remove(collection)
        bpy.context.view_layer.update()  # resync the layer's object list after the removals
        for obj, name in renamed_objects.items():
            obj.name = name
        for mesh, name in renamed_meshes.items():
            mesh.name = name
        for o in previous_selection:
            if not _deleted(o):
                o.select_set(True)
        bpy.context.view_layer.objects.active = None if active is None or _deleted(active) else active


def _selection() -> list:
    """The view layer's selected objects.  An object a script removed (bpy.data.objects.remove: a crowd clean-up, a
    hair replaced) stays in the layer's list as None until the layer is synced again: synced first, and such an entry
    skipped (it raised "'NoneType' object has no attribute 'select_get'")."""
    layer = bpy.context.view_layer
    layer.update()
    return [o for o in layer.objects if o is not None and o.select_get()]


def _hair_copy(hair_obj, head, head_copy, collection, keep_identity_keys: bool, names: str):
    """A head's hair for export: its keys set to the values of the head's keys of their names (as its drivers
    show them; the drivers, which read the original head, are dropped from the copy), a child of the head's
    copy, baked and renamed as the head's copy is."""
    copy = hair_obj.copy()
    hair.unlink(copy)  # (a copy linked to the head would count as its hair)
    copy.data = hair_obj.data.copy()
    collection.objects.link(copy)
    copy.parent = head_copy  # (matrix_parent_inverse stays the hair's: identity)
    keys = copy.data.shape_keys
    if keys is not None:
        keys.animation_data_clear()
        # the head keys' settings as they are now (Relative To, Vertex Group, slider range): the hair bakes and
        # merges as the head does, also when the artist changed them after the hair was built
        hair.mirror_key_settings(copy, head)
        shown = head.data.shape_keys.key_blocks if head.data.shape_keys is not None else {}
        for block in keys.key_blocks[1:]:
            source = shown.get(block.name)
            block.value = source.value if source is not None else 0.0
            block.mute = source.mute if source is not None else block.mute
        if not keep_identity_keys:
            bake_identity(copy)
        if names == "arkit":
            arkit_names.rename_to_arkit(copy)
    return copy


def _own_actions(keys) -> list:
    """Give a copy's shape keys copies of the actions they share with the head (the active one, NLA strips'):
    renaming a key (ARKit names) rewrites the paths of the curves animating it, and in a shared action the head's
    own animation would lose its keys (eyeBlink_L's curve renamed eyeBlinkLeft).  Returns the copies made."""
    data = getattr(keys, "animation_data", None)
    if data is None:
        return []
    made = []
    if data.action is not None:
        slot = getattr(data, "action_slot", None)
        data.action = data.action.copy()
        made.append(data.action)
        same = data.action.slots.get(slot.identifier) if slot is not None else None  # (Blender 4.4+: slots)
        if same is not None and data.action_slot is None:  # (5.0 picks the copy's own slot when assigned)
            data.action_slot = same
    for track in data.nla_tracks:
        for strip in track.strips:
            if strip.action is not None:
                strip.action = strip.action.copy()
                made.append(strip.action)
    return made


def _target(path: Path, suffix: str) -> Path:
    """The file to write, checked before anything is built: a writable file path ending with `suffix`.  What
    the file system refuses to even look at (a name over its length limit, ...) is an ExportFailed too."""
    path = Path(bpy.path.abspath(str(path))).expanduser()
    try:
        return _checked_target(path, suffix)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            longest = max(path.parts, key=lambda part: len(os.fsencode(part)))
            raise ExportFailed(f"the file name is too long for the file system: {len(os.fsencode(longest))} bytes "
                               f"in {longest[:40]!r}... (most allow 255); choose a shorter name") from None
        raise ExportFailed(f"cannot write {path}: {exc.strerror or exc}") from None


def _checked_target(path: Path, suffix: str) -> Path:
    if path.is_dir():
        raise ExportFailed(f"the export path is a folder, not a file: {path}")
    if path.suffix.lower() != suffix:
        raise ExportFailed(f"the export path must end with {suffix}: {path}")
    if not path.parent.is_dir():
        raise ExportFailed(f"the folder does not exist: {path.parent}")
    if path.exists() and not os.access(path, os.W_OK):
        raise ExportFailed(f"the file is read-only: {path}")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise ExportFailed(f"no permission to write in the folder: {path.parent}")
    return path


def _exporter_error(exc: BaseException) -> str:
    """The last meaningful line of an exporter's error (bpy.ops puts its whole traceback in the message)."""
    lines = [line.strip() for line in str(exc).splitlines()]
    lines = [line for line in lines if line and not line.startswith("Location:") and set(line) != {"^"}]
    last = lines[-1] if lines else type(exc).__name__
    for prefix in ("Error:", "Python:"):
        if last.startswith(prefix):
            last = last[len(prefix):].strip()
    return last


def _run_exporter(kind: str, operator, path: Path, settings: dict, check=None) -> None:
    """Run a bpy exporter; its failures become ExportFailed with one short line (full text on the console).

    It writes into a temporary folder beside `path`, under the file's own name (an FBX records its embedded
    textures under "<file name>.fbm/": the name the engines see), and that file replaces `path` only once the
    exporter finished, so a failure part way leaves an earlier file at `path` as it was, and no partial file.
    `check(file written)` may refuse it (an ExportFailed) before it replaces anything."""
    # the stem cut to 100 bytes: a name near the file system's limit must not make the temporary one too long
    stem = os.fsencode(path.stem)[:100].decode("utf-8", "ignore")
    folder = path.with_name(f".{stem}{TEMPORARY_FOLDER}")
    tmp = folder / path.name
    try:
        folder.mkdir(exist_ok=True)  # (one left by an export that was killed is used again, then removed)
    except OSError as exc:
        raise ExportFailed(f"the {kind} exporter could not write {path}: {exc.strerror or exc}") from None
    try:
        try:
            result = operator(filepath=str(tmp), **settings)
        except RuntimeError as exc:
            print(f"TextFace: the {kind} exporter failed writing {path}:\n{exc}")
            raise ExportFailed(f"the {kind} exporter could not write {path}: {_exporter_error(exc)}") from None
        if "FINISHED" not in result or not tmp.is_file():
            raise ExportFailed(f"the {kind} exporter did not write {path}")
        if check is not None:  # (what is written is checked before it replaces anything)
            check(tmp)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise ExportFailed(f"could not write {path}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # (nothing of the user's: the folder is the export's own)


# Unity and Unreal: metres applied as FBX scale, +Y up / +Z forward with the transform baked into the
# mesh (objects arrive unrotated), per-face smoothing, no leaf bones, textures embedded.
FBX_SETTINGS = dict(
    use_selection=True, object_types={"MESH"}, apply_unit_scale=True, apply_scale_options="FBX_SCALE_ALL",
    axis_forward="-Z", axis_up="Y", bake_space_transform=True, use_mesh_modifiers=False,
    mesh_smooth_type="FACE", use_tspace=False, add_leaf_bones=False, bake_anim=False, use_custom_props=False,
    path_mode="COPY", embed_textures=True,
)

GLB_SETTINGS = dict(
    export_format="GLB", use_selection=True, export_morph=True, export_morph_normal=False, export_yup=True,
    export_apply=False, export_materials="EXPORT", export_image_format="AUTO", export_extras=False,
    export_animations=False,  # (as FBX: none for heads whose exported keys are still; GLB_ANIMATION otherwise)
)


_EXTENSIONS = {"PNG": ".png", "JPEG": ".jpg", "TARGA": ".tga", "OPEN_EXR": ".exr", "TIFF": ".tif"}


@contextlib.contextmanager
def _texture_file_names(copies, path: Path):
    """The exporters name each texture after its image's file path (an FBX records "<fbx name>.fbm/<file name>",
    a GLB names its image after it): for the export, every image of the copies gets a file name that is ASCII,
    starts with the exported file's name and is unique within the export (export_names.texture_stem, unique), so
    engines extract each where no other file exported to that folder writes, and a file exported again replaces
    its own.  A packed image (a head's albedo: before, with no path, it was written with no extension, which Unity
    and Unreal do not take for an image) gets the path "//<name>.<ext>" (its packed pixels stay); an image read
    from a file is read from a copy of that file under the new name in a temporary folder.  Paths restored after.
    An image whose file is missing keeps its path (the exporters report it as they did)."""
    images = sorted(_copies_data(copies, "images"), key=lambda i: i.name)
    key = export_names.file_key(path.stem)
    taken = set()  # the exporter embeds one file per path: two images of one file name would share a texture
    before = {}
    folder = None
    try:
        for image in images:
            source = Path(bpy.path.abspath(image.filepath_raw)) if image.filepath_raw else None
            if image.packed_file is None and (image.source != "FILE" or source is None or not source.is_file()):
                continue
            ext = (source.suffix.lower() if source is not None and source.suffix
                   else _EXTENSIONS.get(image.file_format, ".png"))
            name = export_names.unique(export_names.texture_stem(key, image.name), taken) + ext
            before[image] = image.filepath_raw
            if image.packed_file is not None:  # filepath_raw: the packed pixels stay as they are (no reload)
                image.filepath_raw = f"//{name}"
            else:
                if folder is None:
                    folder = Path(tempfile.mkdtemp(prefix="textface-textures-"))
                shutil.copyfile(source, folder / name)
                image.filepath_raw = str(folder / name)
        yield
    finally:
        for image, filepath in before.items():
            image.filepath_raw = filepath
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


TEMPORARY_FOLDER = ".textface-part"  # (the suffix of _run_exporter's folder)


@contextlib.contextmanager
def _fbx_media_paths_in(folder: Path):
    """Blender's FBX exporter writes each texture's absolute path as the folder of the file it writes plus its
    relative path ("<file name>.fbm/<image>.png"): the file is written in the export's temporary folder
    (_run_exporter), which is gone once the export is done.  For the export, the exporter's absolute paths are
    made in `folder`, where the file and its .fbm folder's name end up (the relative paths and the embedded
    textures stay as they are).

    No public option does this: the exporter takes both paths from the file it writes (path_mode COPY, which
    embedding needs, puts every texture under "<its folder>/<its name>.fbm"; an image's own path is not used), so
    its private `_gen_vid_path` is wrapped for the export.  A Blender whose exporter has no such function, or
    does not use it (checked in the file written: _check_media_paths), is an ExportFailed saying so, not an FBX
    pointing at a folder that is gone (tests/blender/test_export_fbx_media_paths.py pins both)."""
    from io_scene_fbx import export_fbx_bin  # (Blender's FBX add-on: absolute and relative path of an image)
    original = getattr(export_fbx_bin, "_gen_vid_path", None)
    if not callable(original):
        raise ExportFailed(f"this Blender's FBX exporter (io_scene_fbx {_fbx_version()}) has no _gen_vid_path, which "
                           "TextFace wraps to record where the textures end up; install the TextFace add-on made "
                           "for this Blender (nothing was written)")

    def in_folder(img, scene_data):
        fname_abs, fname_rel = original(img, scene_data)
        return os.path.normpath(os.path.join(os.path.abspath(folder), fname_rel)), fname_rel

    export_fbx_bin._gen_vid_path = in_folder
    try:
        yield
    finally:
        export_fbx_bin._gen_vid_path = original


def _fbx_version() -> str:
    import addon_utils

    module = next((m for m in addon_utils.modules() if m.__name__ == "io_scene_fbx"), None)
    version = getattr(module, "bl_info", {}).get("version") if module is not None else None
    return ".".join(map(str, version)) if version else "of unknown version"


def _check_media_paths(written: Path) -> None:
    """The FBX just written (in the temporary folder) names no path in that folder: the exporter used the wrapped
    `_gen_vid_path` (a Blender whose exporter stopped calling it is an ExportFailed, not a file whose texture paths
    name a folder that is gone)."""
    import mmap

    if written.stat().st_size == 0:  # (mmap takes no empty file; nothing in it names a path)
        return
    with open(written, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:  # (no copy of a crowd)
        found = data.find(os.fsencode(written.parent.name)) >= 0  # (".<stem>.textface-part": the folder's own name)
    if found:
        raise ExportFailed("this Blender's FBX exporter no longer takes texture paths from _gen_vid_path, which "
                           "TextFace wraps to record where the textures end up; install the TextFace add-on made "
                           "for this Blender (nothing was written)")


# A head whose keys are animated: the exporter bakes the scene's frames (set to the animation's range) into one
# animation stack, frame by frame, writing the curves that change (blend-shape channels; an animated head's own
# motion).  Not every action of the file on every object, nor one stack per NLA strip.
FBX_ANIMATION = dict(
    bake_anim=True, bake_anim_use_all_bones=False, bake_anim_use_nla_strips=False, bake_anim_use_all_actions=False,
    bake_anim_force_startend_keying=True, bake_anim_step=1.0, bake_anim_simplify_factor=1.0,
)


def export_fbx(objects, path: Path, keep_identity_keys: bool = False, names: str = "arkit") -> Path:
    path = _target(path, ".fbx")
    heads = heads_to_export(objects)  # (`objects` may be an iterator: read once)
    moving = animated_heads(heads, keep_identity_keys)
    scene = bpy.context.scene
    frames = _scene_frames(scene, *_frame_range(moving, scene)) if moving else contextlib.nullcontext()
    settings = FBX_SETTINGS | FBX_ANIMATION if moving else FBX_SETTINGS
    with export_copies(heads, keep_identity_keys, names, animated=moving) as copies, \
            _texture_file_names(copies, path), frames, _fbx_media_paths_in(path.parent):
        _run_exporter("FBX", bpy.ops.export_scene.fbx, path, settings, check=_check_media_paths)
    return path


def _in_metres(copies) -> None:
    """glTF is in metres, and Blender's glTF exporter writes Blender units as they are (its importer divides
    by the scene's unit scale): in a scene whose unit is not a metre the copies are scaled to metres, so a
    head is written at its real size, as the FBX exporter (apply_unit_scale) writes it."""
    scale = units.scene_unit_scale(bpy.context.scene)
    if scale == 1.0:
        return
    to_metres = Matrix.Scale(scale, 4)
    for copy in copies:
        world = copy.matrix_world.copy()
        copy.data.transform(to_metres, shape_keys=True)
        copy.matrix_world = to_metres @ world @ to_metres.inverted()  # the location in metres, same rotation
    bpy.context.view_layer.update()


# A head whose keys are animated: as for FBX, the glTF exporter bakes the scene's frames (set to the animation's
# range), frame by frame with drivers evaluated (not its quicker read of the curves, which leaves driven keys
# still), into one animation ("Scene") of `weights` channels for the head's and the hair's morphs; constant
# channels are dropped (a still head's transform), those of morphs kept at their two ends.
GLB_ANIMATION = dict(
    export_animations=True, export_animation_mode="SCENE", export_anim_scene_split_object=False,
    export_morph_animation=True, export_force_sampling=True, export_frame_step=1,
    export_optimize_disable_viewport=False, export_optimize_animation_size=True,
    export_optimize_animation_keep_anim_object=False, export_anim_slide_to_zero=False,
)


def export_glb(objects, path: Path, keep_identity_keys: bool = False, names: str = "arkit") -> Path:
    path = _target(path, ".glb")
    heads = heads_to_export(objects)
    moving = animated_heads(heads, keep_identity_keys)
    scene = bpy.context.scene
    frames = _scene_frames(scene, *_frame_range(moving, scene)) if moving else contextlib.nullcontext()
    settings = GLB_SETTINGS | GLB_ANIMATION if moving else GLB_SETTINGS
    with export_copies(heads, keep_identity_keys, names, animated=moving) as copies, frames, \
            _texture_file_names(copies, path), \
            alpha_clip.clipped(copies), \
            gltf_log.quiet_single_node_textures(copies):  # (the exporter's false line for the hair: gltf_log.py)
        _in_metres(copies)
        _run_exporter("glTF", bpy.ops.export_scene.gltf, path, settings)
    return path


def remove_head(obj: bpy.types.Object) -> None:
    """Delete a head, its hair (hair.py) and the meshes, materials and images only they used."""
    hair.remove_hair(obj)
    for image in hair.delete_object(obj):
        if image.users == 0:
            bpy.data.images.remove(image)
