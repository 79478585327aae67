"""Benchmark: how fast a cancel stops a job, in each stage.  A real `python -m backend serve` process (temp data
folder, one warmed worker) runs generate jobs; each is cancelled `--per-stage` times in each stage (parse,
shape, texture, refine, write), `--into` seconds after its status first shows that stage, and the time
from `POST .../cancel` until the status says cancelled is reported per stage (median / max).

Refinement needs CLIP weights: without `--clip-weights` the bench writes random weights of `--clip-model`
(ViT-S-32 by default) into its temp folder: how fast a cancel lands does not depend on what the weights say.
`--no-refine` leaves the refine stage out.

Checked, not timed (the verdict): every job ends cancelled (or done: the stage ended before the cancel
landed, reported as missed), none failed or stopped by force, no cancelled job keeps a result file or a
staging folder, and the worker then makes a whole head.
"""
from __future__ import annotations

HELP = "cancel latency per stage (parse/shape/texture/refine/write) of a real service; checks clean stops"
STAGES = ("parse", "shape", "texture", "refine", "write")
PROMPT = "an old man with a wide nose and a grey beard"
ABSTRACT = ", looks kind and wise"  # an abstract phrase: the refine stage runs
FORCED = "did not stop within"  # the runner's message for a job its worker was killed for


def add_arguments(p) -> None:
    from .. import checks

    p.add_argument("--per-stage", type=checks.int_in(1), default=3, help="cancelled jobs per stage")
    p.add_argument("--into", type=_seconds, default=0.1,
                   help="seconds after a stage shows before the cancel (parse: at once; it lasts milliseconds)")
    p.add_argument("--texture-size", type=int, default=1024, choices=(256, 512, 1024, 2048))
    p.add_argument("--refine-steps", type=checks.int_in(1), default=30)
    p.add_argument("--clip-model", default="ViT-S-32", help="open_clip config of the CLIP weights")
    p.add_argument("--clip-weights", default=None, help="CLIP weights file (default: random ones, written here)")
    p.add_argument("--no-refine", action="store_true", help="leave the refine stage out")
    p.add_argument("--stages", type=_stage_list, default=list(STAGES),
                   help=f"comma-separated stages to cancel in (default {','.join(STAGES)})")


def _random_clip_weights(model: str, folder) -> str:
    """Random weights of the open_clip config `model` as a safetensors file (torch only here, in the bench)."""
    import open_clip
    from safetensors.torch import save_file

    net = open_clip.create_model(model, pretrained=None)
    path = folder / f"random-{model}.safetensors"
    save_file({k: v.contiguous() for k, v in net.state_dict().items()}, str(path))
    return str(path)


def _seconds(text: str) -> float:
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 60:
        raise argparse.ArgumentTypeError(f"expected seconds in 0..60, got {text!r}")
    return value


def _stage_list(text: str) -> list[str]:
    import argparse

    wanted = [s.strip() for s in text.split(",") if s.strip()]
    bad = [s for s in wanted if s not in STAGES]
    if bad or not wanted:
        raise argparse.ArgumentTypeError(f"one or more of {', '.join(STAGES)}, got {text!r}")
    return wanted


def _cancel_in(client, job_id: str, stage: str, into: float, timeout: float = 600.0) -> dict:
    """Wait until the job runs its `stage` (or a later one: parse lasts milliseconds, it is often passed
    between two polls), `into` s more, cancel; poll every 5 ms until it ends."""
    import time

    from ..client import BadRequest

    deadline = time.monotonic() + timeout
    wanted = STAGES.index(stage)
    status = client.status(job_id)
    while status["state"] != "running" or STAGES.index(status["stage"] or "parse") < wanted:
        if status["state"] not in ("queued", "running"):
            return {"stage": stage, "outcome": f"ended {status['state']} before the stage", "status": status}
        if time.monotonic() > deadline:
            raise TimeoutError(f"job {job_id} never reached the {stage} stage: {status}")
        time.sleep(0.005)
        status = client.status(job_id)
    if into > 0:
        time.sleep(into)
    seen = client.status(job_id)["stage"] or "parse"  # where the job was when asked
    t = time.perf_counter()
    try:
        client.cancel(job_id)
    except BadRequest as exc:  # 409: it ended meanwhile (counted as missed below)
        if exc.status != 409:
            raise
    while (status := client.status(job_id))["state"] in ("running", "cancelling"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"job {job_id} still {status['state']} {timeout} s after its cancel")
        time.sleep(0.005)
    latency = time.perf_counter() - t
    outcome = "cancelled" if status["state"] == "cancelled" else status["state"]
    if outcome == "cancelled" and FORCED in status["message"]:
        outcome = "forced"
    return {"stage": stage, "seen": seen, "outcome": outcome, "latency_s": latency, "status": status}


