"""submit and Ctrl-C: the job this command queued is cancelled on the service, in one line; a cancel that fails
says the job may still run and how to fetch or cancel it; `submit --cancel ID` cancels a job."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_service_support import TOKEN, fake_http, live_server, read_until, send

import backend.client as C
from test_cli_errors import cli, one_line_error

ROOT = Path(__file__).resolve().parents[1]
ENDED = ("done", "failed", "cancelled")


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    with live_server(tmp_path_factory.mktemp("submit-cancel-svc")) as base:
        yield base


def _submit_process(url: str, *argv: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # a shell's background job may inherit SIGINT ignored (as test_cli_interrupt.py says): a user's Ctrl-C is not
    return subprocess.Popen([sys.executable, "-m", "backend", "submit", *argv, "--url", url, "--token", TOKEN],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _ended(client: C.TextFaceClient, job_id: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while (state := client.status(job_id)["state"]) not in ENDED and time.monotonic() < deadline:
        time.sleep(0.05)
    return state


def test_ctrl_c_cancels_the_job_on_the_service(url):
    proc = _submit_process(url, "steps:400:0.05", "--wait")
    lines = read_until(proc, "running")  # queued, then its progress: Ctrl-C while it runs
    job_id = lines[0].split()[1]
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f"interrupted: job {job_id} cancelled on the service" in err, err
    assert C.TextFaceClient(url, TOKEN).status(job_id)["state"] == "cancelled"


def test_ctrl_c_while_fetching_an_earlier_job_only_stops_waiting(url):
    client = C.TextFaceClient(url, TOKEN)
    job_id = client.submit_generate("steps:400:0.05")["id"]
    try:
        proc = _submit_process(url, "--job", job_id, "--wait")
        read_until(proc, "running")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert err.count("\n") == 1, err
        assert f"stopped waiting; job {job_id} goes on" in err and f"submit --cancel {job_id}" in err, err
        assert client.status(job_id)["state"] == "running"
    finally:
        client.cancel(job_id)


def test_submit_cancel_cancels_a_running_job(url, capsys):
    client = C.TextFaceClient(url, TOKEN)
    job_id = client.submit_generate("steps:400:0.05")["id"]
    code, out, err = cli(capsys, "submit", "--cancel", job_id, "--url", url, "--token", TOKEN)
    assert code == 0, err
    assert out.strip() in (f"job {job_id} cancelled",
                           f"job {job_id} is being cancelled on the service (it stops where it is)"), out
    assert _ended(client, job_id) == "cancelled"
    code, _, err = cli(capsys, "submit", "--cancel", job_id, "--url", url, "--token", TOKEN)  # again: it ended
    assert code == 2
    one_line_error(err, f"--cancel {job_id}", "already ended (cancelled)", "nothing to cancel")


@pytest.mark.parametrize("argv, words", [
    (["--cancel", "nope"], ["--cancel", "job id"]),
    (["a man", "--cancel", "b" * 32], ["--cancel ID takes no prompt"]),
    (["--cancel", "b" * 32, "--out", "x"], ["does not fetch"]),
])
def test_submit_cancel_options_are_one_line(argv, words, capsys):
    code, _, err = cli(capsys, "submit", *argv, "--url", "http://127.0.0.1:1", "--token", TOKEN)
    assert code == 2
    one_line_error(err, *words)


def test_submit_help_documents_cancel_and_ctrl_c(capsys):
    with pytest.raises(SystemExit):
        cli(capsys, "submit", "--help")
    out = " ".join(capsys.readouterr().out.split())
    assert "--cancel ID" in out and "Ctrl-C while waiting for a job this command queued cancels it" in out


def _ctrl_c_on_first_poll(monkeypatch):
    """Ctrl-C while the command sleeps between status polls (as a user's would land)."""
    def interrupted(seconds):
        raise KeyboardInterrupt
    monkeypatch.setattr(C.time, "sleep", interrupted)


def test_a_cancel_that_fails_says_the_job_may_still_run(monkeypatch, capsys):
    job = "b" * 32
    calls = []

    def answer(handler):
        calls.append((handler.command, handler.path))
        if handler.path.endswith("/cancel"):
            send(handler, json.dumps({"detail": "boom"}).encode(), status=500)
        else:
            send(handler, json.dumps({"id": job, "state": "running", "stage": "texture", "step": 2, "total": 5,
                                      "message": "painting", "results": {}}).encode())

    _ctrl_c_on_first_poll(monkeypatch)
    with fake_http(answer) as base:
        code, _, err = cli(capsys, "submit", "a man", "--url", base, "--token", TOKEN, "--wait")
    assert code == 130
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f"could not cancel job {job}" in err and "it may still run" in err, err
    assert f"submit --cancel {job}" in err and f"submit --job {job} --out DIR" in err, err
    assert ("POST", f"/v1/jobs/{job}/cancel") in calls


def test_ctrl_c_after_the_job_finished_says_how_to_fetch_it(monkeypatch, capsys):
    job = "b" * 32
    state = {"now": "running"}

    def answer(handler):
        if handler.path.endswith("/cancel"):  # it finished between the poll and the cancel
            state["now"] = "done"
            send(handler, json.dumps({"detail": f"job {job} already ended (done)"}).encode(), status=409)
        else:
            send(handler, json.dumps({"id": job, "state": state["now"], "stage": "write", "step": 4, "total": 5,
                                      "message": "", "results": {}}).encode())

    _ctrl_c_on_first_poll(monkeypatch)
    with fake_http(answer) as base:
        code, _, err = cli(capsys, "submit", "a man", "--url", base, "--token", TOKEN, "--wait")
    assert code == 130
    assert f"job {job} had already finished" in err and f"submit --job {job} --out DIR" in err, err
