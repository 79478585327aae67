"""A crowd whose one head fails: the others are made and imported, the failed ones named with their message.

The fake client fails a job as the service does: a description its parser refuses (backend/parser/language.py
NotEnglish, a ParseError) as a user error, its message for the user; `fail_seeds` as a fault of the service's.
A single head that fails still fails as a whole, nothing built; a cancel still cancels every job."""
from __future__ import annotations

import warnings

import bpy
import pytest

from backend.batch_names import seed_of as backend_seed_of
from blender_textface import api, job_state
from test_operators import ESC, TIMER, _ended, _harness, _heads, _tick_until, _wait_for, fake  # noqa: F401 - fixture

GERMAN = "ein alter Mann mit einem langen Bart"
NOT_ENGLISH = "the description does not look like English; nothing could be read from it (write it in English)"
OK = "a small synthetic test head"


def _row_seed(row: int, offset: int = 0) -> int:
    """The seed of a list's prompt `row` (from 0): the backend's for line row + 1 of a batch ("head_<line>"), offset."""
    return (backend_seed_of(f"head_{row + 1:04d}", api.MAX_SEED) + offset) % (api.MAX_SEED + 1)


def test_a_crowd_makes_the_other_heads_and_names_the_one_not_in_english(fake, capsys):
    with pytest.warns(api.HeadsFailed) as caught:
        heads = api.generate_heads([OK, GERMAN, "an old man"], seed=4, refine=False, name="Row")
    assert [h.name for h in heads] == ["Row 0", "Row 2"] and sorted(_heads(), key=lambda h: h.name) == heads
    assert heads[1].location.x > heads[0].location.x  # side by side, no gap left for the failed one
    (warning,) = caught
    seed = _row_seed(1, 4)  # the list's rows seeded as a batch's lines, offset by `seed`
    assert str(warning.message) == f"1 of 3 heads was not made: {GERMAN!r} seed {seed}: {NOT_ENGLISH}"
    assert warning.message.failures == [(GERMAN, seed, NOT_ENGLISH)] and warning.message.heads == heads
    assert warning.filename == __file__  # the script's line
    assert [p for _, p, _ in fake.submitted] == [OK, GERMAN, "an old man"]
    assert sorted(fake.deleted) == sorted(fake.jobs)  # the failed job too, once its error was read
    assert "Traceback" not in capsys.readouterr().out  # a user error: its message only, no trace in the console


def test_a_crowd_script_can_stop_on_the_failure_and_still_find_the_heads(fake):
    with warnings.catch_warnings():
        warnings.simplefilter("error", api.HeadsFailed)
        with pytest.raises(api.HeadsFailed) as raised:
            api.generate_heads([GERMAN, OK], variations=2, refine=False, name="Row")
    seeds = [_row_seed(0), _row_seed(0, 1), _row_seed(1), _row_seed(1, 1)]  # each row's seed, then +1
    assert [h.name for h in raised.value.heads] == [f"Row 1 seed {seeds[2]}", f"Row 1 seed {seeds[3]}"]
    assert raised.value.failures == [(GERMAN, seeds[0], NOT_ENGLISH), (GERMAN, seeds[1], NOT_ENGLISH)]
    assert (f"2 of 4 heads were not made: {GERMAN!r} seed {seeds[0]}, {GERMAN!r} seed {seeds[1]}: {NOT_ENGLISH}"
            == str(raised.value))


def test_variations_one_seed_failing_makes_the_others(fake, capsys):
    """A fault of the service's on one seed: the other variations are made; the trace is the console's only."""
    fake.fail_seeds = {6: "CUDA out of memory"}
    with pytest.warns(api.HeadsFailed, match=r"^1 of 3 heads was not made: 'a small synthetic test head' seed 6: "
                                             r"CUDA out of memory$"):
        heads = api.generate_heads(OK, seed=5, variations=3, refine=False, name="Row")
    assert [h.name for h in heads] == ["Row seed 5", "Row seed 7"]
    assert "TextFace: backend traceback of job" in capsys.readouterr().out


