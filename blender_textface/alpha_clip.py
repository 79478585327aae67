"""The hair's coverage as a cut-out (alpha clip) in the GLB export.

Game engines draw hair cards cut out: alpha-tested, depth-written, no sorting (Unity: Standard *Cutout* / URP *Alpha
Clipping*; Unreal: Blend Mode *Masked*).  Blender's glTF exporter (4.2+) no longer reads the material's blend mode:
it writes `alphaMode` MASK with `alphaCutoff` only when the Alpha socket is fed through a clip made of Math nodes,
`1 - (alpha < cutoff)`, and BLEND (alpha-blended, sorted, no depth write) for a texture's alpha linked as it is.
The hair material in the scene keeps its soft coverage (Eevee draws it dithered); for the export, the hair copy gets
a copy of its material with that clip, named as the original (which is renamed for the moment), so glTF importers
(UnityGLTF, glTFast, Unreal's) make a cut-out material.  A material whose Alpha the artist fed through nodes of
their own is left as it is.  FBX has no alpha-clip setting: its export keeps the texture linked to Alpha
(TransparencyFactor); see the README's *Game engines* for what engines make of it.
"""
from __future__ import annotations

import contextlib

import bpy

CUTOFF = 0.5  # glTF's default alphaCutoff, Unity's default Cutoff


def _alpha_texture_link(material):
    """The link Image Texture Alpha -> Principled BSDF Alpha of `material`, or None."""
    tree = material.node_tree if material is not None else None
    for link in (tree.links if tree is not None else ()):
        if (link.to_node.bl_idname == "ShaderNodeBsdfPrincipled" and link.to_socket.identifier == "Alpha"
                and link.from_node.bl_idname == "ShaderNodeTexImage" and link.from_socket.identifier == "Alpha"):
            return link
    return None


def clip(material, cutoff: float = CUTOFF) -> None:
    """Feed `material`'s texture alpha to its BSDF's Alpha through `1 - (alpha < cutoff)` (what the glTF exporter
    reads as alphaMode MASK, alphaCutoff `cutoff`)."""
    link = _alpha_texture_link(material)
    tree = material.node_tree
    source, target = link.from_socket, link.to_socket
    less = tree.nodes.new("ShaderNodeMath")
    less.operation = "LESS_THAN"
    less.inputs[1].default_value = cutoff
    one_minus = tree.nodes.new("ShaderNodeMath")
    one_minus.operation = "SUBTRACT"
    one_minus.inputs[0].default_value = 1.0
    tree.links.new(source, less.inputs[0])
    tree.links.new(less.outputs[0], one_minus.inputs[1])
    tree.links.new(one_minus.outputs[0], target)


@contextlib.contextmanager
def clipped(copies, cutoff: float = CUTOFF):
    """For the export's `copies`: each material whose texture's alpha is linked to the BSDF's Alpha replaced, on
    the copies' meshes, by a clipped copy under its name; all put back after."""
    made, renamed = {}, {}
    try:
        for copy in copies:
            slots = copy.data.materials
            for index, material in enumerate(slots):
                if material is None or _alpha_texture_link(material) is None:
                    continue
                if material not in made:
                    name = material.name
                    clipped_copy = material.copy()
                    made[material] = clipped_copy
                    if material.library is None:
                        renamed[material] = name
                        material.name = f"{name}.textface-original"
                        clipped_copy.name = name
                    clip(clipped_copy, cutoff)
                slots[index] = made[material]
        yield
    finally:
        for copy in copies:
            slots = copy.data.materials
            for index, material in enumerate(slots):
                original = next((o for o, c in made.items() if c == material), None)
                if original is not None:
                    slots[index] = original
        for clipped_copy in made.values():
            bpy.data.materials.remove(clipped_copy)
        for material, name in renamed.items():
            material.name = name
