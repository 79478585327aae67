"""Progress previews against the real service: refinement with a tiny random-weights CLIP
(serve_tiny_clip.py) renders real previews, which Refine Selected shows while the job runs."""
from __future__ import annotations

import json
import os
import subprocess
import threading

import bpy
import pytest

from blender_textface import api, progress_image, tasks

from conftest import BACKEND_PYTHON, REPO, require_or_skip
from test_operators import _ended, _harness, _tick_until

READY = "TEXTFACE_SERVICE_READY "


@pytest.fixture
def tiny_clip_service(addon, tmp_path):
    if not BACKEND_PYTHON.exists():
        require_or_skip(f"backend environment missing: {BACKEND_PYTHON}")
    token = "tiny-clip-test-token"
    env = dict(os.environ, TEXTFACE_SERVICE_TOKEN=token)
    proc = subprocess.Popen([str(BACKEND_PYTHON), str(REPO / "tests" / "blender" / "serve_tiny_clip.py"),
                             str(tmp_path / "clip"), "--data-dir", str(tmp_path / "jobs")],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        for line in proc.stdout:  # until the READY line (or the process ends: then it failed to start)
            lines.append(line)
            if line.startswith(READY):
                break
        else:
            pytest.fail("the tiny-CLIP service did not start:\n" + "".join(lines[-30:]))
        threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep its pipe drained
        prefs = bpy.context.preferences.addons["blender_textface"].preferences
        prefs.backend_mode, prefs.texture_size = "REMOTE", "256"
        prefs.remote_url, prefs.remote_token = json.loads(line[len(READY):])["url"], token
        yield prefs
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_refine_selected_shows_the_services_progress_previews(tiny_clip_service, monkeypatch):
    head = api.generate_head("a young man with a narrow face", seed=5, refine=False)
    shown = []
    show = progress_image.show
    monkeypatch.setattr(progress_image, "show", lambda png: (shown.append(
        (threading.current_thread(), tuple(show(png).size))), None)[1])
    fetched = []
    fetch = tasks.fetch_preview
    monkeypatch.setattr(tasks, "fetch_preview", lambda client, job_id: fetched.append(job_id) or fetch(client, job_id))
    bpy.context.view_layer.objects.active = head
    props = bpy.context.scene.textface
    props.refine_text, props.refine_steps = "looks tired", 30  # a preview at steps 10, 20 and 30
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended, timeout=300) == {"FINISHED"}
    assert json.loads(head["textface_sidecar"])["refinement"]["status"] == "done"
    # the refine loop's 224 px front view, shown on the main thread; gone once the job ended
    assert shown and set(shown) == {(threading.main_thread(), (224, 224))}, shown
    # each preview downloaded at most once (the status counts them), however many polls saw the step move
    assert len(shown) <= len(fetched) <= 3, fetched
    assert [i for i in bpy.data.images if i.get(progress_image.MARK)] == []
