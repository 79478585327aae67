"""Shared fixtures.  `face_model`: the installed ICT model (skip when absent, fail in CI)."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def face_model():
    from backend.errors import ModelNotInstalled
    from backend.face_model import load_face_model

    try:
        return load_face_model()
    except ModelNotInstalled as exc:
        if os.environ.get("TEXTFACE_REQUIRE_ASSETS") == "1":
            pytest.fail(f"ICT model required but not installed: {exc}")
        pytest.skip(f"ICT model not installed: {exc}")
