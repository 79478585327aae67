"""Write a HeadPlan into Blender in bulk (foreach_set), all or nothing.

Every datablock is built unlinked and linked to the scene only at the end; if anything fails, the
datablocks created so far are removed, so a failed import leaves no half-built head behind.
`build_steps` builds one head in pieces (stepwise.py), for a timer that brings in several heads
without freezing Blender for all of them at once.
"""
from __future__ import annotations

import json
from typing import Generator

import bpy

from . import hair, head_data, head_names, stepwise
# the mark of a head's data, and of a head being built (importable from here, as before)
from .head_data import BUILDING_PROP, HEAD_DATA_PROP, left_by_a_deleted_head
from .planning import HeadPlan
# the properties a head keeps, read back checked in stored.py (also importable from here, as before)
from .stored import IDENTITY_BAKED_PROP, PROMPT_PROP, SIDECAR_PROP, identity_baked, sidecar_of  # noqa: F401
from .units import UNIT_SCALE_PROP

UV_NAME = "UVMap"


class Created:
    """Datablocks made during one build (marked as being built), removed again on failure."""

    def __init__(self):
        self.items: list[tuple[object, object]] = []

    def add(self, collection, block):
        block[BUILDING_PROP] = True
        self.items.append((collection, block))
        return block

    def finish(self) -> None:
        """The build is complete and linked: its datablocks are the user's now."""
        for _, block in self.items:
            del block[BUILDING_PROP]
        self.items.clear()

    def remove_all(self) -> None:
        for collection, block in reversed(self.items):
            try:
                collection.remove(block)
            except ReferenceError:  # already gone: an undo, a file load or Purge Unused took it meanwhile
                pass
        self.items.clear()


def remove_unfinished() -> int:
    """Remove every datablock of a head whose build never finished (marked BUILDING_PROP): an undo step
    taken while heads were built in pieces holds them, unlinked, and going back to it (undo, redo) would
    bring them back.  Returns how many were removed."""
    removed = 0
    for collection in (bpy.data.objects, bpy.data.materials, bpy.data.meshes, bpy.data.images):  # users first
        for block in [b for b in collection if b.get(BUILDING_PROP)]:
            collection.remove(block)
            removed += 1
    return removed


def _mesh_steps(plan: HeadPlan, created: Created) -> Generator[None, None, bpy.types.Mesh]:
    """The mesh in two pieces: vertices and corners, then faces, UVs, edges and smooth shading."""
    mesh = created.add(bpy.data.meshes, bpy.data.meshes.new(plan.name))
    mesh.vertices.add(plan.n_vertices)
    mesh.vertices.foreach_set("co", plan.vertices)
    mesh.loops.add(len(plan.loop_vertices))
    mesh.loops.foreach_set("vertex_index", plan.loop_vertices)
    yield
    mesh.polygons.add(len(plan.loop_start))
    mesh.polygons.foreach_set("loop_start", plan.loop_start)
    mesh.polygons.foreach_set("loop_total", plan.loop_total)
    uv = mesh.uv_layers.new(name=UV_NAME)
    uv.uv.foreach_set("vector", plan.loop_uvs)
    mesh.update(calc_edges=True)
    mesh.shade_smooth()
    return mesh


def write_image(image: bpy.types.Image, plan: HeadPlan) -> None:
    """Make a new image the plan's albedo, packed into the .blend: the PNG bytes the worker encoded, which
    Blender decodes when the image is first drawn or read (the same packed PNG image `Image.pack()`
    makes of a generated one, without its ~65 ms of encoding here on the main thread)."""
    image.pack(data=plan.png, data_len=len(plan.png))
    image.source = "FILE"
    head_data.record_albedo(image, plan.png)  # (~3 ms for a 1024² albedo: what refine tells paint from)


def _image(plan: HeadPlan, created: Created) -> bpy.types.Image:
    w, h = plan.image_size
    image = created.add(bpy.data.images, bpy.data.images.new(f"{plan.name} albedo", w, h, alpha=False))
    write_image(image, plan)
    return image


def _material(plan: HeadPlan, image: bpy.types.Image, created: Created) -> bpy.types.Material:
    return hair.textured_material(plan.name, image, created, roughness=0.6)[0]


def _take_names(obj, data) -> None:
    """Name the head's mesh, material and image after its object ("<name>", "<name> albedo"): deleting heads and
    generating again gave the objects their names back but the data ".001" names, taken by what the deleted
    heads left.  Such leftovers of that name are removed (mesh first: it uses the material, which uses the
    image; with a mesh go its material and image, left with it, whatever their names); a name the user's data holds stays theirs (the head keeps Blender's ".001").  Heads of older add-on
    versions in the file are marked first (head_data.py), so what they leave when deleted is recognised too."""
    head_data.mark_heads()
    for collection, block, name in data:
        block[HEAD_DATA_PROP] = True
        if block.name == name:
            continue
        other = collection.get(name)
        if other is not None and left_by_a_deleted_head(other):
            head_data.remove_leftover(other)
        if collection.get(name) is None:
            block.name = name


