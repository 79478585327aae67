"""CLI plumbing: commands are discovered, errors are one clear line with exit status 2."""
from __future__ import annotations

import subprocess
import sys


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "backend", *args], capture_output=True, text=True, env=env)


def test_help_lists_commands():
    r = run("--help")
    assert r.returncode == 0
    for name in ("assets", "bench", "eval", "generate", "sample", "train"):
        assert name in r.stdout


def test_unknown_bench_lists_valid_choices():
    r = run("bench", "nope")
    assert r.returncode == 2 and "valid: all, " in r.stderr and "face_model" in r.stderr
    assert "Traceback" not in r.stderr


def test_bench_passes_target_options(monkeypatch, capsys):
    """Target options reach the target's own parser; shared ones keep working after the target."""
    import argparse

    from backend.bench import render
    from backend.commands import bench

    seen = {}
    monkeypatch.setattr(render, "run", lambda a: seen.setdefault("args", a) and 0)
    p = argparse.ArgumentParser()
    bench.add_arguments(p)
    assert bench.run(p.parse_args(["render", "--resolutions", "64", "--repeat", "2", "--no-deodr"])) == 0
    args = seen["args"]
    assert (args.resolutions, args.repeat, args.no_deodr, args.device) == ("64", 2, True, "cpu")


def test_bench_bad_target_option_is_a_clear_error():
    r = run("bench", "render", "--bogus", "1")
    assert r.returncode == 2 and "bad options for bench render" in r.stderr and "Traceback" not in r.stderr
    r = run("bench", "all", "--steps", "3")
    assert r.returncode == 2 and "need one target" in r.stderr
    for bad in ("0", "-3", "two"):  # no timed step at all gave NaN medians and a verdict from nothing
        r = run("bench", "render", "--repeat", bad)
        assert r.returncode == 2 and "--repeat" in r.stderr and "Traceback" not in r.stderr


def test_bench_all_runs_every_target_that_needs_no_options_of_its_own(monkeypatch, capsys):
    # render_ab needs --against: `bench all` used to stop at its option check before running anything
    import argparse
    import importlib

    from backend.commands import bench

    ran = []
    for name in bench._targets():
        module = importlib.import_module(f"backend.bench.{name}")
        monkeypatch.setattr(module, "run", lambda a, name=name: ran.append(name) or 0)
    p = argparse.ArgumentParser()
    bench.add_arguments(p)
    assert bench.run(p.parse_args(["all", "--repeat", "1"])) == 0
    left = [t for t in bench._targets() if not bench._in_all(importlib.import_module(f"backend.bench.{t}"))]
    assert "render_ab" in left and ran == [t for t in bench._targets() if t not in left]
    assert f"leaves out {', '.join(left)}" in capsys.readouterr().out
    assert bench.run(p.parse_args(["all", "--help"])) == 0 and not ran[len(bench._targets()) - len(left):]
    out = capsys.readouterr().out
    assert out.startswith("python -m backend bench all") and f"not {', '.join(left)}" in out


def test_bench_blender_needs_its_environment(tmp_path):
    r = run("bench", "blender", "--blender-python", str(tmp_path / "nope"))
    assert r.returncode == 2 and "no Blender environment" in r.stderr and "Traceback" not in r.stderr


def test_missing_model_is_a_clear_error(tmp_path):
    import os

    env = dict(os.environ, TEXTFACE_CACHE_DIR=str(tmp_path / "empty"))
    r = run("sample", "--out", str(tmp_path / "o"), env=env)
    assert r.returncode == 2 and "not installed" in r.stderr and "assets install" in r.stderr
    assert "Traceback" not in r.stderr


def test_bad_archive_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"nope")
    r = run("assets", "install", "--from", str(bad), "--cache-dir", str(tmp_path / "c"), "--force")
    assert r.returncode == 2 and "not a zip" in r.stderr and "Traceback" not in r.stderr
