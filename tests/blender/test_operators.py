"""Generate / Refine Selected / Cancel operators: their modal callbacks called directly (no event loop
headless), against a stand-in client; progress, cancel, failures leave no object and nothing locked."""
from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import bpy
import numpy as np
import pytest

from backend.io import wire

from blender_textface import api, backend_source, job_state, operators, refine, running, session, tasks
from blender_textface.backend_process import BackendError, BackendProcess

from conftest import synthetic_arrays
from fake_client import FakeClient

TIMER, ESC = SimpleNamespace(type="TIMER"), SimpleNamespace(type="ESC")


def _harness(op_class):
    """The operator's methods on a plain object (registered operators cannot be instantiated)."""
    reports = []

    class Harness(operators._JobOperator):
        make_task = op_class.make_task
        finished = op_class.finished

        def report(self, kind, message):
            reports.append((set(kind), message))

    h = Harness()
    h.reports = reports
    return h


def _tick_until(op, condition, timeout=20.0):
    """Deliver timer events (as Blender's event loop would) until condition(result) or timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = op.modal(bpy.context, TIMER)
        if condition(result):
            return result
        time.sleep(0.01)
    raise AssertionError("modal operator did not get there in time")


def _until_stage(stage):
    return lambda result: job_state.current.stage == stage


def _ended(result):
    return result != {"RUNNING_MODAL"}


def _wait_for(condition, timeout=10.0):
    """The worker thread sends cancel requests after the UI has moved on: wait for them."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def fake(addon, monkeypatch):
    monkeypatch.setattr(tasks, "POLL_INTERVAL", 0.01)
    client = FakeClient(wire.to_bytes(wire.pack(**synthetic_arrays())))
    monkeypatch.setattr(session, "endpoint_if_ready", lambda settings: ("http://fake", "token"))
    monkeypatch.setattr(session, "client", lambda url, token: client)
    bpy.context.scene.textface.prompt = "a small synthetic test head"
    return client


def _heads():
    return [o for o in bpy.data.objects if "textface_sidecar" in o]


def test_generate_modal_reports_progress_and_imports(fake):
    props = bpy.context.scene.textface
    props.seed, props.variations, props.refine_steps = 5, 2, 20
    bpy.context.scene.cursor.location = (0.0, 1.0, 0.0)
    fake.hold.clear()
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None and job_state.current.running
    assert op.modal(bpy.context, SimpleNamespace(type="MOUSEMOVE")) == {"PASS_THROUGH"}
    _tick_until(op, _until_stage("refine"))
    assert job_state.current.progress == pytest.approx(0.25) and job_state.current.running
    assert [s[2]["seed"] for s in fake.submitted] == [5, 6] and fake.submitted[0][2]["refine_steps"] == 20
    assert _heads() == []  # nothing is built before every job is done
    fake.hold.set()
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert op.modal(bpy.context, TIMER) == {"CANCELLED"}  # an ended operator does nothing more
    heads = _heads()
    assert len(heads) == 2 and {h.location.y for h in heads} == {1.0}
    assert bpy.context.view_layer.objects.active in heads
    assert not job_state.current.running and job_state.current.last_error == "" and job_state.current.stage == ""


def test_generate_while_another_object_is_in_edit_mode_leaves_it_editable(fake):
    """The heads arrive while the user edits a mesh: the edited object stays active and in Edit Mode
    (making a head active would strand it there), and Tab still leaves Edit Mode with its edits."""
    bpy.ops.mesh.primitive_cube_add()
    cube = bpy.context.active_object
    bpy.ops.object.mode_set(mode="EDIT")
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"}
    (head,) = _heads()
    assert bpy.context.view_layer.objects.active == cube and bpy.context.mode == "EDIT_MESH"
    assert not head.select_get() and "not selected" in op.reports[-1][1]
    assert bpy.ops.object.mode_set(mode="OBJECT") == {"FINISHED"} and cube.mode == "OBJECT"


def test_escape_cancels_the_job_and_builds_nothing(fake):
    fake.hold.clear()
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    _tick_until(op, _until_stage("refine"))
    assert op.modal(bpy.context, ESC) == {"CANCELLED"}
    _wait_for(lambda: fake.cancelled == list(fake.jobs))
    assert len(fake.jobs) == 1
    assert _heads() == [] and not job_state.current.running


def test_cancel_button_cancels(fake):
    fake.hold.clear()
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    _tick_until(op, _until_stage("refine"))
    assert bpy.ops.textface.cancel() == {"FINISHED"}
    assert op.modal(bpy.context, TIMER) == {"CANCELLED"}
    assert op.reports[-1] == ({"WARNING"}, "TextFace job cancelled")
    _wait_for(lambda: fake.cancelled == list(fake.jobs))
    assert len(fake.jobs) == 1 and _heads() == []


