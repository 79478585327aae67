"""This Blender session's link to the backend: the local process (if any) and the client.

Runtime state only (one local backend per Blender session); configuration comes in as
BackendSettings each time.  `shutdown()` runs at interpreter exit; `close()` on unregister also refuses to
start another backend until `reopen()` (register): a job's or a Check Backend thread still under way must not
launch one that nobody would stop.
"""
from __future__ import annotations

import atexit
import collections
import contextlib
import threading

from . import backend_source, preflight
from .backend_process import BackendError, BackendProcess
from .settings import BackendSettings


class _State:
    process: BackendProcess | None = None
    process_key: tuple | None = None
    atexit_registered = False
    closed = False  # the add-on was disabled: no backend is started (see close)
    lock = threading.RLock()  # a job's worker and a Check Backend probe may both ask for the process
    in_flight: collections.Counter = collections.Counter()  # local-backend key -> jobs depending on it


_state = _State()


def _local_key(settings: BackendSettings) -> tuple:
    return (settings.python, str(backend_source.source_root()), settings.server_args())


def local_process(settings: BackendSettings) -> BackendProcess:
    """The local backend for these settings, launched if needed (returns while it starts); changed
    server settings (interpreter, device, weights) restart it, but not while jobs run on it (BackendError
    until they end: restarting would kill them)."""
    try:
        key = _local_key(settings)
    except ValueError as exc:
        raise BackendError(str(exc)) from None
    with _state.lock:
        return _local_process(settings, key)


def _local_process(settings: BackendSettings, key: tuple) -> BackendProcess:
    if _state.closed:
        raise BackendError("TextFace was disabled (or Blender is quitting): no backend is started; "
                           "enable the add-on again to use it")
    proc = _state.process
    busy = _state.in_flight.get(_state.process_key, 0)
    if proc is not None and _state.process_key != key and proc.running() and busy:
        jobs, end, them = ("a job runs", "it ends", "it") if busy == 1 else (f"{busy} jobs run", "they end", "them")
        raise BackendError(f"the backend settings changed while {jobs} on the local backend; "
                           f"the new settings apply when {end} (or cancel {them})")
    if proc is not None and (_state.process_key != key or not proc.running()):
        proc.stop()
        proc = _state.process = None
    if proc is None:
        try:
            root = backend_source.source_root()
        except backend_source.BackendSourceMissing as exc:
            raise BackendError(str(exc)) from None
        preflight.check_local(settings)  # (a path that cannot work: said now, not after seconds of start-up)
        proc = BackendProcess(settings.python, root, extra_args=key[2])
        proc.launch()
        _state.process, _state.process_key = proc, key
        if not _state.atexit_registered:
            atexit.register(shutdown)
            _state.atexit_registered = True
    return proc


@contextlib.contextmanager
def job_in_flight(settings: BackendSettings):
    """Mark a job (its worker, from start-up to its last request) as depending on the local backend of
    these settings, so that a change of server settings meanwhile does not restart it under the job."""
    try:
        key = _local_key(settings) if settings.mode == "LOCAL" else None
    except (ValueError, RuntimeError):  # not configured: the job itself fails with the clear error
        key = None
    if key is not None:
        with _state.lock:
            _state.in_flight[key] += 1
    try:
        yield
    finally:
        if key is not None:
            with _state.lock:
                _state.in_flight[key] -= 1
                if _state.in_flight[key] <= 0:
                    del _state.in_flight[key]


def endpoint_if_ready(settings: BackendSettings) -> tuple[str, str] | None:
    """(url, token) once the backend can take requests; None while the local one starts."""
    if settings.mode == "REMOTE":
        if not settings.url.strip():
            raise BackendError("remote backend mode but no URL is set (Preferences > Add-ons > TextFace)")
        return settings.url.strip().rstrip("/"), settings.token
    proc = local_process(settings)
    return (proc.url, proc.token) if proc.ready() else None


def endpoint(settings: BackendSettings) -> tuple[str, str]:
    """(url, token), waiting for a local backend to start (scripts; the operators poll instead)."""
    if settings.mode == "REMOTE":
        return endpoint_if_ready(settings)
    proc = local_process(settings)
    return proc.wait_ready(settings.start_timeout), proc.token


def client(url: str, token: str):
    module = backend_source.load("client")
    return module.TextFaceClient(url, token)


def current_process() -> BackendProcess | None:
    return _state.process


def close() -> None:
    """The add-on is disabled: stop the local backend, and start none until `reopen()`."""
    with _state.lock:
        _state.closed = True
    shutdown()


def is_closed() -> bool:
    """The add-on was disabled (or Blender is quitting): the local backend is stopped, or about to be."""
    return _state.closed


def reopen() -> None:
    with _state.lock:
        _state.closed = False


def shutdown() -> None:
    with _state.lock:
        proc, _state.process, _state.process_key = _state.process, None, None
    if proc is not None:
        proc.stop()
