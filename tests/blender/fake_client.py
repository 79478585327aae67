"""A stand-in for backend/client.py's TextFaceClient, serving wire files from memory (operator tests)."""
from __future__ import annotations

import threading


class FakeClient:
    def __init__(self, payload: bytes, steps: int = 3, fail_with: str | None = None):
        self.payload = payload
        self.steps = steps
        self.fail_with = fail_with
        self.jobs: dict[str, int] = {}
        self.submitted: list[tuple] = []
        self.cancelled: list[str] = []
        self.hold = threading.Event()  # while clear, jobs stay at step 1 (lets tests watch progress)
        self.hold.set()

    def submit_generate(self, prompt, **options):
        job = f"job{len(self.jobs)}"
        self.jobs[job] = 0
        self.submitted.append(("generate", prompt, options))
        return job

    def submit_refine(self, sidecar, text, **options):
        job = f"job{len(self.jobs)}"
        self.jobs[job] = 0
        self.submitted.append(("refine", sidecar, text, options))
        return job

    def status(self, job):
        self.jobs[job] += 1
        polls = self.jobs[job]
        if job in self.cancelled:
            return {"state": "cancelled"}
        if self.fail_with and polls >= 2:
            return {"state": "failed", "error": self.fail_with}
        if not self.hold.is_set():
            return {"state": "running", "stage": "refine", "step": 1, "total": 4, "message": "step 1"}
        if polls > self.steps:
            return {"state": "done", "stage": "write", "step": self.steps, "total": self.steps}
        return {"state": "running", "stage": "refine", "step": polls, "total": self.steps + 1}

    def fetch(self, job):
        return self.payload

    def cancel(self, job):
        self.cancelled.append(job)
