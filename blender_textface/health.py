"""The "Check Backend" report: the service's /v1/health answer as short readable lines (no bpy).

The service says which models it has (ICT model, shape weights, texture model, CLIP weights), each
with a detail telling how to fix a missing one; we also warn when it writes a wire format this add-on
cannot read (a remote service of another version).
"""
from __future__ import annotations

MODEL_NAMES = {"ict_model": "ICT face model", "shape_weights": "shape weights", "texture_model": "texture model",
               "clip_weights": "CLIP weights (refinement)"}


def summary_lines(health: dict, readable_wire_versions: tuple[int, ...]) -> list[str]:
    """One line for the service, one per model ('ok'/'MISSING' + detail), workers; warnings first."""
    if not isinstance(health, dict):
        return [f"unexpected health answer: {health!r}"]
    lines = []
    wire = health.get("wire_version")
    if wire not in readable_wire_versions:
        lines.append(f"WARNING: the service writes wire format {wire}; this add-on reads "
                     f"{', '.join(map(str, readable_wire_versions))} (install matching versions)")
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
