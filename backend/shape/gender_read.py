"""Does a head read as its stated gender at a glance, and the smallest change of coefficients that makes it
(`fit`); also keeps the neck base centred under the face.

The masculinity score (backend/measure.py) is a mean of terms, and a stated gender asks for its outer
quarter (aims.py).  A mean can be met by a few terms: many "woman" heads reached it with a small face, a
narrow nose and big eyes while the jaw, chin and brow stayed as a man's, and a neck the 68 landmarks do not
see stayed the population's, so their heavy jaw and wide neck read male in a framed preview (which hides
face size).  A head stated as a woman (a man: mirrored) reads so when, besides the score:
- the structural terms are on her side of the population middle: jaw/cheek and chin/jaw ratios, brow ridge
  (`TERM_LIMITS`, z-scores), each unless another stated attribute asks for that measure (a square face
  states its jaw and chin ratios);
- her neck, measured on the mesh (`BUILD_LIMITS`): its width just under the jaw, its width where it meets
  the shoulders, and the width of the jaw at its angle below the ears, in standard deviations of N(0, 1)
  heads (adult necks differ by more than faces between the sexes).
`fit` projects a head onto these limits with the smallest change of its coefficients (Gauss-Newton steps on
the linearised measures) while every other landmark measure stays as it was (first order), so the stated
attributes' labels hold; the change is measured with the lips' shape weighted in (`MOUTH_WEIGHT`): the
expressions' closed lips are tuned on the identities' rest lips, and without it the fitted heads' closed
smiles and laughs moved their lips 0.1 mm more than `eval shape`'s lip-line goals allow.

The neck base: ICT's identity mode 9 mostly moves the neck sideways (0.7 cm per unit at the shoulder cut,
the face nearly still), so heads of |x9| 1.5-3 had their shoulders 1-2 cm off the face's midline.  `fit`
also brings the neck's and shoulder cut's centres within `CENTRE_TOL` of the face's midline, with the same
landmark measures held.
"""
from __future__ import annotations

import functools
from typing import Mapping

import numpy as np

from .. import measure as M

# z-score limits of a stated female head (a male one: the negatives, >=): structural landmark terms
TERM_LIMITS: Mapping[str, float] = {"jaw_ratio": -0.75, "chin_ratio": -0.75, "brow_ridge": -0.5}
# and mesh widths (z over N(0, 1) heads): neck under the jaw, neck at the shoulders, jaw at its angle
BUILD_LIMITS: Mapping[str, float] = {"neck_width": -1.5, "neck_base_width": -1.25, "jaw_angle_width": -1.25}
# (height cm, depth range cm) of each width's slab in the neutral head (Y up, +Z forward; chin at y -7.6)
_SLABS = {"neck_width": (-10.0, None), "neck_base_width": (-13.0, None), "jaw_angle_width": (-5.0, (0.0, 5.0))}
CENTRE_TOL = 0.25  # cm: the neck's centre off the face's midline that is left alone
MOUTH_RADIUS_CM, MOUTH_WEIGHT = 1.0, 100.0  # the lips' region and the cost of its mean square change (per mm^2)
_SIDE_POINTS = 4
_MIDLINE = (27, 28, 29, 30, 33, 51, 57, 8)  # landmarks on the face's midline
_STATED_MEASURES = {  # other attributes whose own statement asks for a term: that term is theirs
    "face_shape": M.SHAPE_FEATURES, **{a: tuple(m for m, _ in t) for a, t in M.ORDINAL_TERMS.items()}}
_SIGN = {"male": -1.0, "female": 1.0}  # limits are written for "female"


@functools.lru_cache(maxsize=4)
def _geometry(model) -> dict:
    """Per-coefficient linear forms of the mesh measures: widths (value = w0 + g @ x) and centre offsets."""
    n, basis = model.neutral.astype(np.float64), model.identity_basis.astype(np.float64)
    skin = np.union1d(model.regions["face"], model.regions["head_and_neck"])

    def sides(y, depth):
        s = skin[np.abs(n[skin, 1] - y) < 0.4]
        if depth is not None:
            s = s[(n[s, 2] > depth[0]) & (n[s, 2] < depth[1])]
        order = np.argsort(n[s, 0])
        return s[order[:_SIDE_POINTS]], s[order[::-1][:_SIDE_POINTS]]

    out = {"width": {}, "centre": {}}
    # the lips' shape around the mouth (vertices near landmarks 48-67, their centroid removed), in mm: the
    # fit's metric keeps it, as expressions' closed and parted lips are tuned on the identities' rest lips
    lips = n[np.asarray(model.landmarks)[48:68]]
    face = np.asarray(model.regions["face"])
    near = face[np.min(np.linalg.norm(n[face, None] - lips[None], axis=-1), 1) < MOUTH_RADIUS_CM]
    mb = basis[:, near] - basis[:, near].mean(1, keepdims=True)
    mb = mb.reshape(len(basis), -1) * 10.0
    out["metric"] = np.eye(len(basis)) + MOUTH_WEIGHT * (mb @ mb.T) / len(near)
    for name, (y, depth) in _SLABS.items():
        left, right = sides(y, depth)
        g = basis[:, right, 0].mean(1) - basis[:, left, 0].mean(1)
        out["width"][name] = (float(n[right, 0].mean() - n[left, 0].mean()), g)
    mid = np.asarray(model.landmarks)[list(_MIDLINE)]
    face_x = n[mid, 0].mean(), basis[:, mid, 0].mean(1)
    bottom = float(n[skin, 1].min())
    for name, y in (("neck", -13.0), ("shoulder_cut", bottom + 0.5)):
        left, right = sides(y, None)
        c0 = 0.5 * (n[right, 0].mean() + n[left, 0].mean()) - face_x[0]
        g = 0.5 * (basis[:, right, 0].mean(1) + basis[:, left, 0].mean(1)) - face_x[1]
        out["centre"][name] = (float(c0), g)
    return out