def test_a_single_head_that_fails_still_fails_with_one_message(fake, capsys):
    with pytest.raises(api.BackendError) as raised:
        api.generate_head(GERMAN, refine=False)
    assert str(raised.value) == f"the job failed: {NOT_ENGLISH}" and raised.value.user_error
    assert len(bpy.data.objects) == 0 and "Traceback" not in capsys.readouterr().out
    with pytest.raises(api.BackendError, match="the job failed: no English words were recognised"):
        api.generate_heads(["zzzz qqqq"], refine=False)  # a list of one is one head too
    assert len(bpy.data.objects) == 0


def test_a_crowd_none_of_which_is_made_raises_naming_each(fake):
    with pytest.raises(api.BackendError) as raised:
        api.generate_heads([GERMAN, "zzzz qqqq"], refine=False)
    assert str(raised.value) == (f"none of the 2 heads was made: {GERMAN!r} seed {_row_seed(0)}: {NOT_ENGLISH}; "
                                 f"'zzzz qqqq' seed {_row_seed(1)}: no English words were recognised in the "
                                 "description; nothing could be read from it (describe the face in English; a name "
                                 "alone as 'looks like NAME')")
    assert [f[:2] for f in raised.value.failures] == [(GERMAN, _row_seed(0)), ("zzzz qqqq", _row_seed(1))]
    assert len(bpy.data.objects) == 0 and sorted(fake.deleted) == sorted(fake.jobs)


@pytest.mark.parametrize("prompts, error, match", [
    ([], ValueError, "the list of prompts is empty"),
    ([OK, 3], TypeError, "prompt 1 must be a str, got int 3"),
    ([OK, "  "], ValueError, r"prompt 1 \('  '\): the prompt is empty"),
    ([OK] * 33, ValueError, r"33 prompts x 2 variations is 66 heads; at most 64 per call: split the list"),
])
def test_a_bad_list_of_prompts_is_refused_before_any_job(fake, prompts, error, match):
    with pytest.raises(error, match=match):
        api.generate_heads(prompts, variations=2, refine=False)
    assert fake.submitted == [] and len(bpy.data.objects) == 0


def test_generate_button_makes_the_other_variations_and_reports_the_failed_one(fake, capsys):
    from test_hair import _panel_labels

    fake.fail_seeds = {1: "CUDA out of memory"}
    props = bpy.context.scene.textface
    props.variations, props.refine, props.seed = 3, False, 0
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert len(_heads()) == 3 - 1 and job_state.current.last_error == ""
    message = "1 of 3 heads was not made: 'a small synthetic test head' seed 1: CUDA out of memory"
    assert ({"WARNING"}, f"TextFace: {message}") in op.reports and job_state.current.failed == message
    assert "Heads not made:" in _panel_labels() and "CUDA out of memory" in _panel_labels()
    assert not any("Traceback" in text for _, text in op.reports)
    fake.fail_seeds = {}
    op._begin(bpy.context)  # the next job clears it
    assert job_state.current.failed == "" and "Heads not made:" not in _panel_labels()
    assert _tick_until(op, _ended) == {"FINISHED"}


def test_generate_button_single_head_not_in_english_fails_as_a_whole(fake, capsys):
    props = bpy.context.scene.textface
    props.prompt, props.variations, props.refine = GERMAN, 1, False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert op.reports[-1] == ({"ERROR"}, f"the job failed: {NOT_ENGLISH}") and _heads() == []
    assert job_state.current.failed == "" and "Traceback" not in capsys.readouterr().out


def test_cancel_still_cancels_every_job_after_one_failed(fake):
    fake.fail_seeds = {0: "CUDA out of memory"}
    fake.hold.clear()  # the others stay running
    props = bpy.context.scene.textface
    props.variations, props.refine = 3, False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    _tick_until(op, lambda result: op._task is not None and op._task.failures)
    assert list(op._task.failures) == [0]
    assert op.modal(bpy.context, ESC) == {"CANCELLED"}
    ids = list(fake.jobs)
    _wait_for(lambda: sorted(fake.cancelled) == sorted(ids[1:]))  # (the failed one has ended: nothing to cancel)
    assert _heads() == [] and not job_state.current.running and job_state.current.failed == ""