def test_failed_job_reports_clearly_and_unlocks(fake, capsys):
    """A prompt the backend refuses (gibberish: the service fails the job as a user error): one ERROR line with its
    message, no traceback anywhere (the console neither: it is no fault of the service's), nothing built."""
    bpy.context.scene.textface.prompt = "zzzz qqqq"
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert job_state.current.last_error == ("the job failed: no English words were recognised in the description; "
                                            "nothing could be read from it (describe the face in English; a name "
                                            "alone as 'looks like NAME')")
    assert op.reports[-1] == ({"ERROR"}, job_state.current.last_error)
    assert not job_state.current.running and _heads() == [] and "Traceback" not in capsys.readouterr().out
    # nothing is left locked: a new job can start
    bpy.context.scene.textface.prompt = "a small synthetic test head"
    assert op._begin(bpy.context) is not None


def test_a_failed_job_of_the_services_fault_prints_its_traceback(fake, capsys):
    fake.fail_with = "the worker process died"
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert op.reports[-1] == ({"ERROR"}, "the job failed: the worker process died")
    assert "TextFace: backend traceback of job" in capsys.readouterr().out


def test_fake_client_matches_real():
    """The stand-in keeps backend/client.py's signatures, so these tests exercise the real call shapes."""
    import inspect

    real = backend_source.load("client").TextFaceClient
    for name in ("health", "submit_generate", "submit_refine", "status", "fetch", "fetch_preview", "cancel",
                 "delete"):
        assert list(inspect.signature(getattr(FakeClient, name)).parameters) == \
            list(inspect.signature(getattr(real, name)).parameters), name


def test_settings_split_server_flags_from_job_options():
    from blender_textface.settings import BackendSettings

    s = BackendSettings(device="cuda", clip_weights="/w/clip.safetensors", texture_model="stylegan:/w/g.safetensors",
                        texture_size=512)
    assert s.options() == {"texture": "stylegan", "texture_size": 512}
    assert s.server_args() == ("--device", "cuda", "--clip-weights", "/w/clip.safetensors",
                               "--stylegan", "/w/g.safetensors")
    with pytest.raises(ValueError, match="parametric' or 'stylegan:PATH"):
        BackendSettings(texture_model="gan").options()
    with pytest.raises(ValueError, match="device must be one of auto, cpu, cuda"):
        BackendSettings(device="tpu").server_args()


def test_empty_prompt_is_refused_before_any_job(fake):
    bpy.context.scene.textface.prompt = "   "
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is None
    assert "prompt is empty" in job_state.current.last_error and fake.submitted == []


def test_second_job_is_refused_while_one_runs(fake):
    first, second = _harness(bpy.types.TEXTFACE_OT_generate), _harness(bpy.types.TEXTFACE_OT_generate)
    first._begin(bpy.context)
    assert second._begin(bpy.context) is None and "already running" in second.reports[-1][1]


def test_execute_runs_blocking_for_scripts(fake):
    assert bpy.ops.textface.generate() == {"FINISHED"}
    assert len(_heads()) == 1


class _WindowedContext:
    """bpy.context as Blender's UI gives it to an operator (a window, a window manager with windows):
    headless Blender has none, so the window manager is a stand-in recording timers and handlers."""

    def __init__(self):
        self.window = object()
        self.window_manager = SimpleNamespace(windows=[self.window], timers=[], handlers=[])
        wm = self.window_manager
        wm.event_timer_add = lambda step, window=None: (wm.timers.append(window), f"timer{len(wm.timers)}")[1]
        wm.event_timer_remove = lambda timer: wm.timers.remove(self.window)
        wm.modal_handler_add = lambda op: (wm.handlers.append(op), True)[1]

    def __getattr__(self, name):
        return getattr(bpy.context, name)


def test_execute_with_blender_windows_runs_modal_not_blocking(fake, monkeypatch):
    """Shift+R (Repeat Last) and scripts in the UI call `execute`: it must not wait for the job on the
    main thread (Blender would freeze for the whole job), but run it like the button does."""
    monkeypatch.setattr(operators, "_in_background", lambda: False)
    context = _WindowedContext()
    fake.hold.clear()  # the job cannot end: a blocking execute would time out here
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op.options = SimpleNamespace(is_repeat=False, is_repeat_last=False)
    start = time.monotonic()
    assert op.execute(context) == {"RUNNING_MODAL"} and time.monotonic() - start < 1.0
    assert context.window_manager.handlers == [op] and context.window_manager.timers == [context.window]
    assert job_state.current.running and _heads() == []
    fake.hold.set()
    deadline = time.monotonic() + 20
    while (result := op.modal(context, TIMER)) == {"RUNNING_MODAL"} and time.monotonic() < deadline:
        time.sleep(0.01)
    assert result == {"FINISHED"}
    assert len(_heads()) == 1 and context.window_manager.timers == [] and not job_state.current.running


def test_repeat_last_with_blender_windows_starts_the_job_in_a_new_instance(fake, monkeypatch):
    """The instance Repeat Last executes is the one Blender keeps registered: it starts a new invocation
    (modal) and ends at once, never blocking nor owning a modal handler itself."""
    monkeypatch.setattr(operators, "_in_background", lambda: False)
    invoked = []
    monkeypatch.setattr(operators, "_invoke", lambda idname: (invoked.append(idname), {"RUNNING_MODAL"})[1])
    context = _WindowedContext()
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op.bl_idname, op.options = "textface.generate", SimpleNamespace(is_repeat=False, is_repeat_last=True)
    assert op.execute(context) == {"CANCELLED"} and invoked == ["textface.generate"]
    assert context.window_manager.handlers == [] and not job_state.current.running and fake.submitted == []

    def refuse(idname):
        raise RuntimeError("Error: TextFace is already running a job; cancel it first")

    monkeypatch.setattr(operators, "_invoke", refuse)
    assert op.execute(context) == {"CANCELLED"}
    assert op.reports[-1] == ({"ERROR"}, "TextFace is already running a job; cancel it first")


