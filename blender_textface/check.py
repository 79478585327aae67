"""Check Backend: start or contact the backend and report what it has (the service's /v1/health).

Starting a local backend takes seconds, so from the UI the probe runs in a thread and a timer polls it
(Blender stays responsive, like Generate); from scripts `execute` waits for it.
"""
from __future__ import annotations

import threading

import bpy

from . import backend_source, health, job_state, running, session, tasks
from .preferences import settings_from_context

TIMER_STEP = 0.2


class Probe:
    """One check; `run()` fills `lines`/`missing` (success) or `error` (a readable sentence). No bpy."""

    def __init__(self, settings):
        self.settings = settings
        self.url = ""
        self.lines: list[str] = []
        self.missing: list[str] = []
        self.problem = ""  # a service this add-on cannot use (health.incompatibility)
        self.error = ""
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        try:
            self.url, token = session.endpoint(self.settings)
            answer = session.client(self.url, token).health()
            wire_versions = tuple(backend_source.load("wire").READABLE_VERSIONS)
        except (RuntimeError, ValueError) as exc:  # BackendError: not configured, did not start, ...
            self.error = str(exc)
            return
        except Exception as exc:  # noqa: BLE001 - the client's errors (refused token, unreachable, ...)
            self.error = tasks.describe(exc, self.url)
            return
        self.lines = [f"backend at {self.url}"] + health.summary_lines(answer, wire_versions)
        self.missing = health.missing_models(answer)
        self.problem = health.incompatibility(answer, wire_versions) or ""

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="textface-check", daemon=True)
        self._thread.start()

    def finished(self) -> bool:
        return self._thread is not None and not self._thread.is_alive()


class TEXTFACE_OT_check_backend(bpy.types.Operator):
    """Start or contact the backend and report what it has available"""

    bl_idname = "textface.check_backend"
    bl_label = "Check Backend"

    _probe = None
    _timer = None

    def _make_probe(self, context):
        try:
            return Probe(settings_from_context(context))
        except RuntimeError as exc:
            self._report_error(str(exc))
            return None

    def execute(self, context):
        probe = self._make_probe(context)
        if probe is None:
            return {"CANCELLED"}
        probe.run()
        return self._finish(probe)

    def invoke(self, context, event):
        probe = self._make_probe(context)
        if probe is None:
            return {"CANCELLED"}
        job_state.current.backend_report = ["checking the backend (a local one may take a few seconds to start)"]
        probe.start()
        self._probe = probe
        self._timer = running.start_timer(context, TIMER_STEP)  # (the probe's thread ends on its own)
        context.window_manager.modal_handler_add(self)
        return {"RUNNING_MODAL"}

    def modal(self, context, event):
        if event.type != "TIMER" or self._probe is None:
            return {"PASS_THROUGH"}
        if not self._probe.finished():
            return {"RUNNING_MODAL"}
        running.stop_timer(self._timer)
        probe, self._probe, self._timer = self._probe, None, None
        if context.area is not None:
            context.area.tag_redraw()
        return self._finish(probe)

    def _finish(self, probe: Probe):
        if probe.error:
            self._report_error(probe.error)
            return {"CANCELLED"}
        job_state.current.backend_report = probe.lines
        warn = probe.missing or probe.problem or any(line.startswith("WARNING") for line in probe.lines)
        head = f"TextFace backend at {probe.url}: " + (
            "cannot be used" if probe.problem else
            f"missing {', '.join(probe.missing)}" if probe.missing else "all models available")
        self.report({"WARNING"} if warn else {"INFO"}, head + "\n" + "\n".join(probe.lines[1:]))
        return {"FINISHED"}

    def _report_error(self, message: str) -> None:
        job_state.current.last_error = message
        job_state.current.backend_report = [f"ERROR: {message}"]
        self.report({"ERROR"}, message)
