"""Client of the TextFace service.  Standard library only and self-contained (imports nothing else
from backend), so the Blender add-on can carry a copy of this one file.

    c = TextFaceClient("http://127.0.0.1:8765", token)
    job = c.submit_generate("an old man with a wide nose", seed=3)
    c.wait(job["id"], on_progress=lambda s: print(s["stage"], s["step"], s["total"]))
    c.fetch(job["id"], "npz", "head.npz")
"""
from __future__ import annotations

import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Callable, Optional

RESULT_NAMES = ("npz", "bundle", "preview", "json")
DEFAULT_FILES = {"npz": "head.npz", "bundle": "head_bundle.zip", "preview": "preview.png", "json": "head.json"}
_JOB_ID = re.compile(r"^[0-9a-f]{32}$")


class ClientError(Exception):
    """Base class of every error this client raises."""


class ServiceUnavailable(ClientError):
    """The service cannot be reached (not running, wrong URL) or answered with a server error."""


class ServiceUnreachable(ServiceUnavailable):
    """The connection failed or broke off, or the service (or a proxy) answered 502/503/504: what a service
    being restarted looks like.  `wait(reconnect_timeout=S)` retries these."""


class ReconnectGaveUp(ServiceUnreachable):
    """`wait` lost the service and it did not come back within `reconnect_timeout` s; `job_id` names the job,
    which may still be on the service (fetch it later)."""

    def __init__(self, job_id: str, waited: float, last: ServiceUnreachable):
        super().__init__(f"lost the TextFace service while waiting for job {job_id} and it did not come back "
                         f"within {waited:.0f} s ({last})")
        self.job_id, self.waited, self.last = job_id, waited, last


class QueueFull(ServiceUnavailable):
    """The service's job queue is full (HTTP 429); try again later."""


class AuthError(ClientError):
    """Missing or wrong token (HTTP 401)."""


class BadRequest(ClientError):
    """The service refused the request (4xx); `status` and `detail` say why."""

    def __init__(self, status: int, detail: str, errors: Optional[list] = None):
        super().__init__(f"HTTP {status}: {detail}")
        self.status, self.detail = status, detail
        self.errors = errors or []  # a 422's [{"field", "message"}]

    @property
    def refused_text(self) -> Optional[str]:
        """The field ("body.prompt", "body.text") of a prompt or refine text the service's parser refused (422
        whose detail is the parser's one-line message, as `generate` prints it), else None."""
        fields = [e.get("field") for e in self.errors if isinstance(e, dict)]
        if self.status == 422 and len(fields) == 1 and fields[0] in ("body.prompt", "body.text") \
                and self.errors[0].get("message") == self.detail:
            return fields[0]
        return None


class NotFound(BadRequest):
    """Unknown job id or a result the job does not have (HTTP 404)."""


class JobFailed(ClientError):
    """The job ended as failed; `traceback` holds the worker's traceback (may be empty)."""

    def __init__(self, status: dict):
        error = status.get("error") or {}
        super().__init__(f"job {status.get('id')} failed: {error.get('message', status.get('message', ''))}")
        self.status = status
        self.error_type = error.get("type", "")
        self.traceback = error.get("traceback", "")
        self.user_error = bool(error.get("user_error", False))


class JobCancelled(ClientError):
    """The job was cancelled."""

    def __init__(self, status: dict):
        super().__init__(f"job {status.get('id')} was cancelled")
        self.status = status


def check_token(token: str) -> str:
    """The token as given, or a ValueError: it travels in an HTTP header, so only printable ASCII
    without spaces can be sent (the service requires the same of its token)."""
    if not isinstance(token, str):
        raise ValueError(f"the token must be a string, got {type(token).__name__}")
    if not token.isascii() or not token.isprintable() or any(c.isspace() for c in token):
        raise ValueError("the token must be printable ASCII characters without spaces or line breaks")
    return token