def test_execute_blocks_headless(fake):
    assert not operators._has_ui(bpy.context)  # `blender -b` (this test session): scripts wait for the job
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op.execute(bpy.context) == {"FINISHED"} and len(_heads()) == 1


def test_refine_selected_updates_keys_and_image_in_place(fake, tmp_path):
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())))
    bpy.context.view_layer.objects.active = head
    arrays = synthetic_arrays()
    arrays["identity"] = np.array([-1.0, 0.5, 0.25, 3.0], np.float32)
    arrays["albedo"][:] = (10, 200, 30)
    arrays["sidecar"]["refinement"] = {"status": "done"}
    fake.payload = wire.to_bytes(wire.pack(**arrays))
    image_name = refine.head_image(head).name
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"}
    kind, sidecar, text, _ = fake.submitted[0]
    assert kind == "refine" and text == "looks tired" and sidecar["seed"] == 3
    blocks = head.data.shape_keys.key_blocks
    assert [blocks[f"id_{k:03d}"].value for k in range(4)] == [-1.0, 0.5, 0.25, 3.0]
    image = refine.head_image(head)
    assert image.name == image_name and image.packed_file is not None and len(bpy.data.images) == 1
    assert image.pixels[1] == pytest.approx(200 / 255, abs=1e-3)
    assert head["textface_sidecar"].count('"refinement"') == 1 and len(_heads()) == 1


def test_refine_of_a_shift_d_copy_leaves_the_original_as_it_was(fake, tmp_path):
    """Shift+D copies the mesh but shares the material: the refined copy gets a material of its own, and
    the original keeps its albedo."""
    path = wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays()))
    head = api.import_wire(path, name="Original")
    for obj in bpy.context.view_layer.objects:
        obj.select_set(False)
    head.select_set(True)
    bpy.context.view_layer.objects.active = head
    assert bpy.ops.object.duplicate() == {"FINISHED"}
    copy = bpy.context.active_object
    assert copy is not head and copy.active_material == head.active_material
    before = tuple(refine.head_image(head).pixels[:3])
    arrays = synthetic_arrays()
    arrays["identity"] = np.array([-4.0, 0.5, 0.25, 3.0], np.float32)
    arrays["albedo"][:] = (10, 200, 30)
    fake.payload = wire.to_bytes(wire.pack(**arrays))
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert tuple(refine.head_image(head).pixels[:3]) == before
    assert refine.head_image(copy).pixels[1] == pytest.approx(200 / 255, abs=1e-3)
    assert copy.active_material != head.active_material and head.active_material.users == 1
    assert _id0(head) == 2.5 and _id0(copy) == -4.0


def test_refine_starts_from_the_sliders_and_keeps_the_pose(fake, tmp_path):
    """The backend refines the identity the sliders show (not the generate-time one); the result changes
    identity and albedo, and the expression keys keep the pose the artist set."""
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())))
    bpy.context.view_layer.objects.active = head
    blocks = head.data.shape_keys.key_blocks
    blocks["id_000"].value, blocks["id_001"].mute = -3.0, True  # a muted key adds nothing to the head
    blocks["jawOpen"].value, blocks["eyeBlink_L"].value = 0.9, 0.3
    stored = head["textface_sidecar"]
    fake.payload = _refined_payload(-4.0)
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    assert head["textface_sidecar"] == stored  # the stored parameters change only with the result
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert fake.submitted[0][1]["identity"] == [-3.0, 0.0, 6.5, 0.0]
    # and renders it in the pose the keys show (not the generate-time jawOpen 0.25, eyeBlink_L 1.0)
    assert fake.submitted[0][1]["expression"] == pytest.approx({"jawOpen": 0.9, "eyeBlink_L": 0.3})
    assert [blocks[f"id_{k:03d}"].value for k in range(4)] == [-4.0, 0.5, 0.25, 3.0]
    assert blocks["jawOpen"].value == pytest.approx(0.9) and blocks["eyeBlink_L"].value == pytest.approx(0.3)
    assert blocks["eyeBlink_R"].value == 0.0
    assert job_state.current.notice == "" and all(kind == {"INFO"} for kind, _ in op.reports)