def _shape_keys(obj: bpy.types.Object, keys) -> None:
    for key in keys:
        block = obj.shape_key_add(name=key.name, from_mix=False)
        block.points.foreach_set("co", key.coords)
        block.slider_min, block.slider_max = key.slider_min, key.slider_max
        block.value = key.value


def set_sidecar(obj: bpy.types.Object, sidecar: dict) -> None:
    obj[SIDECAR_PROP] = json.dumps(sidecar)
    obj[PROMPT_PROP] = str(sidecar.get("prompt", ""))


def prompt_warnings(obj: bpy.types.Object) -> list[str]:
    """The backend's notes on what of the prompt it could not use (sidecar `parsed.warnings`: words not
    recognised, a stated attribute not met, ...); [] for a head without them."""
    parsed = (sidecar_of(obj) or {}).get("parsed")
    found = parsed.get("warnings") if isinstance(parsed, dict) else None
    if not isinstance(found, list):
        return []
    return list(dict.fromkeys(w.strip() for w in found if isinstance(w, str) and w.strip()))


def prompt_notes(heads, known=frozenset()) -> list[tuple[str, str]]:
    """(head name, warning) for each prompt warning of each head, leaving out those in `known` (a refined
    head keeps its prompt's warnings: only new ones are news)."""
    return [(obj.name, w) for obj in heads for w in prompt_warnings(obj) if w not in known]


KEYS_PER_PIECE = 40  # 153 keys in 4 pieces; a piece of 40 real keys: ~8-20 ms on 2 cores


def pieces(plan: HeadPlan) -> int:
    """How many pieces build_steps yields for `plan` (progress: one piece ~5-30 ms for a real head)."""
    return 3 + -(-len(plan.keys) // KEYS_PER_PIECE) + hair.pieces(plan.hair)


def build_steps(plan: HeadPlan, created: Created, location=(0.0, 0.0, 0.0)) -> Generator[None, None, bpy.types.Object]:
    """Build one head unlinked (the caller links it), yielding after each piece: the mesh in two, the
    packed image, then material, object and the shape keys KEYS_PER_PIECE at a time, then the hair (hair.py)
    when the plan has one.  Everything made is recorded in `created`; the caller removes it on failure and
    links what it returns with `link_head`."""
    mesh = yield from _mesh_steps(plan, created)
    yield
    image = _image(plan, created)
    yield
    material = _material(plan, image, created)
    mesh.materials.append(material)
    obj = created.add(bpy.data.objects, bpy.data.objects.new(plan.name, mesh))
    _take_names(obj, ((bpy.data.meshes, mesh, obj.name), (bpy.data.materials, material, obj.name),
                      (bpy.data.images, image, f"{obj.name} albedo")))
    obj[head_names.NAME_PROP] = obj.name  # the name its data (and hair) follow when the head is renamed
    obj.shape_key_add(name="Basis", from_mix=False)
    for start in range(0, len(plan.keys), KEYS_PER_PIECE):
        _shape_keys(obj, plan.keys[start:start + KEYS_PER_PIECE])
        yield
    set_sidecar(obj, plan.sidecar)
    if not plan.identity_keys:
        obj[IDENTITY_BAKED_PROP] = True
    if plan.unit_scale != 1.0:  # built for a scene whose Blender unit is not a metre (units.py)
        obj[UNIT_SCALE_PROP] = plan.unit_scale
    obj.location = location
    if plan.hair is not None:  # (its mesh in the piece after the head's last keys)
        yield from hair.build_steps(plan.hair, obj, created)
    return obj


def link_head(obj: bpy.types.Object, collection: bpy.types.Collection) -> None:
    """Link a head built unlinked, and its hair, to `collection`."""
    collection.objects.link(obj)
    for hair_obj in hair.hair_objects(obj):
        hair.link(hair_obj, (collection,))


def build_head(plan: HeadPlan, collection: bpy.types.Collection, location=(0.0, 0.0, 0.0)) -> bpy.types.Object:
    """Create the mesh, shape keys, material, packed image and object, then link it (in one go)."""
    created = Created()
    try:
        obj = stepwise.run(build_steps(plan, created, location))
        link_head(obj, collection)
        created.finish()
    except BaseException:
        created.remove_all()
        raise
    return obj
