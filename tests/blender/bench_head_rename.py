"""What following head renames costs (head_names.py), with the hair's links to its head (hair_links.py): the depsgraph
handlers' time per update when every head of a crowd moves (nothing to rename: the common case), when every head's
jawOpen is set (geometry updates: each hair's drivers are checked) and when every head is renamed at once (a script
naming a crowd); and one `api.hair_of(head)` (hair_of_ms).

    .venv-blender/bin/python tests/blender/bench_head_rename.py --heads 100 [--repeat 5]

Synthetic heads with hair (tests/blender/conftest.py); prints one JSON line (the handler's time per update, and the
whole update's when the heads moved); exit status 1 when the handler takes over 5% of an update of moved heads
(it must never slow the scene); the same for the posed heads.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heads", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sandbox = tempfile.mkdtemp(prefix="textface-bench-")
    for var in ("BLENDER_USER_RESOURCES", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[var] = sandbox
    sys.path[:0] = [str(HERE.parents[1]), str(HERE)]
    import bpy
    import addon_utils  # (importable once bpy is)

    from backend.io import wire
    from blender_textface import api, hair_links, head_names
    from conftest import synthetic_arrays
    from hair_wire import synthetic_hair

    bpy.ops.wm.read_factory_settings(use_empty=True)
    path = wire.write_wire(Path(sandbox) / "h.npz", wire.pack(**synthetic_arrays(), hair=synthetic_hair()))
    heads = [api.import_wire(path, name=f"Guard_{i:03d}") for i in range(args.heads)]
    assert addon_utils.enable("blender_textface", default_set=True) is not None
    handlers = bpy.app.handlers.depsgraph_update_post
    spent = []

    def timing(handler):
        def timed(scene, depsgraph):
            start = time.perf_counter()
            handler(scene, depsgraph)
            spent.append(time.perf_counter() - start)
        return timed

    wrapped = {handler: timing(handler) for handler in (head_names._after_update, hair_links._after_update)}
    for handler, timed in wrapped.items():
        handlers[handlers.index(handler)] = timed
    bpy.context.view_layer.update()
    moved, renamed, updates, posed, posed_updates = [], [], [], [], []
    for r in range(args.repeat):
        for head in heads:
            head.location.x += 0.01
        spent.clear()
        start = time.perf_counter()
        bpy.context.view_layer.update()
        updates.append(time.perf_counter() - start)
        moved.append(sum(spent))
        for head in heads:
            head.data.shape_keys.key_blocks["jawOpen"].value = (r + 1) / (args.repeat + 1)
        spent.clear()
        start = time.perf_counter()
        bpy.context.view_layer.update()
        posed_updates.append(time.perf_counter() - start)
        posed.append(sum(spent))
        for i, head in enumerate(heads):
            head.name = f"Crowd{r}_{i:03d}"
        spent.clear()
        bpy.context.view_layer.update()
        renamed.append(sum(spent))
        assert all(api.hair_of(h).name == f"{h.name} hair" and h.data.materials[0].name == h.name for h in heads)
    for handler, timed in wrapped.items():
        handlers[handlers.index(timed)] = handler
    lookups = []  # api.hair_of per head (the panel draws it for the active head): one pass over the file's objects
    for _ in range(args.repeat):
        start = time.perf_counter()
        for head in heads:
            api.hair_of(head)
        lookups.append((time.perf_counter() - start) / len(heads))
    addon_utils.disable("blender_textface", default_set=True)
    result = {"heads": args.heads, "repeat": args.repeat,
              "moved_ms_per_update": round(1000 * statistics.median(moved), 3),
              "moved_update_ms": round(1000 * statistics.median(updates), 1),
              "posed_ms_per_update": round(1000 * statistics.median(posed), 3),
              "posed_update_ms": round(1000 * statistics.median(posed_updates), 1),
              "renamed_ms_per_update": round(1000 * statistics.median(renamed), 1),
              "renamed_ms_per_head": round(1000 * statistics.median(renamed) / args.heads, 3),
              "hair_of_ms": round(1000 * statistics.median(lookups), 3)}
    print(json.dumps(result))
    slow = [statistics.median(moved) > 0.05 * statistics.median(updates),
            statistics.median(posed) > 0.05 * statistics.median(posed_updates)]
    return 1 if any(slow) else 0


if __name__ == "__main__":
    sys.exit(main())
