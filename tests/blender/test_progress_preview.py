"""Refinement progress previews in Blender: the worker thread downloads the service's latest preview when
a job's status says it has one, the main thread shows it in one "TextFace Progress" image (updated in
place, drawn by the panel) that goes when the job ends; a preview that fails never fails the job."""
from __future__ import annotations

import threading
from types import SimpleNamespace

import bpy
import pytest

from backend.io import wire

from blender_textface import api, job_state, progress_image, session, tasks

from conftest import synthetic_arrays
from fake_client import FakeClient, png_bytes
from test_addon import _Layout
from test_operators import ESC, _ended, _harness, _heads, _tick_until

RED, GREEN, BLUE = (250, 10, 10), (10, 240, 20), (15, 20, 245)


@pytest.fixture
def fake(addon, monkeypatch):
    monkeypatch.setattr(tasks, "POLL_INTERVAL", 0.01)
    monkeypatch.setattr(tasks, "PREVIEW_INTERVAL", 0.0)
    client = FakeClient(wire.to_bytes(wire.pack(**synthetic_arrays())))
    monkeypatch.setattr(session, "endpoint_if_ready", lambda settings: ("http://fake", "token"))
    monkeypatch.setattr(session, "client", lambda url, token: client)
    bpy.context.scene.textface.prompt = "a small synthetic test head"
    bpy.context.scene.textface.refine = True
    return client


def _progress_images():
    return [image for image in bpy.data.images if image.get(progress_image.MARK)]


def _shown(colour):
    """The progress image holds a preview of `colour` (its bottom-left pixel; Blender's row 0 is the bottom)."""
    def condition(result):
        images = _progress_images()
        return bool(images) and tuple(round(c * 255) for c in images[0].pixels[:3]) == colour
    return condition


def _panel_log():
    log = []
    bpy.types.TEXTFACE_PT_main.draw(SimpleNamespace(layout=_Layout(log)), bpy.context)
    return log


def test_generate_shows_the_latest_preview_in_one_image_and_removes_it_at_the_end(fake):
    fake.hold.clear()
    fake.previews.append(png_bytes(6, 4, RED, top_rgb=GREEN))
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    _tick_until(op, _shown(RED))
    (image,) = _progress_images()
    assert image.name == "TextFace Progress" and tuple(image.size) == (6, 4) and image.packed_file is None
    assert tuple(round(c * 255) for c in image.pixels[-4:-1]) == GREEN  # the PNG's top row is on top
    preview = image.preview  # what the panel draws, with the same pixels
    assert tuple(preview.image_size) == (6, 4) and preview.is_image_custom
    assert tuple(round(c * 255) for c in preview.image_pixels_float[:3]) == RED
    icons = [k for name, _, k in _panel_log() if name == "template_icon"]
    assert icons == [{"icon_value": preview.icon_id, "scale": 8.0}]
    uid = image.session_uid
    fake.previews.append(png_bytes(8, 8, GREEN))  # a newer one, of another size
    _tick_until(op, _shown(GREEN))
    (image,) = _progress_images()
    assert image.session_uid == uid and tuple(image.size) == (8, 8)  # the same datablock, updated in place
    assert tuple(image.preview.image_size) == (8, 8)
    assert {t is not threading.main_thread() for t in fake.preview_fetches} == {True}  # downloads: worker only
    fake.hold.set()
    assert _tick_until(op, _ended) == {"FINISHED"} and len(_heads()) == 1
    assert _progress_images() == [] and len(bpy.data.images) == 1  # the head's albedo only
    assert not any(name == "template_icon" for name, *_ in _panel_log())


def test_a_preview_is_downloaded_only_when_the_status_says_a_newer_one_may_exist(fake):
    """None while the status says the job has no preview; then one per step of progress, not per poll."""
    fake.hold.clear()
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    _tick_until(op, lambda result: sum(fake.jobs.values()) > 20)  # 20 polls: no preview yet
    assert fake.preview_fetches == []
    fake.previews.append(png_bytes(4, 4, RED))
    _tick_until(op, _shown(RED))
    polls = sum(fake.jobs.values())
    _tick_until(op, lambda result: sum(fake.jobs.values()) > polls + 20)  # 20 polls of the same step
    assert len(fake.preview_fetches) == 1
    fake.hold.set()
    assert _tick_until(op, _ended) == {"FINISHED"}


