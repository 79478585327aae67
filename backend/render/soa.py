"""Column gathers and scatters in structure-of-arrays layout.

A per-vertex table (M, C) is read per corner of many fragments.  Keeping its C columns as the
contiguous rows of a (C, M) copy and reading them with one `gather` along dim 1 at the index
broadcast over the rows (writing with one `scatter_add_` the same way) is faster on CPU than row
gathers and `index_add_` on the interleaved table (about twice) and than C 1-D `index_select` /
`scatter_add_` calls (torch splits the rows over its threads), and leaves the results as
contiguous (C, K) rows for the arithmetic that follows.
"""
from __future__ import annotations

import torch


def transposed(table: torch.Tensor) -> torch.Tensor:
    """(M, C) -> contiguous (C, M) copy (written through a transposed view of the output: torch's
    CPU copy is several times faster that way round than `table.T.contiguous()` for small C)."""
    if table.stride(0) == 1 and table.stride(1) == table.shape[0]:  # already the view of such rows
        return table.T
    out = table.new_empty(table.shape[1], table.shape[0])
    out.T.copy_(table)
    return out


class _Rows(torch.autograd.Function):
    """(M, C) -> contiguous (C, M) rows, with the gradient handed back as a contiguous (M, C)."""

    @staticmethod
    def forward(ctx, table):
        return transposed(table)

    @staticmethod
    def backward(ctx, grad):
        out = grad.new_empty(grad.shape[1], grad.shape[0])
        out.T.copy_(grad)
        return out


def rows(table: torch.Tensor) -> torch.Tensor:
    """Differentiable `transposed`: (M, C) -> (C, M) rows (e.g. vertex positions as x, y, z rows)."""
    return _Rows.apply(table)


def gather_columns(table: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
    """table (M, C), idx (K,) int64 -> (C, K) with [c, k] = table[idx[k], c]."""
    cols = transposed(table)
    return gather_rows(cols, idx)


def scatter_columns(vals: torch.Tensor, idx: torch.Tensor, m: int) -> torch.Tensor:
    """vals (C, K), idx (K,) int64 -> (M, C) sums with [i, c] = sum of vals[c, k] over idx[k] == i
    (the transposed view of a contiguous (C, M) tensor)."""
    out = vals.new_zeros(vals.shape[0], m)
    return scatter_rows_add(out, idx, vals).T


def dot_rows(a, b) -> torch.Tensor:
    """Sum over the leading index of a[k] * b[k] (k rows each, (C, N) views or tensors broadcasting
    to a common shape), as one product and k - 1 `addcmul_`: a broadcast over a short dimension and
    a reduction over a leading one are both slow on CPU."""
    ar = a.unbind(0) if torch.is_tensor(a) else a  # (one unbind: each a[k] would be an op call)
    br = ar if b is a else b.unbind(0) if torch.is_tensor(b) else b
    out = ar[0] * br[0]
    for k in range(1, len(ar)):
        out.addcmul_(ar[k], br[k])
    return out


def gather_rows(rows: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
    """rows (C, M), idx (K,) int64 -> (C, K) with [c, k] = rows[c, idx[k]]: one `gather` along dim 1
    at the index broadcast over the rows (torch splits that over its threads; C 1-D
    `index_select`s run one after another, and an `index_select` along dim 1 is slower still)."""
    return torch.gather(rows, 1, idx.expand(rows.shape[0], idx.shape[0]))


def scatter_rows_add(out: torch.Tensor, idx: torch.Tensor, vals: torch.Tensor) -> torch.Tensor:
    """out (C, M) += vals (C, K) at columns idx (K,) int64, in place: one `scatter_add_` along dim 1
    (its rows run on torch's threads in parallel; a 1-D `scatter_add_` runs on one)."""
    return out.scatter_add_(1, idx.expand(vals.shape[0], idx.shape[0]), vals)

