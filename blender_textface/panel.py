"""The 3D View sidebar tab "TextFace"."""
from __future__ import annotations

import textwrap

import bpy

from . import hair, job_state, progress_image, stored

MAX_WARNING_LINES = 12
PREVIEW_SCALE = 8.0  # the progress preview's size in the panel, in icon units (20 px each at UI scale 1)


class TEXTFACE_PT_main(bpy.types.Panel):
    bl_space_type = "VIEW_3D"
    bl_region_type = "UI"
    bl_category = "TextFace"
    bl_label = "TextFace"

    def draw(self, context):
        props = context.scene.textface
        job = job_state.current
        layout = self.layout
        layout.row(align=True).prop(props, "source", expand=True)
        col = layout.column(align=True)
        if props.source == "TEXT":
            col.prop(props, "batch_text")
        elif props.source == "FILE":
            col.prop(props, "batch_file", text="")
        else:
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
        row = layout.row(align=True)
        row.prop(props, "texture_size")
        row.prop(props, "identity_keys")
        row.prop(props, "hair")
        if job.running:
            layout.progress(factor=job.progress, type="BAR", text=f"{job.stage} {job.progress:.0%}{_heads_done(job)}")
            _draw_progress_preview(layout)
            layout.operator("textface.cancel", icon="CANCEL")
        else:
            layout.operator("textface.generate", icon="USER")
        box = layout.box()
        box.prop(props, "refine_text", text="")
        row = box.row()
        row.enabled = not job.running
        row.operator("textface.refine_selected", icon="SHADERFX")
        head = context.active_object
        head = hair.head_of(head) if head is not None else None  # (the hair selected: its head's line)
        seed = stored.head_seed(head) if head is not None else None
        if seed is not None:  # (a crowd's seeds are derived: here the artist reads the one to make this face again)
            box.label(text=f"Seed: {seed} ({head.name})", icon="USER")
        line = hair.summary(head) if head is not None else None
        if line is not None:
            box.label(text=f"Hair: {line}", icon="OUTLINER_OB_CURVES")
            unmatched = hair.unmatched_keys(hair.hair_of(head), head)
            if unmatched:
                shown = ", ".join(unmatched[:3]) + (f" and {len(unmatched) - 3} more" if len(unmatched) > 3 else "")
                box.label(text=f"Hair keys not set as the head's: {shown}", icon="ERROR")
            box.operator("textface.match_hair", icon="LINKED")
        _draw_left_hair(layout)
        row = layout.row(align=True)
        row.operator("textface.export_fbx", icon="EXPORT")
        row.operator("textface.export_glb", text="GLB")
        if job.warnings and not job.running:
            _message_box(layout, "Prompt warnings:", "ERROR", job.warnings, MAX_WARNING_LINES,
                         "... (all of them in the Info editor)")
        if job.failed and not job.running:
            _message_box(layout, "Heads not made:", "ERROR", [job.failed], MAX_WARNING_LINES,
                         "... (all of them in the Info editor)")
        if job.notice and not job.running:
            _message_box(layout, "Note:", "INFO", [job.notice], 8)
        if job.last_error:
            _message_box(layout, "Last error:", "ERROR", [job.last_error], 8)


def _heads_done(job) -> str:
    """" (2 of 5 heads done)" while the jobs of several heads run (a batch, variations), else ""."""
    task = job.task
    total = len(getattr(task, "job_ids", None) or ())
    if total < 2 or getattr(task, "building", False):
        return ""
    return f" ({task.jobs_ended} of {total} heads done)"


def _draw_left_hair(layout) -> None:
    """Hair objects whose heads were deleted without them (Blender's Delete of the head alone): named, with a button
    to remove them."""
    left = hair.left_behind()
    if not left:
        return
    names = ", ".join(obj.name for obj in left[:3]) + (f" and {len(left) - 3} more" if len(left) > 3 else "")
    box = layout.box()
    box.label(text=f"Head deleted, hair left: {names}", icon="ERROR")
    box.operator("textface.remove_left_hair", icon="TRASH")


def _draw_progress_preview(layout) -> None:
    """The refinement's latest preview (its image's preview, which progress_image fills by hand)."""
    image = progress_image.find()
    if image is None or image.preview is None:
        return
    box = layout.box()
    box.template_icon(icon_value=image.preview.icon_id, scale=PREVIEW_SCALE)
    box.label(text=f"Full size: Image Editor › {image.name}", icon="IMAGE_DATA")  # (narrow sidebar)


def _message_box(layout, title: str, icon: str, texts: list[str], max_lines: int, more: str | None = None):
    """A box of messages wrapped to the panel's width, at most `max_lines` lines (then `more`, if given)."""
    box = layout.box()
    box.label(text=title, icon=icon)
    lines = [line for text in texts for line in textwrap.wrap(text, 48)]
    for line in lines[:max_lines]:
        box.label(text=line)
    if more and len(lines) > max_lines:
        box.label(text=more)


def register():
    bpy.utils.register_class(TEXTFACE_PT_main)


def unregister():
    bpy.utils.unregister_class(TEXTFACE_PT_main)