def test_refine_sends_muted_and_deleted_expression_keys_as_zero_and_clamps_widened_ones(fake, tmp_path):
    """A muted or deleted key shows nothing: it is sent as 0.  A slider widened past 0..1 is sent clamped
    to the backend's 0..1 (it refuses anything else), the user is told which, and the key keeps its value."""
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())))
    bpy.context.view_layer.objects.active = head
    blocks = head.data.shape_keys.key_blocks
    blocks["eyeBlink_L"].mute = True  # 1.0 at generate time
    head.shape_key_remove(blocks["jawOpen"])  # 0.25 at generate time
    blocks["eyeBlink_R"].slider_max = 2.0
    blocks["eyeBlink_R"].value = 1.5
    bpy.ops.object.shape_key_add(from_mix=False)  # a key of the user's own: not an expression of the model
    head.data.shape_keys.key_blocks[-1].value = 0.7
    fake.payload = _refined_payload(-4.0)
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    note = (f"{head.name}: refined with expression weights clamped to 0..1 (eyeBlink_R 1.5 as 1); the keys keep "
            "their values")
    assert op.reports == [({"WARNING"}, note)]
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert fake.submitted[0][1]["expression"] == {"eyeBlink_R": 1.0}
    assert blocks["eyeBlink_R"].value == 1.5 and blocks["eyeBlink_L"].mute and job_state.current.notice == note
    with pytest.warns(api.ExpressionClamped, match="eyeBlink_R 1.5 as 1"):
        api.refine_head(head, "looks tired", settings=api.BackendSettings())
    assert fake.submitted[1][1]["expression"] == {"eyeBlink_R": 1.0} and blocks["eyeBlink_R"].value == 1.5


def test_wire_files_are_read_and_planned_in_the_worker_not_on_the_main_thread(fake, monkeypatch):
    """Reading and planning a real head takes ~0.5 s of numpy: in the job's worker thread, so step() on
    the main thread (the operators' timer) only builds the planned heads and never stalls the UI."""
    from blender_textface import importer

    threads = []
    read_plan = importer.read_plan
    monkeypatch.setattr(importer, "read_plan",
                        lambda *a, **k: (threads.append(threading.current_thread()), read_plan(*a, **k))[1])
    bpy.context.scene.textface.variations = 2
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"} and len(_heads()) == 2
    (head, _) = api.generate_heads("a small synthetic test head", variations=2, settings=api.BackendSettings())
    fake.payload = _refined_payload(-4.0)
    bpy.context.view_layer.objects.active = head
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"} and _id0(head) == -4.0
    api.refine_head(head, "looks tired", settings=api.BackendSettings())
    assert len(threads) == 6 and threading.main_thread() not in threads


def test_refine_needs_a_textface_head(fake):
    bpy.ops.mesh.primitive_cube_add()
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is None
    assert "is not a TextFace head" in job_state.current.last_error


def test_unreachable_remote_backend_gives_clear_error(addon):
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    prefs.backend_mode, prefs.remote_url, prefs.remote_token = "REMOTE", "http://127.0.0.1:9", "t"
    with pytest.raises(BackendError, match="not reachable|refused"):
        api.generate_head("an old man")
    assert _heads() == []


def test_refine_selected_can_be_undone(fake, tmp_path):
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())))
    name = head.name
    bpy.context.view_layer.objects.active = head
    arrays = synthetic_arrays()
    arrays["identity"] = np.array([-4.0, 0.5, 0.25, 3.0], np.float32)
    arrays["albedo"][:] = (10, 200, 30)
    fake.payload = wire.to_bytes(wire.pack(**arrays))
    bpy.ops.ed.undo_push(message="imported")
    # blocking variant, called as the UI does (undo=True): Blender pushes the operator's undo step
    assert bpy.ops.textface.refine_selected("EXEC_DEFAULT", True) == {"FINISHED"}
    assert bpy.data.objects[name].data.shape_keys.key_blocks["id_000"].value == -4.0
    assert bpy.ops.ed.undo() == {"FINISHED"}
    head = bpy.data.objects[name]  # undo rebuilt the datablocks; old references are stale
    assert head.data.shape_keys.key_blocks["id_000"].value == 2.5
    image = refine.head_image(head)
    # Blender's row 0 is the wire file's bottom row: blue (0, 0, 180) before, green after refinement
    assert tuple(round(c, 3) for c in image.pixels[:3]) == (0.0, 0.0, round(180 / 255, 3))


def test_status_bar_shows_stage_and_progress_while_running(fake, monkeypatch):
    shown = []
    original = operators._set_status
    monkeypatch.setattr(operators, "_set_status", lambda context, text: (shown.append(text), original(context, text)))
    fake.hold.clear()
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    _tick_until(op, _until_stage("refine"))
    assert shown[-1] == "TextFace: refine 25%  (Esc to cancel)"
    fake.hold.set()
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert shown[-1] is None  # the status bar is given back when the job ends


def test_jobs_from_blender_skip_the_service_preview(fake):
    """Blender shows the head itself; the service need not render preview.png."""
    assert bpy.ops.textface.generate() == {"FINISHED"}
    assert fake.submitted[0][2]["preview"] is False


def _skipped_payload():
    arrays = synthetic_arrays()
    arrays["sidecar"]["refinement"] = {"status": "skipped", "reason": "no CLIP weights configured",
                                       "phrases": ["looks tired"]}
    return wire.to_bytes(wire.pack(**arrays))


