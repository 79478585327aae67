"""A head's hair in Blender: the object `<head> hair`, a child of the head (no offset), with its own mesh,
material `<head> hair` and packed image `<head> hair albedo`, and shape keys of the head's names whose values
follow the head's keys through drivers (the artist moves or animates the head's `jawOpen` or `id_007`: the hair
moves with it).  Built in pieces with the head (writer.build_steps, all or nothing through its `Created`),
replaced by Refine Selected (refine.py), removed with the head (export.remove_head).

The hair object carries `textface_hair` (its head's name, which head_names.py keeps as the head is renamed) and
a link to its head object: the hair is found by that link, never by a name or by its parent, so a hair the artist
unparented (Alt+P) is still its head's.  The link is a driver's target on the hair object's own property
`textface_head` (a custom property holding the object would count as a user of the head, and Blender's Delete then
keeps the head, unlinked): Blender remaps it when head and hair are duplicated together (Shift+D, Alt+D: the copy's
hair is the copy's) and clears it when the head is deleted.  The link wins over the parent: a hair parented by hand
to another head stays its linked head's.  A hair of an add-on version before the link is its parent's, and is given
the link to its parent head when a file is opened (`link_old_hair`, hair_links.py).  Its mesh, material and image the
head data mark (head_data.py), so what a deleted head's hair leaves is recognised as the head's is.

The drivers read the head's mesh (its shape keys), not the head object: a linked duplicate (Alt+D) shares the head's
mesh, and so its pose, and shares the hair's mesh, whose drivers then read the mesh both heads show, whichever head is
deleted.  When the heads stop sharing (Make Single User), `rewire` gives a hair sharing its mesh with another head's
hair a mesh of its own, driven by its head's.
"""
from __future__ import annotations

from typing import Generator

import bpy
import numpy as np

from . import head_data, key_offsets
from .errors import DamagedHead
from .hair_planning import HAIR_SLIDER, HairPlan
from .stored import SIDECAR_PROP, sidecar_of

HAIR_PROP = "textface_hair"  # on the hair object
HEAD_LINK_PROP = "textface_head"  # on the hair object: driven, its driver's target is the head object
_LINK_PATH = f'["{HEAD_LINK_PROP}"]'
UV_NAME = "UVMap"
ANCHOR_ATTRIBUTE = "textface_anchor"  # on the hair mesh: the head vertex each hair vertex follows
KEYS_PER_PIECE = 40


def hair_of(head) -> bpy.types.Object | None:
    """The head's hair object (marked `textface_hair`, linked to the head), or None."""
    return next(iter(hair_objects(head)), None)


def hair_objects(head) -> list:
    """The hair objects linked to `head` (`linked_head`): its children, then its hairs parented elsewhere (unparented
    by the artist, or parented by hand to another head: the link wins, that head's lookup leaves it out), found in
    one pass over the file's objects (a custom-property lookup each; the link is read on hair objects only)."""
    found = [child for child in head.children if child.get(HAIR_PROP) and linked_head(child) == head]
    found += [o for o in bpy.data.objects if HAIR_PROP in o and o.parent != head and linked_head(o) == head]
    return list(dict.fromkeys(found))  # (each once)


def is_hair(obj) -> bool:
    return obj is not None and bool(obj.get(HAIR_PROP))


def _link_driver(obj):
    data = obj.animation_data
    return data.drivers.find(_LINK_PATH) if data is not None and HEAD_LINK_PROP in obj else None


def linked_head(obj):
    """The head object a hair belongs to: its link (None once that head was deleted); a hair built before the
    link was stored: its parent."""
    fcurve = _link_driver(obj)
    if fcurve is None:
        return obj.parent
    variables = fcurve.driver.variables
    return variables[0].targets[0].id if len(variables) else None


