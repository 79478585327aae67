"""The "Check Backend" report: the service's /v1/health answer as short readable lines (no bpy).

The service says which models it has (ICT model, shape weights, texture model, CLIP weights), each
with a detail telling how to fix a missing one (a model this add-on has no name for is listed by its key).
It also says which API it speaks and which wire format it writes: a service this add-on cannot use (a remote
one of another version) is refused before any job is submitted (tasks.py), and Check Backend warns of it.
"""
from __future__ import annotations

# the API the bundled backend/client.py speaks (its /v1/ paths; backend/service/app.py API_VERSION,
# tests/blender/test_service_versions.py compares)
API_VERSIONS = (1,)

MODEL_NAMES = {"ict_model": "ICT face model", "shape_weights": "shape weights", "texture_model": "texture model",
               "clip_weights": "CLIP weights (refinement)"}


def _versions(values) -> str:
    return ", ".join(map(str, values))


def _one_of(value, allowed) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in allowed


def _said(value) -> str:
    return "?" if value is None else str(value)[:20]


def incompatibility(health, readable_wire_versions: tuple[int, ...]) -> str | None:
    """Why this add-on cannot use the service whose /v1/health answer this is (an API it does not speak, a wire
    format it cannot read, or neither said), which versions it has and which the add-on takes; None if usable."""
    if not isinstance(health, dict):
        return f"its health answer is not what a TextFace service sends ({health!r:.80})"
    api, wire = health.get("api_version"), health.get("wire_version")
    if _one_of(api, API_VERSIONS) and _one_of(wire, readable_wire_versions):
        return None
    return (f"it speaks API {_said(api)} and writes wire format {_said(wire)}, but this add-on speaks API "
            f"{_versions(API_VERSIONS)} and reads wire format {_versions(readable_wire_versions)}: install the "
            "add-on and the backend from the same version (the extension built by build_addon.py carries "
            "its backend)")


def summary_lines(health: dict, readable_wire_versions: tuple[int, ...]) -> list[str]:
    """One line for the service, one per model ('ok'/'MISSING' + detail), workers; warnings first."""
    if not isinstance(health, dict):
        return [f"unexpected health answer: {health!r}"]
    lines = []
    problem = incompatibility(health, readable_wire_versions)
    if problem:
        lines.append(f"WARNING: this add-on cannot use the service: {problem}")
    wire = health.get("wire_version")
    lines.append(f"service {health.get('service_version', '?')}, API {health.get('api_version', '?')}, "
                 f"wire format {wire}")
    models = health.get("models") or {}
    for key, info in models.items():
        info = info if isinstance(info, dict) else {}
        state = "ok" if info.get("available") else "MISSING"
        lines.append(f"{MODEL_NAMES.get(key, key)}: {state} - {info.get('detail', '')}".rstrip(" -"))
    workers = health.get("workers")
    if isinstance(workers, dict):
        lines.append(f"workers: {workers.get('workers', '?')} ({workers.get('busy', 0)} busy), "
                     f"queued {workers.get('queued', 0)}/{workers.get('queue_capacity', '?')}")
    return lines


def missing_models(health: dict) -> list[str]:
    models = health.get("models") if isinstance(health, dict) else None
    return [MODEL_NAMES.get(k, k) for k, v in (models or {}).items()
            if not (isinstance(v, dict) and v.get("available"))]
