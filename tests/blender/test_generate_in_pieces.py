"""Generate brings its heads in over several timer ticks (a piece of Blender work per tick), all or none:
nothing is in the scene until every head is built; a cancel, a file load, a failing later head or an
undo mid-build removes what was built; the whole Generate stays one undo step."""
from __future__ import annotations

import bpy
import pytest

from blender_textface import job_state, operators, running, stepwise, writer

from test_operators import ESC, TIMER, _ended, _harness, _tick_until, fake  # noqa: F401 - fake: the fixture


@pytest.fixture
def one_piece_a_tick(fake, monkeypatch):  # noqa: F811 - the fixture imported above
    """The synthetic heads build in microseconds: one piece per tick, as real 1024² heads take."""
    monkeypatch.setattr(operators, "BUILD_BUDGET", 0.0)
    bpy.context.scene.textface.variations = 4
    return fake


def _counts():
    data = bpy.data
    return len(data.objects), len(data.meshes), len(data.materials), len(data.images)


def _in_scene():
    return [o for o in bpy.context.scene.objects if writer.SIDECAR_PROP in o]


def _all_blocks():
    data = bpy.data
    return [*data.objects, *data.meshes, *data.materials, *data.images]


def _building(result):
    return result == {"RUNNING_MODAL"} and job_state.current.stage == "importing"


def _start_building(pieces: int = 5):
    """A Generate whose worker is done and whose build has run `pieces` pieces: the first head is built
    (unlinked), the second is under way."""
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    _tick_until(op, _building)
    for _ in range(pieces - 1):
        assert op.modal(bpy.context, TIMER) == {"RUNNING_MODAL"}
    return op


def test_heads_are_built_over_several_ticks_and_appear_together(one_piece_a_tick):
    before = _counts()
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    _tick_until(op, _building)
    progress = [job_state.current.progress]
    while (result := op.modal(bpy.context, TIMER)) == {"RUNNING_MODAL"}:
        assert _in_scene() == []  # built unlinked: no head shows before all are there
        progress.append(job_state.current.progress)
    assert result == {"FINISHED"} and not job_state.current.running
    assert len(progress) >= 4 and progress == sorted(progress) and 0 < progress[0] < progress[-1] < 1
    heads = _in_scene()
    assert len(heads) == 4 and _counts() == tuple(n + 4 for n in before)  # object, mesh, material, image each
    assert sorted(h.location.x for h in heads) == sorted({h.location.x for h in heads})  # side by side
    assert bpy.context.view_layer.objects.active in heads


@pytest.mark.parametrize("how", ["escape", "cancel button", "later head fails"])
def test_a_build_stopped_midway_leaves_nothing(one_piece_a_tick, monkeypatch, how):
    before = _counts()
    if how == "later head fails":
        calls = []
        shape_keys = writer._shape_keys

        def failing(obj, keys):
            calls.append(obj.name)
            if len(calls) == 3:
                raise RuntimeError("Blender ran out of memory")
            shape_keys(obj, keys)

        monkeypatch.setattr(writer, "_shape_keys", failing)
        op = _harness(bpy.types.TEXTFACE_OT_generate)
        op._begin(bpy.context)
        assert _tick_until(op, _ended) == {"CANCELLED"} and len(calls) == 3
        assert "out of memory" in job_state.current.last_error
    else:
        op = _start_building()
        assert _counts() > before  # a head and a half exist, unlinked
        if how == "escape":
            assert op.modal(bpy.context, ESC) == {"CANCELLED"}
        else:
            assert bpy.ops.textface.cancel() == {"FINISHED"}
            assert op.modal(bpy.context, TIMER) == {"CANCELLED"}
    assert _counts() == before and _in_scene() == [] and not job_state.current.running


def test_loading_a_file_midway_stops_the_build(one_piece_a_tick):
    op = _start_building()
    bpy.ops.wm.read_homefile(use_empty=True)  # File > New: Blender runs load_pre, which cancels the job
    assert not job_state.current.running and "a file was loaded" in job_state.current.notice
    assert op.modal(bpy.context, TIMER) == {"CANCELLED"}
    assert _counts() == (0, 0, 0, 0)


