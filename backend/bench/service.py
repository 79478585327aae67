"""Benchmark: the service under load.  20 generate jobs (no refinement) submitted at once to a real
`python -m backend serve` process; all must finish, none lost or mixed up (each head.json must carry its
own prompt and seed).  Reports throughput (heads/s) and status-call latency while the jobs run
(target: p95 <= 50 ms on loopback).

Shorter or wider runs: `python -m backend.bench.service --jobs 5 --workers 2 --texture-size 256`.
"""
from __future__ import annotations

HELP = "service under load: 20 generate jobs at once; heads/s and status-call latency (p95 <= 50 ms)"
TARGET_P95_MS = 50.0
PROMPTS = (
    "an old man with a wide nose and a grey beard",
    "a young woman with freckles and red hair",
    "a middle-aged man with a square jaw and thick eyebrows",
    "a chubby boy with round cheeks",
    "a thin elderly woman with high cheekbones",
)


def add_arguments(p) -> None:
    p.add_argument("--jobs", type=int, default=20, help="generate jobs submitted at once")
    p.add_argument("--workers", type=int, default=1, help="worker processes of the service")
    p.add_argument("--texture-size", type=int, default=1024, choices=(256, 512, 1024, 2048))


def _start(data_dir, workers: int, token: str, device: str, extra: list[str] = ()):
    """A `serve` process on a free port (`extra`: more serve options) and its READY line's fields."""
    import json
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "backend", "serve", "--port", "0", "--data-dir", str(data_dir),
                             f"--token={token}", "--workers", str(workers), "--max-queue", "1000",
                             "--keep-jobs", "0", "--max-job-age", "0", "--device", device, *extra],  # keep all to check
                            stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.startswith("TEXTFACE_SERVICE_READY "):
            return proc, json.loads(line.split(" ", 1)[1])
    raise RuntimeError(f"the service exited before it was ready (status {proc.wait()})")


def run(args) -> int:
    import json
    import secrets
    import signal
    import statistics
    import tempfile
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from ..client import TextFaceClient
    from ..io.wire import read_wire, sidecar_of
    from ._report import Report

    for name, default in (("jobs", 20), ("workers", 1), ("texture_size", 1024), ("device", "cpu")):
        if not hasattr(args, name):
            setattr(args, name, default)
    report = Report("service", args)
    token = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="textface-bench-service-") as tmp:
        proc, ready = _start(Path(tmp) / "data", args.workers, token, args.device)
        try:
            client = TextFaceClient(ready["url"], token, timeout=30)
            wanted = [(PROMPTS[k % len(PROMPTS)], 1000 + k) for k in range(args.jobs)]
            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.jobs) as pool:  # all at once
                ids = list(pool.map(lambda ps: client.submit_generate(
                    ps[0], seed=ps[1], refine=False, texture_size=args.texture_size)["id"], wanted))
            submitted = time.perf_counter() - t0
            latencies, states = [], {}
            stop = threading.Event()

            def poll():  # round robin, 100 calls/s: like 50 add-ons polling every 0.5 s
                k = 0
                while not stop.wait(0.01):
                    job_id = ids[k % len(ids)]
                    t = time.perf_counter()
                    states[job_id] = client.status(job_id)["state"]
                    latencies.append(time.perf_counter() - t)
                    k += 1

            poller = threading.Thread(target=poll, daemon=True)
            poller.start()
            while len(states) < len(ids) or any(s not in ("done", "failed", "cancelled") for s in states.values()):
                time.sleep(0.1)
            wall = time.perf_counter() - t0
            stop.set()
            poller.join()

            finals = {job_id: client.status(job_id) for job_id in ids}
            failed = {j: s["error"]["message"] for j, s in finals.items() if s["state"] != "done"}
            mixed = []
            for job_id, (prompt, seed) in zip(ids, wanted):
                if job_id in failed:
                    continue
                head = json.loads(client.fetch(job_id, "json", Path(tmp) / f"{job_id}.json").read_text("utf-8"))
                if (head["prompt"], head["seed"]) != (prompt, seed):
                    mixed.append(job_id)
            wire = sidecar_of(read_wire(client.fetch(ids[-1], "npz", Path(tmp) / "last.npz")))
            if (wire["prompt"], wire["seed"]) != wanted[-1]:
                mixed.append(ids[-1])
            listed = {j["id"] for j in client.list_jobs(limit=1000)}
            job_bytes = [sum(f.stat().st_size for f in (Path(tmp) / "data" / "jobs" / j).rglob("*") if f.is_file())
                         for j in ids]
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)

    lat_ms = sorted(1e3 * x for x in latencies)
    p50 = statistics.median(lat_ms)
    p95 = lat_ms[min(len(lat_ms) - 1, int(round(0.95 * (len(lat_ms) - 1))))]
    print(f"  {args.jobs} jobs, {args.workers} worker(s), texture {args.texture_size}px, no refinement, preview on")
    print(f"  submitted in {submitted * 1e3:.0f} ms; all ended after {wall:.1f} s: "
          f"{len(ids) - len(failed)} done, {len(failed)} failed, {len(mixed)} mixed up, "
          f"{len(set(ids)) - len(set(ids) & listed)} missing from the job list")
    report.add("wall time, submit to last job ended", [wall], heads_per_s=round((len(ids) - len(failed)) / wall, 3))
    report.add("status call latency while jobs run", [x / 1e3 for x in lat_ms], p50_ms=round(p50, 2),
               p95_ms=round(p95, 2), max_ms=round(lat_ms[-1], 2))
    print(f"  throughput {(len(ids) - len(failed)) / wall:.3f} heads/s; status latency p50 {p50:.2f} ms, "
          f"p95 {p95:.2f} ms (target <= {TARGET_P95_MS:.0f} ms), max {lat_ms[-1]:.2f} ms over {len(lat_ms)} calls")
    print(f"  disk per job folder: {statistics.median(job_bytes) / 1e6:.1f} MB (serve --keep-jobs / --max-job-age "
          "bound the total)")
    report.finish()
    for job_id, message in failed.items():
        print(f"  failed {job_id}: {message}")
    ok = not failed and not mixed and set(ids) <= listed and len(set(ids)) == len(ids) and p95 <= TARGET_P95_MS
    print("  result: " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=HELP)
    add_arguments(parser)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", dest="json_out", default=None)
    parser.add_argument("--device", default="cpu")
    sys.exit(run(parser.parse_args()))
