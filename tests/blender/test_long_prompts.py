"""Prompts and refine texts longer than the service takes (a text block can hold any length): refused at once,
before the backend is started or any job sent, with their length and the limit."""
from __future__ import annotations

import re

import bpy
import pytest

from blender_textface import api, job_state, refine

from conftest import REPO
from test_light_heads import _path
from test_operators import _ended, _harness, _tick_until, fake  # noqa: F401 - fake: the fixture


def test_the_limit_is_the_services():
    text = (REPO / "backend" / "service" / "schemas.py").read_text(encoding="utf-8")
    assert re.search(r"^MAX_PROMPT = (\d+)$", text, re.M).group(1) == str(api.MAX_PROMPT) == "2000"
    assert text.count("max_length=MAX_PROMPT") == 2  # the generate prompt and the refine text


def test_a_text_block_prompt_over_the_limit_is_refused_before_any_job(fake):
    """Before: the job was sent, and (after the local backend had started) the service refused it with
    'invalid request: body.prompt: String should have at most 2000 characters'."""
    block = bpy.data.texts.new("long prompt")
    block.write("an old man with a long face, " * 100)  # 2,900 characters
    props = bpy.context.scene.textface
    props.prompt_text = block
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is None and fake.submitted == [] and not job_state.current.running
    assert op.reports[-1][1] == ("the prompt is 2,899 characters long; the backend takes at most 2,000: shorten "
                                 "it (the description of one face needs far fewer)")
    block.clear()
    block.write("  " + "a" * 2000 + "\n")  # the limit, once the surrounding blanks are dropped
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"} and len(fake.submitted[0][1]) == 2000


def test_a_refine_text_over_the_limit_is_refused_before_any_job(fake, tmp_path):
    head = api.import_wire(_path(tmp_path))
    with pytest.raises(ValueError, match=r"the refine text is 2,001 characters long; the backend takes at most"):
        api.refine_head(head, "x" * 2001, settings=api.BackendSettings())
    assert fake.submitted == [] and refine.MAX_TEXT == api.MAX_PROMPT
