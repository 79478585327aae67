"""Refine jobs are refused at submit when their head is malformed; the token file's problems name it."""
from __future__ import annotations

import pytest
from test_service_support import api  # noqa: F401 - the fixture

from backend.service.auth import TokenError, load_or_create_token


def _sidecar(**change) -> dict:
    return {"schema_version": 1, "prompt": "p", "seed": 1, "parsed": {}, "identity": [0.0] * 100,
            "expression": {}, "texture": {"model": "parametric", "params": {}, "size": 256}, **change}


@pytest.mark.parametrize("change, words", [
    ({"parsed": {"abstract": 5}}, "parsed.abstract must be a list of strings"),
    ({"parsed": {"concrete": {"age": "ancient"}}}, "unknown value 'ancient' for age"),
    ({"parsed": {"warnings": [1]}}, "parsed.warnings must be a list of strings"),
    ({"identity": [0.0] * 99}, "identity must be a list of 100"),
    ({"texture": [1, 2]}, "texture must be an object"),
    ({"identity": [0.0] * 7 + [1e6] + [0.0] * 92}, "identity item 7 is 1000000.0"),
    ({"expression": {"jawOpen": 1000.0}}, "expression 'jawOpen' is 1000.0; weights must be in 0..1"),
])
def test_malformed_inline_head_is_refused_at_submit(api, change, words):
    r = api.post("/v1/jobs/refine", json={"text": "kind", "sidecar": _sidecar(**change)})
    assert r.status_code == 422, r.json()
    detail = r.json()["detail"]
    assert detail.startswith("sidecar: ") and words in detail


def test_unknown_expression_name_is_refused_with_the_valid_names(api, face_model):
    r = api.post("/v1/jobs/refine", json={"text": "kind", "sidecar": _sidecar(expression={"bogus": 1.0})})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert "unknown expression name(s) 'bogus'" in detail
    assert all(n in detail for n in face_model.expression_names) and len(face_model.expression_names) == 53
    name = face_model.expression_names[0]
    ok = api.post("/v1/jobs/refine", json={"text": "kind", "sidecar": _sidecar(expression={name: 0.5})})
    assert ok.status_code == 202


def test_identity_the_add_ons_sliders_can_send_is_accepted(api):
    # Refine Selected sends the identity sliders' values: Blender lets a user widen them up to +-10
    sidecar = _sidecar(identity=[10.0, -10.0] + [4.5] * 98)
    ok = api.post("/v1/jobs/refine", json={"text": "kind", "sidecar": sidecar})
    assert ok.status_code == 202, ok.json()


# -- the token file -------------------------------------------------------------------------------
@pytest.mark.parametrize("content, words", [
    (b"\xff\xfe token \xe9\n", "non-ASCII"),
    (b"", "at least 16"),
    (b"short\n", "at least 16"),
])
def test_a_bad_token_file_is_named(tmp_path, content, words):
    path = tmp_path / "service_token"
    path.write_bytes(content)
    path.chmod(0o600)
    with pytest.raises(TokenError) as info:
        load_or_create_token(tmp_path)
    assert str(path) in str(info.value) and words in str(info.value)


def test_serve_with_a_non_ascii_token_file_is_one_line(tmp_path, monkeypatch, capsys):
    from backend.cli import main
    from backend.commands.serve import TOKEN_ENV

    monkeypatch.delenv(TOKEN_ENV, raising=False)
    path = tmp_path / "service_token"
    path.write_bytes("jeton-secr\u00e8t-0123456789\n".encode())
    path.chmod(0o600)
    assert main(["serve", "--data-dir", str(tmp_path), "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "non-ASCII" in err and "Traceback" not in err


def test_serve_closes_its_socket_when_the_token_is_refused(tmp_path, monkeypatch, capsys):
    # the socket is bound first (a refused address leaves no folder behind); a bad token then
    # closes it at once instead of leaving it to the garbage collector
    from backend.cli import main
    from backend.commands import serve

    monkeypatch.delenv(serve.TOKEN_ENV, raising=False)
    path = tmp_path / "service_token"
    path.write_bytes(b"")
    path.chmod(0o600)
    bound = []
    real_bind = serve._bind
    monkeypatch.setattr(serve, "_bind", lambda *a: bound.append(real_bind(*a)) or bound[-1])
    assert main(["serve", "--data-dir", str(tmp_path), "--port", "0"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert len(bound) == 1 and bound[0].fileno() == -1  # closed


@pytest.mark.parametrize("token", ["\u00e9" * 20, "jeton-secr\u00e8t-0123456789", "\u20ac" * 16,
                                   "tab\tin-0123456789ab"])
def test_a_token_no_client_can_send_is_refused(token):
    # headers are latin-1 on the wire: a non-ASCII token could never be matched
    from backend.service.auth import check_token

    with pytest.raises(TokenError, match="printable ASCII"):
        check_token(token)
    assert check_token("Ab0-_~!" * 3) == "Ab0-_~!" * 3


@pytest.mark.parametrize("how", ["option", "env"])
def test_serve_with_a_non_ascii_token_is_one_line_before_it_starts(how, tmp_path, monkeypatch, capsys):
    from backend.cli import main
    from backend.commands import serve
    from backend.service import app

    def started(*a, **k):
        raise AssertionError("the service was started with a token no client can send")

    monkeypatch.setattr(app, "create_app", started)
    token = "jeton-secr\u00e8t-0123456789"
    argv = ["serve", "--data-dir", str(tmp_path), "--port", "0"]
    if how == "option":
        argv += ["--token", token]
    else:
        monkeypatch.setenv(serve.TOKEN_ENV, token)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "printable ASCII" in err, err
    assert ("--token" if how == "option" else serve.TOKEN_ENV) in err
