"""Disabling the add-on (Preferences, Reload Scripts, Blender quitting: each calls unregister) ends what it
runs, before its classes go:

- the running job is cancelled: heads half brought in are removed, the backend's jobs get their cancel
  requests, the panel's running state is cleared (it would block the next Generate after enabling again);
- the modal operators' timers are removed and their work cancelled (running.py: Blender frees those
  operators without calling their cancel);
- the progress image and the status bar text go;
- the local backend stops, and no later request (a job's or a Check Backend thread still under way) can
  start another one until the add-on is enabled again (session.close).

A job the service answered "cancelling" (it was running) is deleted there once it has stopped (stopping_jobs.py);
within WAIT the local backend is stopped only after that (else its folder would stay), and the thread that
follows such a job ends at its next poll once the add-on is disabled (quietly: the service ends the job when it
next starts); a remote one's thread outlives the add-on for at most 90 s, to delete the job there.
It waits, at most WAIT seconds in all, for the cancel requests to be answered (a remote backend's jobs
would otherwise run on after Blender quits, and a local one's be cut off mid-request) and for a cancelled
environment set-up to remove its half-made folder; a backend that answers at once costs milliseconds.
"""
from __future__ import annotations

import time

import bpy

from . import job_state, progress_image, running, session

WAIT = 5.0


def end_everything() -> None:
    job = job_state.current
    task = job.task
    job.abandon()  # cancels the task (removing half-built heads) and clears the state
    cancelled = running.end_all()
    if task is not None and task not in cancelled:
        cancelled.append(task)
    deadline = time.monotonic() + WAIT
    for work in cancelled:
        if not work.wait(max(0.0, deadline - time.monotonic())):
            print(f"TextFace: disabled while {type(work).__name__} was still ending; it ends in the background")
    progress_image.clear()
    _clear_status()
    session.close()


def _clear_status() -> None:
    workspace = getattr(bpy.context, "workspace", None)
    if workspace is not None:
        workspace.status_text_set(None)
