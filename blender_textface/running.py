"""The timers of the add-on's running modal operators (Generate, Refine Selected, Check Backend, Create
Environment) and the work each one steps, so that disabling the add-on ends them all.

Blender frees a running modal operator whose class is unregistered without calling its `cancel()`
("whoever unregisters the operator will clean up": WM_operator_handlers_clear), so its event timer
would stay in the window manager and its work run on unseen.  Main thread only.

`work` is any object with `cancel()` (returns at once) and `wait(timeout) -> bool` (True once what the
cancel started has finished: cancel requests answered, a subprocess stopped and its files removed).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class _Entry:
    window_manager: object
    timer: object
    work: object = None


_entries: list[_Entry] = []


def start_timer(context, step: float, work=None):
    """`context.window_manager.event_timer_add(step, window=context.window)`, remembered with `work`."""
    wm = context.window_manager
    timer = wm.event_timer_add(step, window=context.window)
    _entries.append(_Entry(wm, timer, work))
    return timer


def stop_timer(timer) -> None:
    """Remove a timer `start_timer` added (nothing if it is gone already: the add-on was disabled)."""
    for entry in [e for e in _entries if e.timer == timer]:
        _entries.remove(entry)
        _remove(entry)


def replace_timer(context, timer, step: float):
    """A new timer of `step` seconds for the same work (`timer` removed)."""
    work = next((e.work for e in _entries if e.timer == timer), None)
    stop_timer(timer)
    return start_timer(context, step, work)


def timers() -> list:
    return [e.timer for e in _entries]


def end_all() -> list:
    """Remove every timer and cancel its work (at once); the work cancelled, to wait for."""
    entries, _entries[:] = list(_entries), []
    for entry in entries:
        _remove(entry)
        if entry.work is not None:
            entry.work.cancel()
    return [e.work for e in entries if e.work is not None]


def _remove(entry: _Entry) -> None:
    try:
        entry.window_manager.event_timer_remove(entry.timer)
    except ReferenceError:  # the window manager went (Blender quitting): its timers went with it
        pass
