"""Scripting API: everything the operators do, callable from Python.

    from blender_textface import api          # or: from bl_ext.user_default.textface import api
    head = api.generate_head("a freckled young woman, smiling", seed=3, location=(0, 0, 0))
    path = api.export_fbx([head], "/tmp/head.fbx")   # a pathlib.Path; bpy's operators take str(path)

Generation talks to the backend configured in the add-on preferences (or `settings=`) and blocks until
the head is imported; the operators run the same tasks from a timer instead.
"""
from __future__ import annotations

import dataclasses
import math
import numbers
import sys
import warnings
from pathlib import Path

import bpy
import numpy as np

from . import export as _export
from . import placement
from . import batch, hair as _hair, importer, refine as _refine, regenerate, stepwise, tasks, units, writer
from . import name_case
from .errors import BackendError, DamagedHead, ImportFailed, NotAHead
from .arkit_names import NAME_STYLES
from .settings import TEXTURE_SIZES, BackendSettings

__all__ = ["generate_head", "generate_heads", "import_wire", "refine_head", "export_fbx", "export_glb", "hair_of",
           "match_hair", "delete_head", "NameCaseClash", "HairSettingsMissed", "NotHeadsLeftOut", "generate_batch",
           "read_batch",
           "BackendError", "ImportFailed", "NotAHead", "DamagedHead", "ExportFailed", "RefinementSkipped",
           "ExpressionClamped", "AlbedoKept", "HeadsFailed",
           "ShapeKeyLockIgnored", "KeySettingsIgnored", "PromptWarning", "ModifiersNotApplied",
           "BackendSettings", "settings_from_preferences"]

ExportFailed = _export.ExportFailed
RefinementSkipped = _refine.RefinementSkipped
ExpressionClamped = _refine.ExpressionClamped
ShapeKeyLockIgnored = _refine.ShapeKeyLockIgnored
KeySettingsIgnored = _refine.KeySettingsIgnored
AlbedoKept = _refine.AlbedoKept


class PromptWarning(UserWarning):
    """Part of the prompt the backend could not use (no word recognised, a number not read as an age, a
    stated attribute not met, ...): the head was made without it.  "<head name>: <what>"."""


class HeadsFailed(UserWarning):
    """Some heads of a crowd (`generate_heads` with several prompts or variations) were not made: their jobs failed
    (e.g. a description not in English); the others were made and imported.  One warning per call, a line naming
    each failed head by prompt and seed and why.  `failures`: [(prompt, seed, reason), ...] in request order;
    `heads`: the heads made (also when the warning is turned into an error: they are in the scene then too)."""

    def __init__(self, message: str, failures=(), heads=()):
        super().__init__(message)
        self.failures = list(failures)
        self.heads = list(heads)


class ModifiersNotApplied(UserWarning):
    """An exported head (or its hair) has modifiers (Subdivision, ...), which the FBX and GLB exports do not apply:
    morph targets need the base mesh, which is what is written.  One line naming them."""


class NotHeadsLeftOut(UserWarning):
    """Meshes given to an export that are no TextFace heads (a prop, the hair of a deleted head) were left out of the
    file: one line naming each and why."""


def _warn(message: str, category: type[Warning]) -> None:
    """Warn at the script's line that called the API (generate_head goes through generate_heads)."""
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


def _warn_instance(warning: Warning) -> None:
    """As _warn, for a warning carrying data (HeadsFailed)."""
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame, level = frame.f_back, level + 1
    warnings.warn(warning, stacklevel=level)


def warn_if_refinement_skipped(heads, settings: BackendSettings | None = None) -> list[str]:
    """Refinement asked for but skipped by the backend (no CLIP weights, ...): warn, return the reasons."""
    reasons = [r for r in (_refine.skipped_reason(h, settings) for h in heads) if r]
    for reason in reasons:
        _warn(reason, RefinementSkipped)
    return reasons


def warn_prompt_warnings(heads, known=frozenset()) -> list[str]:
    """A PromptWarning for each of the heads' prompt warnings (but those in `known`); returns them."""
    messages = [f"{name}: {text}" for name, text in writer.prompt_notes(heads, known)]
    for message in messages:
        _warn(message, PromptWarning)
    return messages

MAX_VARIATIONS = 16
MAX_HEADS = 64  # heads of one generate_heads call (prompts x variations): the service's default job queue
MAX_SEED = 2**31 - 1  # the backend's bounds (backend/limits.py; tests/blender/test_api.py compares)
REFINE_STEPS = _refine.REFINE_STEPS
MAX_PROMPT = _refine.MAX_TEXT


def settings_from_preferences() -> BackendSettings:
    from .preferences import settings_from_context

    return settings_from_context(bpy.context)


def _check_prompt(prompt: str) -> str:
    if not isinstance(prompt, str):
        raise TypeError(f"the prompt must be a str, got {type(prompt).__name__}")
    if not prompt.strip():
        raise ValueError("the prompt is empty; describe the face, e.g. 'an old man with a long face'")
    return _refine.check_length("the prompt", prompt.strip())


