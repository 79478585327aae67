"""Row gathers of `backend.render.soa`: the split path for 3 rows (two halves of columns, from 64 k
columns on the CPU) gives exactly the plain gather's result, for even and odd counts and any dtype."""
from __future__ import annotations

import pytest
import torch

from backend.render.soa import _HALVES_FROM, gather_rows


@pytest.mark.parametrize("k", [_HALVES_FROM - 1, _HALVES_FROM, _HALVES_FROM + 1, 140_001])
@pytest.mark.parametrize("dtype", [torch.float32, torch.int32, torch.int64, torch.bool])
def test_three_row_gather_matches_the_plain_gather(k, dtype):
    g = torch.Generator().manual_seed(k)
    rows = (torch.rand(3, 5_000, generator=g) * 100).to(dtype)
    idx = torch.randint(0, 5_000, (k,), generator=g)
    out = gather_rows(rows, idx)
    assert out.shape == (3, k) and out.dtype == dtype and out.is_contiguous()
    assert torch.equal(out, torch.gather(rows, 1, idx.expand(3, k)))


def test_rows_that_need_gradients_take_the_plain_gather():
    rows = torch.rand(3, 100, requires_grad=True)
    idx = torch.randint(0, 100, (_HALVES_FROM + 3,))
    out = gather_rows(rows, idx)
    out.sum().backward()  # differentiable: no out= write on this path
    assert torch.equal(rows.grad, torch.zeros(3, 100).index_add_(1, idx, torch.ones(3, idx.shape[0])))
