"""Refinement of a pipeline `Head`: what `backend.pipeline` calls (generate and `refine`).

Returns a new Head with refined identity (and texture, where the texture model is differentiable) and
`refinement` set to the status record.  Without CLIP weights, or without a phrase, the head comes back
unchanged with status "skipped" and the reason; bad weights raise CheckpointError (the user asked for
refinement with them, so a skip would hide the problem).
"""
from __future__ import annotations

import copy
import threading
from dataclasses import replace

import numpy as np
import torch

from ..errors import Cancelled, TextFaceError
from .loop import RefineSettings, evaluate_views, refine
from .registry import NO_WEIGHTS_REASON, load_clip
from .status import RefineStatus


def _no_progress(stage, step, total, message="", preview=None):
    return None


def resolve_device(device: str) -> str:
    """"auto" -> cuda when torch sees a GPU, else cpu; "cuda" without a GPU is a clear error."""
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise TextFaceError("device cuda asked for, but torch sees no CUDA device")
    if device not in ("cpu", "cuda"):
        raise TextFaceError(f"device must be cpu, cuda or auto, got {device!r}")
    return device


def refine_head_arrays(head, phrases: list[str], opts, progress=_no_progress,
                       cancel: threading.Event | None = None, settings: RefineSettings | None = None):
    """Head -> refined Head.  `opts` is a pipeline GenerateOptions (clip_model, clip_weights, device,
    refine_steps); `settings` overrides the loop settings (evaluation, benchmarks)."""
    from ..face_model import FaceModelModule, load_face_model
    from .attributes import NOT_CHECKED, face_labeller, keep_attributes, measurement_available
    from .scene import FaceScene
    from .texture import texture_problem

    phrases = [p.strip() for p in phrases if p and p.strip()]
    if not phrases:
        return replace(head, refinement=RefineStatus.skipped("no abstract phrase to refine towards").to_dict())
    if not opts.clip_weights:
        return replace(head, refinement=RefineStatus.skipped(NO_WEIGHTS_REASON, phrases).to_dict())
    if cancel is not None and cancel.is_set():  # before the seconds of loading CLIP
        raise Cancelled("refinement cancelled before it started")
    device = resolve_device(opts.device)
    settings = settings or RefineSettings(steps=opts.refine_steps, seed=int(head.seed))
    progress("refine", 0, settings.steps, f"loading CLIP {opts.clip_model} ({opts.clip_weights}) on {device}")
    clip = load_clip(opts.clip_model, opts.clip_weights, device)
    model = load_face_model()
    problem = texture_problem(head, device)
    hair = getattr(head, "hair", None)  # built on the concrete head (pipeline._with_hair); None: no hair mesh
    scene = FaceScene(FaceModelModule(model), model, head.expression, head.uvs, head.face_uv_indices,
                      problem.albedo_fn, device, hair=hair, hair_colour=problem.hair_colour,
                      hair_colour_note=problem.hair_colour_note)
    outcome = refine(clip, phrases, scene, torch.as_tensor(np.asarray(head.identity, np.float32)),
                     problem.params, settings, progress=progress, cancel=cancel)
    status = outcome.status
    status.texture_note = problem.note
    status.hair = scene.hair.record() if scene.hair is not None else {"drawn": False, "reason": _no_hair(head)}
    # the float32 values the head was built from, as the sidecar writes them: a restore rebuilds it exactly
    status.identity_before = [float(x) for x in np.asarray(head.identity, np.float32)]
    status.texture_before = copy.deepcopy(head.texture_params)
    identity = outcome.identity
    if measurement_available():
        progress("refine", settings.steps, settings.steps, "checking that the stated attributes are kept")
        identity, status.attributes = keep_attributes(
            head.identity, outcome.identity, head.parsed.get("concrete", {}), face_labeller(model, head.expression))
        status.identity_rms_change = float(np.sqrt(np.mean((identity - np.asarray(head.identity)) ** 2)))
        if status.attributes["change_scale"] != 1.0:  # the head keeps less than the loop found
            status.similarity_after_full_change = status.similarity_after
            with torch.no_grad():
                status.similarity_after = evaluate_views(
                    outcome.objective, scene, torch.as_tensor(identity, device=device),
                    {k: torch.as_tensor(v, device=device) for k, v in outcome.texture.items()}, settings.render_size)
    else:
        status.attributes = dict(NOT_CHECKED)
    albedo, texture_params = problem.finish(outcome.texture)
    identity = identity.astype(np.float32)
    out = replace(head, identity=identity, albedo=albedo, texture_params=texture_params, refinement=status.to_dict())
    if hair is not None:  # the same style and seed rebuilt on the refined head (its hairline params were fixed)
        from ..hair.mesh import build_hair

        out.hair = build_hair(model, identity, texture_params, hair.style, int(head.seed))
        if out.hair is None and isinstance(head.hair_record, dict):
            out.hair_record = {**head.hair_record, "mesh": False}
    return out


def _no_hair(head) -> str:
    """Why a head's refinement renders have no hair mesh (its head.json `hair` section)."""
    record = getattr(head, "hair_record", None)
    if not isinstance(record, dict):
        return "the head has no hair section (made before hair meshes, or not chosen yet)"
    if record.get("mode") == "none":
        return "no hair mesh asked for (--hair none)"
    return f"its hairstyle ({record.get('length', '?')}) has no hair mesh (bald, shaved or cropped scalp)"
