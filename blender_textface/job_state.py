"""The running job as the panel sees it: runtime state of this Blender session, never saved.

(Scene properties would be written into the .blend and could show a job as running after reload.)
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class JobState:
    running: bool = False
    task: object = None  # the tasks.HeadTask that set `running` (its operator ends only its own job)
    stage: str = ""
    progress: float = 0.0
    last_error: str = ""
    notice: str = ""  # last job's warning (e.g. refinement skipped: no CLIP weights)
    failed: str = ""  # last job's heads not made while the others were ("<k> of <n> heads were not made: ...")
    # last job's prompt warnings (what of the text the backend could not use), "<heads>: <warning>" each
    warnings: list[str] = field(default_factory=list)
    backend_report: list[str] = field(default_factory=list)  # last "Check Backend" answer

    def reset(self) -> None:
        self.running, self.stage, self.progress = False, "", 0.0
        self.task = None

    def abandon(self) -> None:
        """Cancel the job (without waiting) and clear the state at once, whether or not an operator still
        steps it: Blender may have dropped that operator (File > New/Open, closed window)."""
        if self.task is not None:
            self.task.cancel()
        self.reset()


current = JobState()
