"""Create Environment: a Python environment for the local backend, made from inside Blender.

Three steps, each a subprocess whose output goes to DIR-textface-setup.log (beside the folder, so it
outlives a failed run's clean-up):
  1. `PYTHON -m venv DIR` with a Python 3.11 (Blender's own by default: the version the backend needs;
     Blender's Python itself is never modified);
  2. `DIR/.../python -m pip install REQUIREMENTS`: the backend's dependencies (pyproject.toml of a
     checkout, or backend/requirements.txt that build_addon.py writes into the extension);
  3. `DIR/.../python -m backend assets install [--from ZIP]`: the ICT Face Model into the user cache
     (a verified install is kept; without a zip it comes from the official archive).
Downloads (torch is several GB) take minutes: the UI runs the steps in a thread, a timer shows the
step and the last line of output, Esc cancels.  On success the Python preference points at the new
interpreter.  A failed or cancelled run removes what it made: the folder it created, or the contents
of the empty folder it was given (the folder stays); an existing environment is left as it was found
(the steps are safe to repeat on it).  One run at a time per folder.  `Setup` needs no bpy.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import traceback
from pathlib import Path

import bpy

from . import backend_source, job_state, running
from .errors import BackendError

LOG_SUFFIX = "-textface-setup.log"
TIMER_STEP = 0.5
NEEDED_PYTHON = (3, 11)


class SetupFailed(BackendError):
    """The environment could not be made; the message says which step failed and where the log is."""


def requirements(root: Path) -> list[str]:
    """The backend's dependencies: from pyproject.toml beside a checkout's `backend`, else from the
    requirements.txt bundled in the extension's `backend` folder."""
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        try:
            return list(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"])
        except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
            raise SetupFailed(f"cannot read the backend's requirements from {pyproject} "
                              f"({type(exc).__name__}: {exc})") from None
    listed = root / "backend" / "requirements.txt"
    if listed.is_file():
        lines = (line.split("#", 1)[0].strip() for line in listed.read_text(encoding="utf-8").splitlines())
        return [line for line in lines if line]
    raise SetupFailed(f"the backend's requirements are missing: neither {pyproject} nor {listed} exists "
                            "(reinstall the extension built by build_addon.py)")


def venv_python(env: Path) -> Path:
    return env / "Scripts" / "python.exe" if os.name == "nt" else env / "bin" / "python"


def python_version(python: str) -> tuple[int, int]:
    try:
        out = subprocess.run([python, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
                             capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        raise SetupFailed(f"{python} did not answer within 60 s; is it a Python interpreter?") from None
    if out.returncode != 0:
        raise SetupFailed(f"{python} does not run: {out.stderr.strip()[-300:]}")
    try:
        major, minor = (int(x) for x in out.stdout.split())
    except ValueError:
        raise SetupFailed(f"{python} is not a Python interpreter (it printed {out.stdout.strip()[:200]!r} "
                          "when asked for its version)") from None
    return major, minor


_running: set[Path] = set()  # folders a Setup is filling now (this Blender session)
_running_lock = threading.Lock()


def _claim(env: Path) -> bool:
    with _running_lock:
        if env in _running:
            return False
        _running.add(env)
        return True


def _release(env: Path) -> None:
    with _running_lock:
        _running.discard(env)


def _remove_made(env: Path, keep_folder: bool) -> None:
    """Remove what a failed run put in `env`; a folder the user made (empty when the run began) stays."""
    if not keep_folder:
        shutil.rmtree(env, ignore_errors=True)
        return
    for child in env.iterdir() if env.is_dir() else ():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


class Setup:
    """One environment set-up: `run()` does the steps in order (blocking), `start()` in a thread.
    State for the UI: `step` (index), `label`, `last_line`, `error`, `done`; `cancel()` stops it."""

    def __init__(self, env: Path, *, base_python: str = "", archive: str = "", install_assets: bool = True,
                 reqs: list[str] | None = None, pip_args: tuple[str, ...] = ()):
        self.env = Path(env).expanduser().resolve()
        self.base_python = base_python or sys.executable
        self.root = backend_source.source_root()
        self.archive = archive
        self.install_assets = install_assets
        self.reqs = requirements(self.root) if reqs is None else list(reqs)
        self.pip_args = tuple(pip_args)
        self.log_path = self.env.with_name(self.env.name + LOG_SUFFIX)
        self.step, self.label, self.last_line, self.error, self.done = -1, "", "", "", False
        self._cancel = threading.Event()
        self._proc: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None
        self._created = False  # this run filled the folder: a failure empties it again
        self._existed = False  # the folder was there before (an empty folder the user picked): kept
        self._claimed = False

    @property
    def python(self) -> Path:
        return venv_python(self.env)

    def steps(self) -> list[tuple[str, list[str], dict]]:
        """(label, argv, extra environment) of every step."""
        py = str(self.python)
        out = [("creating the environment", [self.base_python, "-m", "venv", str(self.env)], {})]
        if self.reqs:
            out.append(("installing the backend's packages (torch is several GB: minutes)",
                        [py, "-m", "pip", "install", "--disable-pip-version-check", *self.pip_args, *self.reqs], {}))
        if self.install_assets:
            argv = [py, "-m", "backend", "assets", "install"] + (["--from", self.archive] if self.archive else [])
            out.append(("installing the ICT Face Model", argv, {"PYTHONPATH": str(self.root)}))
        return out

    def run(self) -> None:
        """Never leaves `done` False: the UI polls it, and a thread that died with it False would show
        "starting" forever (Esc only asks the steps to stop)."""
        finished = False
        try:
            self._run()
            finished = True
        except SetupFailed as exc:
            self.error = str(exc)
        except OSError as exc:  # a folder that cannot be made, a program that cannot start
            self.error = f"{self.label or 'preparing'}: {exc}"
        except Exception as exc:  # noqa: BLE001 - any other failure must still end the run with an error
            traceback.print_exc()  # the whole story on the console; the UI gets one line
            self.error = f"{self.label or 'preparing'} failed unexpectedly: {type(exc).__name__}: {exc}"
        finally:
            if not finished and not self.error:  # KeyboardInterrupt, SystemExit: re-raised after this
                self.error = f"{self.label or 'preparing'} was interrupted"
            if self.error and self._created:  # no half-made environment left behind
                _remove_made(self.env, keep_folder=self._existed)
            if self._claimed:
                _release(self.env)
            self.done = True

    def _run(self) -> None:
        if not _claim(self.env):  # a second run would write into (and on failure empty) the first's folder
            raise SetupFailed(f"an environment is already being made in {self.env}; wait for it to finish "
                              "or cancel it (Esc)")
        self._claimed = True
        major_minor = python_version(self.base_python)
        if major_minor != NEEDED_PYTHON:
            raise SetupFailed(f"the backend needs Python {NEEDED_PYTHON[0]}.{NEEDED_PYTHON[1]}; "
                                    f"{self.base_python} is {major_minor[0]}.{major_minor[1]}")
        if self.env.exists() and not (self.env.is_dir() and (not any(self.env.iterdir()) or self.python.is_file())):
            raise SetupFailed(f"{self.env} exists and is not a Python environment: pick an empty or new folder")
        self._existed = self.env.exists()
        self._created = not self._existed or not any(self.env.iterdir())
        self.env.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "w", encoding="utf-8") as log:
            for i, (label, argv, extra) in enumerate(self.steps()):
                if self._cancel.is_set():
                    raise SetupFailed("cancelled")
                self.step, self.label = i, label
                log.write(f"\n$ {' '.join(argv)}\n")
                log.flush()
                status = self._call(argv, extra, log)
                if self._cancel.is_set():
                    raise SetupFailed("cancelled")
                if status != 0:
                    raise SetupFailed(f"{label} failed (exit status {status}): {self.last_line or 'no output'}"
                                            f"; the whole output is in {self.log_path}")

    def _call(self, argv: list[str], extra: dict, log) -> int:
        env = {**os.environ, **extra, "PYTHONUNBUFFERED": "1"}
        env.pop("PYTHONHOME", None)  # Blender's own must not leak into the new interpreter
        self._proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                      env=env, errors="replace")
        for line in self._proc.stdout:
            log.write(line)
            text = line.strip()
            if text and not (self.last_line.startswith("ERROR") and not text.startswith("ERROR")):
                self.last_line = text[-200:]  # (pip's first ERROR line says more than its closing hint)
            if self._cancel.is_set():
                self._proc.terminate()
                break
        try:
            return self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            return self._proc.wait()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="textface-environment", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()

    def wait(self, timeout: float) -> bool:
        """True once the run has ended (after a cancel: its step stopped and what it made removed)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.done or self._thread is None

    def status_lines(self) -> list[str]:
        total = len(self.steps())
        head = f"environment {self.env}: step {self.step + 1}/{total}, {self.label}" if self.step >= 0 \
            else f"environment {self.env}: starting"
        return [head] + ([f"  {self.last_line}"] if self.last_line else [])


def default_folder(addon_id: str) -> Path:
    """The extension's own user folder (Blender's user resources for a development add-on)."""
    try:
        return Path(bpy.utils.extension_path_user(addon_id, path="venv", create=True))
    except (ValueError, KeyError, RuntimeError):  # not installed as an extension
        return Path(bpy.utils.user_resource("DATAFILES", path="textface", create=True)) / "venv"


class TEXTFACE_OT_create_environment(bpy.types.Operator):
    """Make a Python environment with the backend's packages and the ICT model, and use it"""

    bl_idname = "textface.create_environment"
    bl_label = "Create Environment"

    directory: bpy.props.StringProperty(
        name="Folder", subtype="DIR_PATH",
        description="New or empty folder for the environment (empty: the add-on's user folder)")
    archive: bpy.props.StringProperty(
        name="ICT-FaceKit zip", subtype="FILE_PATH",
        description="ICT-FaceKit-master.zip downloaded by hand (empty: the official archive)")
    background: bpy.props.BoolProperty(default=False, options={"HIDDEN", "SKIP_SAVE"},
                                       description="Run in a thread and report progress (the button); scripts wait")

    _setup = None
    _timer = None

    def _make(self, context) -> Setup | None:
        from .preferences import ADDON_ID

        folder = Path(bpy.path.abspath(self.directory)) if self.directory else default_folder(ADDON_ID)
        try:
            return Setup(folder, archive=bpy.path.abspath(self.archive) if self.archive else "")
        except BackendError as exc:
            self._fail(str(exc))
            return None

    def invoke(self, context, event):
        self.background = True
        return context.window_manager.invoke_props_dialog(self, width=520)

    def draw(self, context):
        col = self.layout.column()
        col.prop(self, "directory")
        col.prop(self, "archive")
        col.label(text="Downloads the backend's packages (torch: several GB) and the ICT model; takes minutes.")

    def execute(self, context):
        setup = self._make(context)
        if setup is None:
            return {"CANCELLED"}
        if not self.background:
            setup.run()
            return self._finish(context, setup)
        self._run_in_background(context, setup)
        context.window_manager.modal_handler_add(self)
        return {"RUNNING_MODAL"}

    def _run_in_background(self, context, setup: Setup) -> None:
        """The steps in a thread; a timer shows them (disabling the add-on cancels them: running.py)."""
        setup.start()
        self._setup = setup
        job_state.current.backend_report = setup.status_lines() + ["(Esc cancels)"]
        self._timer = running.start_timer(context, TIMER_STEP, setup)

    def modal(self, context, event):
        setup = self._setup
        if setup is None:
            return {"CANCELLED"}
        if event.type == "ESC":
            setup.cancel()
        elif event.type != "TIMER":
            return {"PASS_THROUGH"}
        if not setup.done:
            job_state.current.backend_report = setup.status_lines() + ["(Esc cancels)"]
            _redraw(context)
            return {"RUNNING_MODAL"}
        running.stop_timer(self._timer)
        self._setup, self._timer = None, None
        _redraw(context)
        return self._finish(context, setup)

    def _finish(self, context, setup: Setup):
        from .preferences import ADDON_ID

        if setup.error:
            self._fail(setup.error)
            return {"CANCELLED"}
        context.preferences.addons[ADDON_ID].preferences.python_path = str(setup.python)
        job_state.current.backend_report = [f"environment ready: {setup.python}",
                                            "Check Backend starts it and lists the models"]
        self.report({"INFO"}, f"TextFace environment ready: {setup.python}")
        return {"FINISHED"}

    def _fail(self, message: str) -> None:
        job_state.current.last_error = message
        job_state.current.backend_report = [f"ERROR: {message}"]
        self.report({"ERROR"}, message)


def _redraw(context) -> None:
    if context.area is not None:
        context.area.tag_redraw()