def test_an_undo_midway_builds_the_heads_again(one_piece_a_tick):
    """Ctrl+Z while the heads are built (of the user's own action) takes the unlinked datablocks with it:
    the heads are built again from the plans the job still holds, and nothing half-built is left."""
    bpy.ops.ed.undo_push(message="before")
    before = _counts()
    op = _start_building()
    bpy.ops.ed.undo_push(message="a user's action meanwhile")
    assert bpy.ops.ed.undo() == {"FINISHED"}
    assert _tick_until(op, _ended) == {"FINISHED"} and job_state.current.last_error == ""
    assert len(_in_scene()) == 4 and _counts() == tuple(n + 4 for n in before)
    assert not [b for b in _all_blocks() if writer.BUILDING_PROP in b]  # all the user's now


def test_heads_removed_twice_while_built_give_up_with_a_clear_message(one_piece_a_tick):
    op = _start_building()
    assert bpy.data.orphans_purge(do_recursive=True) > 0  # Purge Unused while the heads are built
    assert op.modal(bpy.context, TIMER) == {"RUNNING_MODAL"}  # noticed: built again from the start
    assert bpy.data.orphans_purge(do_recursive=True) > 0  # and again
    assert op.modal(bpy.context, TIMER) == {"CANCELLED"}
    assert "removed twice meanwhile" in job_state.current.last_error
    assert _counts() == (0, 0, 0, 0) and not job_state.current.running


def test_an_undo_step_taken_midway_never_brings_half_built_heads_back(one_piece_a_tick):
    """A user's action while the heads are built takes an undo step holding them half-built (unlinked);
    undoing the Generate returns to that step, and what it held half-built goes."""
    bpy.ops.ed.undo_push(message="before")
    before = _counts()
    op = _start_building()
    bpy.ops.ed.undo_push(message="a user's action meanwhile")
    assert _tick_until(op, _ended) == {"FINISHED"}
    bpy.ops.ed.undo_push(message="Generate")  # as Blender does when the operator finishes
    assert bpy.ops.ed.undo() == {"FINISHED"}  # back to the user's action, taken mid-build
    assert _in_scene() == [] and _counts() == before
    assert bpy.ops.ed.redo() == {"FINISHED"} and len(_in_scene()) == 4


def test_a_generate_built_in_pieces_is_one_undo_step(one_piece_a_tick, monkeypatch):
    advances = []
    advance = stepwise.Steps.advance
    monkeypatch.setattr(stepwise.Steps, "advance", lambda self, budget=None: advances.append(budget) or advance(
        self, budget))
    bpy.ops.ed.undo_push(message="before")
    before = _counts()
    # the blocking variant, called as the UI does (undo=True): Blender pushes the operator's undo step
    assert bpy.ops.textface.generate("EXEC_DEFAULT", True) == {"FINISHED"}
    assert len(_in_scene()) == 4 and len(advances) >= 4 and set(advances) == {0.0}  # in pieces here too
    assert bpy.ops.ed.undo() == {"FINISHED"}
    assert _in_scene() == [] and _counts() == before
    assert bpy.ops.ed.redo() == {"FINISHED"}
    assert len(_in_scene()) == 4


def test_the_scripting_api_builds_in_one_go(one_piece_a_tick, monkeypatch):
    from blender_textface import api

    advances = []
    advance = stepwise.Steps.advance
    monkeypatch.setattr(stepwise.Steps, "advance", lambda self, budget=None: advances.append(budget) or advance(
        self, budget))
    heads = api.generate_heads("a small synthetic test head", variations=3, settings=api.BackendSettings())
    assert len(heads) == 3 and advances == [None]


def test_the_timer_ticks_faster_while_the_heads_are_built(one_piece_a_tick):
    """The job is polled every 0.2 s; the pieces of the build come every 0.01 s (29 pieces for 4 real heads
    would otherwise add ~6 s), and the timer goes when the job ends."""
    one_piece_a_tick.hold.clear()  # the job stays at its refine stage until set
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    op._timer = running.start_timer(bpy.context, operators.TIMER_STEP, op._task)  # as invoke() adds it
    _tick_until(op, lambda result: job_state.current.stage == "refine")
    assert op._timer.time_step == pytest.approx(operators.TIMER_STEP)
    one_piece_a_tick.hold.set()
    _tick_until(op, _building)
    assert op._timer.time_step == pytest.approx(operators.BUILD_TIMER_STEP)
    assert running.timers() == [op._timer]  # the fast one replaced the slow one
    assert _tick_until(op, _ended) == {"FINISHED"} and op._timer is None and running.timers() == []
