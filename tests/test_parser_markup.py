"""HTML and markdown pasted from a wiki (backend/parser/markup.py): decoded and stripped before reading, warned."""
from __future__ import annotations

import pytest

from backend.parser import parse

MARKUP = "markup removed before reading"


def _warned(r) -> bool:
    return any(w.startswith(MARKUP) for w in r.warnings)


def test_entities_decoded():
    r = parse('a woman &amp; her &quot;red&quot; hair')
    assert r.concrete == {"gender": "female", "hair_color": "red"}
    assert r.abstract == [] and _warned(r)


def test_numeric_entity():
    r = parse("a man with his father&#39;s blue eyes")
    assert "&#39" not in " ".join(r.abstract) and _warned(r)


def test_html_tags_stripped():
    r = parse("<p>an old man with a <em>white</em> beard</p>")
    assert r.concrete["age"] == "old" and r.concrete["beard"] == "full" and r.concrete["beard_color"] == "gray"
    assert r.abstract == [] and _warned(r)


def test_wiki_sheet_with_markdown_and_tags():
    r = parse("**Name:** Mara <br> a <b>young woman</b> with _red_ hair")
    assert r.concrete == {"gender": "female", "age": "young", "hair_color": "red"}
    assert r.abstract == [] and _warned(r)
    assert any("Mara" in w for w in r.warnings)  # the name field's value, said as a name


def test_markdown_headings_are_labels():
    r = parse("# Hero\n\n## Look\n* short blond hair")
    assert r.concrete == {"hair_color": "blond", "scalp_hair": "full"}
    assert r.hair == {"length": "short"}
    assert r.abstract == []
    assert any("'Hero'" in w and "'Look'" in w for w in r.warnings if w.startswith(MARKUP))


def test_scare_quotes_round_a_modifier():
    assert parse('a woman with "red" hair').concrete["hair_color"] == "red"


@pytest.mark.parametrize("text", ["a young woman with red hair", "a man with a <3 smile", "a man, 5*3 freckles",
                                  "snake_case_name with blue eyes", "a <grin> man"])
def test_no_markup_no_warning(text):
    assert not _warned(parse(text))
