"""The scripting API checks its arguments before anything talks to the backend: a wrong type is a
TypeError, a value out of the service's range a ValueError, each with a clear message, and no job is
submitted (nor a backend started) for a call that would fail."""
from __future__ import annotations

import math

import bpy
import pytest

from backend.io import wire
from blender_textface import api, expressions, refine, session, tasks
from conftest import REPO, synthetic_arrays
from fake_client import FakeClient


@pytest.fixture
def fake(addon, monkeypatch):
    """A stand-in client; `contacted` counts every time a task asked for the backend."""
    monkeypatch.setattr(tasks, "POLL_INTERVAL", 0.01)
    client = FakeClient(wire.to_bytes(wire.pack(**synthetic_arrays())))
    client.contacted = 0

    def endpoint(settings):
        client.contacted += 1
        return "http://fake", "token"

    monkeypatch.setattr(session, "endpoint_if_ready", endpoint)
    monkeypatch.setattr(session, "client", lambda url, token: client)
    return client


def _refused(fake, error, match, call):
    with pytest.raises(error, match=match):
        call()
    assert fake.submitted == [] and fake.contacted == 0 and len(bpy.data.objects) == 0


PROMPT = "a small synthetic test head"
SETTINGS = api.BackendSettings()


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(location=(0, 0)), ValueError, r"location must be 3 numbers .*got 2"),
    (dict(location=(0, 0, 0, 0)), ValueError, r"location must be 3 numbers .*got 4"),
    (dict(location="abc"), TypeError, r"location must be 3 numbers .*str 'abc'"),
    (dict(location=5.0), TypeError, r"location must be 3 numbers .*float"),
    (dict(location=(0, "1", 0)), TypeError, r"location must be 3 numbers"),
    (dict(location=(0, math.nan, 0)), ValueError, r"location must be finite"),
    (dict(location=(math.inf, 0, 0)), ValueError, r"location must be finite"),
    (dict(variations=True), TypeError, r"variations must be an int, got bool True"),
    (dict(variations=2.9), TypeError, r"variations must be an int, got float 2.9"),
    (dict(variations="2"), TypeError, r"variations must be an int, got str '2'"),
    (dict(variations=0), ValueError, r"variations must be in 1\.\.16, got 0"),
    (dict(variations=17), ValueError, r"variations must be in 1\.\.16, got 17"),
    (dict(seed=1.7), TypeError, r"seed must be an int, got float 1.7"),
    (dict(seed=False), TypeError, r"seed must be an int, got bool"),
    (dict(seed=-1), ValueError, r"seed must be in 0\.\.2147483647, got -1"),
    (dict(seed=2**31), ValueError, r"seed must be in 0\.\.2147483647"),
    (dict(seed=2**31 - 2, variations=3), ValueError, r"seed must be in 0\.\.2147483645"),  # seeds past the max
    (dict(refine_steps=-5), ValueError, r"refine_steps must be in 1\.\.1000, got -5"),
    (dict(refine_steps=0), ValueError, r"refine_steps must be in 1\.\.1000"),
    (dict(refine_steps=1001), ValueError, r"refine_steps must be in 1\.\.1000"),
    (dict(refine_steps=50.0), TypeError, r"refine_steps must be an int"),
    (dict(refine="yes"), TypeError, r"refine must be True or False"),
    (dict(settings=api.BackendSettings(texture_size=333)), ValueError,
     r"texture_size must be one of 256, 512, 1024, 2048, got 333"),
    (dict(settings=api.BackendSettings(texture_size="1024")), ValueError, r"texture_size must be one of"),
    (dict(settings={"mode": "LOCAL"}), TypeError, r"settings must be a BackendSettings, got dict"),
    # (before: 'remote' started a local backend, a bad timeout failed once the backend had started)
    (dict(settings=api.BackendSettings(mode="remote", url="http://farm:8765")), ValueError,
     r"BackendSettings.mode must be one of LOCAL, REMOTE, got 'remote'"),
    (dict(settings=api.BackendSettings(device="gpu")), ValueError,
     r"BackendSettings.device must be one of auto, cpu, cuda, got 'gpu'"),
    (dict(settings=api.BackendSettings(job_timeout="60")), ValueError,
     r"BackendSettings.job_timeout must be a positive number of seconds, got '60'"),
    (dict(settings=api.BackendSettings(start_timeout=math.nan)), ValueError, r"start_timeout must be a positive"),
    (dict(settings=api.BackendSettings(start_timeout=0)), ValueError, r"start_timeout must be a positive"),
    (dict(settings=api.BackendSettings(token=None)), TypeError, r"BackendSettings.token must be a str, got NoneType"),
    (dict(settings=api.BackendSettings(texture_model="gan")), ValueError, r"texture model must be 'parametric' or"),
])
def test_generate_checks_every_argument_before_any_job(fake, kwargs, error, match):
    kwargs = {"settings": SETTINGS, **kwargs}
    _refused(fake, error, match, lambda: api.generate_heads(PROMPT, **kwargs))