class TextFaceClient:
    def __init__(self, url: str, token: str, timeout: float = 30.0):
        """ValueError for a URL or token that cannot be used (before any request is made)."""
        example = "http://127.0.0.1:8765"
        try:
            parsed = urllib.parse.urlparse(url)
            parsed.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
        except ValueError as exc:
            raise ValueError(f"service URL must look like {example}, got {url!r} ({exc})") from None
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"service URL must look like {example}, got {url!r}")
        self.url, self.token, self.timeout = url.rstrip("/"), check_token(token), timeout

    # -- transport --------------------------------------------------------------------------------
    def _open(self, method: str, path: str, body: Optional[dict] = None, query: Optional[dict] = None):
        url = self.url + path
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            raise _error_of(exc) from None
        except (urllib.error.URLError, OSError) as exc:  # refused, unknown host, time-out, reset
            reason = getattr(exc, "reason", exc)
            raise ServiceUnreachable(f"cannot reach the TextFace service at {self.url}: {reason}") from None
        except http.client.HTTPException as exc:  # an answer that is not HTTP: another program on that port
            what = type(exc).__name__
            raise ServiceUnavailable(f"cannot reach the TextFace service at {self.url}: that address did "
                                     f"not answer as an HTTP service ({what}); check the URL") from None

    def _read(self, response, amt: Optional[int] = None) -> bytes:
        """response.read, with a connection lost mid-answer as ServiceUnavailable."""
        try:
            return response.read(amt)
        except (http.client.HTTPException, OSError) as exc:
            raise ServiceUnreachable(f"the connection to the TextFace service at {self.url} broke off "
                                     f"during its answer ({type(exc).__name__}); try again") from None

    def _json(self, method: str, path: str, body: Optional[dict] = None, query: Optional[dict] = None):
        with self._open(method, path, body, query) as response:
            raw = self._read(response)
        if not raw:
            return None
        try:
            return json.loads(raw.decode("utf-8"))
        except ValueError:  # a proxy's or another server's page: not this service
            raise ServiceUnavailable(f"the service at {self.url} answered with something that is not JSON; "
                                     f"is that the TextFace service's URL?") from None

    @staticmethod
    def _job_path(job_id: str) -> str:
        if not isinstance(job_id, str) or not _JOB_ID.match(job_id):
            raise ValueError(f"job id must be 32 lowercase hexadecimal characters, got {job_id!r}")
        return f"/v1/jobs/{job_id}"

    # -- API --------------------------------------------------------------------------------------
    def health(self) -> dict:
        return self._json("GET", "/v1/health")

    def submit_generate(self, prompt: str, seed: int = 0, refine: bool = True, refine_steps: int = 100,
                        texture: str = "parametric", texture_size: int = 1024, preview: bool = True,
                        obj_units: str = "cm", hair: str = "auto") -> dict:
        """Queue a generate job; returns its status (with "id").  `obj_units`: "cm" (the model's) or "m": the
        units of the job's OBJ files (head.npz is always in centimetres).  `hair`: "auto" (a hair mesh as the
        prompt states or the seed draws) or "none" (the hair painted into the albedo only)."""
        body = {"prompt": prompt, "seed": seed, "refine": refine, "refine_steps": refine_steps, "texture": texture,
                "texture_size": texture_size, "preview": preview}
        if obj_units != "cm":  # sent only when asked: a service from before the option refuses the field
            body["obj_units"] = obj_units
        if hair != "auto":  # likewise: a service from before hair meshes refuses the field
            body["hair"] = hair
        return self._json("POST", "/v1/jobs/generate", body)

    def submit_refine(self, text: str, source_job: Optional[str] = None, sidecar: Optional[dict] = None,
                      refine_steps: int = 100, preview: bool = True, obj_units: Optional[str] = None) -> dict:
        """Queue a refinement of a finished job's head (source_job) or of a head.json dict (sidecar).
        `obj_units` ("cm" or "m"): the refined head's OBJ files; None: the source job's units (cm for a sidecar)."""
        body = {"text": text, "refine_steps": refine_steps, "preview": preview}
        if obj_units is not None:  # sent only when asked: a service from before the option refuses the field
            body["obj_units"] = obj_units
        if source_job is not None:
            body["source_job"] = source_job
        if sidecar is not None:
            body["sidecar"] = sidecar
        return self._json("POST", "/v1/jobs/refine", body)

    def status(self, job_id: str) -> dict:
        return self._json("GET", self._job_path(job_id))

    def cancel(self, job_id: str) -> dict:
        return self._json("POST", self._job_path(job_id) + "/cancel")

    def delete(self, job_id: str) -> None:
        self._json("DELETE", self._job_path(job_id))

    def list_jobs(self, state: Optional[str] = None, limit: int = 100) -> list[dict]:
        return self._json("GET", "/v1/jobs", query={"state": state, "limit": limit})["jobs"]

    def fetch(self, job_id: str, kind: str, dest: str | os.PathLike) -> Path:
        """Download a result (npz, bundle, preview, json) to `dest` (a file, or a folder: default name).
        Written to a temporary file first, so `dest` is never half a download."""
        if kind not in RESULT_NAMES:
            raise ValueError(f"result kind must be one of {', '.join(RESULT_NAMES)}, got {kind!r}")
        dest = Path(dest)
        if dest.is_dir():
            dest = dest / DEFAULT_FILES[kind]
        return self._download(self._job_path(job_id) + f"/results/{kind}", dest)

    def fetch_preview(self, job_id: str, dest: str | os.PathLike) -> Path:
        """The latest progress preview PNG (NotFound while there is none)."""
        return self._download(self._job_path(job_id) + "/preview", Path(dest))

    def _download(self, path: str, dest: Path) -> Path:
        tmp = dest.with_name(f".{dest.name}.part")
        try:
            with self._open("GET", path) as response, open(tmp, "wb") as f:
                expected = getattr(response, "length", None)  # the Content-Length (None: not given, chunked)
                written = 0
                while chunk := self._read(response, 1 << 20):
                    f.write(chunk)
                    written += len(chunk)
            # read(amt) returns b"" when the connection closes early (no IncompleteRead): count the bytes
            if expected is not None and written != expected:
                raise ServiceUnavailable(f"the download from the TextFace service at {self.url} broke off "
                                         f"after {written} of {expected} bytes; nothing was saved, try again")
            os.replace(tmp, dest)
        except BaseException:  # a dropped connection, a full disk, Ctrl-C: no partial file is left
            tmp.unlink(missing_ok=True)
            raise
        return dest

    def wait(self, job_id: str, timeout: Optional[float] = None, poll: float = 0.5,
             on_progress: Optional[Callable[[dict], None]] = None, reconnect_timeout: float = 0.0,
             on_reconnect: Optional[Callable[[ServiceUnreachable, float], None]] = None) -> dict:
        """Poll until the job ends; returns the final status of a done job, raises JobFailed /
        JobCancelled otherwise, TimeoutError after `timeout` seconds.  A status poll that cannot reach the
        service (ServiceUnreachable: refused, reset, 502/503/504, as while the service restarts) is retried
        for up to `reconnect_timeout` s from the first failure of that outage (0: not retried), waiting 0.5 s,
        then twice as long each time up to 5 s; `on_reconnect(error, reconnect_timeout)` is called once an
        outage begins.  Given up: ReconnectGaveUp (names the job; it may still be on the service)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            status = self._status_reconnecting(job_id, reconnect_timeout, on_reconnect)
            if on_progress is not None:
                on_progress(status)
            if status["state"] == "done":
                return status
            if status["state"] == "failed":
                raise JobFailed(status)
            if status["state"] == "cancelled":
                raise JobCancelled(status)
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} still {status['state']} after {timeout} s")
            time.sleep(poll)


    def _status_reconnecting(self, job_id: str, reconnect_timeout: float,
                             on_reconnect: Optional[Callable[[ServiceUnreachable, float], None]]) -> dict:
        """status(job_id), retrying ServiceUnreachable for up to `reconnect_timeout` s (see wait)."""
        try:
            return self.status(job_id)
        except ServiceUnreachable as exc:
            if not reconnect_timeout > 0:
                raise
            last = exc
        if on_reconnect is not None:
            on_reconnect(last, reconnect_timeout)
        start = time.monotonic()
        pause = 0.5
        while True:
            left = start + reconnect_timeout - time.monotonic()
            if left <= 0:
                raise ReconnectGaveUp(job_id, reconnect_timeout, last)
            time.sleep(min(pause, left))  # Ctrl-C lands here as KeyboardInterrupt, as in wait's own sleep
            pause = min(pause * 2, 5.0)
            try:
                return self.status(job_id)
            except ServiceUnreachable as exc:
                last = exc


def _error_of(exc: urllib.error.HTTPError) -> ClientError:
    errors = None
    try:
        body = json.loads(exc.read().decode("utf-8"))
        detail = body.get("detail", "")
        errors = body.get("errors") if isinstance(body.get("errors"), list) else None
    except (ValueError, AttributeError, OSError):  # not our JSON (a proxy's page): keep the reason
        detail = str(exc.reason)
    finally:
        exc.close()
    if exc.code == 401:
        return AuthError(f"the service refused the token: {detail}")
    if exc.code == 404:
        return NotFound(exc.code, detail)
    if exc.code == 429:
        return QueueFull(f"the service's queue is full: {detail}")
    if exc.code == 503:  # shutting down: no fault of the service
        return ServiceUnreachable(f"the service is unavailable (HTTP 503): {detail}")
    if exc.code == 507:  # its data folder is full or gone: the operator's to fix, said in the detail
        return ServiceUnavailable(f"the service cannot store a new job (HTTP 507): {detail}")
    if exc.code in (502, 504):  # a proxy in front of a service that is not answering (restarting)
        return ServiceUnreachable(f"the service did not answer (HTTP {exc.code}): {detail}")
    if exc.code >= 500:
        return ServiceUnavailable(f"the service failed (HTTP {exc.code}): {detail}")
    return BadRequest(exc.code, str(detail), errors)
