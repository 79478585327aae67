"""Regenerating a crowd from its list (a CSV a script reads): what to do with a head of the name asked for that is
already in the scene (`if_exists` of api.generate_head / generate_heads / generate_batch), and deleting a head
whole (api.delete_head).

A head remembers what it was asked for (`textface_request`: prompt, seed and the options that change the result),
written by the API when it is made; "skip" keeps a head whose record is the request's and replaces one that
differs.  The backend's sidecar is not enough for that: it holds prompt and seed but not the refine steps, the
texture size or the hair option the head was asked with.  A head without the record (made by the panel or an
add-on version before it) cannot be shown to match, so "skip" replaces it once.
"""
from __future__ import annotations

import json

import bpy

from . import hair as _hair
from . import head_data

IF_EXISTS = ("new", "replace", "skip", "error")
REQUEST_PROP = "textface_request"
SIDECAR_PROP = "textface_sidecar"


def check_if_exists(value) -> str:
    if value not in IF_EXISTS:
        raise ValueError(f"if_exists must be one of {', '.join(repr(v) for v in IF_EXISTS)}, got {value!r}")
    return value


def request_record(prompt: str, seed: int, options: dict) -> str:
    """The JSON a head keeps of its request (sorted keys: records compare as text)."""
    return json.dumps(dict(options, prompt=" ".join(prompt.split()), seed=int(seed)), sort_keys=True)


def head_named(name: str):
    """The local TextFace head called `name`, None when no object has that name; ValueError for an object of that
    name that is no head (a prop, a hair): it is never deleted, and a new head beside it would be "<name>.001"."""
    obj = bpy.data.objects.get(name)
    if obj is None or obj.library is not None:
        return None
    if SIDECAR_PROP not in obj or _hair.is_hair(obj):
        what = "a hair" if _hair.is_hair(obj) else obj.type.lower()
        raise ValueError(f"{name!r} is an object that is no TextFace head ({what}): rename it or give the head "
                         "another name")
    return obj


def matches(head, record: str) -> bool:
    return head.get(REQUEST_PROP) == record


def sort_existing(names, records, if_exists: str) -> tuple[dict, dict]:
    """For each head asked for (its name, its request record): {index: head kept} and {index: head to replace}.
    Every name checked before any job: ValueError for "error" and a head there, a head without a name, or a
    name that is no head's."""
    keep, replace = {}, {}
    if if_exists == "new":
        return keep, replace
    if names is None or any(n is None for n in names):
        raise ValueError(f"if_exists={if_exists!r} finds heads by name: give every head a name (name=, or a "
                         "\"name\" on each batch line)")
    taken = []
    for k, (name, record) in enumerate(zip(names, records, strict=True)):
        head = head_named(name)
        if head is None:
            continue
        if if_exists == "error":
            taken.append(name)
        elif if_exists == "skip" and matches(head, record):
            keep[k] = head
        else:
            replace[k] = head
    if taken:
        raise ValueError(f"if_exists='error': {', '.join(repr(n) for n in taken)} "
                         f"{'is' if len(taken) == 1 else 'are'} already in the scene; nothing was generated")
    editing = [o.name for head in replace.values() for o in (head, *_hair.hair_objects(head)) if o.mode != "OBJECT"]
    if editing:  # (deleting an object being edited would drop the edit; said before any job)
        raise ValueError(f"{', '.join(editing)} would be replaced but is not in Object Mode (Edit Mode, Sculpt, "
                         "...): leave it first; nothing was generated")
    return keep, replace


def delete_head(head) -> list[str]:
    """Delete a head with its hair (and the hair's link to it), their meshes and shape keys, and the materials and
    images nothing else uses.  An albedo the artist painted (`head_data.albedo_as_written` not True) is kept with a
    fake user as "<name> painted" (returned: the caller warns) rather than lost."""
    kept = [name for name in (_hair.remove(h, keep_painted=True) for h in _hair.hair_objects(head)) if name]
    for image in dict.fromkeys(_hair.delete_object(head)):
        if image.users != 0:
            continue
        if head_data.albedo_as_written(image) is not True:  # paint, or an image of an older add-on version
            image.use_fake_user = True
            image.pop(head_data.HEAD_DATA_PROP, None)  # the artist's now: never removed as a leftover
            if head_data._base(image.name).endswith(" albedo"):
                image.name = f"{head_data._base(image.name)} painted"
            kept.append(image.name)
        else:
            bpy.data.images.remove(image)
    return kept
