"""A stand-in for backend/client.py's TextFaceClient, serving wire files from memory (operator tests).

Its methods keep the real client's signatures and return shapes (test_fake_client_matches_real checks
the signatures), so the add-on cannot drift from the client it talks to in production.
"""
from __future__ import annotations

import struct
import threading
import uuid
import zlib
from pathlib import Path


def png_bytes(width: int, height: int, rgb: tuple[int, int, int], top_rgb: tuple[int, int, int] | None = None) -> bytes:
    """A real 8-bit RGB PNG (stdlib only) of one colour; `top_rgb` paints the top row (catches flips)."""
    rows = [bytes(top_rgb if (y == 0 and top_rgb) else rgb) * width for y in range(height)]
    raw = b"".join(b"\x00" + row for row in rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def parse_error(prompt: str) -> dict | None:
    """The service's JobError for a prompt its parser refuses (backend/service/worker.py: a TextFaceError, as
    NotEnglish for a description not in English, fails the job as a user error, its trace kept), else None.
    The backend's own parser decides, so the fake refuses what the service refuses."""
    import traceback

    from backend.parser.reader import parse
    from backend.parser.result import ParseError

    try:
        parse(prompt)
    except ParseError as exc:
        return {"message": str(exc), "type": type(exc).__name__, "traceback": traceback.format_exc(),
                "user_error": True}
    return None


class FakeClient:
    def __init__(self, payload: bytes, steps: int = 3, fail_with: str | None = None):
        self.payload = payload
        self.steps = steps
        self.fail_with = fail_with
        # a prompt the parser refuses: refused at submission (HTTP 422), as the service does now; False: its job
        # fails, as a service before it did (the add-on handles both)
        self.refuse_at_submission = False
        self.fail_seeds: dict[int, str] = {}  # seed -> a fault of the service's failing that seed's job (no user error)
        self.errors: dict[str, dict] = {}  # job id -> the JobError it fails with at its second poll
        self.jobs: dict[str, int] = {}
        # seed -> the wire bytes a generate job of that seed gives (as the service: each seed its own face); None:
        # `payload` for every job
        self.payload_of = None
        self._payloads: dict[str, bytes] = {}  # job id -> its payload_of result
        self.submitted: list[tuple] = []
        self.cancelled: list[str] = []
        self.refuse_after: int | None = None  # submissions accepted before the service says it is full
        self.hold = threading.Event()  # while clear, jobs stay at step 1 (lets tests watch progress)
        self.hold.set()
        # progress previews (as the service's refine jobs have): while any, a running job's status says
        # preview=True and /preview serves the last; held, a job is at step len(previews)
        self.previews: list[bytes] = []
        self.preview_fetches: list[threading.Thread] = []  # the thread of each preview download
        self.preview_served: list[bytes] = []  # what each successful download got
        self.preview_error: Exception | None = None  # raised by fetch_preview when set
        self.preview_schedule: dict[int, bytes] = {}  # poll number -> a preview that appears at that poll
        self.counts_previews = True  # statuses carry preview_count; False: a service from before that field
        self.states: dict[str, str] = {}  # job id -> the state its last status said
        self.deleted: list[str] = []  # jobs deleted (as the service: only ended ones, each once)
        self.delete_error: Exception | None = None  # raised by delete when set
        self.delete_threads: list[threading.Thread] = []  # the thread of each delete
        # a running job cancelled answers "cancelling" to this many status requests before "cancelled" (the
        # service stops it at its next step); a queued one (never polled) is cancelled at once, as the service's
        self.stopping_polls = 0
        self._stopping: dict[str, int] = {}  # job id -> "cancelling" answers still to give

    def health(self) -> dict:
        return {"status": "ok", "service_version": "0.1.0", "api_version": 1, "wire_version": 2,
                "limits": {}, "workers": {"workers": 1, "busy": 0, "queued": 0, "queue_capacity": 8},
                "models": {"ict_model": {"available": True, "detail": "/cache/textface/ict.npz"},
                           "clip_weights": {"available": False, "detail": "no CLIP weights configured"}}}

    def _new_job(self, kind: str) -> dict:
        if self.refuse_after is not None and len(self.jobs) >= self.refuse_after:
            raise RuntimeError("HTTP 429: the job queue is full")
        job = uuid.uuid4().hex
        self.jobs[job] = 0
        return {"id": job, "kind": kind, "state": "queued", "stage": "queued", "step": 0, "total": 0}

    def submit_generate(self, prompt: str, seed: int = 0, refine: bool = True, refine_steps: int = 100,
                        texture: str = "parametric", texture_size: int = 1024, preview: bool = True,
                        obj_units: str = "cm", hair: str = "auto") -> dict:  # (the add-on reads head.npz, never
        options = dict(seed=seed, refine=refine, refine_steps=refine_steps, texture=texture,  # the OBJ: not recorded)
                       texture_size=texture_size, preview=preview)
        if hair != "auto":
            options["hair"] = hair
        self.submitted.append(("generate", prompt, options))
        error = parse_error(prompt)  # (an older service parses in the job: the submit is accepted, the job fails)
        if error is not None and self.refuse_at_submission:  # (one since fbfa823: HTTP 422 with the parser's line)
            from backend.client import BadRequest

            raise BadRequest(422, error["message"], [{"field": "body.prompt", "message": error["message"]}])
        job = self._new_job("generate")
        if self.payload_of is not None:
            self._payloads[job["id"]] = self.payload_of(seed)
        if error is None and seed in self.fail_seeds:
            error = {"message": self.fail_seeds[seed], "type": "RuntimeError", "user_error": False,
                     "traceback": f"Traceback (most recent call last):\nRuntimeError: {self.fail_seeds[seed]}"}
        if error is not None:
            self.errors[job["id"]] = error
        return job

    def submit_refine(self, text: str, source_job=None, sidecar=None, refine_steps: int = 100,
                      preview: bool = True, obj_units=None) -> dict:
        assert (source_job is None) != (sidecar is None)
        self.submitted.append(("refine", sidecar, text, dict(refine_steps=refine_steps, preview=preview)))
        return self._new_job("refine")

    def status(self, job_id: str) -> dict:
        answer = self._status(job_id)
        self.states[job_id] = answer["state"]
        return answer

    def _status(self, job_id: str) -> dict:
        self.jobs[job_id] += 1
        polls = self.jobs[job_id]
        base = {"id": job_id}
        if job_id in self.cancelled:
            if self._stopping.get(job_id, 0) > 0:
                self._stopping[job_id] -= 1
                return dict(base, state="cancelling", stage="refine", message="cancelling")
            return dict(base, state="cancelled")
        if job_id in self.errors and polls >= 2:
            return dict(base, state="failed", error=self.errors[job_id])
        if self.fail_with and polls >= 2:  # a fault of the service's (a prompt it refuses: parse_error)
            return dict(base, state="failed", error={"message": self.fail_with, "type": "RuntimeError",
                                                     "traceback": "Traceback (most recent call last): ...",
                                                     "user_error": False})
        if polls in self.preview_schedule:
            self.previews.append(self.preview_schedule[polls])
        base["preview"] = bool(self.previews)
        if self.counts_previews:
            base["preview_count"] = len(self.previews)
        if not self.hold.is_set():
            step = max(1, len(self.previews))
            return dict(base, state="running", stage="refine", step=step, total=max(4, step + 1),
                        message=f"step {step}")
        if polls > self.steps:
            return dict(base, state="done", stage="write", step=self.steps, total=self.steps)
        return dict(base, state="running", stage="refine", step=polls, total=self.steps + 1)

    def fetch(self, job_id: str, kind: str, dest) -> Path:
        assert kind == "npz" and job_id in self.jobs
        dest = Path(dest)
        dest.write_bytes(self._payloads.get(job_id, self.payload))
        return dest

    def fetch_preview(self, job_id: str, dest) -> Path:
        assert job_id in self.jobs
        self.preview_fetches.append(threading.current_thread())
        if self.preview_error is not None:
            raise self.preview_error
        if not self.previews:
            raise RuntimeError(f"HTTP 404: job {job_id} has no progress preview (yet)")
        dest = Path(dest)
        dest.write_bytes(self.previews[-1])
        self.preview_served.append(self.previews[-1])
        return dest

    def cancel(self, job_id: str) -> dict:
        self.cancelled.append(job_id)
        if self.states.get(job_id, "queued") == "queued":  # never polled: still queued, cancelled at once
            self.states[job_id] = "cancelled"
            return {"id": job_id, "state": "cancelled"}
        self._stopping[job_id] = self.stopping_polls
        return {"id": job_id, "state": "cancelling"}

    def delete(self, job_id: str) -> None:
        self.delete_threads.append(threading.current_thread())
        if self.delete_error is not None:
            raise self.delete_error
        if job_id not in self.jobs or job_id in self.deleted:
            raise RuntimeError(f"HTTP 404: no job with id {job_id}")
        if self.states.get(job_id) not in ("done", "failed", "cancelled"):
            raise RuntimeError(f"HTTP 409: job {job_id} is {self.states.get(job_id, 'queued')}; cancel it first")
        self.deleted.append(job_id)
