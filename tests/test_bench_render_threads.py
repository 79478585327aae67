"""`bench render`'s 1-thread / N-thread pair: alternating blocks, thread count restored."""
from __future__ import annotations


def test_thread_pairs_alternate_blocks_and_restore_the_thread_count():
    import torch

    from backend.bench.render import thread_pairs

    before = torch.get_num_threads()
    seen = []
    out = thread_pairs(lambda: seen.append(torch.get_num_threads()), 2, repeat=4, block=2)
    # per round: one untimed step after the switch, then the block; 1 thread first, then swapped
    assert seen == [1, 1, 1, 2, 2, 2] + [2, 2, 2, 1, 1, 1]
    assert torch.get_num_threads() == before
    for n in (1, 2):
        wall, cpu = out[n]
        assert len(wall) == len(cpu) == 4 and all(t >= 0 for t in wall + cpu)
