"""A LOCAL backend that cannot start is one clear line for the user, its whole output in the system console:
an interpreter without the backend's packages, one too old, the service refusing an option (CLIP weights that
cannot load, naming the preference); a CLIP weights preference that names a missing file is refused before
anything is started.  Before: a 658-character traceback, or seconds of start-up and the backend's words."""
from __future__ import annotations

import subprocess
import sys
import venv

import bpy
import pytest

from blender_textface import api, preflight, session, startup_output
from blender_textface.backend_process import BackendError, BackendProcess
from blender_textface.settings import BackendSettings

from test_backend_process import READY, _stand_in

PREFS_CLIP = "Preferences > Add-ons > TextFace > CLIP weights"
PREFS_TEXTURE = "Preferences > Add-ons > TextFace > Texture model"


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """A Python 3.11 without any package (a fresh venv of this interpreter's Python, no pip)."""
    folder = tmp_path_factory.mktemp("bare") / "venv"
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    assert subprocess.run([str(python), "-c", "import numpy"], capture_output=True).returncode != 0
    return str(python)


def test_an_interpreter_without_the_backends_packages_is_one_clear_line(addon, bare_python, capsys):
    """The real backend source, started by a Python that lacks its packages (the acceptance report: 658
    characters of traceback)."""
    settings = BackendSettings(mode="LOCAL", python=bare_python, texture_size=256, start_timeout=60)
    with pytest.raises(BackendError) as caught:
        api.generate_head("an old man", settings=settings)
    message = str(caught.value)
    assert message.startswith(f"the Python at {bare_python} lacks the backend's packages (no module named '")
    assert "Create Environment" in message and "\n" not in message and len(message) < 300
    console = capsys.readouterr().err
    assert f"TextFace: the backend ({bare_python} -P -m backend serve" in console
    assert "Traceback (most recent call last)" in console and "ModuleNotFoundError: No module named" in console
    assert len(bpy.data.objects) == 0
    session.shutdown()


def test_check_backend_says_the_same(addon, bare_python, capsys):
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    prefs.backend_mode, prefs.python_path = "LOCAL", bare_python
    with pytest.raises(RuntimeError, match=r"lacks the backend's packages \(no module named '"):
        bpy.ops.textface.check_backend()
    session.shutdown()


def test_a_refused_option_names_the_preference(tmp_path):
    proc = BackendProcess(sys.executable, _stand_in(tmp_path, """
        import sys
        print("error: --clip-weights: CLIP weights file /x/clip.pt is neither safetensors nor a torch "
              "checkpoint (first bytes b'hello')", file=sys.stderr)
        sys.exit(2)
    """))
    proc.launch()
    with pytest.raises(BackendError, match=r"^the backend refused to start: --clip-weights: CLIP weights file "
                                           r"/x/clip.pt is neither .*; fix " + PREFS_CLIP + "$"):
        proc.wait_ready(20)


@pytest.mark.parametrize("lines, expected", [
    (["Unknown option: -P", "usage: /usr/bin/python3.10 [option] ... [-c cmd | -m mod | file | -] [arg] ..."],
     "the Python at /py is too old for the backend (it needs Python 3.11)"),
    (["Traceback (most recent call last):", "ModuleNotFoundError: No module named 'backend.service'"],
     "the backend source the add-on carries is incomplete (no module named 'backend.service')"),
    (["/py: No module named backend"], "the backend source the add-on carries is incomplete"),
    (["Traceback (most recent call last):", "  File \"x.py\", line 1", "SyntaxError: invalid syntax", ""],
     "the backend exited during start-up (status 1): SyntaxError: invalid syntax; its full output is in the "
     "system console"),
    ([], "the backend exited during start-up (status 1); its full output is in the system console"),
])
def test_start_up_output_summaries(lines, expected):
    assert startup_output.summary("/py", 1, lines).startswith(expected)


