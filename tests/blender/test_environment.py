"""Create Environment: the steps it plans, a real run into a new folder (a local package instead of
the multi-GB requirements, no download), failures and cancel leave no folder and no preference."""
from __future__ import annotations

import subprocess
import sys
import time
from types import SimpleNamespace

import bpy
import pytest

from blender_textface import backend_source, environment, job_state, running
from conftest import REPO

TIMER, ESC = SimpleNamespace(type="TIMER"), SimpleNamespace(type="ESC")


def prefs():
    return bpy.context.preferences.addons["blender_textface"].preferences


@pytest.fixture
def tiny_package(tmp_path):
    """A pure-Python wheel pip installs with no index and nothing to build."""
    import zipfile

    wheel = tmp_path / "tinypkg-1.0-py3-none-any.whl"
    info = "tinypkg-1.0.dist-info"
    files = {"tinypkg/__init__.py": "VALUE = 42\n",
             f"{info}/METADATA": "Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.0\n",
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    files[f"{info}/RECORD"] = "".join(f"{name},,\n" for name in [*files, f"{info}/RECORD"])
    with zipfile.ZipFile(wheel, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return wheel


def local_setup(monkeypatch, reqs, **extra):
    """Make the operator's Setup install `reqs` from local paths only, without the model step."""

    class LocalSetup(environment.Setup):
        def __init__(self, env, **kw):
            super().__init__(env, reqs=reqs, pip_args=("--no-index",), install_assets=False,
                             **{**kw, **extra})

    monkeypatch.setattr(environment, "Setup", LocalSetup)


def test_requirements_come_from_pyproject_or_the_bundled_list(tmp_path):
    import tomllib

    assert environment.requirements(REPO) == tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "dependencies"]
    built = tmp_path / "textface"
    (built / "backend").mkdir(parents=True)
    (built / "backend" / "requirements.txt").write_text("# from pyproject\ntorch==2.14.1\n\nnumpy>=1.26,<2  # pin\n")
    assert environment.requirements(built) == ["torch==2.14.1", "numpy>=1.26,<2"]
    with pytest.raises(environment.SetupFailed, match="requirements are missing"):
        environment.requirements(tmp_path)


def test_the_steps_install_the_packages_then_the_model(tmp_path):
    setup = environment.Setup(tmp_path / "env", archive="/data/ICT-FaceKit-master.zip")
    (l1, venv, _), (l2, pip, _), (l3, assets, env) = setup.steps()
    assert venv == [sys.executable, "-m", "venv", str(tmp_path / "env")]
    assert pip[:4] == [str(setup.python), "-m", "pip", "install"] and "torch==2.14.1" in pip
    assert set(environment.requirements(REPO)) <= set(pip)
    assert assets == [str(setup.python), "-m", "backend", "assets", "install", "--from", "/data/ICT-FaceKit-master.zip"]
    assert env == {"PYTHONPATH": str(backend_source.source_root())}
    assert "minutes" in l2 and "ICT" in l3


def test_create_environment_makes_a_working_interpreter_and_uses_it(addon, tmp_path, tiny_package, monkeypatch):
    local_setup(monkeypatch, [str(tiny_package)])
    target = tmp_path / "env"
    assert bpy.ops.textface.create_environment(directory=str(target)) == {"FINISHED"}
    python = environment.venv_python(target)
    assert prefs().python_path == str(python)
    out = subprocess.run([str(python), "-c", "import sys, tinypkg; print(tinypkg.VALUE, sys.prefix)"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "42" and out[1] == str(target)  # installed into the new environment, not Blender's
    log = target.with_name("env" + environment.LOG_SUFFIX).read_text()
    assert "-m venv" in log and "pip install" in log
    assert job_state.current.backend_report[0] == f"environment ready: {python}"
    # a second run into the same environment is harmless (the steps repeat cleanly)
    assert bpy.ops.textface.create_environment(directory=str(target)) == {"FINISHED"}


def test_a_failed_step_names_it_and_the_log_and_leaves_nothing(addon, tmp_path, monkeypatch):
    local_setup(monkeypatch, ["surely-not-a-package-textface-test"])
    prefs().python_path = "/old/python"
    target = tmp_path / "env"
    with pytest.raises(RuntimeError, match=r"installing the backend's packages .* failed \(exit status \d+\)"):
        bpy.ops.textface.create_environment(directory=str(target))
    log = target.with_name("env" + environment.LOG_SUFFIX)
    assert str(log) in job_state.current.last_error and "surely-not-a-package" in log.read_text()
    assert not target.exists()  # the folder it made is gone, its log is kept
    assert prefs().python_path == "/old/python"


def test_wrong_python_or_a_foreign_folder_is_refused(addon, tmp_path, monkeypatch):
    local_setup(monkeypatch, [])
    monkeypatch.setattr(environment, "python_version", lambda python: (3, 10))
    with pytest.raises(RuntimeError, match="needs Python 3.11"):
        bpy.ops.textface.create_environment(directory=str(tmp_path / "env"))
    monkeypatch.undo()
    local_setup(monkeypatch, [])
    busy = tmp_path / "documents"
    busy.mkdir()
    (busy / "thesis.txt").write_text("keep me")
    with pytest.raises(RuntimeError, match="is not a Python environment"):
        bpy.ops.textface.create_environment(directory=str(busy))
    assert (busy / "thesis.txt").read_text() == "keep me"


def test_from_the_button_it_runs_in_a_thread_and_esc_cancels(addon, tmp_path, monkeypatch):
    """The modal path: the steps run in a thread, the timer shows the step, Esc stops the running
    step and the half-made folder is removed."""
    local_setup(monkeypatch, [])
    slow = [("waiting for a slow download", [sys.executable, "-c", "print('downloading', flush=True); "
                                             "import time; time.sleep(60)"], {})]
    monkeypatch.setattr(environment.Setup, "steps", lambda self: slow)
    reports = []
    op = SimpleNamespace(report=lambda kind, message: reports.append((set(kind), message)))
    for name in ("modal", "_finish", "_fail"):
        setattr(op, name, getattr(environment.TEXTFACE_OT_create_environment, name).__get__(op))
    target = tmp_path / "env"
    environment.TEXTFACE_OT_create_environment._run_in_background(op, bpy.context, environment.Setup(target))
    deadline = time.monotonic() + 20
    while "downloading" not in " ".join(job_state.current.backend_report) and time.monotonic() < deadline:
        assert op.modal(bpy.context, TIMER) == {"RUNNING_MODAL"}
        time.sleep(0.05)
    assert "step 1/1, waiting for a slow download" in job_state.current.backend_report[0]
    assert op.modal(bpy.context, SimpleNamespace(type="MOUSEMOVE")) == {"PASS_THROUGH"}
    started = time.monotonic()
    result = op.modal(bpy.context, ESC)
    while result == {"RUNNING_MODAL"} and time.monotonic() < deadline:
        time.sleep(0.05)
        result = op.modal(bpy.context, TIMER)
    assert result == {"CANCELLED"} and time.monotonic() - started < 15  # not the step's 60 s
    assert op._timer is None and running.timers() == [] and reports[-1] == ({"ERROR"}, "cancelled")
    assert not target.exists()


def _run_in_thread(setup, timeout=30.0):
    setup.start()
    setup._thread.join(timeout)
    assert not setup._thread.is_alive()


def test_a_program_that_is_not_python_ends_the_run_with_an_error(tmp_path):
    """/bin/echo answers the version probe with its arguments: a clear error, done, no folder."""
    target = tmp_path / "env"
    setup = environment.Setup(target, base_python="/bin/echo", reqs=[], install_assets=False)
    _run_in_thread(setup)
    assert setup.done and "/bin/echo is not a Python interpreter" in setup.error
    assert not target.exists()


@pytest.mark.parametrize("exc, message", [
    (subprocess.TimeoutExpired(["python"], 30), "TimeoutExpired"),
    (KeyError("project"), "KeyError: 'project'"),
    (ValueError("bad version"), "ValueError: bad version"),
])
def test_any_failure_in_a_step_ends_the_run_and_removes_the_folder(tmp_path, monkeypatch, exc, message):
    """A thread that died with done False left the modal at 'starting' forever; now every failure ends
    the run with an error naming the exception, and the folder it made is removed."""
    target = tmp_path / "env"
    setup = environment.Setup(target, reqs=["tinypkg"], install_assets=False)
    monkeypatch.setattr(environment, "python_version", lambda python: environment.NEEDED_PYTHON)

    def fails(self, argv, extra, log):
        assert target.is_dir()  # the folder exists when the step fails
        raise exc

    monkeypatch.setattr(environment.Setup, "_call", fails)
    _run_in_thread(setup)
    assert setup.done and message in setup.error and "creating the environment" in setup.error
    assert not target.exists()


def test_the_modal_ends_when_the_setup_fails_unexpectedly(addon, tmp_path, monkeypatch):
    """From the button: the timer sees the failure and the operator ends with the error."""
    reports = []
    op = SimpleNamespace(report=lambda kind, message: reports.append((set(kind), message)))
    for name in ("modal", "_finish", "_fail"):
        setattr(op, name, getattr(environment.TEXTFACE_OT_create_environment, name).__get__(op))
    setup = environment.Setup(tmp_path / "env", base_python="/bin/echo", reqs=[], install_assets=False)
    environment.TEXTFACE_OT_create_environment._run_in_background(op, bpy.context, setup)
    deadline, result = time.monotonic() + 20, {"RUNNING_MODAL"}
    while result == {"RUNNING_MODAL"} and time.monotonic() < deadline:
        time.sleep(0.05)
        result = op.modal(bpy.context, TIMER)
    assert result == {"CANCELLED"} and reports[-1][0] == {"ERROR"} and "not a Python interpreter" in reports[-1][1]


def test_a_broken_pyproject_is_a_clear_setup_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    with pytest.raises(environment.SetupFailed, match=r"cannot read the backend's requirements .*KeyError"):
        environment.requirements(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project\n")
    with pytest.raises(environment.SetupFailed, match=r"cannot read the backend's requirements .*TOMLDecodeError"):
        environment.requirements(tmp_path)


def test_a_version_probe_that_hangs_is_a_clear_setup_error(monkeypatch):
    def hangs(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(environment.subprocess, "run", hangs)
    with pytest.raises(environment.SetupFailed, match=r"/opt/slow did not answer within 60 s"):
        environment.python_version("/opt/slow")


def test_a_failed_run_in_an_empty_folder_the_user_made_empties_it_but_keeps_it(tmp_path, monkeypatch):
    monkeypatch.setattr(environment, "python_version", lambda python: environment.NEEDED_PYTHON)
    mine = tmp_path / "my-env"
    mine.mkdir()

    def half_made(self, argv, extra, log):
        (self.env / "bin").mkdir(exist_ok=True)
        (self.env / "pyvenv.cfg").write_text("home = /usr/bin\n")
        return 1

    monkeypatch.setattr(environment.Setup, "_call", half_made)
    setup = environment.Setup(mine, reqs=[], install_assets=False)
    setup.run()
    assert "creating the environment failed (exit status 1)" in setup.error
    assert mine.is_dir() and list(mine.iterdir()) == []  # what the run made is gone, the folder stays
    fresh = tmp_path / "new-env"
    environment.Setup(fresh, reqs=[], install_assets=False).run()
    assert not fresh.exists()  # a folder the run made itself goes


def test_a_second_run_on_the_same_folder_is_refused_while_one_runs(tmp_path, monkeypatch):
    """Two clicks on Create Environment: the second must not write into (nor, failing, empty) the folder
    the first is filling; once the first has ended, the folder can be used again."""
    monkeypatch.setattr(environment, "python_version", lambda python: environment.NEEDED_PYTHON)
    slow = [("waiting for a slow download", [sys.executable, "-c", "print('downloading', flush=True); "
                                             "import time; time.sleep(60)"], {})]
    monkeypatch.setattr(environment.Setup, "steps", lambda self: slow)
    target = tmp_path / "env"
    first = environment.Setup(target, reqs=[], install_assets=False)
    first.start()
    deadline = time.monotonic() + 20
    while first.last_line != "downloading" and time.monotonic() < deadline:
        time.sleep(0.05)
    second = environment.Setup(target, reqs=[], install_assets=False)
    second.run()
    assert second.done and "already being made in" in second.error and "wait for it" in second.error
    assert not first.done and target.is_dir() and first.log_path.read_text().count("$ ") == 1
    first.cancel()
    first._thread.join(30)
    assert first.done and first.error == "cancelled" and not target.exists()
    third = environment.Setup(target, reqs=[], install_assets=False)
    monkeypatch.setattr(environment.Setup, "steps", lambda self: [])
    third.run()
    assert third.error == "" and target.is_dir()
