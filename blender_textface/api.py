"""Scripting API: everything the operators do, callable from Python.

    from blender_textface import api          # or: from bl_ext.user_default.textface import api
    head = api.generate_head("a freckled young woman, smiling", seed=3, location=(0, 0, 0))
    api.export_fbx([head], "/tmp/head.fbx")

Generation talks to the backend configured in the add-on preferences (or `settings=`) and blocks until
the head is imported; the operators run the same tasks from a timer instead.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import bpy

from . import export as _export
from . import importer, refine as _refine, tasks
from .backend_process import BackendError
from .importer import ImportFailed
from .settings import BackendSettings

__all__ = ["generate_head", "generate_heads", "import_wire", "refine_head", "export_fbx", "export_glb",
           "BackendError", "ImportFailed", "RefinementSkipped", "BackendSettings", "settings_from_preferences"]

RefinementSkipped = _refine.RefinementSkipped


def warn_if_refinement_skipped(heads) -> list[str]:
    """Refinement asked for but skipped by the backend (no CLIP weights, ...): warn, return the reasons."""
    reasons = [r for r in (_refine.skipped_reason(h) for h in heads) if r]
    for reason in reasons:
        warnings.warn(reason, RefinementSkipped, stacklevel=3)
    return reasons

MAX_VARIATIONS = 16


def settings_from_preferences() -> BackendSettings:
    from .preferences import settings_from_context

    return settings_from_context(bpy.context)


def _check_prompt(prompt: str) -> str:
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError("the prompt is empty; describe the face, e.g. 'an old man with a long face'")
    return prompt.strip()


def generate_requests(prompt: str, seed: int, variations: int, refine: bool, refine_steps: int,
                      settings: BackendSettings) -> list:
    prompt = _check_prompt(prompt)
    if not 1 <= int(variations) <= MAX_VARIATIONS:
        raise ValueError(f"variations must be in 1..{MAX_VARIATIONS}, got {variations}")
    # preview=False: Blender shows the head itself, so the service skips rendering preview.png
    options = dict(settings.options(), refine=bool(refine), refine_steps=int(refine_steps), preview=False)
    return [lambda client, s=int(seed) + k: client.submit_generate(prompt, seed=s, **options)["id"]
            for k in range(int(variations))]


def import_payloads(payloads: list, location=(0.0, 0.0, 0.0), collection=None) -> list[bpy.types.Object]:
    """Wire files (bytes or paths) -> heads placed side by side along X from `location`, all or none."""
    plans = [importer.read_plan(p) for p in payloads]  # every file is checked before anything is built
    spacing = max((p.width for p in plans), default=0.0) * 1.25
    built = []
    try:
        for k, plan in enumerate(plans):
            loc = (location[0] + k * spacing, location[1], location[2])
            built.append(importer.import_plan(plan, collection=collection, location=loc))
    except BaseException:
        for obj in built:
            _export.remove_head(obj)
        raise
    return built


def generate_heads(prompt: str, seed: int = 0, variations: int = 1, refine: bool = True, refine_steps: int = 100,
                   location=None, settings: BackendSettings | None = None) -> list[bpy.types.Object]:
    """Generate `variations` heads (seeds seed, seed+1, ...) and import them side by side. Blocks."""
    settings = settings or settings_from_preferences()
    location = tuple(location) if location is not None else tuple(bpy.context.scene.cursor.location)
    task = tasks.HeadTask(settings, generate_requests(prompt, seed, variations, refine, refine_steps, settings),
                          lambda payloads: import_payloads(payloads, location))
    heads = task.run()
    if refine:
        warn_if_refinement_skipped(heads)
    return heads


def generate_head(prompt: str, seed: int = 0, refine: bool = True, refine_steps: int = 100, location=None,
                  settings: BackendSettings | None = None) -> bpy.types.Object:
    """Generate one head from a description and import it (at the 3D cursor by default). Blocks."""
    return generate_heads(prompt, seed=seed, refine=refine, refine_steps=refine_steps, location=location,
                          settings=settings)[0]


def import_wire(path, name: str | None = None, location=(0.0, 0.0, 0.0), collection=None) -> bpy.types.Object:
    """Import a head from a wire file (`head.npz` written by the backend)."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed(f"wire file not found: {path}")
    return importer.import_plan(importer.read_plan(path, name=name), collection=collection, location=location)


def refine_head(obj: bpy.types.Object, text: str, steps: int = 100,
                settings: BackendSettings | None = None) -> bpy.types.Object:
    """Refine a generated head with new abstract text; updates its keys and image in place. Blocks."""
    settings = settings or settings_from_preferences()
    request = _refine.refine_request(obj, text, steps, settings)
    task = tasks.HeadTask(settings, [request], lambda payloads: _refine.apply_refinement(obj, payloads[0]))
    head = task.run()
    warn_if_refinement_skipped([head])
    return head


def export_fbx(objects, path, keep_identity_keys: bool = False) -> Path:
    """FBX for Unity/Unreal: identity baked, 53 ARKit morph targets, embedded texture."""
    return _export.export_fbx(list(objects), Path(path), keep_identity_keys=keep_identity_keys)


def export_glb(objects, path, keep_identity_keys: bool = False) -> Path:
    """Binary glTF with the same morph targets and the albedo embedded."""
    return _export.export_glb(list(objects), Path(path), keep_identity_keys=keep_identity_keys)
