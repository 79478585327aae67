"""The add-on keeps no copy of the backend's attribute schema: a head's parsed attributes and the backend's
words about them travel as they are, so values and attributes the backend adds (eyelids 'heavy', under_eyes,
a scalp-hair attribute, ...) are neither refused nor dropped by the add-on.  (A guard: nothing in the add-on
listed attributes when these were added; the stored-data checks of test_damaged_head must not start to.)"""
from __future__ import annotations

import warnings

import pytest

from backend.io import wire
from blender_textface import api, writer

from conftest import synthetic_arrays
from test_operators import fake  # noqa: F401 - fake: the fixture

PARSED = {"concrete": {"eyelids": "heavy", "under_eyes": "dark", "scalp_hair": "receding",
                       "a_future_attribute": "a future value"},
          "strength": {"under_eyes": 1.4, "a_future_attribute": 0.5}, "abstract": ["looks tired"],
          "warnings": ["the texture model has no input for under_eyes; it was left out"]}


@pytest.fixture
def new_head(tmp_path):
    arrays = synthetic_arrays()
    arrays["sidecar"]["parsed"] = PARSED
    return wire.write_wire(tmp_path / "tired.npz", wire.pack(**arrays)), arrays


def test_a_head_with_new_attributes_imports_refines_and_sends_them_unchanged(fake, new_head):
    path, arrays = new_head
    fake.payload = wire.to_bytes(wire.pack(**arrays))
    head = api.import_wire(path)
    assert writer.sidecar_of(head)["parsed"] == PARSED
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.refine_head(head, "looks wise", steps=2, settings=api.BackendSettings())
    (sent,) = [s[1] for s in fake.submitted]
    assert sent["parsed"] == PARSED  # as the backend wrote it: its schema judges it
    assert writer.sidecar_of(head)["parsed"] == PARSED
    assert not [w for w in caught if issubclass(w.category, api.PromptWarning)]  # (known: not warned again)


def test_the_backends_words_about_them_reach_the_user(fake, new_head):
    fake.payload = wire.to_bytes(wire.pack(**new_head[1]))
    with pytest.warns(api.PromptWarning, match="the texture model has no input for under_eyes"):
        api.generate_head("a tired man with dark circles and a receding hairline", settings=api.BackendSettings())
