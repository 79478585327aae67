"""Dispatch `python -m backend train TARGET ...` to backend/TARGET/train.py:main(argv)."""
from __future__ import annotations

import argparse
import importlib

HELP = "train a model: shape (text code -> 3DMM coefficients) or texture (StyleGAN2 albedo)"
TARGETS = ("shape", "texture")


def add_arguments(p) -> None:
    p.add_argument("target", choices=TARGETS)
    p.add_argument("rest", nargs=argparse.REMAINDER, help="options of that trainer (--help for them)")


def run(args) -> int:
    module = importlib.import_module(f"backend.{args.target}.train")
    return int(module.main(args.rest) or 0)
