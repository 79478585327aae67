"""Which meshes, materials and images are a TextFace head's: the mark `textface_head_data`.

A deleted head leaves its mesh, material and image behind with 0 users until a purge or a reload; a new head
of that name removes them to take the names back (writer._take_names), and the mark is how they are told
apart from the user's data, which is never touched.  Heads built since the mark carry it from their build;
heads made before it (older add-on versions) carry it from the moment this add-on sees them in a file: on
enable and after each file load (`mark_heads`), while they still have an object.  What identifies such a head
is its object's `textface_sidecar`; its mesh is that object's mesh, and its material and image are taken as
TextFace's only when they keep the pair of names TextFace gives them ("<name>" and "<name> albedo", each
possibly with Blender's ".001"): a material of the user's put on a head is not marked.

Not recognised: data of an older head that was deleted before this add-on saw it (in the same session: Blender
writes no data with 0 users into a .blend, so after a save and reopen there is none).  Nothing about such a
mesh or material says safely that TextFace made it rather than the user (an FBX of a head imported back has
the same shape key names), so it is left alone, and the new head takes Blender's ".001" names.
"""
from __future__ import annotations

import hashlib
import re

import bpy

from .expressions import EXPRESSION_NAMES
from .stored import SIDECAR_PROP

HEAD_DATA_PROP = "textface_head_data"
BUILDING_PROP = "textface_building"  # on each datablock of a head being built; removed once it is linked
# on a head's albedo image: the SHA-256 of the PNG TextFace packed into it, so that paint is told from its albedo
ALBEDO_SHA_PROP = "textface_albedo_sha256"
_NUMBERED = re.compile(r"\.\d{3,}$")  # Blender's ".001" for a name already taken
_IDENTITY_KEY = re.compile(r"^id_\d{3}$")


def _base(name: str) -> str:
    return _NUMBERED.sub("", name)


def _editable(block) -> bool:
    return block is not None and block.library is None and getattr(block, "override_library", None) is None


def _head_mesh(mesh) -> bool:
    """A mesh with a TextFace head's shape keys (an ICT expression or an identity key): not one of the user's
    put on a head object."""
    keys = mesh.shape_keys.key_blocks if getattr(mesh, "shape_keys", None) is not None else ()
    return any(k.name in EXPRESSION_NAMES or _IDENTITY_KEY.match(k.name) for k in keys)


def _albedo_node(material):
    """The material's Image Texture node TextFace made: its image named "<material name> albedo"."""
    if material.node_tree is None:
        return None
    for node in material.node_tree.nodes:
        image = getattr(node, "image", None)
        if node.bl_idname == "ShaderNodeTexImage" and image is not None \
                and _base(image.name) == f"{_base(material.name)} albedo":
            return node
    return None


def mark_head(obj) -> None:
    """Mark `obj`'s mesh, and its material and image when they are TextFace's (see the module's docstring)."""
    mesh = obj.data
    if _editable(mesh) and not mesh.get(HEAD_DATA_PROP) and _head_mesh(mesh):
        mesh[HEAD_DATA_PROP] = True
    for slot in obj.material_slots:
        material = slot.material
        if not _editable(material):
            continue
        node = _albedo_node(material)
        if node is None:
            continue
        for block in (material, node.image):
            if _editable(block) and not block.get(HEAD_DATA_PROP):
                block[HEAD_DATA_PROP] = True


def mark_heads() -> int:
    """Mark the data of every TextFace head in the file (finished ones: a head being built is marked by its
    build).  Returns how many heads were looked at."""
    heads = [o for o in bpy.data.objects if o.type == "MESH" and SIDECAR_PROP in o and _editable(o)
             and not o.get(BUILDING_PROP)]
    for obj in heads:
        mark_head(obj)
    return len(heads)


def record_albedo(image, png: bytes) -> None:
    """Remember what TextFace packed into `image` (`albedo_as_written`)."""
    image[ALBEDO_SHA_PROP] = hashlib.sha256(png).hexdigest()


def albedo_as_written(image) -> bool | None:
    """True: `image` holds exactly the albedo TextFace packed into it.  False: it was changed since: painted
    (unsaved paint: `is_dirty`), packed again after painting (other packed bytes), saved to or loaded from a
    file, unpacked.  None: it cannot be told (an image of an add-on version before the record)."""
    if image.is_dirty or image.packed_file is None or image.filepath or image.source != "FILE":
        return False
    record = image.get(ALBEDO_SHA_PROP)
    if not isinstance(record, str):
        return None
    return hashlib.sha256(image.packed_file.data).hexdigest() == record


def left_by_a_deleted_head(block) -> bool:
    """A head's mesh, material or image that nothing uses any more (its head was deleted; Blender keeps such
    data until it is purged or the file reloaded), marked as TextFace's, local, not kept by a fake user, not
    being built.  Data of the user's (no mark) or in use is never this, nor an albedo image the user painted
    (`albedo_as_written` False): a new head of that name takes Blender's ".001" instead."""
    return (bool(block.get(HEAD_DATA_PROP)) and block.users == 0 and block.library is None
            and not block.get(BUILDING_PROP)
            and not (isinstance(block, bpy.types.Image) and albedo_as_written(block) is False))


def remove_leftover(block) -> None:
    """Remove what a deleted head left (`left_by_a_deleted_head(block)`), and with a mesh or material the
    material and image it alone held (left by the same head, under whatever name: a material named "<name>.001"
    beside the user's "<name>" still holds its "<name> albedo")."""
    held = []
    if isinstance(block, bpy.types.Mesh):
        held = [m for m in block.materials if m is not None]
        bpy.data.meshes.remove(block)
    elif isinstance(block, bpy.types.Material):
        held = [n.image for n in (block.node_tree.nodes if block.node_tree else ())
                if n.bl_idname == "ShaderNodeTexImage" and n.image is not None]
        bpy.data.materials.remove(block)
    elif isinstance(block, bpy.types.Image):
        bpy.data.images.remove(block)
    for other in dict.fromkeys(held):
        if left_by_a_deleted_head(other):
            remove_leftover(other)


def remove_deleted_heads_data() -> int:
    """Remove what deleted heads (and hairs) left (`left_by_a_deleted_head`): done before a save.  Blender writes no
    datablock with 0 users, but the orphan mesh's material still counts it as a user and its image the material, so
    a .blend saved after a head was deleted (X) kept the head's material and albedo (megabytes) until saved twice.
    Returns how many meshes and materials were removed (with the images they alone held)."""
    removed = 0
    for collection in (bpy.data.meshes, bpy.data.materials):  # (a material left by a head reloaded without its mesh)
        for block in [b for b in collection if left_by_a_deleted_head(b)]:
            try:
                block.name
            except ReferenceError:  # (removed with a mesh just before)
                continue
            remove_leftover(block)
            removed += 1
    return removed