def _check_flag(name: str, value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return value


def _check_settings(settings) -> BackendSettings:
    """Settings given by a script: the right type and a texture size the service accepts."""
    if not isinstance(settings, BackendSettings):
        raise TypeError(f"settings must be a BackendSettings, got {type(settings).__name__}")
    settings.check()
    size = settings.texture_size
    if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size not in TEXTURE_SIZES:
        raise ValueError(f"texture_size must be one of {', '.join(map(str, TEXTURE_SIZES))}, "
                         f"got {size!r}")
    return settings


def check_location(location) -> tuple[float, float, float]:
    """(x, y, z) as three finite floats; a sequence, a Vector or a numpy array of 3 numbers."""
    if isinstance(location, (str, bytes)) or not hasattr(location, "__len__"):
        raise TypeError(f"location must be 3 numbers (x, y, z), got {type(location).__name__} {location!r}")
    items = tuple(location)
    if len(items) != 3:
        raise ValueError(f"location must be 3 numbers (x, y, z), got {len(items)}: {location!r}")
    if any(isinstance(v, bool) or not isinstance(v, numbers.Real) for v in items):
        raise TypeError(f"location must be 3 numbers (x, y, z), got {location!r}")
    values = tuple(float(v) for v in items)
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"location must be finite, got {values}")
    return values


# Blender 5.0 takes ID names of up to 255 bytes; earlier versions cut them at 63 (then ".001" collides)
MAX_NAME_BYTES = 255 if bpy.app.version >= (5, 0, 0) else 63


def check_collection(collection) -> bpy.types.Collection:
    """The collection new heads go to: None is the active one (as Blender's Add menu does)."""
    if collection is None:
        return importer.active_collection()
    if not isinstance(collection, bpy.types.Collection):
        hint = f"; use bpy.data.collections[{collection!r}]" if isinstance(collection, str) else ""
        raise TypeError(f"collection must be a bpy.types.Collection or None, got {type(collection).__name__}"
                        f"{hint}")
    try:
        linked = collection.library is not None
    except ReferenceError:
        raise ValueError("the collection has been deleted") from None
    if linked:
        raise ValueError(f"the collection {collection.name!r} is linked from a library and cannot take new "
                         "objects")
    return collection


def head_names(name, seeds: list[int], variations: int, prompts: int | None = None) -> list[str] | None:
    """Object names for the heads of `seeds` (each head's, in request order): `name` for one head, "<name> seed <N>"
    for each of several (a crowd script can find every head by its seed); None keeps the names from the prompt.
    With a list of `prompts` (their number; `variations` seeds each): "<name> <row>" for each prompt's head,
    "<name> <row> seed <N>" with variations (row: the prompt's index from 0)."""
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(f"name must be a str or None, got {type(name).__name__}")
    if not name.strip() or "\x00" in name:
        raise ValueError(f"name must be a non-empty str without NUL characters, got {name!r}; "
                         "None names the heads after the prompt")
    rows = [name] if prompts is None else [f"{name} {row}" for row in range(prompts)]
    if prompts is None and variations == 1:
        names = rows
    else:
        names = [row if variations == 1 else f"{row} seed {seeds[r * variations + k]}"
                 for r, row in enumerate(rows) for k in range(variations)]
    longest = max(names, key=lambda n: len(n.encode("utf-8")))
    if len(longest.encode("utf-8")) > MAX_NAME_BYTES:
        raise ValueError(f"name is too long: {longest!r} is over Blender's {MAX_NAME_BYTES} bytes")
    return names


def generate_requests(prompt: str, seed: int, variations: int, refine: bool, refine_steps: int,
                      settings: BackendSettings, hair: bool = True) -> list:
    """One submit per variation; every argument is checked here, before anything talks to the backend.
    `hair=False`: the service makes no hair mesh (`hair="none"`; the hair is painted into the albedo only)."""
    prompt = _check_prompt(prompt)
    variations = _refine.whole_number("variations", variations, 1, MAX_VARIATIONS)
    # seeds seed .. seed + variations - 1 must all be valid seeds
    seed = _refine.whole_number("seed", seed, 0, MAX_SEED - variations + 1)
    refine = _check_flag("refine", refine)
    refine_steps = _refine.whole_number("refine_steps", refine_steps, *REFINE_STEPS)
    # preview=False: Blender shows the head itself, so the service skips rendering preview.png
    options = dict(_check_settings(settings).options(), refine=refine, refine_steps=refine_steps, preview=False)
    if not _check_flag("hair", hair):  # (sent only then: a service from before hair meshes refuses the field)
        options["hair"] = "none"
    return [lambda client, s=seed + k: client.submit_generate(prompt, seed=s, **options)["id"]
            for k in range(variations)]


def import_payloads(payloads: list, location=(0.0, 0.0, 0.0), collection=None,
                    identity_keys: bool = True, hair: bool = True) -> list[bpy.types.Object]:
    """Wire files (bytes or paths) -> heads placed side by side along X from `location`, all or none."""
    location = check_location(location)
    collection = check_collection(collection)
    identity_keys = _check_flag("identity_keys", identity_keys)
    hair = _check_flag("hair", hair)
    # all checked before building
    plans = importer.read_plans(payloads, identity_keys=identity_keys,
                                unit_scale=units.scene_unit_scale(bpy.context.scene), hair=hair)
    return import_plans(plans, location, collection)


