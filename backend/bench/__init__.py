"""Benchmarks: one module per target, each with HELP, add_arguments(p) and run(args) -> int.

`python -m backend bench TARGET` runs one; `python -m backend bench all` runs every target.
"""