def set_link(obj, head) -> None:
    """Link the hair object to its head: a driver on its property `textface_head` whose target is the head (the
    value, the head's pass index, is never read)."""
    obj[HEAD_LINK_PROP] = 0
    obj.driver_remove(_LINK_PATH)
    driver = obj.driver_add(_LINK_PATH).driver
    driver.type = "SUM"
    add_key_variable(driver, "head", head, "pass_index")


def link_old_hair(obj) -> bool:
    """A hair of an add-on version before the link (found by its parent only): linked to that parent when it is a
    TextFace head, so that unparenting it or making its head single-user keeps it the head's; returns whether it was
    linked.  A hair with a link, without a parent (an old one unparented: whose it is cannot be told), linked from a
    library, or parented to what is no head is left as it is."""
    parent = obj.parent
    if (HAIR_PROP not in obj or HEAD_LINK_PROP in obj or parent is None or SIDECAR_PROP not in parent
            or parent.type != "MESH" or not head_data._editable(obj)):
        return False
    set_link(obj, parent)
    return True


def unlink(obj) -> None:
    """Drop the link (an export's copy of the hair: it must not count as the head's hair)."""
    obj.driver_remove(_LINK_PATH)
    obj.pop(HEAD_LINK_PROP, None)


def head_of(obj):
    """The head a hair belongs to (`linked_head`) for a hair object, else `obj` as it is: a click on a head often
    lands on its hair, which covers the scalp, and Refine Selected or an export of it means the head."""
    try:
        head = linked_head(obj) if isinstance(obj, bpy.types.Object) and is_hair(obj) else None
    except ReferenceError:  # a deleted object: the caller's checks say so
        return obj
    return head if head is not None and SIDECAR_PROP in head else obj


