"""head.obj says its units and axes (an OBJ has no unit field: ICT's centimetres read as metres make a 34 m head)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backend.io.obj import UNITS_NOTE

ROOT = Path(__file__).resolve().parents[1]


def _header(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            return lines
        lines.append(line)
    return lines


def test_the_note_states_the_units_and_axes_the_mesh_has(face_model):
    assert "centimetres" in UNITS_NOTE and "Y up" in UNITS_NOTE and "+Z forward" in UNITS_NOTE
    assert "scale 0.01" in UNITS_NOTE
    v = face_model.neutral
    height = v[:, 1].max() - v[:, 1].min()
    assert 25 < height < 40  # centimetres: a head and neck, not metres or millimetres
    assert np.argmax(v[:, 2]) == np.argmax(v[:, 2] - np.abs(v[:, 0]))  # the foremost point (the nose) is on the midline
    assert v[np.argmax(v[:, 2]), 2] > 10  # +Z forward: the nose tip lies far along +Z


@pytest.fixture(scope="module")
def head(face_model):
    from backend.pipeline import GenerateOptions, generate_head

    return generate_head("a man", GenerateOptions(seed=1, refine=False, texture_size=256))


def test_write_head_puts_the_units_in_the_obj_header(head, tmp_path):
    from backend.pipeline import write_head

    paths = write_head(head, tmp_path, preview=False)
    header = _header(paths["obj"])
    assert header[0] == "# TextFace head (ICT Face Model, MIT licence)"
    assert f"# {UNITS_NOTE}" in header and header[-1] == "# prompt: 'a man'"


def test_sample_puts_the_units_in_the_obj_header(face_model, tmp_path):
    out = tmp_path / "s"
    subprocess.run([sys.executable, "-m", "backend", "sample", "--seed", "5", "--out", str(out)], check=True, cwd=ROOT,
                   timeout=300)
    assert f"# {UNITS_NOTE}" in _header(out / "head.obj")


def test_generate_help_says_the_units_of_the_obj(capsys):
    from backend.cli import main

    with pytest.raises(SystemExit):
        main(["generate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "head.obj is in centimetres" in text and "Y up, +Z forward" in text and "Scale 0.01" in text


def test_obj_units_m_writes_metres_and_says_so(head, tmp_path):
    from backend.io.obj import METRES_NOTE, obj_units_of, read_obj
    from backend.io.wire import read_wire
    from backend.pipeline import write_head

    cm = write_head(head, tmp_path / "cm", preview=False)
    m = write_head(head, tmp_path / "m", preview=False, obj_units="m")
    np.testing.assert_allclose(read_obj(m["obj"])["vertices"], read_obj(cm["obj"])["vertices"] * 0.01, atol=1e-6)
    assert f"# {METRES_NOTE}" in _header(m["obj"]) and f"# {UNITS_NOTE}" not in _header(m["obj"])
    assert (obj_units_of(m["obj"]), obj_units_of(cm["obj"])) == ("m", "cm")
    a, b = read_wire(cm["npz"]), read_wire(m["npz"])  # what the add-on reads stays in the model's units
    for key in ("neutral", "identity_basis", "identity"):
        np.testing.assert_array_equal(a[key], b[key])


def test_bad_obj_units_are_one_clear_error(head, tmp_path):
    from backend.errors import TextFaceError
    from backend.pipeline import write_head

    with pytest.raises(TextFaceError, match="OBJ units must be one of cm, m, got 'mm'"):
        write_head(head, tmp_path / "x", preview=False, obj_units="mm")
    assert not (tmp_path / "x").exists()


def test_generate_obj_units_m_and_skip_existing_of_other_units(face_model, tmp_path, capsys):
    from backend.io.obj import obj_units_of
    from test_cli_errors import cli

    out = tmp_path / "h"
    argv = ["generate", "a man", "--seed", "2", "--no-preview", "--no-refine", "--texture-size", "256", "--out", str(out)]
    code, _, err = cli(capsys, *argv, "--obj-units", "m")
    assert code == 0, err
    assert obj_units_of(out / "head.obj") == "m"
    code, stdout, err = cli(capsys, *argv, "--variations", "1", "--skip-existing")  # asked in cm: made again
    assert code == 0, err
    assert "making h again: head.obj is in other units (not cm)" in stdout
    assert obj_units_of(out / "head.obj") == "cm"


def test_refine_keeps_the_units_of_the_heads_obj(head, face_model, tmp_path, capsys):
    from backend.cli import main
    from backend.io.obj import obj_units_of
    from backend.pipeline import write_head

    write_head(head, tmp_path / "h", preview=False, obj_units="m")
    assert main(["refine", str(tmp_path / "h" / "head.json"), "looks kind", "--out", str(tmp_path / "r"),
                 "--no-preview"]) == 0
    assert obj_units_of(tmp_path / "r" / "head.obj") == "m"
    assert main(["refine", str(tmp_path / "h" / "head.json"), "looks kind", "--out", str(tmp_path / "c"),
                 "--no-preview", "--obj-units", "cm"]) == 0
    assert obj_units_of(tmp_path / "c" / "head.obj") == "cm"