def _load() -> str:
    """The 1-minute load average (figures taken on a busy machine are slower), or "n/a"."""
    import os

    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (AttributeError, OSError):  # not on this platform
        return "n/a"


def _leftovers(job_dir) -> list[str]:
    """Anything in a cancelled job's folder but its request, status and progress preview."""
    return sorted(p.name for p in job_dir.iterdir()
                  if p.name not in ("request.json", "status.json", "progress_preview.png"))


def run(args) -> int:
    import json
    import secrets
    import signal
    import statistics
    import tempfile
    from pathlib import Path

    from ..client import ClientError, TextFaceClient
    from ._report import Report
    from .service import _start

    stages = [s for s in args.stages if not (args.no_refine and s == "refine")]
    load_before = _load()
    report = Report("cancel", args)
    token = secrets.token_urlsafe(24)
    rows, problems = [], []
    with tempfile.TemporaryDirectory(prefix="textface-bench-cancel-") as tmp:
        tmp = Path(tmp)
        extra = ["--cancel-grace", "300"]  # a forced stop would hide the latency: reported as "forced"
        if "refine" in stages:
            weights = args.clip_weights or _random_clip_weights(args.clip_model, tmp)
            extra += ["--clip-weights", weights, "--clip-model", args.clip_model]
        proc, ready = _start(tmp / "data", 1, token, args.device, extra)
        try:
            client = TextFaceClient(ready["url"], token, timeout=30)

            def job(seed: int, refine: bool) -> str:
                return client.submit_generate(PROMPT + (ABSTRACT if refine else ""), seed=seed, refine=refine,
                                              refine_steps=args.refine_steps, texture_size=args.texture_size)["id"]

            # warm-up: the worker process starts, imports torch, builds the derived cache
            try:
                client.wait(job(1, "refine" in stages), timeout=1800, poll=0.2)
            except (ClientError, TimeoutError) as exc:  # nothing to measure: said in one line
                print(f"  the warm-up job did not finish: {exc}")
                print("  result: FAIL")
                return 1
            seed = 100
            for stage in stages:
                for _ in range(args.per_stage):
                    seed += 1
                    job_id = job(seed, stage == "refine")
                    row = _cancel_in(client, job_id, stage, 0.0 if stage == "parse" else args.into)
                    if row["outcome"] == "cancelled":
                        left = _leftovers(tmp / "data" / "jobs" / job_id)
                        if left:
                            problems.append(f"cancelled job {job_id} ({stage}) left {', '.join(left)}")
                    elif row["outcome"] != "done":
                        problems.append(f"job {job_id} cancelled in {stage}: {row['outcome']} "
                                        f"({row['status']['message']})")
                    rows.append(row)
            last = job(7, False)
            try:
                client.wait(last, timeout=1800, poll=0.2)
                head = json.loads(client.fetch(last, "json", tmp / "last.json").read_text("utf-8"))
                if (head["prompt"], head["seed"]) != (PROMPT, 7):
                    problems.append("the head made after the cancels is not the one asked for")
            except (ClientError, TimeoutError) as exc:  # the verdict's reason
                problems.append(f"the job after the cancels did not finish: {exc}")
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)

    refine_note = ("" if "refine" not in stages else
                   f", refine {args.refine_steps} steps with {args.clip_model} "
                   f"({'random weights' if not args.clip_weights else args.clip_weights})")
    print(f"  texture {args.texture_size}px{refine_note}; cancelled {args.into:g} s into each stage "
          f"(parse: at once); latency = POST cancel -> status cancelled; load {load_before} -> {_load()}")
    summary = {}
    for stage in stages:
        mine = [r for r in rows if r["stage"] == stage]
        times = [r["latency_s"] for r in mine if r["outcome"] == "cancelled"]
        missed = sum(r["outcome"] == "done" for r in mine)
        seen = sorted({r.get("seen", "?") for r in mine})
        summary[stage] = {"n": len(mine), "cancelled": len(times), "missed": missed, "seen": seen,
                          "median_ms": round(1e3 * statistics.median(times), 1) if times else None,
                          "max_ms": round(1e3 * max(times), 1) if times else None}
        if times:
            report.add(f"cancel in {stage}", times, max_ms=round(1e3 * max(times), 1), missed=missed,
                       seen="/".join(seen))
        else:
            print(f"  cancel in {stage}: no job was cancelled there ({missed} ended first)")
    print("  per stage: " + json.dumps(summary))
    report.finish()
    for problem in problems:
        print(f"  problem: {problem}")
    print("  result: " + ("PASS" if not problems else "FAIL"))
    return 0 if not problems else 1