def import_plans(plans: list, location=(0.0, 0.0, 0.0), collection=None,
                 names: list[str] | None = None, cells=None, clear_of_heads: bool = True) -> list[bpy.types.Object]:
    """Planned heads (importer.read_plans) -> heads side by side along X from `location`, all or none, in
    `collection` (None: the active one), named `names` (one per plan; None, or a None in it: from the prompt).
    `cells`: (column, row) of each head in a grid instead (rows downwards, batch_requests).  In one go
    (a script that blocks gains nothing from pieces).  `clear_of_heads=False`: a crowd goes exactly at `location`
    (a script's own layout), not moved down clear of the heads already standing there."""
    location = check_location(location)
    collection = check_collection(collection)
    return stepwise.run(_build_plans(plans, location, lambda: collection, names, cells, clear_of_heads))


def import_plans_stepwise(plans: list, location, collection_of, names: list[str] | None = None,
                          cells=None) -> stepwise.Steps:
    """As import_plans, in pieces of Blender work for a timer to run one tick at a time (the operators:
    four real heads in one go held the UI 0.3-1.1 s).  `collection_of()` gives the collection when the
    heads are linked, in the last piece.  All or none: the heads are built unlinked and linked together at
    the end; a failure, or closing the steps (cancel, file load), removes everything built so far."""
    location = check_location(location)
    return stepwise.Steps(_build_plans(plans, location, collection_of, names, cells),
                          pieces=sum(writer.pieces(plan) for plan in plans) + 1)


def _beside_heads(plans, cells, location, spacing, row_spacing):
    """A crowd's location moved down by whole rows, clear of the TextFace heads already in the scene
    (placement.py): a second crowd from the same cursor starts in the next free rows below the first."""
    extents = [placement.plan_extents(plan) for plan in plans]
    origins = np.array([(location[0] + column * spacing, location[1], location[2] - row * row_spacing)
                        for column, row in cells], dtype=float).reshape(-1, 3)
    lows = origins + np.array([lo for lo, _ in extents]).reshape(-1, 3)
    highs = origins + np.array([hi for _, hi in extents]).reshape(-1, 3)
    down = np.array([0.0, 0.0, row_spacing])
    rows = placement.rows_down(lambda k: np.stack([lows - k * down, highs - k * down], axis=1),
                               placement.standing_boxes(), row_spacing)
    return (location[0], location[1], location[2] - rows * row_spacing)


def _build_plans(plans, location, collection_of, names, cells=None, clear_of_heads=True):
    if names is not None:
        plans = [plan if name is None else dataclasses.replace(plan, name=name)
                 for plan, name in zip(plans, names, strict=True)]
    given_cells = cells is not None
    cells = [(k, 0) for k in range(len(plans))] if cells is None else list(cells)
    if len(cells) != len(plans):
        raise ValueError(f"{len(cells)} grid cells for {len(plans)} heads")
    spacing = max((p.width for p in plans), default=0.0) * 1.25
    row_spacing = max((p.height for p in plans), default=0.0) * 1.25
    if clear_of_heads and (len(plans) > 1 or given_cells):  # a crowd (one head: where it is asked for)
        location = _beside_heads(plans, cells, location, spacing, row_spacing)
    for attempt in (1, 2):
        created = writer.Created()
        try:
            built = []
            for plan, (column, row) in zip(plans, cells):
                loc = (location[0] + column * spacing, location[1], location[2] - row * row_spacing)
                built.append((yield from writer.build_steps(plan, created, loc)))
            collection = check_collection(collection_of())
            for obj in built:
                writer.link_head(obj, collection)
            created.finish()
            return built
        except ReferenceError:
            # a datablock built in an earlier piece is gone: the user undid or redid meanwhile (which
            # takes them, or brings back half-built ones that operators.py's handler removes), or purged
            # unused data: the plans are still here, so the heads are built again, once
            created.remove_all()
            if attempt == 2:
                raise ImportFailed("the heads being built were removed twice meanwhile (undo, redo or Purge "
                                   "Unused); nothing was imported: generate again") from None
        except BaseException:  # a failure, or close(): cancel, file load (GeneratorExit)
            created.remove_all()
            raise


def _prompts(prompt) -> list[str] | None:
    """A list (or tuple) of prompts as a list of str; None for one prompt (a str: checked by generate_requests)."""
    if isinstance(prompt, str) or not isinstance(prompt, (list, tuple)):
        return None
    if not prompt:
        raise ValueError("the list of prompts is empty; give at least one description")
    for k, text in enumerate(prompt):
        if not isinstance(text, str):
            raise TypeError(f"prompt {k} must be a str, got {type(text).__name__} {text!r:.60}")
    return list(prompt)


def head_label(prompt: str, seed: int) -> str:
    """A head named by its prompt (shortened) and seed, as failures name it: "'an old man ...' seed 3"."""
    text = " ".join(prompt.split())
    return f"{(text if len(text) <= 40 else text[:39] + '…')!r} seed {seed}"


