"""Benchmark: FBX and GLB export of one real head, still and with its jawOpen keyframed over --frames frames (the
exporters then bake the animation frame by frame, head and hair).  Runs in .venv-blender:

    .venv-blender/bin/python tests/blender/bench_export_animation.py [--wire head.npz] [--frames 20] [--repeat 3]

Without --wire, a wire file of the installed ICT model (no hair) is written by the backend environment; a head made
by `python -m backend generate` (`--wire out/NAME/head.npz`) has its hair too.  No goal: prints the medians.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import bench_setup  # (this script's own folder is on sys.path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wire", default=None, help="wire file to import (default: built from the ICT model)")
    parser.add_argument("--frames", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json-out", default=None)
    args = parser.parse_args(argv)

    tmp, wire = bench_setup.prepare(args.wire)
    sys.path.insert(0, str(bench_setup.REPO))
    import bpy

    from blender_textface import api

    load_before = os.getloadavg()[0]
    times: dict[str, list[float]] = {f"{kind}_{state}": [] for kind in ("fbx", "glb")
                                     for state in ("still", "animated")}
    for _ in range(args.repeat):
        bpy.ops.wm.read_factory_settings(use_empty=True)
        head = api.import_wire(wire, name="Head")
        for state in ("still", "animated"):
            if state == "animated":
                block = head.data.shape_keys.key_blocks["jawOpen"]
                for frame, value in ((1, 0.0), (args.frames, 1.0)):
                    block.value = value
                    block.keyframe_insert("value", frame=frame)
            for kind, export in (("fbx", api.export_fbx), ("glb", api.export_glb)):
                t0 = time.perf_counter()
                export([head], tmp / f"head.{kind}")
                times[f"{kind}_{state}"].append(time.perf_counter() - t0)
    report = {
        "vertices": len(head.data.vertices), "shape_keys": len(head.data.shape_keys.key_blocks) - 1,
        "hair": api.hair_of(head) is not None, "frames": args.frames, "repeat": args.repeat,
        "seconds_median": {k: round(statistics.median(v), 3) for k, v in times.items()},
        "bpy": bpy.app.version_string,
        "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
    }
    return bench_setup.finish(report, True, args.json_out)


if __name__ == "__main__":
    sys.exit(main())
