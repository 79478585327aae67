"""Head names that Blender keeps apart but an export cannot: "Anna" and "anna" (or "Zoë" and "Zoé") are two objects
in Blender, yet their texture files in one export would be one name on a case-insensitive file system (Windows,
macOS by default) and in Unity's and Unreal's asset folders, so export_names renames the second ("_2").  Said once,
when the head is made, rather than discovered in the exported folder."""
from __future__ import annotations

import bpy

from . import export_names
from . import hair as _hair

SIDECAR_PROP = "textface_sidecar"


def _key(name: str) -> str:
    """What an export's texture file name of the head's albedo keeps of `name`, case-folded."""
    return export_names.file_stem(f"{_stem(name)} albedo").casefold()


def _stem(name: str) -> str:
    """The name without Blender's ".001" (a copy of "Anna" is "Anna.001": no clash of spelling, not warned)."""
    return export_names._NUMBERED.sub("", name)


def clash_message(new_heads) -> str | None:
    """One line naming each new head whose name clashes so with another TextFace head's in the file, else None."""
    heads = [o for o in bpy.data.objects if SIDECAR_PROP in o and not _hair.is_hair(o)]
    by_key: dict[str, list[str]] = {}
    for obj in heads:
        by_key.setdefault(_key(obj.name), []).append(obj.name)
    pairs = []
    for obj in new_heads:
        others = [n for n in by_key.get(_key(obj.name), [])
                  if _stem(n) != _stem(obj.name) and (n, obj.name) not in pairs]
        pairs += [(obj.name, n) for n in others]
    if not pairs:
        return None
    text = ", ".join(f"{a!r} and {b!r}" for a, b in pairs)
    if all(_stem(a).casefold() == _stem(b).casefold() for a, b in pairs):
        how = ("differ only in case: exported into one file their textures would have one name on Windows, Unity and "
               "Unreal (case-insensitive)")
    else:
        how = "differ only in case, accents or spaces: exported into one file their textures would have one ASCII name"
    return f"{text} {how}, so the second is renamed (<file>__<name>_albedo_2.png); rename one to keep them apart"
