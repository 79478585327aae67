"""`assets install` without --from: $TEXTFACE_ICT_ARCHIVE, else ../shared/assets/ICT-FaceKit-master.zip beside the
repository when present, else the official archive; --help says so and the command says which it used."""
from __future__ import annotations

import pytest

from backend.commands import assets as command
from test_cli_errors import cli


def test_help_says_where_the_archive_comes_from(capsys):
    from backend.face_model.assets import OFFICIAL_URL

    with pytest.raises(SystemExit):
        cli(capsys, "assets", "--help")
    text = "".join(capsys.readouterr().out.split())  # argparse wraps even inside the URL
    for said in ("$TEXTFACE_ICT_ARCHIVE", "../shared/assets/ICT-FaceKit-master.zip", OFFICIAL_URL):
        assert said in text, said
    assert command.OFFICIAL_URL == OFFICIAL_URL


def test_the_default_source_follows_the_help(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    assert command.default_source(root, {}) == (command.OFFICIAL_URL, "the official ICT-FaceKit archive")
    shared = tmp_path / "shared" / "assets" / "ICT-FaceKit-master.zip"
    shared.parent.mkdir(parents=True)
    shared.write_bytes(b"zip")
    assert command.default_source(root, {})[0] == str(shared)
    assert command.default_source(root, {"TEXTFACE_ICT_ARCHIVE": "/x.zip"}) == ("/x.zip", "$TEXTFACE_ICT_ARCHIVE")


def test_install_says_which_archive_it_used(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "no.zip"
    monkeypatch.setenv("TEXTFACE_ICT_ARCHIVE", str(missing))
    code, out, err = cli(capsys, "assets", "install", "--cache-dir", str(tmp_path / "cache"))
    assert out.splitlines()[0] == f"archive: {missing} ($TEXTFACE_ICT_ARCHIVE)"
    assert code == 2 and str(missing) in err
