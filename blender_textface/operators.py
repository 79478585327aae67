"""Operators: thin layers over `api`, `tasks` and `export`.

Generate and Refine Selected are modal: a timer steps a HeadTask on the main thread (never blocking the
UI), the panel and the status bar show its stage and progress, ESC or the Cancel button cancels the
backend job.  Their `execute` (Repeat Last, scripts) takes the same modal path while Blender shows its
windows, and blocks until done only headless (`blender -b`); the scripting API blocks everywhere.
"""
from __future__ import annotations

import dataclasses
import time
import warnings

import bpy
from bpy.props import BoolProperty, EnumProperty, StringProperty
from bpy_extras.io_utils import ExportHelper, ImportHelper

from . import (api, batch, export, hair, head_data, importer, job_state, name_case, progress_image, refine, running,
               stored, tasks, units, writer)
from .check import TEXTFACE_OT_check_backend
from .environment import TEXTFACE_OT_create_environment
from .preferences import settings_from_context

TIMER_STEP = 0.2
# bringing in the heads: up to ~30 ms of main-thread work per tick (pieces of 5-30 ms: writer.build_steps),
# ticks close together; 4 real heads in one tick held the UI 0.3-1.1 s
BUILD_BUDGET = 0.03
BUILD_TIMER_STEP = 0.01


def _texture_size(props, settings):
    return settings.texture_size if props.texture_size == "PREFS" else int(props.texture_size)


def _set_status(context, text: str | None) -> None:
    if context.workspace is not None:
        context.workspace.status_text_set(text)
    if context.screen is not None:
        for area in context.screen.areas:
            if area.type in ("VIEW_3D", "STATUSBAR"):
                area.tag_redraw()


def _in_background() -> bool:
    return bpy.app.background


def _has_ui(context) -> bool:
    """A window the user sees, which a blocking wait on the main thread would freeze."""
    wm = context.window_manager
    return not _in_background() and context.window is not None and wm is not None and len(wm.windows) > 0


def _invoke(bl_idname: str) -> set:
    category, name = bl_idname.split(".")
    return getattr(getattr(bpy.ops, category), name)("INVOKE_DEFAULT")


