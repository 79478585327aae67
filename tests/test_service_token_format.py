"""A new service token never begins with "-": `submit --token TOKEN` would read it as an option (one urlsafe-base64
token in 64 did; CI met one in tests/test_submit_obj_units.py)."""
from backend.service.auth import check_token, load_or_create_token


def test_new_tokens_never_look_like_an_option(tmp_path):
    tokens = [load_or_create_token(tmp_path / str(k)) for k in range(300)]
    assert len(set(tokens)) == 300
    assert not [t for t in tokens if t.startswith("-")]
    assert all(check_token(t) == t for t in tokens)
