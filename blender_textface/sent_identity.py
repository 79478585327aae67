"""The identity a refinement sends, checked as the backend's head check will (backend/io/sidecar.py validate):
exactly the face model's number of coefficients, each within +-IDENTITY_LIMIT.  A head's sidecar that fails it
(an edit, or a head file of an older or other tool) would be refused by the service with HTTP 422 only once the
backend has started; here it is refused first, naming the head and what is wrong (no bpy).

A shorter identity is not zero-padded: the backend takes exactly N_IDENTITY coefficients, and a light head's
Basis holds the identity its sidecar held when it was built, so a list that has lost coefficients no longer says
what the head shows; padding it would refine (and move the Basis by the change from) a head other than the one
shown.

The add-on reads any wire file, of any number of identity modes; the backend runs the ICT Face Model only, so
the count is known for a head of that model's topology (its vertex count).  A full head's id_ keys are checked
against its stored identity apart (identity_keys.py)."""
from __future__ import annotations

from .stored import SIDECAR_PROP, damaged

# backend/face_model/model.py N_VERTICES, N_IDENTITY; backend/limits.py IDENTITY_LIMIT (tests/blender compare)
ICT_VERTICES = 26719
ICT_IDENTITY_MODES = 100
IDENTITY_LIMIT = 10.0


def check_identity_count(obj, identity: list[float]) -> None:
    """DamagedHead (nothing sent or changed) when a head of the ICT model's topology stores another number of
    identity coefficients than the model has."""
    if len(obj.data.vertices) == ICT_VERTICES and len(identity) != ICT_IDENTITY_MODES:
        fewer = "only " if len(identity) < ICT_IDENTITY_MODES else ""
        raise damaged(obj, SIDECAR_PROP, f"holds {fewer}{len(identity)} identity coefficients, but the ICT face "
                                         f"model (whose {ICT_VERTICES:,} vertices the head has) has "
                                         f"{ICT_IDENTITY_MODES}, as many as the backend takes")


def check_identity_values(obj, identity: list[float]) -> None:
    """DamagedHead when a coefficient the refinement would send is beyond what the backend takes (a light head
    sends its stored identity as it is; a full head's sliders stop at Blender's +-10 anyway)."""
    bad = next((k for k, x in enumerate(identity) if abs(x) > IDENTITY_LIMIT), None)
    if bad is not None:
        raise damaged(obj, SIDECAR_PROP, f"has identity coefficient {bad} = {identity[bad]:g}, beyond the "
                                         f"-{IDENTITY_LIMIT:g}..{IDENTITY_LIMIT:g} standard deviations the "
                                         "backend takes")
