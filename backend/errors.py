"""Errors a user can act on.  Each carries one clear message; the CLI prints it without a traceback."""


class TextFaceError(Exception):
    """Base class of every error the user can fix."""


class ModelNotInstalled(TextFaceError):
    """The ICT face model (or another asset) is not installed."""


class AssetError(TextFaceError):
    """An asset archive or cache is wrong, truncated or foreign."""


class CheckpointError(TextFaceError):
    """A weights file that is missing, truncated, foreign or of the wrong shape."""


class Cancelled(Exception):
    """A job was cancelled between steps."""
