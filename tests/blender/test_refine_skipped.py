"""Refine Selected whose refinement the backend skipped (no CLIP weights): one report saying so, never "refined",
with what to do in Blender (the preference; a remote service's operator), not a command-line flag."""
from __future__ import annotations

import warnings

import bpy
import pytest

from backend.io import wire
from blender_textface import api
from conftest import REPO, synthetic_arrays
from test_operators import _ended, _harness, _tick_until, fake  # noqa: F401 - fake is the fixture

# the backend's reason, as backend/refine/registry.py writes it (checked below against the source)
BACKEND_REASON = ("no CLIP weights configured: pass --clip-weights PATH (a safetensors file or a torch state dict "
                  "of the --clip-model, default ViT-B-32) or, when online, an open_clip pretrained tag such as "
                  "laion2b_s34b_b79k")
PREFERENCE_HINT = ("no CLIP weights configured: set Preferences > Add-ons > TextFace > CLIP weights to an open_clip "
                   "checkpoint of CLIP ViT-B-32")


def test_the_reason_is_the_backends():
    source = (REPO / "backend" / "refine" / "registry.py").read_text(encoding="utf-8")
    start = source.index("NO_WEIGHTS_REASON = (")
    text = "".join(part.split('"')[1] for part in source[start:source.index(")\n", start)].split("\n"))
    assert text == BACKEND_REASON


def _skipped(reason=BACKEND_REASON):
    arrays = synthetic_arrays()
    arrays["sidecar"]["refinement"] = {"status": "skipped", "reason": reason, "phrases": ["looks tired"]}
    return wire.to_bytes(wire.pack(**arrays))


def _refine_selected(fake, head):
    fake.payload = _skipped()
    bpy.context.view_layer.objects.active = head
    bpy.context.scene.textface.refine_text = "looks tired"
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"}
    return op.reports


def test_refine_selected_reports_the_skip_alone_with_the_preference_to_set(fake, tmp_path):
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())), name="Head")
    reports = _refine_selected(fake, head)
    assert [kind for kind, _ in reports] == [{"WARNING"}]  # not "Info: refined Head" before it
    (message,) = [m for _, m in reports]
    assert message.startswith(f"Head: refinement skipped: {PREFERENCE_HINT}") and "--clip" not in message
    assert "refined Head" not in message


def test_a_remote_service_without_weights_is_its_operators_to_set(fake, tmp_path):
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    prefs.backend_mode, prefs.remote_url = "REMOTE", "http://farm:8765"
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())), name="Head")
    (message,) = [m for _, m in _refine_selected(fake, head)]
    assert message.startswith("Head: refinement skipped: no CLIP weights configured on the service at "
                              "http://farm:8765 (its operator starts it with --clip-weights PATH)")


def test_the_api_warns_the_same_and_other_reasons_name_the_preference(fake, tmp_path):
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())), name="Head")
    fake.payload = _skipped()
    with pytest.warns(api.RefinementSkipped, match="set Preferences > Add-ons > TextFace > CLIP weights to an"):
        api.refine_head(head, "looks tired", settings=api.BackendSettings())
    fake.payload = _skipped("CLIP pretrained tag 'x' of ViT-B-32 must be downloaded from huggingface.co, which "
                            "cannot be reached (offline); pass --clip-weights PATH to a local weights file instead")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.refine_head(head, "looks tired", settings=api.BackendSettings())
    (skipped,) = [str(w.message) for w in caught if issubclass(w.category, api.RefinementSkipped)]
    assert skipped.endswith("(offline); set Preferences > Add-ons > TextFace > CLIP weights to a local weights "
                            "file instead")
