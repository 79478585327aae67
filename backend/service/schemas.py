"""Request and response bodies of the HTTP API (pydantic; unknown fields and loose types refused)."""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..limits import MAX_SEED, REFINE_STEPS, TEXTURE_SIZES

MAX_PROMPT = 2000
MAX_BODY_BYTES = 64 * 1024  # a refine request with an inline head.json sidecar: 4 KB, 9 KB once refined
State = Literal["queued", "running", "cancelling", "done", "failed", "cancelled"]
ResultName = Literal["npz", "bundle", "preview", "json"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def _text(value: str, what: str) -> str:
    if not value.strip():
        raise ValueError(f"{what} is empty (only whitespace)")
    if "\x00" in value:
        raise ValueError(f"{what} contains a NUL character")
    return value


class GenerateRequest(_Strict):
    prompt: str = Field(min_length=1, max_length=MAX_PROMPT, description="the description of the face")
    seed: int = Field(0, ge=0, le=MAX_SEED)
    refine: bool = Field(True, description="refine abstract phrases with CLIP (needs the server's CLIP weights)")
    refine_steps: int = Field(100, ge=REFINE_STEPS[0], le=REFINE_STEPS[1])
    texture: Literal["parametric", "stylegan"] = Field(
        "parametric", description="stylegan uses the checkpoint the server was started with")
    texture_size: Literal[TEXTURE_SIZES] = 1024
    preview: bool = Field(True, description="render preview.png")
    # added within API version 1 (an older service refuses it: clients send it only when it is not "cm")
    obj_units: Literal["cm", "m"] = Field(
        "cm", description="units of the OBJ files (head.obj, hair.obj): cm, the ICT model's own, or m (x 0.01), "
                          "as generate --obj-units; head.npz is always in centimetres")
    # added within API version 1 (an older service refuses it: clients send it only when it is not "auto")
    hair: Literal["auto", "none"] = Field(
        "auto", description="auto: a hair mesh as the prompt states or the seed draws (hair.obj, hair.mtl, "
                            "hair_albedo.png, the npz's hair keys); none: the hair painted into the albedo only")

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, v: str) -> str:
        return _text(v, "prompt")


class RefineRequest(_Strict):
    text: str = Field(min_length=1, max_length=MAX_PROMPT, description="abstract phrases, e.g. 'looks kind'")
    source_job: Optional[str] = Field(None, description="id of a finished job whose head to refine")
    sidecar: Optional[dict[str, Any]] = Field(None, description="or the head's head.json, inline")
    refine_steps: int = Field(100, ge=REFINE_STEPS[0], le=REFINE_STEPS[1])
    preview: bool = True
    # added within API version 1 (an older service refuses it: clients send it only when asked)
    obj_units: Optional[Literal["cm", "m"]] = Field(
        None, description="units of the refined head's OBJ files, as generate's obj_units; default: those of the "
                          "source job's head (its request's obj_units), cm for an inline sidecar")

    @field_validator("text")
    @classmethod
    def _text_ok(cls, v: str) -> str:
        return _text(v, "text")

    @model_validator(mode="after")
    def _one_source(self) -> "RefineRequest":
        if (self.source_job is None) == (self.sidecar is None):
            raise ValueError("give exactly one of source_job (a finished job's id) or sidecar (a head.json)")
        return self


class JobError(BaseModel):
    message: str
    type: str
    traceback: str = ""
    user_error: bool = Field(False, description="bad input the user can fix (the message says how)")


class JobStatus(BaseModel):
    id: str
    kind: str
    state: State
    summary: str = Field(description="the prompt or refine text, shortened")
    created: float
    started: Optional[float]
    finished: Optional[float]
    stage: str
    step: int
    total: int
    message: str
    preview: bool = Field(description="a progress preview is at /v1/jobs/{id}/preview")
    # added within API version 1 (clients ignore fields they do not know; a status.json written before
    # it reads as 0): tells a client whether the preview changed, so it downloads each one once
    preview_count: int = Field(0, description="progress previews written so far; grows by one with each new "
                                              "one (the preview route serves the latest)")
    results: dict[str, str] = Field(description="result name (npz, bundle, preview, json) -> file name")
    error: Optional[JobError]
    worker_pid: Optional[int]
    queue_position: Optional[int] = None


class JobList(BaseModel):
    jobs: list[JobStatus]


class ModelInfo(BaseModel):
    available: bool
    detail: str


class Health(BaseModel):
    status: Literal["ok"]
    service_version: str
    api_version: int
    wire_version: int
    limits: dict[str, int] = Field(description="max_body_bytes, max_prompt_chars, max_queue; keep_jobs and "
                                               "max_job_age_s: when ended jobs are deleted (0: no limit)")
    models: dict[str, ModelInfo]
    workers: dict[str, int]


class ErrorBody(BaseModel):
    detail: str
