"""The glTF exporter's false "More than one shader node tex image used for a texture" line, left out of a GLB export
of heads whose materials give it no reason.

Blender's glTF exporter (io_scene_gltf2, blender/exp/material/texture.py, `__gather_sampler`) logs it for every
base colour texture gathered from two sockets, Base Color and Alpha, counting sockets, not image nodes: the hair
material, whose one Image Texture node feeds both (the RGBA albedo, its alpha the coverage), logged it for every hair
of every export, although the GLB holds that one image (and one sampler) for it.  No node layout keeping the
coverage in the texture avoids it (any path from Alpha to an image adds the socket).  So the line is dropped while
every material exported has no texture socket but Base Color and Alpha, and those from one node; a material of the
artist's with two image nodes there (where only the first node's sampler settings are written) keeps it.
"""
from __future__ import annotations

import contextlib
import logging

LOGGER = "glTFImporter"  # (the exporter logs through the importer's logger: io_scene_gltf2/io/com/debug.py)
SAMPLER_LINE = "More than one shader node tex image used for a texture"
_PASSED = {"Base Color", "Alpha"}


def _images_upstream(socket, seen=None) -> set | None:
    """The Image Texture nodes any path into `socket` starts from; None when a path goes through a node group
    (what it holds is not followed: said to be unknown)."""
    seen = set() if seen is None else seen
    found = set()
    for link in socket.links:
        node = link.from_node
        if node.bl_idname in ("ShaderNodeGroup", "NodeGroupInput"):
            return None
        if node.bl_idname == "ShaderNodeTexImage":
            found.add(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        for upstream in node.inputs:
            more = _images_upstream(upstream, seen)
            if more is None:
                return None
            found |= more
    return found


def one_image_per_texture(material) -> bool:
    """Every Principled BSDF of `material` takes textures in Base Color and Alpha only, from at most one node."""
    tree = material.node_tree
    for bsdf in (n for n in (tree.nodes if tree is not None else ()) if n.bl_idname == "ShaderNodeBsdfPrincipled"):
        used = {}
        for socket in bsdf.inputs:
            images = _images_upstream(socket)
            if images is None:
                return False
            if images:
                used[socket.name] = images
        if set(used) - _PASSED or len(set().union(*used.values())) > 1:
            return False
    return True


class _DropSamplerLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(SAMPLER_LINE)


@contextlib.contextmanager
def quiet_single_node_textures(copies):
    """While exporting `copies` (mesh objects): the false sampler line dropped when every material passes
    `one_image_per_texture`; every other line of the exporter's log, and this one otherwise, as it is."""
    materials = {m for c in copies for m in c.data.materials if m is not None}
    if not all(one_image_per_texture(m) for m in materials):
        yield
        return
    logger, line = logging.getLogger(LOGGER), _DropSamplerLine()
    logger.addFilter(line)
    try:
        yield
    finally:
        logger.removeFilter(line)
