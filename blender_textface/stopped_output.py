"""A local backend that stopped after it started (mid-job), or did not become ready in time, told in one line
from its exit status and output (no bpy), as start-up failures are (startup_output.py): what happened, the
last thing it printed, and where the rest is.  The whole output goes to the system console (backend_process).
Before, the report showed the last 12 lines of output, which Blender's report cannot show readably."""
from __future__ import annotations

import signal

from .startup_output import short_line

CONSOLE = "its full output is in the system console"


def exit_status(status: int | None) -> str:
    """'status 1', or for a process ended by a signal (a negative status) which signal and its usual cause."""
    if status is None:
        return "exit status unknown"
    if status >= 0:
        return f"status {status}"
    try:
        name = signal.Signals(-status).name
    except ValueError:
        return f"status {status}: ended by signal {-status}"
    if name == "SIGKILL":  # what the kernel's out-of-memory killer sends, and `kill -9`
        return f"status {status}: killed by {name}, e.g. when the system ran out of memory"
    return f"status {status}: ended by {name}"


def _last(lines: list[str]) -> str:
    lines = [line for line in lines if line.strip()]
    return f"; its last output: {short_line(lines[-1])}" if lines else "; it printed nothing"


def stopped(status: int | None, lines: list[str], during: str = "") -> str:
    """One line for a backend that exited with `status` after it had started (`during`: e.g. 'during the job')."""
    when = f" {during}" if during else ""
    return f"the backend crashed or was stopped{when} ({exit_status(status)}){_last(lines)}; {CONSOLE}"


def not_ready(timeout: float, lines: list[str]) -> str:
    """One line for a backend that did not say it listens within `timeout` seconds."""
    return f"the backend did not become ready within {timeout:.0f} s{_last(lines)}; {CONSOLE}"