class _JobOperator:
    """Shared modal machinery; subclasses build the task and say what finishing means."""

    _task = None
    _timer = None

    def make_task(self, context) -> tasks.HeadTask:
        raise NotImplementedError

    def finished(self, context, result) -> None:
        raise NotImplementedError

    def _begin(self, context):
        job = job_state.current
        if job.running:
            self.report({"ERROR"}, "TextFace is already running a job; cancel it first")
            return None
        job.last_error = job.notice = job.failed = ""
        job.warnings = []
        try:
            task = self.make_task(context)
        except (ValueError, RuntimeError) as exc:
            job.last_error = str(exc)
            self.report({"ERROR"}, str(exc))
            return None
        job.reset()
        progress_image.clear()  # an empty one an undo brought back
        job.running, job.stage, job.task = True, task.progress.stage, task
        self._task = task
        return task

    def invoke(self, context, event):
        return self._start_modal(context)

    def _start_modal(self, context):
        if self._begin(context) is None:
            return {"CANCELLED"}
        # remembered with its task: disabling the add-on frees this operator without calling cancel()
        self._timer = running.start_timer(context, TIMER_STEP, self._task)
        context.window_manager.modal_handler_add(self)
        return {"RUNNING_MODAL"}

    def execute(self, context):
        """Repeat Last (Shift+R), the redo panel and scripts land here.  With Blender's windows open the
        job runs modal like the button (a blocking wait would freeze the UI for the whole job); headless
        (`blender -b`) it blocks until done.  Scripts that must wait everywhere use `api`."""
        if _has_ui(context):
            if self.options.is_repeat or self.options.is_repeat_last:
                # this instance is the one Blender keeps for Repeat Last: a modal handler must not own it
                # (Blender would register it a second time when the job ends); a new instance runs the job
                return self._invoke_new_instance()
            return self._start_modal(context)
        if self._begin(context) is None:
            return {"CANCELLED"}
        result = {"RUNNING_MODAL"}
        try:
            while result == {"RUNNING_MODAL"}:
                result = self.modal(context, None)
        except BaseException:  # Ctrl-C in the wait: the backend jobs must not run on, nor the state stick
            self.cancel(context)
            raise
        return result

    def _invoke_new_instance(self):
        try:
            _invoke(self.bl_idname)
        except RuntimeError as exc:  # it refused to start (a job runs, no prompt, ...): bpy.ops raised
            self.report({"ERROR"}, str(exc).removeprefix("Error:").strip())
        return {"CANCELLED"}  # nothing done by this instance: no undo step, no second registration

    def cancel(self, context):
        """Blender drops the modal handler (File > New/Open, a closed window): end the job, never wait."""
        if self._task is not None:
            self._task.cancel()
            self._end(context)

    def modal(self, context, event):
        if self._task is None:  # already ended
            return {"CANCELLED"}
        job = job_state.current
        # the Cancel button (or a file load) cancels the task itself: see job_state.JobState.abandon
        if (event is not None and event.type == "ESC") or self._task.cancelled:
            self._task.cancel()
            self._end(context)
            self.report({"WARNING"}, "TextFace job cancelled")
            return {"CANCELLED"}
        if event is not None and event.type != "TIMER":
            return {"PASS_THROUGH"}
        if event is None and not self._task.building:  # (blocking: a job to wait for, no heads to build)
            time.sleep(TIMER_STEP)
        try:
            state = self._task.step(BUILD_BUDGET)
            if state == tasks.FINISHED:
                self.finished(context, self._task.result)
        except (ValueError, RuntimeError) as exc:  # BackendError, ImportFailed, NotAHead, ...
            self._fail(context, str(exc))
            return {"CANCELLED"}
        except BaseException as exc:
            self._fail(context, f"internal error: {type(exc).__name__}: {exc}")
            raise
        if state == tasks.RUNNING:
            if self._task.building:
                self._quicken_timer(context)
            self._show_preview(context)
            progress = self._task.progress
            job.stage, job.progress = progress.stage, progress.fraction
            _set_status(context, f"TextFace: {progress.stage} {progress.fraction:.0%}  (Esc to cancel)")
            return {"RUNNING_MODAL"}
        self._end(context)
        return {"FINISHED"} if state == tasks.FINISHED else {"CANCELLED"}

    def _quicken_timer(self, context) -> None:
        """While the heads are built in pieces, tick every BUILD_TIMER_STEP (the job's polling pace would
        add 0.2 s per piece); Blender still handles its events between ticks."""
        if self._timer is None or self._timer.time_step <= BUILD_TIMER_STEP:
            return
        self._timer = running.replace_timer(context, self._timer, BUILD_TIMER_STEP)

    def _show_preview(self, context) -> None:
        """The newest refinement preview the worker downloaded, into the progress image (~2 ms for the
        backend's 224 px preview); a preview that cannot be shown is skipped, the job goes on."""
        png = self._task.take_preview()
        if png is None:
            return
        try:
            progress_image.show(png)
        except Exception as exc:  # noqa: BLE001 - a preview is a nicety, never a reason to fail the job
            print(f"TextFace: could not show a progress preview: {type(exc).__name__}: {exc}")
            return
        if context.screen is not None:
            for area in context.screen.areas:
                if area.type == "IMAGE_EDITOR":
                    area.tag_redraw()

    def _notify_prompt_warnings(self, heads, known=frozenset()) -> None:
        """What of the prompt the backend could not use: one line per warning naming its heads (variations of
        one prompt share most), in the panel and as a WARNING report (status bar, Info editor)."""
        by_text: dict[str, list[str]] = {}
        for name, text in writer.prompt_notes(heads, known):
            by_text.setdefault(text, []).append(name)
        lines = [f"{', '.join(names)}: {text}" for text, names in by_text.items()]
        if lines:
            job_state.current.warnings = lines
            self.report({"WARNING"}, "\n".join(lines))

    def _notify_failed_heads(self) -> None:
        """Heads of several whose jobs failed while the others were made: one WARNING report naming each by
        prompt and seed and why, kept in the panel (its messages only: a traceback is the console's)."""
        failures = self._task.failures if self._task is not None else {}
        if not failures:
            return
        failed = [(*self._heads_of[i], reason) for i, reason in sorted(failures.items())]
        message = api.failed_heads_message(failed, len(self._heads_of))
        job_state.current.failed = message
        self.report({"WARNING"}, f"TextFace: {message}")

    def _notify_skipped_refinement(self, heads) -> list[str]:
        settings = self._task.settings if self._task is not None else None
        reasons = [r for r in (refine.skipped_reason(h, settings) for h in heads) if r]
        if reasons:
            job_state.current.notice = reasons[0] + (f" (and {len(reasons) - 1} more)" if len(reasons) > 1 else "")
            self.report({"WARNING"}, "\n".join(reasons))
        return reasons

    def _fail(self, context, message: str) -> None:
        if self._task is not None:
            self._task.cancel()
        self._end(context)
        job_state.current.last_error = message
        self.report({"ERROR"}, message)

    def _end(self, context) -> None:
        task, self._task = self._task, None
        job = job_state.current
        if task is not None and job.task is task:  # Cancel may have cleared it, and a new job own it now
            job.reset()
        if not job.running:  # (a new job's preview stays)
            progress_image.clear()
        if self._timer is not None:
            running.stop_timer(self._timer)
            self._timer = None
        _set_status(context, None)


