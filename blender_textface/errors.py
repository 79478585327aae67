"""Errors the add-on reports to the user (one clear message each)."""
from __future__ import annotations


class BackendError(RuntimeError):
    """The backend is missing, not running, crashed, refused us or failed a job."""


class ImportFailed(RuntimeError):
    """A wire file that could not become a head, or a result that could not be applied; the message says why."""


class NotAHead(ValueError):
    """The object was not made by TextFace (it has no stored parameters)."""


class DamagedHead(NotAHead, ImportFailed):
    """A TextFace head whose stored data (its custom properties: the sidecar, identity, unit scale, ...) is
    damaged, e.g. edited by hand: it cannot be refined, and nothing of it was changed.  Both a NotAHead and an
    ImportFailed, so a script catching either (api.ImportFailed, as the crowd example does) catches it."""


class ExportFailed(RuntimeError):
    """Nothing exportable was given, the path cannot be written, or the exporter failed; the message says why."""
