"""The local backend: a `python -m backend serve --port 0` child process (no bpy here).

Started with the configured interpreter and the matching backend source on PYTHONPATH; it prints
`TEXTFACE_SERVICE_READY {"url": ..., "port": ...}` once it listens.  A reader thread drains its output
(so a chatty service never blocks on a full pipe) and keeps the last lines for error reports.  A backend that
exits during start-up (startup_output.py), stops later, e.g. mid-job, or does not become ready in time
(stopped_output.py) is one line for the user and its whole kept output in the system console.
"""
from __future__ import annotations

import collections
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import startup_output, stopped_output
from .errors import BackendError

__all__ = ["BackendError", "BackendProcess", "READY_PREFIX"]

READY_PREFIX = "TEXTFACE_SERVICE_READY "
TAIL_LINES = 200  # kept for the console; an error message shows the last one
READER_JOIN = 2.0  # seconds to wait for the output an exited process left in the pipe


class BackendProcess:
    def __init__(self, python: str, source_root: Path, extra_args: tuple[str, ...] = (), env: dict | None = None):
        self.python = python
        self.source_root = Path(source_root)
        self.extra_args = tuple(extra_args)
        self.env = env
        self.token = secrets.token_urlsafe(24)
        self.url: str | None = None
        self._proc: subprocess.Popen | None = None
        self._tail: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
        self._ready = threading.Event()
        self._reader: threading.Thread | None = None
        self._output_shown = False

    def command(self) -> list[str]:
        # -P: the working folder is not put on sys.path, so only PYTHONPATH's backend can run (Python 3.11+)
        return [self.python, "-P", "-m", "backend", "serve", "--host", "127.0.0.1", "--port", "0", *self.extra_args]

    def launch(self) -> None:
        """Start the process and return at once; `ready()` tells when it listens."""
        python = Path(self.python).expanduser()
        if not str(self.python).strip():
            raise BackendError("no backend Python interpreter is set (Preferences > Add-ons > TextFace: "
                               "a Python 3.11 environment with the backend's requirements, see README)")
        if not python.is_file() or not os.access(python, os.X_OK):
            raise BackendError(f"backend Python interpreter not found or not executable: {python}")
        env = dict(os.environ if self.env is None else self.env)
        env["PYTHONPATH"] = os.pathsep.join([str(self.source_root)] + [p for p in [env.get("PYTHONPATH")] if p])
        env["TEXTFACE_SERVICE_TOKEN"] = self.token
        env["PYTHONUNBUFFERED"] = "1"
        try:
            self._proc = subprocess.Popen(self.command(), env=env,
                                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                                          errors="replace", bufsize=1)
        except OSError as exc:
            raise BackendError(f"cannot start the backend with {python}: {exc.strerror}") from None
        self._reader = threading.Thread(target=self._read, name="textface-backend-output", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self._proc.stdout:
            line = line.rstrip("\n")
            if line.startswith(READY_PREFIX) and not self._ready.is_set():
                try:
                    self.url = json.loads(line[len(READY_PREFIX):])["url"]
                except (json.JSONDecodeError, KeyError, TypeError):
                    self._tail.append(f"(unreadable ready line) {line}")
                    continue
                self._ready.set()
            else:
                self._tail.append(line)

    def exit_status(self) -> int | None:
        return self._proc.returncode if self._proc is not None else None

    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def ready(self) -> bool:
        """True once listening; raises BackendError if the process has exited."""
        if self._proc is None:
            raise BackendError("the backend is not running (it was stopped)")
        if self._ready.is_set() and self.running():
            return True
        if self._proc is not None and self._proc.poll() is not None:
            if not self._ready.is_set():
                lines = self._output()
                self._show_output(f"exited during start-up with status {self.exit_status()}")
                raise BackendError(startup_output.summary(self.python, self._proc.returncode, lines))
            raise self.stopped_error()
        return False

    def stopped_error(self, during: str = "") -> BackendError:
        """The error for this backend having exited after it started (`during`: e.g. 'during the job'): one
        line; its whole output goes to the system console."""
        lines = self._output()
        self._show_output(f"stopped{' ' + during if during else ''} ({stopped_output.exit_status(self.exit_status())})")
        return BackendError(stopped_output.stopped(self.exit_status(), lines, during))

    def not_ready_error(self, timeout: float) -> BackendError:
        """The error for this backend not listening within `timeout` seconds: one line; its output so far goes
        to the system console."""
        self._show_output(f"did not become ready within {timeout:.0f} s")
        return BackendError(stopped_output.not_ready(timeout, list(self._tail)))

    def _output(self) -> list[str]:
        """The kept output of an exited process, with what it left in the pipe (the reader drains it)."""
        if self._reader is not None:
            self._reader.join(timeout=READER_JOIN)
        return list(self._tail)

    def _show_output(self, what: str) -> None:
        """The backend's whole kept output in the system console, once (the error message has one line)."""
        if self._output_shown:
            return
        self._output_shown = True
        command = " ".join(self.command())
        print(f"TextFace: the backend ({command}) {what}; its output:\n" + ("\n".join(self._tail) or "(none)"),
              file=sys.stderr, flush=True)

    def wait_ready(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while not self.ready():
            if time.monotonic() > deadline:
                self.stop()
                raise self.not_ready_error(timeout)
            self._ready.wait(0.05)
        return self.url

    def stop(self, timeout: float = 5.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout)
        # the output pipe: closed once the reader has drained it (else 'ResourceWarning: unclosed file' when the
        # Popen is collected); left open if a process the backend started still holds its other end
        if self._reader is not None:
            self._reader.join(timeout=READER_JOIN)
        if proc.stdout is not None and (self._reader is None or not self._reader.is_alive()):
            proc.stdout.close()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None
