"""A local backend that exited during start-up, told in one line from its output (no bpy).

The common causes each get their own sentence: an interpreter without the backend's packages (a
ModuleNotFoundError traceback), one too old for `-P` (Python < 3.11), the service refusing an option (the
CLI's one-line `error: ...`, e.g. CLIP weights that cannot load), which names the preference to fix.
Anything else: the last line of its output.  The whole output goes to the system console (backend_process)."""
from __future__ import annotations

import re

PREFS = "Preferences > Add-ons > TextFace"
# `serve` options the add-on passes from its preferences (settings.server_args)
OPTION_PREFERENCES = {"--clip-weights": "CLIP weights", "--stylegan": "Texture model", "--device": "Device"}
_NO_MODULE = re.compile(r"No module named '?([\w.]+)'?")
_CLI_ERROR = "error: "  # backend/cli.py prints a command's refusal as one such line
_MAX_LINE = 300


def short_line(line: str) -> str:
    """`line` stripped, cut to _MAX_LINE characters."""
    line = line.strip()
    return line if len(line) <= _MAX_LINE else line[:_MAX_LINE - 3] + "..."


def summary(python: str, status: int | None, lines: list[str]) -> str:
    """One readable line for a backend started with `python` that exited with `status`, from its output."""
    lines = [line for line in lines if line.strip()]
    missing = next((m.group(1) for line in reversed(lines) if (m := _NO_MODULE.search(line))), None)
    if missing and (missing == "backend" or missing.startswith("backend.")):
        return (f"the backend source the add-on carries is incomplete (no module named '{missing}'): reinstall "
                "the extension built by build_addon.py")
    if missing:
        return (f"the Python at {python} lacks the backend's packages (no module named '{missing}'): use Create "
                f"Environment ({PREFS}), or set Python to an environment that has them (Find Environment picks "
                "a checkout's .venv)")
    if any(line.lower().startswith("unknown option") and "-P" in line for line in lines):
        return (f"the Python at {python} is too old for the backend (it needs Python 3.11): use Create Environment "
                f"({PREFS}), or set Python to a Python 3.11 environment with the backend's packages")
    refusal = next((line[len(_CLI_ERROR):] for line in reversed(lines) if line.startswith(_CLI_ERROR)), None)
    if refusal:
        fix = next((f"; fix {PREFS} > {pref}" for option, pref in OPTION_PREFERENCES.items()
                    if refusal.startswith(option)), "")
        return f"the backend refused to start: {short_line(refusal)}{fix}"
    last = f": {short_line(lines[-1])}" if lines else ""
    return f"the backend exited during start-up (status {status}){last}; its full output is in the system console"
