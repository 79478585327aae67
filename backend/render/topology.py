"""Mesh topology for the rasterizer: triangles plus what is derived from them once and reused.

A `Topology` holds the (T, 3) vertex ids and, per device, lazily built structures: the triangle
columns as contiguous index vectors (structure-of-arrays); on first use only, the triangle across
each edge (what `antialias` finds silhouette edges with) and the largest connected part (what the
rasterizer draws first); and, per batch size, the flat corner index that the rasterizer and the
vertex normals gather (and scatter) through.  Build it once per mesh (the `Renderer` caches it) so
that none of this is recomputed per call; a topology that is only interpolated through (the UV
triangles) builds the columns alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from .errors import RenderError

# Caches are built as ordinary tensors even when first asked for inside `torch.inference_mode`
# (the rasterizer's discrete pass runs there): later differentiable ops save some of them.
_NORMAL = lambda: torch.inference_mode(False)  # noqa: E731


@dataclass(frozen=True, eq=False)
class DeviceTopology:
    """The arrays of one `Topology` on one device (all int64 unless noted); the edge tables and the
    occluder are built on first use (`across_cols`, `always_cols`, `occluder`)."""

    topology: "Topology" = field(repr=False)
    triangles: torch.Tensor  # (T, 3)
    corner_rows: torch.Tensor  # (3, T) contiguous: the triangle columns as rows
    corners: tuple[torch.Tensor, torch.Tensor, torch.Tensor]  # 3 x (T,) the rows of corner_rows
    _gathers: dict = field(default_factory=dict, repr=False)

    def _edges(self) -> tuple[tuple[torch.Tensor, ...], tuple[torch.Tensor, ...]]:
        if "edges" not in self._gathers:
            across, always = edge_adjacency(self.topology.triangles.numpy(), self.topology.n_vertices)
            dev = self.triangles.device
            with _NORMAL():
                self._gathers["edges"] = (
                    tuple(torch.from_numpy(np.ascontiguousarray(across[:, k])).to(dev) for k in range(3)),
                    tuple(torch.from_numpy(np.ascontiguousarray(always[:, k])).to(dev) for k in range(3)))
        return self._gathers["edges"]

    @property
    def across_cols(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """3 x (T,): per triangle and edge k (the one opposite corner k), the triangle across it; for a
        boundary / non-manifold edge the edge's first triangle, whose orientation decides there."""
        return self._edges()[0]

    @property
    def always_cols(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """3 x (T,) bool: per triangle and edge k, whether the edge is always a silhouette (boundary or
        non-manifold)."""
        return self._edges()[1]

    @property
    def occluder(self) -> torch.Tensor | None:
        """(T,) bool: the triangles of the largest connected part, which the rasterizer draws first, or
        None when that part is the whole mesh."""
        if "occluder" not in self._gathers:
            occ = largest_part(self.topology.triangles, self.topology.n_vertices)
            with _NORMAL():
                self._gathers["occluder"] = None if occ is None else occ.to(self.triangles.device)
        return self._gathers["occluder"]

    def screen_columns32(self, batch: int, n_vertices: int) -> torch.Tensor:
        """The first third of `screen_gather`, (3*B*T,) laid out (corner k, b*T + t) -> b*V +
        triangles[t, k], as int32 when it fits: the rasterizer reads x, y, z through it with one
        `index_select` along the columns of (3, B*V) rows (a third of the index bytes to stream
        than a flat index over the three rows, and faster)."""
        key = ("columns32", batch, n_vertices)
        if key not in self._gathers:
            cols = self.screen_gather(batch, n_vertices)[:3 * batch * self.triangles.shape[0]]
            with _NORMAL():
                self._gathers[key] = cols.to(torch.int32) if batch * n_vertices < 2 ** 31 else cols.clone()
        return self._gathers[key]

    def across_rows(self, batch: int) -> tuple[torch.Tensor, torch.Tensor]:
        """For a batch of views laid out b*T + t: the triangle across each edge, (3*B*T,) flat as
        (edge k, b*T + t) (int32 when it fits: a lighter gather), and whether that edge is always a
        silhouette, (3, B*T) bool (cached per B)."""
        key = ("across", batch)
        if key not in self._gathers:
            with _NORMAL():
                T = self.triangles.shape[0]
                off = torch.arange(batch, device=self.triangles.device).repeat_interleave(T) * T
                across = torch.cat([a.repeat(batch) + off for a in self.across_cols])
                if across.numel() < 2 ** 31:
                    across = across.to(torch.int32)
                self._gathers[key] = across, torch.stack([a.repeat(batch) for a in self.always_cols])
        return self._gathers[key]

    def edge_end_rows(self) -> torch.Tensor:
        """(6, T): the two ends of every triangle's edges, rows 0..2 the corner k + 1 of edge k (the
        edge opposite corner k) and rows 3..5 its corner k + 2, i.e. `corner_rows` rolled by one and
        by two rows (cached: the antialias gathers both ends at once instead of rolling copies)."""
        if "edge_ends" not in self._gathers:
            with _NORMAL():
                c = self.corner_rows
                self._gathers["edge_ends"] = torch.cat([c.roll(-1, 0), c.roll(-2, 0)]).contiguous()
        return self._gathers["edge_ends"]

    def occluder_rows(self, batch: int) -> torch.Tensor | None:
        """`occluder` repeated for a batch of views, (B*T,) laid out b*T + t (cached per B)."""
        if self.occluder is None:
            return None
        key = ("occluder", batch)
        if key not in self._gathers:
            with _NORMAL():
                self._gathers[key] = self.occluder.repeat(batch)
        return self._gathers[key]

    def screen_gather(self, batch: int, n_vertices: int) -> torch.Tensor:
        """(9*B*T,) int64 indices into the first three rows (flattened) of a (4, B*V) per-vertex table,
        laid out (quantity q, corner k, b*T + t) -> q*B*V + b*V + triangles[t, k] (cached per B, V)."""
        key = (batch, n_vertices)
        if key not in self._gathers:
            with _NORMAL():
                B, V = batch, n_vertices
                t = self.triangles.T  # (3, T)
                dev = t.device
                per_view = t[:, None, :] + (torch.arange(B, device=dev) * V)[None, :, None]  # (3, B, T)
                q = (torch.arange(3, device=dev) * (B * V))[:, None, None]
                self._gathers[key] = (q + per_view.reshape(1, 3, -1)).reshape(-1)
        return self._gathers[key]


class Topology:
    """Triangles of a mesh and their derived structures (built lazily, cached per device)."""

    def __init__(self, triangles, n_vertices: int | None = None):
        # np.array copies: the model's triangles are read-only, which torch.as_tensor warns about
        tris = torch.as_tensor(np.array(triangles) if not torch.is_tensor(triangles) else triangles)
        if tris.ndim != 2 or tris.shape[1] != 3:
            raise RenderError(f"triangles must have shape (T, 3), got {tuple(tris.shape)}")
        if tris.dtype.is_floating_point or tris.dtype == torch.bool or tris.is_complex():
            raise RenderError(f"triangles must be integer vertex ids, got dtype {tris.dtype}")
        tris = tris.detach().to("cpu", torch.int64).contiguous()
        if tris.shape[0] == 0:
            raise RenderError("triangles is empty")
        lo, hi = int(tris.min()), int(tris.max())
        if lo < 0:
            raise RenderError(f"triangles hold a negative vertex id ({lo})")
        if n_vertices is not None and hi >= n_vertices:
            raise RenderError(f"triangles reference vertex {hi} but the mesh has {n_vertices} vertices")
        self.triangles = tris
        self.n_vertices = int(n_vertices) if n_vertices is not None else hi + 1
        self._devices: dict[str, DeviceTopology] = {}

    @property
    def n_triangles(self) -> int:
        return int(self.triangles.shape[0])

    def check_vertices(self, n_vertices: int) -> None:
        if n_vertices < self.n_vertices:
            raise RenderError(f"the mesh has {n_vertices} vertices but the triangles need {self.n_vertices}")

    def on(self, device: torch.device | str) -> DeviceTopology:
        """The derived arrays on `device` (built on first use)."""
        key = str(torch.device(device))
        if key not in self._devices:
            with _NORMAL():
                self._devices[key] = self._build(torch.device(device))
        return self._devices[key]

    def _build(self, device: torch.device) -> DeviceTopology:
        tris_d = self.triangles.to(device)
        corner_rows = tris_d.T.contiguous()
        return DeviceTopology(topology=self, triangles=tris_d, corner_rows=corner_rows,
                              corners=tuple(corner_rows.unbind(0)))


def edge_adjacency(triangles: np.ndarray, n_vertices: int) -> tuple[np.ndarray, np.ndarray]:
    """Per triangle and edge k (the one opposite corner k: (v1, v2), (v2, v0), (v0, v1)): the
    triangle across it, (T, 3) int64, and whether the edge is always a silhouette, (T, 3) bool.

    Half-edges t*3 + k are grouped by their undirected edge (one stable sort, so within an edge they
    keep that order); an edge with exactly two half-edges is manifold and each side's neighbour is
    the other one; any other edge (boundary, non-manifold) is always a silhouette and every side
    takes the edge's first triangle.  In numpy: torch's `unique` + `argsort` on the CPU took 60-110
    ms of CPU for the ICT head (one uninterruptible call, the worst stop latency of the preview),
    this about 10 ms."""
    t = np.asarray(triangles, dtype=np.int64)
    T = t.shape[0]
    a, b = t[:, [1, 2, 0]], t[:, [2, 0, 1]]
    key = (np.minimum(a, b) * n_vertices + np.maximum(a, b)).reshape(-1)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    new = np.empty(3 * T, dtype=bool)
    new[0] = True
    np.not_equal(sorted_key[1:], sorted_key[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    counts = np.diff(np.append(starts, 3 * T))
    owner = order // 3  # the triangle of each sorted half-edge
    first = owner[starts]
    second = np.where(counts >= 2, owner[np.minimum(starts + 1, 3 * T - 1)], -1)
    edge = np.empty(3 * T, dtype=np.int64)
    edge[order] = np.cumsum(new) - 1
    edge = edge.reshape(T, 3)
    always = (counts != 2)[edge]
    first_k = first[edge]
    across = np.where(always | (first_k != np.arange(T)[:, None]), first_k, second[edge])
    return across, always


def largest_part(triangles: torch.Tensor, n_vertices: int) -> torch.Tensor | None:
    """(T,) bool mask of the triangles in the connected part (by shared vertices) that holds the most
    triangles, or None when the mesh is one part.

    The rasterizer draws this part first and then tests every other triangle against its depth: on
    a head model the skin is one part and hides the many separate inner parts (teeth, tongue,
    eyeballs), which are then skipped before any per-triangle set-up."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    t = triangles.numpy()
    rows, cols = np.concatenate([t[:, 0], t[:, 1]]), np.concatenate([t[:, 1], t[:, 2]])
    graph = coo_matrix((np.ones(rows.shape[0], dtype=np.int8), (rows, cols)), shape=(n_vertices, n_vertices))
    n, label = connected_components(graph, directed=False)
    if n == 1:
        return None
    part = label[t[:, 0]]
    counts = np.bincount(part, minlength=n)
    if counts.max() == t.shape[0]:
        return None
    return torch.from_numpy(part == counts.argmax())


def as_topology(tris, n_vertices: int | None = None) -> Topology:
    """`tris` if it is a Topology already (checked against n_vertices), else a new one built from it."""
    if isinstance(tris, Topology):
        if n_vertices is not None:
            tris.check_vertices(n_vertices)
        return tris
    return Topology(tris, n_vertices)