@pytest.mark.parametrize("where", ["missing file", "folder"])
def test_a_missing_clip_weights_file_is_refused_before_anything_starts(addon, tmp_path, monkeypatch, where):
    root = _stand_in(tmp_path, READY)
    monkeypatch.setattr(session.backend_source, "source_root", lambda: root)
    weights = tmp_path / "moved" / "clip.safetensors" if where == "missing file" else tmp_path
    settings = BackendSettings(mode="LOCAL", python=sys.executable, clip_weights=str(weights))
    for refine in (False, True):  # nothing can be generated with it, refinement on or off
        with pytest.raises(BackendError, match=rf"^the CLIP weights file {weights} (does not exist|is a folder).*: "
                                               f"set {PREFS_CLIP} to an open_clip checkpoint, or clear it"):
            api.generate_head("an old man", refine=refine, settings=settings)
    assert session.current_process() is None and len(bpy.data.objects) == 0


@pytest.mark.parametrize("weights", ["laion2b_s34b_b79k", "clip.safetensors"])
def test_a_pretrained_tag_or_an_existing_file_is_the_services_to_judge(addon, tmp_path, monkeypatch, weights):
    root = _stand_in(tmp_path, READY)
    monkeypatch.setattr(session.backend_source, "source_root", lambda: root)
    if weights.endswith(".safetensors"):
        (tmp_path / weights).write_bytes(b"weights")
        weights = str(tmp_path / weights)
    proc = session.local_process(BackendSettings(mode="LOCAL", python=sys.executable, clip_weights=weights))
    try:
        assert proc.wait_ready(20) and proc.command()[-2:] == ["--clip-weights", weights]
    finally:
        session.shutdown()



def _unreadable(monkeypatch, path):
    """`path` without read permission for this user (the tests run as root, who may read anything: the
    permission check is what is replaced)."""
    access = preflight.os.access
    monkeypatch.setattr(preflight.os, "access", lambda p, mode: False if str(p) == str(path) else access(p, mode))


@pytest.mark.parametrize("where", ["missing file", "folder", "unreadable file"])
def test_a_stylegan_checkpoint_that_is_not_there_is_refused_before_anything_starts(addon, tmp_path, monkeypatch,
                                                                                    where):
    """Before: the service started with it, and every generate job failed on it (its health said MISSING)."""
    root = _stand_in(tmp_path, READY)
    monkeypatch.setattr(session.backend_source, "source_root", lambda: root)
    gan = {"missing file": tmp_path / "moved" / "g.safetensors", "folder": tmp_path}.get(where, tmp_path / "g.pt")
    if where == "unreadable file":
        gan.write_bytes(b"weights")
        _unreadable(monkeypatch, gan)
    settings = BackendSettings(mode="LOCAL", python=sys.executable, texture_model=f"stylegan:{gan}")
    what = {"missing file": "does not exist", "folder": "is a folder", "unreadable file": "cannot be read"}[where]
    with pytest.raises(BackendError, match=rf"^the StyleGAN checkpoint {gan} {what}.*: set {PREFS_TEXTURE} to "
                                           r"'stylegan:PATH' of a trained generator checkpoint, or to 'parametric'"):
        api.generate_head("an old man", settings=settings)
    assert session.current_process() is None and len(bpy.data.objects) == 0


def test_an_unreadable_clip_weights_file_is_refused_too(addon, tmp_path, monkeypatch):
    weights = tmp_path / "clip.safetensors"
    weights.write_bytes(b"weights")
    _unreadable(monkeypatch, weights)
    settings = BackendSettings(mode="LOCAL", python=sys.executable, clip_weights=str(weights))
    with pytest.raises(BackendError, match=rf"^the CLIP weights file {weights} cannot be read .*: set {PREFS_CLIP}"):
        api.generate_head("an old man", settings=settings)
    assert session.current_process() is None


def test_an_existing_stylegan_checkpoint_is_passed_to_the_service(addon, tmp_path, monkeypatch):
    root = _stand_in(tmp_path, READY)
    monkeypatch.setattr(session.backend_source, "source_root", lambda: root)
    gan = tmp_path / "g.safetensors"
    gan.write_bytes(b"weights")
    proc = session.local_process(BackendSettings(mode="LOCAL", python=sys.executable, texture_model=f"stylegan:{gan}"))
    try:
        assert proc.wait_ready(20) and proc.command()[-2:] == ["--stylegan", str(gan)]
    finally:
        session.shutdown()
