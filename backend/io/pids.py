"""Whether a process id still names a running process (to tell a killed writer's leftovers from a
running writer's work)."""
from __future__ import annotations

import os
import sys


def pid_alive(pid: int) -> bool:
    """True while `pid` runs (or cannot be checked: then its files are left alone)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_alive(pid)
    try:
        os.kill(pid, 0)  # POSIX: signal 0 only checks (on Windows os.kill would terminate it)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: alive, another user's
        return True
    return True


def _windows_alive(pid: int) -> bool:
    import ctypes

    query_limited_information, still_active = 0x1000, 259
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:  # no such process (ERROR_INVALID_PARAMETER), or access denied: then it exists
        return ctypes.get_last_error() == 5
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
