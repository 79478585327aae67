"""submit --hair auto|none, as generate's: sent to the service only when it is `none` (a service from before
hair meshes refuses the field, said in one line); through a real `serve` and the real `submit` command."""
from __future__ import annotations

import json

import numpy as np
import pytest
from test_service_support import fake_http, send

from test_cli_errors import cli, one_line_error
from test_submit_obj_units import TOKEN, _submit, bodies_sent, serve  # noqa: F401 - serve: a module fixture

from backend.io import wire


def test_submit_hair_none_writes_no_hair_mesh(serve, tmp_path):  # noqa: F811
    url, token = serve
    auto, none = tmp_path / "auto", tmp_path / "none"
    _submit(url, token, auto)
    _submit(url, token, none, "--hair", "none")
    assert (auto / "hair.obj").is_file() and wire.has_hair(wire.read_wire(auto / "head.npz"))
    assert not any(p.name.startswith("hair") for p in none.iterdir()), sorted(p.name for p in none.iterdir())
    assert not wire.has_hair(wire.read_wire(none / "head.npz"))
    # the same head otherwise: only its hair mesh differs
    with np.load(auto / "head.npz", allow_pickle=False) as a, np.load(none / "head.npz", allow_pickle=False) as b:
        np.testing.assert_array_equal(a["identity"], b["identity"])


@pytest.mark.parametrize("argv, sent", [((), None), (("--hair", "auto"), None), (("--hair", "none"), "none")])
def test_hair_is_sent_only_when_it_is_none(capsys, argv, sent):
    assert bodies_sent(capsys, *argv)[0].get("hair") == sent


def test_hair_refused_by_an_older_service_is_one_line(capsys):
    def answer(handler):
        send(handler, json.dumps({"detail": "body.hair: Extra inputs are not permitted ('hair')"}).encode(),
             status=422)

    with fake_http(answer) as url:
        code, _, err = cli(capsys, "submit", "a man", "--hair", "none", "--url", url, *TOKEN)
    assert code == 2
    one_line_error(err, "does not know --hair", "older")


@pytest.mark.parametrize("argv, said", [(("--job", "a" * 32, "--out", "x"), "--hair is a job's option"),
                                        (("--cancel", "a" * 32), "--cancel ID does not fetch anything")])
def test_hair_with_job_or_cancel_is_one_line(capsys, argv, said):
    code, _, err = cli(capsys, "submit", *argv, "--hair", "none", "--url", "http://127.0.0.1:9", *TOKEN)
    assert code == 2
    one_line_error(err, said)
