"""Schemathesis fuzzes every operation of the OpenAPI document: no answer may be a 5xx."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
import test_service_kinds as K
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from test_service_support import AUTH, config

from backend.service.app import create_app

pytestmark = pytest.mark.timeout(300)

# The schema loader needs the app at import time, hence a throwaway data folder here.
_APP = create_app(config(Path(tempfile.mkdtemp(prefix="textface-fuzz-")), max_queue=8), K.KINDS)


async def _app_without_lifespan(scope, receive, send):
    """Schemathesis opens a client (and so a lifespan) per call; the real one runs once, below."""
    if scope["type"] == "lifespan":
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.complete"})
        return
    await _APP(scope, receive, send)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app_without_lifespan, headers=AUTH)


@pytest.fixture(scope="module", autouse=True)
def _running_service():
    with TestClient(_APP):  # workers up for the whole module, stopped after it
        yield


@schema.parametrize()
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_server_errors(case):
    case.headers = {**(case.headers or {}), **AUTH}  # schemathesis may generate its own bearer value
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code != 401  # the token went along: the fuzzing reached the handlers
