"""One-line messages of the scripting API and the export operators: a wire path that is a folder or is not there
(import_wire), and the modifiers an FBX or GLB export does not apply (the base mesh is written: morph targets need
it), as `api.ModifiersNotApplied` and as the operators' warning."""
from __future__ import annotations

import warnings
from types import SimpleNamespace

import bpy
import pytest

from backend.io import wire
from blender_textface import api, operators
from conftest import synthetic_arrays
from hair_wire import synthetic_hair


def test_import_wire_of_a_folder_says_to_pick_the_head_npz_inside(bpy_empty, tmp_path, synthetic_wire):
    """Before: "wire file not found: <folder>" for a folder that is there (the `generate` output folder)."""
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(api.ImportFailed, match=r"^cannot import the head: .*empty is a folder: pick the head.npz "
                                               r"inside it$"):
        api.import_wire(empty)
    out = tmp_path / "out"
    out.mkdir()
    wire.write_wire(out / "head.npz", synthetic_wire[1])
    with pytest.raises(api.ImportFailed, match=r"out is a folder: pick the head.npz inside it \(.*out/head.npz\)$"):
        api.import_wire(str(out))
    with pytest.raises(api.ImportFailed, match=r"^wire file not found: .*missing.npz$"):
        api.import_wire(tmp_path / "missing.npz")
    assert len(bpy.data.objects) == 0
    assert api.import_wire(out / "head.npz").name in bpy.data.objects  # the file itself imports


def test_import_operator_reports_the_folder_in_one_line(addon, tmp_path):
    reports = []
    stub = SimpleNamespace(filepath=str(tmp_path), identity_keys=True, hair=True,
                           report=lambda kind, message: reports.append((set(kind), message)))
    assert operators.TEXTFACE_OT_import_wire.execute(stub, bpy.context) == {"CANCELLED"}
    assert reports == [({"ERROR"}, f"cannot import the head: {tmp_path} is a folder: pick the head.npz inside it")]


def _head_with_hair(tmp_path, name="Ann"):
    path = wire.write_wire(tmp_path / f"{name}.npz", wire.pack(**synthetic_arrays(), hair=synthetic_hair()))
    return api.import_wire(path, name=name)


@pytest.mark.parametrize("export", [api.export_fbx, api.export_glb], ids=["fbx", "glb"])
def test_an_export_names_the_modifiers_it_does_not_apply(bpy_empty, tmp_path, export):
    """Before: a head with a Subdivision modifier was exported as its base mesh without a word."""
    suffix = ".fbx" if export is api.export_fbx else ".glb"
    ann = _head_with_hair(tmp_path)
    bob = _head_with_hair(tmp_path, "Bob")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export([ann, bob], tmp_path / f"plain{suffix}")
    assert not [w for w in caught if issubclass(w.category, api.ModifiersNotApplied)]
    ann.modifiers.new("Subdivision", "SUBSURF")
    hidden = bob.modifiers.new("Smooth", "SMOOTH")
    hidden.show_viewport = hidden.show_render = False  # off: nothing to say
    api.hair_of(bob).modifiers.new("Solidify", "SOLIDIFY")
    with pytest.warns(api.ModifiersNotApplied) as caught:
        path = export([ann, bob], tmp_path / f"mods{suffix}")
    assert [str(w.message) for w in caught if issubclass(w.category, api.ModifiersNotApplied)] == [
        "modifiers are not applied: morph targets need the base mesh (Subdivision on Ann; Solidify on Bob hair)"]
    assert caught[0].filename == __file__  # the script's line that exported
    assert path.is_file()
    assert "ModifiersNotApplied" in api.__all__


@pytest.mark.parametrize("kind", ["fbx", "glb"])
def test_the_export_operators_report_it_as_a_warning(addon, tmp_path, kind):
    head = _head_with_hair(tmp_path)
    head.modifiers.new("Subdivision", "SUBSURF")
    head.select_set(True)
    reports = []
    out = tmp_path / f"ann.{kind}"
    stub = SimpleNamespace(filepath=str(out), keep_identity_keys=False, names="ARKIT",
                           report=lambda kind_, message: reports.append((set(kind_), message)))
    operator = getattr(operators, f"TEXTFACE_OT_export_{kind}")
    assert operator.execute(stub, bpy.context) == {"FINISHED"}
    assert reports == [({"WARNING"}, "TextFace: modifiers are not applied: morph targets need the base mesh "
                                     "(Subdivision on Ann)"),
                       ({"INFO"}, f"TextFace: wrote {out}")]
