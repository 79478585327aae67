"""TextFace: text -> textured, rig-ready 3D heads (ICT Face Model), as a Blender extension.

Scripting: `from blender_textface import api` (or `from bl_ext.user_default.textface import api` when
installed as an extension).  The operators and the panel are thin layers over `api`.
"""
from __future__ import annotations

# Read by Blender only when the folder is enabled as a legacy add-on (development checkouts);
# the built extension uses blender_manifest.toml.
bl_info = {
    "name": "TextFace",
    "author": "TextFace contributors",
    "version": (0, 1, 0),
    "blender": (4, 2, 0),
    "location": "3D View > Sidebar > TextFace",
    "description": "Text to textured, rig-ready 3D heads (ICT Face Model)",
    "category": "Add Mesh",
}


def register():
    from . import registration

    registration.register()


def unregister():
    from . import registration

    registration.unregister()