def test_skipped_refinement_is_reported_not_silent(fake, tmp_path):
    """The backend finishes a head it could not refine (no CLIP weights): the user is told why."""
    fake.payload = _skipped_payload()
    bpy.context.scene.textface.refine = True
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert op.reports[-1][0] == {"WARNING"} and "refinement skipped: no CLIP weights configured" in op.reports[-1][1]
    assert "refinement skipped" in job_state.current.notice
    op._begin(bpy.context)  # a new job clears the old note
    assert job_state.current.notice == ""
    op._task.cancel()
    op._end(bpy.context)
    (head,) = _heads()
    with pytest.warns(api.RefinementSkipped, match="refinement skipped: no CLIP weights configured"):
        api.refine_head(head, "looks tired", settings=api.BackendSettings())


def test_refinement_turned_off_gives_no_warning(fake):
    import warnings

    fake.payload = _skipped_payload()
    bpy.context.scene.textface.refine = False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert all(kind == {"INFO"} for kind, _ in op.reports) and job_state.current.notice == ""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        api.generate_head("a small synthetic test head", refine=False, settings=api.BackendSettings())


def test_check_backend_from_the_ui_polls_a_thread_and_reports_models(fake, monkeypatch):
    """The button's modal path: the probe (which may start a local backend) runs in a thread, a timer
    polls it, and the report lists what the service has."""
    import threading

    from blender_textface import check

    gate = threading.Event()
    monkeypatch.setattr(session, "endpoint", lambda settings: (gate.wait(10), ("http://fake", "token"))[1])
    reports = []
    op = SimpleNamespace(report=lambda kind, message: reports.append((set(kind), message)))
    for name in ("modal", "_finish", "_report_error"):
        setattr(op, name, getattr(check.TEXTFACE_OT_check_backend, name).__get__(op))
    op._probe = check.Probe(api.BackendSettings())
    op._timer = running.start_timer(bpy.context, check.TIMER_STEP)
    op._probe.start()
    assert op.modal(bpy.context, TIMER) == {"RUNNING_MODAL"}  # the backend is still starting: no wait
    gate.set()
    deadline = time.monotonic() + 10
    while (result := op.modal(bpy.context, TIMER)) == {"RUNNING_MODAL"} and time.monotonic() < deadline:
        time.sleep(0.01)
    assert result == {"FINISHED"} and op._timer is None and running.timers() == []
    assert reports[-1][0] == {"WARNING"} and "missing CLIP weights (refinement)" in reports[-1][1]
    assert job_state.current.backend_report[:3] == ["backend at http://fake", "service 0.1.0, API 1, wire format 2",
                                                    "ICT face model: ok - /cache/textface/ict.npz"]


def test_check_backend_reports_an_unreachable_service(addon):
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    prefs.backend_mode, prefs.remote_url = "REMOTE", "http://127.0.0.1:9"
    with pytest.raises(RuntimeError, match="not reachable"):  # bpy.ops raises on an ERROR report
        bpy.ops.textface.check_backend()
    assert job_state.current.backend_report[0].startswith("ERROR: the backend at http://127.0.0.1:9 is not reachable")


def test_a_refused_variation_cancels_the_ones_already_queued(fake):
    fake.refuse_after = 2
    bpy.context.scene.textface.variations = 3
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert len(fake.jobs) == 2 and sorted(fake.cancelled) == sorted(fake.jobs)
    assert "queue is full" in job_state.current.last_error and _heads() == [] and not job_state.current.running


def test_refine_whose_image_step_fails_leaves_the_head_as_it_was(fake, tmp_path, monkeypatch):
    """Writing the refined albedo fails (e.g. packing it runs out of memory): the error is reported and
    the head keeps its key values and ranges, its image and its stored parameters; no stray image."""
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())))
    bpy.context.view_layer.objects.active = head
    arrays = synthetic_arrays()
    arrays["identity"] = np.array([-4.0, 0.5, 0.25, 3.0], np.float32)
    arrays["expression"] = np.array([0.9, 0.1, 0.5], np.float32)
    arrays["albedo"][:] = (10, 200, 30)
    arrays["sidecar"]["refinement"] = {"status": "done"}
    fake.payload = wire.to_bytes(wire.pack(**arrays))

    def state():
        blocks = head.data.shape_keys.key_blocks
        image = refine.head_image(head)
        return ([(b.name, b.value, b.slider_min, b.slider_max) for b in blocks], image.name, image.as_pointer(),
                list(image.pixels[:]), head["textface_sidecar"], sorted(i.name for i in bpy.data.images))

    before = state()

    def broken_write_image(image, plan):
        raise RuntimeError("could not pack the refined albedo")

    monkeypatch.setattr(refine, "write_image", broken_write_image)
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert op.reports[-1] == ({"ERROR"}, "could not pack the refined albedo") and not job_state.current.running
    assert state() == before
    assert head.data.shape_keys.key_blocks["id_000"].value == 2.5 and '"refinement"' not in head["textface_sidecar"]


# ---- a job ends cleanly however it ends: cancelled, dropped by Blender, interrupted, settings changed ----

