"""The FastAPI app: routes, bearer-token check, body-size limit, error bodies.

Every error answer is JSON `{"detail": "one clear sentence"}` (validation errors add `errors`).
Status calls are served from memory; jobs run in worker processes (runner.py), so a long job never
holds up an answer.
"""
from __future__ import annotations

import contextlib
import os
import secrets
from typing import Optional

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from . import availability
from .config import ServiceConfig
from .janitor import Janitor
from .prompt_check import refusal
from .refine_source import BadSidecar, check_sidecar, read_job_sidecar, source_units
from .runner import NotCancellable, QueueFull, Stopping, Supervisor
from .schemas import (MAX_BODY_BYTES, MAX_PROMPT, ErrorBody, GenerateRequest, Health, JobList, JobStatus,
                      RefineRequest, ResultName, State)
from .store import BadJobId, JobNotEnded, JobStore, StorageError, UnknownJob
from .worker import JobFn

API_VERSION = 1
MEDIA = {"npz": "application/octet-stream", "bundle": "application/zip", "preview": "image/png",
         "json": "application/json"}
_bearer = HTTPBearer(auto_error=False, description="the token printed in DATA_DIR/service_token")
ERRORS = {400: {"model": ErrorBody}, 401: {"model": ErrorBody}, 404: {"model": ErrorBody},
          409: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody}}


class _ApiError(Exception):
    def __init__(self, status: int, detail: str, headers: dict | None = None):
        self.status, self.detail, self.headers = status, detail, headers


class _TextRefused(Exception):
    """A prompt or refine text the parser refuses (HTTP 422 with the parser's message, as the CLI prints it)."""

    def __init__(self, field: str, message: str):
        self.field, self.message = field, message


TEXT_FIELDS = ("body.prompt", "body.text")  # the texts the parser reads (generate's prompt, refine's text)


def _text_message(error: dict) -> str:
    """pydantic's message, or for a prompt or refine text the parser refuses (empty, only blanks, over the limit,
    a NUL) the parser's own: `generate` and `submit` then say the same."""
    field = ".".join(str(p) for p in error["loc"])
    if field in TEXT_FIELDS and isinstance(error.get("input"), str):
        return refusal(error["input"]) or error["msg"]
    return error["msg"]


def _refused(field: str, message: str) -> JSONResponse:
    # `errors` as a validation error's: a client tells a refused text from other 422s by its one field
    return JSONResponse({"detail": message, "errors": [{"field": field, "message": message}]}, 422)


