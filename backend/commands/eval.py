"""Dispatch `python -m backend eval TARGET ...` to backend/TARGET/evaluate.py:main(argv)."""
from __future__ import annotations

import argparse
import importlib

HELP = "report quality figures: parser, shape, texture, refine, render or hair"
TARGETS = ("parser", "shape", "texture", "refine", "render", "hair")


def add_arguments(p) -> None:
    p.add_argument("target", choices=TARGETS)
    p.add_argument("rest", nargs=argparse.REMAINDER, help="options of that evaluation (--help for them)")


def run(args) -> int:
    module = importlib.import_module(f"backend.{args.target}.evaluate")
    return int(module.main(args.rest) or 0)
