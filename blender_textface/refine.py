"""Refine Selected: send a head's parameters (its identity and expression as its keys show them) + new
text; update its identity keys and image in place.

A light head (built without id_ keys, stored.identity_baked) is refined from its stored identity (the
sidecar's, which its Basis holds): the identity's change (from that stored identity to the result's) moves
its Basis and every key, so the artist's sculpting of the Basis and edits of the keys stay; the keys keep
their values (the pose).  The change is known from what was sent, whether or not the result records where it
started (a refinement the backend skipped, e.g. without CLIP weights, does not)."""
from __future__ import annotations

import numbers

import bpy
import numpy as np

from . import hair, head_data, importer, key_settings, stepwise
from .errors import NotAHead
from .expressions import current_expression
from .identity_keys import check_identity_keys, current_identity
from .planning import IDENTITY_KEY_FORMAT, HeadPlan, slider_range
from .sent_identity import check_identity_count, check_identity_values
from .settings import BackendSettings
from .startup_output import PREFS
from .stored import SIDECAR_PROP, damaged_named, identity_baked, sidecar_of, stored_identity
from .units import head_unit_scale
from .head_data import _base, albedo_as_written
from .writer import HEAD_DATA_PROP, Created, set_sidecar, write_image


IDENTITY_PREFIX = IDENTITY_KEY_FORMAT.split("{")[0]
REFINE_STEPS = (1, 1000)  # the backend's bounds (backend/limits.py; tests/blender/test_api.py compares)
MAX_TEXT = 2000  # characters of a prompt or refine text (backend/service/schemas.py MAX_PROMPT; compared too)


class ExpressionClamped(UserWarning):
    """An expression key beyond 0..1 (its slider widened) was sent clamped to 0..1, the weights the backend
    renders; the key itself keeps its value."""


class ShapeKeyLockIgnored(UserWarning):
    """The head's shape key lock (pin) was on, so Blender showed only its active key at full strength; the
    refinement started from the keys' values (the head as it shows with the lock off), and the lock stays."""


class KeySettingsIgnored(UserWarning):
    """An expression key sent is limited to a vertex group or relative to another key: the backend renders it
    at its full effect from the Basis, so it refined a pose a little different from the one shown; the keys
    keep their settings."""


class AlbedoKept(UserWarning):
    """The head's albedo image held paint of the artist's (or could not be told from it): it was kept, with a
    fake user, and the material shows the refined albedo in a new image; the message names both."""


class RefinementSkipped(UserWarning):
    """The backend finished the head but could not refine it (e.g. no CLIP weights); the reason says why."""


NO_CLIP_WEIGHTS = "no CLIP weights configured"  # how the backend's reason starts (backend/refine/registry.py)
CLI_WEIGHTS_HINT = "pass --clip-weights PATH"  # its advice to a command-line user


def skipped_reason(obj, settings: BackendSettings | None = None) -> str | None:
    """Why the backend skipped the refinement this head asked for, with what to do in Blender (its own advice is
    a command-line flag: for the local backend that is the CLIP weights preference; a remote service's is
    its operator's); None when it ran or was not needed."""
    record = (sidecar_of(obj) or {}).get("refinement")
    if not isinstance(record, dict) or record.get("status") != "skipped":
        return None
    reason = str(record.get("reason") or "no reason given")
    remote = settings is not None and settings.mode == "REMOTE"
    if reason.startswith(NO_CLIP_WEIGHTS):
        if remote:
            reason = (f"{NO_CLIP_WEIGHTS} on the service at {settings.url} (its operator starts it with "
                      "--clip-weights PATH); abstract phrases are left unrefined")
        else:
            reason = (f"{NO_CLIP_WEIGHTS}: set {PREFS} > CLIP weights to an open_clip checkpoint of CLIP ViT-B-32 "
                      "(a safetensors file or a torch state dict); abstract phrases are left unrefined")
    elif not remote:
        reason = reason.replace(CLI_WEIGHTS_HINT, f"set {PREFS} > CLIP weights")
    return f"{obj.name}: refinement skipped: {reason}"