@pytest.mark.parametrize("service", ["counts previews", "older, without preview_count"])
def test_each_preview_is_downloaded_once_when_the_status_counts_them(fake, service):
    """A refinement moves a step at every poll and renders a preview every 10 steps: a service that counts
    its previews gets one download per preview; an older one (no preview_count) one per step moved."""
    fake.counts_previews = service == "counts previews"
    fake.steps = 40  # a new step at every poll
    fake.preview_schedule = {10: png_bytes(4, 4, RED), 20: png_bytes(4, 4, GREEN), 30: png_bytes(4, 4, BLUE)}
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"} and len(_heads()) == 1
    assert fake.preview_served[-1] == fake.preview_schedule[30]  # the latest preview was fetched either way
    if fake.counts_previews:
        assert fake.preview_served == list(fake.preview_schedule.values())
    else:
        assert len(fake.preview_served) >= 25  # polls 10..40 each moved the step


def test_downloads_are_at_most_one_per_interval(fake, monkeypatch):
    monkeypatch.setattr(tasks, "PREVIEW_INTERVAL", 0.5)
    fake.steps = 40  # a new step at every poll (0.01 s): 40 polls in about 0.4 s
    fake.previews.append(png_bytes(4, 4, RED))
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert 1 <= len(fake.preview_fetches) <= 2


@pytest.mark.parametrize("trouble", ["download fails", "not an image"])
def test_a_preview_that_fails_never_fails_the_job(fake, capsys, trouble):
    if trouble == "download fails":
        fake.preview_error = ConnectionResetError("connection reset by peer")
        png = png_bytes(4, 4, RED)
    else:
        png = b"\x89PNG\r\n\x1a\n" + b"garbage" * 10  # a PNG signature, then nothing readable
    fake.preview_schedule = {poll: png for poll in range(1, 6)}  # a new preview at each of 5 polls
    fake.steps = 6
    images = len(bpy.data.images)
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"} and len(_heads()) == 1
    assert len(fake.preview_fetches) >= 2 and _progress_images() == []
    assert len(bpy.data.images) == images + 1  # the head's albedo; no scratch image is left behind
    out = capsys.readouterr().out
    if trouble == "download fails":  # told once on the console, not at every poll
        assert out.count("TextFace: no progress preview of job") == 1 and "connection reset" in out


@pytest.mark.parametrize("how", ["escape", "cancel button", "failed job"])
def test_the_preview_goes_when_the_job_ends_early(fake, how):
    fake.hold.clear()
    fake.previews.append(png_bytes(4, 4, RED))
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    _tick_until(op, _shown(RED))
    if how == "escape":
        assert op.modal(bpy.context, ESC) == {"CANCELLED"}
    elif how == "cancel button":
        assert bpy.ops.textface.cancel() == {"FINISHED"}
    else:
        fake.fail_with = "the worker process died"
        fake.hold.set()
        assert _tick_until(op, _ended) == {"CANCELLED"} and "worker process died" in job_state.current.last_error
    assert _progress_images() == [] and not job_state.current.running


def test_refine_selected_shows_previews_and_the_blocking_api_downloads_none(fake, tmp_path):
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())))
    bpy.context.view_layer.objects.active = head
    bpy.context.scene.textface.refine_text = "looks tired"
    fake.hold.clear()
    fake.previews.append(png_bytes(4, 4, GREEN))
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    _tick_until(op, _shown(GREEN))
    fake.hold.set()
    assert _tick_until(op, _ended) == {"FINISHED"} and _progress_images() == []
    fetched = len(fake.preview_fetches)
    api.refine_head(head, "looks tired", settings=api.BackendSettings())  # nobody could see a preview
    assert len(fake.preview_fetches) == fetched and _progress_images() == []


def test_a_users_image_of_the_same_name_is_left_alone(fake):
    mine = bpy.data.images.new("TextFace Progress", 2, 2)
    fake.hold.clear()
    fake.previews.append(png_bytes(4, 4, RED))
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    _tick_until(op, _shown(RED))
    fake.previews.append(png_bytes(4, 4, GREEN))
    _tick_until(op, _shown(GREEN))
    assert len(_progress_images()) == 1 and _progress_images()[0] != mine
    fake.hold.set()
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert mine.name == "TextFace Progress" and tuple(mine.size) == (2, 2) and _progress_images() == []


def test_showing_a_preview_is_small_main_thread_work(addon):
    """The backend's preview is 224 px (refine render size): decoding and showing it takes milliseconds."""
    import time

    png = png_bytes(224, 224, RED)
    progress_image.show(png)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        progress_image.show(png)
        times.append(time.perf_counter() - start)
    assert sorted(times)[2] < 0.05, times
    progress_image.clear()
    assert _progress_images() == []


def test_an_empty_progress_image_an_undo_brought_back_goes_with_the_next_job(fake):
    """Memfile undo restores a progress image taken into an undo step mid-job (without its pixels)."""
    stale = bpy.data.images.new("TextFace Progress", 4, 4)
    stale[progress_image.MARK] = True
    bpy.context.scene.textface.refine = False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None and _progress_images() == []
    assert _tick_until(op, _ended) == {"FINISHED"}
