"""Errors the add-on reports to the user (one clear message each)."""
from __future__ import annotations


class BackendError(RuntimeError):
    """The backend is missing, not running, crashed, refused us or failed a job."""
