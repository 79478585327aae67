"""Generate from a batch: each line of a text block (Blender's Text editor) or of a .txt / .jsonl file is one head
(a description, or a JSON object {"prompt", "name", "seed"} as `python -m backend generate --batch` reads), laid out
in a grid; the Generate button runs it through the job/timer machinery (progress, Esc), keeps the heads made when
some fail and names the others.  The panel's callbacks are called directly (no event loop headless)."""
from __future__ import annotations

import json
import re

import bpy
import numpy as np
import pytest

from backend.batch_names import seed_of as backend_seed_of
from blender_textface import api, batch, job_state
from test_operators import ESC, _ended, _harness, _heads, _tick_until, _wait_for, fake  # noqa: F401 - fixture

GERMAN = "ein alter Mann mit einem langen Bart"
NOT_ENGLISH = "the description does not look like English; nothing could be read from it (write it in English)"


def _line_seed(lineno: int, offset: int = 0) -> int:
    """The seed of an unnamed line: the backend's for its name "head_<line>" (generate --batch), offset."""
    return (backend_seed_of(f"head_{lineno:04d}", batch.MAX_SEED) + offset) % (batch.MAX_SEED + 1)


def _text(body: str, name: str = "Crowd") -> bpy.types.Text:
    text = bpy.data.texts.new(name)
    text.write(body)
    return text


def _grid(heads) -> list[tuple[int, int]]:
    """(column, row) of each head from its location (rows downwards), in the heads' spacing."""
    xs = sorted({round(h.location.x, 4) for h in heads})
    zs = sorted({round(h.location.z, 4) for h in heads}, reverse=True)
    return [(xs.index(round(h.location.x, 4)), zs.index(round(h.location.z, 4))) for h in heads]


# -- reading a batch (no backend) --------------------------------------------------------------------------------

def test_lines_plain_json_comments_and_blank():
    lines = batch.read_text("an old man\n\n# a comment\n  a young woman  \n"
                            '{"prompt": "a bald man", "name": "Bob", "seed": 7}\n'
                            '{"prompt": "a child", "name": "Kid"}\n', "text block 'Crowd'")
    assert [(l.prompt, l.seed, l.name, l.line, l.stated) for l in lines] == [
        ("an old man", _line_seed(1), None, 1, False), ("a young woman", _line_seed(4), None, 4, False),
        ("a bald man", 7, "Bob", 5, True),
        ("a child", backend_seed_of("Kid", batch.MAX_SEED), "Kid", 6, False)]  # the backend's seed for a named line
    assert batch.MAX_SEED == api.MAX_SEED


def test_every_bad_line_is_named_at_once():
    body = ('{"prompt": "x"\n{"name": "A"}\n{"prompt": "a", "name": "A", "colour": 1}\n'
            '{"prompt": "a", "seed": -1}\n{"prompt": "a", "name": "Ann"}\n{"prompt": "b", "name": "ann"}\n'
            '{"prompt": 3}\n')
    with pytest.raises(ValueError) as raised:
        batch.read_text(body, "crowd.jsonl")
    message = str(raised.value)
    assert message.startswith("crowd.jsonl: 6 bad lines: line 1: not JSON (")
    for part in ('line 2: no "prompt"', "line 3: unknown key 'colour'", 'line 4: "seed" must be an integer',
                 "line 6: name 'ann' is a duplicate of line 5", "(and 1 more)"):
        assert part in message
    with pytest.raises(ValueError, match="text block 'Crowd' holds no prompt: write one description per line"):
        batch.read_text("\n# only a comment\n", "text block 'Crowd'")


def test_batch_files(tmp_path):
    path = tmp_path / "crowd.jsonl"
    path.write_bytes("\ufeff".encode() + json.dumps({"prompt": "an old man", "name": "Al"}).encode() + b"\nbob\n")
    assert [(l.prompt, l.name) for l in api.read_batch(str(path))] == [("an old man", "Al"), ("bob", None)]
    (tmp_path / "bad.txt").write_bytes(b"fine\nnot \xff utf-8\n")
    for source, match in ((tmp_path / "bad.txt", "bad.txt: line 2 is not UTF-8 text"),
                          (tmp_path / "none.txt", "the batch file does not exist"),
                          (tmp_path / "crowd.csv", "must be a .txt or .jsonl file"),
                          ("", "no batch file chosen")):
        with pytest.raises(ValueError, match=match):
            api.read_batch(source)
    with pytest.raises(TypeError, match="a text block .* or a file path, got int"):
        api.read_batch(3)


VILLAGERS = "".join(f"a villager number {k}, middle-aged man\n" for k in range(1, 24)) + "".join(
    f"a {who}\n" for who in ("blacksmith", "baker", "priest", "old woman", "young girl", "guard", "merchant"))


def test_a_crowd_of_similar_lines_gets_a_seed_per_line(tmp_path):
    """Before, every line of a .txt crowd had seed None and took the panel's: 23 villagers of one seed were near
    identical.  Each line now gets the seed `generate --batch` gives it (from its name, "head_<line>" without one)."""
    path = tmp_path / "crowd.txt"
    path.write_text(VILLAGERS)
    lines = api.read_batch(str(path))
    assert len(lines) == 30 and len({l.seed for l in lines}) == 30 and not any(l.stated for l in lines)
    assert [l.seed for l in lines] == [_line_seed(k) for k in range(1, 31)]


