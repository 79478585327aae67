"""Benchmark: import one real head into Blender, export FBX and GLB (runs in .venv-blender).

    .venv-blender/bin/python tests/blender/bench_import.py [--wire head.npz] [--repeat 5] [--json-out F]

Without --wire, a wire file of the installed ICT model (26,719 vertices, 100 identity + 53 expression
keys, 1024² albedo) is written by the backend environment (.venv).  Goals (issue 8): import <= 0.5 s,
FBX export <= 1 s.  Prints the median and best of each stage; exit status 1 when a goal is missed.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import bench_setup  # (this script's own folder is on sys.path)

REPO = bench_setup.REPO
GOALS = {"import": 0.5, "export_fbx": 1.0}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wire", default=None, help="wire file to import (default: build one from the ICT model)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json-out", default=None)
    args = parser.parse_args(argv)

    tmp, wire = bench_setup.prepare(args.wire)
    sys.path.insert(0, str(REPO))
    import bpy

    from blender_textface import api, importer

    load_before = os.getloadavg()[0]  # figures are only comparable on a quiet machine (load < 1.5)
    times: dict[str, list[float]] = {k: [] for k in ("read_plan", "build", "import", "export_fbx", "export_glb")}
    for _ in range(args.repeat):
        bpy.ops.wm.read_factory_settings(use_empty=True)
        t0 = time.perf_counter()
        plan = importer.read_plan(wire)
        t1 = time.perf_counter()
        obj = importer.import_plan(plan)
        t2 = time.perf_counter()
        api.export_fbx([obj], tmp / "head.fbx")
        t3 = time.perf_counter()
        api.export_glb([obj], tmp / "head.glb")
        t4 = time.perf_counter()
        for key, value in zip(times, (t1 - t0, t2 - t1, t2 - t0, t3 - t2, t4 - t3)):
            times[key].append(value)
    report = {
        "vertices": len(obj.data.vertices), "shape_keys": len(obj.data.shape_keys.key_blocks) - 1,
        "texture": list(obj.data.materials[0].node_tree.nodes["Image Texture"].image.size),
        "seconds": {k: {"median": round(statistics.median(v), 4), "best": round(min(v), 4)} for k, v in times.items()},
        "goals": GOALS, "repeat": args.repeat, "bpy": bpy.app.version_string,
        "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
    }
    ok = all(report["seconds"][k]["median"] <= goal for k, goal in GOALS.items())
    return bench_setup.finish(report, ok, args.json_out)


if __name__ == "__main__":
    sys.exit(main())