def failed_heads_message(failures: list[tuple[str, int, str]], total: int) -> str:
    """One line: "<k> of <n> heads were not made: '<prompt>' seed <N>, ...: <reason>; ..." (grouped by reason)."""
    by_reason: dict[str, list[str]] = {}
    for prompt, seed, reason in failures:
        by_reason.setdefault(reason, []).append(head_label(prompt, seed))
    parts = "; ".join(f"{', '.join(labels)}: {reason}" for reason, labels in by_reason.items())
    return f"{len(failures)} of {total} heads {'was' if len(failures) == 1 else 'were'} not made: {parts}"


def crowd_requests(prompt, seed: int, variations: int, refine: bool, refine_steps: int, settings: BackendSettings,
                   hair: bool = True) -> tuple[list, list[tuple[str, int]]]:
    """The submits of `generate_heads` and the (prompt, seed) of each; every argument checked before anything talks
    to the backend.  One prompt (a str): seeds seed, seed+1, ...  A list: each prompt's `variations` seeds, prompt by
    prompt, from its row's own seed as a batch of those prompts one per line gets it (batch.row_seed: unnamed line
    `row + 1`), offset by `seed` modulo 2**31 (batch.offset_seeds, as batch_requests): similar prompts are not one
    face over and over."""
    prompts = _prompts(prompt)
    if prompts is None:
        requests = generate_requests(prompt, seed, variations, refine, refine_steps, settings, hair=hair)
        return requests, [(prompt.strip(), seed + k) for k in range(len(requests))]
    variations = _refine.whole_number("variations", variations, 1, MAX_VARIATIONS)
    seed = _refine.whole_number("seed", seed, 0, MAX_SEED)  # (an offset: the derived seeds wrap)
    if len(prompts) * variations > MAX_HEADS:
        raise ValueError(f"{len(prompts)} prompts x {variations} variations is {len(prompts) * variations} heads; "
                         f"at most {MAX_HEADS} per call: split the list")
    requests, heads = [], []
    for k, text in enumerate(prompts):
        seeds = batch.offset_seeds(batch.row_seed(k), seed, variations)
        try:
            requests += [r for s in seeds for r in generate_requests(text, s, 1, refine, refine_steps, settings,
                                                                     hair=hair)]
        except (TypeError, ValueError) as exc:
            if not str(exc).startswith("the prompt"):
                raise
            raise type(exc)(f"prompt {k} ({text!r:.40}): {exc}") from None
        heads += [(text.strip(), s) for s in seeds]
    return requests, heads


def generate_heads(prompt, seed: int = 0, variations: int = 1, refine: bool = True, refine_steps: int = 100,
                   location=None, settings: BackendSettings | None = None, collection=None,
                   name: str | None = None, identity_keys: bool = True,
                   hair: bool = True, if_exists: str = "new") -> list[bpy.types.Object]:
    """Generate `variations` heads (seeds seed, seed+1, ...) of `prompt` and import them side by side into
    `collection` (None: the active collection).  `prompt` a list of descriptions: a crowd, each description's
    `variations` heads in turn, all in one row (at most MAX_HEADS in all; their jobs run at the same time), seeded
    as a batch of those descriptions one per line (generate_batch of a text block holding them, `generate --batch`
    of a .txt): description k (from 0) takes the backend's seed of "head_<k + 1>" (batch.row_seed), plus `seed`
    (modulo 2**31; 0: the command line's seeds, another seed another crowd), its variations that seed +1, +2, ...;
    so twenty "a villager, middle-aged man" are twenty faces.  Each head's seed is in its sidecar
    (`json.loads(head["textface_sidecar"])["seed"]`) and the panel shows the active head's.
    `name`: the object name; with several variations each head is "<name> seed <N>" (a list of prompts:
    "<name> <row>", "<name> <row> seed <N>"); None names them after the prompt.  `identity_keys=False`: light
    heads, the identity baked into the Basis and only the 53 ARKit keys (about a third of the memory and .blend
    size).  Each head whose result has a hair mesh gets its own hair object (`hair_of(head)`); `hair=False`: the
    backend makes none (`hair="none"`: the hair painted into the albedo only) and none is imported.

    Several heads: one whose job fails (a description the backend refuses, as one not in English) does not stop
    the others: the list returned holds the heads made (in order, side by side without gaps), and one
    `HeadsFailed` warning names each head not made by prompt and seed and why (`.failures`: [(prompt, seed,
    reason)], `.heads`: the heads made).  When none was made, or for one head, `BackendError` says why and
    nothing is built (its `.failures` as HeadsFailed's for several).

    `if_exists`: what to do with a head of the name asked for already in the scene (`name` needed): "new" (default)
    makes another beside it (Blender's ".001"); "replace" deletes it (delete_head) once its new head is made;
    "skip" keeps it when it was made by this API with the same prompt, seed and options (its `textface_request`),
    else replaces it; "error" raises ValueError before any job.  Kept heads are in the list returned, in their
    place; a replacement made at the cursor (no `location`) stands where the head it replaces stood.  Blocks."""
    placed_at_cursor = location is None  # a location the script gives is kept as given (its own layout)
    location = check_location(location if location is not None else bpy.context.scene.cursor.location)
    settings = settings_from_preferences() if settings is None else settings
    hair = _check_flag("hair", hair)
    requests, made_of = crowd_requests(prompt, seed, variations, refine, refine_steps, settings, hair=hair)
    collection = check_collection(collection)
    prompts = _prompts(prompt)
    # seed and variations were checked by crowd_requests
    names = head_names(name, [s for _, s in made_of], variations, None if prompts is None else len(prompts))
    identity_keys = _check_flag("identity_keys", identity_keys)
    records = _records(made_of, settings, refine, refine_steps, identity_keys, hair)
    return _run_crowd(requests, made_of, settings, location, collection, names, None, identity_keys, hair, refine,
                      clear_of_heads=placed_at_cursor, records=records, if_exists=if_exists)


