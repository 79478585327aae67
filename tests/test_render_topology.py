"""Topology: the edge tables against a brute-force reference, and what a render builds (once, only
when used): the preview's UV triangles build no edge tables and no occluder, and the mesh's are
built once per preview."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from backend.render import Renderer, RenderSettings, Topology, render_preview, views
from backend.render import topology as topology_module
from backend.render.topology import edge_adjacency


def adjacency_reference(tris: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per triangle and edge k (opposite corner k): the triangle across, and whether the edge is
    always a silhouette, from a dict of undirected edges -> triangles in half-edge order."""
    sides: dict = {}
    for t, tri in enumerate(tris.tolist()):
        for k in range(3):
            a, b = tri[(k + 1) % 3], tri[(k + 2) % 3]
            sides.setdefault((min(a, b), max(a, b)), []).append(t)
    across = np.zeros(tris.shape, np.int64)
    always = np.zeros(tris.shape, bool)
    for t, tri in enumerate(tris.tolist()):
        for k in range(3):
            a, b = tri[(k + 1) % 3], tri[(k + 2) % 3]
            owners = sides[min(a, b), max(a, b)]
            always[t, k] = len(owners) != 2
            across[t, k] = owners[0] if always[t, k] or owners[0] != t else owners[1]
    return across, always


@pytest.mark.parametrize("seed", range(4))
def test_edge_adjacency_matches_the_reference_on_messy_meshes(seed):
    # few vertices for many triangles: boundary, manifold, non-manifold and degenerate edges, repeats
    rng = np.random.default_rng(seed)
    tris = rng.integers(0, 12 + 10 * seed, (300, 3))
    tris[:5] = tris[5:10]  # duplicated triangles
    across, always = edge_adjacency(tris, int(tris.max()) + 1)
    ref_across, ref_always = adjacency_reference(tris)
    assert across.dtype == np.int64 and always.dtype == bool
    assert np.array_equal(always, ref_always) and np.array_equal(across, ref_across)
    assert always.any() and (~always).any()


def test_edge_adjacency_of_a_closed_mesh_has_no_silhouette_edges():
    tet = np.array([[0, 2, 1], [0, 1, 3], [1, 2, 3], [2, 0, 3]])
    across, always = edge_adjacency(tet, 4)
    assert not always.any()
    assert np.array_equal(across, adjacency_reference(tet)[0])
    assert (across != np.arange(4)[:, None]).all()


def test_edge_adjacency_of_the_ict_head_matches_the_reference(face_model):
    for tris, n in ((face_model.triangles, face_model.neutral.shape[0]), (face_model.triangle_uvs, face_model.uvs.shape[0])):
        tris = np.asarray(tris, np.int64)
        across, always = edge_adjacency(tris, n)
        ref_across, ref_always = adjacency_reference(tris)
        assert np.array_equal(always, ref_always) and np.array_equal(across, ref_across)


def test_device_topology_columns_are_the_edge_tables():
    rng = np.random.default_rng(5)
    tris = rng.integers(0, 20, (100, 3))
    dt = Topology(tris, 20).on("cpu")
    across, always = adjacency_reference(tris)
    for k in range(3):
        assert torch.equal(dt.across_cols[k], torch.from_numpy(across[:, k].copy()))
        assert torch.equal(dt.always_cols[k], torch.from_numpy(always[:, k].copy()))
        assert dt.across_cols[k].is_contiguous() and dt.always_cols[k].is_contiguous()


def _count_builds(monkeypatch) -> dict:
    calls = {"edges": 0, "occluder": 0}
    edges, part = topology_module.edge_adjacency, topology_module.largest_part

    def counted_edges(*a):
        calls["edges"] += 1
        return edges(*a)

    def counted_part(*a):
        calls["occluder"] += 1
        return part(*a)

    monkeypatch.setattr(topology_module, "edge_adjacency", counted_edges)
    monkeypatch.setattr(topology_module, "largest_part", counted_part)
    return calls


def test_a_preview_builds_the_edge_tables_and_the_occluder_once(face_model, monkeypatch):
    # the mesh's triangles need both (antialias, visibility); the UV triangles, only interpolated
    # through, neither (they were built for both topologies, ~0.1 s of CPU each on the ICT head)
    calls = _count_builds(monkeypatch)
    albedo = np.full((16, 16, 3), 180, np.uint8)
    render_preview(face_model.neutral, face_model, albedo, face_model.uvs, face_model.face_uv_indices, size=64)
    assert calls == {"edges": 1, "occluder": 1}


def test_without_antialias_no_edge_tables_are_built(monkeypatch):
    calls = _count_builds(monkeypatch)
    g = torch.Generator().manual_seed(0)
    v = torch.rand(30, 3, generator=g) * 10 - 5
    tris = torch.randint(0, 30, (40, 3), generator=g)
    uv, uv_tris = torch.rand(60, 2, generator=g), torch.arange(120).view(40, 3) % 60  # another Topology
    r = Renderer(RenderSettings(resolution=32, antialias=False))
    r.render(v, tris, uv, uv_tris, torch.rand(4, 4, 3, generator=g), views(("front",)))
    assert calls["edges"] == 0
    r2 = Renderer(RenderSettings(resolution=32, antialias=True))
    r2.render(v, tris, uv, uv_tris, torch.rand(4, 4, 3, generator=g), views(("front",)))
    assert calls["edges"] == 1  # the mesh's only