def test_the_add_on_seeds_agree_with_the_backend_batch(tmp_path):
    """One file, the same seeds on the command line and in Blender: the backend's own reader of a .jsonl, unnamed,
    named and seeded lines, blank lines counted as it counts them."""
    from backend.commands.generate import read_batch as backend_read_batch

    path = tmp_path / "crowd.jsonl"
    path.write_text('{"prompt": "a villager"}\n\n{"prompt": "a villager", "name": "Al"}\n'
                    '{"prompt": "a villager", "seed": 12}\n{"prompt": "a villager"}\r\n'
                    '{"prompt": "a villager", "name": "Kid", "seed": 3}\n')
    ours = api.read_batch(str(path))
    theirs = backend_read_batch(str(path))
    assert [l.seed for l in ours] == [it["seed"] for it in theirs]
    assert len({l.seed for l in ours}) == len(ours)


def test_the_panel_seed_offsets_the_crowd(fake):
    """Seed 0: the backend's seeds; another seed: every derived seed moved by it (wrapping past 2**31 - 1), a stated
    seed as it is; so two crowds of one text with different seeds differ."""
    text = _text('a villager\na villager\n{"prompt": "a villager", "seed": 7}\n'
                 '{"prompt": "a villager", "name": "Al"}\n')
    crowd = [api.batch_requests(api.read_batch(text), seed, 1, False, 100, api.BackendSettings()).heads
             for seed in (0, 5)]
    al = backend_seed_of("Al", batch.MAX_SEED)
    assert [s for _, s in crowd[0]] == [_line_seed(1), _line_seed(2), 7, al]
    assert [s for _, s in crowd[1]] == [_line_seed(1, 5), _line_seed(2, 5), 7, (al + 5) % (batch.MAX_SEED + 1)]
    top = batch.MAX_SEED - _line_seed(1) + 1  # the first line's seed wraps to 0
    assert api.batch_requests(api.read_batch(text), top, 2, False, 100, api.BackendSettings()).heads[:2] == [
        ("a villager", 0), ("a villager", 1)]
    api.generate_batch(text, seed=5, refine=False)
    assert [o["seed"] for _, _, o in fake.submitted] == [s for _, s in crowd[1]]


# -- the API ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("at_submission", [False, True])
def test_generate_batch_lays_the_heads_out_in_a_grid_and_keeps_those_made(fake, at_submission):
    """The line not in English: refused by the service at submission (HTTP 422, as it does now) or its job failing
    (as an older service's did): either way that head alone is not made."""
    fake.refuse_at_submission = at_submission
    bpy.context.scene.cursor.location = (1.0, 2.0, 3.0)
    text = _text(f'a small synthetic test head\n{{"prompt": "an old man", "name": "Al", "seed": 9}}\n{GERMAN}\n'
                 "a young woman\na child\n")
    with pytest.warns(api.HeadsFailed) as caught:
        heads = api.generate_batch(text, seed=4, refine=False)
    assert [(p, o["seed"]) for _, p, o in fake.submitted] == [  # a stated seed as it is, the others offset by 4
        ("a small synthetic test head", _line_seed(1, 4)), ("an old man", 9), (GERMAN, _line_seed(3, 4)),
        ("a young woman", _line_seed(4, 4)), ("a child", _line_seed(5, 4))]
    assert str(caught[0].message) == f"1 of 5 heads was not made: {GERMAN!r} seed {_line_seed(3, 4)}: {NOT_ENGLISH}"
    assert len(heads) == 4 and heads[1].name == "Al"
    # 5 lines: 3 columns, rows downwards from the cursor; the failed line's cell (column 2, row 0) stays empty
    assert _grid(heads) == [(0, 0), (1, 0), (0, 1), (1, 1)]
    assert tuple(heads[0].location) == pytest.approx((1.0, 2.0, 3.0))
    assert heads[3].location.x == pytest.approx(heads[1].location.x) and heads[2].location.z < 3.0
    assert {h.location.y for h in heads} == {2.0}
    assert len(fake.jobs) == (4 if at_submission else 5) and sorted(fake.deleted) == sorted(fake.jobs)


def test_a_crowd_whose_prompts_the_service_refuses_at_submission(fake):
    """generate_heads too: a refused description fails its heads alone; all refused: none made, each named."""
    fake.refuse_at_submission = True
    with pytest.warns(api.HeadsFailed, match=re.escape(f"1 of 2 heads was not made: {GERMAN!r} seed {_line_seed(2)}: "
                                                       f"{NOT_ENGLISH}")):
        heads = api.generate_heads(["an old man", GERMAN], refine=False, name="Row")
    assert [h.name for h in heads] == ["Row 0"]
    with pytest.raises(api.BackendError, match=r"^none of the 2 heads was made: .*seed 0, .*seed 1: the description"):
        api.generate_heads(GERMAN, variations=2, refine=False)
    with pytest.raises(api.BackendError, match="^TextFace could not read the prompt: the description"):
        api.generate_head(GERMAN, refine=False)  # one head: as any request the service rejects
    assert len(_heads()) == 1


