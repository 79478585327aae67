"""The local backend process manager with stand-in backends (real child processes): ready line,
start-up crash, time-out, a backend killed mid-job, stop on unregister."""
from __future__ import annotations

import os
import signal
import sys
import textwrap
import time

import bpy
import pytest

from blender_textface import api, backend_process, backend_source, session, tasks
from blender_textface.backend_process import BackendError, BackendProcess
from blender_textface.settings import BackendSettings



def _stand_in(tmp_path, body: str):
    """A source root whose `python -m backend serve ...` runs `body` (the tests run in the checkout, whose
    own backend/ must not shadow it: -P keeps the working folder off sys.path)."""
    pkg = tmp_path / "backend"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "__main__.py").write_text(textwrap.dedent(body))
    return tmp_path


READY = """
    import json, sys, time
    print("starting up", flush=True)
    print("TEXTFACE_SERVICE_READY " + json.dumps({"url": "http://127.0.0.1:5", "port": 5}), flush=True)
    time.sleep(60)
"""


def test_ready_line_gives_url_and_stop_ends_process(tmp_path):
    proc = BackendProcess(sys.executable, _stand_in(tmp_path, READY))
    proc.launch()
    assert proc.wait_ready(20) == "http://127.0.0.1:5" and proc.running()
    assert proc.command()[2:5] == ["-m", "backend", "serve"] and "--port" in proc.command()
    pid, popen = proc.pid, proc._proc
    proc.stop()
    assert not proc.running()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert popen.stdout.closed  # no 'ResourceWarning: unclosed file' when the Popen is collected
    proc.stop()  # a second stop does nothing


def test_stopping_a_backend_that_already_exited_closes_its_output_too(tmp_path):
    proc = BackendProcess(sys.executable, _stand_in(tmp_path, READY.replace("time.sleep(60)", "pass")))
    proc.launch()
    popen = proc._proc
    popen.wait(20)
    proc.stop()
    assert popen.stdout.closed


def test_crash_during_start_up_is_reported_in_one_line_with_its_output_in_the_console(tmp_path, capsys):
    proc = BackendProcess(sys.executable, _stand_in(tmp_path, """
        import sys
        print("loading ...")
        print("error: ICT face model not installed; run: python -m backend assets install", file=sys.stderr)
        sys.exit(2)
    """))
    proc.launch()
    with pytest.raises(BackendError, match=r"^the backend refused to start: ICT face model not installed; run: "
                                           r"python -m backend assets install$"):
        proc.wait_ready(20)
    console = capsys.readouterr().err
    assert "exited during start-up with status 2; its output:\nloading ...\nerror: ICT face model" in console


def test_silent_backend_times_out_and_is_stopped(tmp_path):
    proc = BackendProcess(sys.executable, _stand_in(tmp_path, "import time; time.sleep(60)"))
    proc.launch()
    with pytest.raises(BackendError, match="did not become ready within 1 s"):
        proc.wait_ready(1)
    assert not proc.running()


def test_missing_interpreter_is_reported(tmp_path):
    with pytest.raises(BackendError, match="no backend Python interpreter is set"):
        BackendProcess("", tmp_path).launch()
    with pytest.raises(BackendError, match="not found or not executable"):
        BackendProcess(str(tmp_path / "nope" / "python"), tmp_path).launch()


def test_killed_backend_mid_job_gives_clear_error_and_no_object(addon, tmp_path, monkeypatch):
    backend_source.load("wire")  # (the version check reads the real one: loaded before the source is replaced)
    root = _stand_in(tmp_path, READY)
    monkeypatch.setattr(session.backend_source, "source_root", lambda: root)
    settings = BackendSettings(mode="LOCAL", python=sys.executable, start_timeout=20)

    class DeadAfterSubmit:
        def health(self):
            return {"status": "ok", "api_version": 1, "wire_version": 2}

        def submit_generate(self, prompt, **options):
            os.kill(session.current_process().pid, signal.SIGKILL)
            session.current_process()._proc.wait(10)
            return "job0"

        def status(self, job):
            raise ConnectionRefusedError(111, "Connection refused")

        def cancel(self, job):
            raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(session, "client", lambda url, token: DeadAfterSubmit())
    objects = len(bpy.data.objects)
    with pytest.raises(BackendError, match=r"^the backend crashed or was stopped during the job \(status -9: killed "
                                           r"by SIGKILL, .*\); its last output: starting up; its full output is in "
                                           r"the system console$"):
        api.generate_head("an old man", settings=settings)
    assert len(bpy.data.objects) == objects
    session.shutdown()


def test_task_reports_a_start_up_crash_at_once_without_relaunching(addon, tmp_path, monkeypatch):
    """A backend that dies while starting: one launch, its status and output at once, not a relaunch every
    poll until the start time-out; the next task may launch a new one."""
    root = _stand_in(tmp_path, """
        import sys
        print("ModuleNotFoundError: No module named 'torch'", file=sys.stderr)
        sys.exit(3)
    """)
    monkeypatch.setattr(session.backend_source, "source_root", lambda: root)
    launches = []
    launch = BackendProcess.launch
    monkeypatch.setattr(BackendProcess, "launch", lambda self: (launches.append(self), launch(self))[1])
    settings = BackendSettings(mode="LOCAL", python=sys.executable, start_timeout=30)
    start = time.monotonic()
    with pytest.raises(BackendError, match=r"lacks the backend's packages \(no module named 'torch'\)"):
        api.generate_head("an old man", settings=settings)
    assert time.monotonic() - start < 15 and len(launches) == 1 and len(bpy.data.objects) == 0
    with pytest.raises(BackendError, match=r"lacks the backend's packages"):
        api.generate_head("an old man", settings=settings)
    assert len(launches) == 2
    session.shutdown()


def test_unregister_stops_the_local_backend(tmp_path, monkeypatch, bpy_empty):
    import addon_utils

    root = _stand_in(tmp_path, READY)
    monkeypatch.setattr(session.backend_source, "source_root", lambda: root)
    addon_utils.enable("blender_textface", default_set=True)
    proc = session.local_process(BackendSettings(python=sys.executable))
    proc.wait_ready(20)
    addon_utils.disable("blender_textface", default_set=True)
    assert not proc.running() and session.current_process() is None


def test_describe_maps_http_and_network_failures():
    class HTTPish(Exception):
        def __init__(self, status, text):
            super().__init__(text)
            self.status = status

    assert "refused the token" in tasks.describe(HTTPish(401, "unauthorized"), "http://h")
    assert tasks.describe(HTTPish(422, "prompt is empty")).startswith("the backend rejected the request: prompt")
    assert "not reachable" in tasks.describe(ConnectionRefusedError(111, "refused"), "http://h")
    assert backend_process.READY_PREFIX == "TEXTFACE_SERVICE_READY "
