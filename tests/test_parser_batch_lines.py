"""`generate --batch` lines as a crowd author writes them: names of any script, one message per rule broken, a
duplicate named with its first line, and a line without a seed given a distinct one, said (before: accents refused
with a lumped message, a duplicate given the same message, and a missing seed silently 0: identical twins)."""
from __future__ import annotations

import json

import pytest
from test_cli_errors import cli, no_work, one_line_error  # noqa: F401  (no_work: a fixture)

from backend.batch_names import check_name, seed_of
from backend.commands.generate import read_batch
from backend.limits import MAX_SEED


def _file(tmp_path, *lines) -> str:
    path = tmp_path / "crowd.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", ["José María", "Zoë", "Ólafur_2", "山田太郎", "Мария-Петрова", "नमस्ते", "Dr. No",
                                  "head_0001", "7"])
def test_names_of_any_script_are_folders(name, tmp_path):
    assert read_batch(_file(tmp_path, {"name": name, "prompt": "a man", "seed": 1}))[0]["name"] == name


def test_a_decomposed_name_is_stored_composed(tmp_path):
    got = read_batch(_file(tmp_path, {"name": "Jose\u0301", "prompt": "a man", "seed": 1}))
    assert got[0]["name"] == "Jos\u00e9"


@pytest.mark.parametrize("name, said", [
    ("a/b", "path separator '/'"), ("a\\b", "path separator '\\\\'"), ("tab\there", "control or format character"),
    ("", "name is empty"), ("x" * 65, "65 characters; at most 64"), ("-lead", "must start with a letter or digit"),
    ("trail.", "must not end with '.'"), ("trail ", "must not end with ' '"), ("a  b", "two spaces in a row"),
    ("CON", "device name on Windows"), ("lpt1.txt", "device name on Windows"), ("a:b", "holds ':' (U+003A)"),
    ("a*b", "holds '*'"), (True, "name must be text"), (["x"], "name must be text"),
])
def test_each_rule_has_its_own_message(name, said):
    with pytest.raises(ValueError) as caught:
        check_name(name)
    assert said in str(caught.value)


def test_a_duplicate_names_its_first_line(tmp_path, capsys, no_work):  # noqa: F811
    batch = _file(tmp_path, {"name": "Ann", "prompt": "a woman", "seed": 1}, {"name": "Bob", "prompt": "a man", "seed": 2},
                  {"name": "Ann", "prompt": "a girl", "seed": 3}, {"name": "bob", "prompt": "a boy", "seed": 4})
    code, _, err = cli(capsys, "generate", "--batch", batch, "--out", str(tmp_path / "o"))
    assert code == 2
    one_line_error(err, "2 bad lines", "line 3: name 'Ann' is a duplicate of line 1",
                   "line 4: name 'bob' is a duplicate of line 2 ('Bob': one folder where case is folded")


def test_a_line_without_a_seed_gets_a_distinct_one_said(tmp_path, capsys):
    batch = _file(tmp_path, {"name": "a", "prompt": "an old man"}, {"name": "b", "prompt": "an old man"},
                  {"prompt": "an old man"}, {"name": "d", "prompt": "an old man", "seed": 0})
    items = read_batch(batch)
    seeds = [it["seed"] for it in items]
    assert seeds[:3] == [seed_of("a", MAX_SEED), seed_of("b", MAX_SEED), seed_of("head_0003", MAX_SEED)]
    assert len(set(seeds)) == 4 and all(0 <= s <= MAX_SEED for s in seeds)
    assert [set(it) for it in items] == [{"name", "prompt", "seed"}] * 4
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "note: 3 lines of crowd.jsonl give no seed; each gets one from its name" in out
    assert f"a (line 1) seed {seeds[0]}" in out and f"head_0003 (line 3) seed {seeds[2]}" in out
    # the seed follows the name, not the line: a head keeps its face when lines move
    assert read_batch(_file(tmp_path, {"name": "x", "prompt": "p"}, {"name": "b", "prompt": "an old man"}))[1][
        "seed"] == seeds[1]


def test_help_says_how_names_and_missing_seeds_are_read(capsys):
    from backend.cli import main

    with pytest.raises(SystemExit):
        main(["generate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "letters of any script" in text and 'a line without "seed" gets one from its name' in text


@pytest.mark.parametrize("line, said", [('["a man"]', "line 1: not a JSON object"),
                                        ('{"prompt": "a man", "sead": 4}', "line 1: unknown key 'sead'"),
                                        ('{"name": "a", "seed": 4}', 'line 1: no "prompt"')])
def test_each_line_rule_has_its_own_message(line, said, tmp_path, capsys, no_work):  # noqa: F811
    path = tmp_path / "crowd.jsonl"
    path.write_text(line + "\n")
    code, _, err = cli(capsys, "generate", "--batch", str(path), "--out", str(tmp_path / "o"))
    assert code == 2
    one_line_error(err, said)