def build_z(model, identity: np.ndarray) -> dict[str, np.ndarray]:
    """(B, K) identity -> mesh width -> (B,) z-score over N(0, 1) heads (exact: the widths are linear)."""
    x = np.asarray(identity, np.float64)
    return {k: (x @ g) / np.linalg.norm(g) for k, (_, g) in _geometry(model)["width"].items()}


def neck_offset(model, identity: np.ndarray) -> dict[str, np.ndarray]:
    """(B, K) identity -> "neck" / "shoulder_cut" -> (B,) cm the centre sits right (+x) of the face's midline."""
    x = np.asarray(identity, np.float64)
    return {k: c0 + x @ g for k, (c0, g) in _geometry(model)["centre"].items()}


def limits(concrete: Mapping[str, str]) -> tuple[dict[str, float], dict[str, float], float]:
    """(landmark term limits, mesh width limits, sign) of a stated gender: a head reads as it when
    sign * z <= limit for each (sign -1 for "male": z >= -limit).  Empty without a stated gender."""
    gender = concrete.get("gender")
    if gender not in _SIGN:
        return {}, {}, 0.0
    taken = {m for a in concrete if a != "gender" for m in _STATED_MEASURES.get(a, ())}
    terms = {m: v for m, v in TERM_LIMITS.items() if m not in taken}
    return terms, dict(BUILD_LIMITS), _SIGN[gender]


def excess(model, identity: np.ndarray, concrete: Mapping[str, str]) -> dict[str, np.ndarray]:
    """(B, K) identity -> term -> (B,) how far past its limit each head is (<= 0: within) in z."""
    terms, build, sign = limits(concrete)
    if not sign:
        return {}
    x = np.asarray(identity, np.float64)
    z = M.population(model).z(M.measure(M.landmarks_for(model, x)))
    out = {m: sign * z[:, M.IDX[m]] - lim for m, lim in terms.items()}
    bz = build_z(model, x)
    out.update({k: sign * bz[k] - lim for k, lim in build.items()})
    return out


def reads_as_stated(model, identity: np.ndarray, concrete: Mapping[str, str], tol: float = 0.05) -> np.ndarray:
    """(B, K) identity -> (B,) bool: every term of the stated gender within its limit (True without one)."""
    ok = np.ones(len(np.asarray(identity)), bool)
    for e in excess(model, identity, concrete).values():
        ok &= e <= tol
    return ok


def _z_jacobian(model, pop, x: np.ndarray, eps: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """z-scored landmark measures of one head (M,) and their Jacobian (M, K) by forward differences."""
    k = len(x)
    probes = np.concatenate([x[None], x[None] + eps * np.eye(k)])
    z = pop.z(M.measure(M.landmarks_for(model, probes)))
    return z[0], (z[1:] - z[0]).T / eps


def fit(model, identity: np.ndarray, concrete: Mapping[str, str], margin: float = 0.1,
        steps: int = 3) -> np.ndarray:
    """(B, K) identity -> (B, K): each head with its neck centred and, with a stated gender, every term
    within its limit (by `margin`), by the smallest change of coefficients that keeps every other landmark
    measure as it was (to first order).  Heads already within are returned unchanged."""
    geo, pop = _geometry(model), M.population(model)
    terms, build, sign = limits(concrete)
    out = np.array(identity, np.float64)
    for b in range(len(out)):
        x = out[b]
        for _ in range(steps):
            z, jac = _z_jacobian(model, pop, x)
            rows, rhs, moved = [], [], set()
            for m, lim in terms.items():
                i = M.IDX[m]
                if sign * z[i] > lim:
                    rows.append(jac[i]), rhs.append((lim - margin) * sign - z[i])
                    moved.add(m)
            for k, lim in build.items():
                g = geo["width"][k][1]
                cur = float(x @ g) / np.linalg.norm(g)
                if sign * cur > lim:
                    rows.append(g / np.linalg.norm(g)), rhs.append((lim - margin) * sign - cur)
            for k, (c0, g) in geo["centre"].items():
                c = c0 + float(x @ g)
                if abs(c) > CENTRE_TOL:
                    rows.append(g), rhs.append(np.sign(c) * (CENTRE_TOL - 0.05) - c)
            if not rows:
                break
            held = [i for i, m in enumerate(M.MEASURES) if m not in moved]
            a = np.concatenate([np.stack(rows), jac[held]])
            r = np.concatenate([np.asarray(rhs, np.float64), np.zeros(len(held))])
            # the solution of a @ d = r smallest in d' W d (W: coefficients plus the lips' shape), a ridge for
            # rows the basis cannot move independently
            wa = np.linalg.solve(geo["metric"], a.T)
            x = x + wa @ np.linalg.solve(a @ wa + 1e-6 * np.eye(len(a)), r)
        out[b] = x
    return out.astype(np.asarray(identity).dtype if np.asarray(identity).dtype.kind == "f" else np.float32)