def test_a_batch_with_variations_has_a_row_per_line(fake, tmp_path):
    path = tmp_path / "crowd.jsonl"
    path.write_text('{"prompt": "an old man", "name": "Al", "seed": 10}\na young woman\n')
    heads = api.generate_batch(path, seed=0, variations=3, refine=False)
    assert [h.name for h in heads[:3]] == ["Al seed 10", "Al seed 11", "Al seed 12"]
    assert [o["seed"] for _, _, o in fake.submitted] == [10, 11, 12, *(_line_seed(2, k) for k in range(3))]
    assert _grid(heads) == [(c, r) for r in range(2) for c in range(3)]


def test_a_batch_too_big_or_bad_is_refused_before_any_job(fake):
    with pytest.raises(ValueError, match=r"the batch has 33 prompts x 2 variations = 66 heads; at most 64 at once"):
        api.generate_batch(_text("an old man\n" * 33), variations=2, refine=False)
    with pytest.raises(ValueError, match=r"^line 2 \('x+\): the prompt is 2,001 characters long.*; line 4 \('y+"):
        api.generate_batch(_text("an old man\n" + "x" * 2001 + "\na child\n" + "y" * 2002 + "\n", "Long"),
                           refine=False)
    assert fake.submitted == [] and _heads() == []


# -- the panel's Generate ----------------------------------------------------------------------------------------

def test_generate_button_from_the_lines_of_a_text_block(fake):
    from test_hair import _panel_labels
    from test_hair_left_behind import _panel

    props = bpy.context.scene.textface
    props.source, props.batch_text, props.refine, props.seed = "TEXT", _text(f"an old man\n{GERMAN}\na child\n"), \
        False, 2
    _panel_labels()  # the panel draws the batch source
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert job_state.current.running
    assert _tick_until(op, _ended) == {"FINISHED"}
    heads = sorted(_heads(), key=lambda h: (h.location.x, -h.location.z))
    assert len(heads) == 2 and _grid(heads) == [(0, 0), (0, 1)]  # 3 lines: 2 columns; line 2 failed
    message = f"1 of 3 heads was not made: {GERMAN!r} seed {_line_seed(2, 2)}: {NOT_ENGLISH}"
    assert ({"WARNING"}, f"TextFace: {message}") in op.reports and job_state.current.failed == message
    assert "textface.generate" in _panel()[1]


def test_generate_button_from_a_batch_file_with_names(fake, tmp_path):
    path = tmp_path / "crowd.jsonl"
    path.write_text('{"prompt": "an old man", "name": "Al"}\n{"prompt": "a child", "name": "Kid", "seed": 3}\n')
    props = bpy.context.scene.textface
    props.source, props.batch_file, props.refine = "FILE", str(path), False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert sorted(h.name for h in _heads()) == ["Al", "Kid"]
    assert [o["seed"] for _, _, o in fake.submitted] == [backend_seed_of("Al", batch.MAX_SEED), 3]


def test_generate_button_batch_errors_are_one_message_and_nothing_runs(fake, tmp_path):
    props = bpy.context.scene.textface
    props.source, props.refine = "TEXT", False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is None
    assert op.reports[-1] == ({"ERROR"}, "no text block picked for the batch: pick one under Lines (one "
                                         "description a line)")
    props.source, props.batch_file = "FILE", str(tmp_path / "missing.jsonl")
    assert op._begin(bpy.context) is None and "the batch file does not exist" in op.reports[-1][1]
    assert job_state.current.last_error == op.reports[-1][1] and not job_state.current.running
    assert fake.submitted == [] and _heads() == []


def _progress_text() -> str:
    from types import SimpleNamespace

    from test_addon import _Layout

    log = []
    bpy.types.TEXTFACE_PT_main.draw(SimpleNamespace(layout=_Layout(log)), bpy.context)
    return next(k["text"] for name, _a, k in log if name == "progress")


def test_esc_cancels_every_job_of_a_batch(fake):
    fake.hold.clear()
    props = bpy.context.scene.textface
    props.source, props.batch_text, props.refine = "TEXT", _text("an old man\na child\na young woman\n"), False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    _tick_until(op, lambda result: len(fake.jobs) == 3 and op._task.progress.stage != "submitting")
    assert "(0 of 3 heads done)" in _progress_text()  # the panel's bar counts the heads
    assert op.modal(bpy.context, ESC) == {"CANCELLED"}
    _wait_for(lambda: sorted(fake.cancelled) == sorted(fake.jobs))
    assert _heads() == [] and not job_state.current.running


def test_the_prompt_mode_is_as_before(fake):
    """Source Prompt (the default): one prompt, its variations side by side in a row."""
    props = bpy.context.scene.textface
    assert props.source == "PROMPT"
    props.variations, props.refine = 2, False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"FINISHED"}
    heads = _heads()
    assert len(heads) == 2 and len({h.location.z for h in heads}) == 1
    assert np.ptp([h.location.x for h in heads]) > 0