class TEXTFACE_OT_generate(_JobOperator, bpy.types.Operator):
    """Generate head(s) from the prompt, or a batch of prompts (a text block's or a file's lines, in a grid), and
    import them at the 3D cursor"""

    bl_idname = "textface.generate"
    bl_label = "Generate"
    bl_options = {"REGISTER", "UNDO"}

    def make_task(self, context):
        props = context.scene.textface
        settings = settings_from_context(context)
        settings = dataclasses.replace(settings, texture_size=_texture_size(props, settings))
        if props.source == "PROMPT":
            requests, self._heads_of = api.crowd_requests(props.prompt_value(), props.seed, props.variations,
                                                          props.refine, props.refine_steps, settings, hair=props.hair)
            names = cells = self._seeds_note = None
        else:  # a batch: each line one head (each line's variations), in a grid
            lines = api.read_batch(props.batch_source())
            crowd = api.batch_requests(lines, props.seed, props.variations, props.refine, props.refine_steps,
                                       settings, hair=props.hair)
            requests, self._heads_of, names, cells = crowd.requests, crowd.heads, crowd.names, crowd.cells
            self._seeds_note = batch.seeds_note(lines, props.seed)  # (the panel may change while the job runs)
        location = tuple(context.scene.cursor.location)
        self._wants_refine = props.refine  # the panel may change while the job runs
        # the active collection when Generate was pressed (as Blender's Add menu), found again by identity
        # when the heads arrive (a kept bpy reference may dangle after undo); if it was deleted or unlinked
        # from the scene meanwhile, the active collection then
        target = importer.active_collection(context)
        uid = None if target == context.scene.collection else target.session_uid

        def collection():  # asked when the heads are linked, in the last piece of their build
            scene = bpy.context.scene
            return scene.collection if uid is None else next(
                (c for c in scene.collection.children_recursive if c.session_uid == uid), None)

        def apply(plans):  # in pieces over several timer ticks: the UI is never held for all the heads
            task = self._task
            made = task.made if task is not None and task.failures else range(len(requests))
            return api.import_plans_stepwise(plans, location, collection,
                                             None if names is None else [names[i] for i in made],
                                             None if cells is None else [cells[i] for i in made])

        # life-size in this scene's units (units.py)
        prepare = importer.plans_reader(props.identity_keys, unit_scale=units.scene_unit_scale(context.scene),
                                        hair=props.hair)
        # several heads: one whose job fails (a prompt refused, ...) does not stop the others (finished() names it)
        return tasks.HeadTask(settings, requests, apply, prepare=prepare, previews=True, keep_going=True,
                              labels=[api.head_label(*head) for head in self._heads_of])

    def finished(self, context, heads):
        # each head with the seed it was made with (its sidecar's): a batch's are derived, and the artist may want
        # one face again (a line's "seed", or the Prompt mode's Seed)
        names = ", ".join(f"{o.name} seed {seed}" if (seed := stored.head_seed(o)) is not None else o.name
                          for o in heads)
        if self._seeds_note is not None:
            names = f"{len(heads)} head{'s' * (len(heads) > 1)} ({self._seeds_note}): {names}"
        if context.mode != "OBJECT":
            # the user is editing (Edit Mode, Sculpt, ...): making a head active would leave the edited
            # object stuck in its mode, out of reach of Tab; the selection is left to the user
            mode = context.mode.replace("_", " ").lower()  # EDIT_MESH -> "edit mesh"
            self.report({"INFO"}, f"TextFace: generated {names} (not selected while in {mode} mode)")
        else:
            for obj in context.view_layer.objects:
                obj.select_set(False)
            for obj in heads:
                obj.select_set(True)
            context.view_layer.objects.active = heads[0]
            self.report({"INFO"}, f"TextFace: generated {names}")
        self._notify_failed_heads()
        self._notify_prompt_warnings(heads)
        clash = name_case.clash_message(heads)
        if clash:  # (export_names renames the second's textures: said now, not found in the exported folder)
            self.report({"WARNING"}, f"TextFace: {clash}")
        if self._wants_refine:
            self._notify_skipped_refinement(heads)


