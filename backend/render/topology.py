"""Mesh topology for the rasterizer: triangles plus what is derived from them once and reused.

A `Topology` holds the (T, 3) vertex ids and, per device, lazily built structures: the triangle
columns as contiguous index vectors (structure-of-arrays), the edge table used by `antialias` to find
silhouette edges, and, per batch size, the flat corner index that the rasterizer and the vertex
normals gather (and scatter) through.  Build it once per mesh (the `Renderer` caches it) so that none
of this is recomputed per call.
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
    """The arrays of one `Topology` on one device (all int64 unless noted)."""

    triangles: torch.Tensor  # (T, 3)
    corner_rows: torch.Tensor  # (3, T) contiguous: the triangle columns as rows
    corners: tuple[torch.Tensor, torch.Tensor, torch.Tensor]  # 3 x (T,) the rows of corner_rows
    tri_edges: torch.Tensor  # (T, 3) edge id of the edge opposite corner k
    edge_tris: torch.Tensor  # (E, 2) the two triangles of each edge (second is -1 on a boundary)
    tri_edge_cols: tuple[torch.Tensor, torch.Tensor, torch.Tensor]  # 3 x (T,) contiguous columns of tri_edges
    edge_tri_cols: tuple[torch.Tensor, torch.Tensor]  # 2 x (E,) contiguous columns of edge_tris
    edge_always_silhouette: torch.Tensor  # (E,) bool: boundary or non-manifold edge
    # per triangle and edge k: the triangle across it (for a boundary / non-manifold edge: the edge's
    # first triangle, whose orientation decides there), and whether the edge is always a silhouette
    across_cols: tuple[torch.Tensor, torch.Tensor, torch.Tensor]  # 3 x (T,)
    always_cols: tuple[torch.Tensor, torch.Tensor, torch.Tensor]  # 3 x (T,) bool
    # (T,) bool: the triangles of the largest connected part, which the rasterizer draws first, or
    # None when that part is the whole mesh
    occluder: torch.Tensor | None = None
    _gathers: dict = field(default_factory=dict, repr=False)

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
        t = self.triangles
        T, V = t.shape[0], self.n_vertices
        # edge k of a triangle is the one opposite corner k: (v1, v2), (v2, v0), (v0, v1)
        a = torch.stack([t[:, 1], t[:, 2], t[:, 0]], 1)
        b = torch.stack([t[:, 2], t[:, 0], t[:, 1]], 1)
        key = torch.minimum(a, b) * V + torch.maximum(a, b)
        uniq, inverse, counts = torch.unique(key.reshape(-1), return_inverse=True, return_counts=True)
        tri_edges = inverse.reshape(T, 3)
        owner = torch.arange(T).repeat_interleave(3)
        order = torch.argsort(inverse, stable=True)
        start = torch.cumsum(counts, 0) - counts
        first = owner[order[start]]
        second = torch.where(counts >= 2, owner[order[(start + 1).clamp(max=3 * T - 1)]], -1)
        edge_tris = torch.stack([first, second], 1)
        always = counts != 2
        first_k, second_k = first[tri_edges], second[tri_edges]  # (T, 3)
        own = torch.arange(T)[:, None]
        across = torch.where(always[tri_edges] | (first_k != own), first_k, second_k)
        to = lambda x: x.to(device)  # noqa: E731
        tris_d = to(t)
        corner_rows = tris_d.T.contiguous()
        return DeviceTopology(
            triangles=tris_d,
            corner_rows=corner_rows,
            corners=tuple(corner_rows.unbind(0)),
            tri_edges=to(tri_edges),
            edge_tris=to(edge_tris),
            tri_edge_cols=tuple(to(tri_edges[:, k].contiguous()) for k in range(3)),
            edge_tri_cols=tuple(to(edge_tris[:, k].contiguous()) for k in range(2)),
            edge_always_silhouette=to(always),
            across_cols=tuple(to(across[:, k].contiguous()) for k in range(3)),
            always_cols=tuple(to(always[tri_edges[:, k]].contiguous()) for k in range(3)),
            occluder=None if (occ := largest_part(t, V)) is None else to(occ),
        )


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