def pieces(plan: HairPlan | None) -> int:
    """How many pieces build_steps yields (0 without hair)."""
    return 0 if plan is None else 2 + -(-len(plan.key_names) // KEYS_PER_PIECE)


def _mesh(plan: HairPlan, name: str, created) -> bpy.types.Mesh:
    mesh = created.add(bpy.data.meshes, bpy.data.meshes.new(name))
    mesh.vertices.add(plan.n_vertices)
    mesh.vertices.foreach_set("co", plan.vertices)
    mesh.loops.add(len(plan.loop_vertices))
    mesh.loops.foreach_set("vertex_index", plan.loop_vertices)
    mesh.polygons.add(len(plan.loop_start))
    mesh.polygons.foreach_set("loop_start", plan.loop_start)
    mesh.polygons.foreach_set("loop_total", plan.loop_total)
    mesh.uv_layers.new(name=UV_NAME).uv.foreach_set("vector", plan.loop_uvs)
    mesh.attributes.new(ANCHOR_ATTRIBUTE, "INT", "POINT").data.foreach_set("value", plan.anchor)
    mesh.update(calc_edges=True)
    mesh.shade_smooth()
    return mesh


def _image(plan: HairPlan, name: str, created) -> bpy.types.Image:
    w, h = plan.image_size
    image = created.add(bpy.data.images, bpy.data.images.new(name, w, h, alpha=plan.alpha))
    image.pack(data=plan.png, data_len=len(plan.png))
    image.source = "FILE"
    if plan.alpha:
        image.alpha_mode = "STRAIGHT"
    head_data.record_albedo(image, plan.png)  # (a painted hair albedo is told from it as the head's is)
    return image


def textured_material(name: str, image, created, roughness: float):
    """A new material (recorded in `created`) whose Principled BSDF takes its base colour from `image`;
    returns (material, bsdf, image node).  The head's (writer.py) and the hair's."""
    mat = created.add(bpy.data.materials, bpy.data.materials.new(name))
    if mat.node_tree is None:  # Blender 4.x materials start without nodes; 5.x always has them
        mat.use_nodes = True
    nodes = mat.node_tree.nodes
    bsdf = next(n for n in nodes if n.bl_idname == "ShaderNodeBsdfPrincipled")
    tex = nodes.new("ShaderNodeTexImage")
    tex.image = image
    tex.location = (bsdf.location.x - 350, bsdf.location.y)
    mat.node_tree.links.new(tex.outputs["Color"], bsdf.inputs["Base Color"])
    bsdf.inputs["Roughness"].default_value = roughness
    return mat, bsdf, tex


def _material(plan: HairPlan, name: str, image, created) -> bpy.types.Material:
    mat, bsdf, tex = textured_material(name, image, created, roughness=0.5)
    if plan.alpha:
        # coverage: Eevee draws it dithered (alpha hashed), Cycles as is; FBX and glTF export the texture's alpha
        mat.node_tree.links.new(tex.outputs["Alpha"], bsdf.inputs["Alpha"])
        mat.surface_render_method = "DITHERED"
        mat.blend_method = "HASHED"  # (Blender 4.2+ maps it to the render method; older Eevee reads it)
        mat.use_backface_culling = False
    return mat


def _take_names(data) -> None:
    """As the head's data take their names (writer._take_names): what a deleted head's hair left under the
    name goes, the user's data keeps it (then Blender's ".001")."""
    for collection, block, name in data:
        block[head_data.HEAD_DATA_PROP] = True
        if block.name == name:
            continue
        other = collection.get(name)
        if other is not None and head_data.left_by_a_deleted_head(other):
            head_data.remove_leftover(other)
        if collection.get(name) is None:
            block.name = name


def summary(head) -> str | None:
    """The panel's line for a head with hair: "long, loose (Ann hair)" (the style head.json records under
    `hair`, when it does), None for a head without hair."""
    obj = hair_of(head)
    if obj is None:
        return None
    try:
        record = (sidecar_of(head) or {}).get("hair")
    except DamagedHead:  # the panel names the object only; Refine Selected reports the damage
        record = None
    words = [str(record[k]).replace("_", " ") for k in ("length", "style")
             if isinstance(record, dict) and isinstance(record.get(k), str) and record[k]]
    return f"{', '.join(words)} ({obj.name})" if words else obj.name


def take_names(obj: bpy.types.Object, head: bpy.types.Object) -> None:
    """Name the hair object, mesh, material and image after the head ("<head> hair", "<head> hair albedo"):
    when the names are free (a refinement builds the new hair beside the old one, then takes its names).  A hair
    left behind under the name by a deleted head of this name (Blender's Delete of the head alone: `left_behind`)
    is removed first, as Remove Left-behind Hair does (an albedo painted on it kept), so that the new head's hair
    is "<head> hair", not "<head> hair.001", in the scene and in the exports; a hair linked to a live head never."""
    name = f"{head.name} hair"
    other = bpy.data.objects.get(name)
    if other is not None and other != obj and is_left_behind(other):
        remove(other, keep_painted=True)
    if obj.name != name and bpy.data.objects.get(name) is None:
        obj.name = name
    material = obj.data.materials[0] if len(obj.data.materials) else None
    node = next((n for n in (material.node_tree.nodes if material is not None and material.node_tree else ())
                 if n.bl_idname == "ShaderNodeTexImage" and n.image is not None), None)
    data = [(bpy.data.meshes, obj.data, name)]
    if material is not None:
        data.append((bpy.data.materials, material, name))
    if node is not None:
        data.append((bpy.data.images, node.image, f"{name} albedo"))
    _take_names(data)


def follow_head(hair: bpy.types.Object, head: bpy.types.Object) -> None:
    """A driver on each hair key that has a head key of its name: the value of the head's key, 0 while that key
    is muted (a muted key shows nothing on the head).  A simple expression (Blender evaluates it without Python),
    so it runs in a file opened with auto-run off.  The target is the head's mesh (an ID pointer, not a name):
    renaming the head keeps it, Blender's Duplicate of head and hair points the copy's drivers at the copied
    head's mesh, and a linked duplicate's hair, which shares the hair's mesh and so these drivers, reads the mesh
    both heads share, whichever head is deleted (the module's docstring).  The hair's slider ranges stay the
    widest (HAIR_SLIDER): the value is the head's, already within the head key's range; a range driven to the
    head's as well would cut a value beyond the old range whenever Blender evaluates that driver after the value's
    (Blender does not order drivers of one key block: tried, the hair's value was cut after a widening, in one
    order of creation always, in the other now and then)."""
    keys = hair.data.shape_keys
    shown = head.data.shape_keys.key_blocks if head.data.shape_keys is not None else {}
    for block in keys.key_blocks[1:]:
        if block.name not in shown:
            continue
        block.driver_remove("value")  # (run again, e.g. api.match_hair: made anew, not doubled)
        driver = block.driver_add("value").driver
        driver.type = "SCRIPTED"
        path = f'shape_keys.key_blocks["{bpy.utils.escape_identifier(block.name)}"]'
        for name, prop in (("value", "value"), ("muted", "mute")):
            add_key_variable(driver, name, head.data, f"{path}.{prop}", "MESH")
        driver.expression = "value * (1 - muted)"


def driven_by(hair: bpy.types.Object):
    """What the hair's key drivers read (the first one's target: they are made together): the head's mesh, the
    head object (hairs of add-on versions before this), None (deleted), or None for a hair without drivers."""
    keys = hair.data.shape_keys if hair.type == "MESH" else None
    data = keys.animation_data if keys is not None else None
    for fcurve in (data.drivers if data is not None else ()):
        if fcurve.data_path.startswith("key_blocks[") and len(fcurve.driver.variables):
            return fcurve.driver.variables[0].targets[0].id
    return None


def _reads_head(hair: bpy.types.Object, head: bpy.types.Object) -> bool:
    target = driven_by(hair)
    return target is not None and (target == head.data or target == head)


def rewire(hair: bpy.types.Object, head: bpy.types.Object) -> bool:
    """Make the hair's drivers read `head` again, when they read another head's mesh or a deleted one (a linked
    duplicate made single-user: Object > Relations > Make Single User).  A hair mesh shared with a hair of another
    head that shows another mesh is first copied for this hair (each pose its own hair).  Cheap when nothing is
    wrong (the first driver's target); returns whether the hair was changed."""
    if (hair.type != "MESH" or hair.data.shape_keys is None or head.type != "MESH" or head.data.shape_keys is None
            or not head_data._editable(hair) or not head_data._editable(hair.data) or driven_by(hair) is None
            or _reads_head(hair, head)):
        return False
    if hair.data.users > 1:
        others = [o for o in bpy.data.objects if o.data == hair.data and o != hair]
        if any(not isinstance(linked_head(o), bpy.types.Object) or linked_head(o).data != head.data for o in others):
            hair.data = hair.data.copy()  # (its shape keys and their drivers with it)
    follow_head(hair, head)
    return True


def anchor_of(hair: bpy.types.Object) -> np.ndarray | None:
    """The head vertex each hair vertex follows (stored on the hair mesh at build time), None for a hair built
    by an add-on version before it was stored."""
    attribute = hair.data.attributes.get(ANCHOR_ATTRIBUTE)
    if attribute is None or attribute.domain != "POINT" or attribute.data_type != "INT":
        return None
    anchor = np.empty(len(hair.data.vertices), np.int32)
    attribute.data.foreach_get("value", anchor)
    return anchor


def _copy_group(hair: bpy.types.Object, head: bpy.types.Object, name: str, anchor: np.ndarray) -> None:
    """The head's vertex group `name` on the hair: each hair vertex weighted as the head vertex it follows."""
    weights = key_offsets.vertex_group_weights(head, name)[::3]
    ok = anchor < len(weights)
    hair_weights = np.where(ok, weights[np.where(ok, anchor, 0)], 0.0)
    old = hair.vertex_groups.get(name)
    if old is not None:
        hair.vertex_groups.remove(old)
    group = hair.vertex_groups.new(name=name)
    for weight in np.unique(hair_weights[hair_weights > 0]):  # one call per distinct weight, not per vertex
        group.add(np.flatnonzero(hair_weights == weight).tolist(), float(weight), "REPLACE")


def unmatched_keys(hair: bpy.types.Object, head: bpy.types.Object) -> list[str]:
    """The hair keys whose Vertex Group or Relative To is not the head key's of their name (the artist changed the
    head's since the hair was built: Match Hair).  Cheap enough for the panel's draw (names only: a weight painted
    since is not seen)."""
    keys = hair.data.shape_keys if hair.type == "MESH" else None
    if keys is None or head.data.shape_keys is None:
        return []
    shown = head.data.shape_keys.key_blocks
    found = []
    for block in keys.key_blocks[1:]:
        source = shown.get(block.name)
        if source is None:
            continue
        group = source.vertex_group if source.vertex_group in head.vertex_groups else ""
        relative = source.relative_key
        relative_name = relative.name if relative is not None and relative.name in keys.key_blocks else \
            keys.reference_key.name
        if block.vertex_group != group or block.relative_key.name != relative_name:
            found.append(block.name)
    return found


def mirror_key_settings(hair: bpy.types.Object, head: bpy.types.Object) -> list[str]:
    """Give each hair key the settings of the head key of its name that shape the hair: Relative To (the hair's key
    of that name), Vertex Group (the head's group on the hair, weighted at the head vertices the hair follows), so
    the hair moves as the scalp under it does.  Returns the head keys' vertex groups that could not be mirrored
    (a hair built before the anchors were stored: its key then acts on every hair vertex)."""
    keys = hair.data.shape_keys
    if keys is None or head.data.shape_keys is None:
        return []
    shown = head.data.shape_keys.key_blocks
    blocks = keys.key_blocks
    anchor = anchor_of(hair)
    groups, missed = set(), []
    for block in blocks[1:]:
        source = shown.get(block.name)
        if source is None:
            continue
        relative = source.relative_key
        block.relative_key = blocks.get(relative.name, keys.reference_key) if relative is not None else \
            keys.reference_key
        name = source.vertex_group if source.vertex_group in head.vertex_groups else ""
        if name and anchor is None:
            missed.append(name)
            name = ""
        elif name and name not in groups:
            _copy_group(hair, head, name, anchor)
            groups.add(name)
        block.vertex_group = name
    return sorted(set(missed))


def build_steps(plan: HairPlan, head: bpy.types.Object, created) -> Generator[None, None, bpy.types.Object]:
    """Build the hair of `head` unlinked (linked with the head: link), yielding after each piece; everything
    made is recorded in `created` (writer.Created), which the caller removes on failure."""
    name = f"{head.name} hair"
    mesh = _mesh(plan, name, created)
    yield
    image = _image(plan, f"{name} albedo", created)
    material = _material(plan, name, image, created)
    mesh.materials.append(material)
    obj = created.add(bpy.data.objects, bpy.data.objects.new(name, mesh))
    obj[HAIR_PROP] = head.name
    set_link(obj, head)
    take_names(obj, head)
    obj.parent = head  # no offset: the hair's vertices are in the head's object space
    yield
    obj.shape_key_add(name="Basis", from_mix=False)
    # the keys the head has (a refined head whose artist deleted keys: no hair key without a head key to follow),
    # at the values the head's show now (its drivers keep them so)
    shown = head.data.shape_keys.key_blocks if head.data.shape_keys is not None else {}
    for start in range(0, len(plan.key_names), KEYS_PER_PIECE):
        stop = start + KEYS_PER_PIECE
        for name_, coords in zip(plan.key_names[start:stop], plan.key_coords[start:stop]):
            source = shown.get(name_)
            if source is None:
                continue
            block = obj.shape_key_add(name=name_, from_mix=False)
            block.points.foreach_set("co", coords)
            block.slider_min, block.slider_max = HAIR_SLIDER
            block.value = 0.0 if source.mute else source.value  # (within the head's range)
        yield
    if len(obj.data.shape_keys.key_blocks) > 1:
        mirror_key_settings(obj, head)  # (a refined head's keys may carry the artist's settings)
        follow_head(obj, head)
    return obj


def link(obj: bpy.types.Object, collections) -> None:
    """Link the hair to the head's collections (built unlinked)."""
    for collection in collections:
        if obj.name not in collection.objects:
            collection.objects.link(obj)


def delete_object(obj: bpy.types.Object) -> list:
    """Delete a mesh object, then its mesh and materials where nothing else uses them; returns the images its
    materials showed, for the caller to remove or keep (a head's and a hair's painted albedos differ)."""
    mesh = obj.data
    materials = [m for m in mesh.materials if m is not None]
    images = [n.image for m in materials if m.node_tree for n in m.node_tree.nodes
              if n.bl_idname == "ShaderNodeTexImage" and n.image is not None]
    bpy.data.objects.remove(obj)
    if mesh.users == 0:
        bpy.data.meshes.remove(mesh)
    for mat in materials:
        if mat.users == 0:
            bpy.data.materials.remove(mat)
    return images


def add_key_variable(driver, name: str, head, data_path: str, id_type: str = "OBJECT") -> None:
    """A driver variable reading one property of the head object (or of its mesh: `id_type` "MESH"), a shape
    key's value or mute."""
    variable = driver.variables.new()
    variable.name = name
    variable.type = "SINGLE_PROP"
    target = variable.targets[0]
    target.id_type = id_type
    target.id = head
    target.data_path = data_path


def remove(obj: bpy.types.Object, keep_painted: bool = False) -> str | None:
    """Delete a hair object and the mesh, material and image only it used.  `keep_painted`: an albedo the artist
    painted (or that cannot be told from paint) or renamed is kept with a fake user (as "<name> painted" under
    TextFace's name) and its name is returned (refinement's note), else None."""
    images = delete_object(obj)
    kept = None
    for image in dict.fromkeys(images):
        if image.users != 0:
            continue
        named = head_data._base(image.name).endswith(" hair albedo")  # TextFace's name, not one of the artist's
        if keep_painted and (head_data.albedo_as_written(image) is not True or not named):
            image.use_fake_user = True
            image.pop(head_data.HEAD_DATA_PROP, None)  # the artist's now: never removed as a leftover
            if named:  # a name of the artist's stays theirs
                image.name = f"{head_data._base(image.name)} painted"
            kept = image.name
        else:
            bpy.data.images.remove(image)
    return kept


def remove_hair(head: bpy.types.Object) -> None:
    for obj in hair_objects(head):
        remove(obj)


def left_behind() -> list:
    """Hair objects whose head was deleted without them (Blender's Delete of the head alone): their link to the
    head is cleared (Blender clears a deleted object's driver targets); a hair of an add-on version before the link:
    unparented, and with no head left for its drivers to read.  A hair unparented on purpose (Alt+P) still follows
    its head and is not one; nor is a hair linked from a library.  Cheap enough for the panel's draw: the custom
    property is looked up on every object (~0.5 ms for 10,000), the rest on hairs."""
    return [obj for obj in bpy.data.objects if is_left_behind(obj)]


def is_left_behind(obj) -> bool:
    """One of `left_behind`'s."""
    if HAIR_PROP not in obj or obj.library is not None or obj.type != "MESH":
        return False
    if _link_driver(obj) is not None:
        return linked_head(obj) is None
    if obj.parent is not None:
        return False
    keys = obj.data.shape_keys
    data = keys.animation_data if keys is not None else None
    targets = [t.id for d in (data.drivers if data is not None else ()) for v in d.driver.variables for t in v.targets]
    return bool(targets) and all(t is None for t in targets)
