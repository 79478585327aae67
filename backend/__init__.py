"""TextFace backend: text -> 3D morphable head (torch side; never imports bpy)."""

__version__ = "0.1.0"
