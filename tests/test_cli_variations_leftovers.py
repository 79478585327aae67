"""generate --variations K into a folder of an earlier, larger run: the seed_N folders this run does not write are
left as they are (generate leaves what it does not write) and the output says so, naming them."""
from __future__ import annotations

import json

from test_cli_errors import cli


def _earlier_head(folder):
    folder.mkdir(parents=True)
    (folder / "head.json").write_text(json.dumps({"prompt": "earlier", "seed": 0}))


def test_variations_name_the_earlier_runs_heads_left_in_out(face_model, tmp_path, capsys):
    out = tmp_path / "v"
    for n in (3, 5, 12):
        _earlier_head(out / f"seed_{n}")
    (out / "notes").mkdir()  # not a head: not mentioned
    code, stdout, err = cli(capsys, "generate", "a man", "--seed", "3", "--variations", "2", "--no-preview",
                            "--no-refine", "--texture-size", "256", "--out", str(out))
    assert code == 0, err
    notes = [ln for ln in stdout.splitlines() if ln.startswith("note: ")]
    assert notes == [f"note: {out} also holds 2 head folders this run did not write (seed_5, seed_12), left from "
                     "an earlier run; remove them or use another --out to keep only this run's heads"], stdout
    assert json.loads((out / "seed_3" / "head.json").read_text())["prompt"] == "a man"  # replaced, as before
    assert json.loads((out / "seed_5" / "head.json").read_text())["prompt"] == "earlier"  # left as it was


def test_a_fresh_folder_gets_no_note(face_model, tmp_path, capsys):
    code, stdout, err = cli(capsys, "generate", "a man", "--seed", "3", "--variations", "2", "--no-preview",
                            "--no-refine", "--texture-size", "256", "--out", str(tmp_path / "v"))
    assert code == 0, err
    assert "this run did not write" not in stdout