def whole_number(name: str, value, lo: int, hi: int) -> int:
    """An int (not a bool, not a float or str that happens to convert) within lo..hi."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be in {lo}..{hi}, got {value}")
    return int(value)


def head_sidecar(obj) -> dict:
    if obj is not None and not isinstance(obj, bpy.types.Object):
        raise TypeError(f"expected a head object (bpy.types.Object), got {type(obj).__name__} {obj!r}"
                        + (f"; use bpy.data.objects[{obj!r}]" if isinstance(obj, str) else ""))
    try:
        sidecar = sidecar_of(obj) if obj is not None else None
    except ReferenceError:  # the Python object outlived the Blender object
        raise NotAHead("the head object has been deleted") from None
    if sidecar is None or obj.type != "MESH" or obj.data.shape_keys is None:
        raise not_a_head(obj)
    return sidecar


def not_a_head(obj) -> NotAHead:
    """The error for `obj` (None: nothing selected) where a TextFace head is needed."""
    if obj is not None and hair.is_hair(obj):
        return NotAHead(f"{obj.name} is the hair of a deleted head: there is no head to act on (remove it with "
                        "Remove Left-behind Hair, or select a head made by Generate)")
    name = obj.name if obj is not None else "nothing"
    return NotAHead(f"{name} is not a TextFace head (select a head made by Generate)")


def other_selected_heads(head, selected) -> list[str]:
    """The names of the TextFace heads among `selected` (a hair standing for its head) other than `head`: Refine
    Selected refines the active head only, and says which others it leaves."""
    heads = dict.fromkeys(hair.head_of(o) for o in selected if o.type == "MESH")
    return [h.name for h in heads if h != head and SIDECAR_PROP in h]


def refine_request(obj, text: str, steps: int, settings: BackendSettings):
    """(the submit of one refinement, notes for the user: [(warning class, message)]); every argument is
    checked here, before anything talks to the backend.  The notes name expression keys sent clamped to
    0..1, and a shape key lock that was left out."""
    sidecar = head_sidecar(obj)
    check_editable(obj)
    identity = stored_identity(obj)  # (DamagedHead when it is no list of numbers)
    check_identity_count(obj, identity)  # (the service would refuse it: HTTP 422 after start-up)
    check_identity_keys(obj, identity)
    if not isinstance(text, str):
        raise TypeError(f"the refine text must be a str, got {type(text).__name__}")
    if not text.strip():
        raise ValueError("describe how to refine the head, e.g. 'looks tired' or 'friendly'")
    text = check_length("the refine text", text.strip())
    options = dict(refine_steps=whole_number("steps", steps, *REFINE_STEPS), preview=False)
    # refine the head as the user sees it (slider tweaks and pose included), not as it was generated:
    # the backend renders this identity in this expression while it scores the head against the text
    expression, clamped = current_expression(obj.data.shape_keys.key_blocks)
    sidecar = dict(sidecar, identity=current_identity(obj, identity), expression=expression)
    check_identity_values(obj, sidecar["identity"])
    notes = []
    if obj.show_only_shape_key:
        # the lock is a viewing aid (to look at or sculpt one key): taken literally it would send the mean
        # face (no id_ key applied) in one expression at 1.0, and the result would replace the head's identity
        active = obj.active_shape_key.name if obj.active_shape_key is not None else "Basis"
        notes.append((ShapeKeyLockIgnored, f"{obj.name}: the shape key lock is on, so the viewport shows only "
                                           f"'{active}'; refined from the values of all its keys (the head as "
                                           "it shows with the lock off)"))
    keys = obj.data.shape_keys
    odd = key_settings.differing(keys.key_blocks, list(expression), keys.reference_key)
    if odd:
        notes.append((KeySettingsIgnored, f"{obj.name}: refined with expression keys at their full effect from "
                                          f"the Basis, as the backend renders them: {'; '.join(odd)}; the keys "
                                          "keep their settings"))
    if clamped:
        notes.append((ExpressionClamped, f"{obj.name}: refined with expression weights clamped to 0..1 "
                                         f"({', '.join(clamped)}); the keys keep their values"))
    return _submit(obj.name, text, sidecar, options), notes


SIDECAR_REFUSED = "sidecar: "  # how the service's 422 for a head file it cannot take begins (refine_source.py)


def _submit(name: str, text: str, sidecar: dict, options: dict):
    """The request (run in the task's worker: no bpy).  What of the head's stored data the checks above cannot
    foresee and the service refuses (its head check: backend/io/sidecar.py) is a DamagedHead naming the head."""
    def submit(client):
        try:
            return client.submit_refine(text, sidecar=sidecar, **options)["id"]
        except Exception as exc:  # noqa: BLE001 - the client's BadRequest, loaded from file (tasks.describe)
            detail = getattr(exc, "detail", None)
            if getattr(exc, "status", None) == 422 and isinstance(detail, str) and detail.startswith(SIDECAR_REFUSED):
                raise damaged_named(name, SIDECAR_PROP, f"was refused by the backend: {detail[len(SIDECAR_REFUSED):]}"
                                    ) from None
            raise
    return submit


def check_length(what: str, text: str) -> str:
    """A prompt or refine text the service takes (a long text block would be refused only once the backend
    has started); `text` as given."""
    if len(text) > MAX_TEXT:
        raise ValueError(f"{what} is {len(text):,} characters long; the backend takes at most {MAX_TEXT:,}: "
                         "shorten it (the description of one face needs far fewer)")
    return text


def check_editable(obj) -> None:
    """A light head's refinement rewrites its Basis and keys, which Edit Mode would overwrite with the mesh
    it holds when the user leaves it: refused (a full head's refinement only sets key values).  A head linked
    from a library (its object, mesh, shape keys or material): refused, as Blender saves no change of linked
    data in this file: the refinement would be gone on reopening."""
    node = _image_node(obj)
    blocks = (obj, obj.data, obj.data.shape_keys, node.id_data if node is not None else None)
    library = next((b.library for b in blocks if b is not None and b.library is not None), None)
    if library is not None:
        raise ValueError(f"{obj.name} is linked from {bpy.path.basename(library.filepath)}: Blender keeps no change "
                         f"of linked data in this file, so the refinement would be lost. Refine it in "
                         f"{bpy.path.basename(library.filepath)}, or make it local first (Object > Relations > Make "
                         "Local > Selected Objects, Data and Materials); nothing was changed")
    editing = next((h for h in hair.hair_objects(obj) if h.type == "MESH" and h.data.is_editmode), None)
    if editing is not None:
        raise ValueError(f"{editing.name} is in Edit Mode: refining {obj.name} replaces its hair with the result's, "
                         "which Edit Mode would undo; leave Edit Mode first")
    if identity_baked(obj) and obj.data.is_editmode:
        raise ValueError(f"{obj.name} is in Edit Mode: refining a head without identity keys rewrites its "
                         "mesh, which Edit Mode would undo; leave Edit Mode first")


def result_reader(obj):
    """A HeadTask's `prepare` for the refinement of `obj`: the result planned as `obj` is built (a light
    head: light, with the change from the identity it holds now)."""
    if not identity_baked(obj):  # (its hair is built in the head's units: a full head's own coordinates stay)
        return importer.plans_reader(True, unit_scale=head_unit_scale(obj))
    return importer.plans_reader(False, identity_before=stored_identity(obj), unit_scale=head_unit_scale(obj))


def _image_node(obj):
    for slot in obj.material_slots:
        if slot.material is not None and slot.material.node_tree is not None:
            for node in slot.material.node_tree.nodes:
                if node.bl_idname == "ShaderNodeTexImage" and node.image is not None:
                    return node
    return None


def head_image(obj) -> bpy.types.Image | None:
    node = _image_node(obj)
    return node.image if node is not None else None


def _textface_named(image) -> bool:
    """The head's albedo under the name TextFace gave it ("<head> albedo", maybe with a ".001"): not renamed
    by the artist, nor an image of theirs."""
    return bool(image.get(HEAD_DATA_PROP)) and _base(image.name).endswith(" albedo")


def _new_image(obj, node, plan) -> bpy.types.Image:
    """The refined albedo in a new packed image (the risky step: nothing of the head is touched yet).
    Undo restores node links and datablocks but not pixel edits of an existing image, so the refined
    albedo gets its own datablock."""
    w, h = plan.image_size
    # the refined albedo is TextFace's (marked, its PNG recorded), named as the head's albedo was: an image of
    # the artist's put in the head's material keeps its own name, the refined one takes "<head> albedo"
    new = bpy.data.images.new(node.image.name if _textface_named(node.image) else f"{obj.name} albedo", w, h,
                              alpha=False)
    new[HEAD_DATA_PROP] = True
    try:
        write_image(new, plan)
    except BaseException:
        bpy.data.images.remove(new)
        raise
    return new


def _own_material(obj, node):
    """The texture node of `obj`'s own material: a material other objects also use (Shift+D copies the
    mesh but shares materials) is copied for `obj` first, so the other heads keep their albedo."""
    slot = next(s for s in obj.material_slots if s.material is not None and s.material.node_tree is not None
                and node in s.material.node_tree.nodes.values())
    mat = slot.material
    if mat.users - int(mat.use_fake_user) <= 1:
        return node
    own = mat.copy()
    slot.material = own  # on the mesh or the object, as the slot links it
    return own.node_tree.nodes[node.name]


def _new_albedo(obj, plan):
    """(the head's own texture node, the refined albedo in a new image, the result's hair built unlinked or
    None): the risky steps, before the head is touched."""
    node = _image_node(obj)
    if node is None:
        raise importer.ImportFailed(f"{obj.name} has lost its albedo image; generate a new head instead")
    staged = _stage_hair(obj, plan)
    try:
        new_image = _new_image(obj, node, plan)
    except BaseException:
        if staged is not None:
            staged[0].remove_all()
        raise
    return _own_material(obj, node), new_image, staged


def _stage_hair(obj, plan):
    """The result's hair built beside the head's (unlinked, marked as being built): (Created, hair object),
    or None when the result has no hair."""
    if plan.hair is None:
        return None
    created = Created()
    try:
        return created, stepwise.run(hair.build_steps(plan.hair, obj, created))
    except BaseException:
        created.remove_all()
        raise


def _swap_hair(obj, staged) -> str | None:
    """The head's hair replaced by the result's (removed when the result has none, added when only it has
    one).  A hair albedo the artist painted is kept, as the head's (fake user, "<head> hair albedo painted");
    returns the note saying so, or None."""
    new = staged[1] if staged is not None else None
    old = [h for h in hair.hair_objects(obj) if h != new]
    # a linked duplicate's (Alt+D) head shares the refined mesh: its hair, which shared the old hair's mesh, takes
    # the new one (or goes with it), not left the old hair on the refined head
    shared = {h.data for h in old if h.type == "MESH"}
    for other in [o for o in bpy.data.objects if o.data in shared and o not in old and o != new and hair.is_hair(o)]:
        head = hair.linked_head(other)
        if head is None or head.data != obj.data or not head_data._editable(other):
            continue
        if new is None:
            hair.remove(other)
        else:
            other.data = new.data
    kept = [k for k in (hair.remove(h, keep_painted=True) for h in old) if k]
    if new is not None:
        hair.link(new, obj.users_collection)
        hair.take_names(new, obj)
        staged[0].finish()
    if not kept:
        return None
    return (f"{obj.name}: its hair albedo image was painted or renamed (or may hold paint): kept as '{kept[0]}' "
            "(fake user: Blender File view > Images); the hair now shows the refined result's. To use yours, pick it "
            "in the hair material's Image Texture node")


def _finish(obj, node, new_image, plan, staged=None) -> bpy.types.Object:
    """The last of a refinement, once the mesh or keys are written: the new image, the hair, the stored
    parameters."""
    kept = _swap_image(obj, node, new_image)
    kept_hair = _swap_hair(obj, staged)
    kept = "; ".join(k for k in (kept, kept_hair) if k) or None
    set_sidecar(obj, plan.sidecar)
    obj.data.update()
    if kept is not None:
        _kept_notes[obj.session_uid] = kept
    else:
        _kept_notes.pop(obj.session_uid, None)
    return obj


# object session_uid -> what the last refinement said of the albedo image it kept (take_albedo_note)
_kept_notes: dict[int, str] = {}


def take_albedo_note(obj) -> str | None:
    """The message of the last refinement of `obj` that kept its painted albedo image (once), else None."""
    return _kept_notes.pop(obj.session_uid, None)


def _swap_image(obj, node, new) -> str | None:
    """Put the new image in the texture node.  The old one goes if nothing else uses it and it holds exactly
    the albedo TextFace wrote under the name TextFace gave it; one the artist painted (unsaved paint, packed
    again, saved to a file), renamed (Image.save(filepath=) writes paint to a file without a trace on the image
    but its name), one of theirs, or one that cannot be told (made before TextFace recorded its albedos) is
    kept, with a fake user (Blender would drop it at the next save otherwise), under "<head> albedo painted" (or
    "... before refine") when it has TextFace's name; the refined image takes the old name.  Returns the message
    saying so, or None."""
    old, name = node.image, node.image.name
    node.image = new
    if old.users > 0:
        return None  # still shown elsewhere (another head's material): nothing lost
    ours, named = bool(old.get(HEAD_DATA_PROP)), _textface_named(old)
    state = albedo_as_written(old) if ours else False
    if state is True and named:
        bpy.data.images.remove(old)
        new.name = name
        return None
    dirty = old.is_dirty
    old.use_fake_user = True
    if ours:
        del old[HEAD_DATA_PROP]  # the artist's image now: never removed as a deleted head's leftover
    if named:  # a name of the artist's stays theirs (the refined image is "<head> albedo" then)
        old.name = f"{_base(name)} {'before refine' if state is None else 'painted'}"
        new.name = name
    if not ours:
        why = "is not one TextFace made"
    elif state is None:
        why = "may hold paint (made by an add-on version that did not record its albedo)"
    elif dirty:
        why = "has paint not saved yet"
    elif state is False:
        why = "was changed since TextFace wrote it (painted and packed, or saved to a file)"
    else:
        why = "has a name of yours"
    note = (f"{obj.name}: its albedo image {why}: kept as '{old.name}' (fake user: Blender File view > Images); "
            f"the material now shows the refined albedo '{new.name}'. To use yours, pick it in the material's "
            "Image Texture node")
    if dirty:
        note += "; its paint is not in the file yet: Image > Pack (or Save As) to keep it"
    return note


def apply_refinement(obj, result) -> bpy.types.Object:
    """Check the result fits the head, then set identity key values, image pixels and the stored parameters
    (expression key values stay as the user set them).

    The new image is built first; only when it is complete are the keys, the texture node and the
    sidecar changed, so a failure leaves the head exactly as it was."""
    # a HeadPlan read in a task's worker thread, or a wire file (path or bytes)
    light = identity_baked(obj)
    plan = (result if isinstance(result, HeadPlan)
            else importer.read_plan(result, name=obj.name, identity_keys=not light,
                                    identity_before=stored_identity(obj) if light else None,
                                    unit_scale=head_unit_scale(obj)))
    if light:
        return _apply_light(obj, plan)
    if not plan.identity_keys:
        raise importer.ImportFailed(f"the refined head was read without identity keys but {obj.name} has them")
    check_identity_keys(obj, stored_identity(obj))  # (again: the keys may have changed during the job)
    blocks = obj.data.shape_keys.key_blocks
    # only the identity keys are written: a head whose user deleted expression keys can still be refined
    missing = [k.name for k in plan.keys if k.name.startswith(IDENTITY_PREFIX) and k.name not in blocks]
    if plan.n_vertices != len(obj.data.vertices) or missing:
        raise importer.ImportFailed(f"the refined head does not match {obj.name} (different topology or keys "
                                    f"{missing[:3]}); generate a new head instead")
    node, new_image, staged = _new_albedo(obj, plan)
    for key in plan.keys:
        if not key.name.startswith(IDENTITY_PREFIX):
            continue  # refinement changes identity and albedo; the expression keys keep the user's pose
        block = blocks[key.name]
        # the user's slider range stays (widened or narrowed on purpose), only widened to hold the new value:
        # Blender clamps a value to its slider, and the head must show what the backend refined
        low, high = slider_range((block.slider_min, block.slider_max), key.value)
        block.slider_min, block.slider_max = low, high
        block.value = key.value
    return _finish(obj, node, new_image, plan, staged)


def _coords(block) -> np.ndarray:
    co = np.empty(len(block.points) * 3, np.float32)
    block.points.foreach_get("co", co)
    return co


def _apply_light(obj, plan: HeadPlan) -> bpy.types.Object:
    """A light head: the Basis (and the mesh) and every key move by the identity's change, so the user's
    sculpting and key edits stay; every value (the pose) and slider stays.  A change that is not known, or
    that starts from another identity than the head holds now (an undo meanwhile), is refused with nothing
    changed: rebuilding the Basis from the result would lose the user's sculpting.  The new image first, as
    for a full head: a failure leaves the head as it was."""
    if plan.identity_keys:
        raise importer.ImportFailed(f"the refined head was read with identity keys but {obj.name} has them "
                                    "baked into its mesh")
    mesh = obj.data
    if plan.n_vertices != len(mesh.vertices):
        raise importer.ImportFailed(f"the refined head does not match {obj.name} (different topology); "
                                    "generate a new head instead")
    check_editable(obj)
    if plan.identity_shift is None:
        raise importer.ImportFailed(f"cannot tell how the refinement changed the identity of {obj.name}: its "
                                    "stored identity (custom property textface_sidecar) does not fit the result "
                                    "(another number of coefficients); nothing was changed")
    if not _same_identity(stored_identity(obj), plan.identity_shift_from):
        raise importer.ImportFailed(f"{obj.name} holds another identity than the one it was refined from (an "
                                    "undo or another refinement meanwhile); nothing was changed: refine it again")
    node, new_image, staged = _new_albedo(obj, plan)
    # the identity's change moves every key the same way: the user's sculpting of the Basis and edits
    # of the ARKit keys stay, as on a full head (whose Refine only sets slider values)
    for block in mesh.shape_keys.key_blocks:
        block.points.foreach_set("co", _coords(block) + plan.identity_shift)
    mesh.vertices.foreach_set("co", _coords(mesh.shape_keys.reference_key))
    return _finish(obj, node, new_image, plan, staged)


def _same_identity(stored, start) -> bool:
    try:
        return stored is not None and np.array_equal(np.asarray(stored, np.float32), np.asarray(start, np.float32))
    except (TypeError, ValueError):
        return False