def _refined_payload(first_identity: float) -> bytes:
    arrays = synthetic_arrays()
    arrays["identity"] = np.array([first_identity, 0.5, 0.25, 3.0], np.float32)
    arrays["sidecar"]["refinement"] = {"status": "done"}
    return wire.to_bytes(wire.pack(**arrays))


def _two_heads(tmp_path):
    path = wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays()))
    a, b = api.import_wire(path, name="HeadA"), api.import_wire(path, name="HeadB")
    assert (a.name, b.name) == ("HeadA", "HeadB")
    return a, b


def _start_refine(fake, head):
    fake.payload = _refined_payload(-4.0)
    fake.hold.clear()
    bpy.context.view_layer.objects.active = head
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    _tick_until(op, _until_stage("refine"))
    return op


def _id0(obj):
    return obj.data.shape_keys.key_blocks["id_000"].value


def test_refine_applies_to_its_head_even_when_names_are_swapped_meanwhile(fake, tmp_path):
    a, b = _two_heads(tmp_path)
    op = _start_refine(fake, a)
    a.name, b.name = "Alice", "HeadA"  # head B now has the name head A had when the job started
    fake.hold.set()
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert _id0(bpy.data.objects["Alice"]) == -4.0 and _id0(bpy.data.objects["HeadA"]) == 2.5
    assert op.reports[-1] == ({"INFO"}, "TextFace: refined Alice")


def test_refine_of_a_head_deleted_meanwhile_discards_the_result(fake, tmp_path):
    a, b = _two_heads(tmp_path)
    op = _start_refine(fake, a)
    bpy.data.objects.remove(a)
    b.name = "HeadA"
    fake.hold.set()
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert op.reports[-1] == ({"ERROR"}, "HeadA was deleted while it was being refined; the result was discarded")
    assert _id0(bpy.data.objects["HeadA"]) == 2.5 and not job_state.current.running


def _held_generate(fake):
    fake.hold.clear()
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    _tick_until(op, _until_stage("refine"))
    return op


def test_operator_dropped_by_blender_ends_the_job(fake):
    """File > New/Open or a closed window: Blender calls only cancel(); nothing may stay 'running'."""
    op = _held_generate(fake)
    op.cancel(bpy.context)
    assert not job_state.current.running and op._task is None
    _wait_for(lambda: fake.cancelled == list(fake.jobs))
    assert op._begin(bpy.context) is not None  # a new job can start without restarting Blender


def test_cancel_button_clears_a_running_state_no_operator_steps(fake):
    op = _held_generate(fake)
    task = op._task
    op._task = None  # the operator is gone (dropped without a word), its job still marked as running
    assert bpy.ops.textface.cancel() == {"FINISHED"}
    assert not job_state.current.running and task.cancelled
    _wait_for(lambda: fake.cancelled == list(fake.jobs))
    assert _harness(bpy.types.TEXTFACE_OT_generate)._begin(bpy.context) is not None


def test_an_operator_cancelled_late_leaves_the_next_job_alone(fake):
    """Cancel clears the state at once; the old operator's next tick must not end the job started since."""
    old = _held_generate(fake)
    bpy.ops.textface.cancel()
    new = _harness(bpy.types.TEXTFACE_OT_generate)
    assert new._begin(bpy.context) is not None
    assert old.modal(bpy.context, TIMER) == {"CANCELLED"}
    assert job_state.current.running and job_state.current.task is new._task
    new._task.cancel()
    new._end(bpy.context)


def test_loading_a_file_cancels_the_job_and_clears_the_state(fake):
    from blender_textface import operators as ops_module

    op = _held_generate(fake)
    bpy.ops.wm.read_homefile(use_empty=True)  # File > New: Blender runs load_pre
    assert not job_state.current.running
    _wait_for(lambda: fake.cancelled == list(fake.jobs))
    assert "cancelled because a file was loaded" in job_state.current.notice
    assert ops_module._cancel_on_load in bpy.app.handlers.load_pre  # persistent: still there for the next load
    assert op._begin(bpy.context) is not None
    op.cancel(bpy.context)


def test_disabling_the_addon_removes_the_load_handler(addon):
    import addon_utils

    from blender_textface import operators as ops_module

    addon_utils.disable("blender_textface", default_set=True)
    try:
        assert ops_module._cancel_on_load not in bpy.app.handlers.load_pre
        assert all(handler not in handlers for handlers, handler in ops_module.HANDLERS)
    finally:
        addon_utils.enable("blender_textface", default_set=True)


class _HungClient(FakeClient):
    """A backend that stops answering: status() blocks until released."""

    def __init__(self, payload):
        super().__init__(payload)
        self.timeout = 30.0
        self.hung, self.release = threading.Event(), threading.Event()
        self.cancel_timeouts = []

    def status(self, job_id):
        self.hung.set()
        self.release.wait(20)
        return super().status(job_id)

    def cancel(self, job_id):
        self.cancel_timeouts.append(self.timeout)
        return super().cancel(job_id)