def _records(made_of, settings, refine, refine_steps, identity_keys, hair) -> list[str]:
    """Each head's request record (regenerate.py): what "skip" compares."""
    options = dict(_check_settings(settings).options(), refine=bool(refine),
                   refine_steps=int(refine_steps) if refine else None, identity_keys=bool(identity_keys),
                   hair=bool(hair))
    return [regenerate.request_record(prompt, seed, options) for prompt, seed in made_of]


def _run_crowd(requests, made_of, settings, location, collection, names, cells, identity_keys, hair, refine,
               clear_of_heads=True, records=None, if_exists="new"):
    """generate_heads' and generate_batch's jobs run to the end, the heads made imported (`names` and `cells`
    per request, None for all: from the prompt, in a row), HeadsFailed naming the others.  `records`: each head's
    request record, kept on it; `if_exists`: heads of those names already there (regenerate.sort_existing) kept
    (not asked for again) or replaced once their new head is made (a failed job keeps the old head)."""
    if_exists = regenerate.check_if_exists(if_exists)
    keep, replace = regenerate.sort_existing(names, records, if_exists)
    if cells is None and keep:  # the heads still to make keep their places in the row
        cells = [(k, 0) for k in range(len(requests))]
    wanted = [k for k in range(len(requests)) if k not in keep]
    if not wanted:
        return [keep[k] for k in range(len(requests))]
    asked = len(requests)  # (heads kept included: the list returned holds every head asked for, in order)
    requests, made_of = [requests[k] for k in wanted], [made_of[k] for k in wanted]
    names = None if names is None else [names[k] for k in wanted]
    cells = None if cells is None else [cells[k] for k in wanted]
    records = None if records is None else [records[k] for k in wanted]
    replaced = {i: replace[k] for i, k in enumerate(wanted) if k in replace}
    places = {}

    def apply(plans):
        made = task.made if task.failures else range(len(requests))
        for i in made:  # their new heads are here: the old ones go first, so the new ones take their names
            if i in replaced:
                old = replaced[i]  # (its location: matrix_world waits for the next depsgraph update)
                places[i] = tuple(old.location if old.parent is None else old.matrix_world.translation)
                _delete_and_warn(replaced.pop(i))
        built = import_plans(plans, location, collection, None if names is None else [names[i] for i in made],
                             None if cells is None else [cells[i] for i in made], clear_of_heads)
        for i, head in zip(made, built):
            if records is not None:
                head[regenerate.REQUEST_PROP] = records[i]
            if i in places and clear_of_heads:  # at the cursor: where the head it replaces stood
                head.location = places[i]
        return built

    task = tasks.HeadTask(settings, requests, apply,
                          prepare=importer.plans_reader(identity_keys,
                                                        unit_scale=units.scene_unit_scale(bpy.context.scene),
                                                        hair=hair),
                          keep_going=True, labels=[head_label(*head) for head in made_of])
    try:
        heads = task.run()
    except BackendError as exc:
        if task.failures and len(task.failures) == len(requests):  # none made: which failed, for a script
            exc.failures = [(*made_of[i], reason) for i, reason in sorted(task.failures.items())]
        raise
    if task.failures:
        failures = [(*made_of[i], reason) for i, reason in sorted(task.failures.items())]
        _warn_instance(HeadsFailed(failed_heads_message(failures, len(requests)), failures, heads))
    warn_prompt_warnings(heads)
    if refine:
        warn_if_refinement_skipped(heads, settings)
    clash = name_case.clash_message(heads)
    if clash:
        _warn(clash, NameCaseClash)
    if not keep:
        return heads
    new = dict(zip([wanted[i] for i in (task.made if task.failures else range(len(requests)))], heads))
    return [keep[k] if k in keep else new[k] for k in range(asked) if k in keep or k in new]


def _delete_and_warn(head) -> None:
    kept = regenerate.delete_head(head)
    if kept:
        _warn(f"{', '.join(kept)} kept (painted, or not as TextFace wrote it) with a fake user: it is yours now",
              AlbedoKept)