class TEXTFACE_OT_refine_selected(_JobOperator, bpy.types.Operator):
    """Refine the active head with the refine text (updates its keys and albedo in place)"""

    bl_idname = "textface.refine_selected"
    bl_label = "Refine Selected"
    bl_options = {"REGISTER", "UNDO"}

    def make_task(self, context):
        props = context.scene.textface
        settings = settings_from_context(context)
        obj = hair.head_of(context.active_object)  # (the hair active: its head)
        request, notes = refine.refine_request(obj, props.refine_text, props.refine_steps, settings)
        others = refine.other_selected_heads(obj, context.selected_objects)
        if others:  # one head per job: the active one (its result replaces its keys and albedo)
            notes = [*notes, (None, f"refining {obj.name} only (the active head); also selected, not refined: "
                                    f"{', '.join(others)}")]
        if notes:  # the head the backend renders differs from the one shown: say so now and after the job
            job_state.current.notice = " ".join(note for _, note in notes)
            self.report({"WARNING"}, "\n".join(note for _, note in notes))
        # found again by identity, not name: it may be renamed meanwhile, and another head given its name
        name, uid = obj.name, obj.session_uid
        self._known_warnings = set(writer.prompt_warnings(obj))  # the head keeps them: report only new ones

        def apply(plans):
            target = next((o for o in bpy.data.objects if o.session_uid == uid), None)
            if target is None:
                raise refine.NotAHead(f"{name} was deleted while it was being refined; the result was discarded")
            return refine.apply_refinement(target, plans[0])

        # a light head's result is planned light (its identity baked), in the worker as any other
        return tasks.HeadTask(settings, [request], apply, prepare=refine.result_reader(obj), previews=True)

    def finished(self, context, obj):
        # a skipped refinement is reported as that alone ("<head>: refinement skipped: ..."), never as "refined"
        if not self._notify_skipped_refinement([obj]):
            self.report({"INFO"}, f"TextFace: refined {obj.name}")
        kept = refine.take_albedo_note(obj)
        if kept is not None:  # the artist's paint was kept, in an image of its own: say where
            self.report({"WARNING"}, f"TextFace: {kept}")
            job = job_state.current
            job.notice = f"{job.notice} {kept}" if job.notice else kept
        self._notify_prompt_warnings([obj], self._known_warnings)


class TEXTFACE_OT_cancel(bpy.types.Operator):
    """Cancel the running TextFace job"""

    bl_idname = "textface.cancel"
    bl_label = "Cancel"

    def execute(self, context):
        # clears the state at once even when no operator steps the job any more (it would stick otherwise)
        job_state.current.abandon()
        progress_image.clear()
        _set_status(context, None)
        return {"FINISHED"}


@bpy.app.handlers.persistent
def _cancel_on_load(*_args):
    """A file is about to load: the job (whose result belongs to this scene) ends with it; Blender drops
    its operator, and the running state must not outlive it."""
    job = job_state.current
    if job.running:
        job.abandon()
        job.notice = "the running TextFace job was cancelled because a file was loaded"
    progress_image.clear()  # (of the file being closed)


@bpy.app.handlers.persistent
def _drop_unfinished_builds(*_args):
    """Undo, redo or a file load brought back heads an undo step (or a save) caught half-built, unlinked:
    they go.  A build under way then finds its datablocks gone and builds its heads again."""
    writer.remove_unfinished()


@bpy.app.handlers.persistent
def _mark_heads_data(*_args):
    """A file was loaded: the data of its heads made by older add-on versions get the mark newer heads carry
    (head_data.py), so that what they leave when deleted is recognised."""
    head_data.mark_heads()


@bpy.app.handlers.persistent
def _drop_deleted_heads_data(*_args):
    """A save: what deleted heads left (their meshes, and the materials and albedos only those held) goes first, so
    the .blend does not carry a deleted head's material and albedo (head_data.remove_deleted_heads_data)."""
    head_data.remove_deleted_heads_data()


