"""A local backend that stops mid-job (killed, crashed) or does not become ready in time is one line in the
report, saying what happened, the last thing it printed and that its whole output is in the system console,
where all of it goes; as start-up failures are (test_backend_start_up.py).  Before: the message carried the last
12 lines of output ("the backend crashed or was stopped (status -9):\\nline 9\\n...")."""
from __future__ import annotations

import os
import re
import signal
import sys

import bpy
import pytest

from blender_textface import api, backend_source, job_state, session, stopped_output
from blender_textface.backend_process import BackendError, BackendProcess
from blender_textface.settings import BackendSettings

from test_backend_process import _stand_in
from test_operators import _ended, _harness, _tick_until

CHATTY = """
    import json, sys, time
    for k in range(30):
        print(f"worker line {k}", flush=True)
    print("TEXTFACE_SERVICE_READY " + json.dumps({"url": "http://127.0.0.1:5", "port": 5}), flush=True)
    print("RuntimeError: the worker ran out of memory", file=sys.stderr, flush=True)
    time.sleep(60)
"""


class _KillingClient:
    """Takes the job, then the backend process is killed under it (as the out-of-memory killer would)."""

    def health(self):
        return {"status": "ok", "api_version": 1, "wire_version": 2}

    def submit_generate(self, prompt, **options):
        proc = session.current_process()
        os.kill(proc.pid, signal.SIGKILL)
        proc._proc.wait(10)
        return {"id": "0" * 32}

    def status(self, job):
        raise ConnectionRefusedError(111, "Connection refused")

    def cancel(self, job):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def chatty_backend(addon, tmp_path, monkeypatch):
    backend_source.load("wire")  # (the version check reads the real one: loaded before the source is replaced)
    root = _stand_in(tmp_path, CHATTY)
    monkeypatch.setattr(session.backend_source, "source_root", lambda: root)
    monkeypatch.setattr(session, "client", lambda url, token: _KillingClient())
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    prefs.backend_mode, prefs.python_path = "LOCAL", sys.executable
    yield
    session.shutdown()


EXPECTED = (r"^the backend crashed or was stopped during the job \(status -9: killed by SIGKILL, e\.g\. when the "
            r"system ran out of memory\); its last output: RuntimeError: the worker ran out of memory; its full "
            r"output is in the system console$")


def _assert_console_has_it_all(console: str) -> None:
    assert "TextFace: the backend (" in console and " stopped during the job (status -9: killed by SIGKILL" in console
    assert all(f"worker line {k}\n" in console for k in range(30))
    assert "RuntimeError: the worker ran out of memory" in console


def test_a_backend_killed_mid_job_is_one_line_and_its_output_goes_to_the_console(chatty_backend, capsys):
    settings = BackendSettings(mode="LOCAL", python=sys.executable, start_timeout=20)
    with pytest.raises(BackendError, match=EXPECTED):
        api.generate_head("an old man", settings=settings)
    _assert_console_has_it_all(capsys.readouterr().err)
    assert len(bpy.data.objects) == 0


def test_the_generate_button_reports_it_in_one_line(chatty_backend, capsys):
    bpy.context.scene.textface.prompt = "an old man"
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"CANCELLED"}
    errors = [message for kind, message in op.reports if kind == {"ERROR"}]
    assert len(errors) == 1 and errors[0] == job_state.current.last_error
    assert re.match(EXPECTED, errors[0])
    _assert_console_has_it_all(capsys.readouterr().err)
    assert len(bpy.data.objects) == 0 and not job_state.current.running


def test_a_backend_that_does_not_become_ready_is_one_line(tmp_path, capsys):
    proc = BackendProcess(sys.executable, _stand_in(tmp_path, """
        import time
        for k in range(20):
            print(f"loading part {k}", flush=True)
        time.sleep(60)
    """))
    proc.launch()
    with pytest.raises(BackendError, match=r"^the backend did not become ready within 2 s; its last output: loading "
                                           r"part 19; its full output is in the system console$"):
        proc.wait_ready(2)
    console = capsys.readouterr().err
    assert " did not become ready within 2 s; its output:\n" in console
    assert all(f"loading part {k}\n" in console for k in range(20)) and not proc.running()


@pytest.mark.parametrize("status, expected", [
    (1, "status 1"), (None, "exit status unknown"), (-9, "status -9: killed by SIGKILL, e.g. when the system ran "
                                                          "out of memory"),
    (-11, "status -11: ended by SIGSEGV"), (-200, "status -200: ended by signal 200"),
])
def test_exit_statuses_are_told_in_words(status, expected):
    assert stopped_output.exit_status(status) == expected
    assert stopped_output.stopped(status, []) == (f"the backend crashed or was stopped ({expected}); it printed "
                                                  "nothing; its full output is in the system console")