def delete_head(head) -> None:
    """Delete a TextFace head (the object or its name; its hair stands for it) with its hair and the hair's link,
    their meshes and shape keys, and the materials and images nothing else uses: nothing is left behind (Blender's
    Delete (X) leaves the hair and keeps the data until a save).  An albedo you painted is kept with a fake user,
    as "<name> albedo painted", and `AlbedoKept` says so.  An undo step taken after it (Ctrl+Z, or
    `bpy.ops.ed.undo()` after `bpy.ops.ed.undo_push()`) brings head and hair back whole.  NotAHead for an object
    that is no TextFace head; ValueError for a name no object has, or a head in Edit Mode or linked from a library."""
    if isinstance(head, str):
        obj = bpy.data.objects.get(head)
        if obj is None:
            raise ValueError(f"no object named {head!r} to delete")
        head = obj
    if not isinstance(head, bpy.types.Object):
        raise TypeError(f"expected a head object (bpy.types.Object) or its name, got {type(head).__name__} "
                        f"{head!r:.60}")
    try:
        head = _hair.head_of(head)
        name = head.name
    except ReferenceError:
        raise ValueError("the object has been deleted") from None
    if _hair.is_hair(head):
        raise NotAHead(f"{name} is the hair of a deleted head: there is no head to delete (remove it as the panel's "
                       "Remove Left-behind Hair does, or delete the object)")
    if regenerate.SIDECAR_PROP not in head:
        raise NotAHead(f"{name} is no TextFace head (no textface_sidecar): delete it as any object")
    if head.library is not None:
        raise ValueError(f"{name} is linked from a library .blend: delete it there, or remove the link")
    editing = [o.name for o in (head, *_hair.hair_objects(head)) if o.mode != "OBJECT"]
    if editing:
        raise ValueError(f"{', '.join(editing)} is not in Object Mode (Edit Mode, Sculpt, ...): leave it first")
    _delete_and_warn(head)


class NameCaseClash(UserWarning):
    """Heads whose names differ only in case ("Anna", "anna"): Blender keeps both, but Windows, Unity and Unreal
    do not tell case apart, so exported together or into one folder their textures are renamed (`_2`)."""


@dataclasses.dataclass(frozen=True)
class BatchRequests:
    """What a batch asks the backend for, one entry per head (each line's `variations` seeds, line by line)."""
    requests: list  # the submits (tasks.HeadTask)
    heads: list  # (prompt, seed) of each head, for messages
    names: list  # the object name of each head, None: from its prompt
    cells: list  # (column, row) of each head in the grid


def read_batch(source) -> list[batch.BatchLine]:
    """The prompts of a batch: `source` a text block (`bpy.types.Text`, Blender's Text editor) or the path of a
    .txt / .jsonl file (Blender's "//" resolved); one description per line, or a JSON object
    {"prompt", "name", "seed"} as `python -m backend generate --batch` reads; blank lines and `#` comments
    skipped.  Each line has a seed: its "seed" (`stated`), else the backend's seed of its name or, unnamed, of
    "head_<line number>" (batch.seed_of), which generate_batch's `seed` offsets.  ValueError naming every bad line."""
    if isinstance(source, bpy.types.Text):
        return batch.read_text(source.as_string(), f"text block {source.name!r}")
    if isinstance(source, (str, Path)):
        if not str(source).strip():
            raise ValueError("no batch file chosen: pick a .txt or .jsonl file")
        return batch.read_file(bpy.path.abspath(str(source)))
    raise TypeError(f"the batch must be a text block (bpy.types.Text) or a file path, got {type(source).__name__} "
                    f"{source!r:.60}")


