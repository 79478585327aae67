"""A waiting `submit` survives a service restart: a status poll that cannot reach the service is retried for
--reconnect-timeout s (backing off), then the job's real state is reported (a job running when the service stopped
ends failed, with the service's reason); given up, the message names the job and the command that fetches it.  A
first submit to a service that is not there still fails at once.  The service is a real `python -m backend serve`
process (the small job kinds of test_service_kinds.py), stopped with SIGTERM and started again on the same port."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_service_support import TOKEN, read_until

import backend.client as C
from backend.service.store import RESTART_REASON
from test_cli_errors import cli, one_line_error

ROOT = Path(__file__).resolve().parents[1]
READY = "TEXTFACE_SERVICE_READY "
STOPPED_REASON = "the service was stopped while this job was running; submit it again"  # (service/runner.py)
# `serve` as run from the command line, with the test job kinds in place of the pipeline
SERVE = ("import sys; sys.path.insert(0, {tests!r}); import test_service_kinds as K; "
         "import backend.service.app as A; real = A.create_app; "
         "A.create_app = lambda cfg, kinds=None: real(cfg, K.KINDS); "
         "from backend.cli import main; sys.exit(main(sys.argv[1:]))")


def _serve(data: Path, port: int) -> tuple[subprocess.Popen, int]:
    """Start the service on `port` (0: a free one); -> the process and its port, once it is ready."""
    env = {**os.environ, "TEXTFACE_SERVICE_TOKEN": TOKEN}
    proc = subprocess.Popen([sys.executable, "-c", SERVE.format(tests=str(ROOT / "tests")), "serve", "--port",
                             str(port), "--data-dir", str(data)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    for line in proc.stdout:
        if line.startswith(READY):
            return proc, json.loads(line[len(READY):])["port"]
    raise AssertionError(f"serve exited with {proc.wait()} before it was ready")


def _stop(proc: subprocess.Popen, how: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(how)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def _submit(url: str, *argv: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "backend", "submit", *argv, "--url", url, "--token", TOKEN],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _restarted_while_waiting(tmp_path, *options: str, restart: bool = True, how: int = signal.SIGTERM):
    """A submit waits on a running job; the service is stopped (`how`: SIGTERM, SIGKILL) and, once the submit has said it lost it,
    started again on the same port (unless `restart` is False).  -> (job id, submit's exit, stdout, stderr)."""
    data = tmp_path / "data"
    first, port = _serve(data, 0)
    url = f"http://127.0.0.1:{port}"
    second = None
    proc = _submit(url, "steps:2000:0.05", "--out", str(tmp_path / "out"), *options)
    try:
        out = read_until(proc, "running", 120)  # queued, then its progress: the job runs
        job_id = out[0].split()[1]
        _stop(first, how)
        err = read_until(proc, "retrying", 120, stream=proc.stderr)  # the submit lost the service and waits for it
        if restart:
            second, _ = _serve(data, port)
        rest_out, rest_err = proc.communicate(timeout=300)
        return job_id, proc.returncode, "".join(out) + rest_out, "".join(err) + rest_err
    finally:
        if proc.poll() is None:
            proc.kill()
        _stop(first)
        if second is not None:
            _stop(second)


@pytest.mark.timeout(600)
@pytest.mark.parametrize("how, why", [(signal.SIGTERM, STOPPED_REASON), (signal.SIGKILL, RESTART_REASON)])
def test_a_submit_waiting_through_a_restart_reports_the_job_failed(tmp_path, how, why):
    """SIGTERM: the stopping service fails its running job itself; kill -9: the restarted one does."""
    job_id, code, out, err = _restarted_while_waiting(tmp_path, "--reconnect-timeout", "120", how=how)
    assert code == 1, (out, err)  # as any failed job, not 2 (a connection error)
    assert f"error: job {job_id} failed: {why}" in err, err
    assert "cannot reach the TextFace service" in err and f"job {job_id}" in err, err  # the outage was said
    assert "Traceback" not in err, err
    assert not (tmp_path / "out").exists()


@pytest.mark.timeout(600)
def test_a_submit_that_gives_up_names_the_job_and_the_command(tmp_path):
    out_dir = tmp_path / "out"
    job_id, code, out, err = _restarted_while_waiting(tmp_path, "--reconnect-timeout", "2", restart=False)
    assert code == 2, (out, err)
    last = err.strip().splitlines()[-1]
    assert last.startswith("error: lost the TextFace service while waiting for job"), err
    assert f"job {job_id}" in last and "within 2 s" in last, last
    assert f"python -m backend submit --job {job_id} --out {out_dir} --url http://127.0.0.1:" in last, last
    assert "Traceback" not in err, err


def test_a_first_submit_to_no_service_fails_at_once(capsys):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # a port nothing listens on
    started = time.monotonic()
    code, _, err = cli(capsys, "submit", "a man", "--url", f"http://127.0.0.1:{port}", "--token", TOKEN, "--wait",
                       "--reconnect-timeout", "600")
    assert code == 2
    one_line_error(err, "cannot reach the TextFace service")
    assert time.monotonic() - started < 300  # not the 600 s of retries: a first submit is never retried


def test_ctrl_c_while_retrying_stops_cleanly(monkeypatch, capsys):
    """The service is gone while submit waits on an earlier job (--job ID): Ctrl-C during a retry's pause stops
    waiting in one line, exit 130."""
    job = "c" * 32
    polls = []

    def status(self, job_id):
        polls.append(job_id)
        raise C.ServiceUnreachable(f"cannot reach the TextFace service at {self.url}: [Errno 111] Connection refused")

    def interrupted(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(C.TextFaceClient, "status", status)
    monkeypatch.setattr(C.time, "sleep", interrupted)
    code, _, err = cli(capsys, "submit", "--job", job, "--wait", "--url", "http://127.0.0.1:1", "--token", TOKEN)
    assert code == 130
    assert polls == [job], polls  # one poll failed, then the pause before the retry was interrupted
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "retrying for up to 30 s" in lines[0], err
    assert lines[1].startswith(f"interrupted: stopped waiting; job {job} goes on"), err


@pytest.mark.parametrize("value", ["-1", "nan", "inf"])
def test_a_bad_reconnect_timeout_is_one_line(value, capsys):
    code, _, err = cli(capsys, "submit", "--job", "c" * 32, "--wait", "--url", "http://127.0.0.1:1", "--token",
                       TOKEN, "--reconnect-timeout", value)
    assert code == 2
    one_line_error(err, "--reconnect-timeout must be 0 or a positive number of seconds")


def test_submit_help_documents_reconnect_timeout(capsys):
    with pytest.raises(SystemExit):
        cli(capsys, "submit", "--help")
    out = " ".join(capsys.readouterr().out.split())
    assert "--reconnect-timeout S" in out and "fails at once" in out, out


def test_wait_retries_503_backing_off_then_reports_the_job(monkeypatch):
    """Through the client: a 503 (a service stopping) and refused connections are retried, pausing 0.5 s, then
    twice as long each time up to 5 s; the job's state once the service answers is what wait reports."""
    job = "d" * 32
    answers = iter([C.ServiceUnreachable("the service is unavailable (HTTP 503): the service is stopping")]
                   + [C.ServiceUnreachable("cannot reach: [Errno 111] Connection refused")] * 6
                   + [{"id": job, "state": "failed", "stage": "parse", "step": 0, "total": 1, "message": "",
                       "error": {"message": STOPPED_REASON, "type": "WorkerDied"}}])
    pauses, lost = [], []

    def status(self, job_id):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(C.TextFaceClient, "status", status)
    monkeypatch.setattr(C.time, "sleep", pauses.append)
    client = C.TextFaceClient("http://127.0.0.1:1", TOKEN)
    with pytest.raises(C.JobFailed, match=STOPPED_REASON):
        client.wait(job, reconnect_timeout=1e6, on_reconnect=lambda exc, s: lost.append(str(exc)))
    assert pauses == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0], pauses
    assert lost == ["the service is unavailable (HTTP 503): the service is stopping"]


@pytest.mark.parametrize("error", [C.ServiceUnavailable("the service failed (HTTP 500): boom"),
                                   C.NotFound(404, "no job")])
def test_wait_does_not_retry_what_a_restart_does_not_explain(monkeypatch, error):
    """A service error (500) or an unknown job is the answer: raised at the first poll, no retry."""
    def status(self, job_id):
        raise error

    monkeypatch.setattr(C.TextFaceClient, "status", status)
    monkeypatch.setattr(C.time, "sleep", lambda s: pytest.fail("retried"))
    with pytest.raises(type(error)):
        C.TextFaceClient("http://127.0.0.1:1", TOKEN).wait("d" * 32, reconnect_timeout=30)
