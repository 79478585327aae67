"""The full path in real Blender: enable the add-on, start a real backend (`python -m backend serve`
from the backend's .venv, real ICT model), generate, import; and a backend killed mid-job."""
from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import bpy
import pytest

from backend.batch_names import seed_of as backend_seed_of
from blender_textface import api, job_state, session
from blender_textface.backend_process import BackendError

from conftest import BACKEND_PYTHON, REPO, require_or_skip


@pytest.fixture
def local_backend(addon):
    if not (REPO / "backend" / "service").is_dir() or not (REPO / "backend" / "client.py").is_file():
        require_or_skip("backend service/client not in this checkout")
    if not BACKEND_PYTHON.exists():
        require_or_skip(f"backend environment missing: {BACKEND_PYTHON}")
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    prefs.backend_mode, prefs.python_path, prefs.texture_size = "LOCAL", str(BACKEND_PYTHON), "256"
    yield prefs
    session.shutdown()


@pytest.mark.slow
def test_cli_generated_head_imports(bpy_empty, tmp_path):
    """The backend's own `generate` command writes head.npz; the add-on imports it unchanged."""
    import subprocess

    missing = [p for p in ("parser", "shape", "texture") if not (REPO / "backend" / p).is_dir()]
    if missing or not BACKEND_PYTHON.exists():
        require_or_skip(f"backend pipeline incomplete in this checkout (missing {missing})")
    proc = subprocess.run([str(BACKEND_PYTHON), "-m", "backend", "generate", "an old man with a long face",
                           "--seed", "4", "--out", str(tmp_path), "--no-refine", "--no-preview",
                           "--texture-size", "256"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    head = api.import_wire(tmp_path / "head.npz")
    names = [b.name for b in head.data.shape_keys.key_blocks]
    assert len(head.data.vertices) == 26719 and len(names) == 154 and head.name == "An old man with a long face"
    assert head["textface_prompt"] == "an old man with a long face"
    assert any(b.value != 0.0 for b in head.data.shape_keys.key_blocks[1:101])  # a generated identity
    # the custom property holds the backend's whole sidecar: enough to refine or regenerate the head later
    import json

    sidecar = json.loads(head["textface_sidecar"])
    assert sidecar == json.loads((tmp_path / "head.json").read_text(encoding="utf-8"))
    assert {"prompt", "seed", "parsed", "identity", "expression", "texture"} <= set(sidecar)
    assert sidecar["seed"] == 4 and sidecar["texture"]["model"] == "parametric" and sidecar["texture"]["params"]
    blocks = head.data.shape_keys.key_blocks
    assert [blocks[f"id_{k:03d}"].value for k in range(100)] == pytest.approx(sidecar["identity"], abs=1e-6)


def _job_folders() -> list[str]:
    from pathlib import Path

    jobs = Path(os.environ["TEXTFACE_DATA_DIR"]) / "jobs"  # the local backend's (conftest.py)
    return sorted(p.name for p in jobs.iterdir()) if jobs.is_dir() else []


@pytest.mark.slow
def test_generate_imports_a_real_head(local_backend):
    bpy.context.scene.cursor.location = (1.0, 0.0, 0.0)
    before = _job_folders()
    head = api.generate_head("a young woman with a round face and a small nose", seed=1, refine=False)
    # its job (~27 MB: the head is in the .blend now) was deleted on the backend; the service had made it there
    assert _job_folders() == before and (Path(os.environ["TEXTFACE_DATA_DIR"]) / "jobs").is_dir()
    mesh = head.data
    assert (len(mesh.vertices), len(mesh.polygons)) == (26719, 26384)
    names = [b.name for b in mesh.shape_keys.key_blocks]
    assert len(names) == 154 and names[1] == "id_000" and "jawOpen" in names
    assert tuple(head.location) == (1.0, 0.0, 0.0)
    from blender_textface.writer import sidecar_of

    sidecar = sidecar_of(head)
    assert sidecar["prompt"].startswith("a young woman") and sidecar["seed"] == 1
    image = mesh.materials[0].node_tree.nodes["Image Texture"].image
    assert tuple(image.size) == (256, 256) and image.packed_file is not None
    proc = session.current_process()
    assert proc is not None and proc.running()
    bpy.ops.preferences.addon_disable(module="blender_textface")
    assert not proc.running()  # unregister stopped the local backend


@pytest.mark.slow
def test_backend_killed_mid_job_gives_clear_error_and_no_object(local_backend, monkeypatch):
    from blender_textface import tasks

    original_step = tasks.HeadTask.step

    def step_then_kill(self):
        state = original_step(self)
        proc = session.current_process()
        if self.job_ids and proc is not None and proc.running():  # submitted: kill the backend under it
            os.kill(proc.pid, signal.SIGKILL)
            proc._proc.wait(10)
        return state

    monkeypatch.setattr(tasks.HeadTask, "step", step_then_kill)
    objects = len(bpy.data.objects)
    with pytest.raises(BackendError, match=r"^the backend crashed or was stopped during the job \(status -9: killed "
                                           r"by SIGKILL, [^\n]*; its full output is in the system console$"):
        api.generate_head("an old man with a long face", seed=2, refine=False)
    assert len(bpy.data.objects) == objects and len(bpy.data.meshes) == 0
    assert not job_state.current.running


@pytest.mark.slow
def test_a_job_cancelled_while_it_runs_is_deleted_on_the_real_service_once_it_stopped(local_backend):
    """The job time-out cancels a running job: the service answers "cancelling", stops it, and the add-on
    deletes its folder (before: left ~27 MB until the service's own clean-up)."""
    import dataclasses

    from blender_textface import api as tf_api
    from blender_textface.preferences import settings_from_context

    settings = settings_from_context(bpy.context)
    session.endpoint(settings)  # started and ready: the time-out below counts the job alone
    before = _job_folders()
    settings = dataclasses.replace(settings, texture_size=2048, job_timeout=1.0)  # a 2048² albedo takes seconds
    with pytest.raises(BackendError, match=r"the job took longer than 1 s and was cancelled"):
        tf_api.generate_head("an old man with a long face", seed=2, refine=False, settings=settings)
    new = [j for j in _job_folders() if j not in before]
    assert len(new) <= 1  # (made, or already deleted)
    deadline = time.monotonic() + 60  # the service's cancel grace is 30 s
    while [j for j in _job_folders() if j not in before] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [j for j in _job_folders() if j not in before] == [] and len(bpy.data.objects) == 0


@pytest.mark.slow
def test_check_backend_reports_the_real_services_models(local_backend):
    assert bpy.ops.textface.check_backend() == {"FINISHED"}
    report = job_state.current.backend_report
    assert report[0].startswith("backend at http://127.0.0.1:") and report[1].startswith("service ")
    assert "ICT face model: ok" in "\n".join(report)  # the installed model (the tests need it anyway)
    names = [line.split(":")[0] for line in report[2:]]
    assert {"ICT face model", "shape weights", "texture model", "CLIP weights (refinement)"} <= set(names)


@pytest.mark.slow
def test_bad_token_and_rejected_prompt_give_clear_errors_and_no_object(local_backend, monkeypatch):
    from blender_textface.preferences import settings_from_context

    url, _token = session.endpoint(settings_from_context(bpy.context))  # a real service, started locally
    local_backend.backend_mode, local_backend.remote_url, local_backend.remote_token = "REMOTE", url, "wrong"
    with pytest.raises(BackendError, match=r"refused the token \(HTTP 401\); check the token"):
        api.generate_head("an old man", refine=False)
    with pytest.raises(RuntimeError, match="refused the token"):  # bpy.ops raises on an ERROR report
        bpy.ops.textface.check_backend()
    assert "refused the token" in job_state.current.last_error
    local_backend.backend_mode = "LOCAL"
    with pytest.raises(ValueError, match=r"the prompt is 3,299 characters long; the backend takes at most 2,000"):
        api.generate_head("an old man " * 300, refine=False)  # refused before any job (test_long_prompts.py)
    from blender_textface import refine

    monkeypatch.setattr(refine, "MAX_TEXT", 10**6)  # past the add-on's own check: the service's answer
    with pytest.raises(BackendError, match=r"^TextFace could not read the prompt: the description is \d+ characters"):
        api.generate_head("an old man " * 300, refine=False)  # longer than the service accepts
    assert len(bpy.data.objects) == 0 and len(bpy.data.meshes) == 0 and not job_state.current.running


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


@pytest.mark.slow
def test_installed_zip_runs_its_bundled_backend_and_writes_nothing_into_its_folder(bpy_empty, tmp_path):
    """The built extension, as a user installs it: its own copy of the backend serves the job; job files
    go to the user's data folder (TEXTFACE_DATA_DIR), the ICT model is read from the user's cache, and
    the extension folder (wiped on upgrade) gains nothing."""
    import addon_utils
    import subprocess
    import sys
    from pathlib import Path

    if not BACKEND_PYTHON.exists():
        require_or_skip(f"backend environment missing: {BACKEND_PYTHON}")
    proc = subprocess.run([sys.executable, str(REPO / "build_addon.py"), "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (zip_path,) = tmp_path.glob("textface-*.zip")
    assert bpy.ops.extensions.package_install_files(filepath=str(zip_path), repo="user_default",
                                                    enable_on_install=True) == {"FINISHED"}
    module = "bl_ext.user_default.textface"
    try:
        from bl_ext.user_default.textface import api as ext_api, backend_source as ext_source, session as ext_session

        folder = ext_source.source_root()
        assert folder != REPO and (folder / "backend" / "__main__.py").is_file()
        before = _files(folder)
        prefs = bpy.context.preferences.addons[module].preferences
        prefs.backend_mode, prefs.python_path, prefs.texture_size = "LOCAL", str(BACKEND_PYTHON), "256"
        head = ext_api.generate_head("an old man with a long face", seed=3, refine=False)
        assert len(head.data.vertices) == 26719 and len(head.data.shape_keys.key_blocks) == 154
        assert ext_session.current_process().source_root == folder  # the bundled backend served the job
        assert _files(folder) == before
        # jobs live in the user's data folder (made there), deleted once the head is imported
        jobs = Path(os.environ["TEXTFACE_DATA_DIR"]) / "jobs"
        assert jobs.is_dir() and not any(jobs.rglob("head.npz"))
    finally:
        addon_utils.disable(module, default_set=True)


def _readme_block(title: str, needle: str) -> str:
    text = (REPO / "blender_textface" / "README.md").read_text(encoding="utf-8")
    section = text[text.index(title):]
    blocks = section.split("```python\n")[1:]
    return next(b.split("```")[0] for b in blocks if needle in b)


@pytest.mark.slow
def test_readme_crowd_example_runs_against_the_real_backend(local_backend, tmp_path, monkeypatch, capsys):
    """The README's crowd example, verbatim, with the preferences' 256² texture and a private temp folder."""
    import tempfile

    code = _readme_block("## Scripting", "crowd")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    namespace = {"__name__": "__readme__"}
    exec(compile(code, "README.md crowd example", "exec"), namespace)
    crowd = namespace["crowd"]
    assert len(crowd) == 12 and len({h.name for h in crowd}) == 12
    rows = sorted({round(h.location.z, 3) for h in crowd})
    assert rows == [0.0, 0.45, 0.9, 1.35]
    for z in rows:  # three heads per row, side by side without overlap
        xs = sorted(h.location.x for h in crowd if round(h.location.z, 3) == z)
        assert len(xs) == 3 and min(b - a for a, b in zip(xs, xs[1:])) > 0.15
    seeds = sorted(__import__("json").loads(h["textface_sidecar"])["seed"] for h in crowd)
    assert seeds == [0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32]
    assert [h.name for h in crowd[:4]] == ["Row 0 seed 0", "Row 0 seed 1", "Row 0 seed 2", "Row 1 seed 10"]
    assert all([c.name for c in h.users_collection] == ["Crowd"] for h in crowd)
    assert (tmp_path / "crowd.fbx").stat().st_size > 1_000_000
    assert "12 heads -> " in capsys.readouterr().out


@pytest.mark.slow
def test_a_prompt_the_real_parser_cannot_read_warns(local_backend):
    """The real parser's warnings (sidecar parsed.warnings) reach the script as PromptWarnings.  ("!!!": no words to
    read, so no foreign text either; gibberish words as "asdf qwerty zxcv" fail the job since the parser's NotEnglish:
    test_a_real_crowd_with_a_line_not_in_english_makes_the_others.)"""
    import json

    with pytest.warns(api.PromptWarning) as caught:
        head = api.generate_head("!!! ???", refine=False, name="Garbage")
    parsed = json.loads(head["textface_sidecar"])["parsed"]["warnings"]
    assert parsed and [str(w.message) for w in caught] == [f"Garbage: {w}" for w in parsed]


@pytest.mark.slow
def test_a_real_crowd_with_a_line_not_in_english_makes_the_others(local_backend, capsys):
    """The real service refuses the German line (at submission, HTTP 422); the English heads are made and imported, the
    failed one named with the service's message; a single head not in English fails as a whole, nothing built."""
    german = "ein alter Mann mit einem langen Bart"
    before = _job_folders()
    with pytest.warns(api.HeadsFailed) as caught:
        heads = api.generate_heads(["an old man with a long face", german, "asdf qwerty zxcv"], refine=False,
                                   name="Row")
    assert [h.name for h in heads] == ["Row 0"] and len(heads[0].data.vertices) == 26719
    (warning,) = [w.message for w in caught if isinstance(w.message, api.HeadsFailed)]
    seeds = [(backend_seed_of(f"head_{line:04d}", api.MAX_SEED)) for line in (2, 3)]  # rows 1, 2: lines 2, 3
    assert [(p, s) for p, s, _ in warning.failures] == [(german, seeds[0]), ("asdf qwerty zxcv", seeds[1])]
    assert warning.failures[0][2].startswith("the description does not look like English")
    assert warning.failures[1][2].startswith("no English words were recognised")
    assert str(warning).startswith(f"2 of 3 heads were not made: {german!r} seed {seeds[0]}: the description does "
                                   "not look")
    assert _job_folders() == before  # the failed jobs were deleted too
    with pytest.raises(api.BackendError,  # (refused at submission: HTTP 422)
                       match="^TextFace could not read the prompt: the description does not look like English"):
        api.generate_head(german, refine=False)
    assert {o.name for o in bpy.data.objects} <= {"Row 0", "Row 0 hair"}  # (its hair, when the seed drew some)
    assert "Traceback" not in capsys.readouterr().out


@pytest.mark.slow
def test_a_real_crowd_of_one_description_is_as_many_faces(local_backend):
    """Three identical descriptions in a list: three seeds (a batch's: lines 1-3), so three identities on the heads'
    sliders (before: one seed, one face three times)."""
    import numpy as np

    heads = api.generate_heads(["a villager, middle-aged man"] * 3, refine=False, name="Villager")
    seeds = [json.loads(h["textface_sidecar"])["seed"] for h in heads]
    assert seeds == [backend_seed_of(f"head_{line:04d}", api.MAX_SEED) for line in (1, 2, 3)]
    sliders = [np.array([h.data.shape_keys.key_blocks[f"id_{i:03d}"].value for i in range(100)]) for h in heads]
    assert min(np.abs(a - b).max() for k, a in enumerate(sliders) for b in sliders[k + 1:]) > 0.1


@pytest.mark.slow
def test_refine_selected_against_the_real_backend(local_backend):
    """Refine Selected's request is accepted by the real service and its answer applied in place; when the
    service has no CLIP weights the head comes back unrefined and the user is told so."""
    import json
    import warnings

    from blender_textface.preferences import settings_from_context

    head = api.generate_head("a young man with a narrow face", seed=5, refine=False)
    name, images = head.name, len(bpy.data.images)
    url, token = session.endpoint(settings_from_context(bpy.context))
    clip = session.client(url, token).health()["models"]["clip_weights"]["available"]
    # a pose of the user's, one slider widened past 1: the service takes it (clamped) and renders it
    blocks = head.data.shape_keys.key_blocks
    blocks["jawOpen"].value, blocks["eyeBlink_L"].slider_max = 0.5, 2.0
    blocks["eyeBlink_L"].value = 1.5
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert api.refine_head(head, "looks tired", steps=2) is head
    assert json.loads(head["textface_sidecar"])["expression"] == {"eyeBlink_L": 1.0, "jawOpen": 0.5}
    assert blocks["eyeBlink_L"].value == 1.5 and blocks["jawOpen"].value == 0.5
    assert [str(w.message) for w in caught if issubclass(w.category, api.ExpressionClamped)] == [
        f"{name}: refined with expression weights clamped to 0..1 (eyeBlink_L 1.5 as 1); the keys keep their values"]
    record = json.loads(head["textface_sidecar"])["refinement"]
    skipped = [w for w in caught if issubclass(w.category, api.RefinementSkipped)]
    if clip:
        assert record["status"] == "done" and not skipped
    else:
        assert record["status"] == "skipped" and "CLIP" in record["reason"]
        assert len(skipped) == 1 and "refinement skipped: no CLIP weights" in str(skipped[0].message)
        # what to do in Blender, not the backend's command-line flag
        assert "set Preferences > Add-ons > TextFace > CLIP weights" in str(skipped[0].message)
        assert "--clip-weights" not in str(skipped[0].message)
    # the head and its hair (a real head has one unless bald), refined in place: nothing added
    assert head.name == name and len(bpy.data.images) == images
    assert set(bpy.data.objects) == {head} | ({api.hair_of(head)} if api.hair_of(head) else set())


@pytest.mark.slow
def test_quitting_blender_stops_the_local_backend(tmp_path):
    """A Blender session that ends without disabling the add-on still stops the backend it started."""
    import subprocess
    import sys
    import time

    if not BACKEND_PYTHON.exists():
        require_or_skip(f"backend environment missing: {BACKEND_PYTHON}")
    script = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
import bpy, addon_utils
addon_utils.enable("blender_textface", default_set=True)
from blender_textface import session
from blender_textface.settings import BackendSettings
settings = BackendSettings(python={str(BACKEND_PYTHON)!r})
session.endpoint(settings)
print("PID", session.current_process().pid, flush=True)
"""  # then the interpreter exits, as Blender does on quit
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180,
                          env=dict(os.environ, BLENDER_USER_RESOURCES=str(tmp_path / "blender")))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pid = int(next(line for line in proc.stdout.splitlines() if line.startswith("PID ")).split()[1])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}") \
            and open(f"/proc/{pid}/stat").read().split()[2] != "Z":
        time.sleep(0.1)
    assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z", \
        f"backend {pid} outlived Blender"


@pytest.mark.slow
def test_preferences_reach_the_local_service(local_backend, tmp_path):
    """Device, CLIP weights and StyleGAN path are `serve` flags: the service's health shows what it got (the
    CLIP weights: a file whose header is a safetensors one; the service checks no more before a job; the StyleGAN
    checkpoint: a file whose header is a TextFace texture checkpoint's; one that is not there is refused before
    the service starts: test_backend_start_up.py)."""
    clip, gan = tmp_path / "clip.safetensors", tmp_path / "generator.safetensors"
    clip.write_bytes((2).to_bytes(8, "little") + b"{}")
    header = json.dumps({"__metadata__": {"format": "textface-texture-stylegan2", "format_version": "1"}}).encode()
    gan.write_bytes(len(header).to_bytes(8, "little") + header)
    local_backend.device, local_backend.clip_weights = "cpu", str(clip)
    local_backend.texture_model = f"stylegan:{gan}"
    assert bpy.ops.textface.check_backend() == {"FINISHED"}
    report = "\n".join(job_state.current.backend_report)
    assert f"CLIP weights (refinement): ok - ViT-B-32 from {clip}" in report
    assert f"texture model: ok - parametric albedo and StyleGAN {gan}" in report
    assert session.current_process().command()[-6:] == ["--device", "cpu", "--clip-weights", str(clip),
                                                        "--stylegan", str(gan)]


@pytest.mark.slow
def test_clip_weights_the_real_service_refuses_are_one_line_naming_the_preference(local_backend, tmp_path):
    """`serve` refuses to start with CLIP weights that cannot load; before, the add-on showed its exit status
    and output lines (and, with a missing file, the service started and every job failed)."""
    clip = tmp_path / "clip.safetensors"
    clip.write_bytes(b"hello, not weights")
    local_backend.clip_weights = str(clip)
    with pytest.raises(RuntimeError) as caught:
        bpy.ops.textface.check_backend()
    message = job_state.current.last_error
    assert message.startswith(f"the backend refused to start: --clip-weights: CLIP weights file {clip} ")
    assert message.endswith("; fix Preferences > Add-ons > TextFace > CLIP weights") and "\n" not in message
    assert message in str(caught.value)
    clip.unlink()  # moved or deleted: said before anything is started
    with pytest.raises(BackendError, match=f"^the CLIP weights file {clip} does not exist"):
        api.generate_head("an old man", refine=False)


@pytest.mark.slow
def test_a_stylegan_checkpoint_the_real_service_refuses_is_one_line_naming_the_option(local_backend, tmp_path):
    """A file that is there but is no texture checkpoint passes the add-on's own check (it opens no file) and
    is refused by `serve` before it starts, in one line; before, the service started and every StyleGAN job
    failed."""
    gan = tmp_path / "generator.safetensors"
    gan.write_bytes(b"a generator, not weights")
    local_backend.texture_model = f"stylegan:{gan}"
    with pytest.raises(RuntimeError):
        bpy.ops.textface.check_backend()
    message = job_state.current.last_error
    assert message.startswith(f"the backend refused to start: --stylegan: {gan} ") and "\n" not in message, message