def batch_requests(lines, seed: int, variations: int, refine: bool, refine_steps: int, settings: BackendSettings,
                   hair: bool = True) -> BatchRequests:
    """The submits of a batch (read_batch's lines): each line's `variations` seeds from its seed: the line's own
    "seed" as it is; a seed derived from the line's name (batch.seed_of) offset by `seed`, modulo 2**31 (seed 0: the
    backend's `generate --batch` seeds; another seed another crowd); heads named by the line's "name" ("<name> seed
    <N>" with variations), else after the prompt; laid out in a grid: one row per line with variations, else as
    square as it goes, row by row.  Every line checked before anything talks to the backend (at most MAX_HEADS
    heads)."""
    lines = list(lines)
    seed = _refine.whole_number("seed", seed, 0, MAX_SEED)
    variations = _refine.whole_number("variations", variations, 1, MAX_VARIATIONS)
    if not lines:
        raise ValueError("the batch holds no prompt")
    if len(lines) * variations > MAX_HEADS:
        raise ValueError(f"the batch has {len(lines)} prompts x {variations} variations = {len(lines) * variations} "
                         f"heads; at most {MAX_HEADS} at once: split it")
    requests, heads, names, problems = [], [], [], []
    for line in lines:
        try:
            if line.stated:  # (its seeds start..start+variations-1 must all be seeds: said, not wrapped)
                seeds = [line.seed + k for k in range(variations)]
                line_requests = generate_requests(line.prompt, line.seed, variations, refine, refine_steps, settings,
                                                  hair=hair)
            else:  # derived seeds wrap: any panel seed offsets every line
                seeds = batch.offset_seeds(line.seed, seed, variations)
                line_requests = [r for s in seeds for r in generate_requests(line.prompt, s, 1, refine, refine_steps,
                                                                             settings, hair=hair)]
        except ValueError as exc:  # (every bad line at once, as read_batch names them)
            problems.append(f"line {line.line} ({line.prompt!r:.40}): {exc}")
            continue
        requests += line_requests
        heads += [(line.prompt, s) for s in seeds]
        names += [line.name if line.name is None or variations == 1 else f"{line.name} seed {s}" for s in seeds]
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ValueError("; ".join(problems[:3]) + more)
    if variations > 1:
        cells = [(k, row) for row in range(len(lines)) for k in range(variations)]
    else:
        columns = math.ceil(math.sqrt(len(lines)))
        cells = [(k % columns, k // columns) for k in range(len(lines))]
    return BatchRequests(requests, heads, names, cells)


def generate_batch(source, seed: int = 0, variations: int = 1, refine: bool = True, refine_steps: int = 100,
                   location=None, settings: BackendSettings | None = None, collection=None,
                   identity_keys: bool = True, hair: bool = True, if_exists: str = "new") -> list[bpy.types.Object]:
    """Generate a head for each prompt of a batch (read_batch: a text block or a .txt / .jsonl file) and import
    them in a grid from `location` (default the 3D cursor; rows downwards).  Each line's own seed (batch_requests):
    `seed` 0 makes the heads `generate --batch` makes of the file, another `seed` another crowd.  As generate_heads:
    the heads made are kept when some fail (HeadsFailed names the others), BackendError when none is made.  At the
    cursor, a crowd goes in the free rows below TextFace heads already there; a `location` given is kept.
    `if_exists` as generate_heads' (every line named).  Blocks."""
    placed_at_cursor = location is None  # a location the script gives is kept as given (its own layout)
    location = check_location(location if location is not None else bpy.context.scene.cursor.location)
    settings = settings_from_preferences() if settings is None else settings
    hair = _check_flag("hair", hair)
    crowd = batch_requests(read_batch(source), seed, variations, refine, refine_steps, settings, hair=hair)
    collection = check_collection(collection)
    identity_keys = _check_flag("identity_keys", identity_keys)
    records = _records(crowd.heads, settings, refine, refine_steps, identity_keys, hair)
    return _run_crowd(crowd.requests, crowd.heads, settings, location, collection, crowd.names, crowd.cells,
                      identity_keys, hair, refine, clear_of_heads=placed_at_cursor, records=records,
                      if_exists=if_exists)


def generate_head(prompt: str, seed: int = 0, refine: bool = True, refine_steps: int = 100, location=None,
                  settings: BackendSettings | None = None, collection=None,
                  name: str | None = None, identity_keys: bool = True, hair: bool = True,
                  if_exists: str = "new") -> bpy.types.Object:
    """Generate one head from a description and import it (at the 3D cursor, into the active collection and
    named after the prompt by default; `identity_keys=False`: a light head; `hair=False`: without its hair
    mesh; `if_exists`: "new", "replace", "skip" or "error" for a head of that `name` already there, see
    generate_heads: "skip" returns the head kept). Blocks."""
    return generate_heads(prompt, seed=seed, refine=refine, refine_steps=refine_steps, location=location,
                          settings=settings, collection=collection, name=name, identity_keys=identity_keys,
                          hair=hair, if_exists=if_exists)[0]


def import_wire(path, name: str | None = None, location=(0.0, 0.0, 0.0), collection=None,
                identity_keys: bool = True, hair: bool = True) -> bpy.types.Object:
    """Import a head from a wire file (`head.npz` written by the backend) into `collection` (None: the
    active collection); `identity_keys=False`: a light head (identity baked, the 53 ARKit keys only); a file
    with a hair mesh gives the head a hair object (`hair_of(head)`), unless `hair=False`."""
    location = check_location(location)
    if name is not None and not isinstance(name, str):
        raise TypeError(f"name must be a str or None, got {type(name).__name__}")
    collection = check_collection(collection)
    identity_keys = _check_flag("identity_keys", identity_keys)
    hair = _check_flag("hair", hair)
    path = Path(path)
    if path.is_dir():
        inside = path / "head.npz"
        hint = f" ({inside})" if inside.is_file() else ""
        raise ImportFailed(f"cannot import the head: {path} is a folder: pick the head.npz inside it{hint}")
    if not path.exists():
        raise ImportFailed(f"wire file not found: {path}")
    if not path.is_file():
        raise ImportFailed(f"cannot import the head: {path} is not a file: pick a head.npz")
    plan = importer.read_plan(path, name=name, identity_keys=identity_keys,
                              unit_scale=units.scene_unit_scale(bpy.context.scene), hair=hair)
    return importer.import_plan(plan, collection=collection, location=location)


def hair_of(head: bpy.types.Object) -> bpy.types.Object | None:
    """The head's hair object (`<head> hair`, its child unless you unparented it, whose keys follow the head's
    through drivers), or None for a head without hair geometry."""
    if not isinstance(head, bpy.types.Object):
        raise TypeError(f"expected a head object (bpy.types.Object), got {type(head).__name__} {head!r:.60}")
    return _hair.hair_of(head)


class HairSettingsMissed(UserWarning):
    """`match_hair` could not give the hair a head key's vertex group: a hair built by an add-on version before
    the hair stored which head vertex each of its vertices follows (refine the head, or import it again)."""


def match_hair(head: bpy.types.Object) -> bpy.types.Object | None:
    """Give the head's hair the settings the artist has since given the head's keys (Relative To, Vertex Group,
    weighted at the head vertices the hair follows; the hair's values are the head's, within the head's slider
    ranges), and its drivers anew (their targets the head).  New and refined hairs get them when built, and the
    exports read them from the head; returns the hair, or None for a head without one.  What is no TextFace head
    (nor a head's hair) raises NotAHead."""
    if not isinstance(head, bpy.types.Object):
        raise TypeError(f"expected a head object (bpy.types.Object), got {type(head).__name__} {head!r:.60}")
    head = _hair.head_of(head)
    if head.type != "MESH" or _refine.SIDECAR_PROP not in head:  # (a prop, the hair of a deleted head)
        raise _refine.not_a_head(head)
    obj = _hair.hair_of(head)
    if obj is None or obj.type != "MESH" or obj.data.shape_keys is None:
        return None
    if obj.mode == "EDIT":  # (Blender refuses vertex group weights then)
        raise ValueError(f"{obj.name} is in Edit Mode: leave it (Tab) first; nothing was changed")
    missed = _hair.mirror_key_settings(obj, head)
    _hair.follow_head(obj, head)
    if missed:
        _warn(f"{obj.name}: the head's vertex groups {', '.join(missed)} cannot be given to this hair (built before "
              "the hair stored the head vertices it follows): refine the head or import it again", HairSettingsMissed)
    return obj


def refine_head(obj: bpy.types.Object, text: str, steps: int = 100,
                settings: BackendSettings | None = None) -> bpy.types.Object:
    """Refine a generated head with new abstract text; updates its keys and image in place (a light head:
    refined from its stored identity, its Basis and keys re-baked). Blocks.  An object that is no TextFace head
    raises NotAHead; a head whose stored data (custom properties) is damaged, DamagedHead (also an
    ImportFailed), with nothing changed."""
    settings = settings_from_preferences() if settings is None else _check_settings(settings)
    obj = _hair.head_of(obj)  # a head's hair given: its head
    request, notes = _refine.refine_request(obj, text, steps, settings)
    for category, note in notes:
        _warn(note, category)
    known = set(writer.prompt_warnings(obj))  # the head keeps its prompt's warnings: warn only of new ones
    task = tasks.HeadTask(settings, [request], lambda plans: _refine.apply_refinement(obj, plans[0]),
                          prepare=_refine.result_reader(obj))
    head = task.run()
    kept = _refine.take_albedo_note(head)
    if kept is not None:
        _warn(kept, AlbedoKept)
    warn_prompt_warnings([head], known)
    warn_if_refinement_skipped([head], settings)
    return head


def export_fbx(objects, path, keep_identity_keys: bool = False, names: str = "arkit") -> Path:
    """FBX for Unity/Unreal: identity baked, the ARKit morph targets (`names="arkit"`: ARKit's 52 names but
    tongueOut, the ICT split pairs merged; `"ict"`: the ICT model's 53 as in Blender), embedded texture; a head whose
    keys are animated: the animation baked into blend-shape curves, on its hair's morphs too (README: Animation).
    Modifiers are not applied (the base mesh: morph targets need it): ModifiersNotApplied names them.
    `path`: a str or a pathlib.Path (Blender's "//" and "~" are resolved).  Returns the file written as an absolute
    pathlib.Path, as export_glb does; bpy's operators and properties take only str: `filepath=str(path)`."""
    return _exported(_export.export_fbx, objects, path, keep_identity_keys, names)


def export_glb(objects, path, keep_identity_keys: bool = False, names: str = "arkit") -> Path:
    """Binary glTF with the same morph targets (and `names`) and the albedo embedded; a head whose keys are
    animated: the animation baked into one glTF animation of `weights` channels, its hair's too.  `path` and the
    returned absolute pathlib.Path as for export_fbx (give bpy `str(path)`)."""
    return _exported(_export.export_glb, objects, path, keep_identity_keys, names)


def _exported(export, objects, path, keep_identity_keys, names) -> Path:
    """export_fbx's and export_glb's checks, the export, and the note on modifiers left out."""
    names = _check_names(names)
    objects = _listed(objects)
    written = export(objects, _export_path(path), keep_identity_keys=_check_flag("keep_identity_keys",
                                                                                keep_identity_keys), names=names)
    _warn_modifiers(objects)
    note = _export.left_out(objects)
    if note is not None:
        _warn(note, NotHeadsLeftOut)
    return written


def _listed(objects):
    """Any iterable of heads as a list (read twice: the export, then its note); the rest as it is, for the export's
    own checks to name."""
    if isinstance(objects, (bpy.types.ID, str, bytes)) or not hasattr(objects, "__iter__"):
        return objects
    return list(objects)


def _warn_modifiers(objects) -> None:
    """After an export: ModifiersNotApplied naming the heads' modifiers (the file has their base meshes)."""
    note = _export.modifiers_note(objects)
    if note is not None:
        _warn(note, ModifiersNotApplied)


def _check_names(names) -> str:
    if not isinstance(names, str) or names not in NAME_STYLES:
        raise ValueError(f"names must be one of {', '.join(map(repr, NAME_STYLES))}, got {names!r}")
    return names


def _export_path(path) -> Path:
    if not isinstance(path, (str, Path)):
        raise TypeError(f"the export path must be a str or a pathlib.Path, got {type(path).__name__} {path!r:.60}")
    return Path(path)
