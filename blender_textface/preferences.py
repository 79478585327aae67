"""Add-on preferences: how to reach the backend and the default generation options."""
from __future__ import annotations

import bpy
from bpy.props import EnumProperty, FloatProperty, StringProperty

from . import job_state
from .settings import BackendSettings

ADDON_ID = __package__  # "blender_textface" from source, "bl_ext.<repo>.textface" when installed


class TEXTFACE_AP_preferences(bpy.types.AddonPreferences):
    bl_idname = ADDON_ID

    backend_mode: EnumProperty(
        name="Backend", default="LOCAL",
        items=[("LOCAL", "Local", "Start `python -m backend serve` with the interpreter below; stop it on quit"),
               ("REMOTE", "Remote", "Use a running TextFace service (URL + token)")])
    python_path: StringProperty(
        name="Python", subtype="FILE_PATH",
        description="Interpreter of a Python 3.11 environment with the backend's requirements (see README); "
                    "Blender's own Python is never modified")
    remote_url: StringProperty(name="URL", default="http://127.0.0.1:8765")
    remote_token: StringProperty(name="Token", subtype="PASSWORD")
    clip_weights: StringProperty(name="CLIP weights", subtype="FILE_PATH",
                                 description="Local open_clip checkpoint used by refinement (empty: backend default)")
    texture_model: StringProperty(name="Texture model", default="parametric",
                                  description="'parametric' or 'stylegan:PATH' to trained generator weights")
    texture_size: EnumProperty(name="Texture size", default="1024",
                               items=[(s, f"{s}²", "") for s in ("256", "512", "1024", "2048")])
    device: EnumProperty(name="Device", default="auto",
                         items=[("auto", "Auto", "CUDA when available"), ("cpu", "CPU", ""), ("cuda", "CUDA", "")])
    start_timeout: FloatProperty(name="Start timeout (s)", default=120.0, min=5.0, max=1200.0)

    def draw(self, context):
        layout = self.layout
        layout.prop(self, "backend_mode", expand=True)
        if self.backend_mode == "LOCAL":
            row = layout.row(align=True)
            row.prop(self, "python_path")
            row.operator("textface.find_python", text="", icon="VIEWZOOM")
            layout.operator("textface.create_environment", icon="ADD")
            layout.prop(self, "start_timeout")
        else:
            layout.prop(self, "remote_url")
            layout.prop(self, "remote_token")
        col = layout.column()
        col.prop(self, "clip_weights")
        col.prop(self, "texture_model")
        col.prop(self, "texture_size")
        col.prop(self, "device")
        layout.operator("textface.check_backend", icon="CHECKMARK")
        report = job_state.current.backend_report
        if report:
            box = layout.box()
            for line in report:
                icon = "ERROR" if line.startswith(("ERROR", "WARNING")) or ": MISSING" in line else "NONE"
                box.label(text=line, icon=icon)


def settings_from_context(context) -> BackendSettings:
    try:
        prefs = context.preferences.addons[ADDON_ID].preferences
    except KeyError:
        raise RuntimeError("the TextFace add-on is not enabled (Preferences > Add-ons), or pass settings=") from None
    return BackendSettings(
        mode=prefs.backend_mode, python=bpy.path.abspath(prefs.python_path) if prefs.python_path else "",
        url=prefs.remote_url, token=prefs.remote_token,
        clip_weights=bpy.path.abspath(prefs.clip_weights) if prefs.clip_weights else "",
        texture_model=prefs.texture_model, texture_size=int(prefs.texture_size), device=prefs.device,
        start_timeout=prefs.start_timeout)


def register():
    bpy.utils.register_class(TEXTFACE_AP_preferences)


def unregister():
    bpy.utils.unregister_class(TEXTFACE_AP_preferences)
