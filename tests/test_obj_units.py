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


def test_write_head_puts_the_units_in_the_obj_header(face_model, tmp_path):
    from backend.pipeline import GenerateOptions, generate_head, write_head

    head = generate_head("a man", GenerateOptions(seed=1, refine=False, texture_size=256))
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