@pytest.mark.parametrize("prompt, error, match", [
    (b"an old man", TypeError, r"the prompt must be a str, got bytes"),
    (None, TypeError, r"the prompt must be a str, got NoneType"),
    ("   ", ValueError, r"the prompt is empty"),
])
def test_generate_checks_the_prompt(fake, prompt, error, match):
    _refused(fake, error, match, lambda: api.generate_head(prompt, settings=SETTINGS))


def test_valid_arguments_of_other_number_types_are_accepted(fake, synthetic_wire):
    """numpy ints and a Vector location are fine; what is sent is plain ints."""
    import numpy as np
    from mathutils import Vector

    requests = api.generate_requests(PROMPT, np.int64(7), np.int32(2), False, np.int16(3), SETTINGS)
    for request in requests:
        request(fake)
    options = [s[2] for s in fake.submitted]
    assert [o["seed"] for o in options] == [7, 8] and all(type(o["seed"]) is int for o in options)
    assert type(options[0]["refine_steps"]) is int and options[0]["refine_steps"] == 3
    (head,) = api.import_payloads([synthetic_wire[0]], location=Vector((1.0, 2.0, 3.0)))
    assert tuple(head.location) == (1.0, 2.0, 3.0)


def _head(synthetic_wire):
    return api.import_wire(synthetic_wire[0])


@pytest.mark.parametrize("obj, text, steps, error, match", [
    ("HEAD_NAME", "looks tired", 10, TypeError, r"expected a head object \(bpy.types.Object\), got str .*"
                                                r"use bpy.data.objects\["),
    ("EMPTY", "looks tired", 10, ValueError, r"is not a TextFace head"),
    ("CUBE", "looks tired", 10, ValueError, r"is not a TextFace head"),
    ("HEAD", b"looks tired", 10, TypeError, r"the refine text must be a str, got bytes"),
    ("HEAD", "  ", 10, ValueError, r"describe how to refine"),
    ("HEAD", "looks tired", -3, ValueError, r"steps must be in 1\.\.1000, got -3"),
    ("HEAD", "looks tired", 2000, ValueError, r"steps must be in 1\.\.1000"),
    ("HEAD", "looks tired", 2.5, TypeError, r"steps must be an int, got float"),
    ("HEAD", "looks tired", True, TypeError, r"steps must be an int, got bool"),
])
def test_refine_checks_every_argument_before_any_job(fake, synthetic_wire, obj, text, steps, error, match):
    head = _head(synthetic_wire)
    empty = bpy.data.objects.new("Empty", None)
    bpy.ops.mesh.primitive_cube_add()
    target = {"HEAD": head, "HEAD_NAME": head.name, "EMPTY": empty, "CUBE": bpy.context.active_object}[obj]
    keys = [(b.name, b.value) for b in head.data.shape_keys.key_blocks]
    with pytest.raises(error, match=match):
        api.refine_head(target, text, steps=steps, settings=SETTINGS)
    assert fake.submitted == [] and fake.contacted == 0
    assert [(b.name, b.value) for b in head.data.shape_keys.key_blocks] == keys


def test_refine_checks_the_settings_before_any_job(fake, synthetic_wire):
    head = api.import_wire(synthetic_wire[0])
    with pytest.raises(ValueError, match=r"BackendSettings.mode must be one of LOCAL, REMOTE, got 'Remote'"):
        api.refine_head(head, "looks tired", settings=api.BackendSettings(mode="Remote", url="http://farm:8765"))
    assert fake.submitted == [] and fake.contacted == 0


def test_refine_a_deleted_head_is_a_clear_error(fake, synthetic_wire):
    head = _head(synthetic_wire)
    bpy.data.objects.remove(head)
    with pytest.raises(refine.NotAHead, match="has been deleted"):
        api.refine_head(head, "looks tired", settings=SETTINGS)
    assert fake.submitted == []


