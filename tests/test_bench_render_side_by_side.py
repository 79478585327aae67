"""`bench render`'s side-by-side timing of two renderers: blocks of steps (the verdict) and single
steps interleaved, each with the order of the pair alternating."""
from __future__ import annotations

from backend.bench.render import side_by_side


def test_blocks_alternate_order_then_single_steps_interleave():
    calls = []
    runs = side_by_side(lambda: calls.append("a"), lambda: calls.append("b"), repeat=4, block=2)
    # two rounds of blocks (a a b b, then b b a a), then four interleaved pairs
    assert "".join(calls) == "aabb" "bbaa" + "ab" * 4
    for way in ("blocked", "interleaved"):
        ours, other = runs[way]
        assert len(ours) == len(other) == 4 and all(t >= 0 for t in ours + other)


def test_times_belong_to_their_own_step():
    import time

    runs = side_by_side(lambda: time.sleep(0.002), lambda: time.sleep(0.012), repeat=3, block=2)
    for way in ("blocked", "interleaved"):
        ours, other = runs[way]
        assert max(ours) < min(other)  # each list holds its own function's times, never the other's
    assert len(runs["blocked"][0]) == 4  # whole blocks: repeat rounded up to a multiple of the block


def test_after_pauses_waits_before_each_timed_step():
    import time

    from backend.bench.render import after_pauses

    marks = []
    out = after_pauses(lambda: marks.append(time.perf_counter()), (0, 30), repeat=2)
    assert set(out) == {0, 30} and all(len(v) == 2 for v in out.values())
    # calls come in pairs (warm-up, timed); the timed call follows its warm-up by at least the pause
    gaps = [b - a for a, b in zip(marks[0::2], marks[1::2])]
    assert gaps[1] >= 0.03 and gaps[3] >= 0.03 and gaps[0] < 0.03
