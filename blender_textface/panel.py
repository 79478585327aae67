"""The 3D View sidebar tab "TextFace"."""
from __future__ import annotations

import textwrap

import bpy

from . import job_state

MAX_WARNING_LINES = 12


class TEXTFACE_PT_main(bpy.types.Panel):
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "TextFace"
    bl_label = "TextFace"

    def draw(self, context):
        props = context.scene.textface
        job = job_state.current
        layout = self.layout
        col = layout.column(align=True)
        col.prop(props, "prompt_text")
        if props.prompt_text is None:
            col.prop(props, "prompt", text="")
        row = layout.row(align=True)
        row.prop(props, "seed")
        row.prop(props, "variations")
        row = layout.row(align=True)
        row.prop(props, "refine")
        sub = row.row(align=True)
        sub.enabled = props.refine
        sub.prop(props, "refine_steps")
        layout.prop(props, "texture_size")
        if job.running:
            layout.progress(factor=job.progress, type="BAR", text=f"{job.stage} {job.progress:.0%}")
            layout.operator("textface.cancel", icon="CANCEL")
        else:
            layout.operator("textface.generate", icon="USER")
        box = layout.box()
        box.prop(props, "refine_text", text="")
        row = box.row()
        row.enabled = not job.running
        row.operator("textface.refine_selected", icon="SHADERFX")
        row = layout.row(align=True)
        row.operator("textface.export_fbx", icon="EXPORT")
        row.operator("textface.export_glb", text="GLB")
        if job.warnings and not job.running:
            box = layout.box()
            box.label(text="Prompt warnings:", icon="ERROR")
            lines = [line for text in job.warnings for line in textwrap.wrap(text, 48)]
            for line in lines[:MAX_WARNING_LINES]:
                box.label(text=line)
            if len(lines) > MAX_WARNING_LINES:
                box.label(text="... (all of them in the Info editor)")
        if job.notice and not job.running:
            box = layout.box()
            box.label(text="Note:", icon="INFO")
            for line in textwrap.wrap(job.notice, 48)[:8]:
                box.label(text=line)
        if job.last_error:
            box = layout.box()
            box.label(text="Last error:", icon="ERROR")
            for line in textwrap.wrap(job.last_error, 48)[:8]:
                box.label(text=line)


def register():
    bpy.utils.register_class(TEXTFACE_PT_main)


def unregister():
    bpy.utils.unregister_class(TEXTFACE_PT_main)
