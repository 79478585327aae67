"""The error the render package raises for bad input (shapes, dtypes, indices, settings)."""
from __future__ import annotations

from ..errors import TextFaceError


class RenderError(TextFaceError, ValueError):
    """Input the renderer cannot use; the message names the argument and what was expected."""