@pytest.mark.parametrize("location, error", [((0, 0), ValueError), ("abc", TypeError), ((0, math.nan, 0), ValueError)])
def test_import_wire_checks_the_location_before_reading(bpy_empty, synthetic_wire, location, error):
    with pytest.raises(error, match="location"):
        api.import_wire(synthetic_wire[0], location=location)
    with pytest.raises(error, match="location"):
        api.import_payloads([synthetic_wire[0]], location=location)
    assert len(bpy.data.objects) == 0 and len(bpy.data.meshes) == 0


def test_the_bounds_are_the_services():
    """The API's limits are the backend's (backend/limits.py: read, not imported, as the add-on never
    imports the backend), and the service's request bodies use those."""
    limits = {}
    exec((REPO / "backend" / "limits.py").read_text(), limits)  # (standard library only)
    assert api.MAX_SEED == limits["MAX_SEED"] == 2**31 - 1
    assert refine.REFINE_STEPS == api.REFINE_STEPS == limits["REFINE_STEPS"]
    assert api.TEXTURE_SIZES == limits["TEXTURE_SIZES"]
    text = (REPO / "backend" / "service" / "schemas.py").read_text()
    assert "from ..limits import MAX_SEED, REFINE_STEPS, TEXTURE_SIZES" in text
    assert "seed: int = Field(0, ge=0, le=MAX_SEED)" in text
    assert text.count("refine_steps: int = Field(100, ge=REFINE_STEPS[0], le=REFINE_STEPS[1])") == 2
    assert "texture_size: Literal[TEXTURE_SIZES]" in text
    assert expressions.EXPRESSION_RANGE == limits["EXPRESSION_RANGE"]  # what the backend's head check allows


def test_the_expression_names_are_the_installed_models(real_wire):
    """Refine Selected sends the keys of these names as the pose: they are the real model's, in its order."""
    import numpy as np

    with np.load(real_wire, allow_pickle=False) as arrays:
        assert expressions.EXPRESSION_NAMES == tuple(str(n) for n in arrays["expression_names"])


def _crowd_collection(active: bool = True) -> bpy.types.Collection:
    """An artist's collection in the scene, made the active one as a click in the Outliner does."""
    crowd = bpy.data.collections.new("Crowd")
    bpy.context.scene.collection.children.link(crowd)
    if active:
        bpy.context.view_layer.active_layer_collection = bpy.context.view_layer.layer_collection.children["Crowd"]
    return crowd


def test_generated_heads_go_to_the_active_collection(fake):
    """As Blender's Add menu: the active collection, not the Scene Collection."""
    crowd = _crowd_collection()
    heads = api.generate_heads(PROMPT, variations=2, refine=False, settings=SETTINGS)
    head = api.generate_head(PROMPT, refine=False, settings=SETTINGS)
    for obj in heads + [head]:
        assert [c.name for c in obj.users_collection] == ["Crowd"]
    assert list(bpy.context.scene.collection.objects) == [] and len(crowd.objects) == 3


def test_generate_into_a_collection_with_a_name(fake):
    """collection= and name=: one head is `name`, the variations "<name> seed N" (mesh and material too)."""
    _crowd_collection()
    extras = bpy.data.collections.new("Extras")
    bpy.context.scene.collection.children.link(extras)
    heads = api.generate_heads(PROMPT, seed=4, variations=3, refine=False, settings=SETTINGS, collection=extras,
                               name="Villager")
    assert [h.name for h in heads] == ["Villager seed 4", "Villager seed 5", "Villager seed 6"]
    assert [h.data.name for h in heads] == [h.name for h in heads]
    assert [h.material_slots[0].material.name for h in heads] == [h.name for h in heads]
    assert all([c.name for c in h.users_collection] == ["Extras"] for h in heads)
    bob = api.generate_head(PROMPT, refine=False, settings=SETTINGS, name="Bob")
    again = api.generate_head(PROMPT, seed=1, refine=False, settings=SETTINGS, name="Bob")
    assert (bob.name, again.name) == ("Bob", "Bob.001")  # Blender's own suffix for a name taken
    assert [c.name for c in bob.users_collection] == ["Crowd"]
    scene_head = api.generate_head(PROMPT, refine=False, settings=SETTINGS,
                                   collection=bpy.context.scene.collection)
    assert scene_head.name in bpy.context.scene.collection.objects


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(collection="Crowd"), TypeError, r"collection must be a bpy.types.Collection .*bpy.data.collections"),
    (dict(collection=42), TypeError, r"collection must be a bpy.types.Collection or None, got int"),
    (dict(name=7), TypeError, r"name must be a str or None, got int"),
    (dict(name="  "), ValueError, r"name must be a non-empty str"),
    (dict(name="a\x00b"), ValueError, r"without NUL"),
    (dict(name="x" * 300, variations=2), ValueError, r"name is too long: .* seed 0. is over Blender.s"),
])
def test_generate_checks_collection_and_name_before_any_job(fake, kwargs, error, match):
    _crowd_collection()
    kwargs = {"settings": SETTINGS, **kwargs}
    _refused(fake, error, match, lambda: api.generate_heads(PROMPT, **kwargs))