HANDLERS = ((bpy.app.handlers.load_pre, _cancel_on_load), (bpy.app.handlers.undo_post, _drop_unfinished_builds),
            (bpy.app.handlers.redo_post, _drop_unfinished_builds),
            (bpy.app.handlers.load_post, _drop_unfinished_builds), (bpy.app.handlers.load_post, _mark_heads_data),
            (bpy.app.handlers.save_pre, _drop_deleted_heads_data))


MORPH_NAME_ITEMS = (
    ("ARKIT", "ARKit", "Apple ARKit's blendshape names (eyeBlinkLeft, browInnerUp, ...), as Live Link Face and "
     "Unity's ARKit face tracking match them; the ICT model's split browInnerUp and cheekPuff halves merged"),
    ("ICT", "ICT", "The ICT Face Model's names as the head has them in Blender (eyeBlink_L, browInnerUp_L, ...)"),
)


def _run_export(operator, call):
    """An export operator's run: an ExportFailed is its error; what the export warns of (modifiers not applied) is
    reported as a warning beside "wrote PATH"."""
    notes = (api.ModifiersNotApplied, api.NotHeadsLeftOut)
    with warnings.catch_warnings(record=True) as caught:
        for category in notes:
            warnings.simplefilter("always", category)
        try:
            path = call()
        except export.ExportFailed as exc:
            operator.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
    for warning in caught:
        if issubclass(warning.category, notes):
            operator.report({"WARNING"}, f"TextFace: {warning.message}")
        else:  # (not ours: shown as it would have been)
            warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)
    operator.report({"INFO"}, f"TextFace: wrote {path}")
    return {"FINISHED"}


class TEXTFACE_OT_export_fbx(bpy.types.Operator, ExportHelper):
    """Export the selected heads as FBX for Unity/Unreal (identity baked, ARKit morph targets, texture embedded)"""

    bl_idname = "textface.export_fbx"
    bl_label = "Export FBX"
    filename_ext = ".fbx"
    filter_glob: StringProperty(default="*.fbx", options={"HIDDEN"})
    keep_identity_keys: BoolProperty(name="Keep identity keys", default=False,
                                     description="Also export the id_ keys (engines clamp them to 0..1)")
    names: EnumProperty(name="Morph names", items=MORPH_NAME_ITEMS, default="ARKIT")

    def execute(self, context):
        return _run_export(self, lambda: api.export_fbx(context.selected_objects, self.filepath,
                                                          self.keep_identity_keys, names=self.names.lower()))


class TEXTFACE_OT_export_glb(bpy.types.Operator, ExportHelper):
    """Export the selected heads as binary glTF (identity baked, ARKit morph targets, texture embedded)"""

    bl_idname = "textface.export_glb"
    bl_label = "Export GLB"
    filename_ext = ".glb"
    filter_glob: StringProperty(default="*.glb", options={"HIDDEN"})
    keep_identity_keys: BoolProperty(name="Keep identity keys", default=False)
    names: EnumProperty(name="Morph names", items=MORPH_NAME_ITEMS, default="ARKIT")

    def execute(self, context):
        return _run_export(self, lambda: api.export_glb(context.selected_objects, self.filepath,
                                                          self.keep_identity_keys, names=self.names.lower()))


class TEXTFACE_OT_remove_left_hair(bpy.types.Operator):
    """Remove the hair objects whose heads were deleted without them (Delete of the head alone), with the mesh,
    material and image only they used (a hair albedo you painted is kept, with a fake user)"""

    bl_idname = "textface.remove_left_hair"
    bl_label = "Remove Left-behind Hair"
    bl_options = {"REGISTER", "UNDO"}

    def execute(self, context):
        left = hair.left_behind()
        editing = [obj.name for obj in left if obj.mode == "EDIT"]
        if editing:
            self.report({"ERROR"}, f"TextFace: {', '.join(editing)} is in Edit Mode: leave it (Tab) first; "
                                   "nothing was removed")
            return {"CANCELLED"}
        if not left:
            self.report({"INFO"}, "TextFace: no hair left behind by a deleted head")
            return {"CANCELLED"}
        names = [obj.name for obj in left]
        kept = [name for name in (hair.remove(obj, keep_painted=True) for obj in left) if name is not None]
        note = f"; painted albedo kept: {', '.join(kept)}" if kept else ""
        self.report({"INFO"}, f"TextFace: removed {', '.join(names)} (the hair of a deleted head){note}")
        return {"FINISHED"}


