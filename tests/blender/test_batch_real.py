"""End to end: the panel's Generate from a batch file (`generate --batch`'s JSON lines) against a real local backend
(the backend's .venv, the installed ICT model): the heads of the good lines are made and laid out in a grid, named
by their lines, with the seeds the lines give; the line the real service refuses (not English) is named."""
from __future__ import annotations

import json

import bpy
import pytest

from blender_textface import job_state
from blender_textface.stored import sidecar_of
from test_full_path import local_backend  # noqa: F401 - the fixture
from test_operators import _ended, _harness, _heads, _tick_until


@pytest.mark.slow
def test_generate_button_from_a_batch_file_on_the_real_backend(local_backend, tmp_path):  # noqa: F811
    path = tmp_path / "crowd.jsonl"
    lines = [{"prompt": "an old man with a long face", "name": "Al", "seed": 3},
             {"prompt": "ein alter Mann mit einem langen Bart", "name": "Bernd"},
             {"prompt": "a young woman with a round face", "name": "Cy", "seed": 5}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    props = bpy.context.scene.textface
    props.source, props.batch_file, props.refine, props.hair = "FILE", str(path), False, False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended, timeout=600) == {"FINISHED"}, op.reports
    heads = {h.name: h for h in _heads()}
    assert sorted(heads) == ["Al", "Cy"]
    assert [sidecar_of(heads[n])["seed"] for n in ("Al", "Cy")] == [3, 5]
    # 3 lines: 2 columns; Al at (0, 0), Bernd's cell (1, 0) empty, Cy at (0, 1): below Al
    assert heads["Cy"].location.x == pytest.approx(heads["Al"].location.x)
    assert heads["Cy"].location.z < heads["Al"].location.z - 0.1
    assert "1 of 3 heads was not made: 'ein alter Mann mit einem langen Bart' seed" in job_state.current.failed
    assert "does not look like English" in job_state.current.failed
