"""An OSError from a user-given path (a name too long for the file system, a read-only data folder) is
one line naming the path and its option, exit status 2, before any work: not a traceback at the end."""
from __future__ import annotations

import errno
import os

import pytest

from test_cli_errors import cli, no_work, one_line_error  # noqa: F401  (no_work is a fixture)

LONG = "x" * 300  # more than NAME_MAX (255 bytes) of every file system Linux, macOS and Windows use


@pytest.mark.parametrize("command", [["generate", "a man"], ["sample"]])
@pytest.mark.parametrize("tail", [LONG, f"{LONG}/head"])
def test_out_with_a_name_too_long_is_one_line_before_any_work(command, tail, tmp_path, capsys, no_work):
    code, _, err = cli(capsys, *command, "--out", str(tmp_path / "bad" / tail))
    assert code == 2
    one_line_error(err, "--out", "too long")
    assert list(tmp_path.iterdir()) == []


def test_out_inside_an_existing_folder_with_a_name_too_long(tmp_path, capsys, no_work):
    (tmp_path / "bad").mkdir()  # stat of bad/<300 x> fails with ENAMETOOLONG, not "missing"
    code, _, err = cli(capsys, "generate", "a man", "--out", str(tmp_path / "bad" / LONG / "h"))
    assert code == 2
    one_line_error(err, "--out", str(tmp_path / "bad" / LONG))


def test_batch_file_with_a_name_too_long(tmp_path, capsys, no_work):
    code, _, err = cli(capsys, "generate", "--batch", str(tmp_path / f"{LONG}.jsonl"), "--out", str(tmp_path / "o"))
    assert code == 2
    one_line_error(err, "--batch", "too long")


def test_eval_json_with_a_name_too_long(tmp_path, capsys, no_work):
    code, _, err = cli(capsys, "eval", "texture", "--json", str(tmp_path / f"{LONG}.json"))
    assert code == 2
    one_line_error(err, "--json")


def _serve_must_not_start(monkeypatch):
    def create_app(cfg):
        raise AssertionError("serve started with an unusable data folder")

    import backend.service.app

    monkeypatch.setattr(backend.service.app, "create_app", create_app)


def test_serve_data_dir_where_the_token_cannot_be_written(tmp_path, capsys, monkeypatch):
    """A read-only file system (simulated: os.open of the token file fails with EROFS, as there)."""
    import backend.service.auth as auth

    _serve_must_not_start(monkeypatch)
    real_open = os.open

    def read_only(path, flags, *a, **k):
        if str(path).endswith(auth.TOKEN_FILE) and flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *a, **k)

    monkeypatch.setattr(auth.os, "open", read_only)
    code, _, err = cli(capsys, "serve", "--data-dir", str(tmp_path), "--port", "0")
    assert code == 2
    one_line_error(err, "--data-dir", str(tmp_path / auth.TOKEN_FILE), "Read-only file system")


def test_serve_data_dir_not_writable(tmp_path, capsys, monkeypatch):
    """A folder the service cannot write its jobs into is refused at start, token or no token."""
    import backend.paths

    _serve_must_not_start(monkeypatch)
    monkeypatch.setattr(backend.paths.os, "access", lambda p, mode: False)
    code, _, err = cli(capsys, "serve", "--data-dir", str(tmp_path), "--port", "0", "--token", "t" * 20)
    assert code == 2
    one_line_error(err, "--data-dir", str(tmp_path), "not writable")


def test_serve_data_dir_with_a_name_too_long(tmp_path, capsys, monkeypatch):
    _serve_must_not_start(monkeypatch)
    code, _, err = cli(capsys, "serve", "--data-dir", str(tmp_path / LONG), "--port", "0")
    assert code == 2
    one_line_error(err, "--data-dir", "too long")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv, option", [
    (["assets", "status", "--cache-dir"], "--cache-dir"),  # commands without a check of their own: the
    (["train", "texture", "--data"], "--data"),            # OSError itself is caught and named
    (["eval", "shape", "--weights"], "--weights"),
])
def test_any_oserror_from_a_user_path_is_one_line_naming_its_option(argv, option, tmp_path, capsys):
    code, _, err = cli(capsys, *argv, str(tmp_path / LONG))
    assert code == 2
    one_line_error(err, f"{option} {tmp_path / LONG}", "too long")


def test_an_oserror_of_a_path_the_user_did_not_give_keeps_its_traceback(tmp_path, monkeypatch):
    """Not the user's path: a fault of ours (or of the machine) that a report needs the trace of."""
    import backend.commands.parse as parse_command
    from backend.cli import main
    from backend.paths import option_of_path

    def broken(args):
        raise OSError(errno.EIO, "Input/output error", "/var/lib/somewhere/else")

    monkeypatch.setattr(parse_command, "run", broken)
    with pytest.raises(OSError):
        main(["parse", "a man"])
    given = {"--out": str(tmp_path), "--cache-dir": str(tmp_path / "c")}
    assert option_of_path(str(tmp_path / "c" / "m.npz"), given) == "--cache-dir"  # the deepest one
    assert option_of_path(str(tmp_path / "o.txt"), given) == "--out"
    assert option_of_path("/elsewhere/x", given) is None and option_of_path(None, given) is None