class TEXTFACE_OT_match_hair(bpy.types.Operator):
    """Give the active head's hair the Vertex Group and Relative To you set on the head's keys since it was built
    (each hair key as the head key of its name), and its drivers anew"""

    bl_idname = "textface.match_hair"
    bl_label = "Match Hair"
    bl_options = {"REGISTER", "UNDO"}

    @classmethod
    def poll(cls, context):
        obj = context.active_object
        return obj is not None and hair.hair_of(hair.head_of(obj)) is not None

    def execute(self, context):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", api.HairSettingsMissed)
            try:
                obj = api.match_hair(context.active_object)
            except ValueError as exc:
                self.report({"ERROR"}, f"TextFace: {exc}")
                return {"CANCELLED"}
        for w in caught:
            self.report({"WARNING"}, f"TextFace: {w.message}")
        if obj is None:
            self.report({"ERROR"}, "TextFace: the active object is no head with hair")
            return {"CANCELLED"}
        self.report({"INFO"}, f"TextFace: {obj.name} takes the key settings of {hair.linked_head(obj).name}'s keys")
        return {"FINISHED"}


class TEXTFACE_OT_import_wire(bpy.types.Operator, ImportHelper):
    """Import a head written by `python -m backend generate` (head.npz) at the 3D cursor"""

    bl_idname = "textface.import_wire"
    bl_label = "Import TextFace Head (.npz)"
    bl_options = {"REGISTER", "UNDO"}
    filename_ext = ".npz"
    filter_glob: StringProperty(default="*.npz", options={"HIDDEN"})
    identity_keys: BoolProperty(name="Identity keys", default=True,
                                description="Import the 100 identity sliders (id_000...); off: a light head, "
                                            "the identity baked into the mesh and only the 53 ARKit keys "
                                            "(about a third of the memory)")
    hair: BoolProperty(name="Hair", default=True,
                       description="Import the head's hair mesh when the file has one (an object '<head> hair', "
                                   "a child of the head whose shape keys follow the head's)")

    def execute(self, context):
        try:
            obj = api.import_wire(self.filepath, location=tuple(context.scene.cursor.location),
                                  identity_keys=self.identity_keys, hair=self.hair)
        except api.ImportFailed as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        self.report({"INFO"}, f"TextFace: imported {obj.name}")
        return {"FINISHED"}


class TEXTFACE_OT_find_python(bpy.types.Operator):
    """Fill in the backend interpreter from an environment found beside the backend source (.venv)"""

    bl_idname = "textface.find_python"
    bl_label = "Find Environment"

    def execute(self, context):
        from . import backend_source
        from .preferences import ADDON_ID

        try:
            root = backend_source.source_root()
        except backend_source.BackendSourceMissing as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        candidates = [root / ".venv" / "bin" / "python", root / ".venv" / "Scripts" / "python.exe"]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            self.report({"ERROR"}, f"no environment found at {root / '.venv'}; use Create Environment, or "
                                   "make one (README: set-up) and pick its Python")
            return {"CANCELLED"}
        context.preferences.addons[ADDON_ID].preferences.python_path = str(found)
        self.report({"INFO"}, f"TextFace backend interpreter: {found}")
        return {"FINISHED"}


CLASSES = (TEXTFACE_OT_generate, TEXTFACE_OT_refine_selected, TEXTFACE_OT_cancel, TEXTFACE_OT_export_fbx,
           TEXTFACE_OT_export_glb, TEXTFACE_OT_import_wire, TEXTFACE_OT_check_backend, TEXTFACE_OT_find_python,
           TEXTFACE_OT_create_environment, TEXTFACE_OT_remove_left_hair, TEXTFACE_OT_match_hair)


def _menu_import(self, context):
    self.layout.operator(TEXTFACE_OT_import_wire.bl_idname, text="TextFace Head (.npz)")


def register():
    for cls in CLASSES:
        bpy.utils.register_class(cls)
    bpy.types.TOPBAR_MT_file_import.append(_menu_import)
    for handlers, handler in HANDLERS:
        if handler not in handlers:
            handlers.append(handler)
    if isinstance(bpy.data, bpy.types.BlendData):  # enabled with a file open (at start-up load_post does it)
        head_data.mark_heads()


def unregister():
    progress_image.clear()
    for handlers, handler in HANDLERS:
        if handler in handlers:
            handlers.remove(handler)
    bpy.types.TOPBAR_MT_file_import.remove(_menu_import)
    for cls in reversed(CLASSES):
        bpy.utils.unregister_class(cls)