class BodyLimit:
    """Reads the whole body before the app sees it; more than `limit` bytes -> 413 (JSON bodies only)."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        too_big = declared is not None and (not declared.isdigit() or int(declared) > self.limit)
        chunks, size = [], 0
        while not too_big:
            message = await receive()
            if message["type"] != "http.request":  # client left: let the app see the disconnect
                chunks = None
                break
            size += len(message.get("body", b""))
            too_big = size > self.limit
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        if too_big:
            response = JSONResponse({"detail": f"request body larger than the limit of {self.limit} bytes"}, 413)
            return await response(scope, receive, send)
        if chunks is None:
            return await self.app(scope, receive, send)
        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


def create_app(cfg: ServiceConfig, kinds: Optional[dict[str, JobFn]] = None) -> FastAPI:
    """The service app; `kinds` maps job kind -> callable run in the worker (default: the pipeline)."""
    if kinds is None:
        from .kinds import KINDS as kinds
    store = JobStore(cfg.data_dir)
    janitor = Janitor(store, cfg.keep_jobs, cfg.max_job_age_s, busy=lambda: supervisor.busy_jobs())
    supervisor = Supervisor(store, kinds, workers=cfg.workers, max_queue=cfg.max_queue,
                            cancel_grace_s=cfg.cancel_grace_s, on_job_end=janitor.poke)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        supervisor.start(requeue=store.recover())
        janitor.start()
        try:
            yield
        finally:
            janitor.stop()
            supervisor.stop()

    def require_token(creds: Optional[HTTPAuthorizationCredentials] = Depends(_bearer)) -> None:
        challenge = {"WWW-Authenticate": "Bearer"}
        if creds is None or creds.scheme.lower() != "bearer":
            raise _ApiError(401, "missing bearer token: send 'Authorization: Bearer TOKEN'", challenge)
        if not secrets.compare_digest(creds.credentials.encode("utf-8", "replace"), cfg.token.encode()):
            raise _ApiError(401, "wrong bearer token", challenge)

    app = FastAPI(title="TextFace service", version=__version__, lifespan=lifespan, docs_url=None,
                  redoc_url=None, openapi_url=None, dependencies=[Depends(require_token)],
                  description=f"Text -> 3D head jobs. Request bodies are limited to {MAX_BODY_BYTES} bytes; "
                              f"prompts to {MAX_PROMPT} characters.")
    app.state.supervisor, app.state.store, app.state.janitor = supervisor, store, janitor
    app.add_middleware(BodyLimit)

    @app.exception_handler(_ApiError)
    async def _api_error(request: Request, exc: _ApiError):
        return JSONResponse({"detail": exc.detail}, exc.status, headers=exc.headers)

    @app.exception_handler(UnknownJob)  # a job deleted between two steps of one request
    async def _gone(request: Request, exc: UnknownJob):
        return JSONResponse({"detail": str(exc)}, 404)

    @app.exception_handler(StarletteHTTPException)
    async def _no_route(request: Request, exc: StarletteHTTPException):
        """Paths no route matches (e.g. a job id with '/' or '..' in it) get a sentence, not 'Not Found'."""
        path = request.url.path[:200]
        if exc.status_code == 404 and exc.detail == "Not Found":
            detail = (f"no such endpoint: {path}; job ids are 32 lowercase hexadecimal characters and the "
                      "endpoints are listed in /openapi.json")
        elif exc.status_code == 405:
            detail = f"{request.method} is not allowed on {path}"
        else:
            detail = str(exc.detail)
        return JSONResponse({"detail": detail}, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        # (in a thread: the parser's first use imports it, ~1 s the event loop must not wait)
        errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": await run_in_threadpool(_text_message, e)}
                  for e in exc.errors()]
        if len(errors) == 1 and errors[0]["field"] in TEXT_FIELDS and errors[0]["message"] != exc.errors()[0]["msg"]:
            return _refused(errors[0]["field"], errors[0]["message"])  # the parser's words alone, as the CLI's
        text = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        # FastAPI reads a body as JSON only when its Content-Type says so; otherwise the error would
        # only say the body is no object, not why
        ctype = request.headers.get("content-type", "")
        media = ctype.partition(";")[0].strip().lower()
        if (any(e["loc"][:1] == ("body",) for e in exc.errors()) and media != "application/json"
                and not media.endswith("+json")):
            got = f"got {ctype[:80]!r}" if ctype else "none was sent"
            text = f"the body must be JSON sent with 'Content-Type: application/json' ({got})"
        return JSONResponse({"detail": f"invalid request: {text}", "errors": errors}, 422)

    def _check_text(field: str, text: str) -> None:
        """A prompt the worker's parser would refuse is refused here (422, its one-line message), not queued."""
        message = refusal(text)
        if message is not None:
            raise _TextRefused(field, message)

    @app.exception_handler(_TextRefused)
    async def _text_refused(request: Request, exc: _TextRefused):
        return _refused(exc.field, exc.message)

    def _status(job_id: str) -> dict:
        try:
            status = store.get(job_id)
        except BadJobId as exc:
            raise _ApiError(400, str(exc)) from None
        except UnknownJob as exc:
            raise _ApiError(404, str(exc)) from None
        if status["state"] == "queued":
            status["queue_position"] = supervisor.position(job_id)
        return status

    def _submit(kind: str, request: dict, summary: str) -> dict:
        if kind not in supervisor.kinds:
            raise _ApiError(404, f"this service does not run {kind} jobs")
        try:
            status = supervisor.submit(kind, request, summary)
        except QueueFull as exc:
            raise _ApiError(429, str(exc), {"Retry-After": "5"}) from None
        except Stopping as exc:
            raise _ApiError(503, str(exc)) from None
        except StorageError as exc:
            raise _ApiError(507, str(exc)) from None
        status["queue_position"] = supervisor.position(status["id"])
        return status

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi():
        return app.openapi()

    @app.get("/v1/health", response_model=Health, tags=["service"])
    def health():
        """Versions (service, API, wire format), limits, models available, workers and queue."""
        return {"status": "ok", "service_version": __version__, "api_version": API_VERSION,
                "wire_version": _wire_version(), "models": availability.report(cfg),
                "limits": {"max_body_bytes": MAX_BODY_BYTES, "max_prompt_chars": MAX_PROMPT,
                           "max_queue": cfg.max_queue, "keep_jobs": cfg.keep_jobs or 0,
                           "max_job_age_s": round(cfg.max_job_age_s or 0)},
                "workers": supervisor.info()}

    @app.post("/v1/jobs/generate", status_code=202, response_model=JobStatus, tags=["jobs"],
              responses={**ERRORS, 429: {}, 503: {}, 507: {"model": ErrorBody}})
    def submit_generate(body: GenerateRequest):
        """Queue a text -> head job; poll /v1/jobs/{id} for progress."""
        if body.texture == "stylegan" and cfg.stylegan is None:
            raise _ApiError(422, "texture 'stylegan' needs a checkpoint: this service was started without "
                                 "--stylegan PATH (use texture 'parametric')")
        _check_text("body.prompt", body.prompt)
        return _submit("generate", {"params": body.model_dump(), "server": cfg.server_settings()}, body.prompt)

    @app.post("/v1/jobs/refine", status_code=202, response_model=JobStatus, tags=["jobs"],
              responses={**ERRORS, 429: {}, 503: {}, 507: {"model": ErrorBody}})
    def submit_refine(body: RefineRequest):
        """Queue a CLIP refinement of an existing head (a finished job, or an inline head.json)."""
        _check_text("body.text", body.text)
        try:
            if body.source_job is not None:
                source = _status(body.source_job)
                path = store.result_path(source["id"], "json") if source["state"] == "done" else None
                if path is None:
                    raise _ApiError(409, f"source job {source['id']} has no finished head (state "
                                         f"{source['state']})")
                sidecar = read_job_sidecar(path)
                units = body.obj_units or source_units(_source_request(source["id"]))
            else:
                sidecar, units = body.sidecar, body.obj_units or "cm"  # an inline head.json records no OBJ
            sidecar = check_sidecar(sidecar, cfg)
        except BadSidecar as exc:
            raise _ApiError(422, str(exc)) from None
        # the units resolved here are recorded in request.json: a refine of this job's head keeps them too
        params = {**body.model_dump(exclude={"sidecar"}), "obj_units": units}
        return _submit("refine", {"params": params, "sidecar": sidecar, "server": cfg.server_settings()},
                       body.text)

    def _source_request(job_id: str) -> dict:
        try:
            return store.read_request(job_id)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise BadSidecar(f"the source job's request.json is unreadable ({exc}); give obj_units") from None

    @app.get("/v1/jobs", response_model=JobList, responses=ERRORS, tags=["jobs"])
    async def list_jobs(state: Optional[State] = None, limit: int = Query(100, ge=1, le=1000)):
        """Jobs, newest first."""
        return {"jobs": store.list(state, limit)}

    @app.get("/v1/jobs/{job_id}", response_model=JobStatus, responses=ERRORS, tags=["jobs"])
    async def job_status(job_id: str):
        """State, stage, step/total, message, error (with traceback), result names."""
        return _status(job_id)

    @app.post("/v1/jobs/{job_id}/cancel", response_model=JobStatus, responses=ERRORS, tags=["jobs"])
    def cancel(job_id: str):
        """Cancel a queued or running job (running ones stop at the next step)."""
        _status(job_id)
        try:
            return supervisor.cancel(job_id)
        except NotCancellable as exc:
            raise _ApiError(409, str(exc)) from None

    @app.delete("/v1/jobs/{job_id}", status_code=204, responses=ERRORS, tags=["jobs"])
    def delete(job_id: str):
        """Delete an ended job's folder and results (the service also deletes old jobs by itself: see
        limits.keep_jobs and limits.max_job_age_s in /v1/health; 0 means no limit)."""
        _status(job_id)
        try:
            store.delete(job_id)
        except JobNotEnded as exc:
            raise _ApiError(409, str(exc)) from None

    @app.get("/v1/jobs/{job_id}/results/{name}", responses={**ERRORS, 200: {"content": {
        "application/octet-stream": {}, "application/zip": {}, "image/png": {}, "application/json": {}}}},
        response_class=FileResponse, tags=["results"])
    def result(job_id: str, name: ResultName):
        """A finished job's file: npz (wire format), bundle (OBJ/MTL/PNG/JSON zip), preview (PNG), json."""
        status = _status(job_id)
        if status["state"] in ("cancelling", "cancelled", "failed"):  # it never will have any
            ended = "failed" if status["state"] == "failed" else "cancelled"
            raise _ApiError(409, f"job {job_id} is {status['state']}; {ended} jobs have no results")
        if status["state"] != "done":
            raise _ApiError(409, f"job {job_id} is {status['state']}; results exist once it is done")
        try:
            path = store.result_path(job_id, name)
        except UnknownJob:  # deleted since the status was read
            raise _ApiError(404, f"job {job_id} was deleted") from None
        if path is None:
            raise _ApiError(404, f"job {job_id} has no {name} result (it has: {', '.join(status['results'])})")
        return _send_file(path, MEDIA[name], f"job {job_id} was deleted", filename=path.name)

    @app.get("/v1/jobs/{job_id}/preview", responses={**ERRORS, 200: {"content": {"image/png": {}}}},
             response_class=FileResponse, tags=["results"])
    def progress_preview(job_id: str):
        """The latest progress preview (refinement renders one every few steps)."""
        _status(job_id)
        try:
            path = store.preview_path(job_id)
        except UnknownJob:
            raise _ApiError(404, f"job {job_id} was deleted") from None
        if path is None:
            raise _ApiError(404, f"job {job_id} has no progress preview (yet)")
        return _send_file(path, "image/png", f"job {job_id} has no progress preview (yet)")

    return app


def _send_file(path, media_type: str, gone: str, filename: str | None = None) -> StreamingResponse:
    """Stream a job file from a handle opened here: a DELETE (a rename of the job folder) or a new
    preview replacing it between the lookup and the send cannot turn the answer into a 500, and once
    open the file is read to its end whatever happens to its name.  `gone`: the 404's detail when
    the file went away before it was opened."""
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        raise _ApiError(404, gone) from None
    size = os.fstat(f.fileno()).st_size

    def chunks():
        with f:
            while data := f.read(1 << 20):
                yield data

    headers = {"content-length": str(size)}
    if filename:
        headers["content-disposition"] = f'attachment; filename="{filename}"'
    return StreamingResponse(chunks(), media_type=media_type, headers=headers)


def _wire_version() -> int:
    from ..io.wire import WIRE_VERSION

    return WIRE_VERSION