def test_escape_returns_at_once_while_the_backend_hangs(fake, monkeypatch):
    hung = _HungClient(fake.payload)
    monkeypatch.setattr(session, "client", lambda url, token: hung)
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    op.modal(bpy.context, TIMER)
    assert hung.hung.wait(10)  # the worker is stuck in a status request
    assert session._state.in_flight  # its local backend is not restarted under it
    task, start = op._task, time.monotonic()
    assert op.modal(bpy.context, ESC) == {"CANCELLED"}
    assert time.monotonic() - start < 0.5 and not job_state.current.running
    # the cancel goes out now, with a short timeout, while the status request still hangs; and the
    # local backend is free again (new settings need not wait for the stuck request)
    _wait_for(lambda: hung.cancelled == list(hung.jobs), timeout=2.0)
    assert hung.cancel_timeouts == [tasks.CANCEL_TIMEOUT] and not hung.release.is_set()
    _wait_for(lambda: not session._state.in_flight, timeout=2.0)
    hung.release.set()  # the request returns: the worker ends without a second cancel
    _wait_for(lambda: not task._worker.is_alive())
    assert hung.cancelled == list(hung.jobs) and len(hung.cancel_timeouts) == 1


class _Interrupted(tasks.HeadTask):
    """Ctrl-C arrives while a script waits for its job (once the job is submitted)."""

    def step(self):
        state = super().step()
        if self.job_ids:
            raise KeyboardInterrupt
        return state


def test_interrupted_script_cancels_its_jobs(fake):
    fake.hold.clear()
    requests = api.generate_requests("a head", 0, 2, False, 10, api.BackendSettings())
    task = _Interrupted(api.BackendSettings(), requests, lambda payloads: pytest.fail("applied"), poll_interval=0.01)
    with pytest.raises(KeyboardInterrupt):
        task.run(poll=0.01)
    _wait_for(lambda: sorted(fake.cancelled) == sorted(fake.jobs) and not task._worker.is_alive())
    assert len(fake.jobs) == 2


def test_interrupted_blocking_operator_cancels_and_unlocks(fake, monkeypatch):
    fake.hold.clear()

    def interrupt(seconds):
        if fake.jobs:
            raise KeyboardInterrupt

    monkeypatch.setattr(operators, "time", SimpleNamespace(sleep=interrupt))
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    with pytest.raises(KeyboardInterrupt):
        op.execute(bpy.context)
    assert not job_state.current.running and op._task is None
    _wait_for(lambda: fake.cancelled == list(fake.jobs))


def test_a_variation_cancelled_on_the_backend_cancels_the_others(fake):
    bpy.context.scene.textface.variations = 3
    op = _held_generate(fake)
    first = next(iter(fake.jobs))
    fake.cancelled.append(first)  # cancelled by someone else (another client, the service)
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert f"job {first} was cancelled on the backend" in job_state.current.last_error
    assert sorted(fake.cancelled) == sorted(fake.jobs) and len(fake.jobs) == 3  # each cancelled once
    assert _heads() == [] and not job_state.current.running


class _FakeProcess:
    def __init__(self, python, root, extra_args=()):
        self.extra_args, self.stopped = extra_args, False

    def launch(self):
        pass

    def running(self):
        return not self.stopped

    def stop(self):
        self.stopped = True


def test_changed_backend_settings_wait_for_the_running_job(fake, monkeypatch):
    """Check Backend after changing Device mid-job must not restart (kill) the backend under the job."""
    import collections

    from blender_textface.preferences import settings_from_context

    monkeypatch.setattr(session, "_state", session._State())
    session._state.in_flight = collections.Counter()
    monkeypatch.setattr(session, "BackendProcess", _FakeProcess)
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    prefs.device = "cpu"
    first = session.local_process(settings_from_context(bpy.context))
    op = _held_generate(fake)  # its worker holds the backend of these settings
    prefs.device = "cuda"
    with pytest.raises(BackendError, match="settings changed while a job runs on the local backend; the new "
                                           r"settings apply when it ends \(or cancel it\)"):
        session.local_process(settings_from_context(bpy.context))
    assert not first.stopped and session.current_process() is first
    fake.hold.set()
    assert _tick_until(op, _ended) == {"FINISHED"}
    _wait_for(lambda: not session._state.in_flight)
    second = session.local_process(settings_from_context(bpy.context))  # the job ended: now it restarts
    assert first.stopped and second is not first and second.extra_args == ("--device", "cuda")
    session.shutdown()


def _activate_new_collection(name: str) -> bpy.types.Collection:
    coll = bpy.data.collections.new(name)
    bpy.context.scene.collection.children.link(coll)
    layer = bpy.context.view_layer
    layer.active_layer_collection = layer.layer_collection.children[coll.name]
    return coll


def test_generate_puts_heads_in_the_active_collection(fake):
    """As Blender's Add menu; the collection active when Generate was pressed, even if the artist clicks
    another one while the job runs."""
    crowd = _activate_new_collection("Crowd")
    bpy.context.scene.textface.variations = 2
    op = _held_generate(fake)
    _activate_new_collection("Other")
    fake.hold.set()
    assert _tick_until(op, _ended) == {"FINISHED"}
    heads = _heads()
    assert len(heads) == 2 and all([c.name for c in h.users_collection] == ["Crowd"] for h in heads)
    assert len(crowd.objects) == 2 and list(bpy.context.scene.collection.objects) == []
    assert bpy.ops.textface.generate() == {"FINISHED"}  # the blocking path too
    assert len(bpy.data.collections["Other"].objects) == 2


