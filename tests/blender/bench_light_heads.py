"""Benchmark: memory and .blend size per head, full (153 shape keys) vs light (identity baked, 53 ARKit
keys), with real ICT heads (runs in .venv-blender).

    .venv-blender/bin/python tests/blender/bench_light_heads.py [--heads 10] [--wire head.npz] [--json-out F]

Without --wire, a wire file of the installed ICT model (26,719 vertices, 100 identity + 53 expression keys,
1024² albedo) is written by the backend environment (.venv).  Each kind is measured in a fresh Python
process of its own: `--heads` heads imported from one plan (import_wire's path), then
- memory: the process's resident set size after the import minus before it (the plans freed),
- .blend: the file saved uncompressed and compressed, minus an empty file,
each divided by the number of heads.  The albedo is packed in both kinds alike (the default wire file's
flat-coloured one is a small PNG; a real albedo adds ~1-2 MB per head to both).
Exit status 1 when a light head is not at least 2x smaller than a full one in memory and .blend size.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_setup  # (this script's own folder is on sys.path)

REPO = bench_setup.REPO
MB = 1024 * 1024
GOAL_RATIO = 2.0  # full / light, memory and .blend (the keys alone: 153 / 53 = 2.9)


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure(kind: str, wire: Path, heads: int, tmp: Path) -> dict:
    """In this (fresh) process: import `heads` heads of `kind`, return bytes of memory and .blend per head."""
    sys.path.insert(0, str(REPO))
    import bpy

    from blender_textface import importer

    def save(name: str, compress: bool) -> int:
        path = tmp / f"{kind}-{name}.blend"
        bpy.ops.wm.save_as_mainfile(filepath=str(path), compress=compress, copy=True)
        return path.stat().st_size

    bpy.ops.wm.read_factory_settings(use_empty=True)
    empty = {c: save(f"empty-{c}", c) for c in (False, True)}
    plan = importer.read_plan(wire, identity_keys=kind == "full")  # warms numpy and the reader too
    del plan
    gc.collect()
    before = _rss()
    t0 = time.perf_counter()
    plan = importer.read_plan(wire, identity_keys=kind == "full")
    objects = [importer.import_plan(plan, location=(0.3 * k, 0.0, 0.0)) for k in range(heads)]
    seconds = time.perf_counter() - t0
    keys, vertices = len(objects[0].data.shape_keys.key_blocks), len(objects[0].data.vertices)
    del plan, objects
    gc.collect()
    memory = _rss() - before
    sizes = {c: save(f"{heads}-{c}", c) - empty[c] for c in (False, True)}
    return {"kind": kind, "heads": heads, "key_blocks": keys, "vertices": vertices,
            "memory_mb_per_head": round(memory / heads / MB, 2),
            "blend_mb_per_head": round(sizes[False] / heads / MB, 2),
            "blend_compressed_mb_per_head": round(sizes[True] / heads / MB, 2),
            "import_s_per_head": round(seconds / heads, 3)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heads", type=int, default=10)
    parser.add_argument("--wire", default=None, help="wire file to import (default: build one from the ICT model)")
    parser.add_argument("--json-out", default=None)
    parser.add_argument("--measure", choices=("full", "light"), help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    if not 1 <= args.heads <= 100:
        parser.error(f"--heads must be in 1..100, got {args.heads}")

    if args.measure:
        tmp = Path(tempfile.mkdtemp(prefix="textface-bench-light-"))
        print(json.dumps(measure(args.measure, Path(args.wire), args.heads, tmp)))
        return 0
    _, wire = bench_setup.prepare(args.wire, "textface-bench-light-")
    env = dict(os.environ)
    results = {}
    for kind in ("full", "light"):
        proc = subprocess.run([sys.executable, __file__, "--measure", kind, "--wire", str(wire),
                               "--heads", str(args.heads)], cwd=REPO, env=env, capture_output=True, text=True,
                              check=False)
        if proc.returncode != 0:
            print(proc.stdout + proc.stderr, file=sys.stderr)
            return 2
        results[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
    full, light = results["full"], results["light"]
    ratios = {k: round(full[k] / light[k], 2) for k in ("memory_mb_per_head", "blend_mb_per_head",
                                                       "blend_compressed_mb_per_head") if light[k] > 0}
    report = {"full": full, "light": light, "full_over_light": ratios, "goal_ratio": GOAL_RATIO,
              "load_average_1min": round(os.getloadavg()[0], 2)}
    ok = all(ratios.get(k, 0) >= GOAL_RATIO for k in ("memory_mb_per_head", "blend_mb_per_head"))
    return bench_setup.finish(report, ok, args.json_out)


if __name__ == "__main__":
    sys.exit(main())
