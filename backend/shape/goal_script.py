"""The command line of a shape goal script (`python -m backend.shape.<goal> [SEEDS]`): figures for the committed
weights over SEEDS seeds, the report, then each goal PASS / FAIL."""
from __future__ import annotations


def run(figures, report, goals, default_seeds: int, argv=None) -> int:
    """figures(face_model, shape_model, seeds) -> fig; report(fig) -> str; goals(fig) -> {goal: ok}."""
    import sys

    from ..face_model import load_face_model
    from . import load_shape_model

    args = sys.argv[1:] if argv is None else argv
    fig = figures(load_face_model(), load_shape_model(), range(int(args[0]) if args else default_seeds))
    print(report(fig))
    for goal, ok in goals(fig).items():
        print(f"  [{'PASS' if ok else 'FAIL'}] {goal}")
    return 0