def test_a_deleted_collection_is_refused_before_any_job(fake, synthetic_wire):
    gone = _crowd_collection(active=False)
    bpy.data.collections.remove(gone)
    _refused(fake, ValueError, "the collection has been deleted",
             lambda: api.generate_head(PROMPT, settings=SETTINGS, collection=gone))
    with pytest.raises(ValueError, match="the collection has been deleted"):
        api.import_wire(synthetic_wire[0], collection=gone)


def test_import_wire_goes_to_the_active_collection(bpy_empty, synthetic_wire):
    crowd = _crowd_collection()
    head = api.import_wire(synthetic_wire[0])
    (other,) = api.import_payloads([synthetic_wire[0]])
    assert head.name in crowd.objects and other.name in crowd.objects
    assert list(bpy.context.scene.collection.objects) == []


# a warning the backend gives a prompt it reads nothing of but is no foreign text ("!!!"); a description not in
# English fails its job instead (test_crowd_failures.py)
NOTHING = "nothing in the description was recognised as a facial attribute or appearance"
AGE = "number not understood as an age, left out: '300'"


def _payload_with_warnings(*warnings_, identity0: float | None = None) -> bytes:
    arrays = synthetic_arrays()
    arrays["sidecar"]["parsed"] = {"concrete": {}, "abstract": [], "warnings": list(warnings_)}
    if identity0 is not None:
        arrays["identity"][0] = identity0
        arrays["sidecar"]["identity"] = arrays["identity"].tolist()
    return wire.to_bytes(wire.pack(**arrays))


def test_prompt_warnings_are_python_warnings_naming_each_head(fake):
    """A garbage or typo'd crowd prompt gives a generic head; the script is told, per head, at its own line."""
    assert "PromptWarning" in api.__all__ and issubclass(api.PromptWarning, UserWarning)
    fake.payload = _payload_with_warnings(NOTHING, AGE)
    with pytest.warns(api.PromptWarning) as caught:
        heads = api.generate_heads("!!!", variations=2, refine=False, settings=SETTINGS, name="Row")
    assert [str(w.message) for w in caught] == [f"{h.name}: {text}" for h in heads for text in (NOTHING, AGE)]
    assert {w.filename for w in caught} == {__file__}  # the script's line, not the add-on's
    with pytest.warns(api.PromptWarning) as caught:
        api.generate_head("!!!", refine=False, settings=SETTINGS, name="Solo")
    assert [(str(w.message), w.filename) for w in caught] == [(f"Solo: {NOTHING}", __file__),
                                                               (f"Solo: {AGE}", __file__)]


def test_no_prompt_warning_for_a_prompt_read_in_full(fake):
    import warnings

    fake.payload = _payload_with_warnings()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        api.generate_head(PROMPT, refine=False, settings=SETTINGS)


def test_refine_warns_only_of_new_prompt_warnings(fake):
    """A refined head keeps its prompt's warnings: they were told when it was made; a new one is news."""
    import warnings

    fake.payload = _payload_with_warnings(AGE)
    with pytest.warns(api.PromptWarning):
        head = api.generate_head(PROMPT, refine=False, settings=SETTINGS, name="Head")
    fake.payload = _payload_with_warnings(AGE, identity0=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        api.refine_head(head, "looks tired", settings=SETTINGS)
    fake.payload = _payload_with_warnings(AGE, NOTHING, identity0=1.5)
    with pytest.warns(api.PromptWarning) as caught:
        api.refine_head(head, "looks tired", settings=SETTINGS)
    assert [str(w.message) for w in caught] == [f"Head: {NOTHING}"]