def test_generate_whose_collection_was_deleted_meanwhile_uses_the_active_one(fake):
    gone = _activate_new_collection("Crowd")
    op = _held_generate(fake)
    bpy.data.collections.remove(gone)
    other = _activate_new_collection("Other")
    fake.hold.set()
    assert _tick_until(op, _ended) == {"FINISHED"}
    (head,) = _heads()
    assert [c.name for c in head.users_collection] == ["Other"] and other.objects[0] == head


def _payload_with_warnings(*warnings_) -> bytes:
    arrays = synthetic_arrays()
    arrays["sidecar"]["parsed"] = {"concrete": {}, "abstract": [], "warnings": list(warnings_)}
    return wire.to_bytes(wire.pack(**arrays))


# a warning the backend gives a prompt it reads nothing of but is no foreign text ("!!!"); a description not in
# English fails its job instead (test_crowd_failures.py)
NOTHING = "nothing in the description was recognised as a facial attribute or appearance"
NOSE = "stated nose_length 'long' not met: the head's nose is average"


def test_prompt_warnings_are_reported_and_shown_in_the_panel(fake):
    """Generate with a prompt the backend could not read: a WARNING report (status bar, Info editor) and
    the panel's list, one line per warning naming the heads that have it; the next job clears it."""
    fake.payload = _payload_with_warnings(NOTHING, NOSE)
    props = bpy.context.scene.textface
    props.prompt, props.variations, props.refine = "!!!", 2, False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    a, b = sorted(h.name for h in _heads())
    expected = [f"{a}, {b}: {NOTHING}", f"{a}, {b}: {NOSE}"]
    assert ({"WARNING"}, "\n".join(expected)) in op.reports
    assert job_state.current.warnings == expected
    from test_addon import _Layout

    log = []
    bpy.types.TEXTFACE_PT_main.draw(SimpleNamespace(layout=_Layout(log)), bpy.context)
    labels = " ".join(str(k.get("text", "")) for name, args, k in log if name == "label")
    assert "Prompt warnings:" in labels and "nothing in the description was recognised" in labels
    fake.payload = _payload_with_warnings()
    op._begin(bpy.context)
    assert job_state.current.warnings == []  # a new job clears the old ones
    del op.reports[:]
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert job_state.current.warnings == [] and [kind for kind, _ in op.reports] == [{"INFO"}]


def test_refine_selected_reports_only_new_prompt_warnings(fake, tmp_path):
    fake.payload = _payload_with_warnings(NOSE)
    (head,) = api.import_payloads([fake.payload])
    bpy.context.view_layer.objects.active = head
    bpy.context.scene.textface.refine_text = "looks tired"
    for payload, expected in ((_payload_with_warnings(NOSE), []),
                              (_payload_with_warnings(NOSE, NOTHING), [f"{head.name}: {NOTHING}"])):
        fake.payload = payload
        op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
        op._begin(bpy.context)
        assert _tick_until(op, _ended) == {"FINISHED"}
        assert job_state.current.warnings == expected
        assert [m for kind, m in op.reports if kind == {"WARNING"}] == (["\n".join(expected)] if expected else [])


class _DyingProcess(BackendProcess):
    """A local backend killed mid-request: its exit status can be read only a moment after the request
    failed (the kernel closes a killed process's sockets first; another thread's wait() hides it too)."""

    def __init__(self):
        super().__init__("python", Path("."))
        self._tail.append("Killed")
        self.died_at = None

    def running(self):
        return self.died_at is None or time.monotonic() - self.died_at < 0.2

    def exit_status(self):
        return None if self.running() else -9


def test_a_backend_killed_mid_request_is_reported_as_crashed_not_unreachable(fake, monkeypatch):
    proc = _DyingProcess()
    monkeypatch.setattr(session, "current_process", lambda: proc)
    status = fake.status

    def status_then_die(job_id):
        if fake.jobs[job_id] >= 1:
            proc.died_at = time.monotonic()
            raise ConnectionResetError("[Errno 104] Connection reset by peer")
        return status(job_id)

    monkeypatch.setattr(fake, "status", status_then_die)
    with pytest.raises(BackendError, match=r"^the backend crashed or was stopped during the job \(status -9: killed by "
                                           r"SIGKILL, .*\); its last output: Killed; its full output is in the system "
                                           r"console$"):
        api.generate_head("a head", settings=api.BackendSettings())
    # a rejection the backend answered is reported at once, with no grace wait
    monkeypatch.setattr(fake, "status", lambda job_id: (_ for _ in ()).throw(_http_error(422)))
    proc.died_at = None
    start = time.monotonic()
    with pytest.raises(BackendError, match="the backend rejected the request"):
        api.generate_head("a head", settings=api.BackendSettings())
    assert time.monotonic() - start < tasks.EXIT_GRACE


def _http_error(status):
    exc = RuntimeError(f"HTTP {status}: bad")
    exc.status = status
    return exc
