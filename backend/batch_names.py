"""Head names and seeds of `generate --batch` lines: each name becomes a folder under --out, so it must be one that
Linux, macOS and Windows all write, and each rule it breaks is said on its own."""
from __future__ import annotations

import hashlib
import unicodedata

MAX_NAME = 64
_PUNCT = "_-. "  # besides letters and digits (of any script: "José María", "Zoë", "山田")
# names Windows refuses whatever the extension (CON, CON.txt)
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def _char(c: str) -> str:
    return f"{c!r} (U+{ord(c):04X})"


def check_name(name) -> str:
    """The name as written (NFC), or ValueError naming the one rule it breaks."""
    if isinstance(name, int) and not isinstance(name, bool):
        name = str(name)  # "name": 7, as before
    if not isinstance(name, str):
        raise ValueError(f"name must be text, got {type(name).__name__} {name!r}")
    name = unicodedata.normalize("NFC", name)  # macOS stores decomposed letters: one name, one folder
    if not name:
        raise ValueError("name is empty")
    if len(name) > MAX_NAME:
        raise ValueError(f"name {name[:20]!r}... is {len(name)} characters; at most {MAX_NAME}")
    for c in name:
        if c in "/\\":
            raise ValueError(f"name {name!r} holds a path separator {c!r}; a name is one folder")
        if unicodedata.category(c)[0] == "C":
            raise ValueError(f"name {name!r} holds a control or format character {_char(c)}")
        if not (c.isalnum() or unicodedata.category(c)[0] == "M" or c in _PUNCT):  # M: marks of Indic scripts
            raise ValueError(f"name {name!r} holds {_char(c)}; a name takes letters, digits, spaces and '_', '-', '.'")
    if not name[0].isalnum():
        raise ValueError(f"name {name!r} must start with a letter or digit")
    if name[-1] in ". ":
        raise ValueError(f"name {name!r} must not end with {name[-1]!r} (Windows drops it)")
    if "  " in name:
        raise ValueError(f"name {name!r} holds two spaces in a row")
    if name.split(".")[0].lower() in _RESERVED:
        raise ValueError(f"name {name!r} is a device name on Windows")
    return name


def folder_key(name: str) -> str:
    """What two names must not share: macOS and Windows fold case, so "Anna" and "anna" are one folder there."""
    return name.casefold()


def seed_of(name: str, max_seed: int) -> int:
    """The seed of a line that gives none: from its name (sha256), so lines differ and a head keeps its face when
    lines are added, removed or moved."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big") % (max_seed + 1)
